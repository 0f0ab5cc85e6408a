"""`privcli guides list|depart|rehire`."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from privcli.base.options import FormatOpt, emit, get_db, selection_options

app = typer.Typer(
    help="Guides (导购): list with customer counts, mark departures and returns.\n\n"
    "Examples: privcli guides list --store SH01 · privcli guides depart GSH0103 · "
    "privcli guides rehire GSH0103",
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
        str | None,
        typer.Option(
            help="Departure date, as an import accepts it (2026-11-20, 2026/11/20, "
            "2026年11月20日, 20261120); not in the future. Default today.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Mark guides departed (离职). Their customers stay with them until `privcli transfer`.
    A roster import never makes them active again; `privcli guides rehire` does.

    Examples: privcli guides depart GSH0103 GGZ0102 --on 2026-11-20 ·
    privcli guides depart gsh0103 --on 2026/11/20
    """
    from privcli.base.messages import t
    from privcli.base.output import Listing
    from privcli.guides.logic import depart as depart_guides

    result = depart_guides(get_db(ctx), guides, on)
    rows = [
        [r["guide_id"], "yes" if r["departed"] else "already departed", r["customers"]]
        for r in result
    ]
    notes = []
    waiting = sum(r["customers"] for r in result)
    if waiting:
        ids = " ".join(r["guide_id"] for r in result)
        notes.append(t("guides.customers_wait", customers=waiting, guides=ids))
    emit(Listing(["guide_id", "departed", "customers"], rows, notes=notes), fmt)


@app.command()
def rehire(
    ctx: typer.Context,
    guides: Annotated[list[str], typer.Argument(help="Guide ids (工号) who are back.")],
    on: Annotated[
        str | None,
        typer.Option(
            help="The new hire date (入职日期), as an import accepts it. Default: unchanged.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Make departed guides active again (the one way back for a guide departed with
    `privcli guides depart`: roster imports leave them departed, with a warning). Customers
    moved to other guides meanwhile stay where they are.

    Examples: privcli guides rehire GSH0103 · privcli guides rehire GSH0103 --on 2027-03-01
    """
    from privcli.base.output import Listing
    from privcli.guides.logic import rehire as rehire_guides

    result = rehire_guides(get_db(ctx), guides, on)
    rows = [
        [r["guide_id"], "yes" if r["rehired"] else "already active", r["customers"]] for r in result
    ]
    emit(Listing(["guide_id", "rehired", "customers"], rows), fmt)


def register(root: typer.Typer, registry) -> None:
    root.add_typer(app, name="guides")
