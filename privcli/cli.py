"""The root command: global options, command groups, and errors → exit codes.

Command modules import only typer at module level; everything heavy (database drivers, SQLModel,
spreadsheet libraries, httpx) is imported inside the command that needs it, so that `privcli
--help` and small commands start fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from privcli import __version__, config
from privcli.commands import common, guides, imports, members, transfer
from privcli.commands import export as export_cmd
from privcli.errors import PrivcliError


class App(TyperGroup):
    """Turns domain errors into a clear message and a documented exit code."""

    def invoke(self, ctx):
        from privcli import output

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
    ctx.obj = common.State(db_url=db or config.DEFAULT_DB)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database schema, or upgrade it to this version. Safe to run again."""
    from privcli import output
    from privcli.migrations import LATEST

    db = common.get_db(ctx)
    output.info(f"database ready: {db.url} (schema version {LATEST})")


app.add_typer(imports.app, name="import")
app.command("export")(export_cmd.export)
app.add_typer(members.app, name="members")
app.add_typer(guides.app, name="guides")
app.add_typer(transfer.app, name="transfer")


@app.command()
def demo(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", help="Where to build the demo database.")
    ] = None,
) -> None:
    """Build a demo database from samples/ and walk through what privcli does."""
    from privcli.core.demo import run

    run(db or ctx.obj.db_url if db or ctx.obj.db_url != config.DEFAULT_DB else "privcli-demo.db")


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
