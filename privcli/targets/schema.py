"""Schema steps of the targets capability (销售目标). Frozen: add, never edit."""

from __future__ import annotations

from privcli.base.schema import Step

STEPS = (
    Step(
        "001_targets",
        "sales targets",
        # one amount (fen) per period (YYYY, YYYY-MM, YYYY-Qn), scope (chain, region, store,
        # guide: scope_code is '' for the chain, else the region, store code or guide id) and
        # channel ('' for all channels); target_key joins the four: the key imports merge by.
        # source: set | import | split.
        """
        CREATE TABLE IF NOT EXISTS targets (
            id {id},
            target_key VARCHAR NOT NULL UNIQUE,
            period VARCHAR NOT NULL,
            scope VARCHAR NOT NULL,
            scope_code VARCHAR NOT NULL,
            channel VARCHAR NOT NULL,
            amount_fen {bigint} NOT NULL,
            source VARCHAR NOT NULL,
            created_at {ts},
            updated_at {ts}
        );
        CREATE INDEX IF NOT EXISTS ix_targets_period ON targets (period, scope, scope_code)
        """,
    ),
)
