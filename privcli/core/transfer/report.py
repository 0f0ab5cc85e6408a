"""Member-level views of a plan: the --export file and the skipped/unplaced lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from privcli.core.export import fmt_value
from privcli.core.transfer.plan import Plan
from privcli.db import Database
from privcli.io.writers import open_writer
from privcli.pii import mask_name, mask_phone

PLAN_HEADERS = ["store_code", "from_guide", "to_guide", "phone", "name", "status", "reason",
                "eligible_on"]  # fmt: skip


def _rows(plan: Plan) -> Iterator[tuple]:
    for mid, frm, to, reason in plan.moves:
        yield (mid, frm, to, "move", reason, None)
    for mid, frm, why, eligible in plan.skipped:
        yield (mid, frm, None, "skipped", why, eligible)
    for mid, frm, why in plan.unplaced:
        yield (mid, frm, None, "unplaced", why, None)


def plan_rows(db: Database, plan: Plan, *, show_pii: bool = False, only_problems: bool = False):
    """Plan rows joined with member details, streamed in store / from / to order."""
    db.temp_table("plan_rows", "member_id BIGINT, from_guide_id BIGINT, to_guide_id BIGINT,"
                               " status TEXT, reason TEXT, eligible_on DATE")  # fmt: skip
    rows = _rows(plan)
    if only_problems:
        rows = (r for r in rows if r[3] != "move")
    db.bulk_load("plan_rows", ["member_id", "from_guide_id", "to_guide_id", "status", "reason",
                               "eligible_on"], rows)  # fmt: skip
    cur = db.execute(
        "SELECT s.code, f.code, t.code, m.phone, m.name, p.status, p.reason, p.eligible_on"
        " FROM plan_rows p JOIN members m ON m.id = p.member_id"
        " LEFT JOIN stores s ON s.id = m.store_id LEFT JOIN guides f ON f.id = p.from_guide_id"
        " LEFT JOIN guides t ON t.id = p.to_guide_id"
        " ORDER BY s.code, f.code, t.code, m.id"
    )
    while batch := cur.fetchmany(5000):
        for r in batch:
            r = [fmt_value(v) for v in r]
            if not show_pii:
                r[3], r[4] = mask_phone(r[3]), mask_name(r[4])
            yield r
    db.execute("DROP TABLE plan_rows")


def export_plan(db: Database, plan: Plan, path: str | Path, *, show_pii: bool = False) -> int:
    writer = open_writer(path, PLAN_HEADERS, sheet="transfer plan")
    n = 0
    try:
        for r in plan_rows(db, plan, show_pii=show_pii):
            writer.writerow(r)
            n += 1
    finally:
        writer.close()
    return n
