"""`privcli transfer GUIDE...`, `transfer log`, `transfer undo BATCH`."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from privcli.commands.common import FormatOpt, ShowPii, get_db
from privcli.errors import EXIT_PARTIAL


class _DefaultToRun(TyperGroup):
    """`privcli transfer G1 G2` means `privcli transfer run G1 G2`; log and undo are subcommands."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_DefaultToRun,
    help="Reassign customers of departed (离职继承) or active (在职继承) guides; log and undo.\n\n"
    "privcli transfer GUIDE... is short for privcli transfer run GUIDE...",
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


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


@app.command()
def run(
    ctx: typer.Context,
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
    json_: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """Move the customers of the given guides to other guides, evenly, within WeCom's limits."""
    from privcli import output
    from privcli.core.transfer.execute import run_transfer
    from privcli.core.transfer.report import export_plan, plan_rows

    db = get_db(ctx)
    outcome = run_transfer(
        db, dry_run=dry_run, guides=_split(guides), all_departed=all_departed,
        unassigned=unassigned, to=_split(to), strategy=strategy.value, scope=scope.value,
        reason=reason.value if reason else None, cap=cap,
    )  # fmt: skip
    plan = outcome.plan
    problems = list(plan_rows(db, plan, show_pii=show_pii, only_problems=True))
    if export:
        n = export_plan(db, plan, export, show_pii=show_pii)
        output.info(f"wrote the plan ({n} rows) to {export}")
    receivers = plan.per_receiver()
    if json_:
        output.json_out({
            "batch": outcome.batch, "dry_run": dry_run, "moved": len(plan.moves),
            "receivers": receivers,
            "skipped": [{"phone": r[3], "from": r[1], "reason": r[6], "eligible_on": r[7]}
                        for r in problems if r[5] == "skipped"],
            "unplaced": [{"phone": r[3], "from": r[1], "reason": r[6]}
                         for r in problems if r[5] == "unplaced"],
        })  # fmt: skip
    else:
        if receivers:
            cols = ["to_guide", "store", "moved", "customers_after", "from"]
            output.rows(cols, [[r[c] for c in cols] for r in receivers], fmt,
                        title="transfer plan" if dry_run else "moved")  # fmt: skip
        for r in problems[:20]:
            extra = f", eligible on {r[7]}" if r[7] else ""
            output.info(f"{r[5]}: {r[3]} (store {r[0]}, from {r[1]}): {r[6]}{extra}")
        if len(problems) > 20:
            output.info(f"… and {len(problems) - 20} more (see --export)")
        head = "dry run, nothing written" if dry_run else (
            f"batch {outcome.batch}" if outcome.batch else "nothing to do")  # fmt: skip
        output.info(f"{head}: {len(plan.moves)} customers moved to {len(receivers)} guides, "
                    f"{len(plan.skipped)} skipped, {len(plan.unplaced)} unplaced")  # fmt: skip
    if plan.skipped or plan.unplaced:
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def log(
    ctx: typer.Context,
    batch: Annotated[int | None, typer.Option(help="One batch, member by member.")] = None,
    guide: Annotated[str | None, typer.Option(help="Changes from or to this guide.")] = None,
    member: Annotated[str | None, typer.Option(help="Changes of this member (phone).")] = None,
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="From this date.")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many member rows (0: all).")] = 0,
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """Transfer history: the batches, or with --batch/--guide/--member each customer's move."""
    from privcli import output
    from privcli.core.transfer import history

    db = get_db(ctx)
    day = since.date() if since else None
    if batch is None and guide is None and member is None:
        output.rows(history.BATCH_COLUMNS, history.batches(db, day), fmt, title="transfer batches")
        return
    with db.transaction(write=False):
        rows = history.items(db, batch=batch, guide=guide, member=member, since=day,
                             show_pii=show_pii, limit=limit)  # fmt: skip
        output.rows(history.ITEM_COLUMNS, rows, fmt, title="ownership changes")


@app.command()
def undo(
    ctx: typer.Context,
    batch: Annotated[int, typer.Argument(help="The batch id printed by the transfer.")],
    json_: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    show_pii: ShowPii = False,
) -> None:
    """Put a batch's customers back with their previous owner (except those moved again since)."""
    from privcli import output
    from privcli.core.transfer.execute import undo as run
    from privcli.pii import mask_phone

    result = run(get_db(ctx), batch)
    kept = [{"phone": k["phone"] if show_pii else mask_phone(k["phone"]), "reason": k["reason"]}
            for k in result.kept]  # fmt: skip
    if json_:
        output.json_out({"batch": result.batch, "undone": result.undone,
                         "restored": result.restored, "kept": kept})  # fmt: skip
    else:
        for k in kept[:20]:
            output.info(f"kept: {k['phone']}: {k['reason']}")
        output.info(
            f"batch {result.batch}: undid batch {result.undone}: {result.restored} customers "
            f"back with their previous guide, {len(kept)} moved again since and left as they are"
        )
    if kept:
        raise typer.Exit(EXIT_PARTIAL)
