"""The root command: global options, errors → exit codes, and the capabilities' commands.

Command modules import only typer at module level; everything heavy (database drivers,
spreadsheet libraries, httpx) is imported inside the command that needs it, so that `privcli
--help` and small commands start fast.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from privcli import __version__
from privcli.base import config
from privcli.base.errors import PrivcliError
from privcli.base.options import State, get_db


def _flags_show_no_value() -> None:
    """Boolean flags (`--dry-run`, `--json`, `--show-pii`, even `--help`) take no value, but
    Typer 0.29's rich help prints a type after every option (`--dry-run <bool>`), as if they
    did. Our flags are declared as flags (a `bool` annotation makes Typer build them with
    is_flag=True, and they parse as flags); only the help is off: Typer's plain-text help
    (TyperOption.get_help_record) leaves the type out for flags and counters, but the rich panel
    (rich_utils._print_options_panel, through TyperOption.display_type_rich) does not check.
    This makes the rich panel follow the plain-text rule. Harmless once Typer does it itself."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich
    if getattr(shown, "privcli_flags", False):
        return

    def display_type_rich(self: TyperOption, ctx) -> str | None:
        if self.is_flag or self.count:
            return None
        return shown(self, ctx)

    display_type_rich.privcli_flags = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_flags_show_no_value()


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
            from privcli.base.messages import t

            output.error(t("cli.interrupted"))
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=App,
    name="privcli",
    help="privcli: members, guides, orders and customer handover for retail private-domain ops."
    "\n\nExamples: privcli demo · privcli import members 会员导出.xlsx --errors 会员错误.xlsx · "
    "privcli transfer GSH0103 --dry-run",
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
    config_file: Annotated[
        str | None,
        typer.Option(
            "--config",
            envvar="PRIVCLI_CONFIG",
            help="TOML settings file ([wecom] corp_id = ...); the environment overrides it.",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            envvar="PRIVCLI_LANG",
            help="Language of messages, table headings and status values: en (default) or zh. "
            "JSON keys and CSV/JSON values stay as they are.",
        ),
    ] = None,
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = None,
) -> None:
    from privcli.base.messages import LANGS, set_lang
    from privcli.capabilities import REGISTRY, prepare

    set_lang(None)  # nothing of an earlier invocation in this process carries over
    given = getattr(ctx.get_parameter_source("lang"), "name", "") == "COMMANDLINE"
    if given and (lang or "").strip().lower()[:2] not in LANGS:
        # (from the environment, anything but zh… means English, as it always did)
        raise typer.BadParameter(f"{lang!r}: expected en or zh", param_hint="--lang")
    set_lang(lang if given else None)  # from the environment: read where it is used
    config.set_config_file(config_file)
    ctx.obj = State(db_url=db or config.DEFAULT_DB, registry=REGISTRY, prepare=prepare)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database schema, or upgrade it to this version. Safe to run again.

    Examples: privcli init · privcli --db /data/privcli.db init ·
    PRIVCLI_DB=postgresql+psycopg://ops@db/privcli privcli init
    """
    from privcli.base import output

    db = get_db(ctx, create=True)
    from privcli.base.messages import t

    output.info(t("cli.db_ready", url=db.url))


def _register() -> None:
    from privcli.capabilities import REGISTRY

    for capability in REGISTRY.capabilities:
        if capability.commands is not None:
            capability.commands(app, REGISTRY)


_register()


# root options that take a value: their value is not the command's name
_VALUED = ("--db", "--config", "--lang")
# commands that run other privcli commands (the demo runs import, transfer, export ...)
_RUNS_OTHERS = ("demo",)


def build_only_named(args: list[str]) -> None:
    """Keep only the command or group `args` name. Typer turns every command's signature into a
    click command at each start (about 2 ms each, ~135 of them: a third of a small command's
    start-up); a run that names its group needs that group only. `--help` alone, a name privcli
    does not know (click then suggests the right one) and shell completion keep the whole tree."""
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return
    names = args[:]
    while names and names[0].startswith("-"):
        option = names.pop(0)
        if option in _VALUED and names:
            names.pop(0)
    if not names:
        return
    wanted = names[0]
    if wanted in _RUNS_OTHERS:
        return
    groups = [g for g in app.registered_groups if g.name == wanted]
    commands = [c for c in app.registered_commands if (c.name or c.callback.__name__) == wanted]
    if groups or commands:
        app.registered_groups, app.registered_commands = groups, commands


def main() -> None:
    build_only_named(sys.argv[1:])
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
