"""`privcli channels list|set|unset`: the order channel map (see privcli/orders/channels.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from privcli.base.options import FormatOpt, JsonOpt, emit, fmt_or_json, get_db

app = typer.Typer(
    help="Order channels (销售渠道): how channel values in order files are normalised.\n\n"
    "Examples: privcli channels list · privcli channels set 有赞 mini_program",
    no_args_is_help=True,
)


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """List the channel map (the chain's mappings, then the built-in ones), the channels with
    their orders, and the stored values no mapping covers yet.

    Examples: privcli channels list · privcli channels list -f csv > channels.csv
    """
    from privcli.base.output import Listing
    from privcli.orders.channels import listing

    rows = listing(get_db(ctx))
    emit(Listing(["value", "channel", "source", "orders"], rows), fmt)


@app.command("set")
def set_(
    ctx: typer.Context,
    value: Annotated[str, typer.Argument(help="The value as order files write it, e.g. 有赞.")],
    channel: Annotated[str, typer.Argument(help="The channel it means, e.g. mini_program.")],
    new: Annotated[
        bool, typer.Option("--new", help="Create CHANNEL if no order or mapping uses it yet.")
    ] = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Map a channel value to a channel; orders already stored under that value are renamed
    (one transaction), and later imports use the mapping.

    Examples: privcli channels set 有赞 mini_program · privcli channels set 美团 meituan --new
    """
    from privcli.base.messages import t
    from privcli.base.output import Record
    from privcli.orders.channels import set_mapping

    result = set_mapping(get_db(ctx), value, channel, new=new)
    emit(Record(result, notes=[t("orders.mapped", **result)]), fmt_or_json(fmt, as_json))


@app.command("unset")
def unset(
    ctx: typer.Context,
    value: Annotated[str, typer.Argument(help="A value mapped with channels set.")],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Remove a mapping added with `channels set` (the built-in ones stay).

    Examples: privcli channels unset 有赞 · privcli channels list
    """
    from privcli.base.messages import t
    from privcli.base.output import Record
    from privcli.orders.channels import unset_mapping

    result = unset_mapping(get_db(ctx), value)
    emit(Record(result, notes=[t("orders.unmapped", value=value)]), fmt_or_json(fmt, as_json))


def register(root: typer.Typer, registry) -> None:
    root.add_typer(app, name="channels")
