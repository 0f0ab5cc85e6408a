"""`privcli tasks push`: each guide's day of tasks to their WeCom (the push part of the tasks
capability; the logic is privcli.tasks.push)."""

from __future__ import annotations

from typing import Annotated

import typer

from privcli.base.options import FormatOpt, JsonOpt, emit, fmt_or_json, get_db, split_values


def push(
    ctx: typer.Context,
    day: Annotated[
        str | None,
        typer.Option("--date", help="The tasks' date (default: today, business time zone)."),
    ] = None,
    store: Annotated[
        list[str] | None,
        typer.Option(
            "--store", help="Only guides of these stores (code). Repeat or comma-separate."
        ),
    ] = None,
    guide: Annotated[
        list[str] | None,
        typer.Option("--guide", help="Only these guides (id / 工号). Repeat or comma-separate."),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show who would get what (messages, bytes); send nothing."),
    ] = False,
    resend: Annotated[
        bool,
        typer.Option("--resend", help="Send again to guides who already got the day's list."),
    ] = False,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Send each active guide their pending tasks of the day as WeCom app messages: a summary
    (a textcard when PRIVCLI_TASKS_PUSH_URL is set), then the list in text messages within WeCom's
    2048 bytes. Never twice for a guide and date unless --resend; guides WeCom cannot reach
    (invalid, unlicensed) or not linked are listed and stay unsent; a stopped run resumes.
    Customers' names and phones are masked unless PRIVCLI_TASKS_PUSH_PII is set.

    Examples: privcli tasks push · privcli tasks push --date 2026-12-03 --store SH01 --dry-run ·
    privcli tasks push --guide G1 --resend --json
    """
    from privcli.base import config
    from privcli.base.messages import t
    from privcli.base.output import Progress
    from privcli.guides.logic import parse_day
    from privcli.tasks.push import push as run_push
    from privcli.tasks.push import summary
    from privcli.wecom.client import open_client
    from privcli.wecom.settings import load

    when = parse_day("--date", day, past=False) or config.today()
    db = get_db(ctx)
    options = {"stores": split_values(store), "guides": split_values(guide), "resend": resend}
    if dry_run:
        result = run_push(db, None, when, dry_run=True, **options)
    else:
        settings = load()
        settings.require("corp_id", "agent_id", "app_secret")
        with open_client(settings) as client, Progress(t("tasks.push_progress"), None) as bar:
            result = run_push(db, client, when, progress=bar.update, **options)
    emit(summary(result), fmt_or_json(fmt, as_json))


def register(app: typer.Typer) -> None:
    app.command("push")(push)
