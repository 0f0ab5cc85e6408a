"""Exports and listings of members, orders, guides and stores.

Rows stream from the database to the writer a chunk at a time (a server-side cursor on
PostgreSQL), so exporting 20 M members needs no more memory than exporting 20. Member tags are
read per chunk of members (one indexed range query on member_tags) and joined in Python, which is
portable where GROUP_CONCAT/STRING_AGG are not.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from operator import itemgetter
from pathlib import Path

from privcli.db import Database, load_sql
from privcli.errors import NotFound
from privcli.io.writers import open_writer
from privcli.pii import mask_birthdays, mask_names, mask_phones, masker

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


CHUNK = 2000  # rows fetched, transformed and written at a time (measured: 1000-2000 is best)


def _chunks(db: Database, sql: str, params: dict, size: int) -> Iterator[list[tuple]]:
    """The rows of a query, a list of up to `size` at a time."""
    if db.is_pg:
        stream = db.stream(sql, params, size)  # server-side cursor
        next(stream)
        while chunk := list(islice(stream, size)):
            yield chunk
    else:
        cur = db.execute(sql, params)
        while chunk := cur.fetchmany(size):
            yield chunk


def _member_tags(db: Database, sql: str, params: dict, first: int, last: int) -> dict[int, str]:
    """member id → its tags joined with commas, for the selected members with ids in
    [first, last]."""
    tags: dict[int, str] = {}
    get = tags.get
    for mid, tag in db.execute(sql, {**params, "id_first": first, "id_last": last}).fetchall():
        prev = get(mid)
        tags[mid] = tag if prev is None else prev + "," + tag
    return tags


_COLUMN = [itemgetter(i) for i in range(13)]


def member_columns(
    db: Database, f: Filters, *, show_pii: bool = False, lang: str = "en", limit: int = 0,
    size: int | None = None,
) -> Iterator[list]:  # fmt: skip
    """Members in export column order, a chunk at a time as a list of columns. The hot path of a
    20-million-row export: the work (code lookups, masks) is done over whole columns, and the
    writer takes the columns as they are."""
    where, params = f.sql()
    sql = query("export_members", where)
    size = size or CHUNK
    if limit:
        sql += f" LIMIT {int(limit)}"
        size = min(size, int(limit))
    tags_sql = query("export_member_tags", where)
    zh, pg = lang == "zh", db.is_pg
    store = dict(db.execute("SELECT id, code FROM stores").fetchall())
    guide = dict(db.execute("SELECT id, code FROM guides").fetchall())
    for chunk in _chunks(db, sql, params, size):
        (ids, phone, member_no, name, gender, birthday, level, points, registered_at, store_id,
         guide_id, acquired_by, channel) = (tuple(map(g, chunk)) for g in _COLUMN)  # fmt: skip
        tags = _member_tags(db, tags_sql, params, ids[0], ids[-1])
        if pg:  # date/datetime objects; SQLite already gives the text
            birthday = list(map(fmt_value, birthday))
            registered_at = list(map(fmt_value, registered_at))
        if zh:
            gender = list(map(_GENDER_ZH.get, gender, gender))
        if not show_pii:
            phone, name, birthday = mask_phones(phone), mask_names(name), mask_birthdays(birthday)
        yield [phone, member_no, name, gender, birthday, level, points, registered_at,
               list(map(store.get, store_id)), list(map(guide.get, guide_id)),
               list(map(guide.get, acquired_by)), channel, list(map(tags.get, ids))]  # fmt: skip


def member_rows(
    db: Database, f: Filters, *, show_pii: bool = False, lang: str = "en", limit: int = 0
) -> Iterator[list]:
    """Member rows in export column order, one list at a time (listings)."""
    for cols in member_columns(db, f, show_pii=show_pii, lang=lang, limit=limit):
        yield from map(list, zip(*cols))


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


def _columns(rows: Callable[..., Iterator]) -> Callable[..., Iterator[list]]:
    """A row producer as a producer of chunks of columns."""

    def columns(*args, **kwargs) -> Iterator[list]:
        it = rows(*args, **kwargs)
        while chunk := list(islice(it, CHUNK)):
            yield list(zip(*chunk))

    return columns


# Columns that hold free text someone typed (and so may start with = + - @); the others are
# codes, numbers, dates or masked values and are written as they are.
TEXT_COLUMNS = {"members": (1, 2, 5, 11, 12), "orders": (7,)}

EXPORTS = {
    "members": (MEMBER_HEADERS, member_columns),
    "orders": (ORDER_HEADERS, _columns(order_rows)),
    "guides": (GUIDE_HEADERS, _columns(guide_rows)),
    "stores": (STORE_HEADERS, _columns(store_rows)),
}


def export(
    db: Database, what: str, path: str | Path, f: Filters, *, show_pii: bool = False,
    lang: str = "en",
) -> int:  # fmt: skip
    """Write `what` to a .csv or .xlsx file. Returns the number of rows written. A failed export
    leaves no file behind (not half a file that looks complete)."""
    headers, columns = EXPORTS[what]
    check_filters(db, f)
    writer = open_writer(path, headers[lang], sheet=what, text_columns=TEXT_COLUMNS.get(what))
    n = 0
    # The export allocates millions of short-lived row tuples and makes no reference cycles:
    # without the cycle collector running every few hundred allocations it is ~10% faster.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        with db.transaction(write=False):
            for chunk in columns(db, f, show_pii=show_pii, lang=lang):
                writer.writecolumns(chunk)
                n += len(chunk[0])
        writer.close()
    except BaseException:
        writer.abort()
        raise
    finally:
        if gc_was_enabled:
            gc.enable()
    return n
