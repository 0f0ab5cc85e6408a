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

What it refuses (a PrivcliError, exit 1): anything beyond Excel's limits (rows past 1,048,576,
columns past XFD, more than 65,490 cell formats, a row of more than 4 MB of XML) and a
shared-strings table that would need more than SST_MEMORY_MAX of memory; a text longer than a
cell may be (32,767 characters) comes as a TooLong holding its start, and its row is rejected by
the import. Whatever a file declares (<dimension>, counts), memory stays bounded.

How it is fast: the common cell shapes written by Excel, WPS, openpyxl, xlsxwriter and privcli's
own exporters are matched by one regular expression, applied to a row at a time (xlsx_sheet.py); a row
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
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from privcli.base.errors import PrivcliError
from privcli.base.messages import t
from privcli.io.xlsx_cells import (
    BUILTIN_KIND,
    CELL_MAX,
    POSSESSIVE,
    XML_SPACE,
    TooLong,
    format_kind,
    local,
    string_item,
    t_text,
)
from privcli.io.xlsx_sheet import SheetReader

# Decompressed XML read at a time. 256 KB reads as fast as 1 MB (measured) and holds a quarter of
# the memory (about 4 MB at the peak: the piece, its text and its rows).
CHUNK = 1 << 18

# What a file may make privcli hold, whatever it declares (all far beyond real workbooks):
# the workbook, relationship and styles parts are parsed incrementally and may be PART_MAX bytes
# uncompressed; a shared string of more than SI_XML_MAX characters of XML is not read, only
# marked too long; and the shared-strings table, which is held whole, may take SST_MEMORY_MAX
# bytes of memory (estimated: about 1.3 million distinct short texts). Without these a 1.5 MB
# workbook of 1,500 one-megabyte strings took 1.6 GB.
PART_MAX = 32 << 20
SI_XML_MAX = 1 << 20
SST_MEMORY_MAX = 128 << 20
SST_ENTRY_BYTES = 80  # a str object and its list slot, besides the characters (measured)
STYLES_MAX = 65_490  # Excel's limit of cell formats in a workbook
SHEETS_MAX = 10_000  # sheets (and relationships) listed in a workbook

REL_SST = "/sharedStrings"
REL_STYLES = "/styles"
REL_OFFICE_DOC = "/officeDocument"


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
            self.date1904 = False
            self.sheets: list[tuple[str, str | None]] = []  # (name, part) in workbook order
            for name, attrib, _, _ in self._elements(wb_part, ("workbookPr", "sheet")):
                if name == "workbookPr":
                    self.date1904 = (attrib.get("date1904") or "").lower() in ("1", "true")
                elif len(self.sheets) < SHEETS_MAX:
                    rid = next((v for k, v in attrib.items() if k.endswith("}id")), None)
                    typ, part = rels.get(rid, ("", None))
                    self.sheets.append((attrib.get("name") or "", part))
        except PrivcliError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ET.ParseError, KeyError) as e:
            raise PrivcliError(t("io.bad_xlsx", file=self.path.name, error=e)) from e
        if not self.sheets:
            raise PrivcliError(t("io.bad_xlsx", file=self.path.name, error=t("io.no_sheets")))
        by_type = {typ.rsplit("/", 1)[-1]: part for typ, part in rels.values()}
        self.sst_part = by_type.get(REL_SST[1:]) or self._default("xl/sharedStrings.xml")
        self.styles_part = by_type.get(REL_STYLES[1:]) or self._default("xl/styles.xml")

    # zip parts -------------------------------------------------------------------------------
    def _info(self, part: str) -> zipfile.ZipInfo | None:
        return self._names.get(part.lstrip("/").lower())

    def _default(self, part: str) -> str | None:
        return part if self._info(part) else None

    def _elements(self, part: str | zipfile.ZipInfo, names: tuple[str, ...]):
        """(local name, attributes, depth, parent's local name) of the elements named `names`
        in a part, in document order (the root element is at depth 0). Parsed incrementally,
        each element dropped when it ends: memory stays flat whatever the part holds (a styles
        part of millions of <xf/> built a tree of GBs)."""
        info = part if isinstance(part, zipfile.ZipInfo) else self._info(part)
        if info is None:
            why = t("io.part_missing", part=part)
            raise PrivcliError(t("io.bad_xlsx", file=self.path.name, error=why))
        if info.file_size > PART_MAX:
            why = t("io.part_too_big", part=info.filename, mb=info.file_size >> 20)
            raise PrivcliError(t("io.bad_xlsx", file=self.path.name, error=why))
        with self.zf.open(info) as f:
            stack: list[ET.Element] = []
            for event, el in ET.iterparse(f, events=("start", "end")):
                if event == "start":
                    name = local(el.tag)
                    if name in names:
                        yield name, el.attrib, len(stack), local(stack[-1].tag) if stack else ""
                    stack.append(el)
                    continue
                stack.pop()
                if stack:
                    del stack[-1][-1]  # the element that ended is its parent's last child

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
        for _, el, depth, _ in self._elements(info, ("Relationship",)):
            target = (el.get("Target") or "").replace("\\", "/")
            if depth != 1 or el.get("TargetMode") == "External" or not target:
                continue
            if len(out) >= SHEETS_MAX:
                break
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
                t(
                    "io.sheet_data_missing",
                    file=self.path.name,
                    sheet=repr(sheet),
                    part=part or "-",
                ),
                hint=t("io.save_again"),
            )
        return info

    def xml_bytes(self, sheet: str) -> tuple[int, int]:
        """Uncompressed sizes of the sheet's XML and of the shared-strings XML (zip directory)."""
        sst = self._info(self.sst_part) if self.sst_part else None
        return self.part_of(sheet).file_size, sst.file_size if sst else 0

    def close(self) -> None:
        self.zf.close()

    # reading ---------------------------------------------------------------------------------
    def rows(
        self, sheet: str, long_rows: dict[int, int] | None = None
    ) -> Iterator[tuple[int, list]]:
        """(sheet row number, cells) for every row, streaming. Opening errors surface here, read
        errors (damaged zip data, malformed XML) when the row they are in is reached. Rows of
        more than readers.ROW_WEIGH characters of XML, or holding a TooLong shared string, are
        noted in `long_rows` (row -> size) as they are read."""
        info = self.part_of(sheet)
        return self._guard(SheetReader(self, info, sheet, long_rows).rows())

    def extent(self, sheet: str) -> tuple[int, int]:
        """(last row, widest row) of a sheet, read through (the grid python-calamine would
        allocate: its <dimension> is no evidence). Raises what reading raises."""
        last = width = 0
        for rn, cells in self._guard(SheetReader(self, self.part_of(sheet), sheet).rows()):
            last, width = rn, max(width, len(cells))
        return last, width

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
                t("io.damaged", file=self.path.name, error=e), hint=t("io.save_again")
            ) from e
        finally:
            self.zf.close()

    def text_chunks(self, info: zipfile.ZipInfo) -> Iterator[str]:
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
        """The whole shared-strings table, in order (held in memory: see the module docstring).
        A string longer than a cell may be is kept as a TooLong (its start only), so the rows
        using it are rejected; a table needing more than SST_MEMORY_MAX bytes stops reading."""
        info = self._info(self.sst_part) if self.sst_part else None
        if info is None:
            return []
        out: list[str] = []
        append = out.append
        chunks = self.text_chunks(info)
        buf = ""
        for text in chunks:
            buf += text
            m = re.search(r"<(?:([\w.-]+):)?sst\b[^>]*>", buf)
            if m is not None:
                break
            if len(buf) > 1 << 20:
                buf = buf[-(1 << 16) :]  # bounded while looking for the root element
        else:
            return out
        if m[0].endswith("/>"):
            return out
        pre = m[1] + ":" if m[1] else ""
        head, si_end, si_tag = m[0], f"</{pre}si>", f"<{pre}si"
        fast = re.compile(
            rf'\s*<{pre}si><{pre}t( xml:space="preserve")?>([^<]*{POSSESSIVE})</{pre}t>'
        ).fullmatch

        def slow(fragment: str) -> None:
            i = fragment.find(si_tag)
            if i >= 0:
                root = ET.fromstring(head + fragment[i:] + f"</{pre}sst>")
                for el in root:
                    if local(el.tag) == "si":
                        item = string_item(el)
                        append(item if len(item) <= CELL_MAX else TooLong.of(item))

        held = counted = 0  # estimated bytes held; entries counted in it
        buf = buf[m.end() :]
        while True:
            cut = buf.rfind(si_end)
            if cut >= 0:
                pieces = buf[:cut].split(si_end)
                wide = not buf.isascii()
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
                        or s[0] in XML_SPACE
                        or s[-1] in XML_SPACE
                    ):
                        s = t_text(s, m[1] is not None)
                    append(s if len(s) <= CELL_MAX else TooLong.of(s))
                new = len(out) - counted
                held += sum(map(len, out[counted:])) * (2 if wide else 1) + new * SST_ENTRY_BYTES
                counted = len(out)
                if held > SST_MEMORY_MAX:
                    raise self._too_many_strings(len(out))
            elif len(buf) > SI_XML_MAX:
                marker, buf = self._skip_string(buf, chunks, si_end)
                append(marker)
                continue
            text = next(chunks, None)
            if text is None:
                break
            buf += text
        # what is left: </sst>, and any <si/> written self-closed after the last </si>
        end = buf.rfind(f"</{pre}sst>")
        slow(buf[:end] if end >= 0 else buf)
        return out

    def _skip_string(self, buf: str, chunks: Iterator[str], si_end: str) -> tuple[TooLong, str]:
        """A shared string of more than SI_XML_MAX characters of XML: its start (tags dropped,
        entities as written) as a TooLong, and what follows its end, which is read through in
        pieces and never held."""
        start = re.sub(r"<[^>]*>?", "", buf[:4096]).lstrip(XML_SPACE)
        while (j := buf.find(si_end)) < 0:
            buf = buf[-len(si_end) :]
            nxt = next(chunks, None)
            if nxt is None:
                raise PrivcliError(t("io.sst_cut", file=self.path.name), hint=t("io.save_again"))
            buf += nxt
        return TooLong.of(start, counted=False), buf[j + len(si_end) :]

    def _too_many_strings(self, n: int) -> PrivcliError:
        return PrivcliError(
            t("io.sst_too_big", file=self.path.name, mb=SST_MEMORY_MAX >> 20, n=f"{n:,}"),
            hint=t("io.save_as_csv"),
        )

    def date_styles(self) -> dict[str, int]:
        """Cell style index (the s attribute, as text) → DATETIME/DURATION, for date styles only."""
        info = self._info(self.styles_part) if self.styles_part else None
        if info is None:
            return {}
        custom: dict[int, str] = {}
        kinds: dict[str, int] = {}
        i = 0  # index of the next <xf> of <cellXfs>
        for name, el, depth, parent in self._elements(info, ("numFmt", "xf")):
            if depth != 2:
                continue
            if name == "numFmt" and parent == "numFmts":
                fid = el.get("numFmtId") or ""
                if fid.isdigit() and len(custom) < STYLES_MAX:
                    custom[int(fid)] = el.get("formatCode") or ""
            elif name == "xf" and parent == "cellXfs":
                if i >= STYLES_MAX:
                    raise PrivcliError(
                        t("io.too_many_styles", file=self.path.name, max=f"{STYLES_MAX:,}"),
                        hint=t("io.save_again"),
                    )
                try:
                    fid = int(el.get("numFmtId") or "0")
                except ValueError:
                    fid = 0
                kind = format_kind(custom[fid]) if fid in custom else BUILTIN_KIND.get(fid, 0)
                if kind:
                    kinds[str(i)] = kind
                i += 1
        return kinds
