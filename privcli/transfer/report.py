"""What a transfer or an undo reports: the member-level plan (--export), the receivers, the
skipped and unplaced customers, as named results for the one renderer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from privcli.base import config
from privcli.base.db import Database, iso
from privcli.base.messages import t, value_labels
from privcli.base.output import Document, Listing
from privcli.base.pii import mask_name, mask_phone
from privcli.io.writers import open_writer
from privcli.transfer.execute import Outcome, UndoOutcome
from privcli.transfer.plan import Plan
from privcli.transfer.spec import PLAN_HEADERS, PLAN_HEADERS_ZH

# the plan file (--export) in Chinese (--lang zh): sheet name and the fixed values of the
# status and reason columns (an unplaced customer's reason is a sentence: kept as it is)
PLAN_SHEET = {"en": "transfer plan", "zh": "转移计划"}
PLAN_KINDS = ("text", "text", "text", "text", "text", "text", "text", "date")
_PLAN_VALUES_ZH = {
    "move": "转移",
    "skipped": "跳过",
    "unplaced": "未分配",
    "resigned": "离职继承",
    "reassigned": "在职继承",
    "assigned": "分配给导购",
    "transfer limit reached": "已达企业微信转移次数上限",
}


def _rows(plan: Plan) -> Iterator[tuple]:
    for mid, frm, to, reason in plan.moves:
        yield (mid, frm, to, "move", reason, None)
    for mid, frm, why, eligible in plan.skipped:
        yield (mid, frm, None, "skipped", why, eligible)
    for mid, frm, why in plan.unplaced:
        yield (mid, frm, None, "unplaced", why, None)


def plan_rows(db: Database, plan: Plan, *, show_pii: bool = False, only_problems: bool = False):
    """Plan rows joined with member details, streamed in store / from / to order."""
    db.temp_table(
        "plan_rows",
        "member_id BIGINT, from_guide_id BIGINT, to_guide_id BIGINT,"
        " status TEXT, reason TEXT, eligible_on DATE",
    )
    rows = _rows(plan)
    if only_problems:
        rows = (r for r in rows if r[3] != "move")
    db.bulk_load(
        "plan_rows",
        ["member_id", "from_guide_id", "to_guide_id", "status", "reason", "eligible_on"],
        rows,
    )
    cur = db.execute(
        "SELECT s.code, f.code, t.code, m.phone, m.name, p.status, p.reason, p.eligible_on"
        " FROM plan_rows p JOIN members m ON m.id = p.member_id"
        " LEFT JOIN stores s ON s.id = m.store_id LEFT JOIN guides f ON f.id = p.from_guide_id"
        " LEFT JOIN guides t ON t.id = p.to_guide_id"
        " ORDER BY s.code, f.code, t.code, m.id"
    )
    while batch := cur.fetchmany(5000):
        for r in batch:
            r = [iso(v) for v in r]
            if not show_pii:
                r[3], r[4] = mask_phone(r[3]), mask_name(r[4])
            yield r
    db.execute("DROP TABLE plan_rows")


def export_plan(
    db: Database, plan: Plan, path: str | Path, *, show_pii: bool = False, lang: str = "en"
) -> int:
    """Write the member-level plan to a .csv or .xlsx file (headers and status values in `lang`);
    with --show-pii the file is readable by its owner only. Returns the number of rows."""
    zh = lang == "zh"
    writer = open_writer(
        path,
        PLAN_HEADERS_ZH if zh else PLAN_HEADERS,
        sheet=PLAN_SHEET["zh" if zh else "en"],
        kinds=PLAN_KINDS,
        private=show_pii,
    )
    n = 0
    try:
        for r in plan_rows(db, plan, show_pii=show_pii):
            if zh:
                r[5] = _PLAN_VALUES_ZH.get(r[5], r[5])
                r[6] = _PLAN_VALUES_ZH.get(r[6], r[6])
            writer.writerow(r)
            n += 1
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return n


SHOWN = 20  # problem lines on a terminal; --export and --format json hold them all


def run_document(db: Database, outcome: Outcome, *, show_pii: bool = False) -> Document:
    """A transfer's result: the receivers (a table), the skipped and unplaced customers (JSON
    lists; the first lines as notes), and the batch id and counts."""
    plan, dry_run = outcome.plan, outcome.dry_run
    problems = list(plan_rows(db, plan, show_pii=True, only_problems=True))
    labels = _note_labels()
    receivers = plan.per_receiver()
    cols = ["to_guide", "store", "moved", "customers_after", "from"]
    notes = []
    for r in problems[:SHOWN]:
        phone = r[3] if show_pii else mask_phone(r[3])
        extra = t("transfer.eligible_on", date=r[7]) if r[7] else ""
        notes.append(
            t(
                "transfer.problem",
                status=labels.get(r[5], r[5]),
                phone=phone,
                store=r[0],
                guide=r[1],
                reason=labels.get(r[6], r[6]),
                eligible=extra,
            )
        )
    if len(problems) > SHOWN:
        notes.append(t("transfer.more_problems", n=len(problems) - SHOWN))
    if dry_run:
        head = t("transfer.dry_run_head")
    elif outcome.batch:
        head = t("transfer.batch_head", batch=outcome.batch)
    elif plan.skipped or plan.unplaced:
        head = t("transfer.nothing_moved")
    else:
        head = t("transfer.nothing")
    if dry_run:
        limit, window = config.transfer_limit()
        notes.append(t(f"transfer.rule_{plan.rule}", limit=limit, window=window))
    notes.append(
        t(
            "transfer.summary",
            head=head,
            moved=len(plan.moves),
            guides=len(receivers),
            skipped=len(plan.skipped),
            unplaced=len(plan.unplaced),
        )
    )
    pii = {"phone": "phone"}
    return Document(
        [
            (
                "receivers",
                Listing(
                    cols,
                    [[r[c] for c in cols] for r in receivers],
                    title=t("transfer.plan_title" if dry_run else "transfer.moved_title"),
                ),
            ),
            (
                "skipped",
                Listing(
                    ["phone", "from", "reason", "eligible_on"],
                    [[r[3], r[1], r[6], r[7]] for r in problems if r[5] == "skipped"],
                    pii=pii,
                    detail=True,
                ),
            ),
            (
                "unplaced",
                Listing(
                    ["phone", "from", "reason"],
                    [[r[3], r[1], r[6]] for r in problems if r[5] == "unplaced"],
                    pii=pii,
                    detail=True,
                ),
            ),
        ],
        meta={"batch": outcome.batch, "dry_run": dry_run, "moved": len(plan.moves)},
        notes=notes,
        partial=bool(plan.skipped or plan.unplaced),
    )


def _note_labels() -> dict[str, str]:
    """The plan's status and reason values as people read them in the notes (under zh), looked
    up once for all the lines."""
    return {**(value_labels("status") or {}), **(value_labels("reason") or {})}


def undo_document(result: UndoOutcome, *, show_pii: bool = False) -> Document:
    notes = []
    labels = _note_labels()
    for k in result.kept[:SHOWN]:
        phone = k["phone"] if show_pii else mask_phone(k["phone"])
        extra = t("transfer.eligible_on", date=k["eligible_on"]) if k["eligible_on"] else ""
        reason = labels.get(k["reason"], k["reason"])
        notes.append(t("transfer.kept", phone=phone, reason=reason, eligible=extra))
    if len(result.kept) > SHOWN:
        notes.append(t("transfer.more_kept", n=len(result.kept) - SHOWN, batch=result.undone))
    notes.append(
        t(
            "transfer.undone",
            batch=result.batch,
            undone=result.undone,
            restored=result.restored,
            kept=len(result.kept),
        )
    )
    kept = Listing(
        ["phone", "reason", "eligible_on"],
        [[k["phone"], k["reason"], iso(k["eligible_on"])] for k in result.kept],
        pii={"phone": "phone"},
        detail=True,
    )
    return Document(
        [("kept", kept)],
        meta={"batch": result.batch, "undone": result.undone, "restored": result.restored},
        notes=notes,
        partial=bool(result.kept),
    )
