"""Schema steps of the coupon bank (卡券银行). Frozen: add, never edit."""

from __future__ import annotations

from privcli.base.schema import Step

STEPS = (
    Step(
        "001_batches_coupons",
        "coupon batches, coupons, holdout groups",
        # coupon_batches.value: cash and gift in fen (a gift's cost), discount as the percent
        # paid (85 = 15% off). A batch is valid from valid_from to valid_to, or each coupon for
        # valid_days from its issue. coupons.issued_guide_id is the member's owner at issue time
        # (attribution, never changes); coupons.guide_id is the guide who follows the coupon up
        # now (it moves with its customer while unredeemed). status: issued | redeemed | void.
        # coupon_holdouts: the control group drawn for a batch (members who got no coupon).
        # coupons and coupon_holdouts are written a million rows at a time by one INSERT ...
        # SELECT from the members, guides and batch rows the same transaction has just read
        # (privcli never deletes members, guides, stores or batches), so their batch, member,
        # guide and store columns carry no foreign key: PostgreSQL checks each key with a query
        # and a row lock per row, which was half of a 1M-coupon issue's time (measured: 5
        # keys, 75 s of which 24 s in the checks; the member key also dirties every member
        # row). order_id (set when an order redeems the coupon, a row at a time) keeps its key.
        # One coupon per order (an order's coupon column holds one code). The coupons about to
        # expire are found through the index of unredeemed coupons by last day, which a batch's
        # coupons (sharing their last day) append to; a guide's are filtered from those.
        """
        CREATE TABLE IF NOT EXISTS coupon_batches (
            id {id},
            name VARCHAR NOT NULL UNIQUE,
            kind VARCHAR NOT NULL,
            value INTEGER NOT NULL,
            min_spend_fen {bigint},
            quantity INTEGER NOT NULL,
            per_member INTEGER NOT NULL,
            valid_from DATE,
            valid_to DATE,
            valid_days INTEGER,
            holdout_pct INTEGER,
            seed VARCHAR,
            note VARCHAR,
            created_at {ts} NOT NULL,
            voided_at {ts}
        );
        CREATE TABLE IF NOT EXISTS coupons (
            id {id},
            batch_id INTEGER NOT NULL,
            code VARCHAR NOT NULL UNIQUE,
            member_id INTEGER NOT NULL,
            issued_guide_id INTEGER,
            guide_id INTEGER,
            store_id INTEGER,
            issued_at {ts} NOT NULL,
            valid_from DATE NOT NULL,
            valid_to DATE NOT NULL,
            status VARCHAR NOT NULL,
            redeemed_at {ts},
            order_id INTEGER REFERENCES orders (id),
            voided_at {ts}
        );
        CREATE INDEX IF NOT EXISTS ix_coupons_batch_member ON coupons (batch_id, member_id);
        CREATE INDEX IF NOT EXISTS ix_coupons_member ON coupons (member_id);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_coupons_order ON coupons (order_id)
            WHERE order_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_coupons_open_valid ON coupons (valid_to)
            WHERE status = 'issued';
        CREATE TABLE IF NOT EXISTS coupon_holdouts (
            batch_id INTEGER NOT NULL,
            member_id INTEGER NOT NULL,
            guide_id INTEGER,
            store_id INTEGER,
            drawn_at {ts} NOT NULL,
            PRIMARY KEY (batch_id, member_id)
        )
        """,
    ),
)

STEPS = (
    *STEPS,
    Step(
        "002_issues_redemptions",
        "issue runs, and how a coupon was redeemed",
        # coupon_issues: one row per issue run (coupons issue, or issue_to_members from another
        # capability such as daily tasks), with its counts and the filters it was given;
        # coupons.issue_id links a coupon to its run (no foreign key, as 001 says why). coupons.store_id is the issuing guide's store at issue time (the member's store
        # when the guide has none): attribution, like issued_guide_id. redeemed_via: 'import'
        # (import_id says which) or 'manual'.
        """
        CREATE TABLE IF NOT EXISTS coupon_issues (
            id {id},
            batch_id INTEGER NOT NULL REFERENCES coupon_batches (id),
            issued_at {ts} NOT NULL,
            via VARCHAR NOT NULL,
            filters VARCHAR,
            selected INTEGER NOT NULL,
            issued INTEGER NOT NULL,
            held_out INTEGER NOT NULL,
            no_guide INTEGER NOT NULL,
            at_limit INTEGER NOT NULL,
            over_quantity INTEGER NOT NULL,
            operator VARCHAR
        );
        CREATE INDEX IF NOT EXISTS ix_coupon_issues_batch ON coupon_issues (batch_id);
        ALTER TABLE coupons ADD COLUMN issue_id INTEGER;
        ALTER TABLE coupons ADD COLUMN redeemed_via VARCHAR;
        ALTER TABLE coupons ADD COLUMN import_id INTEGER
        """,
    ),
)
