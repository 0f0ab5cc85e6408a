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

The xlsx writer is hand-written (zipfile + streamed sheet XML with inline strings), because
xlsxwriter's constant-memory mode tops out at about 10,000 rows/s. The sheet is deflated in a
background thread: zlib releases the GIL, so compression runs on a second core while the main
thread builds the next block.
"""

from __future__ import annotations

import contextlib
import csv
import math
import queue
import re
import threading
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import chain, islice, repeat
from pathlib import Path

from privcli.errors import PrivcliError, UsageError

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_DANGER_FIRST = frozenset(_DANGEROUS)
_DANGER_AFTER_NL = re.compile("\n[=+\\-@\t]")  # a value starting so, \r is caught by quoting
_BLOCK = 2000  # rows per block: enough to amortize the per-column work, small for the CPU cache


def safe_text(v: str) -> str:
    return "'" + v if v and v[0] in _DANGEROUS else v


class _BlockWriter:
    """Rows in, blocks of columns out: `writerow` buffers, `writerows` cuts into blocks,
    `writecolumns` hands a block that is already column by column to `_write_columns`."""

    path: Path

    def __init__(self) -> None:
        self._pending: list[Sequence] = []

    def writerow(self, row: Sequence) -> None:
        self._pending.append(tuple(row))  # a copy: the caller may reuse its list
        if len(self._pending) >= _BLOCK:
            self._flush()

    def writerows(self, rows: Iterable[Sequence]) -> None:
        self._flush()
        it = iter(rows)
        while block := list(islice(it, _BLOCK)):
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


class _CsvWriter(_BlockWriter):
    _min_width = 2  # one column: csv.writer quotes a lone empty field, let it do so

    def __init__(self, path: Path, header: Sequence[str], text_columns=None):
        super().__init__()
        self.path = path
        # utf-8 with a BOM (what utf-8-sig writes): Excel on Chinese Windows opens it without
        # mojibake. The BOM by hand keeps TextIOWrapper on its C utf-8 encoder.
        self._f = open(path, "w", encoding="utf-8", newline="")
        self._f.write("\ufeff")
        self._csv = csv.writer(self._f)
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
                ]  # fmt: skip
            )

    def _write_columns(self, cols: Sequence[Sequence]) -> None:
        if len(cols) < self._min_width:
            self._write_ragged(list(zip(*cols)))
            return
        out = [_csv_column(c, self._guarded(i)) for i, c in enumerate(cols)]
        self._f.write("\r\n".join(map(",".join, zip(*out))))
        self._f.write("\r\n")

    def close(self) -> None:
        if not self._f.closed:
            self._flush()
            self._f.close()


# -- XLSX -----------------------------------------------------------------------------------------

MAX_XLSX_ROWS = 1_048_576  # per sheet, header included (Excel's limit)
_MAX_CELL_TEXT = 32_767  # characters in a cell (Excel's limit; longer text is cut, as xlsxwriter)
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_ESCAPE_LIKE = re.compile("_x[0-9A-Fa-f]{4}_")  # Excel would decode it: escape its "_"
_MONEY_STYLE, _HEADER_STYLE = 2, 1
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_STATIC_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_NS_PKG_REL}"><Relationship Id="rId1" Type="{_NS_REL}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_NS_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_NS_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    # cell styles: 0 default, 1 bold (header), 2 money: built-in number format 2 is "0.00"
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_NS_MAIN}">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
        '<scheme val="minor"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
        '<family val="2"/><scheme val="minor"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="3">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        "</cellStyles></styleSheet>"
    ),
}
_SHEET_HEAD = f'<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheetData>'
_SHEET_TAIL = "</sheetData></worksheet>"


def _column_letters(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _xml_text(v: str) -> str:
    """Text as the content of <t>: illegal characters dropped, cut to Excel's limit, escaped."""
    if _ILLEGAL_XML.search(v):
        v = _ILLEGAL_XML.sub("", v)
    if len(v) > _MAX_CELL_TEXT:
        v = v[:_MAX_CELL_TEXT]
    if "_x" in v:
        v = _XML_ESCAPE_LIKE.sub(r"_x005F\g<0>", v)
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text_cell(ref: str, v: str, style: str = "") -> str:
    t = _xml_text(v)
    if not t:
        return ""
    space = ' xml:space="preserve"' if t[0].isspace() or t[-1].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{t}</t></is></c>'


def _xlsx_cell(ref: str, v) -> str:
    """One cell, whatever the value: numbers as numbers (Decimal yuan with the 0.00 style),
    everything else as text (so never a formula); None and "" write no cell."""
    if v is None:
        return ""
    if isinstance(v, int) and not isinstance(v, bool):
        return f'<c r="{ref}"><v>{int(v)}</v></c>'
    if isinstance(v, float) and math.isfinite(v):
        return f'<c r="{ref}"><v>{float(v)!r}</v></c>'
    if isinstance(v, Decimal) and v.is_finite():
        return f'<c r="{ref}" s="{_MONEY_STYLE}"><v>{v}</v></c>'
    return _text_cell(ref, v if isinstance(v, str) else str(v))


def _plain_text_column(col: Sequence[str]) -> bool:
    """True when every value of `col` can go into <t> as it is: nothing to escape or drop, no
    leading/trailing white space (that needs xml:space="preserve"), not too long. Empty values
    write no cell and do not count."""
    s = " ".join(filter(None, col))
    return (
        s.isprintable()  # no control characters (tab, LF, CR included), no white space but " "
        and "&" not in s
        and "<" not in s
        and ">" not in s
        and "_x" not in s
        and "  " not in s  # a value starting or ending with a space, next to the separator
        and s[:1] != " "
        and s[-1:] != " "
        and (len(s) <= _MAX_CELL_TEXT or max(map(len, filter(None, col))) <= _MAX_CELL_TEXT)
    )


def _xlsx_column(col: Sequence, letter: str, nums: list[str]) -> list:
    """One column of a block as pieces for the row assembly: constant strings, or lists with one
    string per row."""
    kinds = set(map(type, col))
    if kinds == {str} or kinds == {str, type(None)}:
        if not _plain_text_column(col):
            return [[_text_cell(letter + r, v) if v else "" for r, v in zip(nums, col)]]
        if all(col):
            return [f'<c r="{letter}', nums, '" t="inlineStr"><is><t>', col, "</t></is></c>"]
        return [[f'<c r="{letter}{r}" t="inlineStr"><is><t>{v}</t></is></c>' if v else ""
                 for r, v in zip(nums, col)]]  # fmt: skip
    if kinds == {int}:
        return [f'<c r="{letter}', nums, '"><v>', list(map(str, col)), "</v></c>"]
    if kinds == {int, type(None)}:
        return [[f'<c r="{letter}{r}"><v>{v}</v></c>' if v is not None else ""
                 for r, v in zip(nums, col)]]  # fmt: skip
    if kinds == {Decimal} and all(v.is_finite() for v in col):
        return [f'<c r="{letter}', nums, f'" s="{_MONEY_STYLE}"><v>', list(map(str, col)),
                "</v></c>"]  # fmt: skip
    return [[_xlsx_cell(letter + r, v) for r, v in zip(nums, col)]]


def _xlsx_rows(cols: Sequence[Sequence], first: int, letters: list[str]) -> str:
    """Sheet XML for the rows given column by column, numbered from `first` (1-based)."""
    nums = list(map(str, range(first, first + len(cols[0]))))
    while len(letters) < len(cols):
        letters.append(_column_letters(len(letters)))
    pieces: list = ['<row r="', nums, '">']
    for letter, col in zip(letters, cols):
        pieces += _xlsx_column(col, letter, nums)
    pieces.append("</row>")
    # merge neighbouring constants, then interleave: row 1's pieces, row 2's pieces, ...
    merged: list = []
    for p in pieces:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] += p
        else:
            merged.append(p)
    return "".join(chain.from_iterable(zip(*[repeat(p) if isinstance(p, str) else p
                                             for p in merged])))  # fmt: skip


class _Deflater:
    """Writes bytes to a zip member from a background thread (zlib and file writes release the
    GIL), at most a few blocks behind."""

    def __init__(self, member):
        self._member = member
        self._queue: queue.Queue = queue.Queue(maxsize=3)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="xlsx-deflate", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._member.write(data)
                except BaseException as e:  # reported to the main thread
                    self._error = e

    def write(self, data: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(data)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error


class _XlsxWriter(_BlockWriter):
    """A one-sheet workbook streamed to disk: header in bold, text as inline strings, numbers as
    numbers, Decimal (yuan) with the 0.00 format."""

    def __init__(self, path: Path, header: Sequence[str], sheet: str = "Sheet1"):
        super().__init__()
        if not sheet or len(sheet) > 31 or any(c in sheet for c in "[]:*?/\\"):
            raise ValueError(f"invalid worksheet name {sheet!r}")
        self.path = path
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._closed = False
        try:
            for name, xml in _STATIC_PARTS.items():
                self._zip.writestr(name, _XML_DECL + xml)
            name = sheet.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            self._zip.writestr(
                "xl/workbook.xml",
                f'{_XML_DECL}<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><bookViews>'
                f'<workbookView/></bookViews><sheets><sheet name="{name}" sheetId="1" '
                'r:id="rId1"/></sheets></workbook>',
            )
            self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w")
            self._out = _Deflater(self._sheet)
        except BaseException:
            self._zip.close()
            raise
        self._letters = [_column_letters(i) for i in range(len(header))]
        head = "".join(
            _text_cell(f"{letter}1", str(h), f' s="{_HEADER_STYLE}"')
            for letter, h in zip(self._letters, header)
        )
        self._out.write(f'{_XML_DECL}{_SHEET_HEAD}<row r="1">{head}</row>'.encode())
        self._next = 2  # next sheet row number

    def _check_room(self, n: int) -> None:
        if self._next + n - 1 > MAX_XLSX_ROWS:
            raise PrivcliError(
                f"an .xlsx sheet holds at most {MAX_XLSX_ROWS - 1:,} rows under its header; "
                "this export has more",
                hint="export to .csv, or narrow it down with --store/--guide/--tag/--level",
            )

    def _write_columns(self, cols: Sequence[Sequence]) -> None:
        n = len(cols[0])
        self._check_room(n)
        xml = _xlsx_rows(cols, self._next, self._letters)
        self._next += n
        self._out.write(xml.encode("utf-8"))

    def _write_ragged(self, rows: list[Sequence]) -> None:
        self._check_room(len(rows))
        xml = "".join(
            f'<row r="{r}">'
            + "".join(_xlsx_cell(_column_letters(i) + str(r), v) for i, v in enumerate(row))
            + "</row>"
            for r, row in enumerate(rows, self._next)
        )
        self._next += len(rows)
        self._out.write(xml.encode("utf-8"))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._flush()
            self._out.write(_SHEET_TAIL.encode())
        finally:
            try:
                self._out.close()  # waits for the deflate thread; raises its error
            finally:
                try:
                    self._sheet.close()
                finally:
                    self._zip.close()


def open_writer(path: str | Path, header: Sequence[str], sheet: str = "Sheet1", text_columns=None):
    """A .csv or .xlsx writer by extension, with writerow/writerows/close (and abort: close and
    delete the file). `text_columns` (indexes) limits the CSV formula guard to the columns that
    can hold typed text."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext == ".csv":
        return _CsvWriter(p, header, text_columns)
    if ext == ".xlsx":
        return _XlsxWriter(p, header, sheet)
    raise UsageError(f"{p.name}: can only write .csv or .xlsx (got {ext or 'no extension'!r})")


def csv_to_xlsx(src: Path, dest: Path, sheet: str = "Sheet1") -> None:
    with open(src, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        w = _XlsxWriter(dest, header, sheet)
        try:
            w.writerows([v if v != "" else None for v in row] for row in reader)
        except BaseException:
            w.abort()
            raise
        w.close()
