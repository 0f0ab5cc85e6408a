"""`privcli import KIND FILE`: one subcommand per import kind the capabilities declare."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from privcli.base.capability import KindSpec
from privcli.base.options import FormatOpt, JsonOpt, ShowPii, emit, fmt_or_json, get_db

app = typer.Typer(
    help="Import spreadsheets (xlsx/csv, Chinese headers, messy exports) into the store.",
    no_args_is_help=True,
)


def _command(spec: KindSpec):
    def command(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help=".xlsx, .csv or .txt file", show_default=False)],
        sheet: Annotated[str | None, typer.Option(help="Sheet name (default: the first).")] = None,
        map_: Annotated[
            list[str] | None,
            typer.Option("--map", help="Map a header to a field: 'COLUMN=field' (repeatable)."),
        ] = None,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Validate and report; write nothing.")
        ] = False,
        errors: Annotated[
            str | None,
            typer.Option(
                "--errors",
                help="Where to write the error report, the rows to fix and import again (.xlsx "
                "or .csv; default ./privcli-errors/FILE-TIME.xlsx, written when there is a "
                "problem); 'none': no report.",
                show_default=False,
            ),
        ] = None,
        fmt: FormatOpt = None,
        as_json: JsonOpt = False,
        show_pii: ShowPii = False,
    ) -> None:
        from privcli.base.output import Progress
        from privcli.imports.engine import import_file
        from privcli.imports.summary import summary

        db = get_db(ctx, create=True)  # an import may start a new database
        with Progress(f"importing {file.name}", None) as bar:
            result = import_file(
                db,
                spec,
                file,
                sheet=sheet,
                mapping=map_,
                dry_run=dry_run,
                errors_path=errors,
                progress=bar.update,
            )
        emit(summary(result, show_pii), fmt_or_json(fmt, as_json), show_pii)

    command.__doc__ = spec.help + (
        "\n\nExamples: " + " · ".join(spec.examples) if spec.examples else ""
    )
    return command


def register(root: typer.Typer, registry) -> None:
    for spec in registry.kinds.values():
        app.command(spec.name)(_command(spec))
    root.add_typer(app, name="import")
