"""Issuing coupons of a batch to members, set-based: `coupons issue` (a member selection) and
`issue_to_members` (a list of member ids, for other capabilities such as daily tasks) run the
same code.

One run, in one transaction:

1. lock the batch (SQLite: the write lock every privcli write takes up front; PostgreSQL: the
   batch row, FOR UPDATE), so that two runs at the same time never exceed the quantity: the
   second one waits, then counts what the first issued;
2. stage the selected members in a temporary table with their owning guide and why a member
   gets nothing (no active owning guide, already at the per-member limit, in the control group);
3. draw the control group (`--holdout PCT`) and, when the quantity cannot cover everyone, the
   order in which members are served: both from a hash of the batch's seed and the member id,
   so the same batch and member always draw the same (reproducible, no state);
4. generate codes in bulk (`codes.new_codes`), load them, and insert every coupon with one
   INSERT … SELECT; a code that collides with a stored one (about 1 in 2 ** 50 per million) is
   skipped by ON CONFLICT and drawn again for just those members.

Each run is logged in coupon_issues with its counts. One coupon per member per run; a member
never holds more than the batch's per-member limit (voided coupons do not count); the quantity
counts every coupon ever issued (voided ones too: a withdrawn code is not put back in stock).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from privcli.base import config
from privcli.base.db import Database, load_sql
from privcli.base.errors import PrivcliError, UsageError
from privcli.base.messages import t
from privcli.base.selection import Selection
from privcli.coupons import codes
from privcli.coupons.batches import Batch, find_batch, operator

CODE_CHUNK = 50_000  # codes generated and loaded at a time: memory stays flat
DRAW_CHUNK = 20_000
MAX_RETRIES = 8
DRAW_SCALE = 2**63  # a draw is an integer in [0, 2 ** 63)

# why a selected member gets no coupon (see sql/coupons/issue_candidates.sql)
ELIGIBLE, NO_GUIDE, AT_LIMIT, HELD_OUT = 0, 1, 2, 3
DRAWN = 4  # drawn into the control group by this run


def draw(seed: str, member_id: int) -> int:
    """The member's draw for a batch: the first 63 bits of BLAKE2b(seed:member_id). A member is
    in the control group when draw < pct% of 2 ** 63; when the quantity is short, members are
    served in increasing draw. A pure function: the same batch and member always draw alike."""
    digest = hashlib.blake2b(f"{seed}:{member_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def draws(seed: str, member_ids: Sequence[int]) -> list[int]:
    """`draw` of many members (the same values, without a call per member)."""
    prefix, blake2b, from_bytes = f"{seed}:".encode(), hashlib.blake2b, int.from_bytes
    return [
        from_bytes(blake2b(prefix + str(m).encode(), digest_size=8).digest(), "big") >> 1
        for m in member_ids
    ]


def holdout_threshold(pct: int | None) -> int:
    return 0 if not pct else pct * DRAW_SCALE // 100


@dataclass
class IssueResult:
    """What one issue run did (or, dry, would do)."""

    batch: Batch
    selected: int = 0  # members the selection holds
    eligible: int = 0  # offered: active owning guide, below the limit, not in the control group
    issued: int = 0
    held_out: int = 0  # drawn into the control group by this run
    no_guide: int = 0  # skipped: no active owning guide
    at_limit: int = 0  # skipped: already hold the per-member limit
    already_held_out: int = 0  # skipped: in the control group since an earlier run
    over_quantity: int = 0  # eligible, but the batch's quantity ran out
    remaining: int = 0  # the batch's quantity left after this run
    holdout_pct: int | None = None  # the batch's control group, percent
    cost_ceiling_fen: int | None = None  # issued x face value (None for discounts)
    by_store: list[tuple] = field(default_factory=list)  # (store code, name, coupons)
    issue_id: int | None = None
    dry_run: bool = False
    codes: dict[int, str] = field(default_factory=dict)  # member id -> code (issue_to_members)


def issue(
    db: Database,
    ref: int | str | Batch,
    selection: Selection,
    *,
    holdout: int | None = None,
    dry_run: bool = False,
    today: date | None = None,
) -> IssueResult:
    """Offer batch `ref` to the members `selection` picks (everyone, without filters): one
    coupon each to those with an active owning guide, up to the batch's quantity and
    per-member limit. `holdout` (percent, at the batch's first issue only) sets aside a
    reproducible random share as a control group. One transaction; `dry_run` rolls it back."""
    today = today or config.today()
    if holdout is not None and not 1 <= holdout <= 90:
        raise UsageError(t("coupons.bad_holdout", value=holdout))
    selection.check(db)
    with db.transaction(rollback=dry_run):
        batch = find_batch(db, ref)
        where, params = selection.where(db)
        result = _run(
            db,
            batch,
            where,
            params,
            holdout=holdout,
            today=today,
            via="issue",
            filters=selection.describe() or None,
            dry_run=dry_run,
        )
    return result


def issue_to_members(
    db: Database,
    batch: int | str | Batch,
    member_ids: Iterable[int],
    *,
    today: date,
    via: str = "members",
) -> dict[int, str]:
    """Issue one coupon of `batch` (a Batch, its id or its name) to each of `member_ids`, within
    the batch's quantity and per-member limit, each recording the member's owning guide as the
    issuing guide. Returns {member_id: code} for the members who got one; members who cannot
    (no active owning guide, at the limit, in the control group, quantity exhausted, not a
    member) are absent. Runs in the caller's transaction if there is one, else in its own.
    Raises UsageError when the batch is void or expired. `via` names the caller in the batch's
    issue log (e.g. "tasks")."""
    ids = sorted({int(i) for i in member_ids})
    with db.transaction():
        b = find_batch(db, batch)
        if not ids:
            _check_open(b, today)
            return {}
        db.temp_table("coupon_members", "member_id INTEGER PRIMARY KEY")
        db.bulk_load("coupon_members", ["member_id"], ((i,) for i in ids))
        result = _run(
            db,
            b,
            " AND m.id IN (SELECT member_id FROM coupon_members)",
            {},
            holdout=None,
            today=today,
            via=via,
            filters=t("coupons.filters_members", n=len(ids)),
            dry_run=False,
            want_codes=True,
        )
        db.execute("DROP TABLE coupon_members")
    return result.codes


def _check_open(b: Batch, today: date) -> None:
    if b.voided_at is not None:
        raise UsageError(t("coupons.batch_void", name=b.name), hint=t("coupons.batch_void_hint"))
    if b.valid_to is not None and b.valid_to < today:
        raise UsageError(
            t("coupons.batch_expired", name=b.name, end=b.valid_to),
            hint=t("coupons.batch_expired_hint"),
        )


def _run(
    db: Database,
    batch: Batch,
    where: str,
    params: dict,
    *,
    holdout: int | None,
    today: date,
    via: str,
    filters: str | None,
    dry_run: bool,
    want_codes: bool = False,
) -> IssueResult:
    """One issue run inside the caller's transaction (see the module docstring)."""
    if db.is_pg:
        db.execute("SELECT id FROM coupon_batches WHERE id = :b FOR UPDATE", {"b": batch.id})
        # the per-member subqueries make the planner expect a huge cost and compile the
        # statements (a third of a second each): nothing here runs long enough to gain from it
        db.execute("SET LOCAL jit = off")
    b = find_batch(db, batch.id)  # as it is now that we hold the lock
    _check_open(b, today)
    issued_before = db.scalar("SELECT COUNT(*) FROM coupons WHERE batch_id = :b", {"b": b.id})
    pct = b.holdout_pct
    if holdout is not None and holdout != pct:
        if pct is not None:
            raise UsageError(
                t("coupons.holdout_fixed", name=b.name, pct=pct, asked=holdout),
                hint=t("coupons.holdout_fixed_hint", pct=pct),
            )
        if issued_before:
            raise UsageError(
                t("coupons.holdout_late", name=b.name), hint=t("coupons.holdout_late_hint")
            )
        db.execute(
            "UPDATE coupon_batches SET holdout_pct = :p WHERE id = :b", {"p": holdout, "b": b.id}
        )
        pct = holdout
    now = config.now()
    if now.date() != today:
        now = datetime.combine(today, now.time())
    r = IssueResult(batch=b, dry_run=dry_run, holdout_pct=pct)

    # 2. the selected members, each with why they get nothing (or 0)
    db.temp_table(
        "coupon_sel",
        "member_id INTEGER PRIMARY KEY, guide_id INTEGER, store_id INTEGER, flag INTEGER",
    )
    db.execute(
        "INSERT INTO coupon_sel (member_id, guide_id, store_id, flag) "
        + load_sql("coupons/issue_candidates").replace("/*where*/", where),
        {**params, "batch": b.id, "per_member": b.per_member},
    )
    flags = dict(db.execute("SELECT flag, COUNT(*) FROM coupon_sel GROUP BY flag").fetchall())
    r.selected = sum(flags.values())
    r.no_guide, r.at_limit = flags.get(NO_GUIDE, 0), flags.get(AT_LIMIT, 0)
    r.already_held_out = flags.get(HELD_OUT, 0)
    eligible = flags.get(ELIGIBLE, 0)
    remaining = max(b.quantity - issued_before, 0)

    # 3. the control group; the serving order only when the quantity is short
    if pct:
        r.held_out = _hold_out(db, b, pct, now)
    db.temp_table(
        "coupon_pick",
        "seq INTEGER PRIMARY KEY, member_id INTEGER NOT NULL, guide_id INTEGER, store_id INTEGER",
    )
    # numbered 1..n in member order (and so inserted in member order: the member indexes of
    # coupons append instead of splitting pages); SQLite numbers the rows of a new table so
    # itself, a third of the time of ROW_NUMBER()
    pick = "INSERT INTO coupon_pick (" + ("seq, " if db.is_pg else "")
    pick += "member_id, guide_id, store_id) SELECT "
    pick += "ROW_NUMBER() OVER (ORDER BY member_id), " if db.is_pg else ""
    pick += "member_id, guide_id, store_id FROM "
    if eligible - r.held_out > remaining:
        _draw(db, b.seed)
        # served in draw order up to the quantity
        db.execute(
            pick + "(SELECT s.member_id, s.guide_id, s.store_id FROM coupon_sel s"
            " JOIN coupon_draw d ON d.member_id = s.member_id WHERE s.flag = 0"
            " ORDER BY d.draw, s.member_id LIMIT :n) x ORDER BY member_id",
            {"n": remaining},
        )
        db.execute("DROP TABLE coupon_draw")
    else:
        db.execute(pick + "coupon_sel WHERE flag = 0 ORDER BY member_id")
    r.eligible = eligible - r.held_out
    n = db.scalar("SELECT COUNT(*) FROM coupon_pick")
    r.over_quantity = r.eligible - n
    r.by_store = [
        tuple(x)
        for x in db.execute(
            "SELECT st.code, st.name, x.n FROM (SELECT store_id, COUNT(*) AS n FROM coupon_pick"
            " GROUP BY store_id) x LEFT JOIN stores st ON st.id = x.store_id ORDER BY st.code"
        ).fetchall()
    ]
    face = b.face_fen()
    r.cost_ceiling_fen = None if face is None else face * n

    # 4. codes and coupons
    r.issue_id = db.scalar(
        "INSERT INTO coupon_issues (batch_id, issued_at, via, filters, selected, issued,"
        " held_out, no_guide, at_limit, over_quantity, operator) VALUES (:b, :now, :via,"
        " :filters, :selected, 0, :held_out, :no_guide, :at_limit, :over, :op) RETURNING id",
        {
            "b": b.id,
            "now": now,
            "via": via,
            "filters": filters,
            "selected": r.selected,
            "held_out": r.held_out,
            "no_guide": r.no_guide,
            "at_limit": r.at_limit,
            "over": r.over_quantity,
            "op": operator(),
        },
    )
    if n and not dry_run:
        r.issued = _insert_coupons(db, b, n, r.issue_id, now, today)
        db.execute(
            "UPDATE coupon_issues SET issued = :n WHERE id = :id", {"n": r.issued, "id": r.issue_id}
        )
        if want_codes:
            r.codes = dict(
                db.execute(
                    "SELECT p.member_id, c.code FROM coupon_pick p JOIN coupons c"
                    " ON c.batch_id = :b AND c.member_id = p.member_id AND c.issue_id = :run",
                    {"b": b.id, "run": r.issue_id},
                ).fetchall()
            )
    elif dry_run:
        r.issued = n
    r.remaining = remaining - r.issued
    db.execute("DROP TABLE coupon_pick")
    db.execute("DROP TABLE coupon_sel")
    return r


def _eligible_ids(db: Database) -> Iterator[list[int]]:
    """The eligible members of coupon_sel, a chunk of ids at a time, in id order."""
    cur = db.execute("SELECT member_id FROM coupon_sel WHERE flag = 0 ORDER BY member_id")
    while chunk := cur.fetchmany(DRAW_CHUNK):
        yield [m for (m,) in chunk]


def _hold_out(db: Database, b: Batch, pct: int, now: datetime) -> int:
    """Draw the control group among the eligible members of coupon_sel: record them in
    coupon_holdouts (with their guide and store) and take them out of coupon_sel (flag 4).
    Only the held-out ids travel back to the database."""
    threshold = holdout_threshold(pct)
    db.temp_table("coupon_out", "member_id INTEGER PRIMARY KEY")
    for ids in _eligible_ids(db):
        out = [(m,) for m, d in zip(ids, draws(b.seed, ids)) if d < threshold]
        if out:
            db.bulk_load("coupon_out", ["member_id"], out)
    n = db.execute(
        f"UPDATE coupon_sel SET flag = {DRAWN} WHERE member_id IN (SELECT member_id FROM coupon_out)"
    ).rowcount
    db.execute(
        "INSERT INTO coupon_holdouts (batch_id, member_id, guide_id, store_id, drawn_at)"
        f" SELECT :b, member_id, guide_id, store_id, :now FROM coupon_sel WHERE flag = {DRAWN}",
        {"b": b.id, "now": now},
    )
    db.execute("DROP TABLE coupon_out")
    return n


def _draw(db: Database, seed: str) -> None:
    """coupon_draw(member_id, draw) for the eligible members of coupon_sel."""
    db.temp_table("coupon_draw", "member_id INTEGER PRIMARY KEY, draw BIGINT NOT NULL")
    for ids in _eligible_ids(db):
        db.bulk_load("coupon_draw", ["member_id", "draw"], list(zip(ids, draws(seed, ids))))
    if db.is_pg:
        db.execute("ANALYZE coupon_draw")


_INSERT = (
    "INSERT INTO coupons (batch_id, code, member_id, issued_guide_id, guide_id, store_id,"
    " issued_at, valid_from, valid_to, status, issue_id)"
    " SELECT :b, c.code, p.member_id, p.guide_id, p.guide_id, p.store_id, :now, :vf, :vt,"
    " 'issued', :run FROM coupon_pick p JOIN coupon_codes c ON c.seq = p.seq WHERE 1 = 1"
    " /*retry*/ ON CONFLICT (code) DO NOTHING"
)
_MISSING = (
    " AND NOT EXISTS (SELECT 1 FROM coupons x WHERE x.batch_id = :b"
    " AND x.member_id = p.member_id AND x.issue_id = :run)"
)


def _insert_coupons(db: Database, b: Batch, n: int, run: int, now: datetime, today: date) -> int:
    """Give the n members of coupon_pick a coupon each; returns n."""
    vf, vt = b.validity(today)
    db.temp_table("coupon_codes", "seq INTEGER PRIMARY KEY, code VARCHAR NOT NULL")
    db.bulk_load("coupon_codes", ["seq", "code"], _numbered_codes(1, n))
    if db.is_pg:
        db.execute("ANALYZE coupon_pick")
        db.execute("ANALYZE coupon_codes")
    params = {"b": b.id, "now": now, "vf": vf, "vt": vt, "run": run}
    done = db.execute(_INSERT.replace("/*retry*/", ""), params).rowcount
    for _ in range(MAX_RETRIES):
        if done == n:
            break
        # a code was taken (by a stored coupon, or twice in this draw): new codes for the
        # members still without one
        missing = [
            s
            for (s,) in db.execute(
                "SELECT p.seq FROM coupon_pick p WHERE 1 = 1" + _MISSING, params
            ).fetchall()
        ]
        fresh = codes.new_codes(len(missing))
        db.executemany(
            f"UPDATE coupon_codes SET code = {db.ph} WHERE seq = {db.ph}", list(zip(fresh, missing))
        )
        done += db.execute(_INSERT.replace("/*retry*/", _MISSING), params).rowcount
    if done != n:  # pragma: no cover - would take a broken random source
        raise PrivcliError(t("coupons.codes_exhausted"))
    db.execute("DROP TABLE coupon_codes")
    return done


def _numbered_codes(first: int, n: int) -> Iterator[tuple[int, str]]:
    seq = first
    for start in range(0, n, CODE_CHUNK):
        for code in codes.new_codes(min(CODE_CHUNK, n - start)):
            yield seq, code
            seq += 1
