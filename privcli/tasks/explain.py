"""`tasks explain PHONE`: the rules a member matches on a day and what became of each match,
answered by the same rule SQL as `tasks generate` (privcli.tasks.candidates, narrowed to the
member) plus what the day's run recorded (the task, the control group)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from privcli.base import config
from privcli.base.db import Database
from privcli.base.errors import NotFound
from privcli.base.messages import t
from privcli.tasks import candidates as cand
from privcli.tasks.generate import held_out, reason
from privcli.tasks.rules import Rules
from privcli.tasks.worklist import status_text

# what became of a match (the outcome column; JSON keeps these ids)
OUTCOMES = (
    "task",
    "done_today",
    "no_guide",
    "do_not_disturb",
    "cooldown",
    "held_out",
    "lower_priority",
    "budget_full",
    "not_generated",
)


@dataclass
class Match:
    rule: str
    type: str
    priority: int
    minutes: int
    reason: str
    outcome: str
    why: str


@dataclass
class Explained:
    day: date
    phone: str
    name: str | None
    guide: str | None
    guide_status: str | None
    store: str | None
    generated: bool  # a run exists for the day
    task: dict | None = None
    matches: list[Match] = field(default_factory=list)


def explain(db: Database, rules: Rules, phone: str, *, day: date | None = None) -> Explained:
    """Explain a member's day. Builds temporary tables: run it in a transaction the caller
    rolls back (the command does)."""
    from privcli.io import normalize
    from privcli.tasks.rules import check_references

    day = day or config.today()
    check_references(rules, db)
    try:
        key = normalize.phone(phone.strip())
    except normalize.Bad:
        key = phone.strip()
    member = db.one(
        "SELECT m.id, m.phone, m.name, g.code AS guide, g.status AS guide_status,"
        " st.code AS store FROM members m LEFT JOIN guides g ON g.id = m.guide_id"
        " LEFT JOIN stores st ON st.id = COALESCE(g.store_id, m.store_id) WHERE m.phone = :p",
        {"p": key},
    )
    if member is None:
        raise NotFound(t("tasks.no_member", phone=phone), hint=t("tasks.no_member_hint"))
    mid = member["id"]
    run = db.one(
        "SELECT id, holdout_pct FROM task_runs WHERE due_on = :d ORDER BY id DESC LIMIT 1",
        {"d": day},
    )
    e = Explained(
        day, member["phone"], member["name"], member["guide"], member["guide_status"],
        member["store"], generated=run is not None,
    )  # fmt: skip
    e.task = db.one(
        "SELECT id, rule, status, priority, minutes, reason, message, coupon_code, result"
        " FROM tasks WHERE due_on = :d AND member_id = :m ORDER BY id LIMIT 1",
        {"d": day, "m": mid},
    )
    held = {
        r for (r,) in db.execute(
            "SELECT rule FROM task_holdouts WHERE due_on = :d AND member_id = :m",
            {"d": day, "m": mid},
        ).fetchall()
    }  # fmt: skip
    cand.build(db, rules, day, member_id=mid)
    rows = db.execute(
        "SELECT seq, flag, priority, minutes, fact_dn, fact_n, fact_m, fact_code, step"
        " FROM task_cand ORDER BY priority DESC, seq"
    ).fetchall()
    cand.drop(db)
    today = cand.dn(day)
    best = next((r for r in rows if r[1] == cand.ELIGIBLE), None)
    for seq, flag, priority, minutes, fdn, fn, fm, fcode, step in rows:
        rule = rules.by_seq(seq)
        why_values: dict = {}
        if e.task and e.task["rule"] == rule.name:
            outcome = "task"
            why_values = {"status": status_text(e.task["status"])}
        elif flag:
            outcome = cand.FLAG_NAMES[flag]
            why_values = {"days": rule.cooldown_days, "guide": e.guide or "-"}
        elif rule.name in held or (
            run is None
            and best is not None
            and seq == best[0]
            and held_out(rule.name, day, rules.settings.holdout_pct, [mid])
        ):
            outcome = "held_out"
            why_values = {"pct": run["holdout_pct"] if run else rules.settings.holdout_pct}
        elif best is not None and seq != best[0]:
            outcome = "lower_priority"
            why_values = {"rule": rules.by_seq(best[0]).name}
        elif e.task is not None:
            outcome = "lower_priority"
            why_values = {"rule": e.task["rule"]}
        elif run is not None:
            outcome = "budget_full"
            why_values = {"guide": e.guide or "-"}
        else:
            outcome = "not_generated"
        e.matches.append(
            Match(
                rule.name,
                rule.type,
                priority,
                minutes,
                reason(rule, today, fdn, fn, fm, fcode, step),
                outcome,
                t(f"tasks.outcome_{outcome}", **why_values),
            )
        )
    return e
