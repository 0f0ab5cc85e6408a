"""A leaderboard as a result to print (a Listing with bars and people's formats) and as a
workbook (a formatted sheet with a native bar chart of the top rows)."""

from __future__ import annotations

from pathlib import Path

from privcli.base import config
from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.base.output import Document, Listing
from privcli.boards import workbook
from privcli.boards.contest import Standings
from privcli.boards.formats import KIND_OF, money_text, rank_change_text, ratio_text
from privcli.boards.leaderboard import KEY_COLUMN, Board, display
from privcli.boards.metrics import MONEY, RATIOS
from privcli.boards.split import COLUMNS, Split


def _title(board: Board) -> str:
    return t(
        "boards.board_title",
        metric=board.metric,
        by=board.by,
        period=board.period.describe(),
        previous=board.previous.describe(),
    )


def board_listing(board: Board) -> Listing:
    notes = list(board.notes)
    if board.left_out:
        notes.append(t("boards.left_out", n=board.left_out))
    return Listing(
        board.columns,
        board.rows,
        title=_title(board),
        display=display(board),
        bar=board.metric,
        notes=notes,
    )


def write_board(board: Board, path: Path) -> Path:
    """The board as a workbook: the rows as listed, a bar chart of the first 20."""
    label = "name" if board.by in ("guide", "store", "channel") else KEY_COLUMN[board.by]
    sheet = workbook.Sheet(
        "leaderboard",
        board.columns,
        board.rows,
        kinds=board.kinds,
        text={
            "rank_change": rank_change_text,
            **(
                {"status": lambda s: "departed" if s == "departed" else ""}
                if board.by == "guide"
                else {}
            ),
        },
        chart=workbook.Chart("bar", _title(board), label, [board.metric]),
    )
    info = [
        ("metric", board.metric),
        ("by", board.by),
        ("period", board.period.describe()),
        ("previous", board.previous.describe()),
        ("generated", config.now().isoformat(" ")),
    ]
    return workbook.write(path, [sheet], info)


# -- contests ---------------------------------------------------------------------------------


def _contest_kinds(metric: str) -> str:
    return "money" if metric in MONEY else "ratio" if metric in RATIOS else "count"


def contest_document(st: Standings) -> Document:
    """Standings, members and trend as one document (JSON: one object)."""
    c, metric = st.contest, st.contest["metric"]
    fn = {"money": money_text, "ratio": ratio_text}.get(_contest_kinds(metric))
    shown = {"score": fn, "gap": fn} if fn else {}
    trend_fn = dict.fromkeys(st.trend_columns[1:], fn) if fn else {}
    notes = [
        t(
            "boards.contest_state",
            name=c["name"],
            metric=metric,
            state=st.state,
            start=c["date_from"].isoformat(),
            end=c["date_to"].isoformat(),
            through=st.through.isoformat() if st.through else "-",
        )
    ]
    return Document(
        [
            (
                "standings",
                Listing(
                    ["rank", "team", "score", "gap", "members"],
                    st.teams,
                    display=shown,
                    bar="score",
                ),
            ),
            (
                "members",
                Listing(
                    ["team", "code", "name", "store_code", "region", "score"],
                    st.members,
                    display={"score": fn} if fn else {},
                ),
            ),
            ("trend", Listing(st.trend_columns, st.trend, display=trend_fn)),
        ],
        meta={
            "contest": c["name"],
            "metric": metric,
            "teams_of": c["team_of"],
            "from": c["date_from"].isoformat(),
            "to": c["date_to"].isoformat(),
            "state": st.state,
            "through": st.through.isoformat() if st.through else None,
        },
        notes=notes,
    )


def write_contest(st: Standings, path: Path) -> Path:
    """Standings, members and a trend sheet with a native line chart of cumulative scores."""
    kind = _contest_kinds(st.contest["metric"])
    title = t("boards.contest_chart", name=st.contest["name"], metric=st.contest["metric"])
    sheets = [
        workbook.Sheet(
            "standings",
            ["rank", "team", "score", "gap", "members"],
            st.teams,
            kinds={"score": kind, "gap": kind, "rank": "count", "members": "count"},
        ),
        workbook.Sheet(
            "members",
            ["team", "code", "name", "store_code", "region", "score"],
            st.members,
            kinds={"score": kind},
        ),
        workbook.Sheet(
            "trend",
            st.trend_columns,
            st.trend,
            kinds=dict.fromkeys(st.trend_columns[1:], kind),
            chart=workbook.Chart(
                "line", title, "day", st.trend_columns[1:], y_title=st.contest["metric"]
            ),
        ),
    ]
    info = [
        ("contest", st.contest["name"]),
        ("metric", st.contest["metric"]),
        ("from", st.contest["date_from"]),
        ("to", st.contest["date_to"]),
        ("through", st.through),
        ("generated", config.now().isoformat(" ")),
    ]
    return workbook.write(path, sheets, info)


# -- targets ----------------------------------------------------------------------------------


def split_listing(split: Split) -> Listing:
    money = {c: money_text for c in COLUMNS[4:]}
    notes = [
        t(
            "boards.split_basis",
            weights=split.weights_from,
            months=split.months_from,
            units=len(split.rows) - 1,
        ),
        t("boards.split_applied", n=len(split.targets))
        if split.applied
        else t("boards.split_proposed"),
    ]
    return Listing(COLUMNS, split.rows, display={**money, "weight": ratio_text}, notes=notes)


def write_listing(listing: Listing, path: Path, sheet: str) -> Path:
    """A listing as .csv (values as they are) or .xlsx (formatted)."""
    return write_result(Document([(sheet, listing)]), path)


def write_result(doc: Document, path: Path) -> Path:
    """A result as a workbook, one sheet per table (numbers formatted as the renderer shows
    them to people), or as .csv when it is one table."""
    tables = [(name, s) for name, s in doc.sections if isinstance(s, Listing)]
    if path.suffix.lower() == ".csv":
        if len(tables) != 1:
            raise UsageError(t("boards.csv_one_table", n=len(tables)), hint=t("boards.csv_hint"))
        from privcli.io.writers import open_writer

        listing = tables[0][1]
        w = open_writer(path, list(listing.columns))
        try:
            w.writerows(listing.rows)
        except BaseException:
            w.abort()
            raise
        w.close()
        return path
    sheets = []
    for name, lst in tables:
        rows = list(lst.rows)
        lst.rows = rows
        kinds = {c: KIND_OF[fn] for c, fn in lst.display.items() if fn in KIND_OF}
        sheets.append(workbook.Sheet(name, list(lst.columns), rows, kinds=kinds))
    return workbook.write(path, sheets)
