"""Looking up one member: profile, tags, owner history and order summary."""

from __future__ import annotations

from privcli.core.export import fmt_value, yuan
from privcli.db import Database, load_sql
from privcli.errors import NotFound, UsageError
from privcli.io import normalize as N
from privcli.pii import mask_birthday, mask_name, mask_phone


def find_member_id(db: Database, phone: str) -> tuple[int, str]:
    try:
        p = N.phone(N.clean(phone))
    except (N.Bad, TypeError) as e:
        raise UsageError(f"{phone!r} is not a valid mainland mobile number: {e}") from None
    mid = db.scalar("SELECT id FROM members WHERE phone = :p", {"p": p})
    if mid is None:
        raise NotFound(f"no member with phone {mask_phone(p)}", hint="privcli members list")
    return mid, p


def show(db: Database, phone: str, *, show_pii: bool = False) -> dict:
    mid, _ = find_member_id(db, phone)
    m = db.one(
        "SELECT m.phone, m.member_no, m.name, m.gender, m.birthday, m.level, m.points,"
        " m.registered_at, s.code AS store_code, s.name AS store_name, g.code AS guide_id,"
        " g.name AS guide_name, g.status AS guide_status, a.code AS acquired_by, m.channel,"
        " m.external_userid, m.created_at, m.updated_at"
        " FROM members m LEFT JOIN stores s ON s.id = m.store_id"
        " LEFT JOIN guides g ON g.id = m.guide_id LEFT JOIN guides a ON a.id = m.acquired_by"
        " WHERE m.id = :id",
        {"id": mid},
    )
    assert m is not None
    member = {k: fmt_value(v) for k, v in m.items()}
    if not show_pii:
        member["phone"] = mask_phone(member["phone"])
        member["name"] = mask_name(member["name"])
        member["birthday"] = mask_birthday(member["birthday"])
    tags = db.query(
        "SELECT tag, source FROM member_tags WHERE member_id = :id ORDER BY tag", {"id": mid}
    )
    history = [
        {k: fmt_value(v) for k, v in r.items()}
        for r in db.query(load_sql("member_owner_history"), {"member_id": mid})
    ]
    s = db.one(load_sql("member_orders_summary"), {"member_id": mid}) or {}
    paid = s.get("paid_orders") or 0
    orders = {
        "paid_orders": paid,
        "paid_amount": yuan(s.get("paid_fen") or 0),
        "refunded_orders": s.get("refunded_orders") or 0,
        "refunded_amount": yuan(s.get("refunded_fen") or 0),
        "cancelled_orders": s.get("cancelled_orders") or 0,
        "average_order_value": yuan(round((s.get("paid_fen") or 0) / paid)) if paid else None,
        "first_order_at": fmt_value(s.get("first_order_at")),
        "last_order_at": fmt_value(s.get("last_order_at")),
    }
    recent = [
        {**{k: fmt_value(v) for k, v in r.items() if k != "amount_fen"},
         "amount": yuan(r["amount_fen"])}
        for r in db.query(
            "SELECT o.order_no, o.status, o.amount_fen, o.paid_at, g.code AS guide_id"
            " FROM orders o LEFT JOIN guides g ON g.id = o.guide_id WHERE o.member_id = :id"
            " ORDER BY o.paid_at DESC, o.id DESC LIMIT 5",
            {"id": mid},
        )
    ]  # fmt: skip
    return {"member": member, "tags": tags, "owner_history": history, "orders": orders,
            "recent_orders": recent}  # fmt: skip
