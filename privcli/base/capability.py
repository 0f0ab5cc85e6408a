"""What a capability (guides, members, orders, transfer, coupons, tasks, ...) declares about itself,
and the registry the root builds from the one explicit list in `privcli.capabilities`.

A capability is one package: its commands, its logic, its schema steps, the spreadsheet kinds it
imports, the tables it exports, and the events it reacts to. The engines (imports, export,
transfer) read these declarations; they never name a capability, so adding one touches no engine.

Code is referred to by "module:attribute" strings and loaded on first use: the declarations are
read on every start (for `--help`), the code behind them only by the command that needs it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from privcli.base.schema import Step


def load(ref: str) -> Any:
    """`"package.module:attribute"` → the attribute."""
    module, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass(frozen=True)
class KindSpec:
    """A spreadsheet kind `privcli import NAME FILE` reads.

    `aliases`: field → header texts in priority order (the earlier wins when a file has two);
    `required`: fields without which nothing is imported; `load`: the Kind class (see
    privcli.imports.engine.Kind) as "module:Class"; `help`: the command's help text."""

    name: str
    help: str
    aliases: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    load: str
    examples: tuple[str, ...] = ()
    # field → the values a chain's own spellings may be mapped to with --map-status
    # ('已核销=paid'); a kind without a status field takes no --map-status
    value_maps: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportSpec:
    """A table `privcli export NAME FILE` writes.

    `headers`: language → column headers; `rows`: "module:function" yielding rows, or with
    `columnar` chunks of columns (the fast path of the big exports; see privcli.export.engine),
    called as f(db, selection, lang=...); `filters`: the selection options that apply (anything else
    given on the command line is refused); `pii`: column index → "phone" | "name" | "birthday",
    masked unless --show-pii. Every text cell is guarded against formulas (CSV injection).

    `types`: one column kind per header (privcli.io.blocks.KINDS: "text", "integer", "number",
    "money", "date", "datetime"), so that an .xlsx holds ids and phones as text, amounts as
    numbers and dates as real dates by declaration, never by guessing from a cell's text;
    `sheet`: language → the .xlsx sheet name, in the header language (default: `name`);
    `period`: the column `--since`/`--until` select on (e.g. "paid_at"), passed to `rows` as
    since=/until= datetimes (until exclusive); empty: the export takes no date range."""

    name: str
    help: str
    headers: dict[str, list[str]]
    rows: str
    columnar: bool = False
    filters: frozenset[str] = frozenset()
    pii: dict[int, str] = field(default_factory=dict)
    types: tuple[str, ...] = ()
    sheet: dict[str, str] = field(default_factory=dict)
    period: str = ""

    def __post_init__(self) -> None:
        for lang, header in self.headers.items():
            if self.types and len(self.types) != len(header):
                raise ValueError(
                    f"export {self.name}: {len(self.types)} column types for "
                    f"{len(header)} {lang} headers"
                )


@dataclass(frozen=True)
class Capability:
    name: str
    schema: Sequence[Step] = ()
    kinds: Sequence[KindSpec] = ()
    exports: Sequence[ExportSpec] = ()
    # (event name, "module:handler"): handler(db, **payload), called inside the publisher's
    # transaction (see privcli.base.events)
    subscriptions: Sequence[tuple[str, str]] = ()
    # registers the capability's commands on the root Typer app: register(app, registry)
    commands: Callable[..., None] | None = None
    # headers of the CSV files it writes besides its exports (error reports, plans), so that
    # privcli recognizes its own files before overwriting one (privcli/base/paths.py)
    file_headers: Sequence[Sequence[str]] = ()
    # named services other capabilities call without importing the provider: service name →
    # "module:attribute" (e.g. "transfer.push": what `privcli transfer --push` runs)
    provides: Mapping[str, str] = field(default_factory=dict)


class Registry:
    """Everything the capabilities declare, gathered once, in the order of the list."""

    def __init__(self, capabilities: Sequence[Capability]):
        self.capabilities = list(capabilities)
        self.kinds: dict[str, KindSpec] = {}
        self.exports: dict[str, ExportSpec] = {}
        self.services: dict[str, str] = {}
        for c in self.capabilities:
            for name, ref in c.provides.items():
                self._unique(self.services, name, ref, "service")
            for k in c.kinds:
                self._unique(self.kinds, k.name, k, "import kind")
            for e in c.exports:
                self._unique(self.exports, e.name, e, "export")

    @staticmethod
    def _unique(table: dict, name: str, value, what: str) -> None:
        if name in table:
            raise ValueError(f"two capabilities declare the {what} {name!r}")
        table[name] = value

    def service(self, name: str) -> Any:
        """The attribute a capability provides under `name` (loaded now), or None."""
        ref = self.services.get(name)
        return load(ref) if ref else None

    def schema(self) -> list[tuple[str, Sequence[Step]]]:
        return [(c.name, c.schema) for c in self.capabilities if c.schema]

    def known_headers(self) -> list[Sequence[str]]:
        """Every CSV header privcli writes: exports in each language, reports, plans."""
        out: list[Sequence[str]] = [h for e in self.exports.values() for h in e.headers.values()]
        return out + [h for c in self.capabilities for h in c.file_headers]

    def subscriptions(self) -> list[tuple[str, str]]:
        return [s for c in self.capabilities for s in c.subscriptions]
