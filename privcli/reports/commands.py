"""`privcli report channels|repurchase|lifecycle|rfm`."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from privcli.base.options import ForceOpt, FormatOpt, LimitOpt, ShowPii, emit, get_db

app = typer.Typer(
    help="Analyses (报表): channels, repurchase intervals, lifecycle stages, RFM segments.\n\n"
    "Examples: privcli report channels --period 2026-11 · privcli report rfm --tag",
    no_args_is_help=True,
)

OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Also write the report: .xlsx (a sheet per table) or .csv."
    ),
]
DateOpt = Annotated[
    datetime | None,
    typer.Option("--date", formats=["%Y-%m-%d"], help="As of this day (default today)."),
]


class RepurchaseBy(str, Enum):
    none = "none"
    level = "level"
    store = "store"
    channel = "channel"


def _write(ctx: typer.Context, result, output: Path | None, force: bool = False) -> None:
    if output is None:
        return
    from privcli.base import output as out
    from privcli.base.messages import t
    from privcli.boards.workbook import check_path, write_result

    path = check_path(output, get_db(ctx).url, (".xlsx", ".csv"), force=force)
    write_result(result, path, force=force)
    out.info(t("boards.wrote", path=str(path)))


@app.command()
def channels(
    ctx: typer.Context,
    period: Annotated[
        str, typer.Option("--period", "-p", help="As for the leaderboard (default: this month).")
    ] = "month",
    output: OutputOpt = None,
    force: ForceOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Members by acquisition channel (new, buying) and sales by order channel against the
    previous period.

    Examples: privcli report channels --period last-month ·
    privcli report channels -p 2026-11 -o 渠道分析.xlsx · privcli report channels -f json
    """
    from privcli.reports.channels import report

    result = report(get_db(ctx), period)
    _write(ctx, result, output, force)
    emit(result, fmt)


@app.command()
def repurchase(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Option(
            "--period", "-p", help="Intervals ending in this period (default: the last 365 days)."
        ),
    ] = None,
    by: Annotated[
        RepurchaseBy, typer.Option(help="Group by member level, store or acquisition channel.")
    ] = RepurchaseBy.none,
    output: OutputOpt = None,
    force: ForceOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Repurchase intervals (复购周期): buyers, repurchase rate, median and quartile days and the
    distribution, by level, store or channel; WeCom-linked members against the rest.

    Examples: privcli report repurchase · privcli report repurchase --by level -p 2026-01-01..2026-12-31 ·
    privcli report repurchase --by store -o 复购.xlsx
    """
    from privcli.reports.repurchase import report

    result = report(get_db(ctx), period, by.value)
    _write(ctx, result, output, force)
    emit(result, fmt)


@app.command()
def lifecycle(
    ctx: typer.Context,
    on: DateOpt = None,
    compare: Annotated[
        datetime | None,
        typer.Option(
            "--compare",
            formats=["%Y-%m-%d"],
            help="Also the stages on this earlier day, and the movement.",
        ),
    ] = None,
    new_days: Annotated[
        int, typer.Option("--new-days", help="New: registered in the last N days.")
    ] = 30,
    active_days: Annotated[
        int, typer.Option("--active-days", help="Active: bought in the last N days.")
    ] = 90,
    churn_days: Annotated[
        int, typer.Option("--churn-days", help="Churned: no purchase (or registration) in N days.")
    ] = 180,
    output: OutputOpt = None,
    force: ForceOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Members by lifecycle stage (new, active, dormant, churned) on a day, and how they moved
    since an earlier day.

    Examples: privcli report lifecycle · privcli report lifecycle --compare 2026-11-01 ·
    privcli report lifecycle --active-days 60 --churn-days 365 -o 生命周期.xlsx
    """
    from privcli.reports.lifecycle import report

    result = report(
        get_db(ctx),
        on.date() if on else None,
        compare.date() if compare else None,
        new_days,
        active_days,
        churn_days,
    )
    _write(ctx, result, output, force)
    emit(result, fmt)


@app.command()
def rfm(
    ctx: typer.Context,
    on: DateOpt = None,
    months: Annotated[int, typer.Option("--months", help="Purchases of the last N months.")] = 12,
    tag: Annotated[
        bool,
        typer.Option("--tag", help="Store each member's segment as a tag (RFM-重要价值客户 ...)."),
    ] = False,
    tag_prefix: Annotated[
        str, typer.Option("--tag-prefix", help="What the tags start with.")
    ] = "RFM-",
    members: Annotated[
        bool, typer.Option("--members", help="List the members, not the segments.")
    ] = False,
    limit: LimitOpt = 50,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write every scored member (.csv or .xlsx)."),
    ] = None,
    force: ForceOpt = False,
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """RFM: recency, frequency and monetary quintile scores per member, the eight segments, and
    with --tag the segment stored as each member's tag.

    Examples: privcli report rfm --tag · privcli report rfm --months 6 -o rfm.xlsx ·
    privcli report rfm --members --limit 20
    """
    from privcli.base.messages import t
    from privcli.base.output import Listing
    from privcli.boards.formats import money_text
    from privcli.boards.workbook import check_path
    from privcli.reports import rfm as logic

    db = get_db(ctx)
    path = check_path(output, db.url, (".xlsx", ".csv"), force=force) if output else None
    if path is not None and path.suffix.lower() == ".csv":
        from privcli.base.paths import check_output

        # before any tag is written: an existing .csv must be an earlier list of scored members
        check_output(path, db_url=db.url, known_headers=[logic.MEMBER_COLUMNS], force=force)
    with db.transaction(write=tag):
        scored = logic.score(db, on.date() if on else None, months)
        notes = [
            t(
                "reports.rfm_scored",
                members=scored.members,
                r=[str(v)[:10] for v in scored.cuts["r"]],
                f=scored.cuts["f"],
                m=scored.cuts["m"],
            )
        ]
        if tag:
            n = logic.tag(db, tag_prefix)
            notes.append(t("reports.rfm_tagged", n=n, prefix=tag_prefix))
        if path:
            n = logic.write_members(db, scored, path, show_pii)
            notes.append(t("reports.rfm_wrote", n=n, path=str(path)))
        if members:
            rows = list(logic.member_rows(db, scored, limit))
            result = Listing(
                logic.MEMBER_COLUMNS,
                rows,
                pii={"phone": "phone", "name": "name"},
                display={"monetary": money_text},
                more=max(scored.members - len(rows), 0) if limit else None,
            )
        else:
            result = logic.segments(db, scored)
    result.notes = notes + result.notes
    emit(result, fmt, show_pii)


def register(root: typer.Typer, registry) -> None:
    root.add_typer(app, name="report")
