"""`privcli profiles save|list|show|delete`: import options saved per source system."""

from __future__ import annotations

from typing import Annotated

import typer

from privcli.base.options import FormatOpt, emit, get_db, registry

app = typer.Typer(
    help="Import profiles: the --map, --map-status and --sheet options of one source system, "
    "saved under a name for `privcli import KIND FILE --profile NAME`.\n\n"
    "Examples: privcli profiles save 海鼎POS --kind orders --map '销售金额=amount' "
    "--map-status '已核销=paid' · privcli import orders pos.csv --profile 海鼎POS",
    no_args_is_help=True,
)


@app.command()
def save(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="The profile's name (the source system's, e.g. 海鼎POS).")
    ],
    kind: Annotated[
        str | None, typer.Option(help="The import it is for (orders, members, ...): checked now.")
    ] = None,
    map_: Annotated[
        list[str] | None, typer.Option("--map", help="'COLUMN=field' (repeatable).")
    ] = None,
    map_status: Annotated[
        list[str] | None,
        typer.Option("--map-status", help="'VALUE=status' (repeatable), e.g. '已核销=paid'."),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="The sheet to read.")] = None,
    note: Annotated[str | None, typer.Option(help="What the profile is for.")] = None,
) -> None:
    """Save (or replace) an import profile.

    Examples: privcli profiles save 海鼎POS --kind orders --map '销售金额=amount' --map-status '已核销=paid' ·
    privcli profiles save 有赞 --kind members --sheet 客户列表
    """
    from privcli.base import output
    from privcli.base.messages import t
    from privcli.profiles.logic import Profile
    from privcli.profiles.logic import save as save_profile

    p = Profile(name, kind, sheet, list(map_ or []), list(map_status or []), note)
    replaced = save_profile(get_db(ctx, create=True), registry(ctx), p)
    output.info(t("profiles.replaced" if replaced else "profiles.saved", name=name))


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """List the import profiles with their options.

    Examples: privcli profiles list · privcli profiles list -f json
    """
    from privcli.profiles.logic import listing

    emit(listing(get_db(ctx)), fmt)


@app.command()
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The profile's name.")],
    fmt: FormatOpt = None,
) -> None:
    """Show one import profile.

    Examples: privcli profiles show 海鼎POS · privcli profiles show 海鼎POS -f json
    """
    from privcli.profiles.logic import record

    emit(record(get_db(ctx), name), fmt)


@app.command()
def delete(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The profile's name.")]
) -> None:
    """Delete an import profile.

    Examples: privcli profiles delete 海鼎POS · privcli profiles list
    """
    from privcli.base import output
    from privcli.base.messages import t
    from privcli.profiles.logic import delete as delete_profile

    delete_profile(get_db(ctx), name)
    output.info(t("profiles.deleted", name=name))


def register(root: typer.Typer, registry) -> None:
    root.add_typer(app, name="profiles")
