"""`privcli members list|show`."""

from __future__ import annotations

from typing import Annotated

import typer

from privcli.base.options import FormatOpt, LimitOpt, ShowPii, emit, get_db, selection_options

app = typer.Typer(
    help="Look up members.\n\nExamples: privcli members list --tag VIP --limit 20 · "
    "privcli members show 13800138000",
    no_args_is_help=True,
)


@app.command("list")
@selection_options()
def list_(
    ctx: typer.Context,
    selection,
    limit: LimitOpt = 100,
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """List members (masked unless --show-pii), selected like `export members`.

    Examples: privcli members list --store SH01 --level 金卡 --limit 20 ·
    privcli members list --tag VIP --inactive-days 90 --limit 0 -f csv > vip.csv
    """
    from privcli.members.logic import listing

    db = get_db(ctx)
    with db.transaction(write=False):
        emit(listing(db, selection, limit=limit), fmt, show_pii)


@app.command()
def show(
    ctx: typer.Context,
    phone: Annotated[str, typer.Argument(help="The member's phone number.")],
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """Show one member: profile, tags, owner history and order summary.

    Examples: privcli members show 13800138000 · privcli members show 13800138000 -f json --show-pii
    """
    from privcli.members.logic import show as show_member

    emit(show_member(get_db(ctx), phone), fmt, show_pii)


def register(root: typer.Typer, registry) -> None:
    root.add_typer(app, name="members")
