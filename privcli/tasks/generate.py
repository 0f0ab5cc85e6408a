"""`tasks generate`: a day's tasks for every guide, from the rules, in one transaction.

After the candidates and their flags (privcli.tasks.candidates), set-based:

1. the day's pending tasks of the members in scope are deleted (counted as replaced); worked
   ones (done, skipped) stay, and their members get no second task that day;
2. task_pick: each member's best eligible match (highest priority, then the rule written first
   in the file): one task per member per day;
3. the control group: for a rule with a holdout, a reproducible draw over (member, rule, day)
   (`coupons.issue.draws`, BLAKE2b) holds the picked members under the share out; they are
   recorded in task_holdouts and get no task that day, so that nothing touches them;
4. the budget: per guide, highest priority first (then the member's paid orders, then id), a
   running sum of minutes (window function) up to the budget less the minutes of the day's
   worked tasks;
5. the chosen tasks (a few per guide: tens of thousands for a large chain) are read once, their
   coupons handed out (an unredeemed coupon of the batch the member already holds is reused,
   else `coupons.issue.issue_to_members`), reasons and messages written, and the rows loaded
   in bulk; a task_runs row records the run and its counts.
"""

from __future__ import annotations

import contextlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from privcli.base import config
from privcli.base.db import Database
from privcli.base.errors import NotFound, UsageError
from privcli.base.messages import t
from privcli.coupons.batches import operator
from privcli.coupons.issue import draws, holdout_threshold, issue_to_members
from privcli.tasks import candidates as cand
from privcli.tasks.candidates import from_dn
from privcli.tasks.rules import Rule, Rules, check_references

DRAW_CHUNK = 20_000
LOCK_KEY = 0x7461736B  # "task": the advisory lock of `tasks generate` on PostgreSQL


@dataclass
class RuleCount:
    rule: Rule
    matched: int = 0
    tasks: int = 0
    minutes: int = 0
    guides: int = 0
    held_out: int = 0
    done_today: int = 0
    no_guide: int = 0
    do_not_disturb: int = 0
    cooldown: int = 0
    other_rule: int = 0
    over_budget: int = 0


@dataclass
class StoreCount:
    code: str | None
    name: str | None
    tasks: int = 0
    members: int = 0
    guides_covered: int = 0
    guides_idle: int = 0
    minutes: int = 0
    unassigned: int = 0


@dataclass
class Generated:
    """What one generation did (or, dry, would do)."""

    day: date
    rules_path: str
    budget_minutes: int
    holdout_pct: int
    store: str | None
    dry_run: bool
    run_id: int | None = None
    tasks: int = 0
    minutes: int = 0
    replaced: int = 0
    kept: int = 0
    held_out: int = 0
    unassigned: int = 0
    coupons_issued: int = 0
    coupons_reused: int = 0
    without_coupon: dict[str, int] = field(default_factory=dict)  # batch -> tasks
    by_rule: list[RuleCount] = field(default_factory=list)
    by_store: list[StoreCount] = field(default_factory=list)


def generate(
    db: Database,
    rules: Rules,
    *,
    day: date | None = None,
    budget_minutes: int | None = None,
    holdout: int | None = None,
    store: str | None = None,
    dry_run: bool = False,
) -> Generated:
    """Generate the tasks of `day` (today in the business zone) for every guide, or for the
    guides of `store`: see the module docstring. Replaces the day's pending tasks; one
    transaction (`dry_run` rolls it back)."""
    day = day or config.today()
    budget = rules.settings.budget_minutes if budget_minutes is None else budget_minutes
    pct = rules.settings.holdout_pct if holdout is None else holdout
    if budget < 0:
        raise UsageError(t("tasks.bad_budget", value=budget))
    if not 0 <= pct <= 90:
        raise UsageError(t("tasks.bad_holdout", value=pct))
    g = Generated(day, rules.path, budget, pct, store, dry_run)
    with db.transaction(rollback=dry_run):
        check_references(rules, db)
        store_id = _store_id(db, store) if store else None
        if db.is_pg:
            db.execute("SET LOCAL jit = off")
            # two runs at once would both replace the day and both insert: the second waits
            # (SQLite: the write lock every privcli write takes up front does the same)
            db.execute("SELECT pg_advisory_xact_lock(:k)", {"k": LOCK_KEY})
        g.run_id = db.scalar(
            "INSERT INTO task_runs (due_on, generated_at, rules_file, rules_digest,"
            " budget_minutes, holdout_pct, store_filter, operator) VALUES (:d, :now, :f, :dg,"
            " :b, :h, :s, :op) RETURNING id",
            {
                "d": day,
                "now": config.now(),
                "f": rules.path,
                "dg": rules.digest,
                "b": budget,
                "h": pct,
                "s": store,
                "op": operator(),
            },
        )
        cand.build(db, rules, day, store_id=store_id)
        _replace(db, g, day)
        _pick(db)
        if pct:
            _hold_out(db, rules, day, pct, g.run_id)
        _budget(db, day, budget)
        _write(db, rules, g)
        _count(db, rules, g, store_id)
        db.execute(
            "UPDATE task_runs SET counts = :c WHERE id = :id",
            {"c": json.dumps(_counts(g), ensure_ascii=False), "id": g.run_id},
        )
        db.execute("DROP TABLE IF EXISTS task_pick")
        cand.drop(db)
    if dry_run:
        g.run_id = None
    return g


def _store_id(db: Database, code: str) -> int:
    sid = db.scalar("SELECT id FROM stores WHERE code = :c", {"c": code})
    if sid is None:
        from privcli.base.selection import Selection

        Selection(stores=(code,)).check(db)  # NotFound with the closest codes
        raise NotFound(t("selection.unknown", option="--store", value=code))
    return sid


def _replace(db: Database, g: Generated, day: date) -> None:
    """Step 1: the day's pending tasks (and control groups) of the members in scope go."""
    scope = "member_id IN (SELECT member_id FROM task_facts)"
    g.replaced = db.execute(
        f"DELETE FROM tasks WHERE due_on = :d AND status = 'pending' AND {scope}", {"d": day}
    ).rowcount
    g.kept = db.scalar(f"SELECT COUNT(*) FROM tasks WHERE due_on = :d AND {scope}", {"d": day})
    db.execute(f"DELETE FROM task_holdouts WHERE due_on = :d AND {scope}", {"d": day})


def _pick(db: Database) -> None:
    """Step 2: each member's best eligible match."""
    db.temp_table(
        "task_pick",
        "member_id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, priority INTEGER NOT NULL,"
        " minutes INTEGER NOT NULL, guide_id INTEGER, store_id INTEGER, n_paid INTEGER,"
        " held INTEGER NOT NULL DEFAULT 0, chosen INTEGER NOT NULL DEFAULT 0",
    )
    db.execute(
        "INSERT INTO task_pick (member_id, seq, priority, minutes, guide_id, store_id, n_paid)"
        " SELECT c.member_id, c.seq, c.priority, c.minutes, f.guide_id, f.store_id, f.n_paid"
        " FROM (SELECT member_id, seq, priority, minutes, ROW_NUMBER() OVER (PARTITION BY"
        " member_id ORDER BY priority DESC, seq) AS rn FROM task_cand WHERE flag = 0) c"
        " JOIN task_facts f ON f.member_id = c.member_id WHERE c.rn = 1"
    )
    if db.is_pg:
        db.execute("ANALYZE task_pick")


def holdout_seed(rule: str, day: date) -> str:
    """The draw of a rule's control group on a day: the same member, rule and day always draw
    alike (regenerating a day draws the same control group)."""
    return f"tasks:{rule}:{day.isoformat()}"


def held_out(rule: str, day: date, pct: int, member_ids: list[int]) -> list[int]:
    """The members of `member_ids` that fall in the rule's control group on `day`."""
    threshold = holdout_threshold(pct)
    return [
        m for m, d in zip(member_ids, draws(holdout_seed(rule, day), member_ids)) if d < threshold
    ]


def _hold_out(db: Database, rules: Rules, day: date, pct: int, run_id: int) -> None:
    """Step 3: draw each rule's control group among its picked members."""
    db.temp_table("task_out", "member_id INTEGER PRIMARY KEY")
    for rule in rules.rules:
        cur = db.execute(
            "SELECT member_id FROM task_pick WHERE seq = :s ORDER BY member_id", {"s": rule.seq}
        )
        while chunk := cur.fetchmany(DRAW_CHUNK):
            out = held_out(rule.name, day, pct, [m for (m,) in chunk])
            if out:
                db.bulk_load("task_out", ["member_id"], [(m,) for m in out])
    db.execute("UPDATE task_pick SET held = 1 WHERE member_id IN (SELECT member_id FROM task_out)")
    db.execute("DROP TABLE task_out")
    seqs = " ".join(f"WHEN {r.seq} THEN :r{r.seq}" for r in rules.rules)
    db.execute(
        "INSERT INTO task_holdouts (due_on, rule, member_id, guide_id, store_id, run_id)"
        f" SELECT :d, CASE seq {seqs} END, member_id, guide_id, store_id, :run"
        " FROM task_pick WHERE held = 1",
        {"d": day, "run": run_id, **{f"r{r.seq}": r.name for r in rules.rules}},
    )


def _budget(db: Database, day: date, budget: int) -> None:
    """Step 4: per guide, highest priority first, up to the budget."""
    db.execute(
        "UPDATE task_pick SET chosen = 1 WHERE member_id IN (SELECT x.member_id FROM"
        " (SELECT member_id, guide_id, SUM(minutes) OVER (PARTITION BY guide_id ORDER BY"
        " priority DESC, seq, n_paid DESC, member_id ROWS UNBOUNDED PRECEDING) AS used"
        " FROM task_pick WHERE held = 0) x"
        " LEFT JOIN (SELECT guide_id, SUM(COALESCE(minutes, 0)) AS worked FROM tasks"
        " WHERE due_on = :d AND status <> 'pending' GROUP BY guide_id) w"
        " ON w.guide_id = x.guide_id WHERE x.used + COALESCE(w.worked, 0) <= :budget)",
        {"d": day, "budget": budget},
    )


_CHOSEN = """
SELECT p.member_id, p.seq, p.priority, p.minutes, p.guide_id, p.store_id,
       c.fact_dn, c.fact_n, c.fact_m, c.fact_code, c.step,
       m.name, m.level, g.name, st.name
FROM task_pick p
JOIN task_cand c ON c.member_id = p.member_id AND c.seq = p.seq
JOIN members m ON m.id = p.member_id
LEFT JOIN guides g ON g.id = p.guide_id
LEFT JOIN stores st ON st.id = g.store_id
WHERE p.chosen = 1
ORDER BY p.guide_id, p.priority DESC, p.seq, p.n_paid DESC, p.member_id
"""


def _write(db: Database, rules: Rules, g: Generated) -> None:
    """Step 5: coupons, reasons and messages of the chosen tasks; the rows, in bulk."""
    chosen = db.execute(_CHOSEN).fetchall()
    wanted: dict[str, list[int]] = defaultdict(list)  # batch -> members
    for row in chosen:
        batch = _batch_of(rules.by_seq(row[1]), row[10])
        if batch:
            wanted[batch].append(row[0])
    coupons: dict[tuple[str, int], tuple[int, str]] = {}
    for batch, members in wanted.items():
        got = _coupons(db, g, batch, members)
        coupons.update({(batch, m): v for m, v in got.items()})
    now, today = config.now(), cand.dn(g.day)
    out = []
    for (mid, seq, priority, minutes, guide, store, fdn, fn, fm, fcode, step, name, level,
         guide_name, store_name) in chosen:  # fmt: skip
        rule = rules.by_seq(seq)
        coupon_id, code = None, None
        batch = _batch_of(rule, step)
        if batch:
            coupon_id, code = coupons.get((batch, mid), (None, None))
        elif rule.type == "coupon_expiring":
            coupon_id, code = fm, fcode
        values = {
            "name": name or "",
            "level": level or "",
            "coupon": code or "",
            "guide": guide_name or "",
            "store": store_name or "",
        }
        template = rule.message
        if rule.type == "journey":
            s = rule.step_for(step)
            template = s.message if s else rule.message
        out.append(
            (
                guide, mid, rule.name, g.day, "pending", minutes, now, priority,
                reason(rule, today, fdn, fn, fm, fcode, step), template.format(**values),
                coupon_id, code, store, g.run_id,
            )
        )  # fmt: skip
    db.bulk_load(
        "tasks",
        [
            "guide_id", "member_id", "rule", "due_on", "status", "minutes", "created_at",
            "priority", "reason", "message", "coupon_id", "coupon_code", "store_id", "run_id",
        ],
        out,
    )  # fmt: skip
    g.tasks = len(out)
    g.minutes = sum(r[5] for r in out)


def _batch_of(rule: Rule, step: int | None) -> str | None:
    if rule.type == "journey":
        s = rule.step_for(step) if step is not None else None
        return s.coupon if s else None
    return rule.coupon


def _coupons(
    db: Database, g: Generated, batch: str, members: list[int]
) -> dict[int, tuple[int, str]]:
    """{member: (coupon id, code)}: the member's unredeemed coupon of `batch` when they hold one
    (a day generated again reuses what it handed out), else a new one from the coupon bank.
    Members the bank cannot serve (quantity out, batch void or over) get their task without."""
    db.temp_table("task_coupon_members", "member_id INTEGER PRIMARY KEY")
    db.bulk_load("task_coupon_members", ["member_id"], [(m,) for m in sorted(set(members))])
    held_sql = (
        "SELECT c.member_id, c.id, c.code FROM coupons c WHERE c.id IN (SELECT MAX(x.id)"
        " FROM coupons x JOIN coupon_batches b ON b.id = x.batch_id WHERE b.name = :b"
        " AND x.status = 'issued' AND x.valid_to >= :d"
        " AND x.member_id IN (SELECT member_id FROM task_coupon_members) GROUP BY x.member_id)"
    )
    params = {"b": batch, "d": g.day}
    held = {m: (cid, code) for m, cid, code in db.execute(held_sql, params).fetchall()}
    g.coupons_reused += len(held)
    missing = [m for m in members if m not in held]
    if missing:
        # a void or finished batch raises UsageError: these tasks go without
        with contextlib.suppress(UsageError):
            g.coupons_issued += len(issue_to_members(db, batch, missing, today=g.day, via="tasks"))
        held = {m: (cid, code) for m, cid, code in db.execute(held_sql, params).fetchall()}
    lacking = len(set(members)) - len(held)
    if lacking:
        g.without_coupon[batch] = lacking
    db.execute("DROP TABLE task_coupon_members")
    return held


def reason(
    rule: Rule, today: int, fdn: int | None, fn: int | None, fm: int | None,
    fcode: str | None, step: int | None,
) -> str:  # fmt: skip
    """The sentence that says why a member matched a rule, from the facts of their match, in
    the language of the run."""

    def md(n: int | None) -> str:
        return from_dn(n).strftime("%m-%d") if n is not None else "?"

    kind = rule.type
    if kind == "welcome":
        return t(
            "tasks.reason_welcome_registered" if fn == 1 else "tasks.reason_welcome_wecom",
            md=md(fdn),
        )
    if kind == "birthday":
        return t("tasks.reason_birthday", md=md(fdn), days=fn)
    if kind == "post_purchase":
        return t("tasks.reason_post_purchase", md=md(fdn), days=fn)
    if kind == "repurchase":
        if fcode == "median":
            return t("tasks.reason_repurchase", days=fn, interval=fm)
        return t("tasks.reason_repurchase_default", days=fn, interval=fm)
    if kind == "coupon_expiring":
        return t(
            "tasks.reason_coupon_expiring", code=fcode, md=md(fdn), days=(fdn or today) - today
        )
    if kind == "dormant":
        return t("tasks.reason_dormant", days=fn, md=md(fdn))
    if kind == "journey":
        key = (
            "tasks.reason_journey_acquired"
            if rule.params["anchor"] == "acquired"
            else "tasks.reason_journey_first"
        )
        return t(key, rule=rule.name, day=step, md=md(fdn))
    return t("tasks.reason_campaign", rule=rule.name, md=md(fdn), days=fn)


def _count(db: Database, rules: Rules, g: Generated, store_id: int | None) -> None:
    """The summary: per rule (matches, what became of them) and per store (the day's tasks)."""
    counts = {r.seq: RuleCount(r) for r in rules.rules}
    for seq, flag, n in db.execute(
        "SELECT seq, flag, COUNT(*) FROM task_cand GROUP BY seq, flag"
    ).fetchall():
        c = counts[seq]
        c.matched += n
        if flag:
            setattr(c, cand.FLAG_NAMES[flag], n)
        else:
            c.other_rule += n
    for seq, held, chosen, n, minutes, guides in db.execute(
        "SELECT seq, held, chosen, COUNT(*), SUM(minutes), COUNT(DISTINCT guide_id)"
        " FROM task_pick GROUP BY seq, held, chosen"
    ).fetchall():
        c = counts[seq]
        c.other_rule -= n
        if held:
            c.held_out += n
        elif chosen:
            c.tasks, c.minutes, c.guides = n, minutes or 0, guides
        else:
            c.over_budget += n
    g.by_rule = list(counts.values())
    g.held_out = sum(c.held_out for c in g.by_rule)
    g.unassigned = db.scalar(
        f"SELECT COUNT(DISTINCT member_id) FROM task_cand WHERE flag = {cand.NO_GUIDE}"
    )
    # per store: the day's list (this run's tasks and the worked ones kept), active guides
    scope = "" if store_id is None else " AND id = :store"
    stores: dict[int | None, StoreCount] = {}
    for sid, code, name, guides in db.execute(
        "SELECT st.id, st.code, st.name, COUNT(gd.id) FROM stores st LEFT JOIN guides gd"
        " ON gd.store_id = st.id AND gd.status = 'active' WHERE 1 = 1"
        + scope.replace("id", "st.id")
        + " GROUP BY st.id, st.code, st.name",
        {"store": store_id},
    ).fetchall():
        stores[sid] = StoreCount(code, name, guides_idle=guides)
    for sid, n, members, guides, minutes in db.execute(
        "SELECT store_id, COUNT(*), COUNT(DISTINCT member_id), COUNT(DISTINCT guide_id),"
        " SUM(COALESCE(minutes, 0)) FROM tasks WHERE due_on = :d"
        " AND member_id IN (SELECT member_id FROM task_facts) GROUP BY store_id",
        {"d": g.day},
    ).fetchall():
        s = stores.setdefault(sid, StoreCount(None, None))
        s.tasks, s.members, s.guides_covered, s.minutes = n, members, guides, minutes or 0
    idle = dict(
        db.execute(
            "SELECT gd.store_id, COUNT(*) FROM guides gd WHERE gd.status = 'active' AND NOT"
            " EXISTS (SELECT 1 FROM tasks t WHERE t.guide_id = gd.id AND t.due_on = :d)"
            " GROUP BY gd.store_id",
            {"d": g.day},
        ).fetchall()
    )
    for sid, s in stores.items():
        s.guides_idle = idle.get(sid, 0)
    for sid, n in db.execute(
        f"SELECT f.store_id, COUNT(DISTINCT c.member_id) FROM task_cand c JOIN task_facts f"
        f" ON f.member_id = c.member_id WHERE c.flag = {cand.NO_GUIDE} GROUP BY f.store_id"
    ).fetchall():
        stores.setdefault(sid, StoreCount(None, None)).unassigned = n
    g.by_store = sorted(
        (s for s in stores.values() if s.tasks or s.unassigned or s.guides_idle),
        key=lambda s: (s.code is None, s.code or ""),
    )


def _counts(g: Generated) -> dict:
    return {
        "tasks": g.tasks,
        "minutes": g.minutes,
        "replaced": g.replaced,
        "kept": g.kept,
        "held_out": g.held_out,
        "unassigned": g.unassigned,
        "coupons_issued": g.coupons_issued,
        "coupons_reused": g.coupons_reused,
        "by_rule": {c.rule.name: c.tasks for c in g.by_rule},
    }
