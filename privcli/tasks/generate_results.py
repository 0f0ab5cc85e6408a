"""`tasks generate` and `tasks explain` as named results for the one renderer: tables per rule
and per store, counts as JSON top-level keys for cron, notes in words for people."""

from __future__ import annotations

from privcli.base.messages import t
from privcli.base.output import Document, Listing, Record
from privcli.tasks.explain import Explained
from privcli.tasks.generate import Generated
from privcli.tasks.worklist import status_text

RULE_COLUMNS = [
    "rule", "type", "priority", "matched", "tasks", "minutes", "guides", "held_out",
    "done_today", "no_guide", "do_not_disturb", "cooldown", "other_rule", "over_budget",
]  # fmt: skip
STORE_COLUMNS = [
    "store_code", "store", "tasks", "members", "guides_covered", "guides_idle", "minutes",
    "unassigned",
]  # fmt: skip


def generated(g: Generated) -> Document:
    by_rule = Listing(
        RULE_COLUMNS,
        [
            [
                c.rule.name, c.rule.type, c.rule.priority, c.matched, c.tasks, c.minutes,
                c.guides, c.held_out, c.done_today, c.no_guide, c.do_not_disturb, c.cooldown,
                c.other_rule, c.over_budget,
            ]
            for c in g.by_rule
        ],
        title=t("tasks.by_rule_title"),
    )  # fmt: skip
    by_store = Listing(
        STORE_COLUMNS,
        [
            [s.code, s.name, s.tasks, s.members, s.guides_covered, s.guides_idle, s.minutes,
             s.unassigned]
            for s in g.by_store
        ],
        title=t("tasks.by_store_title"),
    )  # fmt: skip
    guides = sum(c.guides_covered for c in g.by_store)
    head = "tasks.generated_dry" if g.dry_run else "tasks.generated"
    notes = [t(head, day=g.day, tasks=g.tasks, minutes=g.minutes, guides=guides, run=g.run_id)]
    notes.append(t("tasks.replaced", n=g.replaced, kept=g.kept))
    if g.held_out:
        notes.append(t("tasks.held_out_note", n=g.held_out, pct=g.holdout_pct))
    if g.unassigned:
        notes.append(t("tasks.unassigned_note", n=g.unassigned))
    if g.coupons_issued or g.coupons_reused:
        notes.append(t("tasks.coupons_note", issued=g.coupons_issued, reused=g.coupons_reused))
    for batch, n in g.without_coupon.items():
        notes.append(t("tasks.without_coupon_note", n=n, batch=batch))
    return Document(
        [("by_rule", by_rule), ("by_store", by_store)],
        meta={
            "date": g.day,
            "run_id": g.run_id,
            "dry_run": g.dry_run,
            "rules": g.rules_path,
            "store": g.store,
            "budget_minutes": g.budget_minutes,
            "holdout_pct": g.holdout_pct,
            "tasks": g.tasks,
            "minutes": g.minutes,
            "guides": guides,
            "replaced": g.replaced,
            "kept": g.kept,
            "held_out": g.held_out,
            "unassigned": g.unassigned,
            "coupons_issued": g.coupons_issued,
            "coupons_reused": g.coupons_reused,
            "without_coupon": dict(g.without_coupon),
        },
        notes=notes,
    )


def explained(e: Explained) -> Document:
    member = Record(
        {
            "phone": e.phone,
            "name": e.name,
            "guide": e.guide,
            "guide_status": e.guide_status,
            "store": e.store,
        },
        title=t("tasks.explain_member_title"),
        pii={"phone": "phone", "name": "name"},
    )
    rules = Listing(
        ["rule", "type", "priority", "minutes", "reason", "outcome", "why"],
        [[m.rule, m.type, m.priority, m.minutes, m.reason, m.outcome, m.why] for m in e.matches],
        title=t("tasks.explain_rules_title"),
    )
    sections: list = [("member", member)]
    if e.task is not None:
        task = {k: v for k, v in e.task.items() if k != "message"}  # the name is in it
        sections.append(("task", Record(task, title=t("tasks.explain_task_title"))))
    sections.append(("rules", rules))
    notes = []
    if e.task is not None:
        notes.append(
            t(
                "tasks.explain_task",
                day=e.day,
                rule=e.task["rule"],
                status=status_text(e.task["status"]),
            )
        )
    else:
        notes.append(t("tasks.explain_no_task", day=e.day))
    if not e.matches:
        notes.append(t("tasks.explain_none", day=e.day))
    if not e.generated:
        notes.append(t("tasks.explain_not_generated", day=e.day))
    return Document(
        sections,
        meta={"date": e.day, "generated": e.generated, "task_rule": e.task and e.task["rule"]},
        notes=notes,
    )
