"""The one presentation layer: logic returns named results, this module prints them.

A result is a `Listing` (named columns, rows), a `Record` (named fields) or a `Document` (named
sections of those). `render` writes any of them as table (Rich, on a terminal), plain or
markdown (tabulate), csv, tsv or json, masks personal data unless --show-pii, prints the notes to
stderr, and says the exit code (3 when the result is partial). Data goes to stdout, diagnostics
to stderr; without --format, a terminal gets a table and a pipe (cron) gets plain text.

Nothing is written before the result is known to be printable: a listing's first row is fetched
(so a lazy query's validation error comes first), and a document that has no single-table form
is refused as CSV before any byte. Rich and tabulate are imported only when something is printed.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from itertools import chain

from privcli.base.errors import EXIT_OK, EXIT_PARTIAL, UsageError
from privcli.base.messages import heading, t, value_labels
from privcli.base.pii import MASKERS


class Format(str, Enum):
    table = "table"
    plain = "plain"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    markdown = "markdown"


@dataclass
class Result:
    """What every result carries besides its data: notes for stderr, and whether the outcome is
    partial (some rows rejected, some customers skipped): exit code 3."""

    notes: list[str] = field(default_factory=list, kw_only=True)
    partial: bool = field(default=False, kw_only=True)


@dataclass
class Listing(Result):
    """Rows under named columns. `pii`: column → "phone" | "name" | "birthday" (masked unless
    --show-pii). `more`: rows left out by --limit (None: unknown or none); a listing cut by
    `--limit` says so on stderr ("… 375 more; --limit 0 for all"). A listing that streams its
    rows gives `limit` and `total` instead: `total()` counts the rows without the limit, and is
    asked only when the listing printed `limit` rows. `detail`: in a document, a section for
    machines (JSON) that people get as notes instead (a million skipped customers are a list in
    JSON, the first twenty lines on a terminal). `display`: column → function giving the text
    people read (table, plain, markdown: 0.125 as 12.5%, 3 as ▲3); csv, tsv and json keep the
    values. `bar`: a numeric column drawn as a bar beside it on a terminal (a leaderboard)."""

    columns: Sequence[str]
    rows: Iterable[Sequence]
    title: str | None = None
    pii: Mapping[str, str] = field(default_factory=dict)
    more: int | None = None
    detail: bool = False
    limit: int = 0
    total: Callable[[], int] | None = None

    def left_out(self, shown: int) -> int | None:
        """Rows left out by the limit, after `shown` rows were printed."""
        if self.more is not None:
            return self.more
        if self.limit and self.total is not None and shown >= self.limit:
            return max(self.total() - shown, 0) or None
        return None

    display: Mapping[str, Callable[[object], str]] = field(default_factory=dict)
    bar: str | None = None


@dataclass
class Record(Result):
    """One object: named fields."""

    fields: Mapping[str, object]
    title: str | None = None
    pii: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Document(Result):
    """Named sections, each a Listing or a Record (members show: profile, tags, history, ...).
    `meta`: top-level fields of the JSON object (a transfer's batch id and counts), which people
    read in the notes."""

    sections: list[tuple[str, Listing | Record]]
    meta: Mapping[str, object] = field(default_factory=dict)


def stdout_is_tty() -> bool:
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def resolve(fmt: Format | None) -> Format:
    if fmt is not None:
        return fmt
    return Format.table if stdout_is_tty() else Format.plain


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def jsonable(v):
    if isinstance(v, datetime):
        return v.isoformat(" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    return v


def text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.isoformat(" ")
    return str(v)


# -- masking ------------------------------------------------------------------------------------
def _masked_rows(
    columns: Sequence[str], rows: Iterable[Sequence], pii: Mapping[str, str], show_pii: bool
) -> Iterator[Sequence]:
    idx = [(i, MASKERS[pii[c]]) for i, c in enumerate(columns) if c in pii and not show_pii]
    if not idx:
        yield from rows
        return
    for r in rows:
        r = list(r)
        for i, mask in idx:
            r[i] = mask(r[i])
        yield r


def _masked_fields(rec: Record, show_pii: bool) -> dict:
    if show_pii or not rec.pii:
        return dict(rec.fields)
    return {k: MASKERS[rec.pii[k]](v) if k in rec.pii else v for k, v in rec.fields.items()}


# -- rendering ----------------------------------------------------------------------------------
def render(result: Result, fmt: Format | None = None, *, show_pii: bool = False) -> int:
    """Print `result`; return the exit code it calls for (0, or 3 when partial)."""
    fmt = resolve(fmt)
    if isinstance(result, Listing):
        _listing(result, fmt, show_pii)
    elif isinstance(result, Record):
        _record(result, fmt, show_pii)
    elif isinstance(result, Document):
        _document(result, fmt, show_pii)
    for n in result.notes:
        info(n)
    return EXIT_PARTIAL if result.partial else EXIT_OK


def _peeked(rows: Iterable[Sequence]) -> Iterable[Sequence]:
    """The rows, with the first one already fetched: a query that fails, fails before output."""
    it = iter(rows)
    for first in it:
        return chain((first,), it)
    return ()


class _Counted:
    """Rows passed through, counted (a listing's rows are often a lazy query)."""

    def __init__(self, rows: Iterable[Sequence]):
        self.rows, self.n = rows, 0

    def __iter__(self) -> Iterator[Sequence]:
        for r in self.rows:
            self.n += 1
            yield r


def _listing(lst: Listing, fmt: Format, show_pii: bool) -> None:
    counted = _Counted(_peeked(lst.rows))
    rows = _masked_rows(lst.columns, counted, lst.pii, show_pii)
    out = sys.stdout
    if fmt in (Format.csv, Format.tsv):
        w = csv.writer(
            out, dialect=csv.excel_tab if fmt is Format.tsv else csv.excel, lineterminator="\n"
        )
        w.writerow(lst.columns)
        for r in rows:
            w.writerow([text(v) for v in r])
    elif fmt is Format.json:
        cols = list(lst.columns)
        out.write("[")
        for i, r in enumerate(rows):
            out.write(("," if i else "") + "\n  ")
            out.write(json.dumps(dict(zip(cols, map(jsonable, r))), ensure_ascii=False))
        out.write("\n]\n")
    elif fmt is Format.table:
        from privcli.base.terminal import table

        rows = list(rows)
        shown = _shower(lst)
        dropped = table(
            lst.columns,
            rows,
            [shown(r) for r in rows],
            _console(),
            title=lst.title,
            bar=lst.bar,
            right=_numeric(lst, rows),
            headings=[heading(c) for c in lst.columns],
        )
        if dropped:
            names = ", ".join(heading(c) for c in dropped)
            info(t("output.columns_left_out", n=len(dropped), columns=names))
    else:
        shown = _shower(lst)
        headings = [heading(c) for c in lst.columns]
        _tabulate(headings, [shown(r) for r in rows], fmt, lst.title)
    more = lst.left_out(counted.n)
    if more:
        info(t("output.more", more=more))


def _numeric(lst: Listing, rows: list[Sequence]) -> list[str]:
    """The display columns holding numbers (right-aligned on a terminal); a display column of
    text (a status shown in the message language) stays left-aligned."""
    out = []
    for i, c in enumerate(lst.columns):
        if c in lst.display:
            first = next((r[i] for r in rows if r[i] is not None), None)
            if first is None or isinstance(first, (int, float, Decimal)):
                out.append(c)
    return out


def _shower(lst: Listing) -> Callable[[Sequence], list[str]]:
    """A function giving a row as people read it: the column's display function, else its value
    label in the message language (departed → 离职 under zh), else plain text. Labels are
    resolved once here, so a long listing maps each cell with one dict lookup."""
    fns: list[Callable[[object], str] | None] = []
    for c in lst.columns:
        fn = lst.display.get(c)
        labels = value_labels(c) if fn is None else None
        if labels:
            fn = _labelled(labels)
        fns.append(fn)
    if not any(fns):
        return lambda row: [text(v) for v in row]
    return lambda row: [fn(v) if fn is not None else text(v) for fn, v in zip(fns, row)]


def _labelled(labels: Mapping[str, str]) -> Callable[[object], str]:
    def show(v: object) -> str:
        return labels.get(v, text(v)) if isinstance(v, str) else text(v)

    return show


def _field(key: str, value: object) -> object:
    """A record's value as people read it (its label under zh, when the field has them; a flag
    as 是/否)."""
    if isinstance(value, bool):
        return t("output.true" if value else "output.false")
    labels = value_labels(key) if isinstance(value, str) else None
    return labels.get(value, value) if labels else value


def _tabulate(columns: Sequence[str], rows: list[list[str]], fmt: Format, title: str | None):
    from tabulate import tabulate

    if title and fmt is Format.markdown:
        sys.stdout.write(f"### {title}\n\n")
    tf = "github" if fmt is Format.markdown else "plain"
    sys.stdout.write(tabulate(rows, headers=list(columns), tablefmt=tf, disable_numparse=True))
    sys.stdout.write("\n")


def _record(rec: Record, fmt: Format, show_pii: bool) -> None:
    fields = _masked_fields(rec, show_pii)
    if fmt is Format.json:
        print(json.dumps({k: jsonable(v) for k, v in fields.items()}, ensure_ascii=False))
    elif fmt in (Format.csv, Format.tsv):
        _listing(Listing(list(fields), [list(fields.values())]), fmt, True)
    elif fmt is Format.plain:
        # key: value lines, what cron logs grep ("rejected: 0"; under zh, "拒绝: 0")
        for k, v in fields.items():
            print(f"{heading(k)}: {text(_field(k, v))}")
    else:
        rows = [[heading(k), _field(k, v)] for k, v in fields.items()]
        _listing(Listing(["field", "value"], rows, rec.title), fmt, True)


def _document(doc: Document, fmt: Format, show_pii: bool) -> None:
    shown = [(n, s) for n, s in doc.sections if not (isinstance(s, Listing) and s.detail)]
    if fmt in (Format.csv, Format.tsv):
        if len(shown) != 1:
            names = ", ".join(heading(n) for n, _ in shown)
            raise UsageError(
                t("output.tables", n=len(shown), names=names, format=fmt.value)
                if shown
                else t("output.no_tables", format=fmt.value),
                hint=t("output.one_table_hint"),
            )
        section = shown[0][1]
        if isinstance(section, Listing):
            _listing(section, fmt, show_pii)
        else:
            _record(section, fmt, show_pii)
        return
    if fmt is Format.json:
        obj = {k: jsonable(v) for k, v in doc.meta.items()}
        for name, s in doc.sections:
            if isinstance(s, Record):
                obj[name] = {k: jsonable(v) for k, v in _masked_fields(s, show_pii).items()}
            else:
                cols = list(s.columns)
                obj[name] = [
                    dict(zip(cols, map(jsonable, r)))
                    for r in _masked_rows(cols, s.rows, s.pii, show_pii)
                ]
        print(json.dumps(obj, ensure_ascii=False))
        return
    for i, (name, s) in enumerate(shown):
        if i and fmt is Format.plain:
            print()
        if isinstance(s, Record):
            _record(Record(s.fields, title=s.title or heading(name), pii=s.pii), fmt, show_pii)
        else:
            rows = list(s.rows)
            if rows:
                title = s.title or heading(name)
                _listing(replace(s, rows=rows, title=title, notes=[]), fmt, show_pii)
        for n in s.notes:
            info(n)


# -- diagnostics --------------------------------------------------------------------------------
def info(msg: str) -> None:
    """A diagnostic line on stderr (never mixed into data on stdout)."""
    if sys.stderr.isatty():
        _console(stderr=True).print(msg, markup=False)
    else:
        print(msg, file=sys.stderr)


def error(msg: str, hint: str | None = None) -> None:
    if sys.stderr.isatty():
        from rich.text import Text

        c = _console(stderr=True)
        c.print(Text.assemble((t("output.error"), "bold red"), " ", msg))
        if hint:
            c.print(Text.assemble((t("output.hint"), "dim"), " ", hint))
    else:
        print(f"{t('output.error')} {msg}", file=sys.stderr)
        if hint:
            print(f"{t('output.hint')} {hint}", file=sys.stderr)


class Progress:
    """A Rich progress bar on a terminal, nothing otherwise (cron logs stay clean)."""

    def __init__(self, description: str, total: float | None, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._p = None
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._p = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=_console(stderr=True),
                transient=True,
            )
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
