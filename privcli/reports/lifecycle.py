"""`privcli report lifecycle`: how many members are new, active, dormant (沉睡) or churned
(流失) on a date, with the thresholds as options, and how members moved between the stages
from an earlier date.

On a date D, a member registered after D is not counted; otherwise the member is
- new: registered in the last `new_days` days (up to D);
- active: a paid sale in the last `active_days` days;
- dormant: the last paid sale (or, for a member who never bought, the registration) in the last
  `churn_days` days;
- churned: longer ago;
- unknown: no purchase and no registration time.
One query over the members and their last purchase counts both dates at once.
"""

from __future__ import annotations

from datetime import date, timedelta

from privcli.base import config
from privcli.base.db import Database, load_sql
from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.base.output import Document, Listing
from privcli.boards.formats import change_text, ratio_text
from privcli.boards.leaderboard import change
from privcli.boards.periods import at_midnight

STAGES = ("new", "active", "dormant", "churned", "unknown")
NOT_YET = "-"


def _stage(i: int) -> str:
    last = f"b.last{i}"
    return (
        "CASE"
        f" WHEN m.registered_at >= :end{i} THEN '{NOT_YET}'"
        f" WHEN m.registered_at >= :new{i} THEN 'new'"
        f" WHEN {last} >= :active{i} THEN 'active'"
        f" WHEN COALESCE({last}, m.registered_at) >= :churn{i} THEN 'dormant'"
        f" WHEN COALESCE({last}, m.registered_at) IS NULL THEN 'unknown'"
        " ELSE 'churned' END"
    )


def _cutoffs(i: int, day: date, new_days: int, active_days: int, churn_days: int) -> dict:
    end = day + timedelta(days=1)
    return {
        f"end{i}": at_midnight(end),
        f"new{i}": at_midnight(end - timedelta(days=new_days)),
        f"active{i}": at_midnight(end - timedelta(days=active_days)),
        f"churn{i}": at_midnight(end - timedelta(days=churn_days)),
    }


def report(
    db: Database,
    on: date | None = None,
    compare: date | None = None,
    new_days: int = 30,
    active_days: int = 90,
    churn_days: int = 180,
) -> Document:
    on = on or config.today()
    if not (new_days > 0 and 0 < active_days < churn_days):
        raise UsageError(t("reports.thresholds"))
    if compare is not None and compare >= on:
        raise UsageError(t("reports.compare_before", compare=compare, on=on))
    before = compare or on
    params = {
        **_cutoffs(0, before, new_days, active_days, churn_days),
        **_cutoffs(1, on, new_days, active_days, churn_days),
    }
    sql = (
        load_sql("reports/lifecycle")
        .replace("/*stage0*/", _stage(0))
        .replace("/*stage1*/", _stage(1))
    )
    moves: dict[tuple[str, str], int] = {}
    for r in db.query(sql, params):
        moves[(r["stage_from"], r["stage_to"])] = int(r["members"])
    now = {s: sum(n for (_, b), n in moves.items() if b == s) for s in STAGES}
    then = {s: sum(n for (a, _), n in moves.items() if a == s) for s in STAGES}
    total = sum(now.values())
    cols = ["stage", "members", "share"]
    rows = []
    for s in STAGES:
        row = [s, now[s], round(now[s] / total, 4) if total else None]
        if compare:
            row += [then[s], change(now[s], then[s])]
        rows.append(row)
    if compare:
        cols += ["previous", "change"]
    sections = [
        (
            "stages",
            Listing(
                cols,
                rows,
                title=t("reports.lifecycle_title", on=on.isoformat()),
                display={"share": ratio_text, "change": change_text},
                bar="members",
            ),
        )
    ]
    if compare:
        matrix = []
        for a in (NOT_YET, *STAGES):
            counts = [moves.get((a, b), 0) for b in STAGES]
            if any(counts):
                matrix.append([a if a != NOT_YET else "joined", *counts, sum(counts)])
        sections.append(
            (
                "movement",
                Listing(
                    ["from", *STAGES, "total"],
                    matrix,
                    title=t(
                        "reports.movement_title", compare=compare.isoformat(), on=on.isoformat()
                    ),
                ),
            )
        )
    meta = {
        "date": on.isoformat(),
        "compare": compare.isoformat() if compare else None,
        "new_days": new_days,
        "active_days": active_days,
        "churn_days": churn_days,
    }
    return Document(
        sections,
        meta=meta,
        notes=[t("reports.lifecycle_rules", new=new_days, active=active_days, churn=churn_days)],
    )
