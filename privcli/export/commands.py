"""`privcli export WHAT FILE`: one command over every table a capability declares.

(No `from __future__ import annotations` here: the WHAT choices are built at registration,
and Typer must see the real annotation.)
"""

import contextlib
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from privcli.base.options import (
    ForceOpt,
    Lang,
    ShowPii,
    get_db,
    output_path,
    registry,
    selection_options,
)

# 128 + SIGPIPE: what a Unix tool exits with when the reader of its output goes away (| head)
EXIT_BROKEN_PIPE = 141


def register(root: typer.Typer, reg) -> None:
    what = Enum("What", {name: name for name in reg.exports}, type=str)  # type: ignore[misc]
    tables = "; ".join(f"{e.name}: {e.help}" for e in reg.exports.values())

    @root.command("export")
    @selection_options()
    def export(
        ctx: typer.Context,
        what: Annotated[what, typer.Argument(help=f"What to export ({tables}).")],  # type: ignore[valid-type]
        file: Annotated[
            Path,
            typer.Argument(
                help="Output file: .csv or .xlsx (by extension), or - for CSV on standard output."
            ),
        ],
        selection,
        since: Annotated[
            str | None,
            typer.Option(
                metavar="DATE",
                help="Only rows dated on or after this day (orders: payment time, business time "
                "zone). 2026-12-01, 2026/12/1, 20261201, today, yesterday.",
            ),
        ] = None,
        until: Annotated[
            str | None,
            typer.Option(
                metavar="DATE",
                help="Only rows dated on or before this day (the whole day is included).",
            ),
        ] = None,
        lang: Annotated[
            Lang, typer.Option(help="Header language: en (canonical) or zh.")
        ] = Lang.en,
        show_pii: ShowPii = False,
        force: ForceOpt = False,
    ) -> None:
        """Export to a spreadsheet with canonical headers. Phones and names are masked unless
        --show-pii (the file is then readable by its owner only); cells that Excel would run as
        formulas are written as text. An .xlsx has a frozen, filterable header, fitted columns,
        real dates and amounts as numbers.

        Examples: privcli export members members.xlsx --store SH01 --tag VIP ·
        privcli export orders orders-yesterday.csv --since yesterday --until yesterday ·
        privcli export orders - --since 2026-12-01 --lang zh | gzip > orders.csv.gz
        """
        from privcli.base import output
        from privcli.base.messages import lang as message_lang
        from privcli.base.messages import t
        from privcli.export.engine import check_period
        from privcli.export.engine import export as export_table
        from privcli.export.period import period

        exports = registry(ctx).exports
        spec = exports[what.value]
        if str(file) != "-":
            output_path(ctx, file, force=force)
        if since is not None or until is not None:
            check_period(spec, exports.values())
        start, end = period(since, until)
        try:
            n = export_table(
                get_db(ctx),
                spec,
                file,
                selection,
                show_pii=show_pii,
                lang=lang.value,
                since=start,
                until=end,
            )
        except BrokenPipeError:
            # the reader of standard output stopped reading (| head): stop quietly, and keep
            # the interpreter from failing again when it flushes stdout on the way out
            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        label = spec.sheet.get(message_lang(), spec.name)
        if str(file) == "-":
            output.info(t("export.wrote_stdout", n=n, what=label))
        else:
            output.info(t("export.wrote", n=n, what=label, path=file))
