"""Spreadsheet readers: xlsx (xlsx_stream; python-calamine on request) and csv/txt behind one
row interface.

A reader yields `(sheet_row_number, cells)`; cells are str/int/float/bool/date/datetime/time/timedelta/None
exactly as the file holds them (xlsx: an empty cell is "", see xlsx_stream). Normalizing is the
importer's job. Encodings are sniffed (UTF-8, UTF-8 with BOM, GB18030/GBK) because ops staff get
files from Excel on Chinese Windows and never know which.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from privcli.base.errors import PrivcliError
from privcli.base.messages import t
from privcli.io import xlsx_stream
from privcli.io.xlsx_cells import CELL_MAX, ROW_WEIGH, TooLong

__all__ = ["CELL_MAX", "ROW_WEIGH", "Sheet", "TooLong", "open_sheet", "sniff_encoding"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 1 << 20

# Excel holds at most 32,767 characters in a cell (CELL_MAX): a longer cell is no spreadsheet
# value, and its row is rejected (pipeline.normalized). Beyond what a file can hold at all without memory
# growing with it, reading stops with an error naming the line: CSV_FIELD_MAX characters in one
# field (csv.field_size_limit; the default of 131,072 made a 128 KB cell abort the file with a
# traceback) and CSV_LINE_MAX bytes in one physical line (a line is read whole before it is
# split into fields: a 1 GB line must never be).
CSV_FIELD_MAX = 4 * 1024 * 1024
CSV_LINE_MAX = 16 * 1024 * 1024


@dataclass
class Sheet:
    path: Path
    kind: str  # "xlsx" | "csv"
    name: str  # sheet name, or the detected encoding for text files
    rows: Iterator[tuple[int, list]] = field(repr=False)
    # row number -> its size in characters, for the rows the reader saw longer than ROW_WEIGH
    # (xlsx); the pipeline takes each entry out as it reads the row. CSV rows are all text: the
    # pipeline measures them itself.
    long_rows: dict[int, int] = field(default_factory=dict, repr=False)


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


class _LineLimit(io.RawIOBase):
    """A file read in raw chunks that raises a PrivcliError once a physical line grows beyond
    `limit` bytes, before the text layer holds it whole. Costs two byte searches per 64 KB
    chunk; the line is numbered only when the error is raised. (A line ends at LF, CR or CRLF;
    neither byte occurs inside a UTF-8 or GB18030 character.)"""

    def __init__(self, path: Path, limit: int):
        self.path, self.limit = path, limit
        self.f = open(path, "rb", buffering=0)  # noqa: SIM115 (closed in close())
        self.run = 0  # bytes since the last line end
        self.pos = 0  # bytes read

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, pos: int, whence: int = 0) -> int:
        self.pos = self.f.seek(pos, whence)
        self.run = 0 if self.pos == 0 else self.run
        return self.pos

    def tell(self) -> int:
        return self.f.tell()

    def readinto(self, b) -> int:
        data = self.f.read(len(b))
        n = len(data)
        if not n:
            return 0
        b[:n] = data
        if self.run + n > self.limit:  # only then can the line going on here be too long
            ends = [i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0]
            if not ends or self.run + min(ends) > self.limit:
                self._fail(self.pos - self.run)
        last = max(data.rfind(b"\n"), data.rfind(b"\r"))
        self.run = n - 1 - last if last >= 0 else self.run + n
        self.pos += n
        return n

    def _fail(self, start: int) -> None:
        """The line starting at byte `start` is too long: name it (counting the line ends
        before it, which only this error path does)."""
        line, prev = 1, b""
        with open(self.path, "rb") as f:
            while start > 0:
                chunk = f.read(min(start, 1 << 20))
                if not chunk:
                    break
                start -= len(chunk)
                both = prev + chunk
                # CRLF is one line end; `both` also catches one cut between two chunks
                line += chunk.count(b"\n") + chunk.count(b"\r") - both.count(b"\r\n")
                prev = chunk[-1:]
        raise PrivcliError(
            t("io.line_too_long", file=self.path.name, line=line, mb=self.limit // 2**20),
            hint=t("io.line_too_long_hint"),
        )

    def close(self) -> None:
        if not self.closed:
            self.f.close()
        super().close()


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list]]:
    raw = _LineLimit(path, CSV_LINE_MAX)
    with io.TextIOWrapper(io.BufferedReader(raw, 1 << 16), encoding=encoding, newline="") as f:
        reader = None
        try:
            sample = f.read(64 * 1024)
            f.seek(0)
            dialect: type[csv.Dialect] | csv.Dialect = csv.excel
            first = sample.split("\n", 20)
            if sum(line.count("\t") for line in first) > sum(line.count(",") for line in first):
                dialect = csv.excel_tab
            csv.field_size_limit(CSV_FIELD_MAX)  # (process-wide: only ever raised)
            reader = csv.reader(f, dialect)
            yield from enumerate(reader, 1)
        except UnicodeDecodeError as e:
            line = _undecodable_line(path, encoding)
            where = t("io.line", line=line) if line else t("io.the_file")
            raise PrivcliError(
                t("io.cannot_decode", file=path.name, where=where, encoding=encoding),
                hint=t("io.save_utf8"),
            ) from e
        except csv.Error as e:
            where = t("io.line", line=reader.line_num) if reader is not None else t("io.the_file")
            if "field limit" in str(e):
                raise PrivcliError(
                    t("io.cell_too_long", file=path.name, where=where, n=f"{CSV_FIELD_MAX:,}"),
                    hint=t("io.cell_too_long_hint"),
                ) from None
            raise PrivcliError(t("io.bad_csv", file=path.name, where=where, error=e)) from None


# Which xlsx reader. privcli's own streaming reader (xlsx_stream) reads every sheet: it holds one
# 256 KB piece of XML at a time (20 MB peak RSS for 200,000 or 600,000 rows) and the shared-strings
# table (bounded: xlsx_stream.SST_MEMORY_MAX), reads within Excel's limits and refuses what is
# beyond them, whatever the file declares. python-calamine allocates the whole grid a sheet spans
# (about 70 bytes per cell, plus the text): a 1.8 KB workbook whose one cell sits at XFD1048576
# made it allocate hundreds of GiB and abort the process. So it reads a sheet only when
# PRIVCLI_XLSX_STREAM=0 asks for it (for comparisons, or as a way out should the streaming reader
# ever misread a file), and then only after the streaming reader has read the sheet through and
# found its real extent within CALAMINE_MAX_CELLS (about 300 MB of calamine's grid). Speed is
# close: 40,000 rows of 12 columns with shared strings and 2 date columns read in 0.38 s
# streamed, 0.27 s with calamine (calamine was the default for sheets under 25 MB of XML).
CALAMINE_BYTES_PER_CELL = 72
CALAMINE_MAX_CELLS = 300 * 1024 * 1024 // CALAMINE_BYTES_PER_CELL
STREAM_ENV = "PRIVCLI_XLSX_STREAM"


def _pick_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    raise PrivcliError(
        t("io.no_sheet", file=path.name, sheet=repr(sheet)),
        hint=t("io.sheets_in_file", names=", ".join(names)),
    )


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[tuple[int, list]], dict]:
    """(sheet name, rows, long rows) of an .xlsx file: see above for which reader."""
    long_rows: dict[int, int] = {}
    mode = os.environ.get(STREAM_ENV, "").strip().lower()
    if mode in ("0", "false", "no", "off"):
        try:
            book = xlsx_stream.XlsxBook(path)
        except PrivcliError:  # calamine says what is wrong with the file
            return (*_calamine_rows(path, sheet, long_rows), long_rows)
        name = _pick_sheet(path, book.sheet_names, sheet)
        rows, width = book.extent(name)
        if rows * width > CALAMINE_MAX_CELLS:
            raise PrivcliError(
                t(
                    "io.calamine_grid",
                    file=path.name,
                    sheet=repr(name),
                    rows=f"{rows:,}",
                    width=f"{width:,}",
                    cells=f"{rows * width:,}",
                ),
                hint=t("io.calamine_grid_hint", env=STREAM_ENV),
            )
        return (*_calamine_rows(path, name, long_rows), long_rows)
    book = xlsx_stream.XlsxBook(path)
    name = _pick_sheet(path, book.sheet_names, sheet)
    return name, book.rows(name, long_rows), long_rows


def _calamine_rows(
    path: Path, sheet: str | None, long_rows: dict[int, int]
) -> tuple[str, Iterator[tuple[int, list]]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as e:
        raise PrivcliError(t("io.bad_xlsx", file=path.name, error=e)) from e
    name = _pick_sheet(path, wb.sheet_names, sheet)
    try:
        ws = wb.get_sheet_by_name(name)
    except Exception as e:
        raise PrivcliError(t("io.bad_sheet", file=path.name, sheet=repr(name), error=e)) from e
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
                size = sum(len(c) for c in row if c.__class__ is str)
                if size > ROW_WEIGH:
                    long_rows[i] = size
                yield i, row
        except Exception as e:  # e.g. OverflowError: a huge number in a duration-formatted cell
            raise PrivcliError(
                t("io.bad_sheet_after", file=path.name, sheet=repr(name), row=i, error=e),
                hint=t("io.stream_instead", env=STREAM_ENV),
            ) from e

    return name, gen()


def open_sheet(path: str | Path, sheet: str | None = None) -> Sheet:
    """Open an xlsx/csv/txt file by its content, not only its extension: a `.xls` that is really
    CSV text (CRMEB/likeshop exports) reads as CSV, a real legacy `.xls` gets a clear error."""
    p = Path(path)
    if not p.exists():
        raise PrivcliError(t("io.not_found", path=p))
    if p.is_dir():
        raise PrivcliError(t("io.is_directory", path=p))
    with open(p, "rb") as f:
        head = f.read(SNIFF_BYTES)
    ext = p.suffix.lower()
    if head.startswith(OLE_MAGIC):
        raise PrivcliError(t("io.legacy_xls", file=p.name), hint=t("io.legacy_xls_hint"))
    if head.startswith(ZIP_MAGIC) or ext in (".xlsx", ".xlsm"):
        if not head.startswith(ZIP_MAGIC):
            raise PrivcliError(t("io.not_xlsx", file=p.name))
        name, rows, long_rows = _xlsx_rows(p, sheet)
        return Sheet(p, "xlsx", name, rows, long_rows)
    if ext not in (".csv", ".txt", ".xls", ".tsv", ""):
        raise PrivcliError(
            t("io.unsupported_type", file=p.name, ext=repr(ext)), hint=t("io.supported_types")
        )
    if b"\x00" in head[:4096]:
        raise PrivcliError(t("io.not_text", file=p.name), hint=t("io.save_csv_utf8"))
    encoding = sniff_encoding(head)
    return Sheet(p, "csv", encoding, _csv_rows(p, encoding))
