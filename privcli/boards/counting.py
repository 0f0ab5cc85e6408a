"""How the metrics' components are counted: set-based SQL (one file per family in sql/boards/),
keyed by what a row is, for one period or day by day, one query after the other or side by
side on connections of their own. metrics.py says what the metrics are and how their values
follow from the components.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from privcli.base.db import Database, iso, load_sql

# the guide and store column of each table a metric reads
_COLUMNS = {
    "o": ("o.guide_id", "o.store_id"),
    "m": ("m.acquired_by", "m.store_id"),
    "c": ("c.issued_guide_id", "c.store_id"),
}


@dataclass
class Keying:
    """What a row is. `by`: guide | store | region | channel | chain (one row: everything) |
    team (a contest's: guides or stores, `team_of`, listed in contest_members for
    `contest_id`). `stores`: when set, only orders of these store ids count (the channel
    board's --store/--region)."""

    by: str
    team_of: str | None = None
    contest_id: int | None = None
    stores: list[int] | None = None
    guide_store: dict[int, int | None] = field(default_factory=dict)
    store_region: dict[int, str | None] = field(default_factory=dict)
    teams: dict[int, str] = field(default_factory=dict)

    def load(self, db: Database) -> Keying:
        """Read what rolling guides up to stores, regions and teams needs (tens of thousands
        of rows at most)."""
        self.guide_store = dict(db.execute("SELECT id, store_id FROM guides").fetchall())
        self.store_region = dict(db.execute("SELECT id, region FROM stores").fetchall())
        if self.by == "team":
            self.teams = dict(
                db.execute(
                    "SELECT ref_id, team FROM contest_members WHERE contest_id = :c",
                    {"c": self.contest_id},
                ).fetchall()
            )
        return self

    def fragments(self, alias: str) -> tuple[str, str]:
        """(key expression, join) over the table aliased `alias` (o, m or c)."""
        guide, store = _COLUMNS[alias]
        if self.by == "chain":
            return "'chain'", ""
        if self.by == "guide":
            return guide, ""
        if self.by == "store":
            return store, ""
        if self.by == "region":
            return "rs.region", f"JOIN stores rs ON rs.id = {store}"
        if self.by == "channel":
            return "COALESCE(o.channel, '')", ""  # '': orders without a channel
        ref = guide if self.team_of == "guide" else store
        return (
            "bk.team",
            f"JOIN contest_members bk ON bk.contest_id = :contest AND bk.ref_id = {ref}",
        )

    def of_guide(self, guide_id):
        """The row a guide's figures add up to (tasks and conversion are counted per guide)."""
        if self.by == "guide":
            return guide_id
        if self.by == "chain":
            return "chain"
        store = self.guide_store.get(guide_id)
        if self.by == "store":
            return store
        if self.by == "region":
            return self.store_region.get(store) if store is not None else None
        if self.by == "team":
            return self.teams.get(guide_id if self.team_of == "guide" else store)
        return None


def _day(db: Database, column: str) -> str:
    return f"CAST({column} AS DATE)" if db.is_pg else f"substr({column}, 1, 10)"


def _sql(name: str, **parts: str) -> str:
    sql = load_sql(f"boards/{name}")
    for marker, text in parts.items():
        sql = sql.replace(f"/*{marker.replace('_', ' ')}*/", text)
    return sql


@dataclass(frozen=True)
class Query:
    """One aggregate query of a family. `per_guide`: its keys are guide ids, rolled up to the
    row (tasks, conversion); `start_day`: rows without a day belong to the first day (the
    conversion base, fixed at the start)."""

    sql: str
    params: dict
    per_guide: bool = False
    start_day: str | None = None


def _bounds(keying: Keying, start: date, end: date) -> dict:
    params = {
        "start": datetime.combine(start, datetime.min.time()),
        "end": datetime.combine(end + timedelta(days=1), datetime.min.time()),
        "first_day": start,
        "last_day": end,
    }
    if keying.contest_id is not None:
        params["contest"] = keying.contest_id
    return params


def queries(
    db: Database,
    keying: Keying,
    family: str,
    start: date,
    end: date,
    daily: bool = False,
    guides: list[int] | None = None,
) -> list[Query]:
    """The queries that count one family's components for days start..end. `guides`: only
    these guides' tasks and conversion are needed (the rows a leaderboard shows), read from
    the guides' side through their indexes instead of the whole period."""
    params = _bounds(keying, start, end)
    where = ""
    if family in ("sales", "buyers") and keying.stores is not None:
        where = " AND " + db.in_list("o.store_id", "stores")
        params["stores"] = db.list_param(keying.stores)
    if guides is not None:
        params["guides"] = db.list_param(guides)

    def day(column: str) -> str:
        return f", {_day(db, column)} AS d" if daily else ""

    by_day = ", d" if daily else ""
    if family == "tasks":
        only = " AND " + db.in_list("t.guide_id", "guides") if guides is not None else ""
        sql = _sql("tasks", day=", t.due_on AS d" if daily else "", by_day=by_day, guides=only)
        return [Query(sql, params, per_guide=True)]
    if family == "conversion":
        if guides is not None and not daily:
            sql = load_sql("boards/conversion_for")
            for column in ("m.guide_id", "l.from_guide_id"):
                sql = sql.replace(f"/*guides {column}*/", db.in_list(column, "guides"))
            return [Query(sql, params, per_guide=True)]
        first = f", MIN({_day(db, 'o.paid_at')}) AS d" if daily else ""
        converted = _sql(
            "converted",
            first_day=first,
            buyer_day=", b.d AS d" if daily else "",
            by_day=by_day,
        )
        base_day = start.isoformat() if daily else None
        return [
            Query(load_sql("boards/customers_at"), params, per_guide=True, start_day=base_day),
            Query(converted, params, per_guide=True),
        ]
    alias = {"new_members": "m", "coupons": "c"}.get(family, "o")
    key, join = keying.fragments(alias)
    parts = {"key": key, "join": join, "where": where, "by_day": by_day}
    if family == "sales":
        sql = _sql("sales", day=day("o.paid_at"), **parts)
    elif family == "buyers" and daily:
        sql = _sql("buyers_daily", first_day=f", MIN({_day(db, 'o.paid_at')}) AS d", **parts)
    elif family == "buyers":
        sql = _sql("buyers", **parts)
    elif family == "new_members":
        sql = _sql("new_members", day=day("m.registered_at"), **parts)
    elif family == "coupons":
        sql = _sql(
            "coupons", issued_day=day("c.issued_at"), redeemed_day=day("c.redeemed_at"), **parts
        )
    else:  # pragma: no cover - families are fixed
        raise ValueError(family)
    return [Query(sql, params)]


def _collect(keying: Keying, q: Query, names: list[str], rows: list, daily: bool, out: dict):
    """Add a query's rows to `out`: key (or (key, day)) -> {component: int}. Tens of thousands
    of rows per query: kept to plain loops."""
    ki = names.index("k")
    di = names.index("d") if "d" in names else None
    parts = [(i, n) for i, n in enumerate(names) if n not in ("k", "d")]
    of_guide = keying.of_guide if q.per_guide else None
    for row in rows:
        k = row[ki] if of_guide is None else of_guide(row[ki])
        if k is None:
            continue
        if daily:
            k = (k, iso(row[di]) if di is not None and row[di] is not None else q.start_day)
        have = out.get(k)
        if have is None:
            have = out[k] = {}
        for i, n in parts:
            v = row[i]
            if v:
                have[n] = have.get(n, 0) + int(v)


def _run(db: Database, q: Query) -> tuple[list[str], list]:
    cur = db.execute(q.sql, q.params)
    return [d[0] for d in cur.description], cur.fetchall()


def components(
    db: Database,
    keying: Keying,
    start: date,
    end: date,
    families: Iterable[str],
    *,
    daily: bool = False,
) -> dict:
    """Components of the given families for days start..end (inclusive), by row key (or by
    (key, day) with `daily`: each buyer and converted customer on their first day)."""
    out: dict = {}
    for family in dict.fromkeys(families):
        for q in queries(db, keying, family, start, end, daily):
            _collect(keying, q, *_run(db, q), daily, out)
    return out


def gather(
    db: Database,
    keying: Keying,
    requests: list[tuple[date, date, Iterable[str], list[int] | None]],
    workers: int,
) -> list[dict]:
    """`components` of several (start, end, families, guides) at once (see `queries` for
    guides): the queries run side by side, each on a read connection of its own (sqlite3 and
    psycopg release the GIL while a query runs; PostgreSQL runs each in its own backend), so a
    leaderboard's aggregates take about the time of the longest ones rather than their sum. As
    with the statements of one connection in autocommit mode, each query sees what was
    committed when it started."""
    jobs = [
        (i, q)
        for i, (start, end, families, guides) in enumerate(requests)
        for family in dict.fromkeys(families)
        for q in queries(db, keying, family, start, end, guides=guides)
    ]
    outs: list[dict] = [{} for _ in requests]
    if workers <= 1 or len(jobs) <= 1:
        for i, q in jobs:
            _collect(keying, q, *_run(db, q), False, outs[i])
        return outs

    def run(q: Query) -> tuple[list[str], list]:
        conn = Database(db.url)
        try:
            return _run(conn, q)
        finally:
            conn.close()

    # the conversion queries read the most (buyers joined to their members): start them first
    jobs.sort(key=lambda job: not job[1].per_guide)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [(i, q, pool.submit(run, q)) for i, q in jobs]
        for i, q, future in futures:
            _collect(keying, q, *future.result(), False, outs[i])
    return outs
