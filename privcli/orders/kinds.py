"""Orders import: keyed by order number. A buyer who is not yet a member becomes one."""

from __future__ import annotations

from privcli.base.db import Database
from privcli.base.messages import t
from privcli.imports.convert import (
    Directory,
    Memo,
    clean,
    column,
    duplicate_warner,
    pad,
    padded,
)
from privcli.imports.engine import Kind
from privcli.imports.land import Lander
from privcli.io import normalize
from privcli.io.normalize import Bad
from privcli.orders.channels import ChannelMap
from privcli.orders.spec import ORDERS

ORDER_COLUMNS = (
    "member_id",
    "store_id",
    "guide_id",
    "status",
    "amount_fen",
    "paid_at",
    "coupon_code",
    "channel",
)
# a normalized order: (row, order_no, *ORDER_COLUMNS, owner of the buyer, buyer's phone)
OWNER, PHONE = 2 + len(ORDER_COLUMNS), 3 + len(ORDER_COLUMNS)
FIELDS = (
    "order_no",
    "status",
    "amount",
    "paid_at",
    "phone",
    "store",
    "guide",
    "coupon_code",
    "channel",
)


class Orders(Kind):
    spec = ORDERS
    name = "orders"
    members_created = 0

    def row_fn(self, cols, ctx):
        width, idx = padded(cols, FIELDS)
        i_no, i_status, i_amount, i_paid, i_phone, i_store, i_guide, i_coupon, i_chan = idx
        directory = Directory(self.db)
        has_status = "status" in cols
        store, guide = Memo(ctx, "store", directory.store), directory.guide_column(ctx, "guide")
        to_channel = ChannelMap.load(self.db).converter(
            lambda v: ctx.warn(ctx.row, "channel", v, t("orders.unknown_channel"))
        )
        coupon, channel = (
            column(ctx, "coupon_code", normalize.code),
            Memo(ctx, "channel", lambda v: to_channel(normalize.text(v))),
        )
        paid_opt = column(ctx, "paid_at", normalize.moment)
        memo_status: dict = {}
        memo_amount: dict = {}  # prices repeat: parse each distinct cell once

        def fn(row: int, cells: list):
            cells = pad(cells, width)
            raw = clean(cells[i_no])
            if raw is None:
                ctx.reject(row, "order_no", None, "order number is empty")
                return None
            try:
                order_no = normalize.order_no(raw)
            except Bad as e:
                ctx.reject(row, "order_no", raw, str(e))
                return None
            status = "paid"
            if has_status:
                s = cells[i_status]
                status = memo_status.get(s)
                if status is None:
                    c = clean(s)
                    if c is None:
                        ctx.reject(row, "status", None, "order status is empty")
                        return None
                    try:
                        status = memo_status[s] = normalize.order_status(c)
                    except Bad as e:
                        ctx.reject(row, "status", c, str(e))
                        return None
            a = cells[i_amount]
            amount = memo_amount.get(a)
            if amount is None:
                a = clean(a)
                try:
                    if a is None:
                        raise Bad("amount is empty")
                    amount = normalize.fen(a)
                except Bad as e:
                    ctx.reject(row, "amount", a, str(e))
                    return None
                if len(memo_amount) < 200_000:
                    memo_amount[cells[i_amount]] = amount
            if status != "cancelled":
                t = clean(cells[i_paid])
                try:
                    if t is None:
                        raise Bad(f"a {status} order needs a paid time")
                    paid_at = normalize.moment(t)
                except Bad as e:
                    ctx.reject(row, "paid_at", t, str(e))
                    return None
            else:
                paid_at = paid_opt(cells[i_paid])  # an unpaid order may lack it
            p = clean(cells[i_phone])
            phone = None
            if p is not None:
                try:
                    phone = normalize.phone(p)
                except Bad as e:
                    ctx.warn(row, "phone", p, f"{e}; order kept without a member")
            store_id = store[cells[i_store]]
            # member_id and OWNER are filled in from the buyer's phone: see resolve and land
            return (
                row,
                order_no,
                None,
                store_id,
                guide[store_id][cells[i_guide]],
                status,
                amount,
                paid_at,
                coupon(cells[i_coupon]),
                channel[cells[i_chan]],
                None,
                phone,
            )

        return fn

    def start(self, ctx, params):
        self.params = params
        # a new order without a guide is credited to its buyer's owner at import
        self.lander = Lander(
            self.db,
            "orders",
            "order_no",
            ORDER_COLUMNS,
            params["now"],
            fill_new={"guide_id": OWNER},
        )
        self.warn_dup = duplicate_warner(ctx, "order_no")

    def resolve(self, rows: list[tuple]) -> list[tuple]:
        """In the import's worker process: fill in the member id of buyers who were members
        before this import began, over a read connection of the worker's own (it sees what is
        committed, not this import's new members: land resolves the rest). Takes an index
        lookup per order off the process that writes."""
        if self._reader is None:
            self._reader = Database(self.db.url)
        known = self._ids(self._reader, {r[PHONE] for r in rows if r[PHONE] is not None})
        return [(*r[:2], i, *r[3:]) if (i := known.get(r[PHONE])) else r for r in rows]

    _reader: Database | None = None

    def resolved(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def land(self, rows, duplicates):
        db, now = self.db, self.lander.now
        # buyers not resolved yet (all of them when there is no worker)
        todo = {r[PHONE] for r in rows if r[2] is None and r[PHONE] is not None}
        if todo:
            known = self._ids(db, todo)
            # Buyers not yet members become members (channel 'order'), owned by the guide and
            # store of their first order in the file.
            first: dict = {}
            for r in rows:
                p = r[PHONE]
                if p in todo and p not in known and (p not in first or r[0] < first[p][0]):
                    first[p] = r
            if first:
                db.bulk_load(
                    "members",
                    [
                        "phone",
                        "store_id",
                        "guide_id",
                        "acquired_by",
                        "channel",
                        "registered_at",
                        "created_at",
                        "updated_at",
                    ],
                    [
                        (p, r[3], r[4], r[4], "order", r[7], now, now)
                        for p, r in sorted(first.items())
                    ],
                )
                self.members_created += len(first)
                known.update(self._ids(db, first))
            rows = [(*r[:2], known[r[PHONE]], *r[3:]) if r[PHONE] in todo else r for r in rows]
        # An order without a guide is credited to its buyer's owner (if the order is new: see
        # start); only those orders need the owner read from the member row.
        need = {r[PHONE] for r in rows if r[4] is None and r[PHONE] is not None}
        if need:
            owners = self._owners(need)
            rows = [
                (*r[:OWNER], owners.get(r[PHONE]), r[PHONE]) if r[4] is None else r for r in rows
            ]
        self.warn_dup(self.lander, self.lander.land(rows, duplicates))

    @staticmethod
    def _ids(db: Database, phones) -> dict:
        """phone -> member id: read from the phone index alone (the id is its rowid on SQLite),
        without visiting the member rows, a third of the cost of also reading their guide."""
        sql = "SELECT phone, id FROM members WHERE " + db.in_list("phone", "p")
        return dict(db.execute(sql, {"p": db.list_param(phones)}).fetchall())

    def _owners(self, phones) -> dict:
        db = self.db
        sql = "SELECT phone, guide_id FROM members WHERE " + db.in_list("phone", "p")
        return dict(db.execute(sql, {"p": db.list_param(phones)}).fetchall())
