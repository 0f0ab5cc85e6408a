"""How many customers each guide owns now, kept in the summary table `guide_customers` so that
the conversion of 40,000 guides never counts 20 million members.

The summary covers the members with `id <= customers_upto` (board_state); readers add the
members above that mark, counted on the fly (see sql/boards/customers_at.sql), so what they
see is exact whenever the summary is. It stays exact through events, inside the transaction of
the change:

- `owner_changed` (a transfer, an undo, an import that changes owners): each staged change of
  a covered member moves one customer from one guide to the other;
- `import_finished`: members added since the mark are counted in and the mark moves up to the
  highest member id.

On PostgreSQL, ids are handed out before commit, so a member with a lower id may still be in
flight when the mark moves: the mark is moved only when no other transaction is writing to the
members table (else the next import moves it), and the mark's row is locked while a change
reads or moves it.
tests/test_boards_customers.py checks the summary against a direct count after imports,
transfers, undos and concurrent transactions.
"""

from __future__ import annotations

from privcli.base.db import Database
from privcli.base.events import OWNER_CHANGES

MARK = "customers_upto"


def _mark(db: Database, lock: str = "") -> int:
    suffix = f" FOR {lock}" if lock and db.is_pg else ""
    return int(
        db.scalar(f"SELECT value FROM board_state WHERE name = :n{suffix}", {"n": MARK}) or 0
    )


def _others_writing_members(db: Database) -> bool:
    """PostgreSQL: does another transaction hold members rows it has not committed (which may
    have lower ids than the highest this one sees)? Inserting or updating a table holds a
    RowExclusiveLock on it until the transaction ends, taken before any id is handed out."""
    return bool(
        db.scalar(
            "SELECT COUNT(*) FROM pg_locks WHERE relation = CAST('members' AS regclass)"
            " AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()"
        )
    )


def _upsert(db: Database, select: str, params: dict) -> None:
    """Add (guide_id, n) rows from `select` to the summary."""
    db.execute(
        "INSERT INTO guide_customers (guide_id, customers)"
        f" SELECT guide_id, n FROM ({select}) d WHERE true"
        " ON CONFLICT (guide_id) DO UPDATE"
        " SET customers = guide_customers.customers + excluded.customers",
        params,
    )


def rebuild(db: Database) -> None:
    """Count every member (a schema step, or a repair): in the caller's transaction."""
    db.execute("DELETE FROM guide_customers")
    db.execute("DELETE FROM board_state WHERE name = :n", {"n": MARK})
    top = db.scalar("SELECT COALESCE(MAX(id), 0) FROM members")
    db.execute(
        "INSERT INTO guide_customers (guide_id, customers) SELECT guide_id, COUNT(*)"
        " FROM members WHERE guide_id IS NOT NULL AND id <= :top GROUP BY guide_id",
        {"top": top},
    )
    db.execute("INSERT INTO board_state (name, value) VALUES (:n, :v)", {"n": MARK, "v": top})


def catch_up(db: Database) -> int:
    """Count in the members added since the mark and move it up (after an import). Returns
    how many members were counted in."""
    mark = _mark(db, "UPDATE")
    if db.is_pg and _others_writing_members(db):
        return 0
    top = int(db.scalar("SELECT COALESCE(MAX(id), 0) FROM members") or 0)
    if top <= mark:
        return 0
    params = {"lo": mark, "hi": top}
    added = int(db.scalar("SELECT COUNT(*) FROM members WHERE id > :lo AND id <= :hi", params) or 0)
    _upsert(
        db,
        "SELECT guide_id, COUNT(*) AS n FROM members"
        " WHERE id > :lo AND id <= :hi AND guide_id IS NOT NULL GROUP BY guide_id",
        params,
    )
    db.execute("UPDATE board_state SET value = :v WHERE name = :n", {"v": top, "n": MARK})
    return added


def owners_moved(db: Database) -> None:
    """Apply the staged owner changes of covered members (the others are counted where they
    are when they are counted in)."""
    mark = _mark(db, "SHARE")
    _upsert(
        db,
        "SELECT guide_id, SUM(n) AS n FROM ("
        f" SELECT to_guide_id AS guide_id, 1 AS n FROM {OWNER_CHANGES}"
        "  WHERE member_id <= :mark AND to_guide_id IS NOT NULL"
        " UNION ALL"
        f" SELECT from_guide_id, -1 FROM {OWNER_CHANGES}"
        "  WHERE member_id <= :mark AND from_guide_id IS NOT NULL) c"
        " GROUP BY guide_id",
        {"mark": mark},
    )


def current(db: Database) -> dict[int, int]:
    """guide id -> customers now, from the summary plus the members above its mark (one
    statement: one snapshot)."""
    rows = db.execute(
        "SELECT guide_id, SUM(n) FROM ("
        " SELECT guide_id, customers AS n FROM guide_customers"
        " UNION ALL"
        " SELECT +guide_id, COUNT(*) FROM members"
        "  WHERE id > (SELECT value FROM board_state WHERE name = :n)"
        "  GROUP BY +guide_id) x GROUP BY guide_id",  # +: by id, not every member in guide order
        {"n": MARK},
    ).fetchall()
    return {g: int(n) for g, n in rows if n and g is not None}


def direct(db: Database) -> dict[int, int]:
    """guide id -> customers now, counted from every member (what the summary must equal)."""
    rows = db.execute(
        "SELECT guide_id, COUNT(*) FROM members WHERE guide_id IS NOT NULL GROUP BY guide_id"
    ).fetchall()
    return {g: int(n) for g, n in rows}
