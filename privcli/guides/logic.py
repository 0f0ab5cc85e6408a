"""Guides: lookup with suggestions, departure, loads (the transfer engine balances them), and the
guide and store listings."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from privcli.base import config
from privcli.base.db import Database, iso, load_sql
from privcli.base.errors import NotFound
from privcli.base.selection import Selection


@dataclass
class GuideInfo:
    id: int
    code: str
    status: str
    store_id: int | None
    store_code: str | None
    region: str | None
    customers: int


def load_guides(db: Database) -> dict[str, GuideInfo]:
    """All guides by code, with their current customer counts (one aggregate query)."""
    return {r[1]: GuideInfo(*r) for r in db.execute(load_sql("guides/loads")).fetchall()}


def resolve(guides: dict[str, GuideInfo], codes: list[str]) -> list[GuideInfo]:
    """Look guides up by id; unknown ids stop the command, naming the closest known ids."""
    unknown = [c for c in codes if c not in guides]
    if unknown:
        hints = []
        for c in unknown:
            close = difflib.get_close_matches(c, guides.keys(), n=3, cutoff=0.5)
            hints.append(
                f"{c}: did you mean {', '.join(close)}?" if close else f"{c}: no close match"
            )
        raise NotFound(
            f"unknown guide id{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}; nothing was changed",
            hint="; ".join(hints),
        )
    seen: dict[str, GuideInfo] = {}
    for c in codes:
        seen.setdefault(c, guides[c])
    return list(seen.values())


def depart(db: Database, codes: list[str], on: date | None = None) -> list[dict]:
    """Mark guides departed (离职). Already-departed guides keep their original date."""
    on = on or config.today()
    with db.transaction():
        found = resolve(load_guides(db), codes)
        out = []
        for g in found:
            changed = db.execute(
                "UPDATE guides SET status = 'departed', departed_on = :on, updated_at = :now"
                " WHERE id = :id AND status <> 'departed'",
                {"on": on, "now": config.now(), "id": g.id},
            ).rowcount
            out.append({"guide_id": g.code, "departed": bool(changed), "customers": g.customers})
    return out


# -- listings (guides list, export guides / stores) --------------------------------------------
_GUIDE_STATUS_ZH = {"active": "在职", "departed": "离职"}
_ROLE_ZH = {"guide": "导购", "manager": "店长", "distributor": "分销员"}
STATUSES = ("active", "departed")


def guide_rows(db: Database, sel: Selection, *, status: str | None = None, lang: str = "en"):
    """Guides with the number of customers each owns now, by store then id."""
    sel.check(db)
    where, params = sel.where(db)
    if status:
        where += " AND g.status = :status"
        params["status"] = status
    for r in db.execute(load_sql("guides/list").replace("/*where*/", where), params).fetchall():
        out = [iso(v) for v in r]
        if lang == "zh":
            out[4] = _ROLE_ZH.get(out[4], out[4])
            out[5] = _GUIDE_STATUS_ZH.get(out[5], out[5])
        yield out


def store_rows(db: Database, sel: Selection, *, lang: str = "en"):
    """Stores with their active guides and members."""
    sel.check(db)
    where, params = sel.where(db)
    yield from db.execute(load_sql("guides/stores_list").replace("/*where*/", where), params)
