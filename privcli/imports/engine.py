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
import shlex
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from privcli.base import config, events
from privcli.base.capability import KindSpec, load
from privcli.base.db import Database
from privcli.base.errors import PrivcliError, UsageError
from privcli.base.messages import t
from privcli.imports import pipeline
from privcli.imports.land import Lander
from privcli.imports.report import REPORT_HEADER, Problem, ProblemSink
from privcli.io import headers, normalize, xlsx_stream
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
    extra: dict[str, int] = field(default_factory=dict)  # the kind's own counts (refunds, ...)
    dry_run: bool = False
    import_id: int | None = None
    errors_path: Path | None = None
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """The six numbers `--json` prints (and scripts rely on), then the kind's own counts
        (an orders import: `refunds`)."""
        return {
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "warnings": self.warnings,
            **self.extra,
        }


class Context:
    """What a row normalizer needs: where problems go, the header texts, today."""

    def __init__(self, header: headers.Header, sink: ProblemSink):
        self.header = header
        self.sink = sink
        self.today = config.today()
        # the row being normalized, for the error report; None while a batch lands (the cells
        # of a row warned about then are read again from the file for the report)
        self.cells: list | None = []
        self.row = 0  # its sheet row number

    def column(self, field: str) -> str | None:
        i = self.header.columns.get(field)
        return self.header.cells[i] if i is not None else field

    def reject(self, row: int, field: str | None, value, reason: str) -> None:
        col = self.column(field) if field else None
        self.sink.add(Problem(row, col, value, reason, "rejected", field), self.cells)

    def reject_at(self, row: int, index: int, value, reason: str) -> None:
        """Reject a row for its cell in column `index`, whether it maps to a field or not."""
        col, field = self._at(index)
        self.sink.add(Problem(row, col, value, reason, "rejected", field), self.cells)

    def warn_at(self, row: int, index: int, value, reason: str) -> None:
        """Warn about a row's cell in column `index`, whether it maps to a field or not."""
        col, field = self._at(index)
        self.sink.add(Problem(row, col, value, reason, "warning", field), self.cells)

    def _at(self, index: int) -> tuple[str, str | None]:
        """The header text (else "column N") and the field of column `index`."""
        texts = self.header.cells
        col = texts[index] if index < len(texts) and texts[index] else f"column {index + 1}"
        return col, next((f for f, i in self.header.columns.items() if i == index), None)

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

    value_maps: dict[str, dict[str, str]] = {}  # --map-status, see parse_value_maps

    def counts(self) -> dict[str, int]:
        """Counts of the kind's own the summary adds after the six (an orders import: refunds)."""
        return {}

    def finish(self) -> None:
        """After the last batch, in the import's transaction: rebuild what was deferred."""
        assert self.lander is not None
        self.lander.finish()

    @property
    def key_field(self) -> str:
        """The field rows are keyed by (rows repeating it merge): the first required one."""
        return self.spec.required[0]

    def row_fn(self, cols: dict[str, int], ctx: Context) -> Callable[[int, list], tuple | None]:
        raise NotImplementedError

    def start(self, ctx: Context, params: dict) -> None:
        """Called inside the import's transaction, before the first batch."""
        raise NotImplementedError

    def valid_key(self, v) -> bool:
        """Does a raw key cell hold a key? A row that starts with 合计 is a total row only
        without one (pipeline.normalized). Cheap: asked only of rows that start with 合计/总计/
        小计, and a key of its own reading 合计 is none."""
        c = normalize.clean(v)
        return c is not None and normalize.code(c).strip()[:2] not in ("合计", "总计", "小计")

    resolve: Callable[[list[tuple]], list[tuple]] | None = None
    """Completes a batch from the database in the worker process (see Orders.resolve)."""
    resolve_reads: tuple[str, ...] = ()
    """The tables `resolve` reads: it is not used while the import holds them locked."""

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


ERRORS_DIR = "privcli-errors"
NO_REPORT = "none"  # --errors none: count and show the problems, write no report


def default_errors_path(path: Path) -> Path:
    """./privcli-errors/STEM-TIMESTAMP.xlsx, never an existing file. An .xlsx report whatever
    the source: it is opened and fixed in Excel, and Excel opening a CSV turns long digit
    strings (order numbers, card numbers) into 1.23E+17 and saves them so; in an .xlsx text
    cells stay text."""
    stamp = config.now().strftime("%Y%m%d-%H%M%S")
    ext = ".xlsx"
    folder = Path.cwd() / ERRORS_DIR
    dest = folder / f"{path.stem}-{stamp}{ext}"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"{path.stem}-{stamp}-{n}{ext}"
    return dest


@dataclass
class Opened:
    """A file opened for import: its header found, its rows ready to stream. `strip`: leading
    columns dropped from every row (the problem columns of an error report imported again)."""

    path: Path
    sheet: Sheet
    header: headers.Header
    rows: Iterator[tuple[int, list]]
    sha256: str
    strip: int = 0

    def reread(self) -> Iterator[tuple[int, list]]:
        """The file's rows once more, as the import saw them (for the error report)."""
        src = open_sheet(self.path, self.sheet.name if self.sheet.kind == "xlsx" else None)
        if not self.strip:
            return src.rows
        return ((r, c[self.strip :]) for r, c in src.rows)


def parse_value_maps(
    spec: KindSpec, field: str, items: list[str] | None
) -> dict[str, dict[str, str]]:
    """--map-status 'VALUE=status' items → {field: {folded value: status}}, checked against the
    statuses the kind knows (refused, exit 2, before anything is read)."""
    if not items:
        return {}
    allowed = spec.value_maps.get(field)
    if not allowed:
        raise UsageError(t("imports.no_value_map", kind=spec.name, option="--map-status"))
    out: dict[str, str] = {}
    for item in items:
        value, sep, target = item.rpartition("=")
        target = target.strip().lower()
        if not sep or not value.strip():
            raise UsageError(t("imports.value_map_form", item=item, choices="|".join(allowed)))
        if target not in allowed:
            raise UsageError(
                t("imports.value_map_target", item=item, target=target, choices="|".join(allowed))
            )
        out[fold_value(value)] = target
    return {field: out}


def fold_value(v) -> str:
    """How a cell is compared with a --map-status value: full-width folded, no spaces."""
    return normalize.fold(str(v)).replace(" ", "").strip().lower()


def open_file(kind: Kind, path: Path, sheet: str | None, mapping: list[str] | None) -> Opened:
    """Open the file and find its header row: everything that can fail before a write."""
    src = open_sheet(path, sheet)
    col_map = headers.parse_mapping(kind.spec, mapping)
    first = list(itertools.islice(src.rows, headers.HEADER_SCAN_ROWS))
    try:
        header = headers.detect(kind.spec, first, col_map, path.name)
    except PrivcliError as e:
        if src.kind == "xlsx" and sheet is None:
            raise _with_other_sheets(e, kind, path, src.name, col_map) from None
        raise
    header.warnings += _mapped_columns_missing(header, mapping)
    after = [r for r in first if r[0] > header.row]
    rows: Iterator[tuple[int, list]] = itertools.chain(after, src.rows)
    strip = 0
    if header.cells[: len(REPORT_HEADER)] == REPORT_HEADER:
        # an error report imported again: its problem columns are not data
        strip = len(REPORT_HEADER)
        header = headers.Header(
            header.row,
            header.cells[strip:],
            {f: i - strip for f, i in header.columns.items() if i >= strip},
            header.warnings,
        )
        rows = ((r, c[strip:]) for r, c in rows)
    return Opened(path, src, header, rows, _sha256(path), strip)


def _mapped_columns_missing(header: headers.Header, mapping: list[str] | None) -> list[str]:
    """A --map naming a column the file does not have is a warning listing the headers found
    (a typo there would otherwise leave the field silently empty)."""
    have = {headers.hnorm(c) for c in header.cells}
    found = ", ".join(c for c in header.cells if c) or "-"
    out = []
    for item in mapping or []:
        column = item.rpartition("=")[0].strip()
        if headers.hnorm(column) not in have:
            out.append(
                t("imports.map_missing", item=item, column=column, row=header.row, found=found)
            )
    return out


def _shell_word(s: str) -> str:
    """`s` as typed in a shell: quoted only when it has to be (花名册 stays 花名册)."""
    return (
        s
        if s and not any(c.isspace() or c in "'\"\\$`!*?;&|<>()[]{}#~" for c in s)
        else shlex.quote(s)
    )


def _sheet_names(path: Path) -> list[str]:
    try:
        book = xlsx_stream.XlsxBook(path)
    except PrivcliError:
        return []
    try:
        return book.sheet_names
    finally:
        book.close()


def _with_other_sheets(
    e: PrivcliError, kind: Kind, path: Path, tried: str, col_map: dict[str, str]
) -> PrivcliError:
    """The first sheet has no usable header: name the workbook's sheets and which of them look
    like this kind (their header found), so that the fix is one --sheet away."""
    names = _sheet_names(path)
    if len(names) < 2:
        return e
    shown, pick = [], None
    for name in names:
        h = None
        if name != tried:
            try:
                rows = list(itertools.islice(open_sheet(path, name).rows, headers.HEADER_SCAN_ROWS))
                h = headers.detect(kind.spec, rows, col_map, path.name)
            except PrivcliError:
                h = None
        if h is None:
            shown.append(name)
        else:
            shown.append(t("imports.sheet_looks_like", sheet=name, kind=kind.name, row=h.row))
            pick = pick or name
    hint = t("imports.sheets", file=path.name, sheets=", ".join(shown)) + "; "
    if pick is not None:
        hint += t("imports.sheet_pick", sheet=_shell_word(pick))
    else:
        hint += t("imports.sheet_none", kind=kind.name) + (f"; {e.hint}" if e.hint else "")
    return PrivcliError(e.message, hint=hint)


def import_file(
    db: Database,
    spec: KindSpec,
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: list[str] | None = None,
    status_map: list[str] | None = None,
    dry_run: bool = False,
    errors_path: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one file of kind `spec` in ONE transaction (rolled back for --dry-run).
    `status_map`: 'VALUE=status' items (--map-status) for the kind's status column.
    `errors_path`: where the error report goes (default ./privcli-errors/...; "none": no
    report)."""
    kind: Kind = load(spec.load)(db)
    kind.value_maps = parse_value_maps(spec, "status", status_map)
    path = Path(path)
    no_report = str(errors_path).strip().lower() == NO_REPORT if errors_path else False
    if errors_path and not no_report:
        _check_report_path(Path(errors_path))
    opened = open_file(kind, path, sheet, mapping)
    sink = ProblemSink(opened.header.cells, spool=not no_report)
    ctx = Context(opened.header, sink)
    sink.extend(
        (Problem(opened.header.row, None, None, w, "warning"), []) for w in opened.header.warnings
    )
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
    if no_report:
        return _finish_report(result, sink, None, opened)
    dest = Path(errors_path) if errors_path else default_errors_path(path)
    return _finish_report(result, sink, dest, opened)


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
    landing = pipeline.Collector()  # problems found while a batch lands
    row_fn = kind.row_fn(opened.header.columns, ctx)
    params = {"now": config.now(), "today": ctx.today}
    params["import_id"] = import_id = _log_start(db, kind.name, opened, params["now"])
    kind.start(ctx, params)
    assert kind.lander is not None
    expected = _estimate_rows(opened.path, opened.sheet.kind)
    kind.lander.defer_indexes(expected, also=kind.filled_with)
    key = opened.header.columns[kind.key_field]
    produce = partial(
        pipeline.normalized,
        opened.rows,
        row_fn,
        ctx,
        BATCH,
        long_rows=opened.sheet.long_rows,
        text_rows=opened.sheet.kind == "csv",
        has_key=lambda cells: key < len(cells) and kind.valid_key(cells[key]),
        key_name=ctx.column(kind.key_field),
        key_field=kind.key_field,
    )
    if pipeline.use_worker(expected):
        resolve = kind.resolve
        if kind.lander.locked_tables.intersection(kind.resolve_reads):
            # PostgreSQL, first load: this transaction dropped foreign keys and so holds
            # ACCESS EXCLUSIVE locks on the tables `resolve` reads. The worker's own connection
            # would wait for them while this process waits for the worker, a wait PostgreSQL's
            # deadlock detector cannot see. The lookups stay here (measured: as fast as in the
            # worker, the server shares the cores).
            resolve = None
        worker = partial(produce, resolve=resolve, resolved=kind.resolved)
        # the file is the worker's now: this process lets go of its reader (an xlsx reader
        # holds the shared strings, which would otherwise be held twice)
        messages = pipeline.in_worker(worker, forked=getattr(opened.sheet.rows, "close", None))
    else:
        messages = produce()
    n = 0
    announce = events.has_subscribers(events.IMPORT_BATCH_LANDED)
    with closing(messages):
        for batch, duplicates, problems, n in messages:
            if batch:
                # landing warns too (keys repeated across batches, ...), without the cells
                ctx.sink, ctx.cells = landing, None
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
                problems = problems + landing.take()
            # the report in row order: a row's problems together, whichever side found them
            problems.sort(key=_row_of)
            sink.extend(problems)
            if progress:
                progress(n)
    ctx.sink = sink
    kind.finish()
    totals = kind.lander.totals
    result.rows = n
    result.inserted, result.updated, result.unchanged = (
        totals.inserted,
        totals.updated,
        totals.unchanged,
    )
    result.members_created = getattr(kind, "members_created", 0)
    result.extra = kind.counts()
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


def _check_report_path(dest: Path) -> None:
    """--errors names a file privcli can write, checked before anything is imported."""
    if dest.suffix.lower() not in (".csv", ".xlsx", ".txt"):
        raise UsageError(t("imports.errors_suffix", path=dest))
    if dest.is_dir() or any(p.exists() and not p.is_dir() for p in dest.parents):
        raise UsageError(t("imports.errors_not_a_file", path=dest))


def _row_of(item: tuple[Problem, list | None]) -> int:
    return item[0].row or 0


def _finish_report(
    result: ImportResult, sink: ProblemSink, dest: Path | None, opened: Opened
) -> ImportResult:
    """Counts from the sink, and the error report saved at `dest` (no report when there is
    no problem, or no `dest`: --errors none)."""
    result.rejected, result.warnings = sink.rejected, sink.warnings
    result.problems = sink.first
    if sink.count and dest is not None:
        try:
            result.errors_path = sink.save(dest, opened.reread)
        except OSError as e:
            raise PrivcliError(
                t("imports.report_failed", path=dest, error=e.strerror or e),
                hint=t("imports.report_failed_hint"),
            ) from e
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
