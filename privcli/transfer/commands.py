"""`privcli transfer GUIDE...`, `transfer log`, `transfer undo BATCH`."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from privcli.base.options import (
    ForceOpt,
    FormatOpt,
    JsonOpt,
    Lang,
    ShowPii,
    emit,
    fmt_or_json,
    get_db,
    output_path,
    registry,
    selection_options,
    split_values,
)
from privcli.base.selection import filters_except


class _DefaultToRun(TyperGroup):
    """`privcli transfer G1 G2` means `privcli transfer run G1 G2`; log and undo are subcommands."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_DefaultToRun,
    help="Reassign customers of departed (离职继承) or active (在职继承) guides; log and undo.\n\n"
    "privcli transfer GUIDE... is short for privcli transfer run GUIDE...\n\n"
    "Examples: privcli transfer GSH0103 --dry-run · privcli transfer log · "
    "privcli transfer undo 12",
    no_args_is_help=True,
)


class Strategy(str, Enum):
    balance = "balance"
    round_robin = "round-robin"


class Scope(str, Enum):
    store = "store"
    region = "region"
    chain = "chain"


class Reason(str, Enum):
    resigned = "resigned"
    reassigned = "reassigned"


# the member filters that narrow which customers move (the source guides are the arguments)
TRANSFER_FILTERS = filters_except("guides")


@app.command()
@selection_options(only=TRANSFER_FILTERS)
def run(
    ctx: typer.Context,
    selection,
    guides: Annotated[list[str] | None, typer.Argument(help="Guides whose customers move.")] = None,
    all_departed: Annotated[
        bool, typer.Option("--all-departed", help="Every departed guide who still owns customers.")
    ] = False,
    unassigned: Annotated[
        bool, typer.Option("--unassigned", help="Members without an owning guide.")
    ] = False,
    to: Annotated[
        list[str] | None, typer.Option("--to", help="Receivers (repeat, or comma-separate).")
    ] = None,
    strategy: Annotated[Strategy, typer.Option(help="How to spread customers.")] = Strategy.balance,
    scope: Annotated[
        Scope, typer.Option(help="How far to look for receivers: store, region, chain.")
    ] = Scope.chain,
    reason: Annotated[
        Reason | None,
        typer.Option(help="resigned (离职继承, default) or reassigned (在职继承, active guides)."),
    ] = None,
    cap: Annotated[
        int | None,
        typer.Option(help="Most customers per guide (default PRIVCLI_GUIDE_CAP, 50000)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan; write nothing.")
    ] = False,
    export: Annotated[
        Path | None, typer.Option("--export", help="Write the member-level plan (.xlsx/.csv).")
    ] = None,
    push: Annotated[
        bool,
        typer.Option(
            "--push",
            help="Then execute the batch through WeCom (needs WeCom configured: privcli wecom check).",
        ),
    ] = False,
    lang: Annotated[
        Lang, typer.Option(help="Language of the --export file's headers and statuses: en or zh.")
    ] = Lang.en,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
    force: ForceOpt = False,
) -> None:
    """Move the customers of the given guides to other guides, evenly, within WeCom's limits.

    Examples: privcli transfer GSH0103 --dry-run --export plan.xlsx --lang zh ·
    privcli transfer --all-departed --push --json ·
    privcli transfer GSH0101 --reason reassigned --to GSH0102,GSH0104 --tag VIP
    """
    from privcli.base import output
    from privcli.base.errors import UsageError
    from privcli.base.messages import t
    from privcli.transfer.execute import run_transfer
    from privcli.transfer.plan import Request
    from privcli.transfer.report import export_plan, run_document

    if export:
        output_path(ctx, export, force=force, option="--export")
    pusher = None
    if push:
        if dry_run:
            raise UsageError(t("transfer.push_dry_run"))
        # WeCom is another capability's business: it provides the service (nothing moves
        # when it is missing or not configured)
        pusher = registry(ctx).service("transfer.push")
        if pusher is None:
            raise UsageError(t("transfer.push_unavailable"))
        pusher.check()
    db = get_db(ctx)
    req = Request(
        guides=list(split_values(guides)),
        all_departed=all_departed,
        unassigned=unassigned,
        to=list(split_values(to)),
        strategy=strategy.value,
        scope=scope.value,
        reason=reason.value if reason else None,
        cap=cap,
        selection=selection,
    )
    outcome = run_transfer(db, req, dry_run=dry_run)
    if export:
        n = export_plan(db, outcome.plan, export, show_pii=show_pii, lang=lang.value)
        output.info(t("transfer.wrote_plan", n=n, path=export))
    doc = run_document(db, outcome, show_pii=show_pii)
    if pusher is not None and outcome.batch:
        pushed = pusher.push(db, outcome.batch, show_pii=show_pii)
        doc.sections += pushed.sections
        doc.notes += pushed.notes
        doc.meta = {**doc.meta, "wecom": pushed.meta}
        doc.partial = doc.partial or pushed.partial
    emit(doc, fmt_or_json(fmt, as_json), show_pii)


@app.command()
@selection_options(only=("stores", "regions", "levels", "tags", "phones_file", "segment"))
def log(
    ctx: typer.Context,
    selection,
    batch: Annotated[int | None, typer.Option(help="One batch, member by member.")] = None,
    guide: Annotated[str | None, typer.Option(help="Changes from or to this guide.")] = None,
    member: Annotated[str | None, typer.Option(help="Changes of this member (phone).")] = None,
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="From this date.")
    ] = None,
    limit: Annotated[
        int, typer.Option(help="At most this many rows (batches or members; 0: all).", min=0)
    ] = 0,
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """Transfer history: the batches, or with --batch/--guide/--member or member filters each
    customer's move.

    Examples: privcli transfer log · privcli transfer log --batch 12 -f csv ·
    privcli transfer log --guide GSH0103 --since 2026-11-01
    """
    from privcli.transfer import history

    db = get_db(ctx)
    day = since.date() if since else None
    if batch is None and guide is None and member is None and not selection:
        with db.transaction(write=False):
            emit(history.batches(db, day, limit=limit), fmt)
        return
    with db.transaction(write=False):
        listing = history.items(
            db, selection, batch=batch, guide=guide, member=member, since=day, limit=limit
        )
        emit(listing, fmt, show_pii)


@app.command()
def undo(
    ctx: typer.Context,
    batch: Annotated[int, typer.Argument(help="The batch id printed by the transfer.")],
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """Put a batch's customers back with their previous owner (except those moved again since,
    or at WeCom's transfer limit).

    Examples: privcli transfer log · privcli transfer undo 12 --json
    """
    from privcli.transfer.execute import undo as undo_batch
    from privcli.transfer.report import undo_document

    result = undo_batch(get_db(ctx), batch)
    emit(undo_document(result, show_pii=show_pii), fmt_or_json(fmt, as_json), show_pii)


def register(root: typer.Typer, registry) -> None:
    root.add_typer(app, name="transfer")
