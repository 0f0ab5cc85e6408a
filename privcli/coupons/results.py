"""The coupon commands' results as named results for the one renderer: what each write did,
with stable JSON keys for cron, and notes in words for people."""

from __future__ import annotations

from datetime import date

from privcli.base import config
from privcli.base.messages import t
from privcli.base.money import yuan
from privcli.base.output import Document, Listing, Record
from privcli.coupons.batches import Batch, Voided
from privcli.coupons.issue import IssueResult
from privcli.coupons.redeem import Redeemed, VoidedCode


def created(b: Batch, today: date | None = None) -> Record:
    """A new batch: its id first (what scripts read), then its rules."""
    today = today or config.today()
    return Record(
        {
            "id": b.id,
            "name": b.name,
            "kind": b.kind,
            "value": b.value_shown(),
            "min_spend": yuan(b.min_spend_fen),
            "offer": b.offer(),
            "quantity": b.quantity,
            "per_member": b.per_member,
            "valid_from": b.valid_from,
            "valid_to": b.valid_to,
            "valid_days": b.valid_days,
            "state": b.state(0, today),
        },
        title=t("coupons.batch_title"),
        notes=[t("coupons.created", name=b.name, id=b.id)],
    )


def issued(r: IssueResult) -> Document:
    """An issue run: coupons by store (a table), the counts (JSON top level; notes for people).
    Partial (exit 3) when the batch's quantity ran out before every eligible member had one."""
    b = r.batch
    face = b.face_fen()
    rows = [
        [code, name, n, yuan(face * n) if face is not None else None]
        for code, name, n in r.by_store
    ]
    notes = []
    head = "coupons.issue_dry" if r.dry_run else "coupons.issue_done"
    notes.append(t(head, name=b.name, issued=r.issued, stores=len(r.by_store)))
    if r.held_out:
        notes.append(t("coupons.issue_held_out", n=r.held_out, pct=r.holdout_pct))
    if r.already_held_out:
        notes.append(t("coupons.issue_already_held_out", n=r.already_held_out))
    if r.no_guide:
        notes.append(t("coupons.issue_no_guide", n=r.no_guide))
    if r.at_limit:
        notes.append(t("coupons.issue_at_limit", n=r.at_limit, limit=b.per_member))
    if r.over_quantity:
        notes.append(t("coupons.issue_over_quantity", n=r.over_quantity, quantity=b.quantity))
    if face is not None:
        notes.append(t("coupons.issue_cost", cost=yuan(r.cost_ceiling_fen or 0)))
    else:
        notes.append(t("coupons.issue_cost_discount"))
    notes.append(t("coupons.issue_remaining", n=r.remaining))
    return Document(
        [
            (
                "by_store",
                Listing(
                    ["store_code", "store", "coupons", "cost_ceiling"],
                    rows,
                    title=t("coupons.by_store_title"),
                ),
            )
        ],
        meta={
            "batch_id": b.id,
            "batch": b.name,
            "dry_run": r.dry_run,
            "issue_id": None if r.dry_run else r.issue_id,
            "selected": r.selected,
            "issued": r.issued,
            "held_out": r.held_out,
            "already_held_out": r.already_held_out,
            "no_guide": r.no_guide,
            "at_limit": r.at_limit,
            "over_quantity": r.over_quantity,
            "remaining": r.remaining,
            "holdout_pct": r.holdout_pct,
            "cost_ceiling": yuan(r.cost_ceiling_fen),
        },
        notes=notes,
        partial=bool(r.over_quantity),
    )


def redeemed(r: Redeemed) -> Record:
    note = "coupons.redeem_again" if r.already else "coupons.redeem_done"
    return Record(
        {
            "code": r.code,
            "order_no": r.order_no,
            "batch": r.batch,
            "redeemed_at": r.redeemed_at,
            "changed": not r.already,
        },
        notes=[t(note, code=r.code, order=r.order_no)],
    )


def voided_code(r: VoidedCode) -> Record:
    note = "coupons.void_code_done" if r.changed else "coupons.void_code_again"
    return Record(
        {"code": r.code, "batch": r.batch, "status": r.status, "voided": int(r.changed)},
        notes=[t(note, code=r.code)],
    )


def voided_batch(r: Voided) -> Record:
    assert r.batch is not None
    return Record(
        {
            "batch_id": r.batch.id,
            "batch": r.batch.name,
            "voided": r.voided,
            "already_void": r.already_void,
            "kept_redeemed": r.kept_redeemed,
        },
        notes=[
            t(
                "coupons.void_batch_done",
                name=r.batch.name,
                voided=r.voided,
                redeemed=r.kept_redeemed,
            )
        ],
    )


def exported(b: Batch, path: str, n: int) -> Record:
    return Record(
        {"batch_id": b.id, "batch": b.name, "file": path, "rows": n},
        notes=[t("coupons.exported", n=n, name=b.name, path=path)],
    )
