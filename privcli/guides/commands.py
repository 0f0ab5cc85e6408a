"""`privcli guides list|depart`."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import typer

from privcli.base.options import FormatOpt, emit, get_db, selection_options

app = typer.Typer(
    help="Guides (导购): list with customer counts, mark departures.\n\n"
    "Examples: privcli guides list --store SH01 · privcli guides depart GSH0103",
    no_args_is_help=True,
)


class Status(str, Enum):
    active = "active"
    departed = "departed"


@app.command("list")
@selection_options(only=("stores", "regions"))
def list_(
    ctx: typer.Context,
    selection,
    status: Annotated[Status | None, typer.Option(help="Only active or departed guides.")] = None,
    fmt: FormatOpt = None,
) -> None:
    """List guides with the number of customers each owns now.

    Examples: privcli guides list --store SH01 · privcli guides list --status departed -f csv
    """
    from privcli.base.output import Listing
    from privcli.guides.logic import guide_rows
    from privcli.guides.spec import GUIDE_HEADERS

    db = get_db(ctx)
    rows = guide_rows(db, selection, status=status.value if status else None)
    emit(Listing(GUIDE_HEADERS["en"], rows), fmt)


@app.command()
def depart(
    ctx: typer.Context,
    guides: Annotated[list[str], typer.Argument(help="Guide ids (工号) that have left.")],
    on: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Departure date (default today).")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Mark guides departed (离职). Their customers stay with them until `privcli transfer`.

    Examples: privcli guides depart GSH0103 GGZ0102 --on 2026-11-20 ·
    privcli guides depart GSH0103 && privcli transfer GSH0103 --dry-run
    """
    from privcli.base.output import Listing
    from privcli.guides.logic import depart as depart_guides

    result = depart_guides(get_db(ctx), guides, on.date() if on else None)
    rows = [
        [r["guide_id"], "yes" if r["departed"] else "already departed", r["customers"]]
        for r in result
    ]
    notes = []
    waiting = sum(r["customers"] for r in result)
    if waiting:
        notes.append(
            f"{waiting} customers wait for a new guide: privcli transfer {' '.join(guides)}"
        )
    emit(Listing(["guide_id", "departed", "customers"], rows, notes=notes), fmt)


def register(root: typer.Typer, registry) -> None:
    root.add_typer(app, name="guides")
