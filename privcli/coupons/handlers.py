"""How the coupon bank reacts to the rest of privcli: order imports redeem coupons, and an
unredeemed coupon follows its customer to a new guide."""

from __future__ import annotations

from collections.abc import Callable

from privcli.base.db import Database
from privcli.base.events import OWNER_CHANGES
from privcli.coupons.redeem import redeem_landed


def redeem_imported(
    db: Database,
    *,
    kind: str,
    import_id: int | None,
    rows: list[tuple],
    warn: Callable[..., None],
    **_,
) -> None:
    """A batch of orders has landed: the orders that carry a coupon code redeem it (see
    privcli.coupons.redeem). The rows are the orders kind's normalized tuples, (sheet row,
    order number, *ORDER_COLUMNS, ...); only the row, the number and the code are read from
    them, the orders themselves are read back from the table by number."""
    if kind != "orders":
        return
    from privcli.orders.kinds import ORDER_COLUMNS

    at = 2 + ORDER_COLUMNS.index("coupon_code")
    uses = [(r[0], r[1], r[at]) for r in rows if r[at]]
    if uses:
        redeem_landed(db, uses, import_id, warn)


def follow_owner(db: Database, **_) -> None:
    """A customer who changes guide (transfer, undo, an import) takes their unredeemed coupons
    along: the new guide follows them up. issued_guide_id (who issued it: attribution) and
    redeemed or void coupons stay as they are."""
    db.execute(
        f"UPDATE coupons SET guide_id = (SELECT c.to_guide_id FROM {OWNER_CHANGES} c"
        " WHERE c.member_id = coupons.member_id)"
        f" WHERE coupons.status = 'issued' AND coupons.member_id IN"
        f" (SELECT member_id FROM {OWNER_CHANGES})"
    )
