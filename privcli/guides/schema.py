"""Schema steps of the guides capability: stores (门店) and guides (导购). Frozen: never edit a step
that has shipped; add a new one."""

from __future__ import annotations

from privcli.base.schema import Step

STEPS = (
    Step(
        "001_stores_guides",
        "stores and guides",
        """
        CREATE TABLE IF NOT EXISTS stores (
            id {id},
            code VARCHAR NOT NULL UNIQUE,
            name VARCHAR,
            region VARCHAR,
            city VARCHAR,
            created_at {ts},
            updated_at {ts}
        );
        CREATE INDEX IF NOT EXISTS ix_stores_region ON stores (region);
        CREATE TABLE IF NOT EXISTS guides (
            id {id},
            code VARCHAR NOT NULL UNIQUE,
            name VARCHAR,
            store_id INTEGER REFERENCES stores (id),
            role VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            hired_on DATE,
            departed_on DATE,
            wecom_userid VARCHAR,
            created_at {ts},
            updated_at {ts}
        );
        CREATE INDEX IF NOT EXISTS ix_guides_store_id ON guides (store_id)
        """,
    ),
    Step(
        "002_guides_departed_via",
        "how a guide departed: 'command' (guides depart), 'import' (a roster said 离职)",
        # guides departed before this step: how is unknown, so no import re-activates them
        """
        ALTER TABLE guides ADD COLUMN departed_via VARCHAR;
        UPDATE guides SET departed_via = 'unknown' WHERE status = 'departed'
        """,
    ),
)
