"""`privcli targets set|import|split|report|list`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from privcli.base.messages import t
from privcli.base.options import ForceOpt, FormatOpt, JsonOpt, emit, fmt_or_json, get_db


class SplitBy(str, Enum):
    region = "region"
    store = "store"
    guide = "guide"


class ReportBy(str, Enum):
    region = "region"
    store = "store"
    guide = "guide"
    channel = "channel"


app = typer.Typer(
    help="Sales targets (销售目标): set, import, split a chain target, track against actuals.\n\n"
    "Examples: privcli targets split 2027 120000000 --by store --apply · "
    "privcli targets report 2027-03 --by region",
    no_args_is_help=True,
)


@app.command("set")
def set_(
    ctx: typer.Context,
    period: Annotated[str, typer.Argument(help="YYYY, YYYY-MM or YYYY-Qn.")],
    amount: Annotated[str, typer.Argument(help="Yuan: 1200000, 1,200,000.00 or 120万.")],
    chain: Annotated[bool, typer.Option("--chain", help="The whole chain.")] = False,
    region: Annotated[str | None, typer.Option("--region", help="A region (大区).")] = None,
    store: Annotated[str | None, typer.Option("--store", help="A store (code).")] = None,
    guide: Annotated[str | None, typer.Option("--guide", help="A guide (id / 工号).")] = None,
    channel: Annotated[
        str | None, typer.Option("--channel", help="One order channel (default: all).")
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Set one sales target (replacing the same period, scope and channel's).

    Examples: privcli targets set 2026 --chain 120000000 ·
    privcli targets set 2026-03 --store SH01 --channel tmall 120万 ·
    privcli targets set 2026-Q1 --region 华东 30000000
    """
    from privcli.base.output import Record
    from privcli.targets.logic import scope_option, set_one

    scope, code = scope_option(chain, region, store, guide)
    emit(
        Record(set_one(get_db(ctx), period, scope, code, channel, amount)),
        fmt_or_json(fmt, as_json),
    )


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=".xlsx, .csv or .txt file")],
    sheet: Annotated[str | None, typer.Option(help="Sheet name (default: the first).")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and report; write nothing.")
    ] = False,
    errors: Annotated[
        Path | None,
        typer.Option("--errors", help="Where to write rejected rows and warnings (.csv/.xlsx)."),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import targets from a sheet (期间, 层级, 对象 or 大区/门店/导购, 渠道, 目标金额); bad rows
    are rejected with the usual error report, the others land. Same as privcli import targets.

    Examples: privcli targets import 2026年目标.xlsx · privcli targets import t.csv --dry-run
    """
    from privcli.imports.engine import import_file
    from privcli.imports.summary import summary
    from privcli.targets.spec import TARGETS

    result = import_file(
        get_db(ctx), TARGETS, file, sheet=sheet, dry_run=dry_run, errors_path=errors
    )
    emit(summary(result), fmt_or_json(fmt, as_json))


@app.command("split")
def split(
    ctx: typer.Context,
    year: Annotated[int, typer.Argument(help="The year, e.g. 2027.")],
    amount: Annotated[str, typer.Argument(help="The chain's yearly target in yuan (or 1.2亿).")],
    by: Annotated[
        SplitBy, typer.Option(help="Split into stores, regions or guides.")
    ] = SplitBy.store,
    weights: Annotated[
        str,
        typer.Option(help="last-year (last year's sales), equal, or a FILE of code, weight rows."),
    ] = "last-year",
    apply: Annotated[bool, typer.Option("--apply", help="Store the split as targets.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the split (.xlsx or .csv).")
    ] = None,
    force: ForceOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Propose (or with --apply store) a split of a yearly chain target into store and month
    targets that add up exactly, to the fen.

    Examples: privcli targets split 2027 120000000 --by store ·
    privcli targets split 2027 1.2亿 --weights equal --apply ·
    privcli targets split 2027 120000000 --weights weights.xlsx -o split.xlsx
    """
    from privcli.base import output as out
    from privcli.boards.workbook import check_path, write_result
    from privcli.targets.split import apply as apply_split
    from privcli.targets.split import listing, propose

    db = get_db(ctx)
    path = check_path(output, db.url, (".xlsx", ".csv"), force=force) if output else None
    proposal = propose(db, year, amount, by.value, weights)
    if apply:
        apply_split(db, proposal)
    result = listing(proposal)
    if path:
        write_result(result, path, "split", force=force)
        out.info(t("boards.wrote", path=str(path)))
    emit(result, fmt)


@app.command("report")
def report(
    ctx: typer.Context,
    period: Annotated[str, typer.Argument(help="YYYY, YYYY-MM or YYYY-Qn.")],
    by: Annotated[
        ReportBy, typer.Option(help="How far down: region, store, guide; or channel targets.")
    ] = ReportBy.store,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the report (.xlsx or .csv).")
    ] = None,
    force: ForceOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Targets against actual sales down the hierarchy, with the time gone and the daily run
    rate the rest of the period needs.

    Examples: privcli targets report 2026 --by region · privcli targets report 2026-11 ·
    privcli targets report 2026-Q4 --by channel -f csv
    """
    from privcli.base import output as out
    from privcli.boards.workbook import check_path, write_result
    from privcli.targets.tracking import report as track

    db = get_db(ctx)
    path = check_path(output, db.url, (".xlsx", ".csv"), force=force) if output else None
    result = track(db, period, by.value)
    if path:
        write_result(result, path, "targets", force=force)
        out.info(t("boards.wrote", path=str(path)))
    emit(result, fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    period: Annotated[
        str | None, typer.Argument(help="Only this period (YYYY, YYYY-MM, YYYY-Qn).")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """List the stored targets.

    Examples: privcli targets list · privcli targets list 2026-03 -f csv
    """
    from privcli.base.output import Listing
    from privcli.boards.formats import money_text
    from privcli.targets.logic import COLUMNS, listing

    emit(Listing(COLUMNS, listing(get_db(ctx), period), display={"target": money_text}), fmt)


def register(root: typer.Typer, registry) -> None:
    root.add_typer(app, name="targets")
