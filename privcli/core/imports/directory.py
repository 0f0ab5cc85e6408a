"""Resolving store and guide cells, and the stores/guides import kinds.

Exports name a store or guide by code in one system and by name in another (所属门店 = 上海徐汇店,
专属导购 = 周敏). Codes win; a name is accepted when it is unique (for guides: unique within the
member's store first, then chain-wide). Stores and guides are at most tens of thousands of rows,
so they are held in dicts for the duration of an import.
"""

from __future__ import annotations

from collections.abc import Callable

from privcli.core.imports.engine import Context, Kind
from privcli.core.imports.merge import dedupe, upsert
from privcli.db import Database
from privcli.io import normalize as N
from privcli.io.normalize import Bad, clean


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
        self._stores: dict = {}
        self._guides: dict = {}

    def store(self, v) -> int:
        hit = self._stores.get(v)
        if hit is None:
            hit = self._stores[v] = self._resolve_store(v)
        if isinstance(hit, Bad):
            raise hit
        return hit

    def _resolve_store(self, v) -> int | Bad:
        s = N.code(v)
        if s in self.store_code:
            return self.store_code[s]
        ids = self.store_name.get(s) or self.store_name.get(N.text(v).strip())
        if ids and len(ids) == 1:
            return ids[0]
        if ids:
            return Bad(f"store name matches {len(ids)} stores; use the store code")
        return Bad("unknown store (import stores first, or check the code)")

    def guide(self, v, store_id: int | None) -> int:
        k = (v, store_id)
        hit = self._guides.get(k)
        if hit is None:
            hit = self._guides[k] = self._resolve_guide(v, store_id)
        if isinstance(hit, Bad):
            raise hit
        return hit

    def _resolve_guide(self, v, store_id: int | None) -> int | Bad:
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
            return Bad(f"guide name matches {len(cands)} guides; use the guide id (工号)")
        return Bad("unknown guide (import guides first, or check the id)")


def getter(cols: dict[str, int]) -> Callable[[list, str], object]:
    def get(cells: list, field: str):
        i = cols.get(field)
        return clean(cells[i]) if i is not None and i < len(cells) else None

    return get


def optional(ctx: Context, row: int, field: str, raw, fn, *args):
    """Normalize an optional cell; a bad value keeps the row, empties the field and warns."""
    if raw is None:
        return None
    try:
        return fn(raw, *args)
    except Bad as e:
        ctx.warn(row, field, raw, f"{e}; left empty")
        return None


class Stores(Kind):
    name = "stores"
    key = "code"
    stage_columns = ("rownum", "code", "name", "region", "city")
    stage_types = {"rownum": "INTEGER", "code": "TEXT", "name": "TEXT", "region": "TEXT",
                   "city": "TEXT"}  # fmt: skip

    def row_fn(self, cols, ctx):
        get = getter(cols)

        def fn(row: int, cells: list):
            raw = get(cells, "code")
            if raw is None:
                ctx.reject(row, "code", None, "store code is empty")
                return None
            name, region, city = (get(cells, f) for f in ("name", "region", "city"))
            return (row, N.code(raw), name and N.text(name), region and N.text(region),
                    city and N.text(city))  # fmt: skip

        return fn

    def merge(self, ctx, params):
        dedupe(self.db, "stage", "code", self.stage_columns, _dup_warner(ctx, "code"))
        return upsert(self.db, target="stores", stage="stage", key="code",
                      columns=["name", "region", "city"], params=params,
                      insert_exprs={"code": "s.code"})  # fmt: skip


class Guides(Kind):
    name = "guides"
    key = "code"
    stage_columns = ("rownum", "code", "name", "store_id", "status", "hired_on", "departed_on",
                     "role", "wecom_userid")  # fmt: skip
    stage_types = {"rownum": "INTEGER", "code": "TEXT", "name": "TEXT", "store_id": "BIGINT",
                   "status": "TEXT", "hired_on": "DATE", "departed_on": "DATE", "role": "TEXT",
                   "wecom_userid": "TEXT"}  # fmt: skip

    def row_fn(self, cols, ctx):
        get = getter(cols)
        directory = Directory(self.db)

        def fn(row: int, cells: list):
            raw = get(cells, "code")
            if raw is None:
                ctx.reject(row, "code", None, "guide id (工号) is empty")
                return None
            status = get(cells, "status")
            if status is not None:
                try:
                    status = N.guide_status(status)
                except Bad as e:
                    ctx.reject(row, "status", status, str(e))
                    return None
            name = get(cells, "name")
            role = get(cells, "role")
            wx = get(cells, "wecom_userid")
            return (
                row,
                N.code(raw),
                name and N.text(name),
                optional(ctx, row, "store", get(cells, "store"), directory.store),
                status,
                optional(ctx, row, "hired_on", get(cells, "hired_on"), N.day),
                optional(ctx, row, "departed_on", get(cells, "departed_on"), N.day),
                role and N.guide_role(role),
                wx and N.code(wx),
            )

        return fn

    def merge(self, ctx, params):
        db = self.db
        dedupe(db, "stage", "code", self.stage_columns, _dup_warner(ctx, "code"))
        # A guide marked 离职 without a date departs today, unless already departed earlier.
        db.execute(
            "UPDATE stage SET departed_on = :today WHERE status = 'departed' "
            "AND departed_on IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM guides g WHERE g.code = stage.code AND g.departed_on IS NOT NULL)",
            params,
        )
        ne = db.distinct
        return upsert(
            db, target="guides", stage="stage", key="code",
            columns=["name", "store_id", "status", "hired_on", "departed_on", "role",
                     "wecom_userid"],
            params=params,
            set_exprs={"departed_on": "CASE WHEN s.status = 'active' THEN NULL "
                                      "ELSE COALESCE(s.departed_on, t.departed_on) END"},
            insert_exprs={"code": "s.code", "status": "COALESCE(s.status, 'active')",
                          "role": "COALESCE(s.role, 'guide')",
                          "departed_on": "CASE WHEN s.status = 'active' THEN NULL "
                                         "ELSE s.departed_on END"},
            changed_extra=["(s.status = 'active' AND t.departed_on IS NOT NULL)",
                           f"(s.status = 'departed' AND s.departed_on IS NOT NULL "
                           f"AND s.departed_on {ne} t.departed_on)"],
        )  # fmt: skip


def _dup_warner(ctx: Context, field: str):
    def warn(row: int, key, first_row: int) -> None:
        ctx.warn(
            row,
            field,
            key,
            f"same {field} as row {first_row}: merged, later non-empty values win",
            cells=[],
        )

    return warn
