"""Rows in, blocks of columns out: the buffering both spreadsheet writers (CSV in writers.py, xlsx
in xlsx_writer.py) share. Writing a block column by column lets a writer check a whole column in
a few C-speed scans instead of calling Python per cell."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path

BLOCK = 2000  # rows per block: enough to amortize the per-column work, small for the CPU cache


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
        raise NotImplementedError

    def abort(self) -> None:
        """Stop writing and remove the unfinished file."""
        self._pending = []
        try:
            with contextlib.suppress(Exception):  # the caller is already reporting an error
                self.close()
        finally:
            self.path.unlink(missing_ok=True)
