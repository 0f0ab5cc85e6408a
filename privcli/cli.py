"""The root command: global options, errors → exit codes, and the capabilities' commands.

Command modules import only typer at module level; everything heavy (database drivers,
spreadsheet libraries, httpx) is imported inside the command that needs it, so that `privcli
--help` and small commands start fast.
"""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperGroup

from privcli import __version__
from privcli.base import config
from privcli.base.errors import PrivcliError
from privcli.base.options import State, get_db


class App(TyperGroup):
    """Turns domain errors into a clear message and a documented exit code."""

    def invoke(self, ctx):
        from privcli.base import output

        try:
            return super().invoke(ctx)
        except PrivcliError as e:
            output.error(e.message, e.hint)
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            output.error("interrupted; the running transaction was rolled back")
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=App,
    name="privcli",
    help="privcli: members, guides, orders and customer handover for retail private-domain ops.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"privcli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="PRIVCLI_DB",
            help="SQLite file path (default ./privcli.db) or a database URL such as "
            "postgresql+psycopg://user@host/dbname.",
        ),
    ] = None,
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = None,
) -> None:
    from privcli.capabilities import REGISTRY, prepare

    ctx.obj = State(db_url=db or config.DEFAULT_DB, registry=REGISTRY, prepare=prepare)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database schema, or upgrade it to this version. Safe to run again."""
    from privcli.base import output

    db = get_db(ctx, create=True)
    output.info(f"database ready: {db.url}")


def _register() -> None:
    from privcli.capabilities import REGISTRY

    for capability in REGISTRY.capabilities:
        if capability.commands is not None:
            capability.commands(app, REGISTRY)


_register()


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
