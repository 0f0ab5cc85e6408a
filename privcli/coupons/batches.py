"""Coupon batches (券批次): creating one with its rules checked, finding one by id or name, their
state and counts, and withdrawing (voiding) unredeemed coupons.

A batch's value is stored as the kind needs it: cash (元 off, 满减 with a minimum spend) and gift
(the item's cost, for ROI) in fen, discount as the percent paid (85 = 15% off). Validity is a
fixed window (valid_from .. valid_to, both days included) or a number of days from each coupon's
issue (valid_days: issued today with 7 days, valid through today + 6).
"""

from __future__ import annotations

import difflib
import getpass
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from privcli.base import config
from privcli.base.db import Database, iso, load_sql
from privcli.base.errors import NotFound, UsageError
from privcli.base.messages import t
from privcli.base.money import yuan
from privcli.base.output import Document, Listing, Record

KINDS = ("cash", "discount", "gift")
STATES = ("draft", "active", "expired", "void")


def as_date(v) -> date | None:
    """A DATE column as a date (SQLite returns the ISO text it stored)."""
    if v is None or isinstance(v, date) and not isinstance(v, datetime):
        return v
    if isinstance(v, datetime):
        return v.date()
    return date.fromisoformat(str(v)[:10])


def operator() -> str | None:
    """Who ran the command (for the issue log), if the system can tell."""
    try:
        return getpass.getuser()
    except Exception:
        return None


@dataclass(frozen=True)
class Batch:
    """One coupon batch as stored; `value` in the batch's unit (fen, or percent paid)."""

    id: int
    name: str
    kind: str
    value: int
    min_spend_fen: int | None
    quantity: int
    per_member: int
    valid_from: date | None
    valid_to: date | None
    valid_days: int | None
    holdout_pct: int | None
    seed: str
    note: str | None
    created_at: object
    voided_at: object

    @classmethod
    def from_row(cls, r: dict) -> Batch:
        return cls(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            value=r["value"],
            min_spend_fen=r["min_spend_fen"],
            quantity=r["quantity"],
            per_member=r["per_member"],
            valid_from=as_date(r["valid_from"]),
            valid_to=as_date(r["valid_to"]),
            valid_days=r["valid_days"],
            holdout_pct=r["holdout_pct"],
            seed=r["seed"],
            note=r["note"],
            created_at=r["created_at"],
            voided_at=r["voided_at"],
        )

    def validity(self, today: date) -> tuple[date, date]:
        """(valid_from, valid_to) of a coupon of this batch issued on `today`."""
        if self.valid_days:
            return today, today + timedelta(days=self.valid_days - 1)
        assert self.valid_from is not None and self.valid_to is not None
        return self.valid_from, self.valid_to

    def face_fen(self) -> int | None:
        """What one redeemed coupon costs, when it does not depend on the order: cash and gift.
        A discount's cost is a share of the order (None)."""
        return None if self.kind == "discount" else self.value

    def value_shown(self) -> Decimal | int:
        """The value as --value takes it: yuan for cash and gift, percent paid for discount."""
        return self.value if self.kind == "discount" else yuan(self.value)

    def offer(self) -> str:
        """The offer in words, e.g. "¥30.00 off over ¥199.00"."""
        spend = yuan(self.min_spend_fen) if self.min_spend_fen else None
        if self.kind == "cash":
            text = t("coupons.offer_cash", value=yuan(self.value))
        elif self.kind == "discount":
            zhe = f"{self.value / 10:g}"  # 85% paid is 8.5折
            text = t("coupons.offer_discount", pct=self.value, off=100 - self.value, zhe=zhe)
        else:
            text = t("coupons.offer_gift", value=yuan(self.value))
        return text + (t("coupons.offer_min_spend", spend=spend) if spend else "")

    def state(self, issued: int, today: date) -> str:
        """void (withdrawn), expired (its window is over), draft (nothing issued yet), active."""
        if self.voided_at is not None:
            return "void"
        if self.valid_to is not None and self.valid_to < today:
            return "expired"
        return "draft" if not issued else "active"


# -- create ---------------------------------------------------------------------------------------
def _fen(value: Decimal, option: str) -> int:
    fen = value * 100
    if fen != fen.to_integral_value():
        raise UsageError(t("coupons.bad_money", option=option, value=value))
    return int(fen)


def create(
    db: Database,
    name: str,
    *,
    kind: str,
    value: Decimal,
    quantity: int,
    per_member: int = 1,
    min_spend: Decimal | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    valid_days: int | None = None,
    note: str | None = None,
    today: date | None = None,
) -> Batch:
    """Create a batch after checking every rule; a refused request writes nothing and names the
    option that is wrong. The batch gets a random seed for its holdout draw."""
    today = today or config.today()
    name = (name or "").strip()
    if not name:
        raise UsageError(t("coupons.empty_name"))
    if name.isdigit():
        raise UsageError(t("coupons.numeric_name", name=name), hint=t("coupons.numeric_name_hint"))
    if kind not in KINDS:
        raise UsageError(t("coupons.bad_kind", kind=kind))
    if value <= 0:
        raise UsageError(t("coupons.bad_value", value=value))
    if kind == "discount":
        if value != value.to_integral_value() or not 1 <= value <= 99:
            raise UsageError(
                t("coupons.bad_discount", value=value), hint=t("coupons.discount_hint")
            )
        stored = int(value)
    else:
        stored = _fen(value, "--value")
    if quantity <= 0:
        raise UsageError(t("coupons.bad_quantity", value=quantity))
    if per_member <= 0:
        raise UsageError(t("coupons.bad_per_member", value=per_member))
    spend = None
    if min_spend is not None:
        if min_spend < 0:
            raise UsageError(t("coupons.bad_min_spend", value=min_spend))
        spend = _fen(min_spend, "--min-spend") or None
        if kind == "cash" and spend is not None and spend < stored:
            raise UsageError(
                t("coupons.min_spend_below_value", spend=min_spend, value=value),
            )
    fixed = valid_from is not None or valid_to is not None
    if valid_days is not None and fixed:
        raise UsageError(t("coupons.validity_both"), hint=t("coupons.validity_hint"))
    if valid_days is None and not fixed:
        raise UsageError(t("coupons.validity_missing"), hint=t("coupons.validity_hint"))
    if fixed:
        if valid_from is None or valid_to is None:
            raise UsageError(
                t(
                    "coupons.validity_half",
                    missing="--valid-from" if valid_from is None else "--valid-to",
                ),
                hint=t("coupons.validity_hint"),
            )
        if valid_to < valid_from:
            raise UsageError(t("coupons.validity_order", start=valid_from, end=valid_to))
        if valid_to < today:
            raise UsageError(t("coupons.validity_past", end=valid_to, today=today))
    elif valid_days is not None and valid_days <= 0:
        raise UsageError(t("coupons.bad_valid_days", value=valid_days))
    with db.transaction():
        if db.scalar("SELECT 1 FROM coupon_batches WHERE name = :n", {"n": name}):
            raise UsageError(t("coupons.name_taken", name=name), hint=t("coupons.name_taken_hint"))
        batch_id = db.scalar(
            "INSERT INTO coupon_batches (name, kind, value, min_spend_fen, quantity, per_member,"
            " valid_from, valid_to, valid_days, seed, note, created_at) VALUES (:name, :kind,"
            " :value, :spend, :quantity, :per, :vf, :vt, :days, :seed, :note, :now) RETURNING id",
            {
                "name": name,
                "kind": kind,
                "value": stored,
                "spend": spend,
                "quantity": quantity,
                "per": per_member,
                "vf": valid_from,
                "vt": valid_to,
                "days": valid_days,
                "seed": secrets.token_hex(8),
                "note": note,
                "now": config.now(),
            },
        )
    return load(db, batch_id)


# -- finding --------------------------------------------------------------------------------------
def load(db: Database, batch_id: int) -> Batch:
    row = db.one("SELECT * FROM coupon_batches WHERE id = :id", {"id": batch_id})
    if row is None:
        raise NotFound(t("coupons.no_batch_id", id=batch_id), hint=t("coupons.see_list"))
    return Batch.from_row(row)


def find_batch(db: Database, ref: int | str | Batch) -> Batch:
    """The batch `ref` names: its id (an int, or digits) or its unique name. An unknown
    reference raises NotFound naming the closest batch names. A Batch is returned as it is."""
    if isinstance(ref, Batch):
        return ref
    text = str(ref).strip()
    if isinstance(ref, int) or text.isdigit():
        return load(db, int(text))
    row = db.one("SELECT * FROM coupon_batches WHERE name = :n", {"n": text})
    if row is not None:
        return Batch.from_row(row)
    names = [r[0] for r in db.execute("SELECT name FROM coupon_batches").fetchall()]
    close = difflib.get_close_matches(text, names, n=3, cutoff=0.4)
    raise NotFound(
        t("coupons.no_batch", name=text),
        hint=t("coupons.did_you_mean", values=", ".join(close)) if close else t("coupons.see_list"),
    )


# -- counts, list, show ---------------------------------------------------------------------------
COUNT_KEYS = ("issued", "redeemed", "voided", "refunded", "held_out")


def counts(db: Database, batch_id: int | None = None) -> dict[int, dict[str, int]]:
    """batch id -> issued, redeemed, voided, refunded (redeemed, then the order refunded in
    full or in part) and held_out (the control group)."""
    where = "" if batch_id is None else " WHERE c.batch_id = :b"
    out: dict[int, dict[str, int]] = {}
    for r in db.execute(
        load_sql("coupons/batch_counts").replace("/*where*/", where), {"b": batch_id}
    ):
        out[r[0]] = dict(zip(COUNT_KEYS[:4], (int(v or 0) for v in r[1:]), strict=True))
    held = "" if batch_id is None else " WHERE batch_id = :b"
    for b, n in db.execute(
        f"SELECT batch_id, COUNT(*) FROM coupon_holdouts{held} GROUP BY batch_id", {"b": batch_id}
    ):
        out.setdefault(b, dict.fromkeys(COUNT_KEYS[:4], 0))["held_out"] = n
    return out


LIST_COLUMNS = [
    "id",
    "name",
    "kind",
    "value",
    "min_spend",
    "offer",
    "valid_from",
    "valid_to",
    "valid_days",
    "quantity",
    "per_member",
    "issued",
    "redeemed",
    "remaining",
    "state",
]


def _summary(b: Batch, c: dict[str, int], today: date) -> dict:
    issued = c.get("issued", 0)
    return {
        "id": b.id,
        "name": b.name,
        "kind": b.kind,
        "value": b.value_shown(),
        "min_spend": yuan(b.min_spend_fen),
        "offer": b.offer(),
        "valid_from": iso(b.valid_from),
        "valid_to": iso(b.valid_to),
        "valid_days": b.valid_days,
        "quantity": b.quantity,
        "per_member": b.per_member,
        "issued": issued,
        "redeemed": c.get("redeemed", 0),
        "remaining": max(b.quantity - issued, 0),
        "state": b.state(issued, today),
    }


def listing(db: Database, *, today: date | None = None) -> Listing:
    """Every batch, newest first, with its counts and state."""
    today = today or config.today()
    every = counts(db)
    rows = []
    for r in db.query("SELECT * FROM coupon_batches ORDER BY id DESC"):
        b = Batch.from_row(r)
        s = _summary(b, every.get(b.id, {}), today)
        rows.append([s[c] for c in LIST_COLUMNS])
    return Listing(LIST_COLUMNS, rows, title=t("coupons.list_title"))


def show(db: Database, ref: int | str, *, today: date | None = None) -> Document:
    """One batch: its rules, counts and state, and its issue runs."""
    today = today or config.today()
    b = find_batch(db, ref)
    c = counts(db, b.id).get(b.id, {})
    fields = _summary(b, c, today)
    fields.update(
        voided=c.get("voided", 0),
        refunded_after_redemption=c.get("refunded", 0),
        holdout_pct=b.holdout_pct,
        held_out=c.get("held_out", 0),
        seed=b.seed,
        note=b.note,
        created_at=iso(b.created_at),
        voided_at=iso(b.voided_at),
    )
    runs = db.execute(
        "SELECT i.id, i.issued_at, i.via, i.filters, i.selected, i.issued, i.held_out,"
        " i.no_guide, i.at_limit, i.over_quantity, i.operator FROM coupon_issues i"
        " WHERE i.batch_id = :b ORDER BY i.id",
        {"b": b.id},
    )
    cols = [d[0] for d in runs.description]
    issues = Listing(
        cols, [[iso(v) for v in r] for r in runs.fetchall()], title=t("coupons.runs_title")
    )
    return Document([("batch", Record(fields, title=t("coupons.batch_title"))), ("issues", issues)])


# -- void -----------------------------------------------------------------------------------------
@dataclass
class Voided:
    voided: int
    kept_redeemed: int
    already_void: int
    batch: Batch | None = None
    code: str | None = None


def void_batch(db: Database, ref: int | str) -> Voided:
    """Withdraw a whole batch: no further issue, every unredeemed coupon marked void (kept, with
    the time); redeemed coupons stay redeemed. Running it again changes nothing."""
    now = config.now()
    with db.transaction():
        b = find_batch(db, ref)
        if db.is_pg:
            db.execute("SELECT id FROM coupon_batches WHERE id = :b FOR UPDATE", {"b": b.id})
        db.execute(
            "UPDATE coupon_batches SET voided_at = :now WHERE id = :b AND voided_at IS NULL",
            {"now": now, "b": b.id},
        )
        n = db.execute(
            "UPDATE coupons SET status = 'void', voided_at = :now"
            " WHERE batch_id = :b AND status = 'issued'",
            {"now": now, "b": b.id},
        ).rowcount
        rest = dict(
            db.execute(
                "SELECT status, COUNT(*) FROM coupons WHERE batch_id = :b GROUP BY status",
                {"b": b.id},
            ).fetchall()
        )
    return Voided(n, rest.get("redeemed", 0), rest.get("void", 0) - n, batch=load(db, b.id))
