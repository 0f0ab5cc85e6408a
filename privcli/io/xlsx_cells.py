"""What the XML of an .xlsx cell means, as python-calamine 0.9 reads it: which number formats are
dates or durations, Excel serials to date/datetime/time/timedelta, ISO t="d" values, XML text with
its entities and _xHHHH_ escapes, shared-string items, column letters. Used by the streaming reader
(xlsx_stream.py, xlsx_sheet.py); the module docstring of xlsx_stream.py lists the rules.
"""

from __future__ import annotations

import math
import re
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta

# Python 3.11+ has possessive quantifiers; they make the row regex about a third faster. The
# patterns below never need to backtrack into these quantifiers, so both forms match alike.
POSSESSIVE = "+" if sys.version_info >= (3, 11) else ""

OTHER, DATETIME, DURATION = 0, 1, 2

# Excel's limits: a cell holds at most 32,767 characters, a sheet 1,048,576 rows of 16,384
# columns (A to XFD). A file beyond them was not written by a spreadsheet: privcli reads within
# them and refuses the rest, whatever a file declares (its <dimension>, its counts).
CELL_MAX = 32_767
MAX_ROWS = 1_048_576
MAX_COLS = 16_384
# Rows of more characters than this are weighed and checked for cells over CELL_MAX (the import
# cuts batches by size too): readers note such rows in Sheet.long_rows (see readers.py).
ROW_WEIGH = 2048


class TooLong(str):
    """A text longer than a spreadsheet cell may be (32,767 characters), of which only the
    start is kept: `length` characters in all (None: more than that, not counted). The import
    rejects a row holding one (pipeline.reject_long_cell)."""

    HEAD = 50
    length: int | None

    @classmethod
    def of(cls, text: str, counted: bool = True) -> TooLong:
        """The start of `text`; `counted=False`: `text` is only the start of a longer one."""
        t = cls(text[: cls.HEAD])
        t.length = len(text) if counted else None
        return t

    def size(self) -> str:
        return f"{self.length:,} characters" if self.length else "more than 32,767 characters"


EMPTY = object()  # a cell with no value: not part of the sheet's used range (calamine: Empty)


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# -- number formats (what calamine's formats.rs decides) --------------------------------------------
BUILTIN_KIND = {i: DATETIME for i in (*range(14, 23), *range(27, 37), 45, 47, *range(50, 59))}
BUILTIN_KIND[46] = DURATION


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
EPOCH = datetime(1899, 12, 30)
_MS_PER_DAY = 86_400_000.0
DAYS_1904 = 1462.0
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
        f = v + DAYS_1904 if date1904 else v
        if f < 60.0:
            f += 1.0  # Excel's phantom 1900-02-29: serials before it are one day off
        if v < 1.0:
            if not f > -_DATE_RANGE:  # (NaN too)
                return v
            ms = _round_half_away(f * _MS_PER_DAY) % 86_400_000
            return time(ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60, ms % 1000 * 1000)
        if v.is_integer():
            return (EPOCH + timedelta(days=f)).date()
        return EPOCH + timedelta(milliseconds=_round_half_away(f * _MS_PER_DAY))
    except (OverflowError, ValueError):
        return v  # outside years 1-9999 (or not finite): calamine gives the float


NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|infinity|nan)", re.I)
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
XML_SPACE = " \t\r\n"


def _entity(m: re.Match) -> str:
    e = m[1]
    if e[0] != "#":
        return _ENTITIES[e]
    return chr(int(e[2:], 16) if e[1] == "x" else int(e[1:]))


def unxesc(s: str) -> str:
    """Excel's _xHHHH_ escapes (_x000D_ is a carriage return, _x005F_ an underscore)."""
    return _XESC.sub(lambda m: chr(int(m[1], 16)), s) if "_x" in s else s


def raw_text(s: str) -> str:
    """Character data as it stands in the XML → its value: line ends, then entities."""
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _ENTITY.sub(_entity, s) if "&" in s else s


def t_text(raw: str, preserve: bool) -> str:
    """One <t> element as calamine reads it (shared and inline strings)."""
    s = raw_text(raw)
    return unxesc(s if preserve else s.strip(XML_SPACE))


def string_item(el: ET.Element) -> str:
    """<si> or <is>: its <t>, or the <t> of its rich-text runs <r>; phonetic <rPh> is dropped."""
    parts = []
    for child in el:
        name = local(child.tag)
        if name == "t":
            parts.append(child)
        elif name == "r":
            parts.extend(t for t in child if local(t.tag) == "t")
    out = []
    for t in parts:
        preserve = t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
        s = t.text or ""  # ElementTree has resolved entities and line ends already
        out.append(s if preserve else s.strip(XML_SPACE))
    return unxesc("".join(out))


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
COLS: dict[str, int] = {a: i for i, a in enumerate(_LETTERS)}
COLS.update(
    {a + b: 26 + i * 26 + j for i, a in enumerate(_LETTERS) for j, b in enumerate(_LETTERS)}
)


def col_index(letters: str) -> int:
    """ "A" → 0, "AB" → 27."""
    i = COLS.get(letters)
    if i is None:
        i = 0
        for ch in letters:
            i = i * 26 + ord(ch) - 64
        i -= 1
        if len(COLS) < 20_000:
            COLS[letters] = i
    return i


REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d*)")
