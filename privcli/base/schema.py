"""Schema steps: each capability owns a named, ordered list of frozen steps, recorded per
(capability, step) in `schema_steps`, so that an existing database upgrades in place and a new
capability adds tables without touching anyone else's.

A step is frozen when written: it holds its own DDL text and never reads today's code (a model
class, a column list) because a database created two releases ago must upgrade through exactly
the statements that shaped every other database. A later change is a new step.

DDL is written once for both dialects with three tokens: `{id}` (an integer primary key: SQLite's
rowid alias, a SERIAL on PostgreSQL), `{ts}` (a wall-clock timestamp without zone) and `{bigint}`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from privcli.base import config
from privcli.base.errors import PrivcliError

if TYPE_CHECKING:
    from privcli.base.db import Database

STEPS_TABLE = "schema_steps"
_LOCK_KEY = 74201  # pg_advisory_xact_lock: one migrator at a time


@dataclass(frozen=True)
class Step:
    """One schema change. `sql` is DDL (several statements separated by `;`); `run` is for the
    rare step that needs logic (adding a column only when missing, backfilling)."""

    name: str
    title: str
    sql: str = ""
    run: Callable[[Database], None] | None = None

    def apply(self, db: Database) -> None:
        if self.sql:
            ddl(db, self.sql)
        if self.run is not None:
            self.run(db)


def ddl(db: Database, sql: str) -> None:
    """Run portable DDL: the dialect tokens are replaced, statements run one by one."""
    tokens = (
        {"id": "SERIAL PRIMARY KEY", "ts": "TIMESTAMP WITHOUT TIME ZONE", "bigint": "BIGINT"}
        if db.is_pg
        else {"id": "INTEGER NOT NULL PRIMARY KEY", "ts": "DATETIME", "bigint": "BIGINT"}
    )
    for statement in sql.format(**tokens).split(";"):
        if statement.strip():
            db.execute(statement)


def add_columns(db: Database, table: str, columns: dict[str, str]) -> None:
    """ALTER TABLE ADD COLUMN for the columns a table does not have yet (idempotent: a step
    that adds columns can run on a database where an older code path already added them)."""
    have = db.column_types(table)
    for name, kind in columns.items():
        if name not in have:
            ddl(db, f"ALTER TABLE {table} ADD COLUMN {name} {kind}")


def _table_exists(db: Database, name: str) -> bool:
    if db.is_pg:
        return bool(db.scalar("SELECT to_regclass(:t) IS NOT NULL", {"t": name}))
    return bool(db.scalar("SELECT 1 FROM sqlite_master WHERE name = :t", {"t": name}))


def applied(db: Database) -> set[tuple[str, str]]:
    if not _table_exists(db, STEPS_TABLE):
        return set()
    return {(c, s) for c, s in db.execute(f"SELECT capability, step FROM {STEPS_TABLE}")}


def _first_read(db: Database) -> set[tuple[str, str]]:
    """The steps recorded: the first read of a database, where a file SQLite cannot use (not a
    database, damaged) fails with a message naming it instead of a traceback."""
    if db.is_pg:
        return applied(db)
    import sqlite3

    from privcli.base.db import parse_url, unusable_file

    try:
        return applied(db)
    except sqlite3.DatabaseError as e:
        error = unusable_file(parse_url(db.url)[1], e)
        if error is None:
            raise
        raise error from None


# Releases before per-capability steps numbered the whole schema (table schema_version). Their
# versions map onto the steps that replaced them, which create exactly those tables and columns.
LEGACY_VERSIONS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (
        ("guides", "001_stores_guides"),
        ("members", "001_members_tags"),
        ("imports", "001_import_log"),
        ("orders", "001_orders"),
        ("transfer", "001_batches_owner_log"),
    ),
    2: (("transfer", "002_wecom_takeover"), ("tasks", "001_tasks")),
}


def _adopt_legacy(db: Database) -> None:
    """Record the steps a pre-step database already has, and retire its schema_version."""
    if not _table_exists(db, "schema_version"):
        return
    version = db.scalar("SELECT MAX(version) FROM schema_version") or 0
    now = config.now()
    for v in sorted(LEGACY_VERSIONS):
        if v <= version:
            for capability, step in LEGACY_VERSIONS[v]:
                _record(db, capability, step, now)
    db.execute("DROP TABLE schema_version")


def _record(db: Database, capability: str, step: str, now) -> None:
    db.execute(
        f"INSERT INTO {STEPS_TABLE} (capability, step, applied_at) VALUES (:c, :s, :t)",
        {"c": capability, "s": step, "t": now},
    )


def migrate(db: Database, owners: Iterable[tuple[str, Sequence[Step]]]) -> list[str]:
    """Apply every step not yet recorded, capability by capability in the given order, in one
    transaction. Cheap when there is nothing to do (one query). Returns "capability/step" of
    what ran."""
    owners = list(owners)
    known = {(c, s.name) for c, steps in owners for s in steps}
    done = _first_read(db)
    if known <= done and _no_unknown(done, known):
        return []
    ran: list[str] = []
    with db.transaction():
        if db.is_pg:
            db.execute("SELECT pg_advisory_xact_lock(:k)", {"k": _LOCK_KEY})
        if not _table_exists(db, STEPS_TABLE):
            ddl(
                db,
                f"CREATE TABLE {STEPS_TABLE} (capability VARCHAR NOT NULL, step VARCHAR NOT NULL,"
                " applied_at {ts} NOT NULL, PRIMARY KEY (capability, step))",
            )
            _adopt_legacy(db)
        done = applied(db)
        _no_unknown(done, known, strict=True)
        now = config.now()
        for capability, steps in owners:
            for step in steps:
                if (capability, step.name) not in done:
                    step.apply(db)
                    _record(db, capability, step.name, now)
                    ran.append(f"{capability}/{step.name}")
    return ran


def _no_unknown(done: set, known: set, strict: bool = False) -> bool:
    """A step recorded that this release does not know: the database was upgraded by a newer
    privcli, whose tables this one would misread."""
    unknown = sorted(f"{c}/{s}" for c, s in done - known)
    if unknown and strict:
        raise PrivcliError(
            "the database was upgraded by a newer privcli (schema steps "
            + ", ".join(unknown[:5])
            + (" …" if len(unknown) > 5 else "")
            + " are unknown to this version)",
            hint="upgrade privcli",
        )
    return not unknown
