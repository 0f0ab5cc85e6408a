"""Streaming .xlsx reader: standard library only (zipfile, re, ElementTree), flat memory.

python-calamine (readers.py) loads a whole sheet before the first row comes out, about 1.2 KB of
memory per 12-column row. This module reads the sheet's XML part from the zip in 256 KB pieces and
yields each row as soon as it is complete, so memory does not grow with the sheet. What it holds:
the shared-strings table as a Python list (a workbook with millions of *distinct* strings holds
them all: that table is global to the workbook, any row may use any entry), the date styles, and
one piece of XML.

It yields exactly what readers.py yields on the calamine path (tests/test_readers.py compares the
two on tricky workbooks), i.e. what python-calamine 0.9 makes of each cell:

* numbers are float, also integral ones (calamine never gives int for .xlsx)
* a number whose style is a date format (built-in ids 14-22, 27-36, 45, 47, 50-58 or a custom
  format with date tokens, see `format_kind`) is a `time` when < 1, a `date` when integral, a
  `datetime` otherwise (milliseconds, rounded); a duration format ([h]:mm, id 46) gives a
  `timedelta`; 1904 workbooks are shifted; a serial outside years 1-9999 stays a float
* booleans are bool; error cells (#N/A, #DIV/0!, ...) are ""; t="d" ISO dates give date, datetime
  or time (else the text)
* text from shared strings, inline strings and formula results; `<t>` text is trimmed unless it
  has xml:space="preserve" (calamine does), rich-text runs are concatenated, phonetic runs
  (<rPh>) dropped, _xHHHH_ escapes decoded
* row numbers are sheet row numbers; cell i is column i (A = 0); cells with no value in the
  middle of a row are "", trailing ones are dropped; blank rows before and between data rows come
  as [], blank rows after the last data row do not come at all.

How it is fast: the common cell shapes written by Excel, WPS, openpyxl, xlsxwriter and privcli's
own exporters are matched by one regular expression, applied to a row at a time (`_compile`); a row
holding anything else (attributes in another order, rich text, CDATA, comments, cells without
positions, values that do not convert) is parsed by ElementTree instead, which handles any
well-formed XML. Both give the same cells: the fast path is only a shortcut.

Known differences from calamine, all on files Excel does not write: rows are yielded in file order
(calamine sorts them by number); a cell is placed in its <row> element (calamine trusts the
cell's own reference); values calamine refuses (an unknown error code, t="b" with 2, a t="n" cell
whose value is not a number, a duration beyond 2.7 million years) do not abort the sheet here (the
text or the number is kept, errors give ""); CDATA in a formula's text result is kept (calamine
drops it).
"""

from __future__ import annotations

import codecs
import math
import posixpath
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from privcli.errors import PrivcliError

# Decompressed XML read at a time. 256 KB reads as fast as 1 MB (measured) and holds a quarter of
# the memory (about 4 MB at the peak: the piece, its text and its rows).
CHUNK = 1 << 18

REL_SST = "/sharedStrings"
REL_STYLES = "/styles"
REL_OFFICE_DOC = "/officeDocument"

# Python 3.11+ has possessive quantifiers; they make the row regex about a third faster. The
# patterns below never need to backtrack into these quantifiers, so both forms match alike.
_P = "+" if sys.version_info >= (3, 11) else ""

OTHER, DATETIME, DURATION = 0, 1, 2
_EMPTY = object()  # a cell with no value: not part of the sheet's used range (calamine: Empty)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# -- number formats (what calamine's formats.rs decides) --------------------------------------------
_BUILTIN_KIND = {i: DATETIME for i in (*range(14, 23), *range(27, 37), 45, 47, *range(50, 59))}
_BUILTIN_KIND[46] = DURATION


def format_kind(code: str) -> int:
    """DATETIME if a custom number format shows a date or time, DURATION for elapsed time ([h],
    [mm], [ss]), else OTHER. Only the first section counts; text in quotes or after \\ _ *, and
    [colour]/[$-locale] brackets, are not tokens; 'General' and 'e' are not dates."""
    escaped = quoted = False
    brackets = 0
    prev = " "
    hms = ap = False
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":
            escaped = True
        elif quoted:
            if ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return OTHER
        elif ch == "[":
            brackets += 1
        elif ch == "]" and brackets == 1 and hms:
            return DURATION
        elif ch == "]":
            brackets = max(brackets - 1, 0)
        elif ch in "aA" and not ap and brackets == 0:
            ap = True
        elif brackets == 0 and (ch in "pm/PM" if ap else ch in "dmhysDMHYS"):
            return DATETIME
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in "mhsMHS"
        prev = ch
    return OTHER


# -- cell values -----------------------------------------------------------------------------------
_EPOCH = datetime(1899, 12, 30)
_MS_PER_DAY = 86_400_000.0
_DAYS_1904 = 1462.0
_DATE_RANGE = 96_000_000.0  # days; further than this calamine's date arithmetic gives up


def _round_half_away(x: float) -> int:
    """Rust's f64::round (halves away from zero); NaN gives 0 like Rust's `as i64`."""
    if x != x:
        return 0
    if x < 0:
        return -_round_half_away(-x)
    r = math.floor(x)
    return r + 1 if x - r >= 0.5 else r


def excel_serial(v: float, kind: int, date1904: bool):
    """A number in a date-formatted cell, converted as python-calamine 0.9 does."""
    try:
        if kind == DURATION:
            return timedelta(milliseconds=_round_half_away(v * _MS_PER_DAY))
        f = v + _DAYS_1904 if date1904 else v
        if f < 60.0:
            f += 1.0  # Excel's phantom 1900-02-29: serials before it are one day off
        if v < 1.0:
            if not f > -_DATE_RANGE:  # (NaN too)
                return v
            ms = _round_half_away(f * _MS_PER_DAY) % 86_400_000
            return time(ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60, ms % 1000 * 1000)
        if v.is_integer():
            return (_EPOCH + timedelta(days=f)).date()
        return _EPOCH + timedelta(milliseconds=_round_half_away(f * _MS_PER_DAY))
    except (OverflowError, ValueError):
        return v  # outside years 1-9999 (or not finite): calamine gives the float


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|infinity|nan)", re.I)
_ISO_DATETIME = re.compile(
    r"\s*\+?(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?"
)
_ISO_DATE = re.compile(r"\s*\+?(\d{4})-(\d{1,2})-(\d{1,2})\s*")
_ISO_TIME = re.compile(r"\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?\s*")


def _micro(frac: str | None) -> int:
    return int((frac or "0")[:6].ljust(6, "0"))


def iso_value(v: str):
    """A t="d" cell: date, datetime or time like calamine, else the text itself."""
    try:
        if "T" in v:
            m = _ISO_DATETIME.fullmatch(v)
            if m:
                y, mo, d, h, mi, s, frac = m.groups()
                return datetime(
                    int(y), int(mo), int(d), int(h), int(mi), min(int(s), 59), _micro(frac)
                )
        elif ":" in v:
            m = _ISO_TIME.fullmatch(v)
            if m:
                h, mi, s, frac = m.groups()
                return time(int(h), int(mi), min(int(s or 0), 59), _micro(frac))
        else:
            m = _ISO_DATE.fullmatch(v)
            if m:
                return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    return v


_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_XESC = re.compile(r"_x([0-9a-fA-F]{4})_")
_XML_SPACE = " \t\r\n"


def _entity(m: re.Match) -> str:
    e = m[1]
    if e[0] != "#":
        return _ENTITIES[e]
    return chr(int(e[2:], 16) if e[1] == "x" else int(e[1:]))


def _unxesc(s: str) -> str:
    """Excel's _xHHHH_ escapes (_x000D_ is a carriage return, _x005F_ an underscore)."""
    return _XESC.sub(lambda m: chr(int(m[1], 16)), s) if "_x" in s else s


def _raw_text(s: str) -> str:
    """Character data as it stands in the XML → its value: line ends, then entities."""
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _ENTITY.sub(_entity, s) if "&" in s else s


def _t_text(raw: str, preserve: bool) -> str:
    """One <t> element as calamine reads it (shared and inline strings)."""
    s = _raw_text(raw)
    return _unxesc(s if preserve else s.strip(_XML_SPACE))


def _string_item(el: ET.Element) -> str:
    """<si> or <is>: its <t>, or the <t> of its rich-text runs <r>; phonetic <rPh> is dropped."""
    parts = []
    for child in el:
        name = _local(child.tag)
        if name == "t":
            parts.append(child)
        elif name == "r":
            parts.extend(t for t in child if _local(t.tag) == "t")
    out = []
    for t in parts:
        preserve = t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
        s = t.text or ""  # ElementTree has resolved entities and line ends already
        out.append(s if preserve else s.strip(_XML_SPACE))
    return _unxesc("".join(out))


# -- the workbook ----------------------------------------------------------------------------------
class XlsxBook:
    """An .xlsx file opened for streaming: its sheets, and where their parts are in the zip."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.zf = zipfile.ZipFile(self.path)
            self._names = {i.filename.replace("\\", "/").lower(): i for i in self.zf.infolist()}
            wb_part = self._office_document()
            rels = self._rels(wb_part)
            root = self._xml(wb_part)
        except PrivcliError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ET.ParseError, KeyError) as e:
            raise PrivcliError(f"{self.path.name}: cannot read as .xlsx ({e})") from e
        self.date1904 = False
        self.sheets: list[tuple[str, str | None]] = []  # (name, part) in workbook order
        for el in root.iter():
            name = _local(el.tag)
            if name == "workbookPr":
                self.date1904 = (el.get("date1904") or "").lower() in ("1", "true")
            elif name == "sheet":
                rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
                typ, part = rels.get(rid, ("", None))
                self.sheets.append((el.get("name") or "", part))
        if not self.sheets:
            raise PrivcliError(
                f"{self.path.name}: cannot read as .xlsx (the workbook lists no sheets)"
            )
        by_type = {typ.rsplit("/", 1)[-1]: part for typ, part in rels.values()}
        self.sst_part = by_type.get(REL_SST[1:]) or self._default("xl/sharedStrings.xml")
        self.styles_part = by_type.get(REL_STYLES[1:]) or self._default("xl/styles.xml")

    # zip parts -------------------------------------------------------------------------------
    def _info(self, part: str) -> zipfile.ZipInfo | None:
        return self._names.get(part.lstrip("/").lower())

    def _default(self, part: str) -> str | None:
        return part if self._info(part) else None

    def _xml(self, part: str) -> ET.Element:
        info = self._info(part)
        if info is None:
            raise PrivcliError(f"{self.path.name}: cannot read as .xlsx (part {part} is missing)")
        return ET.fromstring(self.zf.read(info))

    def _office_document(self) -> str:
        if self._info("_rels/.rels"):
            for typ, part in self._rels("").values():
                if typ.endswith(REL_OFFICE_DOC) and part and self._info(part):
                    return part
        return "xl/workbook.xml"

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, target part name) for a part."""
        folder, base = posixpath.split(part)
        info = self._info(posixpath.join(folder, "_rels", base + ".rels"))
        if info is None:
            return {}
        out = {}
        for el in ET.fromstring(self.zf.read(info)):
            target = (el.get("Target") or "").replace("\\", "/")
            if el.get("TargetMode") == "External" or not target:
                continue
            target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            out[el.get("Id") or ""] = (el.get("Type") or "", posixpath.normpath(target))
        return out

    @property
    def sheet_names(self) -> list[str]:
        return [name for name, _ in self.sheets]

    def part_of(self, sheet: str) -> zipfile.ZipInfo:
        part = dict(self.sheets).get(sheet)
        info = self._info(part) if part else None
        if info is None:
            raise PrivcliError(
                f"{self.path.name}: the data of sheet {sheet!r} is missing from the file "
                f"({part or 'no part'}); the file is damaged or was not written completely",
                hint="open it in Excel or WPS and save it again, then import that file",
            )
        return info

    def xml_bytes(self, sheet: str) -> tuple[int, int]:
        """Uncompressed sizes of the sheet's XML and of the shared-strings XML (zip directory)."""
        sst = self._info(self.sst_part) if self.sst_part else None
        return self.part_of(sheet).file_size, sst.file_size if sst else 0

    def dimension_cells(self, sheet: str) -> int | None:
        """Cells in the sheet's <dimension ref="A1:L200001"> (the grid calamine would allocate),
        from the first 64 KB of its XML; None when there is none or it is a single cell."""
        try:
            with self.zf.open(self.part_of(sheet)) as f:
                head = f.read(1 << 16).decode("utf-8", "replace")
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            return None
        m = re.search(
            r'<(?:[\w.-]+:)?dimension\b[^>]*?\sref="\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)"', head
        )
        if m is None:
            return None
        rows = abs(int(m[4]) - int(m[2])) + 1
        return rows * (abs(col_index(m[3]) - col_index(m[1])) + 1)

    def close(self) -> None:
        self.zf.close()

    # reading ---------------------------------------------------------------------------------
    def rows(self, sheet: str) -> Iterator[tuple[int, list]]:
        """(sheet row number, cells) for every row, streaming. Opening errors surface here, read
        errors (damaged zip data, malformed XML) when the row they are in is reached."""
        info = self.part_of(sheet)
        return self._guard(_SheetReader(self, info, sheet).rows())

    def _guard(self, it: Iterator) -> Iterator:
        try:
            yield from it
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            UnicodeDecodeError,
            ET.ParseError,
        ) as e:
            raise PrivcliError(
                f"{self.path.name}: the file is damaged, reading stopped ({e})",
                hint="open it in Excel or WPS and save it again, then import that file",
            ) from e
        finally:
            self.zf.close()

    def _text_chunks(self, info: zipfile.ZipInfo) -> Iterator[str]:
        with self.zf.open(info) as f:
            head = f.read(CHUNK)
            if head.startswith(codecs.BOM_UTF8):
                enc = "utf-8-sig"
            elif head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                enc = "utf-16"
            else:
                enc = "utf-8"
            dec = codecs.getincrementaldecoder(enc)()
            data = head
            while data:
                yield dec.decode(data)
                data = f.read(CHUNK)
            yield dec.decode(b"", final=True)

    def shared_strings(self) -> list[str]:
        """The whole shared-strings table, in order (held in memory: see the module docstring)."""
        info = self._info(self.sst_part) if self.sst_part else None
        if info is None:
            return []
        out: list[str] = []
        append = out.append
        chunks = self._text_chunks(info)
        buf = ""
        for text in chunks:
            buf += text
            m = re.search(r"<(?:([\w.-]+):)?sst\b[^>]*>", buf)
            if m is not None:
                break
        else:
            return out
        if m[0].endswith("/>"):
            return out
        pre = m[1] + ":" if m[1] else ""
        head, si_end, si_tag = m[0], f"</{pre}si>", f"<{pre}si"
        fast = re.compile(
            rf'\s*<{pre}si><{pre}t( xml:space="preserve")?>([^<]*{_P})</{pre}t>'
        ).fullmatch

        def slow(fragment: str) -> None:
            i = fragment.find(si_tag)
            if i >= 0:
                root = ET.fromstring(head + fragment[i:] + f"</{pre}sst>")
                out.extend(_string_item(el) for el in root if _local(el.tag) == "si")

        buf = buf[m.end() :]
        while True:
            cut = buf.rfind(si_end)
            if cut >= 0:
                pieces = buf[:cut].split(si_end)
                buf = buf[cut + len(si_end) :]
                for piece in pieces:
                    m = fast(piece)
                    if m is None:
                        slow(piece + si_end)
                        continue
                    s = m[2]
                    if s and (
                        "&" in s
                        or "\r" in s
                        or "_x" in s
                        or s[0] in _XML_SPACE
                        or s[-1] in _XML_SPACE
                    ):
                        s = _t_text(s, m[1] is not None)
                    append(s)
            text = next(chunks, None)
            if text is None:
                break
            buf += text
        # what is left: </sst>, and any <si/> written self-closed after the last </si>
        end = buf.rfind(f"</{pre}sst>")
        slow(buf[:end] if end >= 0 else buf)
        return out

    def date_styles(self) -> dict[str, int]:
        """Cell style index (the s attribute, as text) → DATETIME/DURATION, for date styles only."""
        info = self._info(self.styles_part) if self.styles_part else None
        if info is None:
            return {}
        root = ET.fromstring(self.zf.read(info))
        custom: dict[int, str] = {}
        kinds: dict[str, int] = {}
        for el in root:
            name = _local(el.tag)
            if name == "numFmts":
                for f in el:
                    fid = f.get("numFmtId") or ""
                    if fid.isdigit():
                        custom[int(fid)] = f.get("formatCode") or ""
            elif name == "cellXfs":
                for i, xf in enumerate(e for e in el if _local(e.tag) == "xf"):
                    try:
                        fid = int(xf.get("numFmtId") or "0")
                    except ValueError:
                        fid = 0
                    kind = format_kind(custom[fid]) if fid in custom else _BUILTIN_KIND.get(fid, 0)
                    if kind:
                        kinds[str(i)] = kind
        return kinds


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_COLS: dict[str, int] = {a: i for i, a in enumerate(_LETTERS)}
_COLS.update(
    {a + b: 26 + i * 26 + j for i, a in enumerate(_LETTERS) for j, b in enumerate(_LETTERS)}
)


def col_index(letters: str) -> int:
    """ "A" → 0, "AB" → 27."""
    i = _COLS.get(letters)
    if i is None:
        i = 0
        for ch in letters:
            i = i * 26 + ord(ch) - 64
        i -= 1
        if len(_COLS) < 20_000:
            _COLS[letters] = i
    return i


_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d*)")


class _SheetReader:
    def __init__(self, book: XlsxBook, info: zipfile.ZipInfo, sheet: str):
        self.book = book
        self.info = info
        self.sheet = sheet
        self.date1904 = book.date1904

    def _error(self, what: str) -> PrivcliError:
        return PrivcliError(
            f"{self.book.path.name}: sheet {self.sheet!r}: {what}",
            hint="open it in Excel or WPS and save it again, then import that file",
        )

    # the exact path: one row (or a few) parsed by ElementTree ----------------------------------
    def _value(self, c: ET.Element, t: str | None, s: str | None, ref: str):
        value = _EMPTY
        for child in c:
            name = _local(child.tag)
            if name == "is":
                value = _string_item(child)
            elif name == "v":
                value = self._v(t, s, child.text or "", ref) if t != "inlineStr" else _EMPTY
            elif name == "f":
                value = _EMPTY  # a formula without its cached value
        return value

    def _v(self, t: str | None, s: str | None, v: str, ref: str):
        if t is None or t == "n":
            if not v:
                return _EMPTY
            if _NUMBER.fullmatch(v):
                x = float(v)
                kind = self.kinds.get(s) if s is not None else None
                return excel_serial(x, kind, self.date1904) if kind else x
            return v  # calamine: text when there is no type (an error when t="n")
        if t == "s":
            if not v:
                return _EMPTY
            try:
                return self.sst[int(v)]
            except (ValueError, IndexError):
                raise self._error(
                    f"cell {ref} points to shared string {v}, the file has {len(self.sst)}"
                ) from None
        if t == "str":
            return _unxesc(v)
        if t == "b":
            return v != "0" if v else _EMPTY
        if t == "e":
            return ""
        if t == "d":
            return iso_value(v)
        return v

    def _slow(self, fragment: str, prev: int) -> list[tuple[int, list, bool]]:
        """Rows in an XML fragment (one or more complete <row> elements): (row number, cells,
        has a value), numbering rows without an r attribute after `prev`."""
        try:
            root = ET.fromstring(self.root_tag + fragment + self.root_end)
        except ET.ParseError as e:
            raise self._error(f"malformed XML after row {prev} ({e})") from e
        out = []
        for row in root:
            if _local(row.tag) != "row":
                continue
            r = row.get("r")
            rn = int(r) if r and r.isdigit() else 0
            cells: list = []
            present = False
            col = -1
            for c in row:
                if _local(c.tag) != "c":
                    continue
                ref = c.get("r")
                m = _REF.fullmatch(ref) if ref else None
                if m:
                    col = col_index(m[1].upper())
                    if not rn and m[2]:
                        rn = int(m[2])
                else:
                    col += 1
                value = self._value(c, c.get("t"), c.get("s"), ref or f"#{col + 1}")
                if value is _EMPTY:
                    value = ""
                else:
                    present = True
                if col >= len(cells):
                    cells.extend([""] * (col + 1 - len(cells)))
                cells[col] = value
            rn = rn or prev + 1
            while cells and cells[-1] == "":
                cells.pop()
            out.append((rn, cells, present))
            prev = rn
        return out

    # the fast path -------------------------------------------------------------------------
    def _compile(self, pre: str) -> None:
        """The row regex, for element names with namespace prefix `pre` ("" or e.g. "x:").

        One match per cell, in the shapes Excel, WPS, openpyxl, xlsxwriter and privcli's own
        exporters write (attributes r, s, t in that order). The last alternative matches any other
        tag: a row where it matches anything (another cell shape, rich text, CDATA, a comment, a
        second <row>) goes to the exact path, so no cell is ever skipped unnoticed."""
        p = _P
        f = rf"(?:<{pre}f\b[^>]*{p}>(?:[^<]*{p}</{pre}f>)?{p})?{p}"  # a formula: skipped
        end = rf"</{pre}c>"
        trimmed = r"((?![ \t\n])[^<]*" + p + r"(?<![ \t\n]))"  # text calamine would not trim
        self.cell_re = re.compile(
            rf'<{pre}c r="([A-Z]{{1,3}})\d+"'  # 1 column letters
            rf'(?: s="(\d+)")?{p}'  # 2 style (groups 3-10 in the order of the alternatives)
            rf"(?:"
            rf' t="inlineStr"><{pre}is><{pre}t>{trimmed}</{pre}t></{pre}is>{end}'  # 3 inline text
            rf'| t="inlineStr"><{pre}is><{pre}t xml:space="preserve">([^<]*{p})</{pre}t></{pre}is>{end}'
            rf'| t="s">{f}<{pre}v>([0-9]+{p})</{pre}v>{end}'  # 5 shared string index
            rf'|(?: t="n")?>{f}<{pre}v>([-+.0-9eE]+{p})</{pre}v>{end}'  # 6 number
            rf'| t="(str|b|e|d)">{f}<{pre}v>([^<]*{p})</{pre}v>{end}'  # 7 type, 8 value
            rf'|(?: t="\w+")?{p}(/>|>{f}(?:<{pre}v/>|<{pre}v></{pre}v>)?{p}{end})'  # 9 no value
            rf")"
            rf"|(<[^>]*{p}>)"  # 10 anything else
        )
        self.pre = pre
        self.row_tag = f"<{pre}row"
        self.row_end = f"</{pre}row"

    def rows(self) -> Iterator[tuple[int, list]]:
        book = self.book
        chunks = book._text_chunks(self.info)
        buf = ""
        root = m = None
        for text in chunks:
            buf += text
            if root is None:
                root = re.search(r"<(?:[\w.-]+:)?worksheet\b[^>]*>", buf)
            m = re.search(r"<(?:([\w.-]+):)?sheetData\b[^>]*>", buf)
            if m is not None:
                break
            if len(buf) > 1 << 24:
                buf = buf[-(1 << 16) :]  # a huge <cols> or the like before the data: bounded
        if m is None:
            raise self._error("it is not a worksheet (a chart sheet?), or its XML is cut short")
        pre = m[1] + ":" if m[1] else ""
        self.root_tag = root[0] if root else f"<{pre}worksheet>"
        self.root_end = f"</{pre}worksheet>"
        if m[0].endswith("/>"):
            return  # <sheetData/>: no rows
        self.sst = book.shared_strings()
        self.kinds = book.date_styles()
        self._compile(pre)
        buf = buf[m.end() :]
        yield from self._rows(buf, chunks, f"</{pre}sheetData")

    def _rows(self, buf: str, chunks: Iterator[str], data_end: str) -> Iterator[tuple[int, list]]:
        # The hot loop: about 1 µs of Python per cell counts, hence the local names and the
        # one-expression conversions. Anything unusual goes to self._slow, which is exact.
        findall = self.cell_re.findall
        row_tag, row_end = self.row_tag, self.row_end
        sst = self.sst
        kinds = self.kinds
        d1904 = self.date1904
        slow = self._slow
        cols = _COLS
        next_row = 1  # the first row number not yielded yet (blank rows before it are filled in)
        prev = 0  # the last row number seen (a row without r follows it)
        done = False

        shift = _DAYS_1904 if d1904 else 0.0
        fromordinal, floor, epoch = date.fromordinal, math.floor, _EPOCH

        def serial(s, n):
            # excel_serial's date and datetime cases, inlined: a date column costs per cell
            v = float(n)
            kind = kinds[s]
            if kind == DATETIME and v >= 1.0 and (f := v + shift) < 2958466.0:
                if f < 60.0:
                    f += 1.0
                if v.is_integer():
                    return fromordinal(693594 + int(f))  # 1899-12-30 + f days
                x = f * 86_400_000.0
                ms = floor(x)
                return epoch + timedelta(0, 0, 0, ms + 1 if x - ms >= 0.5 else ms)
            return excel_serial(v, kind, d1904)

        def typed(t, v):
            if t == "str":
                return _unxesc(_raw_text(v)) if v else ""
            if t == "b":
                return v != "0" if v else ""
            if t == "d":
                return iso_value(_raw_text(v))
            return ""  # t="e": error cells read as empty

        text = _t_text

        def other(tag):
            raise ValueError(tag)  # not a cell the regex knows: the row takes the exact path

        while not done:
            end = buf.find(data_end)
            if end >= 0:
                buf, done = buf[:end], True
                cut = len(buf)
            else:
                cut = buf.rfind(row_end)
                if cut < 0:
                    nxt = next(chunks, None)
                    if nxt is None:
                        raise self._error("the sheet XML ends in the middle (damaged file?)")
                    buf += nxt
                    continue
            pieces = buf[:cut].split(row_end)
            rest = buf[cut:]
            if done:
                pieces.pop()  # after the last </row: at most rows written self-closed, no cells
            for piece in pieces:
                # piece: [">" of the previous </row>] <row ...> cells (up to its </row)
                rs = piece.find(row_tag)
                if rs < 0:
                    continue
                gt = piece.find(">", rs)
                at = piece.find(' r="', rs, gt)
                vals = None
                if at >= 0 and piece[gt - 1] != "/":
                    cells = findall(piece, gt + 1)
                    try:
                        rn = int(piece[at + 4 : piece.find('"', at + 4)])
                        if "&" in piece or "\r" in piece or ("_" in piece and "_x" in piece):
                            vals = [
                                (float(n) if s not in kinds else serial(s, n))
                                if n
                                else sst[int(i)]
                                if i
                                else text(x, False)
                                if x
                                else text(xp, True)
                                if xp
                                else typed(t, tv)
                                if t
                                else other(bad)
                                if bad
                                else ""
                                for _, s, x, xp, i, n, t, tv, _e, bad in cells
                            ]
                        else:
                            vals = [
                                (float(n) if s not in kinds else serial(s, n))
                                if n
                                else sst[int(i)]
                                if i
                                else x or xp
                                if x or xp
                                else typed(t, tv)
                                if t
                                else other(bad)
                                if bad
                                else ""
                                for _, s, x, xp, i, n, t, tv, _e, bad in cells
                            ]
                    except (ValueError, IndexError, OverflowError):
                        vals = None
                if vals is None:
                    # the exact path, for this row (and any <row/> before it in the piece)
                    out = slow(piece[rs:] + row_end + ">", prev)
                elif not vals:
                    out = ((rn, vals, False),)  # <row> with no cells
                else:
                    if cells[0][0] != "A" or cols.get(cells[-1][0]) != len(cells) - 1:
                        placed: list = []
                        for cell, v in zip(cells, vals):
                            ci = cols.get(cell[0])
                            if ci is None:
                                ci = col_index(cell[0])
                            if ci >= len(placed):
                                placed.extend([""] * (ci + 1 - len(placed)))
                            placed[ci] = v
                        vals = placed
                    if vals[-1] == "":
                        while vals and vals[-1] == "":
                            vals.pop()
                        if not vals:
                            # blank but is it part of the sheet? Empty text and errors are
                            # (calamine keeps them), cells without a value are not.
                            present = any(not e and (tv or t != "b") for *_, t, tv, e, _b in cells)
                            out = ((rn, vals, present),)
                            vals = None
                    if vals is not None:
                        if rn == next_row:
                            yield rn, vals
                            prev = rn
                            next_row = rn + 1
                            continue
                        out = ((rn, vals, True),)
                for rn, vals, present in out:
                    prev = rn
                    if not present:
                        continue
                    while next_row < rn:
                        yield next_row, []
                        next_row += 1
                    yield rn, vals
                    if rn >= next_row:
                        next_row = rn + 1
            if done:
                return
            buf = rest
            nxt = next(chunks, None)
            if nxt is None:
                raise self._error("the sheet XML ends in the middle (damaged file?)")
            buf += nxt
