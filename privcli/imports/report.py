"""The error report: every rejected row and every warning, with the original cells, so that ops
staff can fix the rows in Excel and import the report file itself again.

Problems stream to a temporary CSV while the import runs (a file with a million bad rows must not
sit in memory) and are moved or converted to the requested path at the end.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from privcli.base.pii import MASKERS
from privcli.imports.spec import REPORT_HEADER
from privcli.io.writers import safe_text


@dataclass
class Problem:
    row: int | None
    column: str | None
    value: object
    reason: str
    level: str  # rejected | warning
    field: str | None = None  # canonical field, to mask PII on the terminal

    def describe(self, show_pii: bool = False) -> str:
        """One line for the terminal: where, which column, the value (masked when it is
        personal data, unless show_pii) and why."""
        where = f"row {self.row}" if self.row else "file"
        col = f", column {self.column}" if self.column else ""
        value = self.value
        if not show_pii and self.field in MASKERS and isinstance(value, str):
            value = MASKERS[self.field](value)
        val = f", value {value!r}" if value is not None else ""
        return f"{self.level}: {where}{col}{val}: {self.reason}"


class ProblemSink:
    def __init__(self, source_header: list[str]):
        self.rejected = 0
        self.warnings = 0
        self.first: list[Problem] = []  # the first few, for the terminal
        fd, name = tempfile.mkstemp(prefix="privcli-errors-", suffix=".csv")
        self._path = Path(name)
        self._file = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
        self._w = csv.writer(self._file)
        self._w.writerow(REPORT_HEADER + source_header)

    def add(self, p: Problem, cells: list | None = None) -> None:
        if p.level == "rejected":
            self.rejected += 1
        else:
            self.warnings += 1
        if len(self.first) < 20:
            self.first.append(p)
        value = "" if p.value is None else str(p.value)
        original = [
            "" if c is None else safe_text(c) if c.__class__ is str else c for c in (cells or [])
        ]
        self._w.writerow(
            [
                p.row or "",
                "拒绝" if p.level == "rejected" else "警告",
                p.column or "",
                safe_text(value),
            ]
            + [p.reason]
            + original
        )

    @property
    def count(self) -> int:
        return self.rejected + self.warnings

    def save(self, dest: Path) -> Path:
        self._file.close()
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        # The report holds the source rows (personal data): readable by its owner only, from
        # the first byte (never a world-readable copy, even across file systems)
        if dest.suffix.lower() == ".xlsx":
            from privcli.io.writers import csv_to_xlsx

            # the row number is a number; every other cell is text, exactly as in the source
            kinds = {REPORT_HEADER[0]: "integer"}
            csv_to_xlsx(self._path, dest, sheet="错误报告", kinds=kinds, private=True)
            self._path.unlink()
        else:
            from privcli.io.files import install

            install(self._path, dest, private=True)
        return dest

    def discard(self) -> None:
        if not self._file.closed:
            self._file.close()
        self._path.unlink(missing_ok=True)
