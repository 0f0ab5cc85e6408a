"""`privcli targets split`: a chain's yearly target split into store (region, guide) and month
targets that add up to it exactly, to the fen.

Each unit's share is its weight over the total weight: last year's sales by default (units
without positive sales last year get nothing), equal shares, or weights from a file. Months
follow last year's monthly sales of the whole chain when every month had sales, else the days
of each month. Amounts are divided with the largest-remainder method: every part is rounded
down to the fen, and the fen left over go one each to the parts with the largest remainders
(ties to the first in code order), so the parts always add up to the whole.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from privcli.base.db import Database
from privcli.base.errors import NotFound, UsageError
from privcli.base.messages import t
from privcli.base.money import yuan
from privcli.base.output import Listing
from privcli.boards.counting import Keying, components
from privcli.boards.formats import money_text, ratio_text
from privcli.targets import logic
from privcli.targets.logic import Target


def largest_remainder(total: int, weights: list) -> list[int]:
    """Integer parts of `total` proportional to `weights` (non-negative, not all zero) that add
    up to `total` exactly."""
    w = [Fraction(x) for x in weights]
    s = sum(w)
    if s <= 0:
        raise ValueError("weights add up to zero")
    exact = [total * x / s for x in w]
    parts = [int(e // 1) for e in exact]
    left = total - sum(parts)
    order = sorted(range(len(w)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


@dataclass
class Split:
    year: int
    by: str
    weights_from: str
    months_from: str
    rows: list[list]  # scope, code, name, weight, target, m01..m12 (yuan)
    targets: list[Target]
    applied: bool = False


def _units(db: Database, by: str) -> dict:
    """key -> (code, name) of every unit a target can go to (departed guides excluded)."""
    if by == "store":
        rows = db.execute("SELECT id, code, name FROM stores").fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}
    if by == "guide":
        rows = db.execute("SELECT id, code, name FROM guides WHERE status <> 'departed'").fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}
    rows = db.execute("SELECT DISTINCT region FROM stores WHERE region IS NOT NULL").fetchall()
    return {r[0]: (r[0], r[0]) for r in rows}


def _file_weights(path: Path, units: dict) -> dict:
    """A sheet of (code, weight) rows under a header row."""
    from privcli.io.readers import open_sheet

    if not path.is_file():
        raise NotFound(t("targets.no_file", path=str(path)))
    by_code = {code: k for k, (code, _) in units.items()}
    out: dict = {}
    bad: list[str] = []
    for n, cells in open_sheet(path).rows:
        cells = [c for c in cells if c not in (None, "")]
        if len(cells) < 2:
            continue
        code, raw = str(cells[0]).strip(), str(cells[1]).strip().rstrip("%")
        try:
            w = Decimal(raw)
        except InvalidOperation:
            if n == 1 or not out:
                continue  # the header row
            bad.append(t("targets.bad_weight", row=n, value=cells[1]))
            continue
        if code not in by_code:
            bad.append(t("targets.unknown_unit", row=n, value=code))
        elif w < 0:
            bad.append(t("targets.bad_weight", row=n, value=cells[1]))
        else:
            out[by_code[code]] = w
    if bad:
        raise UsageError(
            "; ".join(bad[:5]) + (" …" if len(bad) > 5 else ""), hint=t("targets.weights_hint")
        )
    return out


def _sales_by(db: Database, by: str, year: int) -> dict:
    keying = Keying(by).load(db)
    comp = components(db, keying, date(year, 1, 1), date(year, 12, 31), {"sales"})
    return {k: v.get("sales_fen", 0) for k, v in comp.items()}


def _month_profile(db: Database, year: int) -> tuple[list, str]:
    """Weights of the 12 months: last year's chain sales by month, else days of the month."""
    days = components(
        db, Keying("chain"), date(year - 1, 1, 1), date(year - 1, 12, 31), {"sales"}, daily=True
    )
    lastyear = [0] * 12
    for (_, day), comp in days.items():
        lastyear[int(day[5:7]) - 1] += comp.get("sales_fen", 0)
    if all(v > 0 for v in lastyear):
        return lastyear, "last-year"
    return [monthrange(year, m)[1] for m in range(1, 13)], "days"


def propose(
    db: Database, year: int, amount: str, by: str = "store", weights: str = "last-year"
) -> Split:
    total = logic.parse_amount(amount)
    if total <= 0:
        raise UsageError(t("targets.split_positive"))
    units = _units(db, by)
    if weights == "last-year":
        sales = _sales_by(db, by, year - 1)
        w = {k: s for k, s in sales.items() if k in units and s > 0}
        if not w:
            raise UsageError(
                t("targets.no_last_year", year=year - 1), hint=t("targets.weights_hint")
            )
    elif weights == "equal":
        w = dict.fromkeys(units, 1)
    else:
        w = _file_weights(Path(weights), units)
        w = {k: v for k, v in w.items() if v > 0}
        if not w:
            raise UsageError(t("targets.no_weights", path=weights), hint=t("targets.weights_hint"))
    keys = sorted(w, key=lambda k: units[k][0])
    parts = largest_remainder(total, [w[k] for k in keys])
    profile, months_from = _month_profile(db, year)
    wsum = sum(Fraction(x) for x in w.values())
    rows, out = [], [Target(f"{year:04d}", "chain", "", "", total)]
    chain_months = [0] * 12
    for k, part in zip(keys, parts):
        code, name = units[k]
        months = largest_remainder(part, profile)
        for i, m in enumerate(months):
            chain_months[i] += m
            out.append(Target(f"{year:04d}-{i + 1:02d}", by, code, "", m))
        out.append(Target(f"{year:04d}", by, code, "", part))
        share = round(float(Fraction(w[k]) / wsum), 6)
        rows.append([by, code, name, share, yuan(part), *map(yuan, months)])
    for i, m in enumerate(chain_months):
        out.append(Target(f"{year:04d}-{i + 1:02d}", "chain", "", "", m))
    rows.insert(0, ["chain", None, None, 1.0, yuan(total), *map(yuan, chain_months)])
    return Split(
        year, by, weights if weights in ("last-year", "equal") else "file", months_from, rows, out
    )


COLUMNS = ["scope", "code", "name", "weight", "target", *(f"m{m:02d}" for m in range(1, 13))]


def apply(db: Database, split: Split) -> int:
    """Store the split (one transaction): the year's earlier split targets at this level and
    the chain's are replaced."""
    year = f"{split.year:04d}"
    with db.transaction():
        db.execute(
            "DELETE FROM targets WHERE source = 'split' AND channel = ''"
            " AND scope IN ('chain', :by) AND (period = :y OR period LIKE :ym)",
            {"by": split.by, "y": year, "ym": f"{year}-%"},
        )
        n = logic.save(db, split.targets, "split")
    split.applied = True
    return n


def listing(split: Split) -> Listing:
    """The proposal (or what was stored) as a result to print or write."""
    money = {c: money_text for c in COLUMNS[4:]}
    notes = [
        t(
            "targets.split_basis",
            weights=split.weights_from,
            months=split.months_from,
            units=len(split.rows) - 1,
        ),
        t("targets.split_applied", n=len(split.targets))
        if split.applied
        else t("targets.split_proposed"),
    ]
    return Listing(COLUMNS, split.rows, display={**money, "weight": ratio_text}, notes=notes)
