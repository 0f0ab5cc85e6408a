"""`privcli export WHAT FILE`: one command over every table a capability declares.

(No `from __future__ import annotations` here: the WHAT choices are built at registration,
and Typer must see the real annotation.)
"""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from privcli.base.options import (
    ForceOpt,
    ShowPii,
    get_db,
    output_path,
    registry,
    selection_options,
)


class Lang(str, Enum):
    en = "en"
    zh = "zh"


def register(root: typer.Typer, reg) -> None:
    what = Enum("What", {name: name for name in reg.exports}, type=str)  # type: ignore[misc]
    tables = "; ".join(f"{e.name}: {e.help}" for e in reg.exports.values())

    @root.command("export")
    @selection_options()
    def export(
        ctx: typer.Context,
        what: Annotated[what, typer.Argument(help=f"What to export ({tables}).")],  # type: ignore[valid-type]
        file: Annotated[Path, typer.Argument(help="Output file: .csv or .xlsx (by extension).")],
        selection,
        lang: Annotated[
            Lang, typer.Option(help="Header language: en (canonical) or zh.")
        ] = Lang.en,
        show_pii: ShowPii = False,
        force: ForceOpt = False,
    ) -> None:
        """Export to a spreadsheet with canonical headers. Phones and names are masked unless
        --show-pii; cells that Excel would run as formulas are written as text.

        Examples: privcli export members members.xlsx --store SH01 --tag VIP ·
        privcli export orders orders.csv --guide GSH0101 --lang zh
        """
        from privcli.base import output
        from privcli.export.engine import export as export_table

        spec = registry(ctx).exports[what.value]
        output_path(ctx, file, force=force)
        n = export_table(get_db(ctx), spec, file, selection, show_pii=show_pii, lang=lang.value)
        output.info(f"wrote {n} {spec.name} to {file}")
