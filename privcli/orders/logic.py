"""Orders as privcli shows them: amounts in yuan, the buyer's phone, codes of store and guide."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from privcli.base.db import Database, iso, load_sql
from privcli.base.money import yuan
from privcli.base.selection import Selection

_STATUS_ZH = {"paid": "已付款", "refunded": "已退款", "cancelled": "已关闭", "unpaid": "未付款"}
_KIND_ZH = {"sale": "销售", "return": "退货"}


def order_rows(
    db: Database,
    sel: Selection,
    *,
    lang: str = "en",
    limit: int = 0,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Iterator[list]:
    """Orders in export column order, streamed. The selection's store, region and guide are the
    order's; its member filters select the buyer. `since`/`until`: paid in [since, until)."""
    sel.check(db)
    where, params = sel.where(db)
    if since is not None:
        where += " AND o.paid_at >= :paid_since"
        params["paid_since"] = since
    if until is not None:
        where += " AND o.paid_at < :paid_until"
        params["paid_until"] = until
    sql = load_sql("orders/export").replace("/*where*/", where)
    if limit:
        sql += f" LIMIT {int(limit)}"
    zh = lang == "zh"
    for chunk in db.chunks(sql, params):
        for r in chunk:
            out = [iso(v) for v in r]
            out[5] = yuan(out[5])
            out[8] = yuan(out[8]) if out[8] else None  # refunded part: empty when none
            if zh:
                out[4] = _STATUS_ZH.get(out[4], out[4])
                out[9] = _KIND_ZH.get(out[9], out[9])
            yield out
