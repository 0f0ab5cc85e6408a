"""`privcli members show|list`."""

from __future__ import annotations

from typing import Annotated

import typer

from privcli.commands.common import (
    FormatOpt,
    GuideOpt,
    LevelOpt,
    ShowPii,
    StoreOpt,
    TagOpt,
    get_db,
)

app = typer.Typer(help="Look up members.", no_args_is_help=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    store: StoreOpt = None,
    guide: GuideOpt = None,
    tag: TagOpt = None,
    level: LevelOpt = None,
    limit: Annotated[int, typer.Option(help="At most this many rows (0: all).")] = 100,
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """List members (masked unless --show-pii), filtered like `export members`."""
    from privcli import output
    from privcli.core.export import MEMBER_HEADERS, Filters, check_filters, member_rows

    db = get_db(ctx)
    f = Filters(store=store, guide=guide, tag=tag, level=level)
    check_filters(db, f)
    with db.transaction(write=False):
        output.rows(MEMBER_HEADERS["en"], member_rows(db, f, show_pii=show_pii, limit=limit), fmt)


@app.command()
def show(
    ctx: typer.Context,
    phone: Annotated[str, typer.Argument(help="The member's phone number.")],
    fmt: FormatOpt = None,
    show_pii: ShowPii = False,
) -> None:
    """Show one member: profile, tags, owner history and order summary."""
    from privcli import output
    from privcli.core.members import show as run

    data = run(get_db(ctx), phone, show_pii=show_pii)
    if output.resolve(fmt) is output.Format.json:
        output.json_out(data)
        return
    output.record(data["member"], fmt, title="member")
    tags = ", ".join(f"{t['tag']} ({t['source']})" for t in data["tags"]) or "(none)"
    output.record({"tags": tags, **data["orders"]}, fmt, title="tags and orders")
    hist = data["owner_history"]
    if hist:
        output.rows(list(hist[0]), [list(h.values()) for h in hist], fmt, title="owner history")
    else:
        output.info("owner history: no changes since the member was acquired")
    if data["recent_orders"]:
        ro = data["recent_orders"]
        output.rows(list(ro[0]), [list(r.values()) for r in ro], fmt, title="recent orders")
