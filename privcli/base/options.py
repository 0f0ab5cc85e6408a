"""What every command shares: the database from --db (opened once per command, its schema brought
up to date through one call), the options every listing takes, the member-selection option
bundle, and `emit` (render a result, exit with the code it calls for)."""

from __future__ import annotations

import functools
import inspect
import shlex
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from privcli.base import config
from privcli.base.output import Format

if TYPE_CHECKING:
    from privcli.base.capability import Registry
    from privcli.base.db import Database
    from privcli.base.output import Result


class Lang(str, Enum):
    """The language of a file's headers and values (`--lang` of exports, plans, task sheets)."""

    en = "en"
    zh = "zh"


@dataclass
class State:
    db_url: str
    registry: Registry
    prepare: Callable[[Database], None]
    db: Database | None = None


def get_db(ctx: typer.Context, *, create: bool = False) -> Database:
    """Open the store once per invocation (closed when the command finishes), schema up to date.

    Only a command that brings data (`init`, `import`, `demo`) passes `create`: any other
    refuses a SQLite file that does not exist rather than creating an empty one and answering
    from it (a cron line run from the wrong folder would otherwise report "0 members" and exit
    0). A PostgreSQL database always exists; an empty schema is fine."""
    from privcli.base.db import open_db

    root = ctx.find_root()
    state: State = root.obj
    if state.db is None:
        if not create:
            require_existing(state.db_url)
        db = open_db(state.db_url)
        root.call_on_close(db.close)
        state.prepare(db)
        state.db = db
    return state.db


def require_existing(url: str) -> None:
    """Refuse a SQLite database file that does not exist (exit 1), naming the path looked at
    and how to create one."""
    from privcli.base.db import parse_url
    from privcli.base.errors import PrivcliError
    from privcli.base.messages import t

    dialect, target = parse_url(url)
    if dialect != "sqlite" or target in ("", ":memory:") or target.startswith("file:"):
        return
    path = Path(target)
    if not path.exists():
        where = path.resolve()
        raise PrivcliError(
            t("db.missing", path=where),
            hint=t("db.missing_hint", db=shlex.quote(url), default=config.DEFAULT_DB),
        )


def registry(ctx: typer.Context) -> Registry:
    return ctx.find_root().obj.registry


def output_path(
    ctx: typer.Context, path: Path, *, inputs=(), force: bool = False, option: str = "FILE"
) -> Path:
    """A file the command is about to write, checked: never the database, never an input, never
    an existing file privcli did not write unless --force."""
    from privcli.base.paths import check_output

    state: State = ctx.find_root().obj
    return check_output(
        path,
        db_url=state.db_url,
        inputs=inputs,
        force=force,
        option=option,
        known_headers=state.registry.known_headers(),
    )


ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Overwrite an existing file that privcli did not write."),
]


def emit(result: Result, fmt: Format | None = None, show_pii: bool = False) -> None:
    """Print a result through the one renderer; exit 3 when it is partial."""
    from privcli.base.output import render

    code = render(result, fmt, show_pii=show_pii)
    if code:
        raise typer.Exit(code)


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, plain when piped (cron).",
        case_sensitive=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json (for cron).")]
ShowPii = Annotated[
    bool, typer.Option("--show-pii", help="Show phone numbers, names and birthdays unmasked.")
]
LimitOpt = Annotated[int, typer.Option(help="At most this many rows (0: all).", min=0)]


def fmt_or_json(fmt: Format | None, as_json: bool) -> Format | None:
    """--json is kept as an alias of --format json so that existing cron lines keep working."""
    return Format.json if as_json else fmt


def split_values(values: list[str] | None) -> tuple[str, ...]:
    """Repeated and comma-separated values: --store SH01 --store SH02,SH03."""
    out: list[str] = []
    for item in values or []:
        for v in item.replace("，", ",").split(","):
            v = v.strip()
            if v and v not in out:
                out.append(v)
    return tuple(out)


_MANY = "Repeat or comma-separate for several."
_SELECTION_OPTIONS: dict[str, tuple[Any, Any]] = {
    "stores": (
        list[str] | None,
        typer.Option("--store", help=f"Members of this store (code). {_MANY}"),
    ),
    "regions": (
        list[str] | None,
        typer.Option("--region", help=f"Members of stores in this region (大区). {_MANY}"),
    ),
    "guides": (
        list[str] | None,
        typer.Option("--guide", help=f"Customers of this guide (id / 工号). {_MANY}"),
    ),
    "levels": (list[str] | None, typer.Option("--level", help=f"Members of this level. {_MANY}")),
    "tags": (list[str] | None, typer.Option("--tag", help=f"Members with this tag. {_MANY}")),
    "registered_since": (
        datetime | None,
        typer.Option(
            "--registered-since", formats=["%Y-%m-%d"], help="Registered on or after this date."
        ),
    ),
    "inactive_days": (
        int | None,
        typer.Option("--inactive-days", min=0, help="No paid order in the last N days."),
    ),
    "bought_within": (
        int | None,
        typer.Option("--bought-within", min=0, help="A paid order in the last N days."),
    ),
    "birthday_month": (
        int | None,
        typer.Option("--birthday-month", min=1, max=12, help="Birthday in this month (1-12)."),
    ),
    "phones_file": (
        Path | None,
        typer.Option(
            "--phones", help="Only the phone numbers listed in this file (.txt/.csv/.xlsx)."
        ),
    ),
    "segment": (
        str | None,
        typer.Option("--segment", help="A saved segment (privcli segments list)."),
    ),
}


def selection_options(only: Collection[str] | None = None) -> Callable:
    """Decorator: add the member-selection options to a command (all of them, or `only` these)
    and hand the command one `selection` (a privcli.base.selection.Selection) instead."""
    names = [n for n in _SELECTION_OPTIONS if only is None or n in only]

    def decorate(func: Callable) -> Callable:
        sig = inspect.signature(func, eval_str=True)
        params = [p for p in sig.parameters.values() if p.name != "selection"]
        extra = [
            inspect.Parameter(
                n,
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[_SELECTION_OPTIONS[n][0], _SELECTION_OPTIONS[n][1]],
            )
            for n in names
        ]

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            from privcli.base.selection import Selection

            values = {n: kwargs.pop(n, None) for n in names}
            for n in ("stores", "regions", "guides", "levels", "tags"):
                if n in values:
                    values[n] = split_values(values[n])
            if values.get("registered_since") is not None:
                values["registered_since"] = values["registered_since"].date()
            if values.get("phones_file") is not None:
                values["phones_file"] = str(values["phones_file"])
            sel = Selection(**{k: v for k, v in values.items() if v is not None})
            return func(*args, selection=sel, **kwargs)

        wrapper.__signature__ = sig.replace(parameters=params + extra)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {
            **{k: v for k, v in func.__annotations__.items() if k != "selection"},
            **{p.name: p.annotation for p in extra},
        }
        return wrapper

    return decorate
