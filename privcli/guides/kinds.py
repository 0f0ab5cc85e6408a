"""The stores and guides import kinds: the chain's org chart, keyed by store code and guide id."""

from __future__ import annotations

from privcli.base.messages import t
from privcli.guides.spec import GUIDES, STORES
from privcli.imports.convert import Directory, Memo, clean, duplicate_warner, pad, padded
from privcli.imports.engine import Kind, fold_value
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
                ctx.reject(row, "code", None, t("guides.store_code_empty"))
                return None
            return (row, normalize.code(raw), *(c[cells[i]] for c, i in zip(convs, idx)))

        return fn

    def start(self, ctx, params):
        self.lander = Lander(self.db, "stores", "code", self.COLUMNS, params["now"])
        self.warn_dup = duplicate_warner(ctx, "code")

    def land(self, rows, duplicates):
        self.warn_dup(self.lander, self.lander.land(rows, duplicates))


class Guides(Kind):
    """A roster as HR exports it. Guide ids match case-insensitively (gsh0102 is GSH0102) and
    keep the form first written; 试用 / 实习 are active, 待离职 too (with a warning); an import
    never re-activates a guide departed with `privcli guides depart` (a warning; `guides
    rehire` does it on purpose)."""

    spec = GUIDES
    name = "guides"
    COLUMNS = (
        "name",
        "store_id",
        "status",
        "hired_on",
        "departed_on",
        "role",
        "wecom_userid",
        "departed_via",
    )

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
        mapped = self.value_maps.get("status", {})  # --map-status
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
        # case-folded id -> the id as first written: stored, else this file's first row
        written = directory.guide_codes_folded()

        def fn(row: int, cells: list):
            cells = pad(cells, width)
            raw = clean(cells[ic])
            if raw is None:
                ctx.reject(row, "code", None, t("guides.guide_id_empty"))
                return None
            code = normalize.code(raw)
            code = written.setdefault(code.casefold(), code)
            status = clean(cells[i_status])
            if status is not None:
                written_status = status
                try:
                    status = mapped.get(fold_value(written_status)) or normalize.guide_status(
                        written_status
                    )
                except Bad as e:
                    ctx.reject(row, "status", written_status, str(e))
                    return None
                if normalize.fold(str(written_status)).strip() in normalize.GUIDE_LEAVING:
                    ctx.warn(row, "status", written_status, t("guides.leaving", code=code))
            return (
                row,
                code,
                name[cells[i_name]],
                store[cells[i_store]],
                status,
                hired[cells[i_hired]],
                departed[cells[i_dep]],
                role[cells[i_role]],
                wx[cells[i_wx]],
                None,  # departed_via: set below, never from the file
            )

        return fn

    def start(self, ctx, params):
        today = params["today"].isoformat()
        # status 2, departed_on 4, role 5, departed_via 7

        def finalize(v: list, row, is_new: bool) -> None:
            if is_new:
                v[2] = v[2] or "active"
                v[5] = v[5] or "guide"
            if v[2] == "active":
                if v[7] not in (None, "import"):
                    # departed with `guides depart` (or before privcli recorded how): the
                    # roster may lag behind; only `guides rehire` brings them back
                    v[2] = "departed"
                    ctx.warn(row[0], "status", None, t("guides.kept_departed", code=row[1]))
                else:
                    v[4] = v[7] = None  # rehired (or still at work)
            elif v[2] == "departed":
                if v[4] is None:
                    v[4] = today  # marked 离职 without a date: departs today
                if v[7] is None:
                    v[7] = "import"

        self.lander = Lander(
            self.db, "guides", "code", self.COLUMNS, params["now"], finalize=finalize
        )
        self.warn_dup = duplicate_warner(ctx, "code")

    def land(self, rows, duplicates):
        self.warn_dup(self.lander, self.lander.land(rows, duplicates))
