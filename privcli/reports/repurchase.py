"""`privcli report repurchase`: how long members take to buy again (复购周期), as a distribution
and a median, by member level, store or acquisition channel, and WeCom-linked members against
the rest when members are linked.

An interval is the number of days between two consecutive purchase days of one member (paid
sales; several orders on one day are one purchase); the intervals counted are those ending in
the period. The database returns a histogram (group, days, count), from which medians and
quartiles are exact.
"""

from __future__ import annotations

from datetime import timedelta

from privcli.base import config
from privcli.base.db import Database, load_sql
from privcli.base.messages import heading, t, value_labels
from privcli.base.output import Document, Listing
from privcli.boards.formats import ratio_text
from privcli.boards.periods import Period, board_period

BUCKETS = ((1, 7), (8, 14), (15, 30), (31, 60), (61, 90), (91, 180), (181, 365), (366, None))
BUCKET_NAMES = [f"{lo}-{hi}d" if hi else f">{lo - 1}d" for lo, hi in BUCKETS]
GROUPS = {
    "level": ("COALESCE(m.level, '')", ""),
    "store": ("COALESCE(rs.code, '')", "LEFT JOIN stores rs ON rs.id = m.store_id"),
    "channel": ("COALESCE(m.channel, '')", ""),
    "none": ("'all'", ""),
    "wecom": ("CASE WHEN m.external_userid IS NULL THEN 'not linked' ELSE 'linked' END", ""),
}


def _sql(db: Database, name: str, group: str) -> str:
    expr, join = GROUPS[group]
    if db.is_pg:
        day, interval = "CAST(o.paid_at AS DATE)", "(gaps.d - gaps.prev_d)"
    else:
        day = "substr(o.paid_at, 1, 10)"
        interval = "CAST(julianday(gaps.d) - julianday(gaps.prev_d) AS INTEGER)"
    return (
        load_sql(f"reports/{name}")
        .replace("/*group*/", expr)
        .replace("/*join*/", join)
        .replace("/*day*/", day)
        .replace("/*interval*/", interval)
    )


def quantile(hist: list[tuple[int, int]], q: float) -> float | None:
    """The q-quantile of values given as sorted (value, count) pairs (the median of an even
    count is the mean of the two middle values)."""
    n = sum(c for _, c in hist)
    if not n:
        return None
    pos = q * (n - 1)
    lo_i, frac = int(pos), pos - int(pos)
    seen, lo_v, hi_v = 0, None, None
    for v, c in hist:
        if lo_v is None and seen + c > lo_i:
            lo_v = v
        if seen + c > lo_i + (1 if frac else 0):
            hi_v = v
            break
        seen += c
    if lo_v is None or hi_v is None:
        return None
    return float(lo_v + (hi_v - lo_v) * frac)


def _period(period: str | None) -> Period:
    if period:
        return board_period(period)
    today = config.today()
    start = today - timedelta(days=364)
    return Period(f"{start}..{today}", start, today, "range")


def _groups(db: Database, p: Period, group: str) -> list[list]:
    start, end = p.bounds()
    params = {"start": start, "end": end, "first_day": p.start}
    hist: dict = {}
    for r in db.query(_sql(db, "repurchase", group), params):
        hist.setdefault(r["g"], []).append((int(r["interval_days"]), int(r["n"])))
    buyers = {r["g"]: r for r in db.query(_sql(db, "repurchase_buyers", group), params)}
    rows = []
    for g in sorted(
        set(hist) | set(buyers), key=lambda g: (-(buyers.get(g, {}).get("buyers") or 0), str(g))
    ):
        h = sorted(hist.get(g, []))
        b = buyers.get(g, {})
        n = sum(c for _, c in h)
        dist = [sum(c for v, c in h if v >= lo and (hi is None or v <= hi)) for lo, hi in BUCKETS]
        nb, nr = int(b.get("buyers") or 0), int(b.get("repurchasers") or 0)
        rows.append(
            [
                g if g != "" else None,
                nb,
                nr,
                round(nr / nb, 4) if nb else None,
                n,
                quantile(h, 0.5),
                round(sum(v * c for v, c in h) / n, 1) if n else None,
                quantile(h, 0.25),
                quantile(h, 0.75),
                *[round(x / n, 4) if n else None for x in dist],
            ]
        )
    return rows


COLUMNS = [
    "repurchases",
    "median_days",
    "mean_days",
    "p25_days",
    "p75_days",
]


def report(db: Database, period: str | None = None, by: str = "none") -> Document:
    p = _period(period)
    by_label = (value_labels("by") or {}).get(by) or heading(by)
    head = ["group" if by == "none" else by, "buyers", "repurchasers", "repurchase_rate"]
    columns = head + COLUMNS + BUCKET_NAMES
    shares = {c: ratio_text for c in ("repurchase_rate", *BUCKET_NAMES)}
    sections = [
        (
            "intervals",
            Listing(
                columns,
                _groups(db, p, by),
                title=t("reports.repurchase_title", period=p.describe(), by=by_label),
                display=shares,
            ),
        )
    ]
    notes = []
    linked = db.scalar("SELECT 1 FROM members WHERE external_userid IS NOT NULL LIMIT 1")
    if linked:
        sections.append(
            (
                "wecom",
                Listing(
                    ["wecom", *columns[1:]],
                    _groups(db, p, "wecom"),
                    title=t("reports.repurchase_wecom"),
                    display=shares,
                ),
            )
        )
    else:
        notes.append(t("reports.no_wecom"))
    return Document(sections, meta={"period": p.describe(), "by": by}, notes=notes)
