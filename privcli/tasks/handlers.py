"""How the tasks capability reacts to the rest of privcli."""

from __future__ import annotations

from privcli.base.db import Database
from privcli.base.events import OWNER_CHANGES


def follow_owner(db: Database, **_) -> None:
    """A customer who changes guide (transfer, undo, an import) takes their pending tasks along:
    the new guide does today's follow-up, not the one who left."""
    db.execute(
        f"UPDATE tasks SET guide_id = (SELECT c.to_guide_id FROM {OWNER_CHANGES} c"
        " WHERE c.member_id = tasks.member_id)"
        f" WHERE tasks.status = 'pending' AND tasks.member_id IN (SELECT member_id FROM {OWNER_CHANGES})"
    )
