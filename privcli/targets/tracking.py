"""`privcli targets report`: targets against actual sales, down the hierarchy (chain → regions
→ stores → guides, or by channel), with where the period stands in time and the daily run rate
the rest of the period needs.

Actual sales are read once, summed by store, guide and channel (sql/boards/actuals.sql), then
rolled up in Python to every target's scope and channel.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from privcli.base import config
from privcli.base.db import Database, load_sql
from privcli.base.messages import t
from privcli.base.money import yuan
from privcli.base.output import Listing
from privcli.boards.formats import money_text, ratio_text
from privcli.boards.periods import Period, target_period

LEVELS = ("chain", "region", "store", "guide")
COLUMNS = [
    "level",
    "code",
    "name",
    "channel",
    "target",
    "actual",
    "attainment",
    "time_progress",
    "gap",
    "need_per_day",
    "per_day_so_far",
]


def _actuals(db: Database, p: Period, through: date | None) -> dict[tuple, int]:
    """(scope, code, channel) -> sales (fen) from the start of the period to `through`, for
    every scope and for the channel '' (all channels) as well as each channel."""
    out: dict[tuple, int] = {}
    if through is None:
        return out
    stores = {
        i: (code, region)
        for i, code, region in db.execute("SELECT id, code, region FROM stores").fetchall()
    }
    guides = dict(db.execute("SELECT id, code FROM guides").fetchall())
    params = {
        "start": datetime.combine(p.start, datetime.min.time()),
        "end": datetime.combine(through + timedelta(days=1), datetime.min.time()),
    }
    for store_id, guide_id, channel, fen in db.execute(load_sql("targets/actuals"), params):
        fen = int(fen or 0)
        code, region = stores.get(store_id, (None, None))
        scopes = [("chain", "")]
        if region is not None:
            scopes.append(("region", region))
        if code is not None:
            scopes.append(("store", code))
        if guide_id in guides:
            scopes.append(("guide", guides[guide_id]))
        for scope, c in scopes:
            for ch in ("", channel or ""):
                out[(scope, c, ch)] = out.get((scope, c, ch), 0) + fen
                if not channel:
                    break
    return out


def report(db: Database, period: str, by: str = "store") -> Listing:
    p = target_period(period)
    today = config.today()
    through = min(p.end, today) if today >= p.start else None
    elapsed = (through - p.start).days + 1 if through else 0
    remaining = p.days - elapsed
    depth = LEVELS.index(by) if by in LEVELS else len(LEVELS) - 1
    rows = db.query(
        "SELECT scope, scope_code, channel, amount_fen FROM targets WHERE period = :p",
        {"p": p.label},
    )
    if by == "channel":
        rows = [r for r in rows if r["channel"]]
    else:
        rows = [r for r in rows if not r["channel"] and LEVELS.index(r["scope"]) <= depth]
    actual = _actuals(db, p, through)
    names = _names(db)
    out = []
    for r in rows:
        scope, code, channel, goal = r["scope"], r["scope_code"], r["channel"], int(r["amount_fen"])
        act = actual.get((scope, code, channel), 0)
        gap = goal - act
        out.append(
            (
                _path(scope, code, channel, names, by),
                [
                    scope,
                    code or None,
                    names.get((scope, code)),
                    channel or None,
                    yuan(goal),
                    yuan(act),
                    round(act / goal, 4) if goal else None,
                    round(elapsed / p.days, 4),
                    yuan(gap),
                    yuan(-(-max(gap, 0) // remaining)) if remaining > 0 else None,
                    yuan(act // elapsed) if elapsed else None,
                ],
            )
        )
    out.sort(key=lambda x: x[0])
    notes = [
        t(
            "targets.report_time",
            period=p.label,
            elapsed=elapsed,
            days=p.days,
            remaining=remaining,
        )
    ]
    if not rows:
        notes.append(t("targets.no_targets", period=p.label))
    money = dict.fromkeys(("target", "actual", "gap", "need_per_day", "per_day_so_far"), money_text)
    return Listing(
        COLUMNS,
        [row for _, row in out],
        title=t("targets.report_title", period=p.label),
        display={**money, "attainment": ratio_text, "time_progress": ratio_text},
        notes=notes,
    )


def _names(db: Database) -> dict[tuple, object]:
    """(scope, code) -> name, and the hierarchy: ('store@', code) -> region, ('guide@', code) ->
    store code."""
    out: dict[tuple, object] = {}
    for code, name, region in db.execute("SELECT code, name, region FROM stores").fetchall():
        out[("store", code)] = name
        out[("store@", code)] = region or ""
        if region:
            out[("region", region)] = region
    for code, name, store in db.execute(
        "SELECT g.code, g.name, s.code FROM guides g LEFT JOIN stores s ON s.id = g.store_id"
    ).fetchall():
        out[("guide", code)] = name
        out[("guide@", code)] = store or ""
    return out


def _path(scope: str, code: str, channel: str, names: dict, by: str) -> tuple:
    """Sort key that puts each row under its parents: chain, region, store, guide."""
    if scope == "chain":
        path: tuple = (0,)
    elif scope == "region":
        path = (1, code)
    elif scope == "store":
        path = (1, names.get(("store@", code), ""), 1, code)
    else:
        store = names.get(("guide@", code), "")
        path = (1, names.get(("store@", store), ""), 1, store, 1, code)
    return (channel, path) if by == "channel" else path
