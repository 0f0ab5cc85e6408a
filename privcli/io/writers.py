"""Spreadsheet writers (csv, xlsx) that are safe to open in Excel, flat in memory, and fast enough
for exports of millions of rows.

Formula guard: a text cell starting with = + - @ (or tab/CR) would be run as a formula by Excel
(CSV injection). CSV cells get a leading apostrophe; xlsx cells are always written as strings.
Numbers stay numbers.

Speed: rows are written a block at a time (`writerow` buffers), column by column. A column whose
text needs nothing (no quoting, no formula guard, no XML escaping: checked with a few C-speed
scans of the column joined into one string) is copied into the output as it is; only a column
that does need something is converted value by value, by the same rules csv.writer and the xlsx
cell writer apply to single values. The output is byte-for-byte what the value-by-value path
writes (tests/test_writers.py checks this).

The xlsx writer (xlsx_writer.py) is hand-written: zipfile + streamed sheet XML with inline
strings, deflated in a background thread. Columns can declare their kind (privcli.io.blocks.KINDS):
the xlsx writer makes dates real dates and ids text by it; CSV writes every kind as its text.

Files appear only when complete (privcli.io.files: written beside the destination and renamed
into place); `private=True` creates them readable by their owner only. `-` as the path writes
CSV to standard output, for pipes: UTF-8 without the BOM (which only Excel needs) and \n line
ends; the formula guard stays, since the output may still end up in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.io.blocks import BlockWriter, check_kinds
from privcli.io.files import is_stdout, open_target

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_DANGER_FIRST = frozenset(_DANGEROUS)
_DANGER_AFTER_NL = re.compile("\n[=+\\-@\t]")  # a value starting so, \r is caught by quoting


def safe_text(v: str) -> str:
    return "'" + v if v and v[0] in _DANGEROUS else v


# -- CSV ------------------------------------------------------------------------------------------


def _csv_field(v, guard: bool) -> str:
    """What csv.writer (QUOTE_MINIMAL) writes for one value, after the formula guard."""
    if v is None:
        return ""
    if isinstance(v, str):
        if guard and v and v[0] in _DANGER_FIRST:
            v = "'" + v
    else:
        v = str(v)
    if '"' in v or "," in v or "\n" in v or "\r" in v:
        return '"' + v.replace('"', '""') + '"'
    return v


def _csv_column(col: Sequence, guard: bool) -> Sequence[str]:
    """One column of a block as CSV fields."""
    try:
        s = "\n".join(col)  # fails on anything but text
        text = col
    except TypeError:
        kinds = set(map(type, col))
        if kinds == {int} or kinds == {Decimal}:
            return list(map(str, col))  # never quoted, never guarded
        if kinds == {str, type(None)}:
            text = [v or "" for v in col]
        else:
            text = ["" if v is None else v if isinstance(v, str) else str(v) for v in col]
        s = "\n".join(text)
    if guard and (s[:1] in _DANGER_FIRST or _DANGER_AFTER_NL.search(s)):
        return [_csv_field(v, True) for v in col]  # the originals: numbers are never guarded
    if '"' in s or "," in s or "\r" in s or s.count("\n") != len(text) - 1:
        return [
            '"' + v.replace('"', '""') + '"'
            if '"' in v or "," in v or "\n" in v or "\r" in v
            else v
            for v in text
        ]
    return text


class _CsvWriter(BlockWriter):
    _min_width = 2  # one column: csv.writer quotes a lone empty field, let it do so

    def __init__(
        self, path: str | Path, header: Sequence[str], text_columns=None, *, private=False
    ):
        super().__init__()
        self._target = open_target(path, private=private)
        self.path = self._target.path
        stdout = is_stdout(path)
        self._eol = "\n" if stdout else "\r\n"
        self._f = io.TextIOWrapper(self._target.stream, encoding="utf-8", newline="")
        # a file: utf-8 with a BOM (what utf-8-sig writes): Excel on Chinese Windows opens it
        # without mojibake. The BOM by hand keeps TextIOWrapper on its C utf-8 encoder.
        if not stdout:
            self._f.write("\ufeff")
        self._csv = csv.writer(self._f, lineterminator=self._eol)
        self._csv.writerow(header)
        # Only these columns (indexes) can hold typed text: the formula guard is limited to them.
        self._guard = None if text_columns is None else frozenset(text_columns)

    def _guarded(self, i: int) -> bool:
        return self._guard is None or i in self._guard

    def _write_ragged(self, rows: list[Sequence]) -> None:
        for r in rows:
            self._csv.writerow(
                [
                    safe_text(v) if self._guarded(i) and isinstance(v, str) else v
                    for i, v in enumerate(r)
                ]
            )

    def _write_columns(self, cols: Sequence[Sequence]) -> None:
        if len(cols) < self._min_width:
            self._write_ragged(list(zip(*cols)))
            return
        out = [_csv_column(c, self._guarded(i)) for i, c in enumerate(cols)]
        self._f.write(self._eol.join(map(",".join, zip(*out))))
        self._f.write(self._eol)

    def close(self) -> None:
        if not self._f.closed:
            self._flush()
            self._f.close()
            self._target.commit()

    def abort(self) -> None:
        self._pending = []
        try:
            if not self._f.closed:
                self._f.close()
        except Exception:  # the caller is already reporting an error
            pass
        finally:
            self._target.discard()


def open_writer(
    path: str | Path,
    header: Sequence[str],
    sheet: str = "Sheet1",
    text_columns=None,
    *,
    kinds: Sequence[str | None] | None = None,
    private: bool = False,
    validations: dict[int, Sequence[str]] | None = None,
):
    """A .csv or .xlsx writer by extension (`-`: CSV on standard output), with writerow /
    writerows / writecolumns / close (which puts the finished file in place) and abort (the file
    never appears).

    `text_columns` (indexes) limits the CSV formula guard to the columns that can hold typed
    text; `kinds` declares each column's kind (privcli.io.blocks.KINDS) for .xlsx; `private`
    creates the file readable by its owner only (personal data); `validations` (.xlsx only):
    column index → the values offered as a drop-down list in that column (a sheet to fill in)."""
    if kinds is not None:
        check_kinds(kinds, len(header))
    if is_stdout(path):
        return _CsvWriter(path, header, text_columns)
    p = Path(path)
    ext = p.suffix.lower()
    if ext == ".csv":
        return _CsvWriter(p, header, text_columns, private=private)
    if ext == ".xlsx":
        from privcli.io.xlsx_writer import XlsxWriter

        return XlsxWriter(p, header, sheet, kinds, private=private, validations=validations)
    raise UsageError(
        t("io.bad_extension", name=p.name, ext=repr(ext)),
        hint=t("io.bad_extension_hint"),
    )


def csv_to_xlsx(
    src: Path,
    dest: Path,
    sheet: str = "Sheet1",
    kinds: dict[str, str] | None = None,
    *,
    private: bool = False,
) -> None:
    """Convert a CSV file (utf-8) to a hand-made-looking .xlsx, streamed. `kinds`: header →
    column kind for the columns that are not text (every other column is text: cells stay
    exactly as they are in the CSV, digits included)."""
    from privcli.io.xlsx_writer import XlsxWriter

    with open(src, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        column_kinds = [(kinds or {}).get(h, "text") for h in header]
        w = XlsxWriter(dest, header, sheet, column_kinds, private=private)
        try:
            w.writerows([v if v != "" else None for v in row] for row in reader)
        except BaseException:
            w.abort()
            raise
        w.close()
