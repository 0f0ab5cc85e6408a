"""The .xlsx writer: hand-written (zipfile + streamed sheet XML with inline strings), because
xlsxwriter's constant-memory mode tops out at about 10,000 rows/s here. The sheet is deflated in a
background thread: zlib releases the GIL, so compression runs on a second core while the main
thread builds the next block. Rows arrive a block at a time, column by column, as in writers.py;
every text cell is written as a string, so Excel never runs a formula.
"""

from __future__ import annotations

import math
import queue
import re
import threading
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from itertools import chain, repeat
from pathlib import Path

from privcli.base.errors import PrivcliError
from privcli.io.blocks import BlockWriter

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
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_NS_PKG_REL}"><Relationship Id="rId1" Type="{_NS_REL}/'
        'officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/></Relationships>'
    ),
    # the creator tells a later privcli run the file is its own (privcli/base/paths.py)
    "docProps/core.xml": (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:creator>privcli</dc:creator></cp:coreProperties>"
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
        return [
            [
                f'<c r="{letter}{r}" t="inlineStr"><is><t>{v}</t></is></c>' if v else ""
                for r, v in zip(nums, col)
            ]
        ]
    if kinds == {int}:
        return [f'<c r="{letter}', nums, '"><v>', list(map(str, col)), "</v></c>"]
    if kinds == {int, type(None)}:
        return [
            [
                f'<c r="{letter}{r}"><v>{v}</v></c>' if v is not None else ""
                for r, v in zip(nums, col)
            ]
        ]
    if kinds == {Decimal} and all(v.is_finite() for v in col):
        return [
            f'<c r="{letter}',
            nums,
            f'" s="{_MONEY_STYLE}"><v>',
            list(map(str, col)),
            "</v></c>",
        ]
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
    return "".join(
        chain.from_iterable(zip(*[repeat(p) if isinstance(p, str) else p for p in merged]))
    )


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


class XlsxWriter(BlockWriter):
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
