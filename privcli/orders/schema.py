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


# -- 003: order channels ---------------------------------------------------------------------
# The built-in channel map as it was when this step was written (frozen: the map in
# privcli/orders/channels.py may grow; this step must rename exactly what it renamed then).
_CHANNELS_003 = {
    "store": "store 门店 pos 线下 线下门店 实体店 专柜 柜台 门店pos 收银台 offline",
    "mini_program": "mini_program 小程序 微商城 小程序商城 微信小程序 微信商城 miniprogram"
    " mini-program weapp",
    "tmall": "tmall 天猫 淘宝 天猫商城 淘宝网 taobao 天猫旗舰店",
    "jd": "jd 京东 京东商城 京东自营 京东pop",
    "douyin": "douyin 抖音 抖店 抖音小店 抖音商城 tiktok",
    "live": "live 直播 直播间 视频号直播 livestream",
    "community": "community 社群 社群团购 微信群 群接龙",
}
_KEYWORDS_003 = (
    ("天猫", "tmall"),
    ("淘宝", "tmall"),
    ("京东", "jd"),
    ("抖音", "douyin"),
    ("抖店", "douyin"),
    ("小程序", "mini_program"),
    ("微商城", "mini_program"),
    ("直播", "live"),
    ("社群", "community"),
    ("门店", "store"),
)


def _normalise_channels_003(db) -> None:
    """Existing orders' channel values through the built-in map: one UPDATE per distinct value
    that changes (a handful), whatever the number of orders."""
    import unicodedata

    exact = {v: c for c, values in _CHANNELS_003.items() for v in values.split()}
    for (value,) in db.execute(
        "SELECT DISTINCT channel FROM orders WHERE channel IS NOT NULL"
    ).fetchall():
        k = "".join(unicodedata.normalize("NFKC", value).lower().split())
        channel = exact.get(k) or next((c for w, c in _KEYWORDS_003 if w in k), None)
        if channel and channel != value:
            db.execute(
                "UPDATE orders SET channel = :c WHERE channel = :v", {"c": channel, "v": value}
            )


STEPS = (
    *STEPS,
    Step(
        "003_channels",
        "order channels: the chain's own channel map; stored values normalised",
        # order_channels: a value as exports write it (folded: half-width, lower case, no
        # spaces) -> the channel it means; the built-in map is in the code (see channels.py)
        """
        CREATE TABLE IF NOT EXISTS order_channels (
            value VARCHAR NOT NULL PRIMARY KEY,
            channel VARCHAR NOT NULL,
            created_at {ts}
        )
        """,
        run=_normalise_channels_003,
    ),
)
