"""`privcli guides list|depart`."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import typer

from privcli.commands.common import FormatOpt, StoreOpt, get_db

app = typer.Typer(
    help="Guides (导购): list with customer counts, mark departures.", no_args_is_help=True
)


class Status(str, Enum):
    active = "active"
    departed = "departed"


@app.command("list")
def list_(
    ctx: typer.Context,
    store: StoreOpt = None,
    status: Annotated[Status | None, typer.Option(help="Only active or departed guides.")] = None,
    region: Annotated[str | None, typer.Option(help="Only this region (大区).")] = None,
    fmt: FormatOpt = None,
) -> None:
    """List guides with the number of customers each owns now."""
    from privcli import output
    from privcli.core.export import GUIDE_HEADERS, Filters, check_filters, guide_rows

    db = get_db(ctx)
    f = Filters(store=store, region=region, status=status.value if status else None)
    check_filters(db, f)
    output.rows(GUIDE_HEADERS["en"], guide_rows(db, f), fmt)


@app.command()
def depart(
    ctx: typer.Context,
    guides: Annotated[list[str], typer.Argument(help="Guide ids (工号) that have left.")],
    on: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Departure date (default today).")
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Mark guides departed (离职). Their customers stay with them until `privcli transfer`."""
    from privcli import output
    from privcli.core.transfer.guides import depart as run

    result = run(get_db(ctx), guides, on.date() if on else None)
    output.rows(["guide_id", "departed", "customers"],
                [[r["guide_id"], "yes" if r["departed"] else "already departed", r["customers"]]
                 for r in result], fmt)  # fmt: skip
    waiting = sum(r["customers"] for r in result)
    if waiting:
        output.info(
            f"{waiting} customers wait for a new guide: privcli transfer {' '.join(guides)}"
        )
