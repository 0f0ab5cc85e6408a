"""Schema steps of the boards capability (leaderboards, contests, targets). Frozen: add, never
edit."""

from __future__ import annotations

from privcli.base.schema import Step


def _count_customers(db) -> None:
    """Fill the guide_customers summary from the members as they are (frozen: its own SQL)."""
    top = db.scalar("SELECT COALESCE(MAX(id), 0) FROM members")
    db.execute(
        "INSERT INTO guide_customers (guide_id, customers) SELECT guide_id, COUNT(*)"
        " FROM members WHERE guide_id IS NOT NULL AND id <= :top GROUP BY guide_id",
        {"top": top},
    )
    db.execute(
        "INSERT INTO board_state (name, value) VALUES ('customers_upto', :top)", {"top": top}
    )


STEPS = (
    Step(
        "001_boards",
        "customer counts, contests; indexes the boards read by",
        # guide_customers: customers each guide owns now, for members with id <= board_state
        # 'customers_upto' (see privcli/boards/customers.py; kept exact by events).
        # contests: a PK contest between teams of stores or of guides (team_of); each store or
        # guide is in at most one team of a contest (the primary key of contest_members).
        # Indexes: the leaderboard reads a period of orders from one covering index (no table
        # row is visited), new members by registration time, the owner log by time, coupons
        # by issue and redemption time, tasks by due date.
        """
        CREATE TABLE IF NOT EXISTS guide_customers (
            guide_id INTEGER NOT NULL PRIMARY KEY,
            customers {bigint} NOT NULL
        );
        CREATE TABLE IF NOT EXISTS board_state (
            name VARCHAR NOT NULL PRIMARY KEY,
            value {bigint} NOT NULL
        );
        CREATE TABLE IF NOT EXISTS contests (
            id {id},
            name VARCHAR NOT NULL UNIQUE,
            metric VARCHAR NOT NULL,
            team_of VARCHAR NOT NULL,
            date_from DATE NOT NULL,
            date_to DATE NOT NULL,
            created_at {ts} NOT NULL
        );
        CREATE TABLE IF NOT EXISTS contest_members (
            contest_id INTEGER NOT NULL REFERENCES contests (id),
            team VARCHAR NOT NULL,
            team_no INTEGER NOT NULL,
            ref_id INTEGER NOT NULL,
            PRIMARY KEY (contest_id, ref_id)
        );
        CREATE INDEX IF NOT EXISTS ix_orders_board ON orders (paid_at, kind, status, guide_id,
            store_id, member_id, channel, amount_fen, refund_fen);
        CREATE INDEX IF NOT EXISTS ix_members_registered ON members (registered_at, guide_id,
            acquired_by, store_id);
        CREATE INDEX IF NOT EXISTS ix_owner_log_changed ON owner_log (changed_at);
        CREATE INDEX IF NOT EXISTS ix_coupons_issued ON coupons (issued_at, issued_guide_id,
            store_id);
        CREATE INDEX IF NOT EXISTS ix_coupons_redeemed ON coupons (redeemed_at, issued_guide_id,
            store_id);
        CREATE INDEX IF NOT EXISTS ix_tasks_due ON tasks (due_on, guide_id, status)
        """,
        run=_count_customers,
    ),
)
