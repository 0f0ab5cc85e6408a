"""PK contests (门店 PK / 导购 PK): teams of stores or of guides compete on one metric over a
date range. A team's score is its metric computed over the whole team (its sales, or its
converted customers over its customers), never a sum of its members' percentages; each store or
guide is in at most one team of a contest.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, timedelta

from privcli.base import config
from privcli.base.db import Database, iso
from privcli.base.errors import NotFound, UsageError
from privcli.base.messages import t
from privcli.boards import metrics
from privcli.boards.counting import Keying, components
from privcli.boards.leaderboard import rank
from privcli.boards.metrics import FAMILY


@dataclass
class Team:
    name: str
    codes: list[str]


def parse_team(text: str) -> Team:
    """'A=SH01,SH02' (also 'A:SH01 SH02', full-width separators)."""
    s = text.replace("＝", "=").replace("：", ":").replace("，", ",")
    name, sep, rest = s.partition("=")
    if not sep:
        name, sep, rest = s.partition(":")
    codes = [c.strip() for c in rest.replace(" ", ",").split(",") if c.strip()]
    if not sep or not name.strip() or not codes:
        raise UsageError(t("boards.bad_team", value=text), hint=t("boards.team_hint"))
    return Team(name.strip(), codes)


def _close(code: str, known) -> str:
    close = difflib.get_close_matches(code, list(known), n=3, cutoff=0.5)
    return t("boards.did_you_mean", values=", ".join(close)) if close else ""


def _resolve(db: Database, teams: list[Team], team_of: str | None) -> tuple[str, dict[str, int]]:
    """Whether the teams are made of stores or guides, and code -> id."""
    stores = dict(db.execute("SELECT code, id FROM stores").fetchall())
    guides = dict(db.execute("SELECT code, id FROM guides").fetchall())
    codes = [c for tm in teams for c in tm.codes]
    if team_of is None:
        in_stores = all(c in stores for c in codes)
        in_guides = all(c in guides for c in codes)
        if in_stores and in_guides:
            raise UsageError(t("boards.ambiguous_teams"), hint=t("boards.team_of_hint"))
        if in_stores or in_guides:
            team_of = "store" if in_stores else "guide"
        else:
            team_of = (
                "store"
                if sum(c in stores for c in codes) >= sum(c in guides for c in codes)
                else "guide"
            )
    known = stores if team_of == "store" else guides
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise NotFound(
            t("boards.unknown_members", kind=team_of, values=", ".join(unknown)),
            hint=_close(unknown[0], known) or t("boards.team_of_hint"),
        )
    return team_of, {c: known[c] for c in codes}


def create(
    db: Database,
    name: str,
    metric: str,
    date_from: date,
    date_to: date,
    team_texts: list[str],
    *,
    team_of: str | None = None,
    replace: bool = False,
) -> dict:
    """Store a contest (one transaction). Refuses fewer than two teams, a store or guide in
    two teams, a range that ends before it starts, and an existing name (unless replace)."""
    name = (name or "").strip()
    if not name:
        raise UsageError(t("boards.contest_needs_name"))
    metric = metrics.check_metric(metric, "team")
    if date_to < date_from:
        raise UsageError(
            t("boards.backwards_period", value=f"{date_from}..{date_to}"),
        )
    teams = [parse_team(x) for x in team_texts]
    if len(teams) < 2:
        raise UsageError(t("boards.two_teams"), hint=t("boards.team_hint"))
    seen: dict[str, str] = {}
    for tm in teams:
        if sum(o.name == tm.name for o in teams) > 1:
            raise UsageError(t("boards.team_twice", team=tm.name))
        for c in tm.codes:
            if c in seen:
                raise UsageError(t("boards.member_twice", code=c, first=seen[c], second=tm.name))
            seen[c] = tm.name
    with db.transaction():
        team_of, ids = _resolve(db, teams, team_of)
        old = db.scalar("SELECT id FROM contests WHERE name = :n", {"n": name})
        if old is not None:
            if not replace:
                raise UsageError(
                    t("boards.contest_exists", name=name), hint=t("boards.replace_hint")
                )
            db.execute("DELETE FROM contest_members WHERE contest_id = :c", {"c": old})
            db.execute("DELETE FROM contests WHERE id = :c", {"c": old})
        cid = db.scalar(
            "INSERT INTO contests (name, metric, team_of, date_from, date_to, created_at)"
            " VALUES (:n, :m, :o, :f, :t, :now) RETURNING id",
            {
                "n": name,
                "m": metric,
                "o": team_of,
                "f": date_from,
                "t": date_to,
                "now": config.now(),
            },
        )
        db.bulk_load(
            "contest_members",
            ["contest_id", "team", "team_no", "ref_id"],
            [(cid, tm.name, i, ids[c]) for i, tm in enumerate(teams, 1) for c in tm.codes],
        )
    return {
        "contest": name,
        "metric": metric,
        "teams_of": team_of,
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "teams": len(teams),
        "members": len(seen),
        "replaced": old is not None,
    }


def load(db: Database, name: str) -> dict:
    row = db.one(
        "SELECT id, name, metric, team_of, date_from, date_to FROM contests WHERE name = :n",
        {"n": name},
    )
    if row is None:
        known = [r[0] for r in db.execute("SELECT name FROM contests").fetchall()]
        raise NotFound(
            t("boards.no_contest", name=name),
            hint=_close(name, known) or t("boards.see_contests"),
        )
    row["date_from"] = date.fromisoformat(iso(row["date_from"]))
    row["date_to"] = date.fromisoformat(iso(row["date_to"]))
    return row


def delete(db: Database, name: str) -> dict:
    with db.transaction():
        c = load(db, name)
        db.execute("DELETE FROM contest_members WHERE contest_id = :c", {"c": c["id"]})
        db.execute("DELETE FROM contests WHERE id = :c", {"c": c["id"]})
    return {"contest": name, "deleted": True}


def listing(db: Database) -> list[list]:
    today = config.today()
    rows = db.execute(
        "SELECT c.name, c.metric, c.team_of, c.date_from, c.date_to,"
        " COUNT(DISTINCT m.team), COUNT(m.ref_id)"
        " FROM contests c LEFT JOIN contest_members m ON m.contest_id = c.id"
        " GROUP BY c.id, c.name, c.metric, c.team_of, c.date_from, c.date_to"
        " ORDER BY c.date_from DESC, c.name"
    ).fetchall()
    out = []
    for name, metric, team_of, f, to, teams, members in rows:
        f, to = date.fromisoformat(iso(f)), date.fromisoformat(iso(to))
        out.append([name, metric, team_of, f, to, _state(f, to, today), teams, members])
    return out


def _state(f: date, to: date, today: date) -> str:
    return "upcoming" if today < f else "finished" if today > to else "running"


@dataclass
class Standings:
    """What `contest show` reports."""

    contest: dict
    state: str
    through: date | None  # the last day counted (None: not started)
    teams: list[list]  # rank, team, score, gap, members
    members: list[list]  # team, code, name, store_code, region, score
    trend_columns: list[str]
    trend: list[list]  # day, cumulative score of each team


def show(db: Database, name: str) -> Standings:
    c = load(db, name)
    metric, team_of = c["metric"], c["team_of"]
    today = config.today()
    state = _state(c["date_from"], c["date_to"], today)
    through = min(c["date_to"], today) if today >= c["date_from"] else None
    team_rows = db.execute(
        "SELECT team, team_no, COUNT(*) FROM contest_members WHERE contest_id = :c"
        " GROUP BY team, team_no ORDER BY team_no",
        {"c": c["id"]},
    ).fetchall()
    names = [r[0] for r in team_rows]
    sizes = {r[0]: r[2] for r in team_rows}
    family = {FAMILY[metric]}
    keying = Keying("team", team_of=team_of, contest_id=c["id"]).load(db)
    scores, member_scores, trend = {}, {}, []
    if through is not None:
        comp = components(db, keying, c["date_from"], through, family)
        scores = {tm: metrics.value(metric, comp.get(tm)) for tm in names}
        own = Keying(team_of).load(db)
        per = components(db, own, c["date_from"], through, family)
        member_scores = {k: metrics.value(metric, v) for k, v in per.items()}
        daily = components(db, keying, c["date_from"], through, family, daily=True)
        trend = _cumulative(metric, names, daily, c["date_from"], through)
    ranks = rank({tm: None if v is None else float(v) for tm, v in scores.items()})
    best = max((float(v) for v in scores.values() if v is not None), default=None)
    teams = []
    for tm in sorted(names, key=lambda n: (ranks.get(n) is None, ranks.get(n, 0), names.index(n))):
        v = scores.get(tm)
        gap = None if v is None or best is None else _gap(metric, best, v)
        teams.append([ranks.get(tm), tm, v, gap, sizes[tm]])
    members = _members(db, c, team_of, member_scores, metric)
    return Standings(c, state, through, teams, members, ["day", *names], trend)


def _gap(metric: str, best: float, v) -> object:
    from decimal import Decimal

    if metric in metrics.MONEY:
        return (Decimal(str(best)) - Decimal(v)).quantize(Decimal("0.01"))
    if metric in metrics.RATIOS:
        return round(best - float(v), 4)
    return int(best - v)


def _members(db: Database, c: dict, team_of: str, scores: dict, metric: str) -> list[list]:
    if team_of == "store":
        sql = (
            "SELECT m.team, s.code, s.name, s.code, s.region, s.id FROM contest_members m"
            " JOIN stores s ON s.id = m.ref_id WHERE m.contest_id = :c ORDER BY m.team_no, s.code"
        )
    else:
        sql = (
            "SELECT m.team, g.code, g.name, s.code, s.region, g.id FROM contest_members m"
            " JOIN guides g ON g.id = m.ref_id LEFT JOIN stores s ON s.id = g.store_id"
            " WHERE m.contest_id = :c ORDER BY m.team_no, g.code"
        )
    out = []
    for team, code, name, store, region, ref in db.execute(sql, {"c": c["id"]}).fetchall():
        v = scores.get(ref)
        if v is None and metric not in metrics.RATIOS and metric != "aov":
            v = metrics.value(metric, None)
        out.append([team, code, name, store, region, v])
    return out


def _cumulative(metric: str, names: list[str], daily: dict, start: date, end: date) -> list[list]:
    """Each day's score of each team, counting everything from the start to that day."""
    acc: dict[str, dict] = {tm: {} for tm in names}
    out = []
    d = start
    while d <= end:
        day = d.isoformat()
        row: list = [day]
        for tm in names:
            for k, v in (daily.get((tm, day)) or {}).items():
                acc[tm][k] = acc[tm].get(k, 0) + v
            row.append(metrics.value(metric, acc[tm]))
        out.append(row)
        d += timedelta(days=1)
    return out
