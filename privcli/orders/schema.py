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

STEPS = (
    *STEPS,
    Step(
        "002_returns",
        "returns and partial refunds",
        # kind: 'sale', or 'return' for a return document of its own (POS returns, a negative
        # amount whose original order is unknown): it subtracts from sales. refund_fen: the part
        # of a sale refunded (部分退款, or returns that name this order), whatever its status.
        # order_refunds: each return document applied to an order, so that re-importing a file
        # never refunds twice.
        """
        ALTER TABLE orders ADD COLUMN kind VARCHAR NOT NULL DEFAULT 'sale';
        ALTER TABLE orders ADD COLUMN refund_fen {bigint} NOT NULL DEFAULT 0;
        ALTER TABLE orders ADD COLUMN refund_of VARCHAR;
        CREATE TABLE IF NOT EXISTS order_refunds (
            id {id},
            refund_no VARCHAR NOT NULL UNIQUE,
            order_id INTEGER NOT NULL REFERENCES orders (id),
            amount_fen {bigint} NOT NULL,
            refunded_at {ts},
            import_id INTEGER,
            created_at {ts}
        );
        CREATE INDEX IF NOT EXISTS ix_order_refunds_order ON order_refunds (order_id);
        CREATE INDEX IF NOT EXISTS ix_orders_paid ON orders (paid_at)
        """,
    ),
)
