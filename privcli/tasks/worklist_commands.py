"""`privcli tasks list|export|done|import-results|report`: working the daily list and measuring
it. Thin: options parsed here, the work in worklist.py, sheet.py and report.py."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from privcli.base.options import (
    ForceOpt,
    FormatOpt,
    JsonOpt,
    Lang,
    LimitOpt,
    ShowPii,
    emit,
    fmt_or_json,
    get_db,
    split_values,
)


class Status(str, Enum):
    pending = "pending"
    done = "done"
    skipped = "skipped"


class TaskResult(str, Enum):
    contacted = "contacted"
    no_reply = "no_reply"
    refused = "refused"
    purchased = "purchased"


class ExportBy(str, Enum):
    store = "store"
    guide = "guide"


class ReportBy(str, Enum):
    rule = "rule"
    guide = "guide"
    store = "store"


_MANY = "Repeat or comma-separate for several."
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", help="The task day (2026-12-03, today, yesterday; default today, business time)."
    ),
]
GuideOpt = Annotated[
    list[str] | None, typer.Option("--guide", help=f"Tasks of this guide (id / 工号). {_MANY}")
]
StoreOpt = Annotated[
    list[str] | None,
    typer.Option("--store", help=f"Tasks planned for this store (code). {_MANY}"),
]
RuleOpt = Annotated[
    list[str] | None, typer.Option("--rule", help=f"Tasks of this rule (its name). {_MANY}")
]


def _filter(date, guide, store, status=None, rule=None):
    from privcli.export.period import parse_day
    from privcli.tasks.worklist import TaskFilter

    return TaskFilter(
        day=parse_day("--date", date) if date else parse_day("--date", "today"),
        guides=split_values(guide),
        stores=split_values(store),
        statuses=(status.value,) if status else (),
        rules=split_values(rule),
    )


def list_(
    ctx: typer.Context,
    date: DateOpt = None,
    guide: GuideOpt = None,
    store: StoreOpt = None,
    status: Annotated[Status | None, typer.Option(help="Only tasks in this status.")] = None,
    rule: RuleOpt = None,
    limit: LimitOpt = 100,
    show_pii: ShowPii = False,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """List a day's tasks by store, guide and priority: customer, rule, reason, suggested
    message, coupon code, minutes, status and result. Phones and names are masked (also inside
    the message) unless --show-pii.

    Examples: privcli tasks list · privcli tasks list --guide GSH0101 --status pending ·
    privcli tasks list --date yesterday --store SH01 --limit 0 -f csv
    """
    from privcli.tasks.worklist import listing

    db = get_db(ctx)
    with db.transaction(write=False):
        result = listing(
            db, _filter(date, guide, store, status, rule), limit=limit, show_pii=show_pii
        )
        emit(result, fmt_or_json(fmt, as_json), show_pii)


def export(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="FILE.xlsx (a sheet per store) or FILE.csv (- : CSV on standard output); with "
            "--by guide a folder that gets one .xlsx per guide."
        ),
    ],
    date: DateOpt = None,
    by: Annotated[
        ExportBy, typer.Option(help="store: one sheet per store; guide: one file per guide.")
    ] = ExportBy.store,
    guide: GuideOpt = None,
    store: StoreOpt = None,
    lang: Annotated[
        Lang | None,
        typer.Option(help="Header and value language: en or zh (default: PRIVCLI_LANG)."),
    ] = None,
    show_pii: ShowPii = False,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Write a day's tasks for guides to work through and fill in: done (是/否), result
    (contacted, no_reply, refused, purchased) and note, with drop-down lists on the fill-in
    columns, frozen header, filter. Import it back with privcli tasks import-results.

    Examples: privcli tasks export tasks.xlsx --lang zh ·
    privcli tasks export 今日任务/ --by guide --date 2026-12-03 ·
    privcli tasks export tasks.csv --store SH01
    """
    from privcli.base import output as out
    from privcli.base.messages import lang as current_lang
    from privcli.base.messages import t
    from privcli.base.output import Record
    from privcli.tasks.sheet import export as write

    db = get_db(ctx)
    where = _filter(date, guide, store)
    language = lang.value if lang else current_lang()
    with db.transaction(write=False):
        done = write(
            db,
            file,
            where,
            by=by.value,
            lang=language,
            show_pii=show_pii,
            force=force,
            db_url=db.url,
        )
    if str(file) == "-":  # the CSV went to standard output: the summary is for stderr only
        out.info(t("tasks.exported", rows=done.rows, day=done.day, path="-", sheets=1))
        return
    if not done.rows:
        note = t("tasks.exported_none", day=done.day)
    elif done.by == "guide":
        note = t(
            "tasks.exported_guides", rows=done.rows, day=done.day, files=len(done.files), path=file
        )
    else:
        note = t("tasks.exported", rows=done.rows, day=done.day, path=file, sheets=done.sheets)
    emit(
        Record(
            {
                "date": done.day,
                "by": done.by,
                "rows": done.rows,
                "sheets": done.sheets,
                "path": str(file),
                "files": len(done.files),
            },
            notes=[note],
        ),
        fmt_or_json(fmt, as_json),
    )


def done(
    ctx: typer.Context,
    ids: Annotated[list[int], typer.Argument(help="Task ids (privcli tasks list, column id).")],
    result: Annotated[
        TaskResult | None,
        typer.Option(help="What came of it: contacted, no_reply, refused, purchased."),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the task.")] = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Mark tasks done, with what came of it. An unknown id is named and nothing is changed;
    marking a task done again with the same result changes nothing.

    Examples: privcli tasks done 1201 1202 --result contacted ·
    privcli tasks done 1203 --result purchased --note "到店买了面霜"
    """
    from privcli.base.messages import t
    from privcli.base.output import Record
    from privcli.tasks.worklist import mark_done

    marked = mark_done(get_db(ctx), ids, result=result.value if result else None, note=note)
    notes = []
    if marked.changed:
        notes.append(t("tasks.done_changed", n=len(marked.changed), ids=_ids(marked.changed)))
    if marked.unchanged:
        notes.append(t("tasks.done_unchanged", n=len(marked.unchanged), ids=_ids(marked.unchanged)))
    emit(
        Record(
            {
                "done": len(marked.changed),
                "unchanged": len(marked.unchanged),
                "result": marked.result,
                "ids": marked.changed,
            },
            notes=notes,
        ),
        fmt_or_json(fmt, as_json),
    )


def _ids(ids: list[int]) -> str:
    shown = ", ".join(map(str, ids[:20]))
    return shown + (" …" if len(ids) > 20 else "")


def import_results(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The exported sheet, filled in (.xlsx or .csv).")],
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            help="Where to write the rejected rows (.xlsx/.csv; default "
            "./privcli-errors/FILE-TIMESTAMP.xlsx; none: no report).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count; change nothing.")
    ] = False,
    force: ForceOpt = False,
    show_pii: ShowPii = False,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Record a filled-in tasks sheet (every sheet of the workbook; English or Chinese headers
    and values): done, result and note per task, in one transaction. Rows that cannot be
    applied go to the error report, which can be fixed and imported again. Importing the same
    sheet again changes nothing.

    Examples: privcli tasks import-results tasks.xlsx ·
    privcli tasks import-results 今日任务/GSH0101\\ 陈静.xlsx --json
    """
    from privcli.base.messages import t
    from privcli.base.paths import check_output
    from privcli.imports.summary import summary
    from privcli.tasks.sheet import import_results as apply

    db = get_db(ctx)
    if errors is not None and str(errors).strip().lower() != "none":
        check_output(errors, db_url=db.url, inputs=[file], force=force, option="--errors")
    result = apply(db, file, errors_path=errors, dry_run=dry_run)
    record = summary(result, show_pii)
    if not result.updated and not result.rejected:
        record.notes.append(t("tasks.imported_nothing"))
    emit(record, fmt_or_json(fmt, as_json))


def report(
    ctx: typer.Context,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="First task day (default: 29 days before --to)."),
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last task day (default today).")] = None,
    by: Annotated[ReportBy, typer.Option(help="One row per rule, guide or store.")] = ReportBy.rule,
    days: Annotated[
        int,
        typer.Option(min=1, help="A task converts with a paid order within this many days."),
    ] = 7,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also write the report: .xlsx (with a chart) or .csv."),
    ] = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Generated, done, completion rate, converted, conversion rate and sales after contact per
    rule, guide or store; where a control group was held out, its conversion over the same
    window and the uplift with a 95% confidence interval.

    Examples: privcli tasks report · privcli tasks report --by guide --from 2026-11-01 --to
    2026-11-30 · privcli tasks report --days 14 -o tasks-report.xlsx
    """
    from privcli.base import output as out
    from privcli.base.messages import t
    from privcli.boards.workbook import check_path
    from privcli.export.period import parse_day
    from privcli.tasks.report import report as build
    from privcli.tasks.report import write

    db = get_db(ctx)
    path = check_path(output, db.url, (".xlsx", ".csv"), force=force) if output else None
    first = parse_day("--from", from_) if from_ else None
    last = parse_day("--to", to) if to else None
    with db.transaction(write=False):
        listing = build(db, first=first, last=last, by=by.value, days=days)
    listing.rows = list(listing.rows)
    if path is not None:
        write(listing, path, force=force)
        out.info(t("tasks.report_written", path=path))
    emit(listing, fmt_or_json(fmt, as_json))


def register(app: typer.Typer) -> None:
    """Add the worklist commands to the `tasks` group."""
    app.command("list")(list_)
    app.command("export")(export)
    app.command("done")(done)
    app.command("import-results")(import_results)
    app.command("report")(report)
