"""Guides: lookup with suggestions, departure, loads (the transfer engine balances them), and the
guide and store listings."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from privcli.base import config
from privcli.base.db import Database, iso, load_sql
from privcli.base.errors import NotFound, UsageError
from privcli.base.messages import t
from privcli.base.selection import Selection
from privcli.io import normalize


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
    """Look guides up by id, case-insensitively (gsh0103 is GSH0103); unknown ids stop the
    command, naming the closest known ids."""
    folded: dict[str, str] = {}
    for c in guides:
        folded.setdefault(c.casefold(), c)
    codes = [c if c in guides else folded.get(c.casefold(), c) for c in codes]
    unknown = [c for c in codes if c not in guides]
    if unknown:
        hints = []
        for c in unknown:
            close = difflib.get_close_matches(c, guides.keys(), n=3, cutoff=0.5)
            hints.append(
                t("guides.did_you_mean", code=c, close=", ".join(close))
                if close
                else t("guides.no_close_match", code=c)
            )
        key = "guides.unknown_ids" if len(unknown) > 1 else "guides.unknown_id"
        raise NotFound(t(key, codes=", ".join(unknown)), hint="; ".join(hints))
    seen: dict[str, GuideInfo] = {}
    for c in codes:
        seen.setdefault(c, guides[c])
    return list(seen.values())


def parse_day(option: str, value: str | date | None, *, past: bool = True) -> date | None:
    """A date given on the command line, in any form an import accepts (2026-11-20,
    2026/11/20, 2026.11.20, 2026年11月20日, 20261120); with `past`, never after today."""
    if value is None or isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(normalize.day(normalize.clean(value.strip()) or ""))
        except (normalize.Bad, ValueError, TypeError):
            raise UsageError(t("guides.bad_date", option=option, value=value)) from None
    if past and day is not None and day > config.today():
        raise UsageError(
            t("guides.future_date", option=option, value=day.isoformat(), today=config.today()),
            hint=t("guides.future_hint"),
        )
    return day


def depart(db: Database, codes: list[str], on: date | str | None = None) -> list[dict]:
    """Mark guides departed (离职), as done by hand: no roster import re-activates them (see
    the guides kind); `rehire` does. Already-departed guides keep their original date."""
    on = parse_day("--on", on) or config.today()
    with db.transaction():
        found = resolve(load_guides(db), codes)
        out = []
        for g in found:
            changed = db.execute(
                "UPDATE guides SET status = 'departed', departed_on = :on,"
                " departed_via = 'command', updated_at = :now"
                " WHERE id = :id AND status <> 'departed'",
                {"on": on, "now": config.now(), "id": g.id},
            ).rowcount
            if not changed:
                # departed by a roster before: from now on by hand, so it stays departed
                db.execute(
                    "UPDATE guides SET departed_via = 'command' WHERE id = :id",
                    {"id": g.id},
                )
            out.append({"guide_id": g.code, "departed": bool(changed), "customers": g.customers})
    return out


def rehire(db: Database, codes: list[str], on: date | str | None = None) -> list[dict]:
    """Make departed guides active again, on purpose (an import never does it for a guide
    departed by hand). `on`: the new hire date (default: the stored one is kept). Customers
    transferred away while they were gone stay with their new guides."""
    on = parse_day("--on", on, past=False)
    with db.transaction():
        found = resolve(load_guides(db), codes)
        out = []
        for g in found:
            changed = db.execute(
                "UPDATE guides SET status = 'active', departed_on = NULL, departed_via = NULL,"
                " hired_on = COALESCE(:on, hired_on), updated_at = :now"
                " WHERE id = :id AND status = 'departed'",
                {"on": on, "now": config.now(), "id": g.id},
            ).rowcount
            out.append({"guide_id": g.code, "rehired": bool(changed), "customers": g.customers})
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
