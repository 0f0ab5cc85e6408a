"""Guides as transfer sources and receivers: lookup with suggestions, departure, loads."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from privcli import config
from privcli.db import Database, load_sql
from privcli.errors import NotFound


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
    return {r[1]: GuideInfo(*r) for r in db.execute(load_sql("guide_loads")).fetchall()}


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
