"""`privcli demo`."""

from __future__ import annotations

from typing import Annotated

import typer

from privcli.base import config


def demo(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", help="Where to build the demo database.")
    ] = None,
) -> None:
    """Build a demo database from samples/ and walk through what privcli does.

    Examples: privcli demo · privcli demo --db /tmp/demo.db ·
    privcli --db privcli-demo.db members list --limit 5
    """
    from privcli.demo.run import DEFAULT_DEMO_DB, run

    root = ctx.find_root()
    given = root.obj.db_url
    target = db or (given if given != config.DEFAULT_DB else DEFAULT_DEMO_DB)

    from privcli.base.messages import lang

    language = lang()  # `privcli --lang zh demo`: the steps speak it too

    def invoke(args: list[str]):
        return root.command.main(
            ["--lang", language, *args], prog_name="privcli", standalone_mode=False
        )

    run(target, invoke)


def register(root: typer.Typer, registry) -> None:
    root.command()(demo)
