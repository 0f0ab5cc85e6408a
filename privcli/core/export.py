"""Exports and listings of members, orders, guides and stores.

Rows stream from the database to the writer (a server-side cursor on PostgreSQL), so exporting
20 M members needs no more memory than exporting 20. Member tags come from a second ordered
stream merged by member id, which is portable where GROUP_CONCAT/STRING_AGG are not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from privcli.db import Database, load_sql
from privcli.errors import NotFound
from privcli.io.writers import open_writer
from privcli.pii import mask_birthday, mask_name, mask_phone, masker

MEMBER_HEADERS = {
    "en": ["phone", "member_no", "name", "gender", "birthday", "level", "points",
           "registered_at", "store_code", "guide_id", "acquired_by", "channel", "tags"],
    "zh": ["手机号", "会员卡号", "姓名", "性别", "生日", "会员等级", "积分", "注册时间",
           "门店编码", "导购工号", "添加人", "来源渠道", "标签"],
}  # fmt: skip
ORDER_HEADERS = {
    "en": ["order_no", "phone", "store_code", "guide_id", "status", "amount", "paid_at",
           "coupon_code"],
    "zh": ["订单号", "手机号", "门店编码", "导购工号", "订单状态", "实付金额", "支付时间", "券码"],
}  # fmt: skip
GUIDE_HEADERS = {
    "en": ["guide_id", "name", "store_code", "region", "role", "status", "hired_on",
           "departed_on", "customers"],
    "zh": ["导购工号", "姓名", "门店编码", "大区", "岗位", "在职状态", "入职日期", "离职日期",
           "客户数"],
}  # fmt: skip
STORE_HEADERS = {
    "en": ["store_code", "name", "region", "city", "active_guides", "members"],
    "zh": ["门店编码", "门店名称", "大区", "城市", "在职导购数", "会员数"],
}
_GENDER_ZH = {"M": "男", "F": "女"}
_STATUS_ZH = {"paid": "已付款", "refunded": "已退款", "cancelled": "已关闭"}
_GUIDE_STATUS_ZH = {"active": "在职", "departed": "离职"}
_ROLE_ZH = {"guide": "导购", "manager": "店长", "distributor": "分销员"}


@dataclass
class Filters:
    store: str | None = None
    guide: str | None = None
    tag: str | None = None
    level: str | None = None
    region: str | None = None
    status: str | None = None

    def sql(self, member_alias: str = "m") -> tuple[str, dict]:
        """Bound-parameter conditions for the filters that are set."""
        m = member_alias
        conds, params = [], {}
        if self.store:
            conds.append("s.code = :store")
            params["store"] = self.store
        if self.guide:
            conds.append("g.code = :guide")
            params["guide"] = self.guide
        if self.level:
            conds.append(f"{m}.level = :level")
            params["level"] = self.level
        if self.tag:
            conds.append(
                f"EXISTS (SELECT 1 FROM member_tags ft WHERE ft.member_id = {m}.id "
                "AND ft.tag = :tag)"
            )
            params["tag"] = self.tag
        if self.region:
            conds.append("s.region = :region")
            params["region"] = self.region
        if self.status:
            conds.append("g.status = :status")
            params["status"] = self.status
        return "".join(" AND " + c for c in conds), params


def query(name: str, where: str) -> str:
    return load_sql(name).replace("/*where*/", where)


def fmt_value(v):
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.isoformat(" ")
    if isinstance(v, date):
        return v.isoformat()
    return v


def yuan(fen: int | None) -> Decimal | None:
    """Integer fen to yuan with exactly two decimals (exact, never a float)."""
    return None if fen is None else Decimal(fen).scaleb(-2)


def check_filters(db: Database, f: Filters) -> None:
    """Unknown store/guide codes are a typo, not an empty result: say so."""
    if f.store and not db.scalar("SELECT 1 FROM stores WHERE code = :c", {"c": f.store}):
        raise NotFound(f"no store with code {f.store!r}", hint="privcli export stores stores.csv")
    if f.guide and not db.scalar("SELECT 1 FROM guides WHERE code = :c", {"c": f.guide}):
        raise NotFound(f"no guide with id {f.guide!r}", hint="privcli guides list")


def member_rows(
    db: Database, f: Filters, *, show_pii: bool = False, lang: str = "en", limit: int = 0
) -> Iterator[list]:
    """Member rows in export column order; the hot path of a 20-million-row export, so the
    per-row work is inlined."""
    where, params = f.sql()
    sql = query("export_members", where)
    if limit:
        sql += f" LIMIT {int(limit)}"
    members = db.stream(sql, params)
    next(members)
    tags = db.stream(query("export_member_tags", where), params)
    next(tags)
    pending = next(tags, None)
    zh, pg = lang == "zh", db.is_pg
    store = dict(db.execute("SELECT id, code FROM stores").fetchall())
    guide = dict(db.execute("SELECT id, code FROM guides").fetchall())
    for r in members:
        mid = r[0]
        found: list[str] = []
        while pending is not None and pending[0] <= mid:
            if pending[0] == mid:
                found.append(pending[1])
            pending = next(tags, None)
        out = list(r[1:])
        out[8], out[9], out[10] = store.get(out[8]), guide.get(out[9]), guide.get(out[10])
        out.append(",".join(found) if found else None)
        if pg:
            out[4], out[7] = fmt_value(out[4]), fmt_value(out[7])
        if zh and out[3]:
            out[3] = _GENDER_ZH.get(out[3], out[3])
        if not show_pii:
            out[0], out[2], out[4] = mask_phone(out[0]), mask_name(out[2]), mask_birthday(out[4])
        yield out
    tags.close()


def order_rows(
    db: Database, f: Filters, *, show_pii: bool = False, lang: str = "en", limit: int = 0
):
    where, params = f.sql("m")
    sql = query("export_orders", where)
    if limit:
        sql += f" LIMIT {int(limit)}"
    stream = db.stream(sql, params)
    next(stream)
    mask = masker(ORDER_HEADERS["en"], show_pii)
    zh = lang == "zh"
    for r in stream:
        out = [fmt_value(v) for v in r]
        out[5] = yuan(out[5])
        if zh:
            out[4] = _STATUS_ZH.get(out[4], out[4])
        yield mask(out)


def guide_rows(db: Database, f: Filters, *, lang: str = "en", **_):
    where, params = Filters(store=f.store, region=f.region, status=f.status).sql()
    for r in db.query(query("guides_list", where), params):
        out = [fmt_value(v) for v in r.values()]
        if lang == "zh":
            out[4] = _ROLE_ZH.get(out[4], out[4])
            out[5] = _GUIDE_STATUS_ZH.get(out[5], out[5])
        yield out


def store_rows(db: Database, f: Filters, **_):
    where, params = Filters(store=f.store, region=f.region).sql()
    for r in db.query(query("stores_list", where), params):
        yield [fmt_value(v) for v in r.values()]


# Columns that hold free text someone typed (and so may start with = + - @); the others are
# codes, numbers, dates or masked values and are written as they are.
TEXT_COLUMNS = {"members": (1, 2, 5, 11, 12), "orders": (7,)}

EXPORTS = {
    "members": (MEMBER_HEADERS, member_rows),
    "orders": (ORDER_HEADERS, order_rows),
    "guides": (GUIDE_HEADERS, guide_rows),
    "stores": (STORE_HEADERS, store_rows),
}


def export(
    db: Database, what: str, path: str | Path, f: Filters, *, show_pii: bool = False,
    lang: str = "en",
) -> int:  # fmt: skip
    """Write `what` to a .csv or .xlsx file. Returns the number of rows written."""
    headers, producer = EXPORTS[what]
    check_filters(db, f)
    writer = open_writer(path, headers[lang], sheet=what, text_columns=TEXT_COLUMNS.get(what))
    n = 0
    try:
        with db.transaction(write=False):
            for row in producer(db, f, show_pii=show_pii, lang=lang):
                writer.writerow(row)
                n += 1
    finally:
        writer.close()
    return n
