"""`tasks report`: the figures head office tunes the rules with, per rule, guide or store.

Generated, done, completion rate; converted (the member placed a paid order within N days from
the task day, whoever took it) and the conversion rate; sales after contact (the members' net
sales in that window). Whether a rule works at all needs a baseline: where `tasks generate`
held out a control group (task_holdouts), the report sets the conversion of the tasks of those
rules and days against the control group's, over the same window, and gives the uplift (the
difference of the two proportions) with a 95% confidence interval by the normal approximation
for a difference of two proportions:

    d = p1 - p2,  se = sqrt(p1(1-p1)/n1 + p2(1-p2)/n2),  d ± 1.96 se

The approximation holds when each group has at least 5 converted and 5 not converted members
(n·p ≥ 5 and n·(1-p) ≥ 5); with fewer the interval would look precise and mean nothing, so it is
left empty and a note says why (the uplift itself is still shown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from privcli.base import config
from privcli.base.db import Database, load_sql
from privcli.base.errors import UsageError
from privcli.base.messages import heading, t
from privcli.base.money import yuan
from privcli.base.output import Listing

BY = ("rule", "guide", "store")
_KEY = {"rule": ("t.rule", "h.rule"), "guide": ("t.guide_id", "h.guide_id"), "store": ("t.store_id", "h.store_id")}  # fmt: skip
LABELS = {"rule": ["rule"], "guide": ["guide_id", "guide", "store"], "store": ["store", "store_name", "region"]}  # fmt: skip
METRICS = [
    "generated",
    "done",
    "completion_rate",
    "converted",
    "conversion_rate",
    "sales",
    "test_tasks",
    "test_rate",
    "control",
    "control_converted",
    "control_rate",
    "uplift",
    "uplift_low",
    "uplift_high",
]
RATES = ("completion_rate", "conversion_rate", "test_rate", "control_rate", "uplift", "uplift_low", "uplift_high")  # fmt: skip
Z95 = 1.959964
MIN_EACH = 5  # converted and not converted, in each group, for the interval


@dataclass
class _Group:
    generated: int = 0
    done: int = 0
    converted: int = 0
    sales_fen: int = 0
    test_tasks: int = 0
    test_converted: int = 0
    control: int = 0
    control_converted: int = 0


def _rate(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def uplift(n1: int, x1: int, n2: int, x2: int) -> tuple[float | None, float | None, float | None]:
    """(difference, low, high): the difference of the proportions x1/n1 - x2/n2 with its 95%
    interval (normal approximation); the interval None when a group is too small for it
    (fewer than 5 converted or 5 not converted), everything None without both groups."""
    if not n1 or not n2:
        return None, None, None
    p1, p2 = x1 / n1, x2 / n2
    d = p1 - p2
    if min(x1, n1 - x1, x2, n2 - x2) < MIN_EACH:
        return round(d, 4), None, None
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return round(d, 4), round(d - Z95 * se, 4), round(d + Z95 * se, 4)


def _metrics(g: _Group) -> list:
    d, low, high = uplift(g.test_tasks, g.test_converted, g.control, g.control_converted)
    return [
        g.generated,
        g.done,
        _rate(g.done, g.generated),
        g.converted,
        _rate(g.converted, g.generated),
        yuan(g.sales_fen),
        g.test_tasks or None,
        _rate(g.test_converted, g.test_tasks) if g.control else None,
        g.control or None,
        g.control_converted if g.control else None,
        _rate(g.control_converted, g.control),
        d,
        low,
        high,
    ]


def _end(db: Database, alias: str) -> str:
    """The end of the conversion window of a row dated `alias`.due_on: :days days later."""
    if db.is_pg:
        return f"{alias}.due_on + CAST(:days AS INTEGER)"
    return f"date({alias}.due_on, '+' || :days || ' days')"


def period(first: date | None, last: date | None, today: date | None = None) -> tuple[date, date]:
    """--from/--to: by default the 30 days to today."""
    last = last or today or config.today()
    first = first or last - timedelta(days=29)
    if first > last:
        raise UsageError(t("tasks.report_empty_period", first=first, last=last))
    return first, last


def report(
    db: Database,
    *,
    first: date | None = None,
    last: date | None = None,
    by: str = "rule",
    days: int = 7,
    today: date | None = None,
) -> Listing:
    """One row per rule, guide or store over the tasks due from `first` to `last`: see the
    module docstring for the figures."""
    if by not in BY:
        raise UsageError(t("tasks.bad_choice", option="--by", value=by, choices="|".join(BY)))
    if days < 1:
        raise UsageError(t("tasks.report_bad_days", days=days))
    today = today or config.today()
    first, last = period(first, last, today)
    params = {"first_day": first, "last_day": last, "days": days}
    key_t, key_h = _KEY[by]
    groups: dict[object, _Group] = {}
    sql = load_sql("tasks/report_tasks").replace("/*key*/", key_t).replace("/*end*/", _end(db, "t"))
    for k, generated, done, converted, sales, test, test_conv in db.execute(sql, params):
        g = groups.setdefault(k, _Group())
        g.generated, g.done, g.converted = int(generated), int(done or 0), int(converted or 0)
        g.sales_fen, g.test_tasks, g.test_converted = (
            int(sales or 0),
            int(test or 0),
            int(test_conv or 0),
        )
    sql = (
        load_sql("tasks/report_holdout")
        .replace("/*key_h*/", key_h)
        .replace("/*end*/", _end(db, "h"))
    )
    for k, members, converted in db.execute(sql, params):
        g = groups.setdefault(k, _Group())
        g.control, g.control_converted = int(members), int(converted or 0)
    labels = _labels(db, by, list(groups))
    rows = [
        [*labels.get(k, [k] + [None] * (len(LABELS[by]) - 1)), *_metrics(g)]
        for k, g in groups.items()
    ]
    width = len(LABELS[by])
    rows.sort(key=lambda r: tuple((v is None, str(v or "")) for v in r[:width]))
    notes = [t("tasks.report_window", days=days, first=first, last=last)]
    still_open = today - timedelta(days=days - 1)
    if last >= still_open:
        notes.append(t("tasks.report_open", day=max(first, still_open)))
    if any(g.control for g in groups.values()):
        notes.append(t("tasks.report_uplift_note"))
        if any(r[-2] is None and r[-3] is not None for r in rows):
            notes.append(t("tasks.report_small", n=MIN_EACH))
    if not rows:
        notes.append(t("tasks.report_none", first=first, last=last))
    return Listing(
        [*LABELS[by], *METRICS],
        rows,
        title=t("tasks.report_title", by=heading(by), first=first, last=last),
        notes=notes,
        display=_display(),
    )


def _display() -> dict:
    from privcli.boards.formats import money_text, ratio_text

    return {**{c: ratio_text for c in RATES}, "sales": money_text}


def _labels(db: Database, by: str, keys: list) -> dict[object, list]:
    if by == "rule":
        return {k: [k] for k in keys}
    ids = [k for k in keys if k is not None]
    out: dict[object, list] = {None: [None] * len(LABELS[by])}
    if not ids:
        return out
    if by == "guide":
        sql = (
            "SELECT g.id, g.code, g.name, s.code FROM guides g LEFT JOIN stores s"
            " ON s.id = g.store_id WHERE " + db.in_list("g.id", "ids")
        )
    else:
        sql = "SELECT id, code, name, region FROM stores WHERE " + db.in_list("id", "ids")
    for r in db.execute(sql, {"ids": db.list_param(ids)}).fetchall():
        out[r[0]] = list(r[1:])
    return out


def write(listing: Listing, path: Path, *, force: bool = False) -> Path:
    """The report as a workbook (a bar chart of the conversion rate per row beside it) or a
    .csv."""
    from privcli.boards.formats import KIND_OF
    from privcli.boards.workbook import Chart, Sheet, write_result
    from privcli.boards.workbook import write as write_book

    rows = list(listing.rows)
    listing.rows = rows
    if path.suffix.lower() == ".csv":
        return write_result(listing, path, force=force)
    label = listing.columns[0]
    kinds = {c: KIND_OF[fn] for c, fn in listing.display.items() if fn in KIND_OF}
    chart = Chart("bar", t("tasks.report_chart"), label, ["conversion_rate"])
    sheet = Sheet("tasks", list(listing.columns), rows, kinds=kinds, chart=chart)
    return write_book(path, [sheet])
