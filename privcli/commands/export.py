"""`privcli export members|orders|guides|stores FILE`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from privcli.commands.common import GuideOpt, LevelOpt, ShowPii, StoreOpt, TagOpt, get_db


class What(str, Enum):
    members = "members"
    orders = "orders"
    guides = "guides"
    stores = "stores"


class Lang(str, Enum):
    en = "en"
    zh = "zh"


def export(
    ctx: typer.Context,
    what: Annotated[What, typer.Argument(help="What to export.")],
    file: Annotated[Path, typer.Argument(help="Output file: .csv or .xlsx (by extension).")],
    store: StoreOpt = None,
    guide: GuideOpt = None,
    tag: TagOpt = None,
    level: LevelOpt = None,
    lang: Annotated[Lang, typer.Option(help="Header language: en (canonical) or zh.")] = Lang.en,
    show_pii: ShowPii = False,
) -> None:
    """Export to a spreadsheet with canonical headers. Phones and names are masked unless
    --show-pii; cells that Excel would run as formulas are written as text."""
    from privcli import output
    from privcli.core.export import Filters
    from privcli.core.export import export as run

    db = get_db(ctx)
    n = run(
        db, what.value, file, Filters(store=store, guide=guide, tag=tag, level=level),
        show_pii=show_pii, lang=lang.value,
    )  # fmt: skip
    output.info(f"wrote {n} {what.value} to {file}")
