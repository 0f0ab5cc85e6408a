"""Schema steps of the orders capability. Frozen: add, never edit."""

from __future__ import annotations

from privcli.base.schema import Step

STEPS = (
    Step(
        "001_orders",
        "orders",
        """
        CREATE TABLE IF NOT EXISTS orders (
            id {id},
            order_no VARCHAR NOT NULL UNIQUE,
            member_id INTEGER REFERENCES members (id),
            store_id INTEGER REFERENCES stores (id),
            guide_id INTEGER REFERENCES guides (id),
            status VARCHAR NOT NULL,
            amount_fen {bigint} NOT NULL,
            paid_at {ts},
            coupon_code VARCHAR,
            channel VARCHAR,
            created_at {ts},
            updated_at {ts}
        );
        CREATE INDEX IF NOT EXISTS ix_orders_store_paid ON orders (store_id, paid_at);
        CREATE INDEX IF NOT EXISTS ix_orders_guide_paid ON orders (guide_id, paid_at);
        CREATE INDEX IF NOT EXISTS ix_orders_member ON orders (member_id)
        """,
    ),
)
