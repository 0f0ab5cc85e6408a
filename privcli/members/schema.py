"""Schema steps of the members capability: members (keyed by phone), their tags, and the named
segments of the member selection. Frozen: never edit a step that has shipped; add a new one."""

from __future__ import annotations

from privcli.base.schema import Step

STEPS = (
    Step(
        "001_members_tags",
        "members and tags",
        """
        CREATE TABLE IF NOT EXISTS members (
            id {id},
            phone VARCHAR NOT NULL UNIQUE,
            member_no VARCHAR,
            name VARCHAR,
            gender VARCHAR,
            birthday DATE,
            level VARCHAR,
            points INTEGER,
            registered_at {ts},
            store_id INTEGER REFERENCES stores (id),
            guide_id INTEGER REFERENCES guides (id),
            acquired_by INTEGER REFERENCES guides (id),
            channel VARCHAR,
            external_userid VARCHAR,
            created_at {ts},
            updated_at {ts}
        );
        CREATE INDEX IF NOT EXISTS ix_members_external_userid ON members (external_userid);
        CREATE INDEX IF NOT EXISTS ix_members_guide ON members (guide_id);
        CREATE INDEX IF NOT EXISTS ix_members_store ON members (store_id);
        CREATE TABLE IF NOT EXISTS member_tags (
            member_id INTEGER NOT NULL REFERENCES members (id),
            tag VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            created_at {ts},
            PRIMARY KEY (member_id, tag)
        );
        CREATE INDEX IF NOT EXISTS ix_member_tags_tag ON member_tags (tag, member_id)
        """,
    ),
    Step(
        "002_segments",
        "named segments of the member selection",
        """
        CREATE TABLE IF NOT EXISTS segments (
            name VARCHAR NOT NULL PRIMARY KEY,
            filters VARCHAR NOT NULL,
            note VARCHAR,
            created_at {ts} NOT NULL,
            updated_at {ts} NOT NULL
        )
        """,
    ),
)
