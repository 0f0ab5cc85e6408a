"""Orders import: keyed by order number. A buyer who is not yet a member becomes one."""

from __future__ import annotations

from privcli.base.db import Database
from privcli.base.errors import PrivcliError
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
FIELDS = ("order_no", "status", "amount", "paid_at", "phone", "store", "guide", "coupon_code",
          "channel")  # fmt: skip
REFUND_OF_ITS_OWN = (
    "negative amount: imported as a refund of its own (status refunded, amount without the sign)"
)
# How long the worker's read connection waits for a lock, and for one statement. Its lookups
# take milliseconds; a lock wait means DDL in another session, or this import's own transaction
# holding the table (a wait on each other that PostgreSQL cannot detect): never wait forever.
READER_LOCK_TIMEOUT_S = 10.0
READER_STATEMENT_TIMEOUT_S = 120.0


class Orders(Kind):
    spec = ORDERS
    name = "orders"
    members_created = 0

    def valid_key(self, v) -> bool:
        if not super().valid_key(v):
            return False
        try:
            return bool(normalize.order_no(clean(v)))
        except Bad:
            return False

    def row_fn(self, cols, ctx):
        width, idx = padded(cols, FIELDS)
        i_no, i_status, i_amount, i_paid, i_phone, i_store, i_guide, i_coupon, i_chan = idx
        directory = Directory(self.db)
        has_status = "status" in cols
        store, guide = Memo(ctx, "store", directory.store), directory.guide_column(ctx, "guide")
        coupon, channel = (
            column(ctx, "coupon_code", normalize.code),
            Memo(ctx, "channel", normalize.text),
        )
        in_period = normalize.business_period(ctx.today)
        first_day, stop = normalize.FIRST_DAY, in_period.stop
        paid_opt = column(ctx, "paid_at", normalize.moment, in_period)
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
                        status = normalize.order_status(c)
                    except Bad as e:
                        ctx.reject(row, "status", c, str(e))
                        return None
                    if len(memo_status) < 1000 and (s.__class__ is not str or len(s) < 64):
                        memo_status[s] = status
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
                raw = cells[i_amount]
                if len(memo_amount) < 200_000 and (raw.__class__ is not str or len(raw) < 64):
                    memo_amount[raw] = amount
            refund = amount < 0
            if refund:
                # Until returns are matched to their sale (a later issue), a negative amount is
                # a refund of its own: never a paid sale, and never a negative one.
                status, amount = "refunded", -amount
            if status != "cancelled":
                t = clean(cells[i_paid])
                try:
                    if t is None:
                        what = "a refund (negative amount)" if refund else f"a {status} order"
                        raise Bad(f"{what} needs a paid time")
                    paid_at = normalize.moment(t)
                    if not first_day <= paid_at < stop:
                        in_period(paid_at)  # raises, naming the period
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
            if refund:
                ctx.warn(row, "amount", clean(cells[i_amount]), REFUND_OF_ITS_OWN)
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
        # the landing connection, for the worker to tell whether a lock it waits for is ours
        self._lander_pid = self.db.scalar("SELECT pg_backend_pid()") if self.db.is_pg else None

    resolve_reads = ("members",)

    def resolve(self, rows: list[tuple]) -> list[tuple]:
        """In the import's worker process: fill in the member id of buyers who were members
        before this import began, over a read connection of the worker's own (it sees what is
        committed, not this import's new members: land resolves the rest). Takes an index
        lookup per order off the process that writes. Its waits are bounded: a lock held by this
        import's own transaction is a PrivcliError, any other failure hands the lookups back to
        the landing side (pipeline.normalized)."""
        if self._reader is None:
            self._reader = self._open_reader()
        try:
            known = self._ids(self._reader, {r[PHONE] for r in rows if r[PHONE] is not None})
        except Exception as e:
            if self._waits_for_us(e):
                raise PrivcliError(
                    f"the import's worker process waited {READER_LOCK_TIMEOUT_S:g} s for a lock "
                    "on members that this import's own transaction holds; the two would have "
                    "waited for each other forever (a privcli defect), so the import stopped",
                    hint="import again with PRIVCLI_IMPORT_WORKER=off, and report this",
                ) from None
            raise
        return [(*r[:2], i, *r[3:]) if (i := known.get(r[PHONE])) else r for r in rows]

    _reader: Database | None = None
    _lander_pid: int | None = None

    def _open_reader(self) -> Database:
        reader = Database(self.db.url)
        if reader.is_pg:
            reader.execute(
                "SELECT set_config('lock_timeout', :lock, false),"
                " set_config('statement_timeout', :stmt, false)",
                {
                    "lock": f"{int(READER_LOCK_TIMEOUT_S * 1000)}ms",
                    "stmt": f"{int(READER_STATEMENT_TIMEOUT_S * 1000)}ms",
                },
            )
        else:  # WAL: a reader never waits for the writer; bound the rare busy waits anyway
            reader.execute(f"PRAGMA busy_timeout = {int(READER_LOCK_TIMEOUT_S * 1000)}")
        return reader

    def _waits_for_us(self, e: Exception) -> bool:
        """Did the lookup time out on a lock that the landing connection holds?"""
        if self._lander_pid is None or getattr(e, "sqlstate", None) != "55P03":
            return False  # 55P03: lock_not_available (lock_timeout)
        assert self._reader is not None
        return bool(
            self._reader.scalar(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = :pid AND granted"
                " AND locktype = 'relation' AND relation = CAST(:t AS regclass)"
                " AND mode = 'AccessExclusiveLock')",
                {"pid": self._lander_pid, "t": "members"},
            )
        )

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
