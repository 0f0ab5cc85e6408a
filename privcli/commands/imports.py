"""`privcli import stores|guides|members|orders FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from privcli.commands.common import ShowPii, get_db
from privcli.errors import EXIT_PARTIAL

app = typer.Typer(
    help="Import spreadsheets (xlsx/csv, Chinese headers, messy exports) into the store.",
    no_args_is_help=True,
)

KIND_HELP = {
    "stores": "Import stores (门店编码, 门店名称, 大区, 城市), keyed by store code.",
    "guides": "Import guides (工号, 姓名, 门店编码, 在职状态, 入职日期), keyed by guide id. "
    "A 离职 status marks the guide departed.",
    "members": "Import members (手机号, 姓名, 生日, 会员等级, 积分, 所属门店, 专属导购, 标签, …), "
    "keyed by phone. Empty cells never erase stored values.",
    "orders": "Import orders (订单号, 支付时间, 实付金额, 订单状态, 买家手机号, 导购工号, …), keyed by "
    "order number. Buyers who are not yet members become members.",
}


def _command(kind: str):
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
            Path | None,
            typer.Option(
                "--errors", help="Where to write rejected rows and warnings (.csv/.xlsx)."
            ),
        ] = None,
        json_: Annotated[
            bool, typer.Option("--json", help="Print one JSON object with the summary counts.")
        ] = False,
        show_pii: ShowPii = False,
    ) -> None:
        from privcli import output
        from privcli.core.imports import import_file

        db = get_db(ctx)
        with output.Progress(f"importing {file.name}", None) as bar:
            result = import_file(
                db, kind, file, sheet=sheet, mapping=map_, dry_run=dry_run, errors_path=errors,
                progress=bar.update,
            )  # fmt: skip
        _render(result, json_, show_pii)
        if result.rejected:
            raise typer.Exit(EXIT_PARTIAL)

    command.__doc__ = KIND_HELP[kind]
    return command


def _render(result, as_json: bool, show_pii: bool) -> None:
    from privcli import output
    from privcli.pii import MASKERS

    summary = result.summary()
    if as_json:
        output.json_out(summary)
    elif output.stdout_is_tty():
        title = f"{result.kind} ← {result.file}" + (
            " (dry run: nothing written)" if result.dry_run else ""
        )
        output.rows(["", "count"], list(summary.items()), output.Format.table, title=title)
    else:
        for k, v in summary.items():
            print(f"{k}: {v}")
    notes = []
    if result.dry_run:
        notes.append("dry run: nothing was written")
    if result.members_created:
        verb = "would be added" if result.dry_run else "were added"
        notes.append(f"{result.members_created} order buyers were not members yet and {verb}")
    for p in result.problems[:10]:
        where = f"row {p.row}" if p.row else "file"
        col = f", column {p.column}" if p.column else ""
        value = p.value
        if not show_pii and p.field in MASKERS and isinstance(value, str):
            value = MASKERS[p.field](value)
        val = f", value {value!r}" if value is not None else ""
        notes.append(f"{p.level}: {where}{col}{val}: {p.reason}")
    more = result.rejected + result.warnings - min(10, len(result.problems))
    if more > 0:
        notes.append(f"… and {more} more")
    if result.errors_path:
        notes.append(f"error report: {result.errors_path}")
    for n in notes:
        output.info(n)


for _kind in KIND_HELP:
    app.command(_kind)(_command(_kind))
