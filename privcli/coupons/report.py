"""What the coupon bank reports: the ROI report per batch, guide, store or region (with the
holdout comparison), the hand-out file guides work from, and the coupons about to expire.

ROI without a control group is only "sales of redeemed orders per yuan of cost": it cannot tell
a sale the coupon caused from one that would have happened anyway. With a control group (see
issue.py) the report compares, over the same window, the sales per member of the members who
got a coupon (all their sales, not only the orders that used it) with those of the members held
out: incremental sales = (coupon group's sales per member - control group's) x coupon group
size, and incremental ROI = incremental sales / cost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from privcli.base import config
from privcli.base.db import Database, iso, load_sql
from privcli.base.errors import UsageError
from privcli.base.messages import heading, t
from privcli.base.money import yuan
from privcli.base.output import Listing
from privcli.base.pii import mask_names, mask_phones
from privcli.base.selection import Selection
from privcli.coupons.batches import Batch, as_date, find_batch
from privcli.io.writers import open_writer

BY = ("batch", "guide", "store", "region")
_KEY = {  # the group key over coupons c / holdouts h (st: the coupon's or holdout's store)
    "batch": ("c.batch_id", "h.batch_id"),
    "guide": ("c.issued_guide_id", "h.guide_id"),
    "store": ("c.store_id", "h.store_id"),
    "region": ("st.region", "st.region"),
}
_LABELS = {
    "batch": ["batch_id", "batch"],
    "guide": ["guide_id", "guide", "store_code"],
    "store": ["store_code", "store", "region"],
    "region": ["region"],
}
METRICS = [
    "issued",
    "redeemed",
    "redemption_rate",
    "voided",
    "refunded",
    "sales",
    "cost",
    "sales_per_cost",
    "coupon_members",
    "coupon_buyers",
    "coupon_sales_per_member",
    "control_members",
    "control_buyers",
    "control_sales_per_member",
    "incremental_sales",
    "incremental_roi",
]


@dataclass
class _Group:
    """The sums of one group."""

    issued: int = 0
    redeemed: int = 0
    voided: int = 0
    refunded: int = 0
    sales_fen: int = 0
    cost_fen: int = 0
    t_members: int = 0
    t_buyers: int = 0
    t_sales_fen: int = 0
    c_members: int = 0
    c_buyers: int = 0
    c_sales_fen: int = 0


def _ratio(a: int | float, b: int | float, digits: int) -> float | None:
    return round(a / b, digits) if b else None


def _per_member(sales_fen: int, members: int) -> Decimal | None:
    return yuan(round(sales_fen / members)) if members else None


def _metrics(g: _Group) -> list:
    has_control = bool(g.c_members and g.t_members)
    incremental_fen = (
        round((g.t_sales_fen / g.t_members - g.c_sales_fen / g.c_members) * g.t_members)
        if has_control
        else None
    )
    return [
        g.issued,
        g.redeemed,
        _ratio(g.redeemed, g.issued, 4),
        g.voided,
        g.refunded,
        yuan(g.sales_fen),
        yuan(g.cost_fen),
        _ratio(g.sales_fen, g.cost_fen, 2),
        g.t_members if has_control else None,
        g.t_buyers if has_control else None,
        _per_member(g.t_sales_fen, g.t_members) if has_control else None,
        g.c_members or None,
        g.c_buyers if g.c_members else None,
        _per_member(g.c_sales_fen, g.c_members),
        yuan(incremental_fen),
        _ratio(incremental_fen, g.cost_fen, 2) if incremental_fen is not None else None,
    ]


def _windows(db: Database, batch_id: int | None) -> int:
    """coupon_windows(batch_id, w_from, w_end) for the batches with a control group: from the
    first coupon's first valid day to the end of the last coupon's last day. Returns how many."""
    where = "" if batch_id is None else " AND c.batch_id = :b"
    rows = db.execute(
        "SELECT c.batch_id, MIN(c.valid_from), MAX(c.valid_to) FROM coupons c"
        " JOIN coupon_batches b ON b.id = c.batch_id WHERE b.holdout_pct IS NOT NULL"
        f"{where} GROUP BY c.batch_id",
        {"b": batch_id},
    ).fetchall()
    db.temp_table(
        "coupon_windows", "batch_id INTEGER PRIMARY KEY, w_from TIMESTAMP, w_end TIMESTAMP"
    )

    def moment(d: date) -> datetime | str:
        m = datetime.combine(d, time())
        return m if db.is_pg else m.isoformat(" ")

    db.bulk_load(
        "coupon_windows",
        ["batch_id", "w_from", "w_end"],
        [
            (b, moment(as_date(f)), moment(as_date(e) + timedelta(days=1)))  # type: ignore[operator]
            for b, f, e in rows
        ],
    )
    return len(rows)


def report(db: Database, ref: int | str | None = None, *, by: str = "batch") -> Listing:
    """Issued, redeemed, redemption rate, voided, redeemed then refunded, sales of redeemed
    orders, cost and sales per yuan of cost per group (`by` batch, guide, store or region;
    one batch or all), and where batches have a control group: both groups' members, buyers and
    sales per member over the batch's window, the incremental sales and incremental ROI."""
    if by not in BY:
        raise UsageError(t("coupons.bad_by", by=by, choices=", ".join(BY)))
    batch: Batch | None = find_batch(db, ref) if ref is not None else None
    bid = batch.id if batch else None
    key_c, key_h = _KEY[by]
    groups: dict[object, _Group] = {}
    sql = (
        load_sql("coupons/report_coupons")
        .replace("/*key*/", key_c)
        .replace("/*where*/", "" if bid is None else " AND c.batch_id = :b")
    )
    for k, *v in db.execute(sql, {"b": bid}).fetchall():
        g = groups.setdefault(k, _Group())
        g.issued, g.redeemed, g.voided, g.refunded, g.sales_fen, g.cost_fen = (
            int(x or 0) for x in v
        )
    notes = []
    if _windows(db, bid):
        sql = (
            load_sql("coupons/report_holdout")
            .replace("/*key*/", key_c)
            .replace("/*key_h*/", key_h)
            .replace("/*where*/", "" if bid is None else " AND c.batch_id = :b")
            .replace("/*where_h*/", "" if bid is None else " AND h.batch_id = :b")
        )
        for k, treated, members, buyers, sales in db.execute(sql, {"b": bid}).fetchall():
            g = groups.setdefault(k, _Group())
            if treated:
                g.t_members, g.t_buyers, g.t_sales_fen = members, int(buyers or 0), int(sales or 0)
            else:
                g.c_members, g.c_buyers, g.c_sales_fen = members, int(buyers or 0), int(sales or 0)
        notes.append(t("coupons.report_window_note"))
    db.execute("DROP TABLE IF EXISTS coupon_windows")
    labels = _labels(db, by, list(groups))
    rows = [[*labels[k], *_metrics(g)] for k, g in groups.items()]
    width = len(_LABELS[by])
    rows.sort(
        key=lambda r: tuple(
            (v is None, v if isinstance(v, int) else str(v or "")) for v in r[:width]
        )
    )
    if not rows:
        notes.append(t("coupons.report_empty"))
    title = t("coupons.report_title", by=heading(by)) + (f": {batch.name}" if batch else "")
    return Listing([*_LABELS[by], *METRICS], rows, title=title, notes=notes)


def _labels(db: Database, by: str, keys: list) -> dict[object, list]:
    ids = [k for k in keys if k is not None]
    out: dict[object, list] = {None: [None] * len(_LABELS[by])}
    if by == "region":
        return {**out, **{k: [k] for k in ids}}
    if not ids:
        return out
    if by == "batch":
        sql = "SELECT id, id, name FROM coupon_batches WHERE " + db.in_list("id", "ids")
    elif by == "guide":
        sql = (
            "SELECT g.id, g.code, g.name, s.code FROM guides g LEFT JOIN stores s"
            " ON s.id = g.store_id WHERE " + db.in_list("g.id", "ids")
        )
    else:
        sql = "SELECT id, code, name, region FROM stores WHERE " + db.in_list("id", "ids")
    for r in db.execute(sql, {"ids": db.list_param(ids)}).fetchall():
        out[r[0]] = list(r[1:])
    return out


def write(listing: Listing, path: str | Path) -> int:
    """Write a listing (the report) to .xlsx or .csv with the shared writer: header, yuan as
    money, rates and ratios as numbers. Returns the rows written."""
    writer = open_writer(path, list(listing.columns), sheet="coupons")
    n = 0
    try:
        for r in listing.rows:
            writer.writerow(r)
            n += 1
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return n


# -- the hand-out file ------------------------------------------------------------------------------
HANDOUT_HEADERS = {
    "en": ["store_code", "store", "guide_id", "guide", "phone", "name", "code", "valid_to"],
    "zh": ["门店编码", "门店名称", "导购工号", "导购姓名", "手机号", "姓名", "券码", "有效期至"],
}
_PHONE, _NAME, _VALID_TO = 4, 5, 7


def export_handout(
    db: Database, ref: int | str, path: str | Path, *, lang: str = "en", show_pii: bool = False
) -> tuple[Batch, int]:
    """Write batch `ref`'s unredeemed coupons for the guides who hand them out: store, guide,
    member phone and name (masked unless show_pii), code, valid until; by store and guide.
    Streamed: flat memory however large the batch. Returns the batch and the rows written."""
    batch = find_batch(db, ref)
    writer = open_writer(path, HANDOUT_HEADERS[lang], sheet="coupons")
    n = 0
    try:
        with db.transaction(write=False):
            for chunk in db.chunks(load_sql("coupons/handout"), {"batch": batch.id}):
                cols = [list(c) for c in zip(*chunk)]
                if not show_pii:
                    cols[_PHONE] = mask_phones(cols[_PHONE])
                    cols[_NAME] = mask_names(cols[_NAME])
                cols[_VALID_TO] = [iso(v) for v in cols[_VALID_TO]]
                writer.writecolumns(cols)
                n += len(chunk)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return batch, n


# -- expiring -------------------------------------------------------------------------------------
def _expiring_sql(
    db: Database,
    within_days: int,
    today: date,
    *,
    guide_ids=None,
    selection: Selection | None = None,
    batch: Batch | None = None,
) -> tuple[str, dict]:
    where, params = ("", {}) if selection is None else selection.where(db)
    if guide_ids is not None:
        where += " AND " + db.in_list("c.guide_id", "guide_ids")
        params["guide_ids"] = db.list_param(guide_ids)
    if batch is not None:
        where += " AND c.batch_id = :batch"
        params["batch"] = batch.id
    params.update(today=today, until=today + timedelta(days=within_days))
    return load_sql("coupons/expiring").replace("/*where*/", where), params


def _rows(db: Database, sql: str, params: dict) -> Iterator[dict]:
    """A query's rows as dicts, streamed (a server-side cursor on PostgreSQL), valid_to as a
    date."""
    stream = db.stream(sql, params)
    names = next(stream)
    for r in stream:
        row = dict(zip(names, r, strict=True))
        row["valid_to"] = as_date(row["valid_to"])
        yield row


class Expiring(NamedTuple):
    """An unredeemed coupon about to expire (what daily tasks remind guides of)."""

    coupon_id: int
    code: str
    member_id: int
    guide_id: int | None  # who follows it up now (guides.id)
    valid_to: date  # its last valid day
    batch: str  # the batch's name
    batch_id: int


def expiring(db: Database, *, within_days: int, today: date, guide_ids=None) -> list[Expiring]:
    """Unredeemed, unvoided coupons whose last valid day is within `within_days` days of
    `today` (today itself included: `within_days=0` is the coupons whose last day is today),
    optionally only those followed up by `guide_ids` (guides.id), ordered by guide, then last
    day. Read through the index of unredeemed coupons by last day; a tuple each (a chain's
    week can hold a million)."""
    sql, params = _expiring_sql(db, within_days, today, guide_ids=guide_ids)
    return [Expiring(*(r[k] for k in Expiring._fields)) for r in _rows(db, sql, params)]


EXPIRING_COLUMNS = [
    "guide_id",
    "guide",
    "store_code",
    "phone",
    "name",
    "code",
    "batch",
    "valid_to",
    "days_left",
]


def expiring_listing(
    db: Database,
    selection: Selection,
    *,
    within_days: int = 3,
    today: date | None = None,
    batch_ref: int | str | None = None,
    limit: int = 0,
) -> Listing:
    """`coupons expiring`: the coupons about to expire, by guide, for the guides' reminders.
    Streamed when there is no limit (a chain's list can hold hundreds of thousands)."""
    today = today or config.today()
    selection.check(db)
    batch = find_batch(db, batch_ref) if batch_ref is not None else None
    sql, params = _expiring_sql(db, within_days, today, selection=selection, batch=batch)
    more = None
    if limit:
        rows: Iterable[list] = list(_listed(_rows(db, f"{sql} LIMIT {int(limit)}", params), today))
        if len(rows) == limit:  # type: ignore[arg-type]
            more = db.scalar(f"SELECT COUNT(*) FROM ({sql}) x", params) - limit or None
    else:
        rows = _listed(_rows(db, sql, params), today)
    return Listing(
        EXPIRING_COLUMNS,
        rows,
        title=t("coupons.expiring_title", days=within_days),
        pii={"phone": "phone", "name": "name"},
        more=more,
    )


def _listed(rows: Iterator[dict], today: date) -> Iterator[list]:
    for r in rows:
        yield [
            r["guide_code"],
            r["guide_name"],
            r["store_code"],
            r["phone"],
            r["name"],
            r["code"],
            r["batch"],
            iso(r["valid_to"]),
            (r["valid_to"] - today).days,
        ]
