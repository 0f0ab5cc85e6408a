"""Committing a transfer plan, and undoing a batch.

A batch is one transaction: the owners change, every change is written to owner_log with the
batch id, the other capabilities hear of it (an `owner_changed` event: pending tasks follow
their customer), and the batch row records the counts. Either all of it lands or none of it.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

from privcli.base import config, events
from privcli.base.db import Database
from privcli.base.errors import NotFound, PrivcliError, UsageError
from privcli.base.messages import t
from privcli.transfer.plan import WECOM_REASONS, Plan, Request, frequency_skips, plan_transfer


@dataclass
class Outcome:
    plan: Plan
    batch: int | None = None
    dry_run: bool = False


def _operator() -> str | None:
    try:
        return getpass.getuser()
    except Exception:
        return None


def _plan_table(db: Database) -> None:
    db.temp_table(
        "plan_moves",
        "member_id BIGINT, from_guide_id BIGINT, to_guide_id BIGINT,"
        " reason TEXT, wecom_status TEXT",
    )


def _apply(db: Database, batch: int, moves, source: str, now) -> None:
    """Move members and log it; `moves` are (member_id, from, to, reason)."""
    _plan_table(db)
    db.bulk_load(
        "plan_moves",
        ["member_id", "from_guide_id", "to_guide_id", "reason", "wecom_status"],
        ((m, f, t, r, "not_sent" if r in WECOM_REASONS else None) for m, f, t, r in moves),
    )
    _apply_loaded(db, batch, len(moves), source, now)


def _apply_loaded(db: Database, batch: int, expected: int, source: str, now) -> None:
    """Apply the moves staged in plan_moves, in the caller's transaction."""
    params = {"now": now, "batch": batch, "source": source}
    changed = db.execute(
        "UPDATE members SET guide_id = p.to_guide_id, updated_at = :now FROM plan_moves p"
        f" WHERE members.id = p.member_id AND members.guide_id {db.same} p.from_guide_id",
        params,
    ).rowcount
    if changed != expected:
        raise PrivcliError(t("transfer.changed_meanwhile"), hint=t("transfer.run_again"))
    db.execute(
        "INSERT INTO owner_log (member_id, from_guide_id, to_guide_id, changed_at, source,"
        " batch_id, reason, wecom_status) SELECT member_id, from_guide_id, to_guide_id, :now,"
        " :source, :batch, reason, wecom_status FROM plan_moves",
        params,
    )
    events.stage_owner_changes(
        db, select="SELECT member_id, from_guide_id, to_guide_id FROM plan_moves"
    )
    events.publish(db, events.OWNER_CHANGED, source=source, at=now, batch_id=batch, import_id=None)
    db.execute("DROP TABLE plan_moves")


def _new_batch(db: Database, now, **fields) -> int:
    cols = ["created_at", "operator", *fields]
    return db.scalar(
        f"INSERT INTO transfer_batch ({', '.join(cols)}, moved, skipped, unplaced)"
        f" VALUES ({', '.join(':' + c for c in cols)}, 0, 0, 0) RETURNING id",
        {"created_at": now, "operator": _operator(), **fields},
    )


def run_transfer(db: Database, req: Request, *, dry_run: bool = False) -> Outcome:
    """Plan and (unless dry_run) commit in one transaction, so nothing changes in between. A
    plan that moves nobody writes no batch (those it would leave are listed all the same)."""
    with db.transaction(write=not dry_run):
        plan = plan_transfer(db, req)
        if dry_run or not plan.moves:
            return Outcome(plan, None, dry_run)
        now = config.now()
        batch = _new_batch(
            db,
            now,
            kind="transfer",
            reason=plan.reason,
            strategy=plan.strategy,
            scope=plan.scope,
            sources=plan.sources,
        )
        _apply(db, batch, plan.moves, "transfer", now)
        db.execute(
            "UPDATE transfer_batch SET moved = :m, skipped = :s, unplaced = :u WHERE id = :id",
            {"m": len(plan.moves), "s": len(plan.skipped), "u": len(plan.unplaced), "id": batch},
        )
    return Outcome(plan, batch, False)


@dataclass
class UndoOutcome:
    batch: int
    undone: int
    restored: int
    # left where they are: {"member_id", "phone", "reason", "eligible_on"}
    kept: list[dict] = field(default_factory=list)


def _batch_to_undo(db: Database, batch_id: int) -> None:
    b = db.one("SELECT id, kind, undone_by FROM transfer_batch WHERE id = :id", {"id": batch_id})
    if b is None:
        raise NotFound(t("transfer.no_batch", batch=batch_id), hint=t("transfer.log_hint"))
    if b["kind"] != "transfer":
        raise UsageError(t("transfer.undo_of_undo", batch=batch_id))
    if b["undone_by"] is not None:
        raise UsageError(t("transfer.undone_already", batch=batch_id, by=b["undone_by"]))


# A move of the batch is revertible when its member is still with the guide the batch gave
# them and has not been moved since.
_REVERTIBLE = (
    "l.batch_id = :b AND l.source = 'transfer' AND m.guide_id {same} l.to_guide_id"
    " AND NOT EXISTS (SELECT 1 FROM owner_log l2 WHERE l2.member_id = l.member_id"
    " AND l2.id > l.id)"
)


def _moved_since(db: Database, batch_id: int, revertible: str) -> list[dict]:
    """The batch's members moved again since, with the later batch to undo first."""
    rows = db.execute(
        "SELECT l.member_id, m.phone, (SELECT MAX(l2.batch_id) FROM owner_log l2"
        " WHERE l2.member_id = l.member_id AND l2.id > l.id) AS later"
        " FROM owner_log l JOIN members m ON m.id = l.member_id"
        f" WHERE l.batch_id = :b AND l.source = 'transfer' AND NOT ({revertible}) ORDER BY l.id",
        {"b": batch_id},
    ).fetchall()
    since = t("transfer.moved_since")
    return [
        {
            "member_id": mid,
            "phone": phone,
            "eligible_on": None,
            "reason": t("transfer.moved_since_batch", batch=later) if later else since,
        }
        for mid, phone, later in rows
    ]


def undo(db: Database, batch_id: int, today=None) -> UndoOutcome:
    """Put a batch's customers back with their previous owner, as one new batch. An undo is a
    transfer in WeCom's eyes: customers at the 2-per-90-days limit stay (listed with the date
    they become eligible), like those moved again since. An undo that can restore nobody is
    refused, so the batch stays undoable later."""
    today = today or config.today()
    with db.transaction():
        _batch_to_undo(db, batch_id)
        revertible = _REVERTIBLE.format(same=db.same)
        kept = _moved_since(db, batch_id, revertible)
        candidates = f"SELECT l.member_id FROM owner_log l JOIN members m ON m.id = l.member_id WHERE {revertible}"
        at_limit = frequency_skips(db, today, candidates, {"b": batch_id})
        phones = (
            dict(
                db.execute(
                    "SELECT id, phone FROM members WHERE " + db.in_list("id", "ids"),
                    {"ids": db.list_param(at_limit)},
                ).fetchall()
            )
            if at_limit
            else {}
        )
        kept += [
            {
                "member_id": mid,
                "phone": phones.get(mid),
                "reason": "transfer limit reached",
                "eligible_on": day,
            }
            for mid, day in sorted(at_limit.items())
        ]
        _plan_table(db)
        held = ""
        if at_limit:
            db.temp_table("undo_at_limit", "member_id BIGINT")
            db.bulk_load("undo_at_limit", ["member_id"], ((mid,) for mid in at_limit))
            held = " AND l.member_id NOT IN (SELECT member_id FROM undo_at_limit)"
        # back to the previous owner, in SQL: a million-customer undo never passes through Python
        db.execute(
            "INSERT INTO plan_moves (member_id, from_guide_id, to_guide_id, reason, wecom_status)"
            " SELECT l.member_id, l.to_guide_id, l.from_guide_id, 'undo', 'not_sent'"
            f" FROM owner_log l JOIN members m ON m.id = l.member_id WHERE {revertible}{held}",
            {"b": batch_id},
        )
        n = db.scalar("SELECT COUNT(*) FROM plan_moves")
        if not n:
            db.execute("DROP TABLE plan_moves")
            since = t("transfer.moved_since")
            later = sorted({k["reason"] for k in kept if k["reason"].startswith(since)})
            why = later + ([t("transfer.at_limit")] if at_limit else [])
            raise UsageError(
                t("transfer.undo_nobody", batch=batch_id, n=len(kept), why="; ".join(why)),
                hint=t("transfer.undo_later_first" if later else "transfer.undo_try_later"),
            )
        now = config.now()
        new = _new_batch(
            db, now, kind="undo", reason="undo", sources=f"batch {batch_id}", undo_of=batch_id
        )
        _apply_loaded(db, new, n, "undo", now)
        db.execute(
            "UPDATE transfer_batch SET moved = :m, skipped = :s WHERE id = :id",
            {"m": n, "s": len(kept), "id": new},
        )
        db.execute(
            "UPDATE transfer_batch SET undone_by = :new WHERE id = :id",
            {"new": new, "id": batch_id},
        )
    return UndoOutcome(new, batch_id, n, kept)
