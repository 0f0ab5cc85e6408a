"""Tables on a terminal (Rich): fitted to its width without cutting what people look things up
by, and with bars for a leaderboard. The one renderer (output.py) calls this for --format table;
everything else it writes itself."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal

# Columns whose values must never wrap on a narrow terminal: ids, codes, phones, times, money.
KEY_SUFFIXES = ("_id", "_no", "_code", "_at", "_on", "phone", "code", "batch", "amount", "date")
EIGHTHS = " ▏▎▍▌▋▊▉"
BAR_WIDTH = 16


def is_key(column: str) -> bool:
    return column.lower().endswith(KEY_SUFFIXES) or column in ("rank", "id")


def bars(column: int, rows: list[Sequence], width: int = BAR_WIDTH) -> list[str]:
    """A bar per row, proportional to the values of `column` (zero, negative or empty: none)."""
    values = [
        float(r[column]) if isinstance(r[column], (int, float, Decimal)) else 0.0 for r in rows
    ]
    top = max(values, default=0.0)
    out = []
    for v in values:
        eighths = round(v / top * width * 8) if top > 0 and v > 0 else 0
        full, part = divmod(eighths, 8)
        out.append("█" * full + (EIGHTHS[part] if part else ""))
    return out


def table(
    columns: Sequence[str],
    rows: list[Sequence],
    shown: list[list[str]],
    console,
    *,
    title: str | None = None,
    bar: str | None = None,
    right: Collection[str] = (),
    headings: Sequence[str] | None = None,
) -> list[str]:
    """Print `shown` (the rows as people read them) as a Rich table, with a bar after the `bar`
    column drawn from its values in `rows`, and the `right` columns right-aligned. Key columns
    (ids, phones, times) keep their full width and never wrap; when the table is too wide for
    the terminal the rightmost other columns are left out first. Returns those left out.
    `headings`: what the header row shows (the columns in the message language); the columns'
    names decide which are keys."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table

    columns = list(columns)
    heads = list(headings) if headings is not None else columns
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in shown)]) for i, h in enumerate(heads)]
    at = columns.index(bar) if bar else -1  # the bar follows its column
    extra = BAR_WIDTH + 3 if bar else 0
    keep = list(range(len(columns)))
    dropped: list[str] = []
    for i in reversed(range(len(columns))):
        if sum(widths[k] + 3 for k in keep) + 1 + extra <= console.width:
            break
        if not is_key(columns[i]) and i != at and len(keep) > 1:
            keep.remove(i)
            dropped.append(columns[i])
    drawn = bars(at, rows) if bar else None
    t = Table(title=title, box=box.SIMPLE_HEAD if bar else box.HEAVY_HEAD)
    for i in keep:
        key = is_key(columns[i])
        t.add_column(
            heads[i],
            no_wrap=key,
            min_width=widths[i] if key else None,
            overflow="ellipsis" if key else "fold",
            justify="right" if columns[i] in right else "left",
        )
        if i == at:
            t.add_column("", no_wrap=True, style="cyan")
    for n, r in enumerate(shown):
        cells = []
        for i in keep:
            cells.append(r[i])
            if i == at and drawn is not None:
                cells.append(drawn[n])
        t.add_row(*cells)
    console.print(t)
    return list(reversed(dropped))
