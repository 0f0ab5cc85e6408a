"""`privcli report rfm`: recency, frequency and monetary quintile scores (1-5) of every member
who bought in the window, the eight classic RFM segments (重要价值客户 ... 一般挽留客户), and
optionally the segment stored as a tag (source `rfm`), replacing the tags of the last run.

Everything is set-based: the members' R, F and M are aggregated once into a temporary table,
the quintile cut points come from one NTILE query per measure, the scores from one UPDATE, the
tags from one INSERT ... SELECT. A member's score is 1 plus the number of cut points below its
value, so equal values get equal scores (with many one-order members, F is mostly 1).
A measure is "high" when its score is 3 or more.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from privcli.base import config
from privcli.base.db import Database, iso, load_sql
from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.base.money import yuan
from privcli.base.output import Listing
from privcli.boards.formats import money_text, ratio_text
from privcli.boards.periods import at_midnight

# (R high, F high, M high) -> segment, Chinese name
SEGMENTS = {
    (True, True, True): ("important_value", "重要价值客户"),
    (True, False, True): ("important_develop", "重要发展客户"),
    (False, True, True): ("important_keep", "重要保持客户"),
    (False, False, True): ("important_retain", "重要挽留客户"),
    (True, True, False): ("general_value", "一般价值客户"),
    (True, False, False): ("general_develop", "一般发展客户"),
    (False, True, False): ("general_keep", "一般保持客户"),
    (False, False, False): ("general_retain", "一般挽留客户"),
}
MEASURES = (("r", "last_at"), ("f", "frequency"), ("m", "monetary_fen"))
SEGMENT_SQL = (
    "CASE"
    + "".join(
        f" WHEN r {'>=' if r else '<'} 3 AND f {'>=' if f else '<'} 3 AND m {'>=' if m else '<'} 3"
        f" THEN '{code}'"
        for (r, f, m), (code, _) in SEGMENTS.items()
    )
    + " END"
)


@dataclass
class Scored:
    on: date
    start: date
    members: int
    cuts: dict[str, list]


def score(db: Database, on: date | None = None, months: int = 12) -> Scored:
    """Fill the temporary table rfm_members (member_id, last_at, frequency, monetary_fen, r, f,
    m) for the `months` months up to `on`. Call inside a transaction when tagging."""
    on = on or config.today()
    if months < 1:
        raise UsageError(t("reports.months"))
    start = _months_back(on, months)
    db.execute("DROP TABLE IF EXISTS rfm_members")
    db.execute(
        load_sql("reports/rfm"),
        {"start": at_midnight(start), "end": at_midnight(on + timedelta(days=1))},
    )
    n = int(db.scalar("SELECT COUNT(*) FROM rfm_members") or 0)
    cuts: dict[str, list] = {}
    sets, params = [], {}
    for short, column in MEASURES:
        rows = db.execute(load_sql("reports/rfm_cuts").replace("/*measure*/", column)).fetchall()
        # the top of each fifth but the last (with fewer than five members, of each group but
        # the last: the best member is above every cut)
        cuts[short] = [v for q, v in rows if q < min(5, len(rows))]
        terms = [
            f"CASE WHEN {column} > :{short}{i} THEN 1 ELSE 0 END" for i in range(len(cuts[short]))
        ]
        sets.append(f"{short} = 1" + "".join(" + " + x for x in terms))
        params.update({f"{short}{i}": v for i, v in enumerate(cuts[short])})
    if n:
        db.execute("UPDATE rfm_members SET " + ", ".join(sets), params)
    return Scored(on, start, n, cuts)


def _months_back(on: date, months: int) -> date:
    """The day after the same day `months` months earlier: 12 months up to 2026-12-02 start on
    2025-12-03."""
    y, m = divmod(on.month - 1 - months, 12)
    year, month = on.year + y, m + 1
    day = min(on.day, monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=1)


def segments(db: Database, scored: Scored) -> Listing:
    rows = db.query(
        f"SELECT {SEGMENT_SQL} AS segment, COUNT(*) AS members, AVG(frequency) AS frequency,"
        " SUM(monetary_fen) AS monetary_fen, MAX(last_at) AS last_at FROM rfm_members"
        " GROUP BY 1"
    )
    by = {r["segment"]: r for r in rows}
    total_members = sum(int(r["members"]) for r in rows)
    total_sales = sum(int(r["monetary_fen"] or 0) for r in rows)
    out = []
    for code, zh in SEGMENTS.values():
        r = by.get(code)
        n = int(r["members"]) if r else 0
        fen = int(r["monetary_fen"] or 0) if r else 0
        out.append(
            [
                code,
                zh,
                n,
                round(n / total_members, 4) if total_members else None,
                round(float(r["frequency"]), 2) if r else None,
                yuan(round(fen / n)) if n else None,
                yuan(fen),
                round(fen / total_sales, 4) if total_sales else None,
            ]
        )
    return Listing(
        ["segment", "name", "members", "share", "avg_orders", "avg_sales", "sales", "sales_share"],
        out,
        title=t("reports.rfm_title", start=scored.start.isoformat(), on=scored.on.isoformat()),
        display={
            "share": ratio_text,
            "sales_share": ratio_text,
            "avg_sales": money_text,
            "sales": money_text,
        },
        bar="members",
    )


MEMBER_COLUMNS = [
    "phone",
    "name",
    "last_order",
    "recency_days",
    "frequency",
    "monetary",
    "r",
    "f",
    "m",
    "rfm",
    "segment",
]


def member_rows(db: Database, scored: Scored, limit: int = 0) -> Iterator[list]:
    """Every scored member (phone and name as stored: the renderer or writer masks them), best
    first, streamed."""
    sql = (
        f"SELECT p.phone, p.name, s.last_at, s.frequency, s.monetary_fen, s.r, s.f, s.m,"
        f" {SEGMENT_SQL} AS segment FROM rfm_members s JOIN members p ON p.id = s.member_id"
        " ORDER BY s.r + s.f + s.m DESC, s.monetary_fen DESC, p.phone"
        + (" LIMIT :limit" if limit else "")
    )
    for chunk in db.chunks(sql, {"limit": limit} if limit else None):
        for phone, name, last_at, freq, fen, r, f, m, seg in chunk:
            last = iso(last_at)
            days = (scored.on - date.fromisoformat(last[:10])).days if last else None
            yield [phone, name, last, days, int(freq), yuan(int(fen)), r, f, m, f"{r}{f}{m}", seg]


def tag(db: Database, prefix: str = "RFM-") -> int:
    """Store each scored member's segment as the tag PREFIX + its Chinese name (source `rfm`),
    replacing every tag the last run stored. Returns the number of members tagged."""
    db.execute("DELETE FROM member_tags WHERE source = 'rfm'")
    label = (
        "CASE"
        + "".join(f" WHEN seg = '{code}' THEN :p || '{zh}'" for code, zh in SEGMENTS.values())
        + " END"
    )
    return db.execute(
        "INSERT INTO member_tags (member_id, tag, source, created_at)"
        f" SELECT member_id, {label}, 'rfm', :now"
        f" FROM (SELECT member_id, {SEGMENT_SQL} AS seg FROM rfm_members) x WHERE true"
        " ON CONFLICT (member_id, tag) DO NOTHING",
        {"p": prefix, "now": config.now()},
    ).rowcount


def write_members(db: Database, scored: Scored, path, show_pii: bool = False) -> int:
    """Every scored member to a .csv or .xlsx file, streamed (flat memory for millions of
    members); phone and name masked unless show_pii."""
    from privcli.base.pii import mask_name, mask_phone
    from privcli.io.writers import open_writer

    w = open_writer(path, MEMBER_COLUMNS, sheet="rfm", text_columns=(0, 1, 2, 9, 10))
    n = 0
    try:
        for row in member_rows(db, scored):
            if not show_pii:
                row[0], row[1] = mask_phone(row[0]), mask_name(row[1])
            w.writerow(row)
            n += 1
    except BaseException:
        w.abort()
        raise
    w.close()
    return n
