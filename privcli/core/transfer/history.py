"""`transfer log`: batches, or the member-level changes behind them."""

from __future__ import annotations

from datetime import date, datetime

from privcli.core.export import fmt_value, query
from privcli.core.members import find_member_id
from privcli.db import Database
from privcli.errors import NotFound
from privcli.pii import mask_name, mask_phone

BATCH_COLUMNS = ["batch", "created_at", "kind", "reason", "strategy", "scope", "sources", "moved",
                 "skipped", "unplaced", "undo_of", "undone_by", "operator"]  # fmt: skip
ITEM_COLUMNS = ["batch", "changed_at", "phone", "name", "store_code", "from_guide", "to_guide",
                "source", "reason", "wecom_status"]  # fmt: skip


def batches(db: Database, since: date | None = None) -> list[list]:
    where, params = "", {}
    if since:
        where, params = (
            " AND b.created_at >= :since",
            {"since": datetime.combine(since, datetime.min.time())},
        )
    return [
        [fmt_value(v) for v in r]
        for r in db.execute(query("transfer_log_batches", where), params).fetchall()
    ]


def items(
    db: Database,
    *,
    batch: int | None = None,
    guide: str | None = None,
    member: str | None = None,
    since: date | None = None,
    show_pii: bool = False,
    limit: int = 0,
):
    conds, params = [], {}
    if batch is not None:
        if not db.scalar("SELECT 1 FROM transfer_batch WHERE id = :b", {"b": batch}):
            raise NotFound(f"no transfer batch {batch}", hint="privcli transfer log")
        conds.append("l.batch_id = :batch")
        params["batch"] = batch
    if guide:
        gid = db.scalar("SELECT id FROM guides WHERE code = :c", {"c": guide})
        if gid is None:
            raise NotFound(f"no guide with id {guide!r}", hint="privcli guides list")
        conds.append("(l.from_guide_id = :gid OR l.to_guide_id = :gid)")
        params["gid"] = gid
    if member:
        mid, _ = find_member_id(db, member)
        conds.append("l.member_id = :mid")
        params["mid"] = mid
    if since:
        conds.append("l.changed_at >= :since")
        params["since"] = datetime.combine(since, datetime.min.time())
    sql = query("transfer_log_items", "".join(" AND " + c for c in conds))
    if limit:
        sql += f" LIMIT {int(limit)}"
    stream = db.stream(sql, params)
    next(stream)
    for r in stream:
        row = [fmt_value(v) for v in r]
        if not show_pii:
            row[2], row[3] = mask_phone(row[2]), mask_name(row[3])
        yield row
