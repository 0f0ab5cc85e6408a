"""The sheet guides work through (`tasks export`) and its return trip (`tasks import-results`).

Export: one sheet per store in one workbook, or one workbook per guide in a folder, or one CSV.
Each row is a task (customer masked unless --show-pii, also inside the suggested message), with
three columns to fill in: done (是/否, yes/no), result (contacted / no_reply / refused /
purchased, in the header language) and note. The fill-in columns offer drop-down lists; a task
already done comes out filled in, so that the sheet imported back as it is changes nothing.

Import: every sheet of the workbook (or the CSV), English or Chinese headers and values. A row
that cannot be applied (an unknown task id, a done value that is neither yes nor no, a result
not in the list) is rejected into the foundation's error report (privcli/imports/report.py:
the row's cells under their headers, so the report itself can be fixed and imported again);
the other rows are applied, all in one transaction. An empty cell changes nothing; 否/no makes
a done task pending again; a result without a done value means done (there was a contact).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from privcli.base import config
from privcli.base.capability import KindSpec
from privcli.base.db import Database
from privcli.base.errors import PrivcliError, UsageError
from privcli.base.messages import t
from privcli.base.paths import check_output
from privcli.base.pii import mask_name, mask_phone
from privcli.imports.engine import ImportResult, default_errors_path
from privcli.imports.report import Problem, ProblemSink
from privcli.imports.spec import REPORT_HEADER
from privcli.io import headers, normalize
from privcli.io.readers import open_sheet
from privcli.tasks.spec import HEADERS
from privcli.tasks.worklist import RESULTS, TaskFilter, completed_at, rows, worklist_sql

KINDS = ["integer", "date", *["text"] * 9, "integer", "text", "text", "text"]
_DONE, _RESULT = 12, 13
YES_NO = {"en": ("yes", "no"), "zh": ("是", "否")}
RESULT_WORDS = {
    "en": {r: r for r in RESULTS},
    "zh": {"contacted": "已联系", "no_reply": "未回复", "refused": "拒绝", "purchased": "已购买"},
}
SHEET_ALL = {"en": "tasks", "zh": "任务"}
NO_STORE = {"en": "no store", "zh": "无门店"}
BY = ("store", "guide")


@dataclass
class Exported:
    """What an export wrote: the files (one, or one per guide), rows, sheets (stores)."""

    day: date
    by: str
    files: list[Path]
    rows: int
    sheets: int


def _row(r: dict, lang: str, show_pii: bool) -> list:
    done = r["status"] == "done"
    name = r["name"] if show_pii else mask_name(r["name"])
    return [
        r["id"],
        r["due_on"],
        r["store_code"],
        r["guide_code"],
        r["guide_name"],
        name,
        r["phone"] if show_pii else mask_phone(r["phone"]),
        r["rule"],
        r["reason"],
        r["message"],
        r["coupon_code"],
        r["minutes"],
        YES_NO[lang][0] if done else None,
        RESULT_WORDS[lang].get(r["result"]) if r["result"] else None,
        r["note"],
    ]


def _validations(lang: str) -> dict[int, list[str]]:
    return {_DONE: list(YES_NO[lang]), _RESULT: list(RESULT_WORDS[lang].values())}


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_FILE_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def sheet_name(code: str | None, name: str | None, lang: str, taken: set[str]) -> str:
    """A store's sheet: code and name, without the characters Excel refuses, at most 31
    characters, unique (case ignored) among `taken`."""
    base = " ".join(p for p in (code, name) if p) or NO_STORE[lang]
    base = _SHEET_BAD.sub("_", base).strip().strip("'") or NO_STORE[lang]
    out, n = base[:31], 1
    while out.casefold() in taken:
        n += 1
        suffix = f"~{n}"
        out = base[: 31 - len(suffix)] + suffix
    taken.add(out.casefold())
    return out


def guide_file(folder: Path, code: str | None, name: str | None, lang: str) -> Path:
    """A guide's workbook in the folder: named for the guide's id and name."""
    base = " ".join(p for p in (code, name) if p) or NO_STORE[lang]
    return folder / (_FILE_BAD.sub("_", base).strip(" .") + ".xlsx")


def export(
    db: Database,
    path: str | Path,
    where: TaskFilter,
    *,
    by: str = "store",
    lang: str = "en",
    show_pii: bool = False,
    force: bool = False,
    db_url: str | None = None,
) -> Exported:
    """Write the day's tasks to fill in: by store, one .xlsx with a sheet per store (or one .csv
    with the store in a column); by guide, `path` is a folder that gets one .xlsx per guide.
    Streamed; a file appears only when complete. Every file is checked first (never the
    database, never a file privcli did not write unless `force`)."""
    from privcli.io.writers import open_writer
    from privcli.io.xlsx_writer import XlsxWriter

    if by not in BY:
        raise UsageError(t("tasks.bad_choice", option="--by", value=by, choices="|".join(BY)))
    path = Path(path)
    known = list(HEADERS.values())
    sql, params = worklist_sql(db, where, by_guide=by == "guide")
    header, validations = HEADERS[lang], _validations(lang)
    if by == "guide":
        if str(path) == "-" or (path.exists() and not path.is_dir()):
            raise UsageError(t("tasks.export_folder", path=path))
        guides = db.execute(
            f"SELECT DISTINCT g.code, g.name FROM ({sql}) x JOIN guides g ON g.code = x.guide_code",
            params,
        ).fetchall()
        files = {code: guide_file(path, code, name, lang) for code, name in guides}
        for f in files.values():
            check_output(f, db_url=db_url, known_headers=known, force=force)
        path.mkdir(parents=True, exist_ok=True)
        n, current, writer = 0, None, None
        try:
            for r in rows(db, sql, params, show_pii):
                if r["guide_code"] not in files:
                    continue  # a task without a guide: in no guide's file
                if r["guide_code"] != current:
                    if writer is not None:
                        writer.close()
                    current = r["guide_code"]
                    writer = XlsxWriter(
                        files[current],
                        header,
                        SHEET_ALL[lang],
                        KINDS,
                        validations=validations,
                        private=show_pii,
                    )
                writer.writerow(_row(r, lang, show_pii))
                n += 1
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        if writer is not None:
            writer.close()
        return Exported(where.day, by, list(files.values()), n, len(files))
    check_output(path, db_url=db_url, known_headers=known, force=force)
    it = rows(db, sql, params, show_pii)
    first = next(it, None)
    taken: set[str] = set()
    if path.suffix.lower() == ".xlsx" and first is not None:
        name = sheet_name(first["store_code"], first["store_name"], lang, taken)
        writer = XlsxWriter(path, header, name, KINDS, validations=validations, private=show_pii)
    else:  # a .csv (the store in its column), or a day without tasks: one sheet
        writer = open_writer(
            path, header, SHEET_ALL[lang], kinds=KINDS, private=show_pii, validations=validations
        )
    n, sheets = 0, 1
    store = first["store_code"] if first else None
    try:
        for r in itertools.chain([first] if first else [], it):
            if isinstance(writer, XlsxWriter) and r["store_code"] != store:
                store = r["store_code"]
                writer.next_sheet(sheet_name(store, r["store_name"], lang, taken))
                sheets += 1
            writer.writerow(_row(r, lang, show_pii))
            n += 1
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return Exported(where.day, by, [path], n, sheets)


# -- import-results -------------------------------------------------------------------------------
RESULTS_SPEC = KindSpec(
    name="task results",
    help="a tasks sheet filled in",
    aliases={
        "task_id": ("task_id", "任务编号", "任务ID", "任务id", "task id", "id"),
        "done": ("done", "是否完成", "完成", "已完成"),
        "result": ("result", "结果", "跟进结果"),
        "note": ("note", "备注", "notes"),
    },
    required=("task_id",),
    load="",
)
_YES = {"yes", "y", "true", "1", "done", "是", "完成", "已完成", "√", "✓", "✔", "x"}
_NO = {"no", "n", "false", "0", "否", "未完成", "没完成", "×", "✗"}
_RESULT_ALIASES = {
    **{r: r for r in RESULTS},
    "no reply": "no_reply",
    "no-reply": "no_reply",
    "noreply": "no_reply",
    "已联系": "contacted",
    "联系": "contacted",
    "已沟通": "contacted",
    "未回复": "no_reply",
    "无回复": "no_reply",
    "没回复": "no_reply",
    "拒绝": "refused",
    "已拒绝": "refused",
    "已购买": "purchased",
    "购买": "purchased",
    "已成交": "purchased",
    "成交": "purchased",
}


def _word(v) -> str:
    return normalize.fold(str(v)).strip().lower()


@dataclass
class _Row:
    """A row read: where it is (its sheet row, with the sheet's name when the workbook has
    several), its cells (for the error report), and either what it says or why not."""

    seq: int
    where: int | str
    cells: list
    id_column: str
    task_id: int | None = None
    done: bool | None = None
    result: str | None = None
    note: str | None = None
    problem: Problem | None = None

    def reject(self, column: str | None, value, key: str, **values) -> _Row:
        self.problem = Problem(self.where, column, value, t(key, **values), "rejected")  # type: ignore[arg-type]
        return self


class _Rows(NamedTuple):
    name: str
    rows: Iterator[tuple[int, list]]


def _sheets(path: Path) -> list:
    """Every sheet of the file (a CSV is one), each with its (sheet row, cells). A workbook of
    several sheets (one per store) is read with python-calamine, which opens the workbook and its
    shared strings once for all of them; privcli's streaming reader would open the workbook
    again for every sheet (400 stores: 400 times)."""
    from privcli.io import xlsx_stream

    first = open_sheet(path)
    if first.kind != "xlsx":
        return [first]
    try:
        book = xlsx_stream.XlsxBook(path)
        try:
            names = list(book.sheet_names)
        finally:
            book.close()
    except PrivcliError:
        return [first]
    if len(names) <= 1:
        return [first]
    close = getattr(first.rows, "close", None)
    if close:
        close()
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as e:
        raise PrivcliError(f"{path.name}: cannot read as .xlsx ({e})") from e
    return [_Rows(name, _calamine_rows(path, wb, name)) for name in names]


def _calamine_rows(path: Path, wb, name: str) -> Iterator[tuple[int, list]]:
    """A sheet's rows as the streaming reader gives them: row i is sheet row i, cell 0 is
    column A."""
    try:
        ws = wb.get_sheet_by_name(name)
    except Exception as e:
        raise PrivcliError(f"{path.name}: cannot read sheet {name!r} ({e})") from e
    pad = [""] * (ws.start[1] if ws.start else 0)
    for i, row in enumerate(ws.iter_rows(), 1):
        yield i, pad + row if pad else row


def _read(path: Path, header_out: list) -> Iterator[_Row]:
    """The rows of every sheet with a tasks header, parsed, in file order. The first such
    sheet's header (without an error report's problem columns) goes to `header_out`."""
    sheets = _sheets(path)
    many = len(sheets) > 1
    seq = 0
    for sheet in sheets:
        first = list(itertools.islice(sheet.rows, headers.HEADER_SCAN_ROWS))
        try:
            header = headers.detect(RESULTS_SPEC, first, {}, path.name)
        except PrivcliError:
            if many:
                continue  # a sheet that holds no tasks (notes, a summary)
            raise
        # an error report imported again: its problem columns are not data
        strip = len(REPORT_HEADER) if header.cells[: len(REPORT_HEADER)] == REPORT_HEADER else 0
        names = header.cells[strip:]
        cols = {f: i - strip for f, i in header.columns.items() if i >= strip}
        if not header_out:
            header_out.append(names)
        column = {f: names[i] for f, i in cols.items()}
        after = [r for r in first if r[0] > header.row]
        for num, cells in itertools.chain(after, sheet.rows):
            cells = list(cells[strip:])
            if all(c is None or c == "" for c in cells):
                continue
            seq += 1
            values = {
                f: normalize.clean(cells[i]) if i < len(cells) else None for f, i in cols.items()
            }
            row = _Row(seq, f"{sheet.name}!{num}" if many else num, cells, column["task_id"])
            yield _parsed(row, values, column)
    if not header_out:
        raise PrivcliError(t("tasks.no_sheet", file=path.name), hint=t("tasks.no_sheet_hint"))


def _parsed(row: _Row, values: dict, column: dict) -> _Row:
    raw = values.get("task_id")
    row.task_id = _task_id(raw)
    if row.task_id is None:
        return row.reject(column["task_id"], raw, "tasks.bad_id")
    raw = values.get("done")
    if raw is not None:
        w = _word(raw)
        if w not in _YES and w not in _NO:
            return row.reject(column["done"], raw, "tasks.bad_done")
        row.done = w in _YES
    raw = values.get("result")
    if raw is not None:
        w = _word(raw)
        row.result = _RESULT_ALIASES.get(w) or _RESULT_ALIASES.get(w.replace("_", " "))
        if row.result is None:
            return row.reject(column["result"], raw, "tasks.bad_result")
        if row.done is False:
            return row.reject(column["result"], raw, "tasks.result_not_done")
    note = values.get("note")
    row.note = None if note is None else str(note)
    return row


def _task_id(v) -> int | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, float):
        return int(v) if v.is_integer() and v > 0 else None
    if isinstance(v, int):
        return v if v > 0 else None
    s = str(v).strip()
    return int(s) if s.isdigit() and int(s) > 0 else None


def _stored(db: Database, ids: list[int]) -> dict[int, tuple]:
    """id → (id, status, result, note, completed_at) of the tasks among `ids`, a few thousand
    ids per query."""
    out: dict[int, tuple] = {}
    for i in range(0, len(ids), 5000):
        for rec in db.execute(
            "SELECT id, status, result, note, completed_at FROM tasks WHERE "
            + db.in_list("id", "ids"),
            {"ids": db.list_param(ids[i : i + 5000])},
        ).fetchall():
            out[rec[0]] = tuple(rec)
    return out


def import_results(
    db: Database, path: str | Path, *, errors_path: str | Path | None = None, dry_run: bool = False
) -> ImportResult:
    """Apply a filled-in tasks sheet in one transaction. Rows that cannot be applied are
    rejected into the error report; the others change their task's status, result and note
    (an empty cell keeps what is recorded). Importing the same sheet again changes nothing.
    `errors_path`: where the report goes (default ./privcli-errors/...; "none": no report)."""
    path = Path(path)
    no_report = errors_path is not None and str(errors_path).strip().lower() == "none"
    header: list = []
    read = list(_read(path, header))
    result = ImportResult("task results", path.name, "", 0, dry_run=dry_run)
    result.rows = len(read)
    good = [r for r in read if r.problem is None]
    now = config.now()
    with db.transaction(rollback=dry_run):
        stored = _stored(db, list(dict.fromkeys(r.task_id for r in good)))  # type: ignore[misc]
        first: dict[int, int | str] = {}
        updates = []
        for r in good:
            assert r.task_id is not None
            if r.task_id in first:
                r.reject(r.id_column, r.task_id, "tasks.repeated_id", first=first[r.task_id])
                continue
            first[r.task_id] = r.where
            old = stored.get(r.task_id)
            if old is None:
                r.reject(r.id_column, r.task_id, "tasks.no_such_task")
                continue
            _, status, old_result, old_note, old_at = old
            if r.done or (r.done is None and r.result is not None):
                new = ("done", r.result or old_result)
            elif r.done is False and status == "done":
                new = ("pending", None)  # not done after all: its result goes too
            else:
                new = (status, old_result)
            note = old_note if r.note is None else r.note
            if (*new, note) == (status, old_result, old_note):
                result.unchanged += 1
                continue
            updates.append((*new, note, completed_at(status, old_at, new[0], now), r.task_id))
        if updates:
            db.executemany(
                f"UPDATE tasks SET status = {db.ph}, result = {db.ph}, note = {db.ph},"
                f" completed_at = {db.ph} WHERE id = {db.ph}",
                updates,
            )
        result.updated = len(updates)
    sink = ProblemSink(header[0], spool=not no_report)
    sink.extend((r.problem, r.cells) for r in read if r.problem is not None)
    result.rejected, result.warnings = sink.rejected, sink.warnings
    result.problems = sink.first
    if sink.count and not no_report:
        dest = Path(errors_path) if errors_path else default_errors_path(path)
        result.errors_path = sink.save(dest)
    else:
        sink.discard()
    return result
