"""Working the list: a day's tasks as guides work them (`tasks list`) and marking them done by
hand (`tasks done`). The sheet guides fill in is sheet.py; the figures head office tunes the
rules with are report.py.

Columns: the short ones first (status and result before the free text), so that a narrow
terminal drops the reason and message rather than the status. A task's store and guide here are the task's own (`tasks.store_id`: the store it was planned
for; `tasks.guide_id`: its guide, who changes with the customer while the task is pending), not
the member's of today. The customer's name appears in the suggested message and sometimes in
the reason: where names are masked, it is masked there too, or the masking would be for show.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from privcli.base import config
from privcli.base.db import Database, iso, load_sql
from privcli.base.errors import NotFound, UsageError
from privcli.base.messages import t
from privcli.base.output import Listing
from privcli.base.pii import mask_name

STATUSES = ("pending", "done", "skipped")
RESULTS = ("contacted", "no_reply", "refused", "purchased")

COLUMNS = [
    "id",
    "date",
    "store",
    "guide_id",
    "guide",
    "phone",
    "name",
    "rule",
    "priority",
    "minutes",
    "status",
    "result",
    "coupon_code",
    "reason",
    "message",
    "note",
]


def status_text(v) -> str:
    """A status as people read it, in their language (JSON and CSV keep the value)."""
    return t(f"tasks.status_{v}") if v in STATUSES else ("" if v is None else str(v))


def result_text(v) -> str:
    return t(f"tasks.result_{v}") if v in RESULTS else ("" if v is None else str(v))


def check_choice(option: str, value: str | None, choices: Sequence[str]) -> None:
    if value is not None and value not in choices:
        raise UsageError(
            t("tasks.bad_choice", option=option, value=value, choices="|".join(choices))
        )


def codes_to_ids(db: Database, table: str, codes: Iterable[str], option: str) -> list[int]:
    """Store or guide codes (case ignored: gsh0101 is GSH0101) to ids; an unknown code is a
    typo, not an empty list: refused with the closest known codes."""
    wanted = list(codes)
    if not wanted:
        return []
    known = {c: i for i, c in db.execute(f"SELECT id, code FROM {table}").fetchall()}
    folded = {}
    for c, i in known.items():
        folded.setdefault(c.casefold(), i)
    out = []
    for code in wanted:
        found = known.get(code, folded.get(code.casefold()))
        if found is None:
            close = difflib.get_close_matches(code, list(known), n=3, cutoff=0.5)
            how = "privcli guides list" if table == "guides" else "privcli export stores -"
            raise NotFound(
                t("selection.unknown", option=option, value=code),
                hint=t("selection.did_you_mean", values=", ".join(close))
                if close
                else t("selection.see", how=how),
            )
        out.append(found)
    return out


@dataclass
class TaskFilter:
    """Which tasks: one day, optionally some guides, stores, statuses, rules (given as codes and
    names; `where` resolves and checks them)."""

    day: date
    guides: Sequence[str] = ()
    stores: Sequence[str] = ()
    statuses: Sequence[str] = ()
    rules: Sequence[str] = ()

    def where(self, db: Database) -> tuple[str, dict]:
        """`" AND ..."` over the alias t (tasks), with bound parameters."""
        for s in self.statuses:
            check_choice("--status", s, STATUSES)
        conds, params = "", {"day": self.day}
        for option, table, column, values in (
            ("--guide", "guides", "t.guide_id", self.guides),
            ("--store", "stores", "t.store_id", self.stores),
        ):
            if values:
                name = table + "_ids"
                conds += " AND " + db.in_list(column, name)
                params[name] = db.list_param(codes_to_ids(db, table, values, option))
        if self.statuses:
            conds += " AND " + db.in_list("t.status", "statuses")
            params["statuses"] = db.list_param(self.statuses)
        if self.rules:
            conds += " AND " + db.in_list("t.rule", "rules")
            params["rules"] = db.list_param(self.rules)
        return conds, params


BY_GUIDE = (
    "ORDER BY CASE WHEN g.code IS NULL THEN 1 ELSE 0 END, g.code,"
    " COALESCE(t.priority, 0) DESC, t.id"
)


def worklist_sql(db: Database, where: TaskFilter, *, by_guide: bool = False) -> tuple[str, dict]:
    """The worklist query with the filters; `by_guide`: ordered by guide alone (a guide whose
    customer moved from another store has tasks planned for two stores: one file still holds
    them all)."""
    conds, params = where.where(db)
    sql = load_sql("tasks/worklist").replace("/*where*/", conds)
    if by_guide:
        sql = sql[: sql.rindex("ORDER BY")] + BY_GUIDE
    return sql, params


def masked_text(text: str | None, name: str | None) -> str | None:
    """`text` with the customer's name masked as the name column masks it."""
    if not text or not name:
        return text
    return text.replace(name, mask_name(name) or "")


def rows(db: Database, sql: str, params: dict, show_pii: bool) -> Iterator[dict]:
    """The worklist query's rows as dicts, streamed; reason and message with the customer's
    name masked unless show_pii (the name and phone columns are masked where they are shown)."""
    stream = db.stream(sql, params)
    names = next(stream)
    for r in stream:
        row = dict(zip(names, r, strict=True))
        row["due_on"] = iso(row["due_on"])
        if not show_pii:
            row["reason"] = masked_text(row["reason"], row["name"])
            row["message"] = masked_text(row["message"], row["name"])
        yield row


def _listed(rows: Iterator[dict]) -> Iterator[list]:
    for r in rows:
        yield [
            r["id"],
            r["due_on"],
            r["store_code"],
            r["guide_code"],
            r["guide_name"],
            r["phone"],
            r["name"],
            r["rule"],
            r["priority"],
            r["minutes"],
            r["status"],
            r["result"],
            r["coupon_code"],
            r["reason"],
            r["message"],
            r["note"],
        ]


def listing(db: Database, where: TaskFilter, *, limit: int = 0, show_pii: bool = False) -> Listing:
    """`tasks list`: the day's tasks by store, guide, priority (highest first). Phone and name
    are masked by the renderer, the name inside reason and message here, unless show_pii."""
    sql, params = worklist_sql(db, where)
    more = None
    if limit:
        got: Iterable[list] = list(_listed(rows(db, f"{sql} LIMIT {int(limit)}", params, show_pii)))
        if len(got) == limit:  # type: ignore[arg-type]
            more = db.scalar(f"SELECT COUNT(*) FROM ({sql}) x", params) - limit or None
    else:
        got = _listed(rows(db, sql, params, show_pii))
    notes = []
    if limit and not more and not got:
        notes.append(t("tasks.list_empty", day=where.day))
    return Listing(
        COLUMNS,
        got,
        title=t("tasks.list_title", day=where.day),
        pii={"phone": "phone", "name": "name"},
        more=more,
        display={"status": status_text, "result": result_text},
        notes=notes,
    )


# -- done by hand -------------------------------------------------------------------------------
@dataclass
class Marked:
    """What `tasks done` did: the tasks it changed and those already so."""

    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    result: str | None = None


def completed_at(old_status: str, old_at, new_status: str, now):
    """When a task was done: kept while it stays done, now when it becomes done, none when it
    is not done."""
    if new_status != "done":
        return None
    return old_at if old_status == "done" and old_at is not None else now


def mark_done(
    db: Database,
    ids: Sequence[int],
    *,
    result: str | None = None,
    note: str | None = None,
) -> Marked:
    """Mark tasks done, with a result and a note if given (a result or note not given keeps
    the one recorded). All or nothing: an unknown id is named and nothing changes. Marking a
    task done again with the same result changes nothing."""
    check_choice("--result", result, RESULTS)
    if not ids:
        raise UsageError(t("tasks.done_no_ids"))
    wanted = list(dict.fromkeys(int(i) for i in ids))
    out = Marked(result=result)
    now = config.now()
    with db.transaction():
        stored = {
            r[0]: r
            for r in db.execute(
                "SELECT id, status, result, note, completed_at FROM tasks WHERE "
                + db.in_list("id", "ids"),
                {"ids": db.list_param(wanted)},
            ).fetchall()
        }
        unknown = [i for i in wanted if i not in stored]
        if unknown:
            raise NotFound(
                t("tasks.unknown_ids", n=len(unknown), ids=", ".join(map(str, unknown))),
                hint=t("tasks.unknown_ids_hint"),
            )
        updates = []
        for i in wanted:
            _, status, old_result, old_note, old_at = stored[i]
            new = ("done", result or old_result, old_note if note is None else note)
            if new == (status, old_result, old_note):
                out.unchanged.append(i)
                continue
            updates.append((*new, completed_at(status, old_at, "done", now), i))
            out.changed.append(i)
        if updates:
            db.executemany(
                f"UPDATE tasks SET status = {db.ph}, result = {db.ph}, note = {db.ph},"
                f" completed_at = {db.ph} WHERE id = {db.ph}",
                updates,
            )
    return out
