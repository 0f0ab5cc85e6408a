"""How the transfer capability reacts to owner changes made elsewhere."""

from __future__ import annotations

from privcli.base.db import Database
from privcli.base.events import OWNER_CHANGES


def log_import_moves(db: Database, *, source: str, at, import_id=None, **_) -> None:
    """An import, or WeCom (a customer who refused a takeover), changed members' guides: the
    owner log records it (a transfer or an undo writes its own moves, with the batch, reason
    and WeCom state)."""
    if source not in ("import", "wecom"):
        return
    db.execute(
        "INSERT INTO owner_log (member_id, from_guide_id, to_guide_id, changed_at, source,"
        f" import_id) SELECT member_id, from_guide_id, to_guide_id, :at, :source, :import_id"
        f" FROM {OWNER_CHANGES}",
        {"at": at, "import_id": import_id, "source": source},
    )
