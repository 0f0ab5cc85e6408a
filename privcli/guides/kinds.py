"""The stores and guides import kinds: the chain's org chart, keyed by store code and guide id."""

from __future__ import annotations

from privcli.guides.spec import GUIDES, STORES
from privcli.imports.convert import Directory, Memo, clean, duplicate_warner, pad, padded
from privcli.imports.engine import Kind
from privcli.imports.land import Lander
from privcli.io import normalize
from privcli.io.normalize import Bad


class Stores(Kind):
    spec = STORES
    name = "stores"
    COLUMNS = ("name", "region", "city")

    def row_fn(self, cols, ctx):
        width, (ic, *idx) = padded(cols, ("code", *self.COLUMNS))
        convs = [Memo(ctx, f, normalize.text) for f in self.COLUMNS]

        def fn(row: int, cells: list):
            cells = pad(cells, width)
            raw = clean(cells[ic])
            if raw is None:
                ctx.reject(row, "code", None, "store code is empty")
                return None
            return (row, normalize.code(raw), *(c[cells[i]] for c, i in zip(convs, idx)))

        return fn

    def start(self, ctx, params):
        self.lander = Lander(self.db, "stores", "code", self.COLUMNS, params["now"])
        self.warn_dup = duplicate_warner(ctx, "code")

    def land(self, rows, duplicates):
        self.warn_dup(self.lander, self.lander.land(rows, duplicates))


class Guides(Kind):
    spec = GUIDES
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
        name, store = Memo(ctx, "name", normalize.text), Memo(ctx, "store", directory.store)
        hired, departed = (
            Memo(ctx, "hired_on", normalize.day),
            Memo(ctx, "departed_on", normalize.day),
        )
        role, wx = (
            Memo(ctx, "role", normalize.guide_role),
            Memo(ctx, "wecom_userid", normalize.code),
        )

        def fn(row: int, cells: list):
            cells = pad(cells, width)
            raw = clean(cells[ic])
            if raw is None:
                ctx.reject(row, "code", None, "guide id (工号) is empty")
                return None
            status = clean(cells[i_status])
            if status is not None:
                try:
                    status = normalize.guide_status(status)
                except Bad as e:
                    ctx.reject(row, "status", status, str(e))
                    return None
            return (
                row,
                normalize.code(raw),
                name[cells[i_name]],
                store[cells[i_store]],
                status,
                hired[cells[i_hired]],
                departed[cells[i_dep]],
                role[cells[i_role]],
                wx[cells[i_wx]],
            )

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

    def land(self, rows, duplicates):
        self.warn_dup(self.lander, self.lander.land(rows, duplicates))
