"""Orders import: keyed by order number. A buyer who is not yet a member becomes one."""

from __future__ import annotations

from privcli.base.db import Database
from privcli.base.errors import PrivcliError
from privcli.base.messages import t, value_labels
from privcli.imports.convert import (
    Directory,
    Memo,
    clean,
    column,
    duplicate_warner,
    pad,
    padded,
)
from privcli.imports.engine import Kind, fold_value
from privcli.imports.land import Lander
from privcli.io import normalize
from privcli.io.normalize import AFTERSALE, PARTIAL, Bad
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
    "kind",  # 'sale', or 'return': a return document of its own
    "refund_fen",  # the refunded part of a sale (None: not in the file, keep what is stored)
    "refund_of",  # a return's original order number
)
# a normalized order: (row, order_no, *ORDER_COLUMNS, owner of the buyer, buyer's phone)
OWNER, PHONE = 2 + len(ORDER_COLUMNS), 3 + len(ORDER_COLUMNS)
KIND, REFUND_OF = 2 + ORDER_COLUMNS.index("kind"), 2 + ORDER_COLUMNS.index("refund_of")
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
    "doc_type",
    "original_no",
    "refund_amount",
)
# How long the worker's read connection waits for a lock, and for one statement. Its lookups
# take milliseconds; a lock wait means DDL in another session, or this import's own transaction
# holding the table (a wait on each other that PostgreSQL cannot detect): never wait forever.
READER_LOCK_TIMEOUT_S = 10.0
READER_STATEMENT_TIMEOUT_S = 120.0


class Orders(Kind):
    """Sales, refunded and cancelled orders, and POS returns: a return (单据类型 退货, or a
    negative amount) that names its original order (原单号) refunds that order (order_refunds,
    the original's refund_fen); one that does not, or whose original privcli does not know, is
    a return of its own (kind 'return'), which subtracts from sales. Never a sale."""

    spec = ORDERS
    name = "orders"
    members_created = 0
    returns = 0  # return documents read (of either kind)
    applied = 0  # of which refunded their original order for the first time

    def counts(self) -> dict[str, int]:
        return {"refunds": self.returns}

    def valid_key(self, v) -> bool:
        if not super().valid_key(v):
            return False
        try:
            return bool(normalize.order_no(clean(v)))
        except Bad:
            return False

    def row_fn(self, cols, ctx):
        width, idx = padded(cols, FIELDS)
        (
            i_no,
            i_status,
            i_amount,
            i_paid,
            i_phone,
            i_store,
            i_guide,
            i_coupon,
            i_chan,
            i_doc,
            i_orig,
            i_refund,
        ) = idx
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
        in_period = normalize.business_period(ctx.today)
        first_day, stop = normalize.FIRST_DAY, in_period.stop
        paid_opt = column(ctx, "paid_at", normalize.moment, in_period)
        memo_status: dict = {}
        memo_amount: dict = {}  # prices repeat: parse each distinct cell once
        mapped = self.value_maps.get("status", {})  # --map-status
        doc_type = Memo(ctx, "doc_type", normalize.doc_type)
        original = column(ctx, "original_no", normalize.order_no)
        refund_amount = column(ctx, "refund_amount", normalize.fen)
        has_refunds = "refund_amount" in cols
        status_labels = value_labels("status") or {}  # in reasons people read

        def fn(row: int, cells: list):
            cells = pad(cells, width)
            raw = clean(cells[i_no])
            if raw is None:
                ctx.reject(row, "order_no", None, t("orders.order_no_empty"))
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
                        ctx.reject(row, "status", None, t("orders.status_empty"))
                        return None
                    try:
                        status = mapped.get(fold_value(c)) or normalize.order_status(c)
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
                        raise Bad(t("orders.amount_empty"))
                    amount = normalize.fen(a)
                except Bad as e:
                    ctx.reject(row, "amount", a, str(e))
                    return None
                raw = cells[i_amount]
                if len(memo_amount) < 200_000 and (raw.__class__ is not str or len(raw) < 64):
                    memo_amount[raw] = amount
            kind, refund_of, refund_fen = "sale", None, None
            if status == AFTERSALE:
                status = "paid"
                ctx.warn(row, "status", clean(cells[i_status]), t("orders.aftersale"))
            elif status == PARTIAL:
                status = "paid"
                if not has_refunds:
                    ctx.warn(row, "status", clean(cells[i_status]), t("orders.partial_no_amount"))
            negative = amount < 0
            refund = negative or doc_type[cells[i_doc]] == "return"
            if refund:
                # a return document: never a sale, never a negative amount; with the original's
                # number it refunds that order (see land)
                kind, status, amount = "return", "refunded", abs(amount)
                refund_of = original(cells[i_orig])
            elif has_refunds:
                refund_fen = refund_amount(cells[i_refund])
                if refund_fen is not None and not 0 <= refund_fen <= amount:
                    ctx.warn(row, "refund_amount", clean(cells[i_refund]),
                             t("orders.refund_beyond", amount=f"{amount / 100:.2f}"))  # fmt: skip
                    refund_fen = None
            if status not in ("cancelled", "unpaid"):
                paid_raw = clean(cells[i_paid])
                try:
                    if paid_raw is None:
                        what = (
                            t("orders.what_refund")
                            if negative
                            else t("orders.what_return")
                            if refund
                            else t("orders.what_order", status=status_labels.get(status, status))
                        )
                        raise Bad(t("orders.needs_paid_time", what=what))
                    paid_at = normalize.moment(paid_raw)
                    if not first_day <= paid_at < stop:
                        in_period(paid_at)  # raises, naming the period
                except Bad as e:
                    ctx.reject(row, "paid_at", paid_raw, str(e))
                    return None
            else:
                paid_at = paid_opt(cells[i_paid])  # an unpaid order may lack it
            p = clean(cells[i_phone])
            phone = None
            if p is not None:
                try:
                    phone = normalize.phone(p)
                except Bad as e:
                    ctx.warn(row, "phone", p, t("orders.kept_without_member", reason=e))
            if negative and refund_of is None and cells[i_doc] is None:
                ctx.warn(row, "amount", clean(cells[i_amount]), t("orders.negative_own"))
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
                kind,
                refund_fen,
                refund_of,
                None,
                phone,
            )

        return fn

    def start(self, ctx, params):
        self.params, self.ctx = params, ctx
        # a new order without a guide is credited to its buyer's owner at import
        self.lander = Lander(
            self.db,
            "orders",
            "order_no",
            ORDER_COLUMNS,
            params["now"],
            fill_new={"guide_id": OWNER},
            finalize=_new_order_defaults,
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
                    t("orders.worker_deadlock", seconds=f"{READER_LOCK_TIMEOUT_S:g}"),
                    hint=t("orders.worker_deadlock_hint"),
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
        self.returns += sum(1 for r in rows if r[KIND] == "return")
        rows, refunds = self._split_refunds(rows)
        self.warn_dup(self.lander, self.lander.land(rows, duplicates))
        if refunds:
            self._apply_refunds(refunds)

    def _split_refunds(self, rows: list[tuple]) -> tuple[list[tuple], list[tuple]]:
        """The returns that refund a known order (stored, or a sale of this batch), apart from
        the rows to land. A return stored as a return of its own by an earlier import stays
        one (re-importing a file changes nothing); one whose original is unknown becomes one,
        with a warning."""
        named = [r for r in rows if r[REFUND_OF] is not None]
        if not named:
            return rows, []
        db = self.db
        sql = "SELECT order_no FROM orders WHERE " + db.in_list("order_no", "nos")
        own = {n for (n,) in db.execute(sql, {"nos": db.list_param([r[1] for r in named])})}
        known = {
            n for (n,) in db.execute(sql, {"nos": db.list_param({r[REFUND_OF] for r in named})})
        }
        known |= {r[1] for r in rows if r[KIND] == "sale"}
        refunds = [r for r in named if r[1] not in own and r[REFUND_OF] in known]
        for r in named:
            if r[1] not in own and r[REFUND_OF] not in known:
                self.ctx.warn(r[0], "original_no", r[REFUND_OF], t("orders.original_unknown"))
        taken = {r[1] for r in refunds}
        return [r for r in rows if r[1] not in taken], refunds

    def _apply_refunds(self, refunds: list[tuple]) -> None:
        """Record each return against its original order (once: order_refunds is keyed by the
        return's number) and set the original's refunded part to what its returns add up to
        (never less than a refund amount the file gave for it)."""
        db, now = self.db, self.lander.now
        db.temp_table("import_refunds", "refund_no VARCHAR, original_no VARCHAR, amount_fen BIGINT,"
                      " refunded_at TIMESTAMP")  # fmt: skip
        db.bulk_load("import_refunds", ["refund_no", "original_no", "amount_fen", "refunded_at"],
                     [(r[1], r[REFUND_OF], r[6], r[7]) for r in refunds])  # fmt: skip
        self.applied += db.execute(
            "INSERT INTO order_refunds (refund_no, order_id, amount_fen, refunded_at, import_id,"
            " created_at) SELECT i.refund_no, o.id, i.amount_fen, i.refunded_at, :import_id, :now"
            " FROM import_refunds i JOIN orders o ON o.order_no = i.original_no"
            " ON CONFLICT (refund_no) DO NOTHING",
            {"import_id": self.params["import_id"], "now": now},
        ).rowcount
        db.execute(
            "UPDATE orders SET refund_fen = r.total, updated_at = :now FROM (SELECT order_id,"
            " SUM(amount_fen) AS total FROM order_refunds WHERE order_id IN (SELECT o.id FROM"
            " orders o JOIN import_refunds i ON i.original_no = o.order_no) GROUP BY order_id) r"
            " WHERE orders.id = r.order_id AND orders.refund_fen < r.total",
            {"now": now},
        )
        db.execute("DROP TABLE import_refunds")

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


def _new_order_defaults(values: list, row: tuple, is_new: bool) -> None:
    """A new order's kind is a sale unless the file said return; nothing refunded yet."""
    if is_new:
        i = ORDER_COLUMNS.index
        values[i("kind")] = values[i("kind")] or "sale"
        if values[i("refund_fen")] is None:
            values[i("refund_fen")] = 0
