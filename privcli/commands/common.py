"""Shared command plumbing: the database from --db, and the options every listing takes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer

from privcli.output import Format


@dataclass
class State:
    db_url: str
    db: object | None = None


def get_db(ctx: typer.Context, migrate: bool = True):
    """Open the store once per invocation; closed when the command finishes."""
    from privcli.db import open_db

    root = ctx.find_root()
    state: State = root.obj
    if state.db is None:
        state.db = open_db(state.db_url, migrate=migrate)
        root.call_on_close(state.db.close)
    return state.db


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f",
        help="Output format. Default: table on a terminal, plain when piped (cron).",
        case_sensitive=False,
    ),
]  # fmt: skip
ShowPii = Annotated[
    bool, typer.Option("--show-pii", help="Show phone numbers, names and birthdays unmasked.")
]
StoreOpt = Annotated[str | None, typer.Option("--store", help="Only this store (code).")]
GuideOpt = Annotated[str | None, typer.Option("--guide", help="Only this guide (id / 工号).")]
TagOpt = Annotated[str | None, typer.Option("--tag", help="Only members with this tag.")]
LevelOpt = Annotated[str | None, typer.Option("--level", help="Only this member level.")]
