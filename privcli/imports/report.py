"""The error report: every rejected row and every warning, with the row's cells as the source
holds them, so that ops staff fix the rows in Excel and import the report file itself again.

One line per source row: its problems (level 拒绝 when any of them rejected the row), then its
cells under the source's own headers, as typed: an xlsx number 13812345678 stays 13812345678
(not 13812345678.0), text stays text. An .xlsx report writes text as text cells, which Excel never
evaluates; a .csv report guards text starting with = + - @ (formula injection) with a leading
apostrophe, which the import strips again (normalize.clean), so a fixed report re-imports as it
is. Importing a report skips its five problem columns (engine.open_file).

Problems are spooled to a private temporary file, one marshalled batch at a time (pickled when
it holds dates), in row order (the engine hands them over batch by batch, sorted): a file with a
million bad rows never sits in memory. A problem found while landing has its row number but not its cells (they stayed in the
process that read the file); those cells are read again from the source when the report is
saved, in one forward pass. The report is created on demand, readable by its owner only.
"""

from __future__ import annotations

import csv
import marshal
import math
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from privcli.base import config
from privcli.base.messages import t
from privcli.base.pii import MASKERS, mask_problem_value
from privcli.imports.spec import REPORT_HEADER
from privcli.io.writers import open_writer, safe_text

LEVEL_TEXT = {"rejected": "拒绝", "warning": "警告"}
JOIN = "；"  # several problems of one row in one line
FIRST = 20  # problems kept for the terminal

Cells = list | None  # a row's cells; [] none (a file-level problem); None: read them again


@dataclass
class Problem:
    row: int | None
    column: str | None
    value: object
    reason: str
    level: str  # rejected | warning
    field: str | None = None  # canonical field, to mask PII on the terminal

    def describe(self, show_pii: bool = False) -> str:
        """One line for the terminal: where, which column, the value as typed (masked when it
        is personal data, unless show_pii, keeping the part that is wrong in sight) and why."""
        where = t("imports.at_row", row=self.row) if self.row else t("imports.at_file")
        column = t("imports.in_column", column=self.column) if self.column else ""
        value = masked = ""
        if self.value is not None:
            text = as_typed(self.value)
            if not show_pii and self.field in MASKERS:
                shown = mask_problem_value(self.field, text, config.today().year)
                if shown != text:
                    masked = t("imports.masked")
                text = shown
            value = t("imports.with_value", value=repr(text))
        level = t("imports.rejected" if self.level == "rejected" else "imports.warning")
        line = t(
            "imports.problem",
            level=level,
            where=where,
            column=column,
            value=value,
            reason=self.reason,
        )
        return line + masked


def as_typed(v) -> str:
    """A cell as its source shows it: whole numbers without ".0", other numbers to Excel's 15
    significant digits, dates as ISO dates (with the time only when there is one)."""
    if v is None:
        return ""
    c = v.__class__
    if c is str:
        return v
    if c is float:
        if v.is_integer() and abs(v) < 2**53:
            return str(int(v))
        return format(v, ".15g") if math.isfinite(v) else str(v)
    if c is bool:
        return "TRUE" if v else "FALSE"
    if c is int:
        return str(v)
    if isinstance(v, datetime):
        if not (v.hour or v.minute or v.second or v.microsecond):
            return v.date().isoformat()
        return v.isoformat(" ", timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, time):
        return v.isoformat(timespec="seconds")
    if isinstance(v, timedelta):
        s = int(v.total_seconds())
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
    return str(v)


def _xlsx_value(v):
    """A cell for the .xlsx report: numbers as numbers (whole ones as integers), dates as dates,
    text as text (never a formula), the rest as typed."""
    c = v.__class__
    if v is None or c is str or c is int or isinstance(v, date):  # datetime is a date too
        return v
    if c is float:
        return int(v) if v.is_integer() and abs(v) < 2**53 else v
    return as_typed(v)


_DANGER = frozenset("=+-@\t\r")  # first characters safe_text guards
_TEXT_LITERAL = re.compile(r'="[^"]*"')  # ="2361241309178122591": Taobao's text-keeping wrapper


def _csv_value(v) -> str:
    """A cell for the .csv report: as typed; text that Excel would run as a formula gets the
    apostrophe the import strips again. Numbers are never guarded (-100 stays a number), nor
    Taobao's ="…" (a constant, no formula to run: it stays as the source wrote it)."""
    if v.__class__ is not str:
        return as_typed(v)
    return v if v[:2] == '="' and _TEXT_LITERAL.fullmatch(v) else safe_text(v)


class ProblemSink:
    """Counts the problems, keeps the first ones for the terminal and, unless `spool` is off
    (`--errors none`), spools them with their cells for the report."""

    def __init__(self, source_header: list[str], *, spool: bool = True):
        self.source_header = list(source_header)
        self.rejected = 0
        self.warnings = 0
        self.first: list[Problem] = []
        self.refill = 0  # spooled problems whose cells are to be read again from the source
        self._pending: list[tuple] = []
        self._file = None
        self._path: Path | None = None
        if spool:
            fd, name = tempfile.mkstemp(prefix="privcli-errors-", suffix=".spool")
            self._path = Path(name)
            self._file = os.fdopen(fd, "wb")

    def add(self, p: Problem, cells: Cells = None) -> None:
        if p.level == "rejected":
            self.rejected += 1
        else:
            self.warnings += 1
        if len(self.first) < FIRST:
            self.first.append(p)
        if self._file is not None:
            if cells is None and p.row:
                self.refill += 1
            self._pending.append((p.row, p.level, p.column, p.value, p.reason, cells))
            if len(self._pending) >= 10_000:
                self.flush()

    def extend(self, items: Iterable[tuple[Problem, Cells]]) -> None:
        """One batch's problems, in row order."""
        for p, cells in items:
            self.add(p, cells)
        self.flush()

    def flush(self) -> None:
        if self._pending and self._file is not None:
            try:  # marshal is twice as fast as pickle, for cells of the built-in types
                tag, data = b"m", marshal.dumps(self._pending)
            except ValueError:  # dates and times, from an .xlsx
                tag, data = b"p", pickle.dumps(self._pending, protocol=pickle.HIGHEST_PROTOCOL)
            self._file.write(tag + len(data).to_bytes(8, "little") + data)
        self._pending = []

    @property
    def count(self) -> int:
        return self.rejected + self.warnings

    def _records(self) -> Iterator[tuple]:
        assert self._path is not None
        with open(self._path, "rb") as f:
            while head := f.read(9):
                data = f.read(int.from_bytes(head[1:], "little"))
                yield from (marshal.loads(data) if head[:1] == b"m" else pickle.loads(data))

    def save(
        self, dest: Path, reread: Callable[[], Iterator[tuple[int, list]]] | None = None
    ) -> Path:
        """Write the report to `dest` (.xlsx, else CSV), creating its folder (0700) and the file
        (0600) as needed; `reread()` gives the source's rows again for problems found while
        landing."""
        assert self._file is not None, "the report was not spooled (--errors none)"
        self.flush()
        self._file.close()
        records: Iterator[tuple] = self._records()
        if self.refill and reread is not None:
            records = _refilled(records, reread)
        dest = Path(dest)
        _private_file(dest)
        header = REPORT_HEADER + self.source_header
        try:
            if dest.suffix.lower() == ".xlsx":
                # the row number is a number; the source's cells as typed (never a formula)
                kinds = ["integer", *[None] * (len(header) - 1)]
                writer = open_writer(dest, header, sheet="错误报告", kinds=kinds, private=True)
                try:
                    for line in _lines(records):
                        writer.writerow([v if v.__class__ is str else _xlsx_value(v) for v in line])
                except BaseException:
                    writer.abort()
                    raise
                writer.close()
            else:
                with open(dest, "w", encoding="utf-8-sig", newline="") as f:
                    w = csv.writer(f)
                    w.writerow(header)
                    w.writerows(
                        # the usual cell (text that is no formula) as it is, without a call
                        [
                            v if v.__class__ is str and v[:1] not in _DANGER else _csv_value(v)
                            for v in line
                        ]
                        for line in _lines(records)
                    )
        finally:
            self.discard()
        return dest

    def discard(self) -> None:
        if self._file is not None and not self._file.closed:
            self._file.close()
        if self._path is not None:
            self._path.unlink(missing_ok=True)


def _private_file(dest: Path) -> None:
    """Create `dest` readable by its owner only (it holds the source's personal data), and its
    folder, if missing, likewise."""
    parent = dest.parent
    if not parent.exists():
        parent.mkdir(parents=True, mode=0o700)
        parent.chmod(0o700)  # whatever the umask
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _refilled(
    records: Iterator[tuple], reread: Callable[[], Iterator[tuple[int, list]]]
) -> Iterator[tuple]:
    """The records, those without cells given the cells of their row, read again from the
    source in one forward pass (records are in row order). A source that cannot be read again
    (stdin) leaves them without cells."""
    source: Iterator[tuple[int, list]] | None = None
    current: tuple[int, list] = (0, [])
    for rec in records:
        row, cells = rec[0], rec[5]
        if cells is None and row:
            if source is None:
                try:
                    source = iter(reread())
                except Exception:
                    source = iter(())
            try:
                while current[0] < row:
                    current = next(source)
            except Exception:  # StopIteration included: the source is shorter
                current = (float("inf"), [])  # type: ignore[assignment]
            rec = (*rec[:5], current[1] if current[0] == row else [])
        yield rec


def _lines(records: Iterator[tuple]) -> Iterator[list]:
    """One report line per source row: the row's problems joined, then its cells."""
    group: list[tuple] = []
    for rec in records:
        if group and (rec[0] is None or rec[0] != group[0][0]):
            yield _line(group)
            group = []
        group.append(rec)
    if group:
        yield _line(group)


def _line(group: list[tuple]) -> list:
    row = group[0][0]
    cells = next((r[5] for r in group if r[5]), None) or []
    if len(group) == 1:
        _, level, column, value, reason, _ = group[0]
        return [row, LEVEL_TEXT[level], column, value, reason, *cells]
    level = "rejected" if any(r[1] == "rejected" for r in group) else "warning"
    columns = list(dict.fromkeys(r[2] for r in group if r[2]))
    values = JOIN.join(as_typed(r[3]) for r in group if r[3] is not None)
    reasons = JOIN.join(f"{r[2]}: {r[4]}" if r[2] else r[4] for r in group)
    return [row, LEVEL_TEXT[level], JOIN.join(columns), values, reasons, *cells]
