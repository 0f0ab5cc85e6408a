"""Small report workbooks with native Excel charts: the leaderboard (a bar chart of the top
rows), a contest (a line chart of cumulative scores) and the reports (a sheet per table).

openpyxl is used here, not privcli's streaming writer, because these workbooks are small (a
few thousand rows at most) and need what only a full library writes: charts, conditional
formats and styles. It is imported only when a workbook is written.

Each sheet: a styled header row, frozen, with a filter; numbers as numbers with money (#,##0.00),
count (#,##0) and percent formats; the change column green when up and red when down; column
widths fitted to the content (CJK characters count double).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from privcli.base.errors import UsageError
from privcli.base.messages import heading, t
from privcli.base.output import Document, Listing
from privcli.base.paths import XLSX_CREATOR
from privcli.boards.formats import KIND_OF

FORMATS = {
    "money": "#,##0.00",
    "count": "#,##0",
    "ratio": "0.0%",
    "change": "+0.0%;-0.0%;0.0%",
}
HEADER_FILL = "1F4E78"
MAX_CHART_ROWS = 20


@dataclass
class Chart:
    """A native chart on a sheet. kind: bar (one series, categories = label column, the first
    `rows` rows) or line (one series per value column, categories = label column)."""

    kind: str
    title: str
    label: str
    values: list[str]
    rows: int = MAX_CHART_ROWS
    y_title: str | None = None


@dataclass
class Sheet:
    name: str
    columns: list[str]
    rows: list[Sequence]
    kinds: dict[str, str] = field(default_factory=dict)  # column -> money|count|ratio|change
    text: dict[str, Callable] = field(default_factory=dict)  # column -> value to text
    chart: Chart | None = None


def check_path(
    path: str | Path, db_url: str | None = None, allowed=(".xlsx",), *, force: bool = False
) -> Path:
    """An output path privcli may write: a known extension, an existing folder, never the
    database, never a file privcli did not write (unless --force; for a .csv that is told when
    its header is known, in write_result). See privcli/base/paths.py."""
    from privcli.base.paths import check_output

    p = Path(path)
    if p.suffix.lower() not in allowed:
        raise UsageError(
            t("boards.output_kind", path=p.name, kinds=", ".join(allowed)),
        )
    if p.parent and not p.parent.exists():
        raise UsageError(t("boards.output_dir", path=str(p.parent)))
    csv = p.suffix.lower() == ".csv"
    return check_output(p, db_url=db_url, force=force or csv, option="--output")


def _width(v) -> int:
    s = "" if v is None else str(v)
    return sum(2 if ord(c) > 0x2E7F else 1 for c in s)


def _cell(v):
    """Decimal yuan as a number; ISO dates read from SQLite as dates."""
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        try:
            return date.fromisoformat(v)
        except ValueError:
            return v
    return v


def write(path: str | Path, sheets: list[Sheet], info: list[tuple[str, object]] = ()) -> Path:
    """Write the sheets (and an `info` sheet of key/value lines: period, filters, when). A
    workbook is read by people: sheet names and headers are in the message language (销售额
    under zh), the columns' kinds and formats keyed by their names as before."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.properties.creator = XLSX_CREATOR  # privcli's own file, for a later run (base/paths.py)
    wb.remove(wb.active)
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for sh in sheets:
        ws = wb.create_sheet(heading(sh.name)[:31])
        heads = [heading(c) for c in sh.columns]
        ws.append(heads)
        for c in ws[1]:
            c.font, c.fill = head_font, head_fill
            c.alignment = Alignment(horizontal="center", vertical="center")
        widths = [_width(h) + 2 for h in heads]
        fmts = [FORMATS.get(sh.kinds.get(c, "")) for c in sh.columns]
        texts = [sh.text.get(c) for c in sh.columns]
        for r, row in enumerate(sh.rows, 2):
            for i, v in enumerate(row):
                if texts[i] is not None:
                    v = texts[i](v)
                cell = ws.cell(row=r, column=i + 1)
                v = _cell(v)
                cell.value = v
                if isinstance(v, str):
                    cell.data_type = "s"  # text, never a formula (=, +, -, @)
                    widths[i] = max(widths[i], _width(v) + 2)
                elif isinstance(v, (int, float)):
                    if fmts[i]:
                        cell.number_format = fmts[i]
                    widths[i] = max(widths[i], len(f"{v:,.2f}") + 1)
                elif v is not None:
                    widths[i] = max(widths[i], _width(v) + 2)
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = min(max(w, 8), 40)
        ws.freeze_panes = "A2"
        last = max(len(sh.rows) + 1, 2)
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sh.columns))}{last}"
        for i, c in enumerate(sh.columns, 1):
            if sh.kinds.get(c) == "change" and sh.rows:
                ref = f"{get_column_letter(i)}2:{get_column_letter(i)}{last}"
                ws.conditional_formatting.add(
                    ref,
                    CellIsRule(
                        operator="greaterThan",
                        formula=["0"],
                        font=Font(color="006100"),
                        fill=PatternFill("solid", bgColor="C6EFCE"),
                    ),
                )
                ws.conditional_formatting.add(
                    ref,
                    CellIsRule(
                        operator="lessThan",
                        formula=["0"],
                        font=Font(color="9C0006"),
                        fill=PatternFill("solid", bgColor="FFC7CE"),
                    ),
                )
        if sh.chart and sh.rows:
            _chart(ws, sh, len(sh.columns))
    if info:
        ws = wb.create_sheet(heading("info"))
        for k, v in info:
            ws.append([heading(k), "" if v is None else str(v)])
        ws.column_dimensions["A"].width = 18
        ws.column_dimensions["B"].width = 60
    p = Path(path)
    wb.save(p)
    return p


def _chart(ws, sh: Sheet, width: int) -> None:
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.utils import get_column_letter

    ch = sh.chart
    assert ch is not None
    label = sh.columns.index(ch.label) + 1
    n = min(len(sh.rows), ch.rows) if ch.kind == "bar" else len(sh.rows)
    cats = Reference(ws, min_col=label, min_row=2, max_row=n + 1)
    if ch.kind == "bar":
        chart = BarChart()
        chart.type = "bar"  # horizontal bars: names are long, ranks read top-down
        chart.style = 10
        chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
        chart.legend = None
        chart.height = max(7.5, 0.6 * n + 2)
    else:
        chart = LineChart()
        chart.style = 12
        chart.height = 9
    chart.width = 22
    chart.title = ch.title
    if ch.y_title:
        chart.y_axis.title = ch.y_title
    for col in ch.values:
        i = sh.columns.index(col) + 1
        data = Reference(ws, min_col=i, min_row=1, max_row=n + 1)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    ws.add_chart(chart, f"{get_column_letter(width + 2)}2")


def write_result(
    result: Listing | Document, path: Path, name: str = "report", *, force: bool = False
) -> Path:
    """A result as a workbook, one sheet per table (numbers formatted as the renderer shows
    them to people), or as .csv when it is one table."""
    doc = result if isinstance(result, Document) else Document([(name, result)])
    tables = [(n, s) for n, s in doc.sections if isinstance(s, Listing)]
    if path.suffix.lower() == ".csv":
        if len(tables) != 1:
            raise UsageError(t("boards.csv_one_table", n=len(tables)), hint=t("boards.csv_hint"))
        from privcli.base.paths import check_output
        from privcli.io.writers import open_writer

        listing = tables[0][1]
        # an existing .csv is privcli's own when it starts with the header written now
        check_output(
            path, db_url=None, known_headers=[listing.columns], force=force, option="--output"
        )
        w = open_writer(path, list(listing.columns))
        try:
            w.writerows(listing.rows)
        except BaseException:
            w.abort()
            raise
        w.close()
        return path
    sheets = []
    for sheet, lst in tables:
        rows = list(lst.rows)
        lst.rows = rows
        kinds = {c: KIND_OF[fn] for c, fn in lst.display.items() if fn in KIND_OF}
        sheets.append(Sheet(sheet, list(lst.columns), rows, kinds=kinds))
    return write(path, sheets)
