"""The .xlsx writer: hand-written (zipfile + streamed sheet XML with inline strings), because
xlsxwriter's constant-memory mode tops out at about 10,000 rows/s here. The sheet is deflated in a
background thread: zlib releases the GIL, so compression runs on a second core while the main
thread builds the next block. Rows arrive a block at a time, column by column, as in writers.py;
every text cell is written as a string, so Excel never runs a formula.

The sheet looks like one a colleague made by hand: the header row bold and frozen, an autofilter
over it, column widths fitted to the first block of rows (a sample: the file is never held;
CJK characters count double), real Excel dates (`yyyy-mm-dd`, `yyyy-mm-dd hh:mm:ss`), amounts as
`#,##0.00`, and no "number stored as text" flags on ids and phones kept as text. A sheet people
fill in can offer drop-down lists (data validation) on its fill-in columns; a workbook can hold
several sheets (`next_sheet`), each streamed in turn.

How a column is written is declared, not guessed from its text: each column has a kind
(privcli.io.blocks.KINDS). "text" is always a text cell (a phone or an id stays text even when it
is all digits); "integer", "number" and "money" are numbers; "date" and "datetime" are Excel
serial numbers with a date format, made from date/datetime objects or ISO text ("2026-12-01",
"2026-12-01 10:00:00"). A value a typed column cannot hold as its kind (a masked birthday
"1990-**-**" in a date column) is written as text. A column without a declared kind is written
by each value's Python type (str text, int/float number, Decimal money, date/datetime dates).
"""

from __future__ import annotations

import contextlib
import math
import operator
import queue
import re
import threading
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import chain, repeat
from pathlib import Path

from privcli.base.errors import PrivcliError
from privcli.base.messages import t
from privcli.io.blocks import BlockWriter, check_kinds
from privcli.io.files import Target, open_target

MAX_XLSX_ROWS = 1_048_576  # per sheet, header included (Excel's limit)
_MAX_CELL_TEXT = 32_767  # characters in a cell (Excel's limit; longer text is cut, as xlsxwriter)
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_ESCAPE_LIKE = re.compile("_x[0-9A-Fa-f]{4}_")  # Excel would decode it: escape its "_"
# cell styles (cellXfs in styles.xml)
_HEADER_STYLE, _MONEY_STYLE, _DATE_STYLE, _DATETIME_STYLE = 1, 2, 3, 4
_NUMBER_STYLE = {"money": f' s="{_MONEY_STYLE}"', "integer": "", "number": ""}
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_STATIC_PARTS = {
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
    # cell styles: 0 default, 1 bold (header), 2 money (built-in format 4: #,##0.00),
    # 3 date (yyyy-mm-dd), 4 date and time (yyyy-mm-dd hh:mm:ss)
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_NS_MAIN}">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
        '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
        '<scheme val="minor"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
        '<family val="2"/><scheme val="minor"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="5">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        "</cellStyles></styleSheet>"
    ),
}


def _content_types(sheets: int) -> str:
    """[Content_Types].xml for a workbook of `sheets` sheets (written last: a writer may add
    sheets as it goes)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_CT}.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f"{overrides}"
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/></Types>'
    )


def _workbook_rels(sheets: int) -> str:
    """xl/_rels/workbook.xml.rels: sheet n is rId n, the styles come after them."""
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_NS_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        f'<Relationships xmlns="{_NS_PKG_REL}">{rels}'
        f'<Relationship Id="rId{sheets + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


# row 1 frozen: the pane below it scrolls, the header stays
_SHEET_VIEWS = (
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
    'sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
)


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


# -- dates ----------------------------------------------------------------------------------------
# Excel counts days from 1899-12-30 (serial 1 = 1900-01-01), but for its 1900 leap-year bug
# (it believes in 1900-02-29): serials before 1900-03-01 are ambiguous, so such dates stay text.
_EPOCH = date(1899, 12, 30).toordinal()
_FIRST_DAY = date(1900, 3, 1)
_EPOCH_MOMENT = datetime(1899, 12, 30)
_FIRST_SERIAL = 61.0  # 1900-03-01
_ONE_DAY = timedelta(days=1)


def _day_serial(v) -> str | None:
    """Excel's serial number of a day (ISO text YYYY-MM-DD, a date, a datetime at midnight) as
    text, or None when `v` is not one."""
    if v.__class__ is str:
        if len(v) != 10 or v[4] != "-" or v[7] != "-" or not v.isascii():
            return None
        try:
            d = date.fromisoformat(v)
        except ValueError:
            return None
    elif isinstance(v, datetime):
        if v.tzinfo is not None or v.hour or v.minute or v.second or v.microsecond:
            return None
        d = v.date()
    elif isinstance(v, date):
        d = v
    else:
        return None
    return str(d.toordinal() - _EPOCH) if d >= _FIRST_DAY else None


def _datetime_serial(v) -> str | None:
    """Excel's serial number of a moment as text (days and the fraction of a day, the shortest
    text of the double nearest to the exact moment), or None. A moment is a naive datetime, a
    date (its midnight), or text datetime.fromisoformat reads ("2026-12-01 10:00:00",
    "2026-12-01T10:00", "2026-12-01"; not one with a UTC offset: times are wall-clock)."""
    if v.__class__ is str:
        try:
            d = datetime.fromisoformat(v)
        except ValueError:
            return None
    elif isinstance(v, datetime):
        d = v
    elif isinstance(v, date):
        d = datetime(v.year, v.month, v.day)
    else:
        return None
    if d.tzinfo is not None:
        return None
    serial = (d - _EPOCH_MOMENT) / _ONE_DAY
    return repr(serial) if serial >= _FIRST_SERIAL else None


_MEMO_MAX = 100_000  # days remembered (a century is 36,525 of them)


class _Serials:
    """Date and datetime columns to serial texts, a block at a time, at C speed for the common
    case. Per value: the serial text, "" for an empty value (no cell), or False for a value that
    is not a date (written as text).

    Days are looked up in a memo (a million birthdays hold a few tens of thousands of days, and
    a masked birthday "1990-**-**" is remembered as not a date). Moments are computed, not
    remembered: a chain of C-level maps (fromisoformat, minus the epoch, divided by a day, repr)
    costs less than looking up tens of thousands of times of day in a memo that does not stay in
    the CPU cache while the deflate thread runs beside it (measured: 0.8 s against 1.2 s for a
    million)."""

    def __init__(self) -> None:
        self.days: dict = {None: "", "": ""}

    def _day(self, v):
        got = self.days.get(v) if v.__class__ is str or v is None else None
        if got is None:
            s = _day_serial(v)
            got = False if s is None else s
            if len(self.days) < _MEMO_MAX:
                with contextlib.suppress(TypeError):  # unhashable: not a date anyway
                    self.days[v] = got
        return got

    def dates(self, col: Sequence) -> list:
        try:
            out = list(map(self.days.get, col))
        except TypeError:  # an unhashable value: one by one
            return list(map(self._day, col))
        if None in out:  # values not seen before (or not hashable)
            for i, s in enumerate(out):
                if s is None:
                    out[i] = self._day(col[i])
        return out

    @staticmethod
    def _moment(v):
        if v is None or v == "":
            return ""
        s = _datetime_serial(v)
        return False if s is None else s

    def datetimes(self, col: Sequence) -> list:
        values = col
        empty = None in col or "" in col
        if empty:  # common (no registration time): the rest still goes the C way
            values = [v for v in col if v is not None and v != ""]
        try:
            serials = list(
                map(
                    operator.truediv,
                    map(operator.sub, map(datetime.fromisoformat, values), repeat(_EPOCH_MOMENT)),
                    repeat(_ONE_DAY),
                )
            )
        except (TypeError, ValueError):  # objects, text that is not a moment, UTC offsets
            return list(map(self._moment, col))
        if serials and min(serials) < _FIRST_SERIAL:
            return list(map(self._moment, col))
        texts = list(map(repr, serials))
        if not empty:
            return texts
        it = iter(texts)
        return [next(it) if v is not None and v != "" else "" for v in col]


# -- numbers --------------------------------------------------------------------------------------
_INT_TEXT = re.compile(r"-?(0|[1-9]\d{0,14})", re.ASCII)  # what Excel holds exactly
_DECIMAL_TEXT = re.compile(r"-?\d{1,15}(\.\d+)?", re.ASCII)
_EXACT = 10**15  # integers beyond 15 digits lose digits as Excel numbers: they stay text


def _number_text(v, kind: str) -> str | None:
    """The <v> text of a value in an integer/number/money column, or None (written as text)."""
    cls = v.__class__
    if cls is str:
        return v if (_INT_TEXT if kind == "integer" else _DECIMAL_TEXT).fullmatch(v) else None
    if cls is bool:
        return None
    if isinstance(v, int):
        return str(int(v)) if -_EXACT < v < _EXACT else None
    if isinstance(v, Decimal):
        return str(v) if v.is_finite() else None
    if isinstance(v, float):
        return repr(float(v)) if math.isfinite(v) else None
    return None


def _xlsx_cell(ref: str, v, kind: str | None = None) -> str:
    """One cell by the rules of its column's kind (see the module docstring); None and "" write
    no cell."""
    if v is None:
        return ""
    if kind is None:
        return _auto_cell(ref, v)
    if kind == "text":
        return _text_cell(ref, v if v.__class__ is str else str(v))
    if kind == "date" or kind == "datetime":
        s = (_day_serial if kind == "date" else _datetime_serial)(v)
        if s is not None:
            style = _DATE_STYLE if kind == "date" else _DATETIME_STYLE
            return f'<c r="{ref}" s="{style}"><v>{s}</v></c>'
    else:
        n = _number_text(v, kind)
        if n is not None:
            return f'<c r="{ref}"{_NUMBER_STYLE[kind]}><v>{n}</v></c>'
    return _text_cell(ref, v if v.__class__ is str else str(v))


def _auto_cell(ref: str, v) -> str:
    """A cell of a column without a declared kind, by the value's Python type: numbers as
    numbers (Decimal yuan as money), dates as dates, everything else as text (never a formula)."""
    if isinstance(v, int) and not isinstance(v, bool):
        return f'<c r="{ref}"><v>{int(v)}</v></c>'
    if isinstance(v, float) and math.isfinite(v):
        return f'<c r="{ref}"><v>{float(v)!r}</v></c>'
    if isinstance(v, Decimal) and v.is_finite():
        return f'<c r="{ref}" s="{_MONEY_STYLE}"><v>{v}</v></c>'
    if isinstance(v, datetime):
        s = _datetime_serial(v)
        if s is not None:
            return f'<c r="{ref}" s="{_DATETIME_STYLE}"><v>{s}</v></c>'
    elif isinstance(v, date):
        s = _day_serial(v)
        if s is not None:
            return f'<c r="{ref}" s="{_DATE_STYLE}"><v>{s}</v></c>'
    return _text_cell(ref, v if isinstance(v, str) else str(v))


# -- columns --------------------------------------------------------------------------------------


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


def _text_column(col: Sequence, letter: str, nums: list[str]) -> list:
    """A column of str (and None) values as text cells."""
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


def _serial_column(
    col: Sequence,
    serials: list,
    style: int,
    letter: str,
    nums: list[str],
    kind: str,
    text_only: bool,
) -> list:
    """A date/datetime column from its serial texts ("" no cell, False: the value as text);
    `text_only`: its values are all str or None."""
    if all(serials):  # every value a date: none empty (""), none text (False)
        return [f'<c r="{letter}', nums, f'" s="{style}"><v>', serials, "</v></c>"]
    if text_only and not any(serials):  # only empty values and text (masked birthdays)
        return _text_column(col, letter, nums)
    return [
        [
            f'<c r="{letter}{r}" s="{style}"><v>{s}</v></c>'
            if s
            else ""
            if s == ""
            else _xlsx_cell(letter + r, v, kind)
            for r, v, s in zip(nums, col, serials)
        ]
    ]


def _xlsx_column(
    col: Sequence, letter: str, nums: list[str], kind: str | None, serials: _Serials
) -> list:
    """One column of a block as pieces for the row assembly: constant strings, or lists with one
    string per row. The fast paths write what `_xlsx_cell` writes value by value."""
    types = set(map(type, col))
    if kind == "date" or kind == "datetime":
        text_only = types <= {str, type(None)}
        if kind == "date":
            return _serial_column(
                col, serials.dates(col), _DATE_STYLE, letter, nums, kind, text_only
            )
        return _serial_column(
            col, serials.datetimes(col), _DATETIME_STYLE, letter, nums, kind, text_only
        )
    if types == {str} or types == {str, type(None)}:
        if kind is None or kind == "text":
            return _text_column(col, letter, nums)
    elif kind == "text" and types <= {str, type(None), int, Decimal, float}:
        texts = [v if v is None or v.__class__ is str else str(v) for v in col]
        return _text_column(texts, letter, nums)
    style = _NUMBER_STYLE.get(kind, "") if kind else ""
    if types == {int} and (kind is None or (min(col) > -_EXACT and max(col) < _EXACT)):
        return [f'<c r="{letter}', nums, f'"{style}><v>', list(map(str, col)), "</v></c>"]
    numbers = kind in (None, "money", "number")
    if types == {Decimal} and numbers and all(v.is_finite() for v in col):
        style = f' s="{_MONEY_STYLE}"' if kind is None else style
        return [f'<c r="{letter}', nums, f'"{style}><v>', list(map(str, col)), "</v></c>"]
    if types == {int, type(None)} and kind is None:
        return [
            [
                f'<c r="{letter}{r}"><v>{v}</v></c>' if v is not None else ""
                for r, v in zip(nums, col)
            ]
        ]
    return [[_xlsx_cell(letter + r, v, kind) for r, v in zip(nums, col)]]


def _xlsx_rows(
    cols: Sequence[Sequence],
    first: int,
    letters: list[str],
    kinds: Sequence[str | None] = (),
    serials: _Serials | None = None,
) -> str:
    """Sheet XML for the rows given column by column, numbered from `first` (1-based)."""
    nums = list(map(str, range(first, first + len(cols[0]))))
    while len(letters) < len(cols):
        letters.append(_column_letters(len(letters)))
    serials = serials or _Serials()
    pieces: list = ['<row r="', nums, '">']
    for i, (letter, col) in enumerate(zip(letters, cols)):
        kind = kinds[i] if i < len(kinds) else None
        pieces += _xlsx_column(col, letter, nums, kind, serials)
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


# -- column widths --------------------------------------------------------------------------------
_MAX_WIDTH = 60  # long free text (reasons, tags) is cut on screen rather than pushing the rest
_MIN_WIDTH = 6


def _text_width(s: str) -> int:
    """How many narrow characters wide `s` shows: CJK and other wide characters count two; the
    longest line of a multi-line value."""
    if "\n" in s:
        return max(map(_text_width, s.split("\n")))
    if s.isascii():
        return len(s)
    wide = unicodedata.east_asian_width
    return sum(2 if wide(c) in "WF" else 1 for c in s)


def _shown_width(v, kind: str | None) -> int:
    """The width of a value as Excel shows it in a column of `kind`."""
    if v is None or v == "":
        return 0
    n = None
    if kind == "date":
        if _day_serial(v) is not None:
            return 10
    elif kind == "datetime":
        if _datetime_serial(v) is not None:
            return 19
    elif kind is None:
        if isinstance(v, datetime):
            return 19
        if isinstance(v, date):
            return 10
        if v.__class__ is not str:
            n = _number_text(v, "number")
    elif kind != "text":
        n = _number_text(v, kind)
    if n is not None:
        if kind == "money" or (kind is None and isinstance(v, Decimal)):
            return len(f"{Decimal(n):,.2f}")
        return len(n)
    return _text_width(v if v.__class__ is str else str(v))


def _column_width(header: str, values: Sequence, kind: str | None) -> float:
    """A width in Excel's units (about one digit each) that shows the header (bold, with the
    filter button) and the sampled values."""
    head = _text_width(header) * 1.1 + 3.5
    if kind in (None, "text") and all(v is None or v.__class__ is str for v in values):
        s = "\n".join(filter(None, values))
        body = (
            max(map(len, s.split("\n")), default=0)
            if s.isascii()
            else max(map(_text_width, filter(None, values)), default=0)
        )
    else:
        body = max((_shown_width(v, kind) for v in values), default=0)
    return round(min(max(head, body + 2.0, _MIN_WIDTH), _MAX_WIDTH), 1)


# -- the package ----------------------------------------------------------------------------------


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


def _check_sheet_name(sheet: str) -> None:
    if not sheet or len(sheet) > 31 or any(c in sheet for c in "[]:*?/\\") or sheet[0] == "'":
        raise ValueError(f"invalid worksheet name {sheet!r}")


def _check_validations(validations: Mapping[int, Sequence[str]] | None, width: int) -> None:
    """Drop-down lists Excel can hold: on existing columns, 1-255 characters, no quote."""
    for i, values in (validations or {}).items():
        if not 0 <= i < width:
            raise ValueError(f"validation for column {i + 1} of {width}")
        listed = ",".join(map(str, values))
        if not values or '"' in listed or len(listed) > 255:
            raise ValueError(f"a list validation takes 1-255 characters, no quote: {listed!r}")


def _xml_attr(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class XlsxWriter(BlockWriter):
    """A workbook streamed to disk, one sheet at a time, looking made by hand (see the module
    docstring).

    `kinds`: one column kind per header column (privcli.io.blocks.KINDS), or None for a column
    written by its values' Python types; `validations`: column index → the values a cell of
    that column may take, offered as a drop-down list under the header (a sheet people fill in:
    是/否); `private`: the file is created 0600 (personal data). `next_sheet` ends the sheet
    being written and starts another (one per store): rows are still streamed, each sheet's
    widths fitted to its own first block."""

    def __init__(
        self,
        path: str | Path,
        header: Sequence[str],
        sheet: str = "Sheet1",
        kinds: Sequence[str | None] | None = None,
        *,
        validations: Mapping[int, Sequence[str]] | None = None,
        private: bool = False,
        target: Target | None = None,
    ):
        super().__init__()
        _check_sheet_name(sheet)
        check_kinds(list(kinds) if kinds else [None] * len(header), len(header))
        _check_validations(validations, len(header))
        self._target = target or open_target(path, private=private)
        self.path = self._target.path
        self._serials = _Serials()
        self._closed = False
        self._done: list[tuple[str, str | None]] = []  # finished sheets: (name, filter range)
        try:
            self._zip = zipfile.ZipFile(
                self._target.stream, "w", zipfile.ZIP_DEFLATED, compresslevel=1
            )
            for name, xml in _STATIC_PARTS.items():
                self._zip.writestr(name, _XML_DECL + xml)
            self._start_sheet(sheet, header, kinds, validations)
        except BaseException:
            self._target.discard()
            raise

    def _start_sheet(
        self,
        name: str,
        header: Sequence[str],
        kinds: Sequence[str | None] | None,
        validations: Mapping[int, Sequence[str]] | None,
    ) -> None:
        self._header = [str(h) for h in header]
        self._kinds: list[str | None] = list(kinds) if kinds else [None] * len(self._header)
        check_kinds(self._kinds, len(self._header))
        self._validations = dict(validations or {})
        self._sheet_name = name
        self._sheet = self._zip.open(f"xl/worksheets/sheet{len(self._done) + 1}.xml", "w")
        self._out = _Deflater(self._sheet)
        self._letters = [_column_letters(i) for i in range(len(self._header))]
        self._head_written = False
        self._next = 2  # next sheet row number

    def next_sheet(
        self,
        name: str,
        header: Sequence[str] | None = None,
        kinds: Sequence[str | None] | None = None,
        *,
        validations: Mapping[int, Sequence[str]] | None = None,
    ) -> None:
        """End the current sheet and write the rows that follow to a new sheet `name` (unique,
        case ignored, as Excel wants), with the current header, kinds and validations unless
        others are given."""
        _check_sheet_name(name)
        taken = {n.casefold() for n, _ in self._done} | {self._sheet_name.casefold()}
        if name.casefold() in taken:
            raise ValueError(f"worksheet name {name!r} is already used")
        if header is None:
            header, kinds = self._header, kinds or self._kinds
            validations = self._validations if validations is None else validations
        check_kinds(list(kinds) if kinds else [None] * len(header), len(header))
        _check_validations(validations, len(header))
        self._flush()
        self._end_sheet()
        self._start_sheet(name, header, kinds, validations)

    def _end_sheet(self) -> None:
        """The current sheet's tail (filter, drop-down lists), its part closed."""
        try:
            if not self._head_written:
                self._write_head(())
            self._out.write(self._sheet_tail().encode())
        finally:
            try:
                self._out.close()  # waits for the deflate thread; raises its error
            finally:
                self._sheet.close()
        ref = None
        if self._header:
            quoted = self._sheet_name.replace("'", "''")
            ref = f"'{quoted}'!$A$1:${self._letters[-1]}${self._next - 1}"
        self._done.append((self._sheet_name, ref))

    def _write_head(self, sample: Sequence[Sequence]) -> None:
        """The sheet's start: frozen header, column widths fitted to the header and `sample` (the
        first block of rows, column by column), and the header row."""
        self._head_written = True
        cols = ""
        if self._header:
            widths = [
                _column_width(h, sample[i] if i < len(sample) else (), self._kinds[i])
                for i, h in enumerate(self._header)
            ]
            cols = "".join(
                f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                for i, w in enumerate(widths, 1)
            )
            cols = f"<cols>{cols}</cols>"
        head = "".join(
            _text_cell(f"{letter}1", h, f' s="{_HEADER_STYLE}"')
            for letter, h in zip(self._letters, self._header)
        )
        self._out.write(
            f'{_XML_DECL}<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">{_SHEET_VIEWS}'
            f'{cols}<sheetData><row r="1">{head}</row>'.encode()
        )

    def _check_room(self, n: int) -> None:
        if self._next + n - 1 > MAX_XLSX_ROWS:
            raise PrivcliError(
                t("io.too_many_rows", limit=MAX_XLSX_ROWS - 1), hint=t("io.too_many_rows_hint")
            )

    def _write_columns(self, cols: Sequence[Sequence]) -> None:
        n = len(cols[0])
        self._check_room(n)
        if not self._head_written:
            self._write_head(cols)
        xml = _xlsx_rows(cols, self._next, self._letters, self._kinds, self._serials)
        self._next += n
        self._out.write(xml.encode("utf-8"))

    def _write_ragged(self, rows: list[Sequence]) -> None:
        self._check_room(len(rows))
        if not self._head_written:
            width = len(self._header)
            self._write_head([[r[i] if i < len(r) else None for r in rows] for i in range(width)])
        kinds = self._kinds
        xml = "".join(
            f'<row r="{r}">'
            + "".join(
                _xlsx_cell(_column_letters(i) + str(r), v, kinds[i] if i < len(kinds) else None)
                for i, v in enumerate(row)
            )
            + "</row>"
            for r, row in enumerate(rows, self._next)
        )
        self._next += len(rows)
        self._out.write(xml.encode("utf-8"))

    def _sheet_tail(self) -> str:
        """After the rows: the autofilter over the header (and the rows under it), the
        drop-down lists, and no "number stored as text" flags (ids and phones are text on
        purpose). In the order the schema wants them."""
        if not self._header:
            return "</sheetData></worksheet>"
        last_col, last_row = self._letters[-1], self._next - 1
        tail = f'</sheetData><autoFilter ref="A1:{last_col}{last_row}"/>'
        tail += self._data_validations(max(last_row, 2))
        if last_row >= 2:
            tail += (
                f'<ignoredErrors><ignoredError sqref="A2:{last_col}{last_row}" '
                'numberStoredAsText="1"/></ignoredErrors>'
            )
        return tail + "</worksheet>"

    def _data_validations(self, last_row: int) -> str:
        """<dataValidations>: each listed column's cells under the header take one of its values
        (Excel's list validation: a drop-down, anything else refused with an error box)."""
        items = []
        for i, values in sorted(self._validations.items()):
            listed = ",".join(map(str, values))
            letter = self._letters[i]
            items.append(
                '<dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                f'sqref="{letter}2:{letter}{last_row}"><formula1>"{_xml_attr(listed)}"'
                "</formula1></dataValidation>"
            )
        if not items:
            return ""
        return f'<dataValidations count="{len(items)}">{"".join(items)}</dataValidations>'

    def _workbook(self) -> str:
        """workbook.xml, written last: the sheets and their autofilters' ranges are known only
        then."""
        sheets = "".join(
            f'<sheet name="{_xml_attr(name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, (name, _) in enumerate(self._done, 1)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
            f"{_xml_attr(ref)}</definedName>"
            for n, (_, ref) in enumerate(self._done)
            if ref is not None
        )
        if names:
            names = f"<definedNames>{names}</definedNames>"
        return (
            f'{_XML_DECL}<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><bookViews>'
            f"<workbookView/></bookViews><sheets>{sheets}</sheets>{names}</workbook>"
        )

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            try:
                self._flush()
            finally:
                self._end_sheet()
            n = len(self._done)
            self._zip.writestr("[Content_Types].xml", _XML_DECL + _content_types(n))
            self._zip.writestr("xl/_rels/workbook.xml.rels", _XML_DECL + _workbook_rels(n))
            self._zip.writestr("xl/workbook.xml", self._workbook())
            self._zip.close()
        except BaseException:
            self._target.discard()
            raise
        self._target.commit()

    def abort(self) -> None:
        """Stop writing; the file never appears (an older file of that name stays as it was)."""
        self._pending = []
        if not self._closed:
            self._closed = True
            try:
                self._out.close()
                self._sheet.close()
                self._zip.close()
            except BaseException:  # the caller is already reporting an error
                pass
        self._target.discard()
