"""`privcli targets import FILE` (also `privcli import targets FILE`): a sheet of targets,
landed by the import engine with its usual row-level error report.

A row's scope is its 层级/范围 cell (全国 / 大区 / 门店 / 导购, chain / region / store / guide)
with the code in 对象/编码 or in the matching column; without a scope column, the most specific
of the guide, store and region cells that is filled (none: the chain). A row whose period,
scope, code, channel or amount is wrong is rejected, naming the cell; the others land.
"""

from __future__ import annotations

from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.boards.periods import target_period
from privcli.imports.convert import clean, pad, padded
from privcli.imports.engine import Kind
from privcli.imports.land import Lander
from privcli.io.normalize import Bad
from privcli.targets import logic
from privcli.targets.spec import TARGETS

COLUMNS = ("period", "scope", "scope_code", "channel", "amount_fen", "source")
FIELDS = ("period", "scope", "code", "region", "store", "guide", "channel", "amount")


class Targets(Kind):
    spec = TARGETS
    name = "targets"

    def row_fn(self, cols, ctx):
        width, idx = padded(cols, FIELDS)
        i_period, i_scope, i_code, i_region, i_store, i_guide, i_channel, i_amount = idx
        scopes = logic.Scopes(self.db)
        has_scope = "scope" in cols
        periods: dict = {}

        def fn(row: int, cells: list):
            cells = pad(cells, width)
            raw = clean(cells[i_period])
            if raw is None:
                ctx.reject(row, "period", None, t("targets.empty", field="period"))
                return None
            period = periods.get(raw)
            if period is None:
                try:
                    period = periods[raw] = target_period(str(raw)).label
                except UsageError as e:
                    ctx.reject(row, "period", raw, e.message)
                    return None
            level_cells = {
                "region": cells[i_region],
                "store": cells[i_store],
                "guide": cells[i_guide],
            }
            if has_scope:
                s = clean(cells[i_scope])
                scope = logic.scope_word(s) if s is not None else "chain"
                if scope is None:
                    ctx.reject(row, "scope", s, t("targets.bad_scope"))
                    return None
                code = clean(cells[i_code])
                if code is None and scope != "chain":
                    code = clean(level_cells[scope])
            else:
                scope, code = "chain", None
                for level in ("guide", "store", "region"):
                    c = clean(level_cells[level])
                    if c is not None:
                        scope, code = level, c
                        break
            field = "code" if has_scope else scope
            try:
                scope, code = scopes.scope(scope, None if code is None else str(code))
            except Bad as e:
                ctx.reject(row, field, code, str(e))
                return None
            ch = clean(cells[i_channel])
            try:
                channel = scopes.channel(None if ch is None else str(ch))
            except Bad as e:
                ctx.reject(row, "channel", ch, str(e))
                return None
            a = clean(cells[i_amount])
            try:
                if a is None:
                    raise Bad(t("targets.empty", field="amount"))
                fen = logic.parse_amount(a)
            except Bad as e:
                ctx.reject(row, "amount", a, str(e))
                return None
            key = logic.target_key(period, scope, code, channel)
            return (row, key, period, scope, code, channel, fen, "import")

        return fn

    def start(self, ctx, params):
        self.lander = Lander(self.db, "targets", "target_key", COLUMNS, params["now"])

    def land(self, rows, duplicates):
        assert self.lander is not None
        self.lander.land(rows, duplicates)
