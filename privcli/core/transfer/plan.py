"""Planning a customer handover (离职继承 / 在职继承): who goes to whom.

Receivers are active guides of the customer's store, filled least-loaded first so that their
customer counts end as even as possible (ties broken by guide id, so a plan is reproducible);
if the store has no active guide with room, the region, then the whole chain (--scope limits
how far). No receiver goes over the per-guide cap. Customers that WeCom would refuse to move
(more than N transfers in D natural days) are skipped with the date they become eligible.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby

from privcli import config
from privcli.core.transfer.guides import GuideInfo, load_guides, resolve
from privcli.db import Database
from privcli.errors import UsageError

SCOPES = ("store", "region", "chain")
STRATEGIES = ("balance", "round-robin")
WECOM_REASONS = ("resigned", "reassigned")


@dataclass
class Plan:
    reason: str
    strategy: str
    scope: str
    sources: str
    guides: dict[int, GuideInfo]
    # (member_id, from_guide_id, to_guide_id, reason)
    moves: list[tuple[int, int | None, int, str]] = field(default_factory=list)
    skipped: list[tuple[int, int | None, str, date]] = field(default_factory=list)
    unplaced: list[tuple[int, int | None, str]] = field(default_factory=list)

    def per_receiver(self) -> list[dict]:
        """Per receiving guide: how many customers, and from whom."""
        by_to: dict[int, Counter] = defaultdict(Counter)
        for _, frm, to, _ in self.moves:
            by_to[to][frm] += 1
        out = []
        for to, froms in sorted(by_to.items(), key=lambda kv: self.guides[kv[0]].code):
            g = self.guides[to]
            src = ", ".join(
                f"{self.guides[f].code if f else 'unassigned'} ×{n}"
                for f, n in sorted(froms.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
            )
            out.append({"to_guide": g.code, "store": g.store_code, "moved": sum(froms.values()),
                        "customers_after": g.customers, "from": src})  # fmt: skip
        return out


def _check_sources(sources: list[GuideInfo], reason: str) -> None:
    for g in sources:
        if g.status == "active" and reason != "reassigned":
            raise UsageError(
                f"guide {g.code} is still active: moving an active guide's customers (在职继承) "
                "needs --reason reassigned; nothing was changed",
                hint=f"privcli guides depart {g.code} first if the guide has left",
            )
        if g.status == "departed" and reason == "reassigned":
            raise UsageError(
                f"guide {g.code} has departed: use --reason resigned (离职继承); nothing was changed"
            )


def _as_date(v) -> date:
    return v.date() if isinstance(v, datetime) else date.fromisoformat(str(v)[:10])


def _frequency_skips(db: Database, today: date, unassigned: bool) -> dict[int, date]:
    """member_id -> first eligible date, for candidates at WeCom's transfer limit."""
    limit, window = config.transfer_limit()
    start = datetime.combine(today - timedelta(days=window - 1), datetime.min.time())
    join = "LEFT JOIN src_guides x ON x.guide_id = m.guide_id"
    cond = "(x.guide_id IS NOT NULL" + (" OR m.guide_id IS NULL)" if unassigned else ")")
    rows = db.execute(
        f"SELECT l.member_id, l.changed_at FROM owner_log l JOIN members m ON m.id = l.member_id"
        f" {join} WHERE {cond} AND l.source IN ('transfer', 'undo') AND l.changed_at >= :start",
        {"start": start},
    ).fetchall()
    dates: dict[int, list[date]] = defaultdict(list)
    for mid, at in rows:
        dates[mid].append(_as_date(at))
    out = {}
    for mid, ds in dates.items():
        if len(ds) >= limit:
            ds.sort()
            out[mid] = ds[len(ds) - limit] + timedelta(days=window)
    return out


class _Pool:
    """Receivers at one level (store, region or chain), handing out places."""

    def __init__(self, ids: list[int], load: dict[int, int], code: dict[int, str], cap: int,
                 strategy: str):  # fmt: skip
        self.load, self.cap, self.strategy = load, cap, strategy
        ordered = sorted(ids, key=lambda g: code[g])
        if strategy == "balance":
            self.heap = [(load[g], code[g], g) for g in ordered if load[g] < cap]
            heapq.heapify(self.heap)
        else:
            self.ring = [g for g in ordered if load[g] < cap]
            self.pos = 0

    def take(self) -> int | None:
        if self.strategy == "balance":
            while self.heap:
                n, c, g = self.heap[0]
                if n != self.load[g]:  # load changed through another pool: refresh
                    heapq.heapreplace(self.heap, (self.load[g], c, g))
                    continue
                if n >= self.cap:
                    heapq.heappop(self.heap)
                    continue
                self.load[g] = n + 1
                heapq.heapreplace(self.heap, (n + 1, c, g))
                return g
            return None
        while self.ring:
            self.pos %= len(self.ring)
            g = self.ring[self.pos]
            if self.load[g] >= self.cap:
                self.ring.pop(self.pos)
                continue
            self.load[g] += 1
            self.pos += 1
            return g
        return None


def plan_transfer(
    db: Database,
    *,
    guides: list[str] | None = None,
    all_departed: bool = False,
    unassigned: bool = False,
    to: list[str] | None = None,
    strategy: str = "balance",
    scope: str = "chain",
    reason: str | None = None,
    cap: int | None = None,
    today: date | None = None,
) -> Plan:
    if not (guides or all_departed or unassigned):
        raise UsageError(
            "name the guides whose customers move, or use --all-departed / --unassigned"
        )
    if strategy not in STRATEGIES:
        raise UsageError(f"--strategy must be one of {', '.join(STRATEGIES)}")
    if scope not in SCOPES:
        raise UsageError(f"--scope must be one of {', '.join(SCOPES)}")
    if reason is not None and reason not in WECOM_REASONS:
        raise UsageError(f"--reason must be one of {', '.join(WECOM_REASONS)}")
    today = today or config.today()
    cap = cap or config.guide_cap()
    reason = reason or "resigned"
    everyone = load_guides(db)
    sources = resolve(everyone, guides or [])
    if all_departed:
        sources += [g for g in everyone.values()
                    if g.status == "departed" and g.customers and g not in sources]  # fmt: skip
    _check_sources(sources, reason)
    source_ids = {g.id for g in sources}
    if to:
        receivers = resolve(everyone, to)
        for g in receivers:
            if g.status != "active":
                raise UsageError(f"guide {g.code} has departed and cannot receive customers")
            if g.id in source_ids:
                raise UsageError(f"guide {g.code} is both giving and receiving customers")
    else:
        receivers = [
            g for g in everyone.values() if g.status == "active" and g.id not in source_ids
        ]
    by_id = {g.id: g for g in everyone.values()}
    desc = " ".join([g.code for g in sources if g.code in (guides or [])]
                    + (["--all-departed"] if all_departed else [])
                    + (["--unassigned"] if unassigned else []))  # fmt: skip
    plan = Plan(reason, strategy, scope, desc, by_id)

    db.temp_table("src_guides", "guide_id BIGINT")
    db.bulk_load("src_guides", ["guide_id"], [(i,) for i in source_ids])
    skips = _frequency_skips(db, today, unassigned)

    load = {g.id: g.customers for g in everyone.values()}
    code = {g.id: g.code for g in everyone.values()}
    store_region = dict(db.execute("SELECT id, region FROM stores").fetchall())
    store_code = dict(db.execute("SELECT id, code FROM stores").fetchall())
    ids = [g.id for g in receivers]
    if to:
        levels = lambda store_id: [("the --to guides", None)]  # noqa: E731
    else:
        by_store: dict = defaultdict(list)
        by_region: dict = defaultdict(list)
        for g in receivers:
            by_store[g.store_id].append(g.id)
            by_region[store_region.get(g.store_id)].append(g.id)
        allowed = SCOPES[: SCOPES.index(scope) + 1]

        def levels(store_id):
            out = [("store", ("store", store_id))] if store_id is not None else []
            region = store_region.get(store_id)
            if "region" in allowed and region is not None:
                out.append(("region", ("region", region)))
            if "chain" in allowed:
                out.append(("chain", ("chain", None)))
            return out

    pools: dict = {}

    def pool(key) -> _Pool:
        if key not in pools:
            if key is None or key[0] == "chain":
                members = ids
            elif key[0] == "store":
                members = by_store.get(key[1], [])
            else:
                members = by_region.get(key[1], [])
            pools[key] = _Pool(members, load, code, cap, strategy)
        return pools[key]

    # Candidates stream store by store (store code order, members without a store last), so
    # that a million customers never sit in memory twice.
    cond = "x.guide_id IS NOT NULL" + (" OR m.guide_id IS NULL" if unassigned else "")
    candidates = db.execute(
        "SELECT m.id, m.guide_id, COALESCE(m.store_id, g.store_id) AS sid FROM members m"
        " LEFT JOIN src_guides x ON x.guide_id = m.guide_id"
        " LEFT JOIN guides g ON g.id = m.guide_id"
        " LEFT JOIN stores s ON s.id = COALESCE(m.store_id, g.store_id)"
        f" WHERE {cond}"
        " ORDER BY CASE WHEN s.code IS NULL THEN 1 ELSE 0 END, s.code, m.id"
    )
    for store_id, group in groupby(_rows(candidates), key=lambda r: r[2]):
        chain_of_pools = [pool(key) for _, key in levels(store_id)]
        for mid, frm, _ in group:
            why = reason if frm is not None else "assigned"
            if why in WECOM_REASONS and mid in skips:
                plan.skipped.append((mid, frm, "transfer limit reached", skips[mid]))
                continue
            to_id = None
            for p in chain_of_pools:
                to_id = p.take()
                if to_id is not None:
                    break
            if to_id is None:
                why_not = _unplaced_reason(chain_of_pools, store_id, store_code, scope, cap)
                plan.unplaced.append((mid, frm, why_not))
            else:
                plan.moves.append((mid, frm, to_id, why))
                if frm is not None:
                    load[frm] -= 1
    for g in everyone.values():
        g.customers = load[g.id]  # counts after the plan
    return plan


def _rows(cur):
    while batch := cur.fetchmany(10_000):
        yield from batch


def _unplaced_reason(pools, store_id, store_code, scope, cap) -> str:
    if not pools:
        return f"no receiver within --scope {scope} (the member has no store)"
    where = store_code.get(store_id) or "no store"
    return f"no active guide with room (cap {cap:,}) within --scope {scope} of store {where}"
