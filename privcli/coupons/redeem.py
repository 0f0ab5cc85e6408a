"""Redemption (核销): an order uses a coupon. The same checks for an order import (every order
carrying a code, a batch of them at a time, set-based) and for `coupons redeem CODE --order`.

A use redeems the coupon when the order is a sale that was paid (a later refund keeps the
redemption: the report shows it as redeemed then refunded), the coupon is unredeemed and not
void, it belongs to the order's buyer, the order was paid within the coupon's validity (by the
order's paid date, not the import date), and the order reaches the minimum spend. The minimum
spend (满减 threshold) is compared with the order before this coupon's discount: the paid
amount plus a cash coupon's value, or the paid amount over a discount's percent, since order
exports give what the buyer paid after coupons.

Anything else leaves the coupon as it was and says why (for an import: a warning in the error
report, the order imported all the same). An import leaves other coupon systems' codes alone
(platform coupons in a mall's export), without a warning: only an unknown code that looks like
a privcli code (a typo) is reported. A cancelled order or a return document is no use at
all (silently, for an import: a closed order gives its coupon back). An order using the coupon
it already redeemed (a re-import) changes nothing. One coupon per order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from privcli.base import config
from privcli.base.db import Database, iso
from privcli.base.errors import NotFound, UsageError
from privcli.base.messages import t
from privcli.base.money import yuan
from privcli.coupons.codes import canonical, looks_like_ours

REDEEM, SAME, SKIP, REFUSE = "redeem", "same", "skip", "refuse"


@dataclass
class Order:
    id: int
    order_no: str
    member_id: int | None
    status: str
    kind: str
    amount_fen: int
    paid_at: str | None  # ISO text
    redeemed_code: str | None  # the coupon this order redeemed already, if any


@dataclass
class Coupon:
    id: int
    code: str
    member_id: int
    status: str
    valid_from: str  # ISO date
    valid_to: str
    order_id: int | None
    first_order_no: str | None  # the order that redeemed it
    redeemed_at: str | None
    voided_at: str | None
    kind: str  # the batch's
    value: int
    min_spend_fen: int | None
    batch_voided_at: str | None


_ORDER_SQL = (
    "SELECT o.id, o.order_no, o.member_id, o.status, o.kind, o.amount_fen, o.paid_at, r.code"
    " FROM orders o LEFT JOIN coupons r ON r.order_id = o.id WHERE "
)
_COUPON_SQL = (
    "SELECT c.id, c.code, c.member_id, c.status, c.valid_from, c.valid_to, c.order_id,"
    " ro.order_no, c.redeemed_at, c.voided_at, b.kind, b.value, b.min_spend_fen, b.voided_at"
    " FROM coupons c JOIN coupon_batches b ON b.id = c.batch_id"
    " LEFT JOIN orders ro ON ro.id = c.order_id WHERE "
)


def _order(r: Sequence) -> Order:
    return Order(r[0], r[1], r[2], r[3], r[4] or "sale", r[5], iso(r[6]), r[7])


def _coupon(r: Sequence) -> Coupon:
    dates = [iso(v) for v in (r[4], r[5], r[8], r[9], r[13])]
    return Coupon(
        id=r[0],
        code=r[1],
        member_id=r[2],
        status=r[3],
        valid_from=dates[0],
        valid_to=dates[1],
        order_id=r[6],
        first_order_no=r[7],
        redeemed_at=dates[2],
        voided_at=dates[3],
        kind=r[10],
        value=r[11],
        min_spend_fen=r[12],
        batch_voided_at=dates[4],
    )


def orders_by_no(db: Database, order_nos) -> dict[str, Order]:
    sql = _ORDER_SQL + db.in_list("o.order_no", "keys")
    return {r[1]: _order(r) for r in db.execute(sql, {"keys": db.list_param(order_nos)})}


def coupons_by_code(db: Database, codes) -> dict[str, Coupon]:
    sql = _COUPON_SQL + db.in_list("c.code", "keys")
    return {r[1]: _coupon(r) for r in db.execute(sql, {"keys": db.list_param(codes)})}


def before_discount(c: Coupon, amount_fen: int) -> int:
    """The order's amount before this coupon: what the minimum spend is compared with."""
    if c.kind == "cash":
        return amount_fen + c.value
    if c.kind == "discount":
        return amount_fen * 100 // c.value
    return amount_fen


def decide(
    typed: str, c: Coupon | None, o: Order, claimed: Order | None = None
) -> tuple[str, str | None]:
    """Whether order `o` using the code `typed` (the coupon `c` it names, None if none) redeems
    it: (REDEEM | SAME | SKIP | REFUSE, the reason in words for REFUSE and SKIP). `claimed`: an
    order of the same import batch that redeems this coupon already."""
    if c is None:
        return REFUSE, t("coupons.why_unknown", code=typed)
    if o.kind != "sale" or o.status == "cancelled" or not o.paid_at:
        return SKIP, t("coupons.why_not_a_sale", order=o.order_no)
    if c.order_id == o.id or (claimed is not None and claimed.id == o.id):
        return SAME, None
    if o.member_id is None:
        return REFUSE, t("coupons.why_no_buyer", code=c.code)
    if o.member_id != c.member_id:
        return REFUSE, t("coupons.why_not_theirs", code=c.code)
    if claimed is not None:
        at = (claimed.paid_at or "")[:10]
        return REFUSE, t("coupons.why_redeemed", code=c.code, order=claimed.order_no, at=at)
    if c.status == "redeemed":
        at = (c.redeemed_at or "")[:10]
        return REFUSE, t("coupons.why_redeemed", code=c.code, order=c.first_order_no, at=at)
    if c.status == "void" or c.batch_voided_at:
        at = (c.voided_at or c.batch_voided_at or "")[:10]
        return REFUSE, t("coupons.why_void", code=c.code, at=at)
    if o.redeemed_code and o.redeemed_code != c.code:
        return REFUSE, t("coupons.why_order_has_one", order=o.order_no, other=o.redeemed_code)
    day = o.paid_at[:10]
    if day < c.valid_from:
        return REFUSE, t("coupons.why_not_yet", code=c.code, start=c.valid_from, paid=day)
    if day > c.valid_to:
        return REFUSE, t("coupons.why_expired", code=c.code, end=c.valid_to, paid=day)
    if c.min_spend_fen and before_discount(c, o.amount_fen) < c.min_spend_fen:
        return REFUSE, t(
            "coupons.why_below",
            code=c.code,
            spend=yuan(c.min_spend_fen),
            amount=yuan(before_discount(c, o.amount_fen)),
        )
    return REDEEM, None


_REDEEM_SQL = (
    "UPDATE coupons SET status = 'redeemed', redeemed_at = {ph}, order_id = {ph},"
    " redeemed_via = {ph}, import_id = {ph} WHERE id = {ph} AND status = 'issued'"
)


def _paid_at(db: Database, o: Order):
    assert o.paid_at is not None
    return datetime.fromisoformat(o.paid_at) if db.is_pg else o.paid_at


def redeem_landed(
    db: Database,
    uses: list[tuple[int, str, str]],
    import_id: int | None,
    warn: Callable[[int, str, str, str], None],
) -> int:
    """Redeem the coupons used by a batch of landed orders: `uses` are (sheet row, order
    number, code as typed). Two queries (the orders by number, the coupons by code) and one
    executemany, whatever the batch size. Refusals go to `warn(row, field, value, reason)`.
    Within the batch the earliest paid order wins a code. A code of another coupon system
    (see codes.looks_like_ours) is left alone without a warning. Returns how many were
    redeemed."""
    if not uses:
        return 0
    typed = [(row, no, canonical(code), code) for row, no, code in uses]
    orders = orders_by_no(db, {u[1] for u in typed})
    coupons = coupons_by_code(db, {u[2] for u in typed})
    todo = [(orders[no], row, code, raw) for row, no, code, raw in typed if no in orders]
    todo.sort(key=lambda u: (u[0].paid_at or "", u[0].order_no))
    claimed: dict[str, Order] = {}
    updates = []
    refused: list[tuple[int, str, str]] = []
    for o, row, code, raw in todo:
        c = coupons.get(code)
        if c is None and not looks_like_ours(code):
            continue  # another coupon system's code: not the coupon bank's business
        verdict, reason = decide(raw, c, o, claimed.get(code))
        if verdict == REDEEM:
            assert c is not None
            claimed[code] = o
            updates.append((_paid_at(db, o), o.id, "import", import_id, c.id))
        elif verdict == REFUSE:
            refused.append((row, raw, t("coupons.warn_import", reason=reason)))
    if updates:
        db.executemany(_REDEEM_SQL.format(ph=db.ph), updates)
    for row, raw, reason in sorted(refused):
        warn(row, "coupon_code", raw, reason)
    return len(updates)


# -- manual: coupons redeem / coupons void ---------------------------------------------------------
@dataclass
class Redeemed:
    code: str
    order_no: str
    batch: str
    member_id: int
    redeemed_at: str | None
    already: bool  # this order had redeemed this coupon before: nothing changed


def _find_coupon(db: Database, raw: str) -> tuple[str, Coupon]:
    code = canonical(raw)
    c = coupons_by_code(db, [code]).get(code)
    if c is None:
        raise NotFound(t("coupons.no_code", code=raw), hint=t("coupons.no_code_hint"))
    return code, c


def redeem_manual(db: Database, raw_code: str, order_no: str) -> Redeemed:
    """`coupons redeem CODE --order ORDER_NO`: the checks of an import; a refusal is a
    UsageError that says why, and changes nothing. Redeeming again with the same order is a
    no-op (reported as such)."""
    with db.transaction():
        code, c = _find_coupon(db, raw_code)
        o = orders_by_no(db, [order_no.strip()]).get(order_no.strip())
        if o is None:
            raise NotFound(t("coupons.no_order", order=order_no), hint=t("coupons.no_order_hint"))
        verdict, reason = decide(raw_code, c, o)
        if verdict in (REFUSE, SKIP):
            raise UsageError(t("coupons.refused", reason=reason))
        if verdict == REDEEM:
            db.executemany(
                _REDEEM_SQL.format(ph=db.ph), [(_paid_at(db, o), o.id, "manual", None, c.id)]
            )
        batch = db.scalar(
            "SELECT b.name FROM coupons c JOIN coupon_batches b ON b.id = c.batch_id"
            " WHERE c.id = :id",
            {"id": c.id},
        )
    return Redeemed(c.code, o.order_no, batch, c.member_id, o.paid_at, already=verdict == SAME)


@dataclass
class VoidedCode:
    code: str
    batch: str
    status: str  # void, or what it was when it could not be voided
    changed: bool


def void_code(db: Database, raw_code: str) -> VoidedCode:
    """Withdraw one unredeemed coupon (kept, marked void). A redeemed coupon is refused (its
    sale happened); a void one is left as it is."""
    with db.transaction():
        code, c = _find_coupon(db, raw_code)
        if c.status == "redeemed":
            raise UsageError(
                t("coupons.void_redeemed", code=c.code, order=c.first_order_no),
                hint=t("coupons.void_redeemed_hint"),
            )
        changed = bool(
            db.execute(
                "UPDATE coupons SET status = 'void', voided_at = :now"
                " WHERE id = :id AND status = 'issued'",
                {"now": config.now(), "id": c.id},
            ).rowcount
        )
        batch = db.scalar(
            "SELECT b.name FROM coupons c JOIN coupon_batches b ON b.id = c.batch_id"
            " WHERE c.id = :id",
            {"id": c.id},
        )
    return VoidedCode(c.code, batch, "void", changed)
