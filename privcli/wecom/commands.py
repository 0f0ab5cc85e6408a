"""`privcli config`, `privcli wecom check|sync|unlinked|stats`, and the WeCom subcommands of the
transfer group: `privcli transfer push BATCH`, `privcli transfer status BATCH`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from privcli.base.options import (
    FormatOpt,
    JsonOpt,
    ShowPii,
    emit,
    fmt_or_json,
    get_db,
    split_values,
)

app = typer.Typer(
    help="WeCom (企业微信): check the setup, sync customers, pull contact statistics.\n\n"
    "Examples: privcli wecom check · privcli wecom sync --json · "
    "privcli wecom stats --period last-week",
    no_args_is_help=True,
)

GuideOpt = Annotated[
    list[str] | None,
    typer.Option("--guide", help="Only these guides (id / 工号). Repeat or comma-separate."),
]


def _source(ctx: typer.Context, name: str) -> str:
    src = getattr(ctx.find_root().get_parameter_source(name), "name", "")
    if src == "COMMANDLINE":
        return "option --" + name.replace("_file", "")
    if src == "ENVIRONMENT":
        return "env PRIVCLI_" + ("DB" if name == "db" else "CONFIG")
    return "default"


def config_command(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Show the effective settings and where each comes from (option, environment, config file
    or default). Secrets are shown as a fingerprint only.

    Examples: privcli config · privcli --config ops.toml config · privcli config -f json
    """
    from privcli.base.messages import t
    from privcli.base.output import Listing
    from privcli.wecom.settings import core_rows, describe, load, shown_sources

    root = ctx.find_root()
    rows = core_rows(root.obj.db_url, _source(ctx, "db"), _source(ctx, "config_file"))
    rows += describe(load())
    listing = Listing(
        ["setting", "value", "source"],
        rows,
        title=t("wecom.settings_title"),
        display=shown_sources(),
    )
    emit(listing, fmt)


@app.command()
def check(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Verify the WeCom credentials and the permissions privcli's features need: a token for
    each secret, the follow-user list, the corp tags, app message rights. Exit 0 only when
    everything is there.

    Examples: privcli wecom check · privcli --config ops.toml wecom check -f json
    """
    from privcli.base import output
    from privcli.base.messages import t
    from privcli.wecom.check import run_checks
    from privcli.wecom.client import WecomClient
    from privcli.wecom.settings import load

    settings = load()
    db = get_db(ctx)
    with WecomClient(settings) as client:
        listing, ok = run_checks(db, settings, client)
    emit(listing, fmt)
    if not ok:
        output.error(t("wecom.check_failed"))
        raise typer.Exit(1)


@app.command()
def sync(
    ctx: typer.Context,
    guide: GuideOpt = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Pull the follow users' customers from WeCom and link them to members by the phone numbers
    in their remarks; store external_userid, add time, add way, tags and who follows whom. A
    re-run updates, never duplicates.

    Examples: privcli wecom sync · privcli wecom sync --guide GSH0101,GSH0102 ·
    privcli wecom sync --json
    """
    from privcli.base.messages import t
    from privcli.base.output import Progress
    from privcli.wecom.client import open_client
    from privcli.wecom.contacts import sync as run_sync

    db = get_db(ctx)
    with open_client() as client, Progress(t("wecom.sync_progress"), None) as bar:
        result = run_sync(db, client, list(split_values(guide)), progress=bar.update)
    emit(result, fmt_or_json(fmt, as_json))


@app.command()
def unlinked(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write them (.xlsx or .csv).")],
    show_pii: ShowPii = False,
) -> None:
    """Export the WeCom contacts that match no member (as of the last sync), one row per follow
    relation, to fix their remarks or import them.

    Examples: privcli wecom unlinked unlinked.xlsx · privcli wecom unlinked u.csv --show-pii
    """
    from privcli.base import output
    from privcli.base.messages import t
    from privcli.wecom.contacts import export_unlinked

    n = export_unlinked(get_db(ctx), file, show_pii=show_pii)
    output.info(t("wecom.unlinked_written", n=n, path=file))


@app.command()
def stats(
    ctx: typer.Context,
    period: Annotated[
        str,
        typer.Option(
            "--period",
            help="yesterday (default), today, 7d, 2026-11, 2026-11-05 or 2026-11-01..2026-11-15.",
        ),
    ] = "yesterday",
    guide: GuideOpt = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Pull each guide's contact statistics (new contacts, chats, reply rate, deletions) per day
    and store them for the leaderboard. One call per guide and 30 days.

    Examples: privcli wecom stats · privcli wecom stats --period 7d ·
    privcli wecom stats --period 2026-11 --guide GSH0101 --json
    """
    from privcli.base.messages import t
    from privcli.base.output import Progress
    from privcli.wecom.client import open_client
    from privcli.wecom.stats import parse_period, pull_stats

    parse_period(period)  # refuse a bad period before any call
    db = get_db(ctx)
    with open_client() as client, Progress(t("wecom.stats_progress"), None) as bar:
        result = pull_stats(db, client, period, list(split_values(guide)), progress=bar.update)
    emit(result, fmt_or_json(fmt, as_json))


def transfer_push(
    ctx: typer.Context,
    batch: Annotated[int, typer.Argument(help="The batch id printed by the transfer.")],
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """Execute a transfer batch through WeCom, or resume a push that stopped: 100 customers per
    call, per handover/takeover pair; what WeCom already took is never sent again.

    Examples: privcli transfer push 12 · privcli transfer push 12 --json
    """
    from privcli.wecom.transfers import TransferPush

    db = get_db(ctx)
    TransferPush.check()
    emit(TransferPush.push(db, batch, show_pii=show_pii), fmt_or_json(fmt, as_json), show_pii)


def transfer_status(
    ctx: typer.Context,
    batch: Annotated[int, typer.Argument(help="The batch id printed by the transfer.")],
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """Ask WeCom how a pushed batch's takeovers went (pending, accepted, refused, receiver
    full) and update each member. A departed guide's customer who refuses is left without a
    guide, as in WeCom.

    Examples: privcli transfer status 12 · privcli transfer status 12 --json
    """
    from privcli.wecom.client import open_client
    from privcli.wecom.settings import load
    from privcli.wecom.transfers import status, status_document

    load().require("corp_id", "contact_secret")
    db = get_db(ctx)
    with open_client() as client:
        polled = status(db, client, batch)
    emit(status_document(db, batch, polled, show_pii=show_pii), fmt_or_json(fmt, as_json), show_pii)


def register(root: typer.Typer, registry) -> None:
    from privcli.transfer.commands import app as transfer_app

    root.command("config")(config_command)
    root.add_typer(app, name="wecom")
    transfer_app.command("push")(transfer_push)
    transfer_app.command("status")(transfer_status)
