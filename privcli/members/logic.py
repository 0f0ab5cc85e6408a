"""Members: looking one up (profile, tags, owner history, orders), listing a selection, and the
member columns that `export members` writes."""

from __future__ import annotations

from collections.abc import Iterator
from operator import itemgetter

from privcli.base.db import Database, iso, load_sql
from privcli.base.errors import NotFound, UsageError
from privcli.base.messages import t
from privcli.base.money import yuan
from privcli.base.output import Document, Listing, Record
from privcli.base.pii import mask_phone
from privcli.base.selection import Selection
from privcli.io import normalize
from privcli.members.spec import MEMBER_HEADERS, MEMBER_PII

_GENDER_ZH = {"M": "男", "F": "女"}
CHUNK = 2000  # rows fetched, transformed and written at a time (measured: 1000-2000 is best)


def find_member_id(db: Database, phone: str) -> tuple[int, str]:
    try:
        p = normalize.phone(normalize.clean(phone))
    except (normalize.Bad, TypeError) as e:
        raise UsageError(t("members.bad_phone", phone=repr(phone), reason=e)) from None
    mid = db.scalar("SELECT id FROM members WHERE phone = :p", {"p": p})
    if mid is None:
        raise NotFound(t("members.not_found", phone=mask_phone(p)), hint=t("members.list_hint"))
    return mid, p


def show(db: Database, phone: str) -> Document:
    """One member as a document: profile, tags, owner history, order summary, recent orders."""
    mid, _ = find_member_id(db, phone)
    m = db.one(load_sql("members/show"), {"id": mid})
    assert m is not None
    member = {k: iso(v) for k, v in m.items()}
    tags = db.query(
        "SELECT tag, source FROM member_tags WHERE member_id = :id ORDER BY tag", {"id": mid}
    )
    history = db.execute(load_sql("members/owner_history"), {"member_id": mid})
    history_cols = [d[0] for d in history.description]
    history_rows = [[iso(v) for v in r] for r in history.fetchall()]
    s = db.one(load_sql("members/orders_summary"), {"member_id": mid}) or {}
    paid = s.get("paid_orders") or 0
    orders = {
        "paid_orders": paid,
        "paid_amount": yuan(s.get("paid_fen") or 0),
        "refunded_orders": s.get("refunded_orders") or 0,
        "refunded_amount": yuan(s.get("refunded_fen") or 0),
        "cancelled_orders": s.get("cancelled_orders") or 0,
        "average_order_value": yuan(round((s.get("paid_fen") or 0) / paid)) if paid else None,
        "first_order_at": iso(s.get("first_order_at")),
        "last_order_at": iso(s.get("last_order_at")),
    }
    recent = db.execute(load_sql("members/recent_orders"), {"id": mid}).fetchall()
    history_notes = [] if history_rows else [t("members.no_owner_changes")]
    return Document(
        [
            (
                "member",
                Record(member, pii={"phone": "phone", "name": "name", "birthday": "birthday"}),
            ),
            ("tags", Listing(["tag", "source"], [[t["tag"], t["source"]] for t in tags])),
            ("orders", Record(orders, title=t("members.orders_title"))),
            ("owner_history", Listing(history_cols, history_rows, notes=history_notes)),
            (
                "recent_orders",
                Listing(
                    ["order_no", "status", "amount", "paid_at", "guide_id"],
                    [[r[0], r[1], yuan(r[2]), iso(r[3]), r[4]] for r in recent],
                ),
            ),
        ]
    )


_COLUMN = [itemgetter(i) for i in range(13)]


def member_columns(
    db: Database, sel: Selection, *, lang: str = "en", limit: int = 0, size: int | None = None
) -> Iterator[list]:
    """Selected members in export column order, a chunk at a time as a list of columns (not
    masked: the caller masks the MEMBER_PII columns). The hot path of a 20-million-row export:
    the work (code lookups) is done over whole columns, and the writer takes them as they are."""
    sel.check(db)
    where, params = sel.where(db)
    sql = load_sql("members/export").replace("/*where*/", where)
    size = size or CHUNK
    if limit:
        sql += f" LIMIT {int(limit)}"
        size = min(size, int(limit))
    tags_sql = load_sql("members/export_tags").replace("/*where*/", where)
    zh, pg = lang == "zh", db.is_pg
    store = dict(db.execute("SELECT id, code FROM stores").fetchall())
    guide = dict(db.execute("SELECT id, code FROM guides").fetchall())
    for chunk in db.chunks(sql, params, size):
        (
            ids,
            phone,
            member_no,
            name,
            gender,
            birthday,
            level,
            points,
            registered_at,
            store_id,
            guide_id,
            acquired_by,
            channel,
        ) = (tuple(map(g, chunk)) for g in _COLUMN)
        tags = _member_tags(db, tags_sql, params, ids[0], ids[-1])
        if pg:  # date/datetime objects; SQLite already gives the text
            birthday = list(map(iso, birthday))
            registered_at = list(map(iso, registered_at))
        if zh:
            gender = list(map(_GENDER_ZH.get, gender, gender))
        yield [
            phone,
            member_no,
            name,
            gender,
            birthday,
            level,
            points,
            registered_at,
            list(map(store.get, store_id)),
            list(map(guide.get, guide_id)),
            list(map(guide.get, acquired_by)),
            channel,
            list(map(tags.get, ids)),
        ]


def _member_tags(db: Database, sql: str, params: dict, first: int, last: int) -> dict[int, str]:
    """member id → its tags joined with commas, for the selected members with ids in
    [first, last] (one indexed range query on member_tags per chunk, joined in Python: portable
    where GROUP_CONCAT/STRING_AGG are not)."""
    tags: dict[int, str] = {}
    get = tags.get
    for mid, tag in db.execute(sql, {**params, "id_first": first, "id_last": last}).fetchall():
        prev = get(mid)
        tags[mid] = tag if prev is None else prev + "," + tag
    return tags


def member_rows(
    db: Database, sel: Selection, *, lang: str = "en", limit: int = 0
) -> Iterator[list]:
    """Selected members in export column order, one list at a time (listings; not masked)."""
    for cols in member_columns(db, sel, lang=lang, limit=limit):
        yield from map(list, zip(*cols))


def count(db: Database, sel: Selection) -> int:
    where, params = sel.where(db)
    return db.scalar(load_sql("members/count").replace("/*where*/", where), params) or 0


def listing(db: Database, sel: Selection, *, limit: int = 0) -> Listing:
    """`members list`: the selection, masked by the renderer; says how many --limit left out."""
    sel.check(db)
    pii = {MEMBER_HEADERS["en"][i]: kind for i, kind in MEMBER_PII.items()}
    return Listing(
        MEMBER_HEADERS["en"],
        member_rows(db, sel, limit=limit),
        pii=pii,
        limit=limit,
        total=lambda: count(db, sel),
    )
