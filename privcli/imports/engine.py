"""The import engine shared by every import kind (stores, guides, members, orders, and whatever
a capability declares with a KindSpec).

open (find the header; nothing written yet) → land: normalize each row (kind-specific, in a
worker process for large files) and land in batches of 10,000 (land.py) → finish: log, tell the
other capabilities (events), all in ONE transaction: an import killed half-way leaves the old
state, and re-running it completes it. Memory stays flat: only one batch is held at a time.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from privcli.base import config, events
from privcli.base.capability import KindSpec, load
from privcli.base.db import Database
from privcli.imports import pipeline
from privcli.imports.land import Lander
from privcli.imports.report import Problem, ProblemSink
from privcli.io import headers
from privcli.io.readers import Sheet, open_sheet

BATCH = 10_000


@dataclass
class ImportResult:
    kind: str
    file: str
    sheet: str
    header_row: int
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    members_created: int = 0
    dry_run: bool = False
    import_id: int | None = None
    errors_path: Path | None = None
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """The six numbers `--json` prints (and scripts rely on)."""
        return {
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "warnings": self.warnings,
        }


class Context:
    """What a row normalizer needs: where problems go, the header texts, today."""

    def __init__(self, header: headers.Header, sink: ProblemSink):
        self.header = header
        self.sink = sink
        self.today = config.today()
        self.cells: list = []  # the row being normalized, for the error report
        self.row = 0  # its sheet row number

    def column(self, field: str) -> str | None:
        i = self.header.columns.get(field)
        return self.header.cells[i] if i is not None else field

    def reject(self, row: int, field: str | None, value, reason: str) -> None:
        col = self.column(field) if field else None
        self.sink.add(Problem(row, col, value, reason, "rejected", field), self.cells)

    def warn(self, row: int | None, field: str | None, value, reason: str, cells=None) -> None:
        col = self.column(field) if field else None
        problem = Problem(row, col, value, reason, "warning", field)
        self.sink.add(problem, self.cells if cells is None else cells)


class Kind:
    """One importable table: a row normalizer, and landing of normalized batches. Declared to
    the import command by a KindSpec (its headers, help), whose `load` names the class."""

    spec: KindSpec
    name: str
    filled_with: tuple[str, ...] = ()  # tables an import of this kind fills too

    def __init__(self, db: Database):
        self.db = db
        self.lander: Lander | None = None

    def row_fn(self, cols: dict[str, int], ctx: Context) -> Callable[[int, list], tuple | None]:
        raise NotImplementedError

    def start(self, ctx: Context, params: dict) -> None:
        """Called inside the import's transaction, before the first batch."""
        raise NotImplementedError

    resolve: Callable[[list[tuple]], list[tuple]] | None = None
    """Completes a batch from the database in the worker process (see Orders.resolve)."""

    def resolved(self) -> None:
        """The worker has read the whole file: close what `resolve` opened."""

    def land(self, rows: list[tuple], duplicates: list[tuple[int, str, int]]) -> None:
        """Land one batch collapsed by `land.collapse`: unique keys, in key order."""
        raise NotImplementedError


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _estimate_rows(path: Path, kind: str) -> int:
    """Rough row count from the file size (about 100 bytes per CSV row, 60 per zipped xlsx row)."""
    return path.stat().st_size // (60 if kind == "xlsx" else 100)


def default_errors_path(path: Path) -> Path:
    stamp = config.now().strftime("%Y%m%d-%H%M%S")
    return Path.cwd() / f"{path.stem}.errors-{stamp}.csv"


@dataclass
class Opened:
    """A file opened for import: its header found, its rows ready to stream."""

    path: Path
    sheet: Sheet
    header: headers.Header
    rows: Iterator[tuple[int, list]]
    sha256: str


def open_file(kind: Kind, path: Path, sheet: str | None, mapping: list[str] | None) -> Opened:
    """Open the file and find its header row: everything that can fail before a write."""
    src = open_sheet(path, sheet)
    col_map = headers.parse_mapping(kind.spec, mapping)
    first = list(itertools.islice(src.rows, headers.HEADER_SCAN_ROWS))
    header = headers.detect(kind.spec, first, col_map, path.name)
    after = [r for r in first if r[0] > header.row]
    return Opened(path, src, header, itertools.chain(after, src.rows), _sha256(path))


def import_file(
    db: Database,
    spec: KindSpec,
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: list[str] | None = None,
    dry_run: bool = False,
    errors_path: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one file of kind `spec` in ONE transaction (rolled back for --dry-run)."""
    kind: Kind = load(spec.load)(db)
    path = Path(path)
    opened = open_file(kind, path, sheet, mapping)
    sink = ProblemSink(opened.header.cells)
    ctx = Context(opened.header, sink)
    for w in opened.header.warnings:
        ctx.warn(opened.header.row, None, None, w, cells=[])
    result = ImportResult(kind.name, path.name, opened.sheet.name, opened.header.row)
    result.dry_run = dry_run
    try:
        with _foreign_key_checks_off(db), db.transaction(rollback=dry_run):
            _land_file(db, kind, opened, ctx, result, progress)
    except BaseException:
        sink.discard()
        raise
    if dry_run:
        result.import_id = None
    return _finish_report(result, sink, errors_path, path)


@contextmanager
def _foreign_key_checks_off(db: Database) -> Iterator[None]:
    """Every store/guide/member id an import writes was just resolved against the tables
    themselves (Directory, Lander.lookup), and privcli never deletes those rows: on SQLite the
    per-row foreign-key checks are redundant here and cost a third of an orders import."""
    if db.is_pg:
        yield
        return
    db.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        db.execute("PRAGMA foreign_keys=ON")


def _land_file(
    db: Database,
    kind: Kind,
    opened: Opened,
    ctx: Context,
    result: ImportResult,
    progress: Callable[[int], None] | None,
) -> None:
    """Inside the import's transaction: log the import, stream the rows through the normalizer
    (in a worker process for large files) and land them batch by batch, then finish the tables
    and tell the other capabilities."""
    sink = ctx.sink
    normalize = kind.row_fn(opened.header.columns, ctx)
    params = {"now": config.now(), "today": ctx.today}
    params["import_id"] = import_id = _log_start(db, kind.name, opened, params["now"])
    kind.start(ctx, params)
    assert kind.lander is not None
    expected = _estimate_rows(opened.path, opened.sheet.kind)
    kind.lander.defer_indexes(expected, also=kind.filled_with)
    produce = partial(pipeline.normalized, opened.rows, normalize, ctx, BATCH)
    if pipeline.use_worker(expected):
        messages = pipeline.in_worker(
            partial(produce, resolve=kind.resolve, resolved=kind.resolved)
        )
    else:
        messages = produce()
    n = 0
    announce = events.has_subscribers(events.IMPORT_BATCH_LANDED)
    with closing(messages):
        for batch, duplicates, problems, n in messages:
            for problem, cells in problems:
                sink.add(problem, cells)
            if batch:
                ctx.sink = sink  # landing warns too (duplicate keys)
                kind.land(batch, duplicates)
                if announce:
                    events.publish(
                        db,
                        events.IMPORT_BATCH_LANDED,
                        kind=kind.name,
                        import_id=import_id,
                        rows=batch,
                        # the rows have landed: ctx.cells holds whichever row was read
                        # last, not the warned one's, so the report gets no cells
                        warn=partial(ctx.warn, cells=[]),
                    )
            if progress:
                progress(n)
    kind.lander.finish()
    totals = kind.lander.totals
    result.rows = n
    result.inserted, result.updated, result.unchanged = (
        totals.inserted,
        totals.updated,
        totals.unchanged,
    )
    result.members_created = getattr(kind, "members_created", 0)
    result.rejected, result.warnings = sink.rejected, sink.warnings
    _log_finish(db, import_id, result)
    result.import_id = import_id
    events.publish(
        db,
        events.IMPORT_FINISHED,
        kind=kind.name,
        import_id=import_id,
        file=opened.path.name,
        counts=result.summary(),
        dry_run=result.dry_run,
    )


def _finish_report(
    result: ImportResult, sink: ProblemSink, errors_path: str | Path | None, path: Path
) -> ImportResult:
    """Counts from the sink, and the error report saved where asked (or discarded if empty)."""
    result.rejected, result.warnings = sink.rejected, sink.warnings
    result.problems = sink.first
    if sink.count:
        result.errors_path = sink.save(
            Path(errors_path) if errors_path else default_errors_path(path)
        )
    else:
        sink.discard()
    return result


def _log_start(db: Database, kind: str, opened: Opened, started) -> int:
    return db.scalar(
        "INSERT INTO import_log (kind, file_name, sha256, started_at, rows, inserted, updated, "
        "unchanged, rejected, warnings) VALUES (:k, :f, :s, :t, 0, 0, 0, 0, 0, 0) RETURNING id",
        {"k": kind, "f": opened.path.name, "s": opened.sha256, "t": started},
    )


def _log_finish(db: Database, import_id: int, r: ImportResult) -> None:
    db.execute(
        "UPDATE import_log SET finished_at = :t, rows = :rows, inserted = :inserted, "
        "updated = :updated, unchanged = :unchanged, rejected = :rejected, warnings = :warnings "
        "WHERE id = :id",
        {"t": config.now(), "id": import_id, **r.summary()},
    )
