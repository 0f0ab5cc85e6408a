"""Which members each rule matches on a day, and why a match may not become a task: the part of
task generation that `tasks generate` (every member, or a store's) and `tasks explain` (one
member) share, so that both answer from the same SQL.

Set-based, in temporary tables of the caller's transaction:

1. task_days: the days on which each member made a paid sale, sorted - the one pass over
   orders; task_paid: first and last paid day, and on how many days, per member;
2. task_facts: one row per member in scope, with their guide, store, registration, WeCom and
   purchase days as day numbers (days since 2000-01-01, `DN(...)` in sql/tasks/);
3. task_cand: one INSERT ... SELECT per rule (sql/tasks/rule_<type>.sql): member, rule, priority,
   minutes and the facts its reason is built from;
4. flags on task_cand, in this order: the member already has a worked task that day (done or
   skipped), no active owning guide, a do-not-disturb tag, the same rule within its cooldown.
   Flag 0: eligible.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from privcli.base.db import Database, load_sql
from privcli.tasks.rules import Rule, Rules

EPOCH = date(2000, 1, 1)
ELIGIBLE, DONE_TODAY, NO_GUIDE, DO_NOT_DISTURB, COOLDOWN = 0, 1, 2, 3, 4
FLAG_NAMES = {
    DONE_TODAY: "done_today",
    NO_GUIDE: "no_guide",
    DO_NOT_DISTURB: "do_not_disturb",
    COOLDOWN: "cooldown",
}
# the acquisition day: registration or the first WeCom add, whichever came first (either may
# be missing)
ACQUIRED = (
    "(CASE WHEN f.wecom_dn IS NULL OR f.reg_dn <= f.wecom_dn THEN COALESCE(f.reg_dn, f.wecom_dn)"
    " ELSE f.wecom_dn END)"
)
TABLES = ("task_days", "task_paid", "task_facts", "task_gaps", "task_cand")


def dn(d: date) -> int:
    """A date's day number (days since 2000-01-01), as DN() computes it in SQL."""
    return (d - EPOCH).days


def from_dn(n: int) -> date:
    return EPOCH + timedelta(days=n)


def sql(db: Database, name: str) -> str:
    """A query of sql/tasks/ with its macros expanded for the dialect: DN(x) the day number of
    a date or timestamp."""
    text = load_sql(f"tasks/{name}")
    if db.is_pg:
        template = "(CAST({} AS DATE) - DATE '2000-01-01')"
    else:
        template = "CAST(julianday(date({})) - 2451544.5 AS INTEGER)"
    return _expand(text, "DN", template)


def _expand(text: str, macro: str, template: str) -> str:
    """Replace each MACRO(arg) (arg may hold parentheses) with template.format(arg)."""
    out, i, head = [], 0, macro + "("
    while (j := text.find(head, i)) >= 0:
        if j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
            out.append(text[i : j + len(head)])
            i = j + len(head)
            continue
        depth, k = 1, j + len(head)
        while depth:
            depth += {"(": 1, ")": -1}.get(text[k], 0)
            k += 1
        out.append(text[i:j])
        out.append(template.format(text[j + len(head) : k - 1]))
        i = k
    out.append(text[i:])
    return "".join(out)


def build(
    db: Database,
    rules: Rules,
    day: date,
    *,
    store_id: int | None = None,
    member_id: int | None = None,
) -> None:
    """Steps 1-4 of the module docstring for the members in scope (a store's, one member, or
    everyone). Leaves task_facts and task_cand for the caller."""
    day_start = datetime.combine(day, datetime.min.time())
    today = dn(day)
    paid_scope, scope, params = "", "", {"day_start": day_start}
    if member_id is not None:
        paid_scope = " AND o.member_id = :member"
        scope = " AND m.id = :member"
        params["member"] = member_id
    elif store_id is not None:
        scope = " AND COALESCE(g.store_id, m.store_id) = :store"
        params["store"] = store_id
    orders = "orders o" if member_id is not None or db.is_pg else "orders o NOT INDEXED"
    db.execute("DROP TABLE IF EXISTS task_days")
    db.execute(
        "CREATE TEMP TABLE task_days (member_id INTEGER NOT NULL, d INTEGER NOT NULL,"
        " PRIMARY KEY (member_id, d))" + ("" if db.is_pg else " WITHOUT ROWID")
    )
    db.execute(
        "INSERT INTO task_days "
        + sql(db, "days").replace("/*orders*/", orders).replace("/*scope*/", paid_scope),
        params,
    )
    db.temp_table(
        "task_paid",
        "member_id INTEGER PRIMARY KEY, first_dn INTEGER, last_dn INTEGER, n INTEGER",
    )
    db.execute("INSERT INTO task_paid " + sql(db, "paid"))
    db.temp_table(
        "task_facts",
        "member_id INTEGER PRIMARY KEY, guide_id INTEGER, guide_active INTEGER, store_id INTEGER,"
        " reg_dn INTEGER, wecom_dn INTEGER, first_dn INTEGER, last_dn INTEGER,"
        " n_paid INTEGER, birthday_md VARCHAR",
    )
    facts = sql(db, "facts").replace("/*birthday*/", _md(db, "m.birthday"))
    db.execute("INSERT INTO task_facts " + facts.replace("/*scope*/", scope), params)
    db.temp_table(
        "task_cand",
        "member_id INTEGER NOT NULL, seq INTEGER NOT NULL, priority INTEGER NOT NULL,"
        " minutes INTEGER NOT NULL, fact_dn INTEGER, fact_n INTEGER, fact_m INTEGER,"
        " fact_code VARCHAR, step INTEGER, flag INTEGER NOT NULL DEFAULT 0",
    )
    if db.is_pg:
        db.execute("ANALYZE task_facts")
    for rule in rules.rules:
        _rule(db, rules, rule, day, today, day_start)
    db.execute("CREATE INDEX ix_task_cand_member ON task_cand (member_id, seq)")
    if db.is_pg:
        db.execute("ANALYZE task_cand")
    _flags(db, rules, day)


def _rule(db: Database, rules: Rules, rule: Rule, day: date, today: int, day_start) -> None:
    """One rule's candidates into task_cand: one INSERT ... SELECT."""
    p = rule.params
    params: dict = {"today": today, "day": day, "day_start": day_start}
    text = sql(db, f"rule_{rule.type}")
    if rule.type == "welcome":
        params["target"] = today - p["days_after"]
    elif rule.type == "birthday":
        target = day + timedelta(days=p["days_before"])
        params.update(target=dn(target), days_before=p["days_before"])
        days = [target.strftime("%m-%d")]
        if not _leap(target.year) and target.strftime("%m-%d") == (
            "02-28" if p["feb29"] == "feb28" else "03-01"
        ):
            days.append("02-29")
        text = text.replace("/*days*/", db.in_list("f.birthday_md", "days"))
        params["days"] = db.list_param(days)
    elif rule.type == "post_purchase":
        params.update(target=today - p["days_after"], days_after=p["days_after"])
    elif rule.type == "repurchase":
        default = (
            p["default_days"]
            if p["default_days"] is not None
            else rules.settings.repurchase_default_days
        )
        params.update(default_days=default, window_days=max(p["window_days"], 1))
        db.temp_table("task_gaps", "member_id INTEGER PRIMARY KEY, gap INTEGER")
        db.execute(
            "INSERT INTO task_gaps " + sql(db, "gaps"),
            {"min_orders": p["min_orders"], "today": today, "window_days": params["window_days"]},
        )
    elif rule.type == "coupon_expiring":
        params["until"] = day + timedelta(days=p["within_days"])
    elif rule.type == "dormant":
        params.update(min_days=p["min_days"], max_days=p["max_days"])
    elif rule.type == "journey":
        anchor = ACQUIRED if p["anchor"] == "acquired" else "f.first_dn"
        leave = ""
        if p["leave_on_purchase"]:
            leave = (
                f" AND (f.last_dn IS NULL OR f.last_dn < {ACQUIRED})"
                if p["anchor"] == "acquired"
                else " AND f.last_dn = f.first_dn"
            )
        text = text.replace("/*steps*/", db.in_list(":today - /*anchor*/", "steps"))
        text = text.replace("/*anchor*/", anchor).replace("/*leave*/", leave)
        params["steps"] = db.list_param([s.day for s in rule.steps])
    elif rule.type == "campaign":
        if not p["start"] <= day <= p["end"]:
            return
        from privcli.tasks.rules import campaign_selection

        where, more = campaign_selection(rule).where(db, prefix="c")
        text = text.replace("/*where*/", where)
        params.update(more, last=dn(p["end"]))
    db.execute(
        "INSERT INTO task_cand (member_id, fact_dn, fact_n, fact_m, fact_code, step, seq,"
        f" priority, minutes) SELECT x.*, {rule.seq}, {int(rule.priority)}, {int(rule.minutes)}"
        f" FROM ({text}) x",
        params,
    )
    for s in rule.steps:
        if s.minutes is not None:
            db.execute(
                "UPDATE task_cand SET minutes = :m WHERE seq = :seq AND step = :day",
                {"m": s.minutes, "seq": rule.seq, "day": s.day},
            )


def _md(db: Database, column: str) -> str:
    return f"to_char({column}, 'MM-DD')" if db.is_pg else f"substr({column}, 6, 5)"


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _flags(db: Database, rules: Rules, day: date) -> None:
    """Step 4: why an eligible-looking match cannot become a task (the first reason wins)."""
    db.execute(
        f"UPDATE task_cand SET flag = {DONE_TODAY} WHERE member_id IN (SELECT member_id FROM"
        " tasks WHERE due_on = :day AND status <> 'pending')",
        {"day": day},
    )
    db.execute(
        f"UPDATE task_cand SET flag = {NO_GUIDE} WHERE flag = 0 AND member_id IN"
        " (SELECT member_id FROM task_facts WHERE guide_active = 0)"
    )
    if rules.settings.do_not_disturb:
        db.execute(
            f"UPDATE task_cand SET flag = {DO_NOT_DISTURB} WHERE flag = 0 AND member_id IN"
            " (SELECT member_id FROM member_tags WHERE " + db.in_list("tag", "dnd") + ")",
            {"dnd": db.list_param(rules.settings.do_not_disturb)},
        )
    for rule in rules.rules:
        if rule.cooldown_days <= 0:
            continue
        db.execute(
            f"UPDATE task_cand SET flag = {COOLDOWN} WHERE flag = 0 AND seq = :seq AND EXISTS"
            " (SELECT 1 FROM tasks t WHERE t.member_id = task_cand.member_id AND t.rule = :rule"
            " AND t.due_on >= :since AND t.due_on < :day)",
            {
                "seq": rule.seq,
                "rule": rule.name,
                "since": day - timedelta(days=rule.cooldown_days),
                "day": day,
            },
        )


def drop(db: Database) -> None:
    for name in TABLES:
        db.execute(f"DROP TABLE IF EXISTS {name}")
