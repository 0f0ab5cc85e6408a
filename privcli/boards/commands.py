"""`privcli leaderboard`, `privcli contest create|show|list|delete`."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from privcli.base.messages import t
from privcli.base.options import (
    ForceOpt,
    FormatOpt,
    JsonOpt,
    emit,
    fmt_or_json,
    get_db,
    registry,
    split_values,
)


class By(str, Enum):
    guide = "guide"
    store = "store"
    region = "region"
    channel = "channel"


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
    force: ForceOpt = False,
    post: Annotated[
        str | None,
        typer.Option(
            "--post",
            help="Also post the board as Markdown to a WeCom group-chat bot: its webhook URL, or "
            "- for the configured one (PRIVCLI_WECOM_WEBHOOK).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Rank guides, stores, regions or channels by a metric over a period, with the previous
    period, the change, the rank change and the other headline metrics.

    Examples: privcli leaderboard --by store --metric sales --period last-month ·
    privcli leaderboard --period 2026-W47 --region 华东 --top 10 -o 导购周榜.xlsx ·
    privcli leaderboard --by store --period yesterday --top 10 --post -
    """
    from privcli.base import output as out
    from privcli.base.errors import UsageError
    from privcli.boards.leaderboard import build
    from privcli.boards.present import board_listing, markdown_lines, write_board
    from privcli.boards.workbook import check_path

    db = get_db(ctx)
    path = check_path(output, db.url, force=force) if output else None
    board = build(
        db,
        by=by.value,
        metric=metric,
        period=period,
        stores=split_values(store),
        regions=split_values(region),
        top=top,
    )
    if path:
        write_board(board, path)
        out.info(t("boards.wrote", path=str(path)))
    listing = board_listing(board)
    if post is not None:
        # WeCom is another capability's business: it provides the service
        poster = registry(ctx).service("markdown.post")
        if poster is None:
            raise UsageError(t("boards.post_unavailable"))
        header, lines = markdown_lines(board)
        n = poster.post(None if post.strip() == "-" else post, lines, header)
        listing.notes.append(t("boards.posted", n=n))
    emit(listing, fmt)


contest_app = typer.Typer(
    help="PK contests (门店 PK / 导购 PK): teams of stores or guides on one metric.\n\n"
    "Examples: privcli contest create 双11门店PK --metric sales --from 2026-11-01 --to 2026-11-11 "
    "--team 'A=SH01,SH02' --team 'B=GZ01,GZ02' · privcli contest show 双11门店PK",
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
    force: ForceOpt = False,
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
    path = check_path(output, db.url, force=force) if output else None
    standings = show(db, name)
    if path:
        write_contest(standings, path)
        out.info(t("boards.wrote", path=str(path)))
    emit(contest_document(standings), fmt)


@contest_app.command("list")
def contest_list(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """List the contests, newest first, with their state (upcoming, running, finished).

    Examples: privcli contest list · privcli contest list -f json
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

    Examples: privcli contest delete 双11门店PK · privcli contest list
    """
    from privcli.base.output import Record
    from privcli.boards.contest import delete

    emit(Record(delete(get_db(ctx), name)), fmt_or_json(fmt, as_json))


def register(root: typer.Typer, registry) -> None:
    root.command("leaderboard")(leaderboard)
    root.add_typer(contest_app, name="contest")
