"""`privcli import KIND FILE`: one subcommand per import kind the capabilities declare."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from privcli.base.capability import KindSpec
from privcli.base.options import (
    ForceOpt,
    FormatOpt,
    JsonOpt,
    ShowPii,
    emit,
    fmt_or_json,
    get_db,
    output_path,
)

app = typer.Typer(
    help="Import spreadsheets (xlsx/csv, Chinese headers, messy exports) into the store.\n\n"
    "Examples: privcli import members 会员导出.xlsx · privcli import orders 订单报表.csv --json · "
    "privcli export members - --show-pii | privcli import members - --dry-run",
    no_args_is_help=True,
)


def _command(spec: KindSpec):
    def command(
        ctx: typer.Context,
        file: Annotated[
            Path,
            typer.Argument(
                help=".xlsx, .csv or .txt file, or - to read CSV from standard input",
                show_default=False,
            ),
        ],
        sheet: Annotated[str | None, typer.Option(help="Sheet name (default: the first).")] = None,
        map_: Annotated[
            list[str] | None,
            typer.Option("--map", help="Map a header to a field: 'COLUMN=field' (repeatable)."),
        ] = None,
        map_status: Annotated[
            list[str] | None,
            typer.Option(
                "--map-status",
                help="Map a status value this system invents: 'VALUE=status' (repeatable; "
                "orders: paid|refunded|cancelled|unpaid, guides: active|departed).",
            ),
        ] = None,
        profile: Annotated[
            str | None,
            typer.Option(
                help="Use a saved set of --map/--map-status/--sheet options (privcli profiles "
                "list); options given here add to it."
            ),
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
        force: ForceOpt = False,
    ) -> None:
        from contextlib import nullcontext

        from privcli.base.output import Progress
        from privcli.imports.engine import import_file
        from privcli.imports.summary import summary
        from privcli.io.stdin import spooled_stdin

        if errors is not None and errors.strip().lower() != "none":
            inputs = [] if str(file) == "-" else [file]
            output_path(ctx, Path(errors), inputs=inputs, force=force, option="--errors")
        db = get_db(ctx, create=True)  # an import may start a new database
        if profile is not None:
            from privcli.profiles.logic import load as load_profile

            saved = load_profile(db, profile, kind=spec.name)
            # the profile's items first: an item given here for the same column wins
            map_ = [*saved.maps, *(map_ or [])]
            map_status = [*saved.status_maps, *(map_status or [])]
            sheet = sheet or saved.sheet
        # `-`: standard input, spooled to a private temporary file the engine can read
        source = spooled_stdin() if str(file) == "-" else nullcontext(file)
        with source as path, Progress(f"importing {path.name}", None) as bar:
            result = import_file(
                db,
                spec,
                path,
                sheet=sheet,
                mapping=map_,
                status_map=map_status,
                dry_run=dry_run,
                errors_path=errors,
                progress=bar.update,
            )
        emit(summary(result, show_pii, counts_only=as_json), fmt_or_json(fmt, as_json), show_pii)

    # the kind's own examples, then reading standard input (every kind takes `-`)
    examples = (*spec.examples, f"cat {spec.name}.csv | privcli import {spec.name} - --dry-run")
    command.__doc__ = spec.help + "\n\nExamples: " + " · ".join(examples[:3])
    return command


def register(root: typer.Typer, registry) -> None:
    for spec in registry.kinds.values():
        app.command(spec.name)(_command(spec))
    root.add_typer(app, name="import")
