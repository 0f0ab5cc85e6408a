"""`privcli segments save|list|show|delete`: named member selections (人群)."""

from __future__ import annotations

from typing import Annotated

import typer

from privcli.base.options import FormatOpt, emit, get_db, selection_options
from privcli.base.selection import filters_except

app = typer.Typer(
    help="Named segments (人群): saved member filters, usable as --segment NAME wherever members "
    "are selected.\n\nExamples: privcli segments save 沉睡VIP --tag VIP --inactive-days 90 · "
    "privcli export members 沉睡VIP.xlsx --segment 沉睡VIP",
    no_args_is_help=True,
)

_ALL_BUT_SEGMENT = filters_except("segment")


@app.command()
@selection_options(only=_ALL_BUT_SEGMENT)
def save(
    ctx: typer.Context,
    selection,
    name: Annotated[str, typer.Argument(help="The segment's name, e.g. 沉睡VIP.")],
    note: Annotated[str | None, typer.Option(help="What the segment is for.")] = None,
) -> None:
    """Save (or replace) a segment: the filters are stored, and evaluated each time it is used.

    Examples: privcli segments save 沉睡VIP --tag VIP --inactive-days 90 ·
    privcli segments save 上海生日 --region 华东 --birthday-month 12
    """
    from privcli.base import output
    from privcli.base.messages import t
    from privcli.segments.logic import save_and_count

    replaced, members = save_and_count(get_db(ctx), name, selection, note)
    output.info(
        t("segments.replaced" if replaced else "segments.saved", name=name, members=members)
    )


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """List the saved segments with their filters and how many members each holds now.

    Examples: privcli segments list · privcli segments list -f json
    """
    from privcli.segments.logic import listing

    emit(listing(get_db(ctx)), fmt)


@app.command()
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The segment's name.")],
    fmt: FormatOpt = None,
) -> None:
    """Show one segment: its filters, note and current member count.

    Examples: privcli segments show 沉睡VIP · privcli segments show 沉睡VIP -f json
    """
    from privcli.segments.logic import record

    emit(record(get_db(ctx), name), fmt)


@app.command()
def delete(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The segment's name.")]
) -> None:
    """Delete a segment (the members are untouched).

    Examples: privcli segments delete 沉睡VIP · privcli segments list
    """
    from privcli.base import output
    from privcli.base.messages import t
    from privcli.base.selection import delete_segment

    delete_segment(get_db(ctx), name)
    output.info(t("segments.deleted", name=name))


def register(root: typer.Typer, registry) -> None:
    root.add_typer(app, name="segments")
