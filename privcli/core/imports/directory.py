"""Cell converters shared by the import kinds, store/guide resolution, and the stores/guides kinds.

Exports name a store or guide by code in one system and by name in another (所属门店 = 上海徐汇店,
专属导购 = 周敏). Codes win; a name is accepted when it is unique (for guides: unique within the
member's store first, then chain-wide). Stores and guides are at most tens of thousands of rows,
so they are held in dicts for the duration of an import.
"""

from __future__ import annotations

from collections.abc import Callable

from privcli.core.imports.engine import Context, Kind
from privcli.core.imports.land import Lander
from privcli.db import Database
from privcli.io import normalize as N
from privcli.io.normalize import Bad, clean

_MISS = object()
MEMO_LIMIT = 200_000


def column(ctx: Context, field: str, fn: Callable, memo: bool = True) -> Callable:
    """Converter for an optional cell: a bad value keeps the row, empties the field and warns.
    Columns with few distinct values (levels, stores, dates of birth) are memoized by raw cell,
    so a million rows cost a million dict lookups, not a million parses."""
    cache: dict = {}

    def conv(row: int, raw):
        if raw is None:
            return None
        v = cache.get(raw, _MISS) if memo else _MISS
        if v is _MISS:
            c = clean(raw)
            if c is None:
                v = None
            else:
                try:
                    v = fn(c)
                except Bad as e:
                    v = e
            if memo and len(cache) < MEMO_LIMIT:
                cache[raw] = v
        if v.__class__ is Bad:
            ctx.warn(row, field, clean(raw), f"{v}; left empty")
            return None
        return v

    return conv


class Directory:
    def __init__(self, db: Database):
        self.store_code: dict[str, int] = {}
        self.store_name: dict[str, list[int]] = {}
        for sid, code, name in db.execute("SELECT id, code, name FROM stores").fetchall():
            self.store_code[code] = sid
            if name:
                self.store_name.setdefault(name, []).append(sid)
        self.guide_code: dict[str, int] = {}
        self.guide_name: dict[str, list[tuple[int, int | None]]] = {}
        for gid, code, name, sid in db.execute(
            "SELECT id, code, name, store_id FROM guides"
        ).fetchall():
            self.guide_code[code] = gid
            if name:
                self.guide_name.setdefault(name, []).append((gid, sid))

    def store(self, v) -> int:
        s = N.code(v)
        if s in self.store_code:
            return self.store_code[s]
        ids = self.store_name.get(s) or self.store_name.get(N.text(v).strip())
        if ids and len(ids) == 1:
            return ids[0]
        if ids:
            raise Bad(f"store name matches {len(ids)} stores; use the store code")
        raise Bad("unknown store (import stores first, or check the code)")

    def guide_column(self, ctx: Context, field: str) -> Callable:
        """Converter for a guide cell, resolved within the row's store first (one memo per
        store, since a name may mean a different guide in another store)."""
        per_store: dict = {}

        def conv(row: int, raw, store_id: int | None):
            c = per_store.get(store_id)
            if c is None:
                c = per_store[store_id] = column(ctx, field, lambda v: self.guide(v, store_id))
            return c(row, raw)

        return conv

    def guide(self, v, store_id: int | None) -> int:
        s = N.code(v)
        if s in self.guide_code:
            return self.guide_code[s]
        cands = self.guide_name.get(N.text(v).strip()) or []
        local = [g for g, sid in cands if store_id is not None and sid == store_id]
        if len(local) == 1:
            return local[0]
        if len(cands) == 1:
            return cands[0][0]
        if cands:
            raise Bad(f"guide name matches {len(cands)} guides; use the guide id (工号)")
        raise Bad("unknown guide (import guides first, or check the id)")


def padded(cols: dict[str, int], fields) -> tuple[int, list[int]]:
    """Index of each field in a row prepared by `pad`: a missing field points at the always-empty
    last cell (-1), so converters index without bounds checks."""
    return max(cols.values()) + 1, [cols.get(f, -1) for f in fields]


def pad(cells: list, width: int) -> list:
    n = len(cells)
    return cells + [None] * (width - n + 1) if n < width else cells + [None]


def duplicate_warner(ctx: Context, field: str):
    """Warn about rows repeating a key: exactly within a batch; across batches when the
    earlier row inserted it (the merge itself is right either way)."""

    def warn(lander: Lander, outcomes) -> None:
        for row, key, first in lander.duplicates:
            ctx.warn(
                row,
                field,
                key,
                f"same {field} as row {first}: merged, later non-empty values win",
                cells=[],
            )
        for o in outcomes:
            if o.first_row == -1:
                ctx.warn(
                    o.rownum,
                    field,
                    o.key,
                    f"same {field} as an earlier row of this file: merged, later non-empty values win",
                    cells=[],
                )

    return warn


class Stores(Kind):
    name = "stores"
    COLUMNS = ("name", "region", "city")

    def row_fn(self, cols, ctx):
        width, (ic, *idx) = padded(cols, ("code", *self.COLUMNS))
        convs = [column(ctx, f, N.text) for f in self.COLUMNS]

        def fn(row: int, cells: list):
            cells = pad(cells, width)
            raw = clean(cells[ic])
            if raw is None:
                ctx.reject(row, "code", None, "store code is empty")
                return None
            return (row, N.code(raw), *(c(row, cells[i]) for c, i in zip(convs, idx)))

        return fn

    def start(self, ctx, params):
        self.lander = Lander(self.db, "stores", "code", self.COLUMNS, params["now"])
        self.warn_dup = duplicate_warner(ctx, "code")

    def land(self, rows):
        self.warn_dup(self.lander, self.lander.land(rows))


class Guides(Kind):
    name = "guides"
    COLUMNS = ("name", "store_id", "status", "hired_on", "departed_on", "role", "wecom_userid")

    def row_fn(self, cols, ctx):
        fields = (
            "code",
            "name",
            "store",
            "status",
            "hired_on",
            "departed_on",
            "role",
            "wecom_userid",
        )
        width, (ic, i_name, i_store, i_status, i_hired, i_dep, i_role, i_wx) = padded(cols, fields)
        directory = Directory(self.db)
        name, store = column(ctx, "name", N.text), column(ctx, "store", directory.store)
        hired, departed = column(ctx, "hired_on", N.day), column(ctx, "departed_on", N.day)
        role, wx = column(ctx, "role", N.guide_role), column(ctx, "wecom_userid", N.code)

        def fn(row: int, cells: list):
            cells = pad(cells, width)
            raw = clean(cells[ic])
            if raw is None:
                ctx.reject(row, "code", None, "guide id (工号) is empty")
                return None
            status = clean(cells[i_status])
            if status is not None:
                try:
                    status = N.guide_status(status)
                except Bad as e:
                    ctx.reject(row, "status", status, str(e))
                    return None
            return (row, N.code(raw), name(row, cells[i_name]), store(row, cells[i_store]), status,
                    hired(row, cells[i_hired]), departed(row, cells[i_dep]), role(row, cells[i_role]),
                    wx(row, cells[i_wx]))  # fmt: skip

        return fn

    def start(self, ctx, params):
        today = params["today"].isoformat()

        def finalize(v: list, row, is_new: bool) -> None:
            # status 2, departed_on 4, role 5
            if is_new:
                v[2] = v[2] or "active"
                v[5] = v[5] or "guide"
            if v[2] == "active":
                v[4] = None  # rehired
            elif v[2] == "departed" and v[4] is None:
                v[4] = today  # marked 离职 without a date: departs today

        self.lander = Lander(
            self.db, "guides", "code", self.COLUMNS, params["now"], finalize=finalize
        )
        self.warn_dup = duplicate_warner(ctx, "code")

    def land(self, rows):
        self.warn_dup(self.lander, self.lander.land(rows))
