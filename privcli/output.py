"""The one presentation layer: data to stdout, diagnostics to stderr.

Rich tables and progress bars when stdout is a terminal; plain text (tabulate), CSV, JSON or
Markdown with --format, and plain by default when stdout is not a terminal (cron, pipes), so that
output stays parseable. Rich and tabulate are imported only when something is printed.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum


class Format(str, Enum):
    table = "table"
    plain = "plain"
    csv = "csv"
    json = "json"
    markdown = "markdown"


def stdout_is_tty() -> bool:
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def resolve(fmt: Format | None) -> Format:
    if fmt is not None:
        return fmt
    return Format.table if stdout_is_tty() else Format.plain


def _jsonable(v):
    if isinstance(v, (date, datetime)):
        return v.isoformat(" ") if isinstance(v, datetime) else v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    return v


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.isoformat(" ")
    return str(v)


def rows(
    columns: Sequence[str],
    data: Iterable[Sequence],
    fmt: Format | None = None,
    title: str | None = None,
) -> None:
    """Print a listing. csv and json stream row by row; table/plain/markdown need the rows."""
    fmt = resolve(fmt)
    out = sys.stdout
    if fmt is Format.csv:
        w = csv.writer(out)
        w.writerow(columns)
        for r in data:
            w.writerow([_text(v) for v in r])
    elif fmt is Format.json:
        out.write("[")
        for i, r in enumerate(data):
            out.write(("," if i else "") + "\n  ")
            out.write(
                json.dumps(dict(zip(columns, map(_jsonable, r), strict=False)), ensure_ascii=False)
            )
        out.write("\n]\n")
    elif fmt is Format.table:
        from rich.table import Table

        t = Table(title=title, show_lines=False)
        for c in columns:
            t.add_column(c, overflow="fold")
        for r in data:
            t.add_row(*(_text(v) for v in r))
        _console().print(t)
    else:
        from tabulate import tabulate

        table = [[_text(v) for v in r] for r in data]
        tf = "github" if fmt is Format.markdown else "plain"
        if title and fmt is Format.markdown:
            out.write(f"### {title}\n\n")
        out.write(tabulate(table, headers=list(columns), tablefmt=tf, disable_numparse=True))
        out.write("\n")


def record(fields: dict, fmt: Format | None = None, title: str | None = None) -> None:
    """One object: key/value table on a terminal, JSON object with --format json."""
    fmt = resolve(fmt)
    if fmt is Format.json:
        print(json.dumps({k: _jsonable(v) for k, v in fields.items()}, ensure_ascii=False))
        return
    rows(["field", "value"], [(k, v) for k, v in fields.items()], fmt, title)


def json_out(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=_jsonable))


def info(msg: str) -> None:
    """A diagnostic line on stderr (never mixed into data on stdout)."""
    if sys.stderr.isatty():
        _console(stderr=True).print(msg)
    else:
        print(_strip_markup(msg), file=sys.stderr)


def error(msg: str, hint: str | None = None) -> None:
    if sys.stderr.isatty():
        c = _console(stderr=True)
        c.print(f"[bold red]Error:[/] {msg}", markup=True)
        if hint:
            c.print(f"[dim]Hint:[/] {hint}")
    else:
        print(f"Error: {msg}", file=sys.stderr)
        if hint:
            print(f"Hint: {hint}", file=sys.stderr)


def _strip_markup(msg: str) -> str:
    from rich.text import Text

    return Text.from_markup(msg).plain


class Progress:
    """A Rich progress bar on a terminal, nothing otherwise (cron logs stay clean)."""

    def __init__(self, description: str, total: float | None, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._p = None
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.progress import Progress as RP

            self._p = RP(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=_console(stderr=True), transient=True,
            )  # fmt: skip
            self._task = self._p.add_task(description, total=total)

    def __enter__(self):
        if self._p:
            self._p.__enter__()
        return self

    def update(self, completed: float) -> None:
        if self._p:
            self._p.update(self._task, completed=completed)

    def __exit__(self, *exc):
        if self._p:
            self._p.__exit__(*exc)
