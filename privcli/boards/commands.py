"""`privcli leaderboard`, `privcli contest create|show|list|delete`,
`privcli targets set|import|split|report|list`."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from privcli.base.messages import t
from privcli.base.options import FormatOpt, JsonOpt, emit, fmt_or_json, get_db


class By(str, Enum):
    guide = "guide"
    store = "store"
    region = "region"
    channel = "channel"


class ReportBy(str, Enum):
    region = "region"
    store = "store"
    guide = "guide"
    channel = "channel"


class SplitBy(str, Enum):
    region = "region"
    store = "store"
    guide = "guide"


def _split(values: list[str] | None) -> tuple[str, ...]:
    """Repeated and comma-separated values: --store SH01 --store SH02,SH03."""
    out: list[str] = []
    for item in values or []:
        for v in item.replace("，", ",").split(","):
            if v.strip() and v.strip() not in out:
                out.append(v.strip())
    return tuple(out)


MetricOpt = Annotated[
    str,
    typer.Option(
        "--metric",
        "-m",
        help="sales, orders, aov, buyers, new_members, conversion, redemption, task_completion.",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Also write a formatted workbook (.xlsx) with a chart."),
]


def leaderboard(
    ctx: typer.Context,
    by: Annotated[
        By, typer.Option(help="Rank guides, stores, regions or order channels.")
    ] = By.guide,
    metric: MetricOpt = "sales",
    period: Annotated[
        str,
        typer.Option(
            "--period",
            "-p",
            help="today, yesterday, week, last-week, month, last-month, YYYY-MM, YYYY-Www, "
            "FROM..TO (business days; weeks start on Monday).",
        ),
    ] = "month",
    store: Annotated[
        list[str] | None,
        typer.Option("--store", help="Only rows of this store (code). Repeat or comma-separate."),
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option("--region", help="Only rows of this region. Repeat or comma-separate."),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", "-n", min=0, help="The first N rows, ties included (0: all).")
    ] = 20,
    output: OutputOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Rank guides, stores, regions or channels by a metric over a period, with the previous
    period, the change, the rank change and the other headline metrics.

    Examples: privcli leaderboard --by store --metric sales --period last-month ·
    privcli leaderboard --period 2026-W47 --region 华东 --top 10 -o 导购周榜.xlsx ·
    privcli leaderboard --by channel --period 2026-11-01..2026-11-11 -f json
    """
    from privcli.base import output as out
    from privcli.boards.leaderboard import build
    from privcli.boards.present import board_listing, write_board
    from privcli.boards.workbook import check_path

    db = get_db(ctx)
    path = check_path(output, db.url) if output else None
    board = build(
        db,
        by=by.value,
        metric=metric,
        period=period,
        stores=_split(store),
        regions=_split(region),
        top=top,
    )
    if path:
        write_board(board, path)
        out.info(t("boards.wrote", path=str(path)))
    emit(board_listing(board), fmt)


contest_app = typer.Typer(
    help="PK contests (门店 PK / 导购 PK): teams of stores or guides on one metric.",
    no_args_is_help=True,
)


class TeamOf(str, Enum):
    store = "store"
    guide = "guide"


@contest_app.command("create")
def contest_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The contest's name, e.g. 双11门店PK.")],
    date_from: Annotated[
        datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day (YYYY-MM-DD).")
    ],
    date_to: Annotated[
        datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day (YYYY-MM-DD).")
    ],
    metric: MetricOpt = "sales",
    team: Annotated[
        list[str] | None,
        typer.Option("--team", help="'NAME=CODE,CODE' (stores or guides); repeat for each team."),
    ] = None,
    of: Annotated[
        TeamOf | None,
        typer.Option("--of", help="Teams of stores or guides (default: whichever the codes are)."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a contest of the same name.")
    ] = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Create a PK contest between teams of stores or of guides (each in at most one team).

    Examples: privcli contest create 双11门店PK --metric sales --from 2026-11-01 --to 2026-11-11
    --team 'A=SH01,SH02' --team 'B=GZ01,GZ02' ·
    privcli contest create 拉新PK -m new_members --from 2026-12-01 --to 2026-12-31
    --team '红队=GSH0101,GSH0102' --team '蓝队=GSH0103,GSH0104'
    """
    from privcli.base.output import Record
    from privcli.boards.contest import create

    result = create(
        get_db(ctx),
        name,
        metric,
        date_from.date(),
        date_to.date(),
        team or [],
        team_of=of.value if of else None,
        replace=replace,
    )
    emit(Record(result), fmt_or_json(fmt, as_json))


@contest_app.command("show")
def contest_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The contest's name.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also write a workbook (.xlsx) with a line chart."),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Show a contest: team standings and the gap to the leader, each team's members, and the
    daily trend of cumulative scores.

    Examples: privcli contest show 双11门店PK · privcli contest show 双11门店PK -o pk.xlsx ·
    privcli contest show 双11门店PK -f json
    """
    from privcli.base import output as out
    from privcli.boards.contest import show
    from privcli.boards.present import contest_document, write_contest
    from privcli.boards.workbook import check_path

    db = get_db(ctx)
    path = check_path(output, db.url) if output else None
    standings = show(db, name)
    if path:
        write_contest(standings, path)
        out.info(t("boards.wrote", path=str(path)))
    emit(contest_document(standings), fmt)


@contest_app.command("list")
def contest_list(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """List the contests, newest first, with their state (upcoming, running, finished).

    Example: privcli contest list
    """
    from privcli.base.output import Listing
    from privcli.boards.contest import listing

    cols = ["contest", "metric", "teams_of", "from", "to", "state", "teams", "members"]
    emit(Listing(cols, listing(get_db(ctx))), fmt)


@contest_app.command("delete")
def contest_delete(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The contest's name.")],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Delete a contest (orders and members are untouched).

    Example: privcli contest delete 双11门店PK
    """
    from privcli.base.output import Record
    from privcli.boards.contest import delete

    emit(Record(delete(get_db(ctx), name)), fmt_or_json(fmt, as_json))


targets_app = typer.Typer(
    help="Sales targets (销售目标): set, import, split a chain target, track against actuals.",
    no_args_is_help=True,
)


@targets_app.command("set")
def targets_set(
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
    from privcli.boards.targets import scope_option, set_one

    scope, code = scope_option(chain, region, store, guide)
    emit(
        Record(set_one(get_db(ctx), period, scope, code, channel, amount)),
        fmt_or_json(fmt, as_json),
    )


@targets_app.command("import")
def targets_import(
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
    from privcli.boards.spec import TARGETS
    from privcli.imports.engine import import_file
    from privcli.imports.summary import summary

    result = import_file(
        get_db(ctx), TARGETS, file, sheet=sheet, dry_run=dry_run, errors_path=errors
    )
    emit(summary(result), fmt_or_json(fmt, as_json))


@targets_app.command("split")
def targets_split(
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
    fmt: FormatOpt = None,
) -> None:
    """Propose (or with --apply store) a split of a yearly chain target into store and month
    targets that add up exactly, to the fen.

    Examples: privcli targets split 2027 120000000 --by store ·
    privcli targets split 2027 1.2亿 --weights equal --apply ·
    privcli targets split 2027 120000000 --weights weights.xlsx -o split.xlsx
    """
    from privcli.base import output as out
    from privcli.boards.present import split_listing, write_listing
    from privcli.boards.split import apply as apply_split
    from privcli.boards.split import propose
    from privcli.boards.workbook import check_path

    db = get_db(ctx)
    path = check_path(output, db.url, (".xlsx", ".csv")) if output else None
    split = propose(db, year, amount, by.value, weights)
    if apply:
        apply_split(db, split)
    listing = split_listing(split)
    if path:
        write_listing(listing, path, "split")
        out.info(t("boards.wrote", path=str(path)))
    emit(listing, fmt)


@targets_app.command("report")
def targets_report(
    ctx: typer.Context,
    period: Annotated[str, typer.Argument(help="YYYY, YYYY-MM or YYYY-Qn.")],
    by: Annotated[
        ReportBy, typer.Option(help="How far down: region, store, guide; or channel targets.")
    ] = ReportBy.store,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the report (.xlsx or .csv).")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Targets against actual sales down the hierarchy, with the time gone and the daily run
    rate the rest of the period needs.

    Examples: privcli targets report 2026 --by region · privcli targets report 2026-11 ·
    privcli targets report 2026-Q4 --by channel -f csv
    """
    from privcli.base import output as out
    from privcli.boards.present import write_listing
    from privcli.boards.tracking import report
    from privcli.boards.workbook import check_path

    db = get_db(ctx)
    path = check_path(output, db.url, (".xlsx", ".csv")) if output else None
    listing = report(db, period, by.value)
    if path:
        write_listing(listing, path, "targets")
        out.info(t("boards.wrote", path=str(path)))
    emit(listing, fmt)


@targets_app.command("list")
def targets_list(
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
    from privcli.boards.targets import COLUMNS, listing

    emit(Listing(COLUMNS, listing(get_db(ctx), period), display={"target": money_text}), fmt)


def register(root: typer.Typer, registry) -> None:
    root.command("leaderboard")(leaderboard)
    root.add_typer(contest_app, name="contest")
    root.add_typer(targets_app, name="targets")
