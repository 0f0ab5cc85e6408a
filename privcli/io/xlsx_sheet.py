"""Rows of one worksheet part, streamed: a regular expression for the cell shapes Excel, WPS,
openpyxl, xlsxwriter and privcli's exporters write, ElementTree for a row holding anything else.
Opened through `XlsxBook.rows` (xlsx_stream.py).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Protocol

from privcli.base.errors import PrivcliError
from privcli.base.messages import t
from privcli.io.xlsx_cells import (
    CELL_MAX,
    COLS,
    DATETIME,
    DAYS_1904,
    EMPTY,
    EPOCH,
    MAX_COLS,
    MAX_ROWS,
    NUMBER,
    POSSESSIVE,
    REF,
    ROW_WEIGH,
    TooLong,
    col_index,
    excel_serial,
    iso_value,
    local,
    raw_text,
    string_item,
    t_text,
    unxesc,
)


class Workbook(Protocol):
    """What a sheet reader needs of its workbook (xlsx_stream.XlsxBook)."""

    path: Path
    date1904: bool

    def text_chunks(self, info: zipfile.ZipInfo) -> Iterator[str]: ...

    def shared_strings(self) -> list[str]: ...

    def date_styles(self) -> dict[str, int]: ...


ROW_XML_MAX = 4 << 20  # characters of XML in one <row>: far beyond a row a spreadsheet writes


class SheetReader:
    def __init__(
        self,
        book: Workbook,
        info: zipfile.ZipInfo,
        sheet: str,
        long_rows: dict[int, int] | None = None,
    ):
        self.book = book
        self.info = info
        self.sheet = sheet
        self.date1904 = book.date1904
        self.long_rows = long_rows if long_rows is not None else {}
        self.sst_long = False  # does the shared-strings table hold a TooLong?

    def _error(self, key: str, **values) -> PrivcliError:
        """A damaged sheet: what (the message id `key` with its values), and what to do."""
        return PrivcliError(
            t("io.sheet_problem", file=self.book.path.name, sheet=repr(self.sheet),
              what=t(key, **values)),
            hint=t("io.save_again"),
        )  # fmt: skip

    def _beyond(self, key: str, **values) -> PrivcliError:
        return PrivcliError(
            t(
                "io.beyond",
                file=self.book.path.name,
                sheet=repr(self.sheet),
                what=t(key, **values),
                rows=f"{MAX_ROWS:,}",
                cols=f"{MAX_COLS:,}",
            ),
            hint=t("io.beyond_hint"),
        )

    def _row_too_big(self, prev: int) -> PrivcliError:
        return self._error("io.row_too_big", prev=prev, mb=ROW_XML_MAX >> 20)

    def _note(self, rn: int, size: int, cells: list) -> None:
        """Note a row for the import's checks (Sheet.long_rows): it has `size` characters of
        XML (only rows over ROW_WEIGH are noted), or it uses a shared string too long to hold."""
        if self.sst_long and any(c.__class__ is TooLong for c in cells):
            size = max(size, CELL_MAX + 1)
        if size > ROW_WEIGH:
            self.long_rows[rn] = size

    # the exact path: one row (or a few) parsed by ElementTree ----------------------------------
    def _value(self, c: ET.Element, t: str | None, s: str | None, ref: str):
        value = EMPTY
        for child in c:
            name = local(child.tag)
            if name == "is":
                value = string_item(child)
            elif name == "v":
                value = self._v(t, s, child.text or "", ref) if t != "inlineStr" else EMPTY
            elif name == "f":
                value = EMPTY  # a formula without its cached value
        return value

    def _v(self, t: str | None, s: str | None, v: str, ref: str):
        if t is None or t == "n":
            if not v:
                return EMPTY
            if NUMBER.fullmatch(v):
                x = float(v)
                kind = self.kinds.get(s) if s is not None else None
                return excel_serial(x, kind, self.date1904) if kind else x
            return v  # calamine: text when there is no type (an error when t="n")
        if t == "s":
            if not v:
                return EMPTY
            try:
                return self.sst[int(v)]
            except (ValueError, IndexError):
                raise self._error("io.bad_shared_string", ref=ref, v=v, n=len(self.sst)) from None
        if t == "str":
            return unxesc(v)
        if t == "b":
            return v != "0" if v else EMPTY
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
            raise self._error("io.malformed_xml", prev=prev, error=e) from e
        out = []
        for row in root:
            if local(row.tag) != "row":
                continue
            r = row.get("r")
            rn = int(r) if r and r.isdigit() and len(r) < 9 else 0
            if r and not rn and r.strip("0123456789") == "" and r.strip("0"):
                raise self._beyond("io.row_number", value=r[:20])
            cells: list = []
            present = False
            col = -1
            for c in row:
                if local(c.tag) != "c":
                    continue
                ref = c.get("r")
                m = REF.fullmatch(ref) if ref else None
                if m:
                    col = col_index(m[1].upper())
                    if not rn and m[2]:
                        if len(m[2]) > 8:
                            raise self._beyond("io.cell", ref=ref[:20])
                        rn = int(m[2])
                else:
                    col += 1
                if col >= MAX_COLS:
                    raise self._beyond(
                        "io.cell_of_row", ref=ref or f"#{col + 1}", row=rn or prev + 1
                    )
                value = self._value(c, c.get("t"), c.get("s"), ref or f"#{col + 1}")
                if value is EMPTY:
                    value = ""
                else:
                    present = True
                if col >= len(cells):
                    cells.extend([""] * (col + 1 - len(cells)))
                cells[col] = value
            rn = rn or prev + 1
            if rn > MAX_ROWS:
                raise self._beyond("io.row", row=f"{rn:,}")
            while cells and cells[-1] == "":
                cells.pop()
            self._note(rn, sum(len(c) for c in cells if isinstance(c, str)), cells)
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
        p = POSSESSIVE
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
        chunks = book.text_chunks(self.info)
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
            raise self._error("io.not_a_worksheet")
        pre = m[1] + ":" if m[1] else ""
        self.root_tag = root[0] if root else f"<{pre}worksheet>"
        self.root_end = f"</{pre}worksheet>"
        if m[0].endswith("/>"):
            return  # <sheetData/>: no rows
        self.sst = book.shared_strings()
        self.sst_long = any(s.__class__ is TooLong for s in self.sst)
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
        note, sst_long = self._note, self.sst_long
        cols = COLS
        next_row = 1  # the first row number not yielded yet (blank rows before it are filled in)
        prev = 0  # the last row number seen (a row without r follows it)
        done = False

        shift = DAYS_1904 if d1904 else 0.0
        fromordinal, floor, epoch = date.fromordinal, math.floor, EPOCH

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
                return unxesc(raw_text(v)) if v else ""
            if t == "b":
                return v != "0" if v else ""
            if t == "d":
                return iso_value(raw_text(v))
            return ""  # t="e": error cells read as empty

        text = t_text

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
                        raise self._error("io.xml_ends")
                    buf += nxt
                    if len(buf) > ROW_XML_MAX:  # one row; it is never held whole past this
                        raise self._row_too_big(prev)
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
                        if rn > MAX_ROWS:
                            raise self._beyond("io.row", row=f"{rn:,}")
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
                            if ci >= MAX_COLS:
                                raise self._beyond("io.cell", ref=f"{cell[0]}{rn}")
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
                        if sst_long or len(piece) > ROW_WEIGH:
                            note(rn, len(piece), vals)
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
            if len(rest) > ROW_XML_MAX:
                raise self._row_too_big(prev)
            buf = rest
            nxt = next(chunks, None)
            if nxt is None:
                raise self._error("the sheet XML ends in the middle (damaged file?)")
            buf += nxt
