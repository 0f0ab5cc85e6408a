"""Rows in, blocks of columns out: the buffering both spreadsheet writers (CSV in writers.py, xlsx
in xlsx_writer.py) share. Writing a block column by column lets a writer check a whole column in
a few C-speed scans instead of calling Python per cell."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path

BLOCK = 2000  # rows per block: enough to amortize the per-column work, small for the CPU cache

# How a column's values are written to a spreadsheet, declared per column by whoever writes it
# (an ExportSpec's `types`, a report): "text" (ids, phones, codes, names: always a text cell, even
# when all digits), "integer" and "number" (numbers), "money" (yuan, shown #,##0.00), "date" and
# "datetime" (real Excel dates from date/datetime objects or ISO text). CSV writes every kind as
# its text; xlsx_writer.py says how .xlsx holds each.
KINDS = ("text", "integer", "number", "money", "date", "datetime")


def check_kinds(kinds: Sequence[str | None], width: int) -> None:
    """A column kind (or None: by the values' Python types) for each of `width` columns."""
    if len(kinds) != width:
        raise ValueError(f"{len(kinds)} column kinds for {width} columns")
    unknown = [k for k in kinds if k is not None and k not in KINDS]
    if unknown:
        raise ValueError(f"unknown column kinds {unknown}: expected one of {', '.join(KINDS)}")


class BlockWriter:
    """Rows in, blocks of columns out: `writerow` buffers, `writerows` cuts into blocks,
    `writecolumns` hands a block that is already column by column to `_write_columns`."""

    path: Path

    def __init__(self) -> None:
        self._pending: list[Sequence] = []

    def writerow(self, row: Sequence) -> None:
        self._pending.append(tuple(row))  # a copy: the caller may reuse its list
        if len(self._pending) >= BLOCK:
            self._flush()

    def writerows(self, rows: Iterable[Sequence]) -> None:
        self._flush()
        it = iter(rows)
        while block := list(islice(it, BLOCK)):
            self._write_rows(block)

    def writecolumns(self, columns: Sequence[Sequence]) -> None:
        """Write len(columns[0]) rows given column by column (equal-length sequences, one per
        header column): the fast path for big exports, which no longer need to build rows."""
        self._flush()
        if columns and len(columns[0]):
            self._write_columns(columns)

    def _flush(self) -> None:
        if self._pending:
            block, self._pending = self._pending, []
            self._write_rows(block)

    def _write_rows(self, rows: list[Sequence]) -> None:
        widths = set(map(len, rows))
        if len(widths) == 1 and widths.pop() >= self._min_width:
            self._write_columns(list(zip(*rows)))
        else:
            self._write_ragged(rows)

    _min_width = 1

    def _write_columns(self, cols: Sequence[Sequence]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _write_ragged(self, rows: list[Sequence]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - abstract
        """Write what is buffered and put the finished file in place."""
        raise NotImplementedError

    def abort(self) -> None:  # pragma: no cover - abstract
        """Stop writing; the unfinished file never appears."""
        raise NotImplementedError
