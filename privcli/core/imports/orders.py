"""Orders import: keyed by order number. A buyer who is not yet a member becomes one."""

from __future__ import annotations

from privcli.core.imports.directory import Directory, _dup_warner, getter, optional
from privcli.core.imports.engine import Kind
from privcli.core.imports.merge import dedupe, upsert
from privcli.io import normalize as N
from privcli.io.normalize import Bad

ORDER_COLUMNS = ["member_id", "store_id", "guide_id", "status", "amount_fen", "paid_at",
                 "coupon_code", "channel"]  # fmt: skip


class Orders(Kind):
    name = "orders"
    key = "order_no"
    stage_columns = ("rownum", "order_no", "phone", "store_id", "guide_id", "status",
                     "amount_fen", "paid_at", "coupon_code", "channel", "member_id",
                     "member_guide")  # fmt: skip
    stage_types = {
        "rownum": "INTEGER", "order_no": "TEXT", "phone": "TEXT", "store_id": "BIGINT",
        "guide_id": "BIGINT", "status": "TEXT", "amount_fen": "BIGINT", "paid_at": "TIMESTAMP",
        "coupon_code": "TEXT", "channel": "TEXT", "member_id": "BIGINT", "member_guide": "BIGINT",
    }  # fmt: skip
    members_created = 0

    def row_fn(self, cols, ctx):
        get = getter(cols)
        directory = Directory(self.db)
        has_status = "status" in cols

        def fn(row: int, cells: list):
            raw = get(cells, "order_no")
            if raw is None:
                ctx.reject(row, "order_no", None, "order number is empty")
                return None
            try:
                order_no = N.order_no(raw)
            except Bad as e:
                ctx.reject(row, "order_no", raw, str(e))
                return None
            status = "paid"
            if has_status:
                s = get(cells, "status")
                if s is None:
                    ctx.reject(row, "status", None, "order status is empty")
                    return None
                try:
                    status = N.order_status(s)
                except Bad as e:
                    ctx.reject(row, "status", s, str(e))
                    return None
            a = get(cells, "amount")
            try:
                if a is None:
                    raise Bad("amount is empty")
                amount = N.fen(a)
            except Bad as e:
                ctx.reject(row, "amount", a, str(e))
                return None
            t = get(cells, "paid_at")
            paid_at = None
            if status != "cancelled":
                try:
                    if t is None:
                        raise Bad(f"a {status} order needs a paid time")
                    paid_at = N.moment(t)
                except Bad as e:
                    ctx.reject(row, "paid_at", t, str(e))
                    return None
            else:
                paid_at = optional(ctx, row, "paid_at", t, N.moment)
            p = get(cells, "phone")
            phone = None
            if p is not None:
                try:
                    phone = N.phone(p)
                except Bad as e:
                    ctx.warn(row, "phone", p, f"{e}; order kept without a member")
            store_id = optional(ctx, row, "store", get(cells, "store"), directory.store)
            guide_id = optional(ctx, row, "guide", get(cells, "guide"), directory.guide, store_id)
            coupon, channel = get(cells, "coupon_code"), get(cells, "channel")
            return (row, order_no, phone, store_id, guide_id, status, amount, paid_at,
                    coupon and N.code(coupon), channel and N.text(channel), None, None)  # fmt: skip

        return fn

    def merge(self, ctx, params):
        db = self.db
        dedupe(db, "stage", "order_no", self.stage_columns, _dup_warner(ctx, "order_no"))
        db.execute("CREATE INDEX stage_order_no ON stage (order_no)")
        db.execute("CREATE INDEX stage_phone ON stage (phone)")
        # Buyers not yet members become members (channel 'order'), owned by the guide and store
        # of their first order in this file.
        self.members_created = db.execute(
            "INSERT INTO members (phone, store_id, guide_id, acquired_by, channel, registered_at,"
            " created_at, updated_at)"
            " SELECT s.phone, s.store_id, s.guide_id, s.guide_id, 'order', s.paid_at, :now, :now"
            " FROM stage s JOIN (SELECT phone, MIN(rownum) AS rownum FROM stage"
            "  WHERE phone IS NOT NULL AND NOT EXISTS"
            "  (SELECT 1 FROM members m WHERE m.phone = stage.phone) GROUP BY phone) f"
            " ON f.rownum = s.rownum",
            params,
        ).rowcount
        db.execute(
            "UPDATE stage SET member_id = m.id, member_guide = m.guide_id"
            " FROM members m WHERE m.phone = stage.phone"
        )
        ne = db.distinct
        return upsert(
            db, target="orders", stage="stage", key="order_no", columns=ORDER_COLUMNS,
            params=params,
            set_exprs={"status": "s.status", "amount_fen": "s.amount_fen"},
            insert_exprs={"order_no": "s.order_no",
                          "guide_id": "COALESCE(s.guide_id, s.member_guide)"},
            changed_extra=[f"s.status {ne} t.status", f"s.amount_fen {ne} t.amount_fen"],
        )  # fmt: skip
