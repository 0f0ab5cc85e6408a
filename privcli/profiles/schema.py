"""Schema steps of import profiles. Frozen: add, never edit."""

from __future__ import annotations

from privcli.base.schema import Step

STEPS = (
    Step(
        "001_import_profiles",
        "import profiles: saved --map / --map-status / --sheet options per source system",
        # maps and status_maps: JSON lists of the 'COLUMN=field' / 'VALUE=status' items as typed
        """
        CREATE TABLE IF NOT EXISTS import_profiles (
            name VARCHAR NOT NULL PRIMARY KEY,
            kind VARCHAR,
            sheet VARCHAR,
            maps VARCHAR NOT NULL,
            status_maps VARCHAR NOT NULL,
            note VARCHAR,
            created_at {ts} NOT NULL,
            updated_at {ts} NOT NULL
        )
        """,
    ),
)
