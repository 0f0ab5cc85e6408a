"""Cell converters shared by the import kinds, and store/guide resolution.

Exports name a store or guide by code in one system and by name in another (所属门店 = 上海徐汇店,
专属导购 = 周敏). Codes win; a name is accepted when it is unique (for guides: unique within the
member's store first, then chain-wide). Stores and guides are at most tens of thousands of rows,
so they are held in dicts for the duration of an import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from privcli.base.db import Database
from privcli.base.messages import heading, t
from privcli.imports.engine import Context
from privcli.imports.land import Landed, Lander
from privcli.io import normalize
from privcli.io.normalize import EMPTY_MARKERS, Bad, clean, moment

fromisoformat = datetime.fromisoformat
MEMO_LIMIT = 200_000
MEMO_KEY_MAX = 128  # longer text is not remembered: 200,000 keys must stay small in memory


class Memo(dict):
    """raw cell -> normalized value, for an optional column with few distinct values (levels,
    stores, guides, dates of birth): after the first sight of a value, `memo[raw]` is one dict
    lookup in C, not a Python call. A bad value keeps the row, empties the field and warns; it is
    not remembered, so every row holding it is reported. Rows are numbered by `ctx.row`."""

    def __init__(self, ctx: Context, field: str, fn: Callable):
        super().__init__({None: None, "": None})
        self.ctx, self.field, self.fn = ctx, field, fn

    def __missing__(self, raw):
        c = clean(raw)
        if c is None:
            v = None
        else:
            try:
                v = self.fn(c)
            except Bad as e:
                self.ctx.warn(self.ctx.row, self.field, c, t("imports.left_empty", reason=e))
                return None
        if len(self) < MEMO_LIMIT and (raw.__class__ is not str or len(raw) <= MEMO_KEY_MAX):
            self[raw] = v
        return v


class PerStore(dict):
    """store id -> Memo of a guide column: a guide named by name is looked for in the row's
    store first, so the same cell may mean another guide in another store."""

    def __init__(self, make: Callable[[int | None], Memo]):
        super().__init__()
        self.make = make

    def __missing__(self, store_id):
        m = self[store_id] = self.make(store_id)
        return m


def column(
    ctx: Context, field: str, fn: Callable, check: Callable[[str], str] | None = None
) -> Callable:
    """Converter for an optional column whose values rarely repeat (names, times, card
    numbers): a bad value keeps the row, empties the field and warns. `check(value)` may
    refuse a converted value too (Bad), e.g. a date outside normalize.business_period."""

    fast = fn is moment

    def conv(raw):
        v = None
        if fast and raw.__class__ is str and len(raw) == 19 and raw[10] == " " and raw[16] == ":":
            # the common 2023-01-05 12:00:00 (not 12:00+08, not 2023-01-05T…), checked in C
            try:
                fromisoformat(raw)
                v = raw
            except ValueError:
                pass
        c = raw
        try:
            if v is None:
                c = clean(raw)
                if c is None:
                    return None
                v = fn(c)
            return v if check is None else check(v)
        except Bad as e:
            ctx.warn(ctx.row, field, c, t("imports.left_empty", reason=e))
            return None

    return conv


def text_column(raw):
    """Free text that rarely repeats (names, card numbers): `clean` + `text`, inlined for the
    plain string that almost every cell is."""
    if raw.__class__ is str:
        s = raw.strip()
        if not s or s in EMPTY_MARKERS:
            return None
        if s[0] in "'\t`=":
            s = clean(s)
        return s
    return None if raw is None else normalize.text(raw)


class Directory:
    def __init__(self, db: Database):
        self.store_code: dict[str, int] = {}
        self.store_name: dict[str, list[int]] = {}
        for sid, code, name in db.execute("SELECT id, code, name FROM stores").fetchall():
            self.store_code[code] = sid
            if name:
                self.store_name.setdefault(name, []).append(sid)
        self.guide_code: dict[str, int] = {}
        self.guide_folded: dict[str, str] = {}  # case-folded id -> the id as stored
        self.guide_name: dict[str, list[tuple[int, int | None]]] = {}
        for gid, code, name, sid in db.execute(
            "SELECT id, code, name, store_id FROM guides ORDER BY id"
        ).fetchall():
            self.guide_code[code] = gid
            self.guide_folded.setdefault(code.casefold(), code)
            if name:
                self.guide_name.setdefault(name, []).append((gid, sid))

    def store(self, v) -> int:
        s = normalize.code(v)
        if s in self.store_code:
            return self.store_code[s]
        ids = self.store_name.get(s) or self.store_name.get(normalize.text(v).strip())
        if ids and len(ids) == 1:
            return ids[0]
        if ids:
            raise Bad(t("imports.store_ambiguous", n=len(ids)))
        raise Bad(t("imports.unknown_store"))

    def guide_column(self, ctx: Context, field: str) -> PerStore:
        """`conv[store_id][raw]`: a guide cell, resolved within the row's store first."""
        return PerStore(lambda store_id: Memo(ctx, field, lambda v: self.guide(v, store_id)))

    def guide_codes_folded(self) -> dict[str, str]:
        """case-folded guide id -> the id as stored (a copy the caller may extend)."""
        return dict(self.guide_folded)

    def guide_id(self, code: str) -> int | None:
        """A guide by id, matched case-insensitively (gsh0102 is GSH0102)."""
        gid = self.guide_code.get(code)
        if gid is None and (stored := self.guide_folded.get(code.casefold())) is not None:
            gid = self.guide_code[stored]
        return gid

    def guide(self, v, store_id: int | None) -> int:
        """A guide cell: an id (any case), a name, or both as HR and CRM exports write them:
        余梦琳(GSH0102), 余梦琳（GSH0102）, GSH0102 余梦琳."""
        s = normalize.code(v)
        gid = self.guide_id(s)
        if gid is not None:
            return gid
        cands = self.guide_name.get(normalize.text(v).strip())
        if not cands:
            parts = _id_and_name(s)
            for part in parts:
                gid = self.guide_id(part)
                if gid is not None:
                    return gid
            cands = next((c for p in parts if (c := self.guide_name.get(p))), [])
        local = [g for g, sid in cands if store_id is not None and sid == store_id]
        if len(local) == 1:
            return local[0]
        if len(cands) == 1:
            return cands[0][0]
        if cands:
            raise Bad(t("imports.guide_ambiguous", n=len(cands)))
        raise Bad(t("imports.unknown_guide"))


_BRACKETED = re.compile(r"(.*?)\s*[(\[【]\s*([^()\[\]【】]+?)\s*[)\]】]\s*")
_SEPARATORS = re.compile(r"[\s/|,;、]+")


def _id_and_name(s: str) -> list[str]:
    """The parts of a cell that may be an id: "余梦琳(GSH0102)" → GSH0102, 余梦琳; "GSH0102 余梦琳"
    → GSH0102, 余梦琳. (Full-width brackets and spaces are folded already: normalize.code.)"""
    m = _BRACKETED.fullmatch(s)
    if m:
        return [m[2].strip(), m[1].strip()]
    parts = [p for p in _SEPARATORS.split(s) if p]
    return parts if len(parts) > 1 else []


def padded(cols: dict[str, int], fields) -> tuple[int, list[int]]:
    """Index of each field in a row prepared by `pad`: a missing field points at the always-empty
    last cell (-1), so converters index without bounds checks."""
    return max(cols.values()) + 1, [cols.get(f, -1) for f in fields]


def pad(cells: list, width: int) -> list:
    n = len(cells)
    return cells + [None] * (width - n + 1) if n < width else cells + [None]


def duplicate_warner(ctx: Context, field: str):
    """Warn about rows repeating a key of an earlier batch, when the earlier row inserted it
    (the merge itself is right either way). Repeats within a batch are warned about where rows
    are normalized (pipeline.normalized), with their cells."""

    def warn(lander: Lander, landed: Landed) -> None:
        top = lander.max_id_before
        reason = t("imports.duplicate_earlier", field=heading(field))  # one text for all rows
        for row, mid, *_ in landed.existing:
            if mid > top:  # inserted by an earlier batch of this file
                ctx.warn(row[0], field, row[1], reason)

    return warn
