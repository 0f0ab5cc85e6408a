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

from privcli.base import config
from privcli.base.db import Database
from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.base.selection import Selection
from privcli.guides.logic import GuideInfo, load_guides, resolve

SCOPES = ("store", "region", "chain")
STRATEGIES = ("balance", "round-robin")
WECOM_REASONS = ("resigned", "reassigned")
# owner_log.wecom_status of the moves WeCom accepted (set by the push and the status poll)
WECOM_ACCEPTED = ("pending", "accepted", "refused", "receiver_full")


def counted_moves() -> tuple[str, str]:
    """Which logged moves count toward WeCom's transfer limit, as a condition on owner_log `l`,
    and the rule's name. With WeCom configured, what WeCom accepted (pushed and not failed): a
    batch undone before it was pushed gives the quota back. Offline, every local transfer and
    undo counts, because a chain that copies the plan into the WeCom admin by hand uses up the
    same quota."""
    if config.wecom_configured():
        return "l.wecom_status IN (" + ", ".join(f"'{s}'" for s in WECOM_ACCEPTED) + ")", "wecom"
    return "1 = 1", "local"


@dataclass
class Plan:
    reason: str
    strategy: str
    scope: str
    sources: str
    guides: dict[int, GuideInfo]
    rule: str = "local"  # which moves counted toward WeCom's limit (see counted_moves)
    # (member_id, from_guide_id, to_guide_id, reason)
    moves: list[tuple[int, int | None, int, str]] = field(default_factory=list)
    skipped: list[tuple[int, int | None, str, date]] = field(default_factory=list)
    unplaced: list[tuple[int, int | None, str]] = field(default_factory=list)

    def per_receiver(self) -> list[dict]:
        """Per receiving guide: how many customers, and from whom."""
        by_to: dict[int, Counter] = defaultdict(Counter)
        unassigned = t("transfer.unassigned")
        for _, frm, to, _ in self.moves:
            by_to[to][frm] += 1
        out = []
        for to, froms in sorted(by_to.items(), key=lambda kv: self.guides[kv[0]].code):
            g = self.guides[to]
            src = ", ".join(
                f"{self.guides[f].code if f else unassigned} ×{n}"
                for f, n in sorted(froms.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
            )
            out.append(
                {
                    "to_guide": g.code,
                    "store": g.store_code,
                    "moved": sum(froms.values()),
                    "customers_after": g.customers,
                    "from": src,
                }
            )
        return out


def _check_sources(sources: list[GuideInfo], reason: str) -> None:
    for g in sources:
        if g.status == "active" and reason != "reassigned":
            raise UsageError(
                t("transfer.source_active", guide=g.code),
                hint=t("transfer.source_active_hint", guide=g.code),
            )
        if g.status == "departed" and reason == "reassigned":
            raise UsageError(t("transfer.source_departed", guide=g.code))


def _as_date(v) -> date:
    return v.date() if isinstance(v, datetime) else date.fromisoformat(str(v)[:10])


def frequency_skips(
    db: Database, today: date, candidates: str, params: dict | None = None
) -> dict[int, date]:
    """member_id -> first eligible date, for the members of `candidates` (a SELECT of member
    ids) that WeCom's rule (N transfers per D natural days, transfers and undos alike) would
    refuse today (counting the moves `counted_moves` names)."""
    limit, window = config.transfer_limit()
    counted, _ = counted_moves()
    start = datetime.combine(today - timedelta(days=window - 1), datetime.min.time())
    # the moves of the window, counted in SQL: only members at the limit come back (a batch of
    # a million customers moved once reads a handful of rows, not a million)
    moves = (
        "FROM owner_log l WHERE l.source IN ('transfer', 'undo')"
        f" AND l.changed_at >= :start AND {counted}"
    )
    rows = db.execute(
        f"SELECT l.member_id, l.changed_at {moves} AND l.member_id IN"
        f" (SELECT l.member_id {moves} AND l.member_id IN ({candidates})"
        " GROUP BY l.member_id HAVING COUNT(*) >= :limit)",
        {**(params or {}), "start": start, "limit": limit},
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

    def __init__(
        self, ids: list[int], load: dict[int, int], code: dict[int, str], cap: int, strategy: str
    ):
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


@dataclass
class Request:
    """What `privcli transfer` was asked: whose customers, to whom, how."""

    guides: list[str] = field(default_factory=list)
    all_departed: bool = False
    unassigned: bool = False
    to: list[str] = field(default_factory=list)
    strategy: str = "balance"
    scope: str = "chain"
    reason: str | None = None
    cap: int | None = None
    selection: Selection = field(default_factory=Selection)


def _check_request(req: Request) -> None:
    if not (req.guides or req.all_departed or req.unassigned):
        raise UsageError(t("transfer.no_sources"))
    if req.strategy not in STRATEGIES:
        raise UsageError(t("transfer.one_of", option="--strategy", values=", ".join(STRATEGIES)))
    if req.scope not in SCOPES:
        raise UsageError(t("transfer.one_of", option="--scope", values=", ".join(SCOPES)))
    if req.reason is not None and req.reason not in WECOM_REASONS:
        raise UsageError(t("transfer.one_of", option="--reason", values=", ".join(WECOM_REASONS)))


def _sources(everyone: dict[str, GuideInfo], req: Request, reason: str) -> list[GuideInfo]:
    """The guides whose customers move: those named, and every departed guide who still has
    customers with --all-departed; checked against the reason."""
    sources = resolve(everyone, req.guides)
    if req.all_departed:
        sources += [
            g
            for g in everyone.values()
            if g.status == "departed" and g.customers and g not in sources
        ]
    _check_sources(sources, reason)
    return sources


def _receivers(
    everyone: dict[str, GuideInfo], req: Request, source_ids: set[int]
) -> list[GuideInfo]:
    """The --to guides (active, not giving), or every active guide who is not a source."""
    if not req.to:
        return [g for g in everyone.values() if g.status == "active" and g.id not in source_ids]
    receivers = resolve(everyone, req.to)
    for g in receivers:
        if g.status != "active":
            raise UsageError(t("transfer.receiver_departed", guide=g.code))
        if g.id in source_ids:
            raise UsageError(t("transfer.gives_and_receives", guide=g.code))
    return receivers


class _Pools:
    """The receiver pools a customer of a store may draw from, nearest first: the store, its
    region, the chain (as far as --scope allows), or only the --to guides."""

    def __init__(
        self,
        db: Database,
        everyone: dict[str, GuideInfo],
        receivers: list[GuideInfo],
        req: Request,
        cap: int,
    ):
        self.load = {g.id: g.customers for g in everyone.values()}
        self.code = {g.id: g.code for g in everyone.values()}
        self.store_region = dict(db.execute("SELECT id, region FROM stores").fetchall())
        self.store_code = dict(db.execute("SELECT id, code FROM stores").fetchall())
        self.ids = [g.id for g in receivers]
        self.explicit = bool(req.to)
        self.by_store: dict = defaultdict(list)
        self.by_region: dict = defaultdict(list)
        for g in receivers:
            self.by_store[g.store_id].append(g.id)
            self.by_region[self.store_region.get(g.store_id)].append(g.id)
        self.allowed = SCOPES[: SCOPES.index(req.scope) + 1]
        self.cap, self.strategy, self.scope = cap, req.strategy, req.scope
        self.pools: dict = {}
        self.reasons: dict = {}

    def _pool(self, key) -> _Pool:
        if key not in self.pools:
            if key is None or key[0] == "chain":
                members = self.ids
            elif key[0] == "store":
                members = self.by_store.get(key[1], [])
            else:
                members = self.by_region.get(key[1], [])
            self.pools[key] = _Pool(members, self.load, self.code, self.cap, self.strategy)
        return self.pools[key]

    def for_store(self, store_id) -> list[_Pool]:
        if self.explicit:
            return [self._pool(None)]
        keys = [("store", store_id)] if store_id is not None else []
        region = self.store_region.get(store_id)
        if "region" in self.allowed and region is not None:
            keys.append(("region", region))
        if "chain" in self.allowed:
            keys.append(("chain", None))
        return [self._pool(k) for k in keys]

    def unplaced_reason(self, pools: list[_Pool], store_id) -> str:
        """Why a customer of this store found no receiver: one sentence per store, resolved
        once (a million unplaced customers share a handful)."""
        key = (bool(pools), store_id)
        if key not in self.reasons:
            if not pools:
                self.reasons[key] = t("transfer.unplaced_no_store", scope=self.scope)
            else:
                where = self.store_code.get(store_id) or t("transfer.no_store")
                self.reasons[key] = t(
                    "transfer.unplaced_full", cap=f"{self.cap:,}", scope=self.scope, store=where
                )
        return self.reasons[key]


# Candidates: the source guides' customers (and members without a guide with --unassigned),
# narrowed by the member selection, store by store (store code order, members without a store
# last), so that a million customers never sit in memory twice. `s` is the member's store, else
# its guide's.
_CANDIDATES = (
    "SELECT m.id, m.guide_id, COALESCE(m.store_id, g.store_id) AS sid FROM members m"
    " LEFT JOIN src_guides x ON x.guide_id = m.guide_id"
    " LEFT JOIN guides g ON g.id = m.guide_id"
    " LEFT JOIN stores s ON s.id = COALESCE(m.store_id, g.store_id)"
    " WHERE ({sources}){where}"
)


def plan_transfer(db: Database, req: Request, today: date | None = None) -> Plan:
    """Who goes to whom: checks, sources, receiver pools, then each candidate customer in turn
    to the nearest pool with room (or skipped at WeCom's limit, or unplaced)."""
    _check_request(req)
    today = today or config.today()
    cap = req.cap or config.guide_cap()
    reason = req.reason or "resigned"
    everyone = load_guides(db)
    sources = _sources(everyone, req, reason)
    source_ids = {g.id for g in sources}
    receivers = _receivers(everyone, req, source_ids)
    desc = " ".join(
        [g.code for g in sources if g.code in req.guides]
        + (["--all-departed"] if req.all_departed else [])
        + (["--unassigned"] if req.unassigned else [])
        + ([req.selection.describe()] if req.selection else [])
    )
    plan = Plan(reason, req.strategy, req.scope, desc, {g.id: g for g in everyone.values()})
    plan.rule = counted_moves()[1]

    req.selection.check(db)
    db.temp_table("src_guides", "guide_id BIGINT")
    db.bulk_load("src_guides", ["guide_id"], [(i,) for i in source_ids])
    where, params = req.selection.where(db)
    cond = "x.guide_id IS NOT NULL" + (" OR m.guide_id IS NULL" if req.unassigned else "")
    candidates = _CANDIDATES.format(sources=cond, where=where)
    skips = frequency_skips(db, today, f"SELECT id FROM ({candidates}) c", params)
    pools = _Pools(db, everyone, receivers, req, cap)
    ordered = candidates + " ORDER BY CASE WHEN s.code IS NULL THEN 1 ELSE 0 END, s.code, m.id"
    for store_id, group in groupby(_rows(db.execute(ordered, params)), key=lambda r: r[2]):
        nearest = pools.for_store(store_id)
        for mid, frm, _ in group:
            why = reason if frm is not None else "assigned"
            if why in WECOM_REASONS and mid in skips:
                plan.skipped.append((mid, frm, "transfer limit reached", skips[mid]))
                continue
            to_id = next((g for p in nearest if (g := p.take()) is not None), None)
            if to_id is None:
                plan.unplaced.append((mid, frm, pools.unplaced_reason(nearest, store_id)))
            else:
                plan.moves.append((mid, frm, to_id, why))
                if frm is not None:
                    pools.load[frm] -= 1
    for g in everyone.values():
        g.customers = pools.load[g.id]  # counts after the plan
    return plan


def _rows(cur):
    while batch := cur.fetchmany(10_000):
        yield from batch
