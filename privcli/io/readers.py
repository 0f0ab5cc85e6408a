"""Spreadsheet readers: xlsx (python-calamine) and csv/txt behind one row interface.

A reader yields `(sheet_row_number, cells)`; cells are str/int/float/date/datetime/None exactly as
the file holds them. Normalizing is the importer's job. Encodings are sniffed (UTF-8, UTF-8 with
BOM, GB18030/GBK) because ops staff get files from Excel on Chinese Windows and never know which.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from privcli.errors import PrivcliError

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


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[tuple[int, list]]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as e:
        raise PrivcliError(f"{path.name}: cannot read as .xlsx ({e})") from e
    names = wb.sheet_names
    if sheet is None:
        name = names[0]
    elif sheet in names:
        name = sheet
    else:
        raise PrivcliError(
            f"{path.name}: no sheet named {sheet!r}",
            hint="sheets in this file: " + ", ".join(names),
        )
    ws = wb.get_sheet_by_name(name)
    start_row = ws.start[0] if ws.start else 0
    start_col = ws.start[1] if ws.start else 0

    def gen() -> Iterator[tuple[int, list]]:
        pad = [None] * start_col
        for i, row in enumerate(ws.iter_rows()):
            yield start_row + i + 1, (pad + list(row)) if start_col else list(row)

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
