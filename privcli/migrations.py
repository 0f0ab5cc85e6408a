"""Ordered, recorded schema steps, so that an existing database upgrades in place.

Each step is idempotent (CREATE ... IF NOT EXISTS, add-column-if-missing), because a fresh database
runs step 1 with today's models, which may already hold what a later step adds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from privcli import config
from privcli.db import Database, parse_url, unusable_file
from privcli.errors import PrivcliError


def _create_tables(db: Database, tables: list) -> None:
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = postgresql.dialect() if db.is_pg else sqlite.dialect()
    for model in tables:
        table = model.__table__
        db.execute(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)))
        for index in table.indexes:
            db.execute(str(CreateIndex(index, if_not_exists=True).compile(dialect=dialect)))


def _v1(db: Database) -> None:
    from privcli.models import V1_TABLES

    _create_tables(db, V1_TABLES)


def _add_columns(db: Database, table: str, columns: dict[str, str]) -> None:
    have = db.column_types(table)
    for name, ddl in columns.items():
        if name not in have:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {ddl}")


def _v2(db: Database) -> None:
    from privcli.models import V2_TABLES

    _create_tables(db, V2_TABLES)
    _add_columns(db, "owner_log", {"wecom_status": "VARCHAR", "wecom_checked_at": "TIMESTAMP"})


MIGRATIONS: list[tuple[int, str, Callable[[Database], None]]] = [
    (1, "stores, guides, members, tags, orders, import log, owner log", _v1),
    (2, "transfer batches, WeCom takeover state, tasks", _v2),
]
LATEST = MIGRATIONS[-1][0]


def ensure_schema(db: Database) -> int:
    """Bring the schema to LATEST; cheap when it already is (one query)."""
    version = current_version(db)
    if version == LATEST:
        return version
    if version > LATEST:
        raise PrivcliError(
            f"the database is at schema version {version}, newer than this privcli ({LATEST})",
            hint="upgrade privcli",
        )
    with db.transaction():
        if db.is_pg:
            db.execute("SELECT pg_advisory_xact_lock(74201)")  # one migrator at a time
        version = current_version(db)
        for number, _title, step in MIGRATIONS:
            if number > version:
                step(db)
                db.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (:v, :t)",
                    {"v": number, "t": config.now()},
                )
    return LATEST


def current_version(db: Database) -> int:
    """The schema version recorded in the store, 0 for a new one. The first read of the schema:
    a damaged SQLite file that opened fails here, with a message naming it."""
    if db.is_pg:
        exists = db.scalar("SELECT to_regclass('schema_version') IS NOT NULL")
        return (db.scalar("SELECT MAX(version) FROM schema_version") or 0) if exists else 0
    try:
        exists = db.scalar("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'")
        return (db.scalar("SELECT MAX(version) FROM schema_version") or 0) if exists else 0
    except sqlite3.DatabaseError as e:
        error = unusable_file(parse_url(db.url)[1], e)
        if error is None:
            raise
        raise error from None
