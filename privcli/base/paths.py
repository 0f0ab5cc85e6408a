"""Where privcli may write a file: never over the database or the file being read, and never over
an existing file privcli did not write itself unless told to (--force).

`--errors privcli.db` once turned the database into a CSV and every later command died; `--errors
members.csv` replaced the input being imported. Every FILE privcli writes (error reports,
exports, transfer plans, later reports) goes through `check_output` first, before any byte.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable
from pathlib import Path

from privcli.base.errors import UsageError
from privcli.base.messages import t

# Written into every .xlsx privcli makes (docProps/core.xml), so that a later run knows the file
# is its own.
XLSX_CREATOR = "privcli"


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _database_files(db_url: str | None) -> list[Path]:
    if not db_url or "://" in db_url and not db_url.lower().startswith("sqlite"):
        return []
    path = db_url.split("://", 1)[1].lstrip("/") if "://" in db_url else db_url
    base = Path(path)
    return [base, Path(f"{base}-wal"), Path(f"{base}-shm"), Path(f"{base}-journal")]


def written_by_privcli(path: Path, known_headers: Iterable[Iterable[str]] = ()) -> bool:
    """An .xlsx whose creator is privcli, or a CSV whose first row is a header privcli writes
    (an export's, a transfer plan's, an error report's)."""
    try:
        if path.suffix.lower() == ".xlsx":
            with zipfile.ZipFile(path) as z:
                core = z.read("docProps/core.xml").decode("utf-8", "replace")
            return f">{XLSX_CREATOR}<" in core
        with open(path, encoding="utf-8-sig", newline="") as f:
            first = next(csv.reader(f), None)
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError, csv.Error, StopIteration):
        return False
    if not first:
        return False
    first = [c.strip() for c in first]
    return any(first[: len(h)] == list(h) for h in map(list, known_headers) if h)


def check_output(
    path: str | Path,
    *,
    db_url: str | None,
    inputs: Iterable[str | Path] = (),
    known_headers: Iterable[Iterable[str]] = (),
    force: bool = False,
    option: str = "FILE",
) -> Path:
    """Refuse to write `path` when it is the database (or its WAL/SHM files), one of the files
    being read, a directory, or an existing file privcli did not write (unless `force`)."""
    p = Path(path)
    if p.is_dir():
        raise UsageError(t("paths.is_dir", option=option, path=p))
    for f in _database_files(db_url):
        if _same(p, f) or p.resolve() == f.resolve():
            raise UsageError(t("paths.is_database", option=option, path=p))
    for f in inputs:
        if _same(p, Path(f)):
            raise UsageError(t("paths.is_input", option=option, path=p))
    if p.exists() and not force and not written_by_privcli(p, known_headers):
        raise UsageError(t("paths.not_ours", option=option, path=p), hint=t("paths.not_ours_hint"))
    return p
