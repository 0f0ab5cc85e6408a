"""Spreadsheet readers: xlsx (python-calamine, or xlsx_stream for big sheets) and csv/txt behind
one row interface.

A reader yields `(sheet_row_number, cells)`; cells are str/int/float/bool/date/datetime/time/timedelta/None
exactly as the file holds them (xlsx: an empty cell is "", see xlsx_stream). Normalizing is the
importer's job. Encodings are sniffed (UTF-8, UTF-8 with BOM, GB18030/GBK) because ops staff get
files from Excel on Chinese Windows and never know which.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from privcli.base.errors import PrivcliError
from privcli.io import xlsx_stream

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 1 << 20


@dataclass
class Sheet:
    path: Path
    kind: str  # "xlsx" | "csv"
    name: str  # sheet name, or the detected encoding for text files
    rows: Iterator[tuple[int, list]] = field(repr=False)


def sniff_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) when the head decodes as UTF-8, else GB18030 (a superset of GBK
    and GB2312, so any Chinese Windows export decodes)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _undecodable_line(path: Path, encoding: str) -> int | None:
    """The first physical line that does not decode (the text reader decodes ahead in chunks,
    so its own position is only near the bad bytes). Runs only on the error path."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            try:
                decoder.decode(line)
            except UnicodeDecodeError:
                return n
    return None


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list]]:
    with open(path, encoding=encoding, newline="") as f:
        try:
            sample = f.read(64 * 1024)
            f.seek(0)
            dialect: type[csv.Dialect] | csv.Dialect = csv.excel
            first = sample.split("\n", 20)
            if sum(line.count("\t") for line in first) > sum(line.count(",") for line in first):
                dialect = csv.excel_tab
            reader = csv.reader(f, dialect)
            yield from enumerate(reader, 1)
        except UnicodeDecodeError as e:
            line = _undecodable_line(path, encoding)
            where = f"line {line}" if line else "the file"
            raise PrivcliError(
                f"{path.name}: cannot decode {where} as {encoding}",
                hint="save the file as UTF-8 (Excel: 另存为 → CSV UTF-8) and import again",
            ) from e


# Which xlsx reader. python-calamine holds the whole sheet in memory until its last row is read;
# xlsx_stream holds one 256 KB piece of XML (and the shared-strings table): 20 MB peak RSS for
# 200,000 or 600,000 rows. Speed is close: on the exporters' inline-string sheets the streaming
# reader is a little faster, on shared-string or date-heavy sheets calamine is (up to 3x for 12
# date columns). Calamine's memory, measured with python-calamine 0.9.1 (files from openpyxl,
# xlsxwriter and the exporters; peak RSS minus the RSS before opening the file):
#   * about 70 bytes per non-empty cell (calamine collects the cells, then copies them into a
#     dense rows x columns grid), plus a copy of the text of every text cell;
#   * per byte of uncompressed sheet XML (+ sharedStrings XML) that is 1.4 (dates, floats),
#     1.6-1.8 (inline or shared text; the member export, 200,000 x 12 cells, 128 MB of XML:
#     227 MB), 2.5 (small integers: short cells) and 3.6 (one long text repeated from the
#     shared strings in every cell, the worst we found).
# So the estimate is 4 bytes of memory per byte of XML, and calamine reads a sheet only when that
# stays under CALAMINE_MAX_BYTES = 100 MB (25 MB of XML, about 40,000 member rows); larger sheets
# stream. The rest of an import took 45-150 MB (small file to 600,000 rows), so an import stays
# well under its 300 MB even at the limit (a 38,000-row member sheet: 92 MB with calamine, 65 MB
# streamed). A sheet whose <dimension> announces a larger grid than its XML suggests (a stray
# cell far right or far down) is judged by that grid: calamine allocates every cell of it.
# PRIVCLI_XLSX_STREAM=1 streams every xlsx, =0 reads every xlsx with calamine whatever its size
# (for comparisons, or as a way out should the streaming reader ever misread a file); unset, empty
# or anything else: chosen by size as above.
CALAMINE_MAX_BYTES = 100 * 1024 * 1024
CALAMINE_BYTES_PER_XML_BYTE = 4
CALAMINE_BYTES_PER_CELL = 72
STREAM_ENV = "PRIVCLI_XLSX_STREAM"


def _pick_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    raise PrivcliError(
        f"{path.name}: no sheet named {sheet!r}",
        hint="sheets in this file: " + ", ".join(names),
    )


def _calamine_fits(book: xlsx_stream.XlsxBook, name: str) -> bool:
    sheet_bytes, sst_bytes = book.xml_bytes(name)
    estimate = (sheet_bytes + sst_bytes) * CALAMINE_BYTES_PER_XML_BYTE
    if estimate >= CALAMINE_MAX_BYTES:
        return False
    cells = book.dimension_cells(name)
    return cells is None or cells * CALAMINE_BYTES_PER_CELL < CALAMINE_MAX_BYTES


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[tuple[int, list]]]:
    """(sheet name, rows) of an .xlsx file, from python-calamine or the streaming reader."""
    mode = os.environ.get(STREAM_ENV, "").strip().lower()
    if mode in ("0", "false", "no", "off"):
        return _calamine_rows(path, sheet)
    try:
        book = xlsx_stream.XlsxBook(path)
    except PrivcliError:
        if mode in ("1", "true", "yes", "on"):
            raise
        return _calamine_rows(path, sheet)  # calamine says what is wrong with the file
    name = _pick_sheet(path, book.sheet_names, sheet)
    if mode not in ("1", "true", "yes", "on") and _calamine_fits(book, name):
        book.close()
        return _calamine_rows(path, name)
    return name, book.rows(name)


def _calamine_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[tuple[int, list]]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as e:
        raise PrivcliError(f"{path.name}: cannot read as .xlsx ({e})") from e
    name = _pick_sheet(path, wb.sheet_names, sheet)
    try:
        ws = wb.get_sheet_by_name(name)
    except Exception as e:
        raise PrivcliError(f"{path.name}: cannot read sheet {name!r} ({e})") from e
    start_col = ws.start[1] if ws.start else 0

    def gen() -> Iterator[tuple[int, list]]:
        # iter_rows() starts at the sheet's first row (blank rows before the used range come as
        # rows of ""), so row i is sheet row i; a row starts at the used range's first column.
        # Rows are brought to the shape xlsx_stream gives: cell 0 is column A, no trailing "".
        pad = [""] * start_col
        i = 0
        try:
            for i, row in enumerate(ws.iter_rows(), 1):
                if start_col:
                    row = pad + row
                if row and row[-1] == "":
                    while row and row[-1] == "":
                        row.pop()
                yield i, row
        except Exception as e:  # e.g. OverflowError: a huge number in a duration-formatted cell
            raise PrivcliError(
                f"{path.name}: cannot read sheet {name!r} after row {i} ({e})",
                hint=f"{STREAM_ENV}=1 reads the file with privcli's own reader instead",
            ) from e

    return name, gen()


def open_sheet(path: str | Path, sheet: str | None = None) -> Sheet:
    """Open an xlsx/csv/txt file by its content, not only its extension: a `.xls` that is really
    CSV text (CRMEB/likeshop exports) reads as CSV, a real legacy `.xls` gets a clear error."""
    p = Path(path)
    if not p.exists():
        raise PrivcliError(f"file not found: {p}")
    if p.is_dir():
        raise PrivcliError(f"{p} is a directory, not a spreadsheet")
    with open(p, "rb") as f:
        head = f.read(SNIFF_BYTES)
    ext = p.suffix.lower()
    if head.startswith(OLE_MAGIC):
        raise PrivcliError(
            f"{p.name} is a legacy Excel .xls workbook, which privcli does not read",
            hint="open it in Excel or WPS and save as .xlsx (or CSV UTF-8), then import that file",
        )
    if head.startswith(ZIP_MAGIC) or ext in (".xlsx", ".xlsm"):
        if not head.startswith(ZIP_MAGIC):
            raise PrivcliError(f"{p.name} has an .xlsx name but is not an .xlsx workbook")
        name, rows = _xlsx_rows(p, sheet)
        return Sheet(p, "xlsx", name, rows)
    if ext not in (".csv", ".txt", ".xls", ".tsv", ""):
        raise PrivcliError(
            f"{p.name}: unsupported file type {ext!r}",
            hint="privcli imports .xlsx, .csv and .txt files",
        )
    if b"\x00" in head[:4096]:
        raise PrivcliError(
            f"{p.name} is not a text file (UTF-16 or binary?)", hint="save as CSV UTF-8"
        )
    encoding = sniff_encoding(head)
    return Sheet(p, "csv", encoding, _csv_rows(p, encoding))
