"""`transfer log`: batches, or the member-level changes behind them."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from privcli.base.db import Database, iso, load_sql
from privcli.base.errors import NotFound
from privcli.base.messages import t, value_labels
from privcli.base.output import Listing, text
from privcli.base.selection import Selection
from privcli.members.logic import find_member_id

BATCH_COLUMNS = [
    "batch",
    "created_at",
    "kind",
    "reason",
    "strategy",
    "scope",
    "sources",
    "moved",
    "skipped",
    "unplaced",
    "undo_of",
    "undone_by",
    "operator",
    "wecom",
]
ITEM_COLUMNS = [
    "batch",
    "changed_at",
    "phone",
    "name",
    "store_code",
    "from_guide",
    "to_guide",
    "source",
    "reason",
    "wecom_status",
]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def batches(db: Database, since: date | None = None, *, limit: int = 0) -> Listing:
    """The batches, newest first (the `limit` newest)."""
    where, params = "", {}
    if since:
        where, params = " AND b.created_at >= :since", {"since": _midnight(since)}
    every = load_sql("transfer/log_batches").replace("/*where*/", where)
    sql = every + (f" LIMIT {int(limit)}" if limit else "")
    rows = [[iso(v) for v in r] for r in db.execute(sql, params).fetchall()]
    wecom: dict = defaultdict(list)
    for b, status, n in db.execute(
        "SELECT l.batch_id, l.wecom_status, COUNT(*) FROM owner_log l JOIN transfer_batch b"
        " ON b.id = l.batch_id WHERE l.wecom_status IS NOT NULL"
        + where
        + " GROUP BY l.batch_id, l.wecom_status ORDER BY l.batch_id, l.wecom_status",
        params,
    ):
        wecom[b].append(f"{status} {n}")
    return Listing(
        BATCH_COLUMNS,
        [[*r, ", ".join(wecom.get(r[0], ()))] for r in rows],
        title=t("transfer.batches_title"),
        display=_wecom_display(),
        limit=limit,
        total=lambda: db.scalar(f"SELECT COUNT(*) FROM ({every}) x", params),
    )


def _wecom_display() -> dict:
    """The wecom column ("not_sent 60, accepted 3") and an undo's sources ("batch 1") as people
    read them: in the message language (JSON and CSV keep the values)."""
    shown = value_labels("wecom_status")
    if not shown:
        return {}

    def sources(v: object) -> str:
        word, _, n = str(v or "").partition(" ")
        return t("transfer.batch_head", batch=n) if word == "batch" and n.isdigit() else text(v)

    def show(v: object) -> str:
        parts = (p.rsplit(" ", 1) for p in str(v or "").split(", ") if p)
        return "，".join(f"{shown.get(s, s)} {n}" for s, n in parts)

    return {"wecom": show, "sources": sources}


def items(
    db: Database,
    sel: Selection,
    *,
    batch: int | None = None,
    guide: str | None = None,
    member: str | None = None,
    since: date | None = None,
    limit: int = 0,
) -> Listing:
    """Each customer's move, oldest first: of one batch, from or to one guide, of one member,
    of the members a selection picks. Everything is validated before the first row."""
    conds, params = [], {}
    if batch is not None:
        if not db.scalar("SELECT 1 FROM transfer_batch WHERE id = :b", {"b": batch}):
            raise NotFound(t("transfer.no_batch", batch=batch), hint=t("transfer.log_hint"))
        conds.append("l.batch_id = :batch")
        params["batch"] = batch
    if guide:
        gid = db.scalar("SELECT id FROM guides WHERE code = :c", {"c": guide})
        if gid is None:
            raise NotFound(
                t("transfer.no_guide", guide=repr(guide)), hint=t("transfer.guides_hint")
            )
        conds.append("(l.from_guide_id = :gid OR l.to_guide_id = :gid)")
        params["gid"] = gid
    if member:
        mid, _ = find_member_id(db, member)
        conds.append("l.member_id = :mid")
        params["mid"] = mid
    if since:
        conds.append("l.changed_at >= :since")
        params["since"] = _midnight(since)
    sel.check(db)
    where, more = sel.where(db)
    params.update(more)
    sql = load_sql("transfer/log_items").replace(
        "/*where*/", "".join(" AND " + c for c in conds) + where
    )
    every = sql
    if limit:
        sql += f" LIMIT {int(limit)}"

    def rows():
        for chunk in db.chunks(sql, params):
            for r in chunk:
                yield [iso(v) for v in r]

    return Listing(
        ITEM_COLUMNS,
        rows(),
        title=t("transfer.changes_title"),
        pii={"phone": "phone", "name": "name"},
        limit=limit,
        total=lambda: db.scalar(f"SELECT COUNT(*) FROM ({every}) x", params),
    )
