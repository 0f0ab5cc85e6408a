"""`privcli leaderboard`: guides, stores, regions or order channels ranked by one metric over a
period, against the previous period of equal length, with the other headline metrics beside it
and, for a calendar month, attainment of the month's targets.

Everything is counted set-based (counting.py: aggregate queries per metric family, run side by
side on two cores): first the metric ranked by, for every row in both periods; then the other
metrics for the rows shown only. Rows, ranks and changes are built in Python over at most tens
of thousands of rows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from privcli.base.db import Database
from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.base.money import yuan
from privcli.base.selection import Selection
from privcli.boards import customers, metrics
from privcli.boards.counting import Keying, gather
from privcli.boards.formats import (
    change_text,
    count_text,
    money_text,
    rank_change_text,
    ratio_text,
    status_text,
)
from privcli.boards.metrics import FAMILY, METRICS, RATIOS
from privcli.boards.periods import Period, board_period
from privcli.orders.channels import LABELS
from privcli.targets.logic import channel_targets, for_rows

KEY_COLUMN = {"guide": "guide_id", "store": "store_code", "region": "region", "channel": "channel"}
HEAD = {
    "guide": ["guide_id", "name", "store_code", "region", "status"],
    "store": ["store_code", "name", "region"],
    "region": ["region", "name"],
    "channel": ["channel", "name"],
}


@dataclass
class Board:
    """A leaderboard, ready to print or write: `rows` under `columns`, best first."""

    by: str
    metric: str
    period: Period
    previous: Period
    columns: list[str]
    rows: list[list]
    left_out: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def kinds(self) -> dict[str, str]:
        """column -> money | count | ratio | change | text, for formatting."""
        out = {c: "text" for c in self.columns}
        for m in METRICS:
            if m in out:
                out[m] = metrics.kind(m)
        out["previous"] = out[self.metric]
        out["change"] = "change"
        out["rank"] = "count"
        for c in ("target", "gap"):
            if c in out:
                out[c] = "money"
        if "attainment" in out:
            out["attainment"] = "ratio"
        return out


def rank(scores: dict) -> dict:
    """key -> rank, best first; ties share a rank (1, 2, 2, 4); None scores get no rank."""
    ordered = sorted(((s, k) for k, s in scores.items() if s is not None), key=lambda sk: -sk[0])
    out, prev, r = {}, None, 0
    for i, (s, k) in enumerate(ordered, 1):
        if s != prev:
            r, prev = i, s
        out[k] = r
    return out


def _entities(db: Database, by: str, stores: set[int] | None) -> dict:
    """key -> head values (after the key) of every row the board may show."""
    if by == "guide":
        rows = db.execute(
            "SELECT g.id, g.code, g.name, s.code, s.region, g.status, g.store_id"
            " FROM guides g LEFT JOIN stores s ON s.id = g.store_id"
        ).fetchall()
        return {
            r[0]: [r[1], r[2], r[3], r[4], r[5]] for r in rows if stores is None or r[6] in stores
        }
    if by == "store":
        rows = db.execute("SELECT id, code, name, region FROM stores").fetchall()
        return {r[0]: [r[1], r[2], r[3]] for r in rows if stores is None or r[0] in stores}
    if by == "region":
        rows = db.execute("SELECT id, region FROM stores WHERE region IS NOT NULL").fetchall()
        return {r[1]: [r[1], r[1]] for r in rows if stores is None or r[0] in stores}
    return {}


def _allowed_stores(db: Database, stores: tuple, regions: tuple) -> set[int] | None:
    if not stores and not regions:
        return None
    Selection(stores=stores, regions=regions).check(db)
    sql, params = "SELECT id FROM stores WHERE 1 = 1", {}
    if stores:
        sql += " AND " + db.in_list("code", "codes")
        params["codes"] = db.list_param(stores)
    if regions:
        sql += " AND " + db.in_list("region", "regions")
        params["regions"] = db.list_param(regions)
    return {i for (i,) in db.execute(sql, params).fetchall()}


def _active(comp: dict | None) -> bool:
    """Did anything happen on the metric ranked by (a sale, a new member, a coupon, a task)?
    Owning customers is not activity: a departed guide whose customers wait for a transfer is
    not on the board."""
    return any(v for k, v in (comp or {}).items() if k != "customers")


# Tasks of up to this many guides are read guide by guide (an index range each), conversion when
# their customers are at most this many (an index probe each); beyond, one pass over the period.
RESTRICT_GUIDES = 5000
RESTRICT_CUSTOMERS = 50_000


def _others(db, keying: Keying, p: Period, families: set, keys: list, cur: dict, workers: int):
    """Add the other metrics of the rows shown to `cur`. Tasks and conversion, counted per
    guide, are read from the shown rows' guides' side when they are few (the top 20 of 40,000
    guides): their indexes instead of every task and buyer of the period."""
    if not families or not keys:
        return
    wanted = set(keys)
    if keying.by == "guide":
        guides = [k for k in keys if k is not None]
    elif keying.by == "channel":
        guides = []
    else:
        guides = [g for g in keying.guide_store if keying.of_guide(g) in wanted]
    few = guides if len(guides) <= RESTRICT_GUIDES else None
    requests = [(p.start, p.end, families - {"conversion"}, few)]
    if "conversion" in families:
        counts = customers.current(db) if few is not None else {}
        small = few is not None and sum(counts.get(g, 0) for g in few) <= RESTRICT_CUSTOMERS
        requests.append((p.start, p.end, {"conversion"}, few if small else None))
    for more in gather(db, keying, requests, workers=workers):
        for k in wanted:
            if k in more:
                cur.setdefault(k, {}).update(more[k])


def change(cur, prev) -> float | None:
    """(cur - prev) / |prev|, as a fraction; None without a previous value."""
    if cur is None or prev is None or prev == 0:
        return None
    return round((float(cur) - float(prev)) / abs(float(prev)), 4)


def build(
    db: Database,
    *,
    by: str = "guide",
    metric: str = "sales",
    period: str = "month",
    stores: tuple = (),
    regions: tuple = (),
    top: int = 20,
    workers: int | None = None,
) -> Board:
    """Compute a leaderboard. Refuses an unknown metric, a metric the rows do not have, an
    impossible period and unknown stores or regions before reading any order. The metric
    ranked by is counted for every row in both periods (ranks and rank changes need them all);
    the other metrics only for the rows shown."""
    if workers is None:
        workers = min(4, os.cpu_count() or 1)
    if by not in metrics.BY:
        raise UsageError(t("boards.unknown_by", value=by), hint=", ".join(metrics.BY))
    metric = metrics.check_metric(metric, by)
    cur_p = board_period(period)
    prev_p = cur_p.previous()
    if by == "region" and stores:
        raise UsageError(t("boards.store_by_region"))
    allowed = _allowed_stores(db, stores, regions)
    keying = Keying(by, stores=sorted(allowed) if by == "channel" and allowed is not None else None)
    keying.load(db)
    shown = metrics.CHANNEL_METRICS if by == "channel" else METRICS
    # first the metric ranked by, for every row and both periods; then the other metrics for
    # the rows shown only (see _others). Stores, regions and channels are few: their other
    # metrics (but tasks, read per guide) cost no more for all of them, and are counted beside
    # the first ones (the top stores own too many customers for conversion to be read
    # customer by customer anyway).
    primary = {FAMILY[metric]}
    first = primary if by == "guide" else {FAMILY[m] for m in shown} - {"tasks"}
    cur, prev = gather(
        db,
        keying,
        [(cur_p.start, cur_p.end, first, None), (prev_p.start, prev_p.end, primary, None)],
        workers=workers,
    )
    primary = first

    entities = _entities(db, by, allowed)
    if by == "channel":
        entities = {
            k: [k or None, LABELS.get(k, k) if k else t("boards.no_channel")] for k in {*cur, *prev}
        }
    keys = [
        k
        for k, head in entities.items()
        if by != "guide" or head[4] != "departed" or _active(cur.get(k)) or _active(prev.get(k))
    ]
    now_scores = {k: metrics.score(metric, cur.get(k)) for k in keys}
    ranks = rank(now_scores)
    before = {}
    for k in keys:
        v = metrics.value(metric, prev.get(k))
        if v is not None and (metric in RATIOS or metric == "aov" or v != 0):
            before[k] = float(v)
    prev_ranks = rank(before)

    goal, goal_period = {}, cur_p.target_period
    if goal_period:
        if by == "channel":
            goal = channel_targets(db, goal_period)
        else:
            by_code = for_rows(db, goal_period, by)
            goal = {k: by_code[entities[k][0]] for k in keys if entities[k][0] in by_code}
    columns = [
        "rank",
        *HEAD[by],
        metric,
        "previous",
        "change",
        "rank_change",
        *(["target", "attainment", "gap"] if goal else []),
        *[m for m in shown if m != metric],
    ]
    order = sorted(keys, key=lambda k: (ranks.get(k) is None, ranks.get(k, 0), str(entities[k][0])))
    if top and len(order) > top:
        cut = ranks.get(order[top - 1])
        last = top
        while last < len(order) and cut is not None and ranks.get(order[last]) == cut:
            last += 1  # rows tied with the last one shown are shown too
        left_out = len(order) - last
        order = order[:last]
    else:
        left_out = 0
    _others(db, keying, cur_p, {FAMILY[m] for m in shown} - primary, order, cur, workers)
    rows = []
    for k in order:
        comp = cur.get(k)
        v = metrics.value(metric, comp)
        pv = metrics.value(metric, prev.get(k))
        r, pr = ranks.get(k), prev_ranks.get(k)
        moved = None if r is None else "new" if pr is None else pr - r
        row = [r, *entities[k], v, pv, change(v, pv), moved]
        if goal:
            sales_fen = (comp or {}).get("sales_fen", 0)
            g = goal.get(k)
            row += [
                yuan(g),
                round(sales_fen / g, 4) if g else None,
                yuan(g - sales_fen) if g is not None else None,
            ]
        row += [metrics.value(m, comp) for m in shown if m != metric]
        rows.append(row)
    return Board(by, metric, cur_p, prev_p, columns, rows, left_out)


# -- presentation helpers (used by the renderer for people, and by the workbook) ----------------


def display(board: Board) -> dict:
    """column -> text for people (table, plain, markdown, the workbook's text columns)."""
    kinds = board.kinds
    out = {}
    for c in board.columns:
        kind = kinds[c]
        if kind == "money":
            out[c] = money_text
        elif kind == "ratio":
            out[c] = ratio_text
        elif kind == "change":
            out[c] = change_text
        elif kind == "count":
            out[c] = count_text
    out["rank_change"] = rank_change_text
    if "status" in board.columns:
        out["status"] = status_text
    return out
