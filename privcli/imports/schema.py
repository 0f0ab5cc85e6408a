"""Schema steps of the import engine: the log of every import. Frozen: add, never edit."""

from __future__ import annotations

from privcli.base.schema import Step

STEPS = (
    Step(
        "001_import_log",
        "import log",
        """
        CREATE TABLE IF NOT EXISTS import_log (
            id {id},
            kind VARCHAR NOT NULL,
            file_name VARCHAR NOT NULL,
            sha256 VARCHAR NOT NULL,
            started_at {ts} NOT NULL,
            finished_at {ts},
            rows INTEGER NOT NULL,
            inserted INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            unchanged INTEGER NOT NULL,
            rejected INTEGER NOT NULL,
            warnings INTEGER NOT NULL
        )
        """,
    ),
)
