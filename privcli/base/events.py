"""Events between capabilities: the engine that changed something publishes what changed; the
capabilities that care subscribe. So the transfer engine never writes the tasks table, and coupons,
attribution or commissions react to owner changes without an edit to the engines.

Handlers run synchronously, inside the publisher's transaction: a handler that fails rolls back
the whole change (a transfer that could not move its customers' pending tasks moves nobody).
Payloads carry sets, never a call per member: owner changes are staged in the connection-local
table `owner_changes` (member_id, from_guide_id, to_guide_id), which handlers read with one
set-based statement.

Events (name: payload keywords):
- `owner_changed`: source ("import" | "transfer" | "undo"), at (the change time), batch_id (a
  transfer batch) or import_id (an import). The changes are in `owner_changes`.
- `import_batch_landed`: kind, import_id, rows (the batch as landed: normalized tuples, see the
  kind), warn (warn(row, field, value, reason) reports to the import's error report).
- `import_finished`: kind, import_id, file, counts (the summary dict), dry_run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from privcli.base.db import Database

OWNER_CHANGED = "owner_changed"
IMPORT_BATCH_LANDED = "import_batch_landed"
IMPORT_FINISHED = "import_finished"
EVENTS = (OWNER_CHANGED, IMPORT_BATCH_LANDED, IMPORT_FINISHED)

OWNER_CHANGES = "owner_changes"

Handler = Callable[..., None]
_subscribers: dict[str, list[Handler | str]] = {}
_loaded: dict[str, Handler] = {}


def subscribe(event: str, handler: Handler | str) -> None:
    """Register a handler (a callable, or "module:function" loaded on first publish)."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    handlers = _subscribers.setdefault(event, [])
    if handler not in handlers:
        handlers.append(handler)


def unsubscribe(event: str, handler: Handler | str) -> None:
    handlers = _subscribers.get(event, [])
    if handler in handlers:
        handlers.remove(handler)


def has_subscribers(event: str) -> bool:
    return bool(_subscribers.get(event))


def publish(db: Database, event: str, **payload: Any) -> None:
    """Call every subscriber of `event`, in registration order, in the caller's transaction."""
    from privcli.base.capability import load

    for h in list(_subscribers.get(event, [])):
        if isinstance(h, str):
            if h not in _loaded:
                _loaded[h] = load(h)
            h = _loaded[h]
        h(db, **payload)


def stage_owner_changes(
    db: Database, rows: Iterable[Sequence] | None = None, select: str | None = None, params=None
) -> int:
    """Fill `owner_changes` with (member_id, from_guide_id, to_guide_id): from rows, or from a
    SELECT giving those three columns. Returns how many changes are staged."""
    db.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {OWNER_CHANGES} (member_id BIGINT PRIMARY KEY,"
        " from_guide_id BIGINT, to_guide_id BIGINT)"
    )
    db.execute(f"DELETE FROM {OWNER_CHANGES}")
    if select is not None:
        db.execute(
            f"INSERT INTO {OWNER_CHANGES} (member_id, from_guide_id, to_guide_id) {select}",
            params or {},
        )
    elif rows is not None:
        db.bulk_load(OWNER_CHANGES, ["member_id", "from_guide_id", "to_guide_id"], rows)
    return db.scalar(f"SELECT COUNT(*) FROM {OWNER_CHANGES}") or 0
