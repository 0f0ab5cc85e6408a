"""A leaderboard as a result to print (a Listing with bars and people's formats) and as a
workbook (a formatted sheet with a native bar chart of the top rows)."""

from __future__ import annotations

from pathlib import Path

from privcli.base import config
from privcli.base.messages import heading, t, value_labels
from privcli.base.output import Document, Listing
from privcli.boards import metrics, workbook
from privcli.boards.contest import Standings
from privcli.boards.formats import money_text, rank_change_text, ratio_text, status_text
from privcli.boards.leaderboard import KEY_COLUMN, Board, display


def _title(board: Board) -> str:
    return t(
        "boards.board_title",
        metric=heading(board.metric),
        by=heading(board.by),
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
        text={"rank_change": rank_change_text, "status": status_text},
        chart=workbook.Chart("bar", _title(board), label, [board.metric]),
    )
    info = [
        ("metric", heading(board.metric)),
        ("by", heading(board.by)),
        ("period", board.period.describe()),
        ("previous", board.previous.describe()),
        ("generated", config.now().isoformat(" ")),
    ]
    return workbook.write(path, [sheet], info)


# -- contests ---------------------------------------------------------------------------------


def contest_document(st: Standings) -> Document:
    """Standings, members and trend as one document (JSON: one object)."""
    c, metric = st.contest, st.contest["metric"]
    fn = {"money": money_text, "ratio": ratio_text}.get(metrics.kind(metric))
    shown = {"score": fn, "gap": fn} if fn else {}
    trend_fn = dict.fromkeys(st.trend_columns[1:], fn) if fn else {}
    notes = [
        t(
            "boards.contest_state",
            name=c["name"],
            metric=heading(metric),
            state=(value_labels("state") or {}).get(st.state, st.state),
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
    kind = metrics.kind(st.contest["metric"])
    title = t("boards.contest_chart", name=st.contest["name"], metric=heading(st.contest["metric"]))
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
        ("metric", heading(st.contest["metric"])),
        ("from", st.contest["date_from"]),
        ("to", st.contest["date_to"]),
        ("through", st.through),
        ("generated", config.now().isoformat(" ")),
    ]
    return workbook.write(path, sheets, info)


def markdown_lines(board: Board) -> tuple[list[str], list[str]]:
    """The board as group-chat Markdown: a header (repeated atop every message when the board is
    split to fit) and a line per row: rank, who, the metric, its change and the rank change."""
    shown = display(board)
    cols = board.columns
    at = {c: i for i, c in enumerate(cols)}
    key = KEY_COLUMN[board.by]

    def text(row, c) -> str:
        v = row[at[c]]
        fn = shown.get(c)
        return fn(v) if fn is not None else ("" if v is None else str(v))

    lines = []
    for row in board.rows:
        who = row[at[key]]
        name = row[at["name"]] if "name" in at else None
        label = f"{name}（{who}）" if name and name != who else str(who)
        if board.by == "guide" and row[at["store_code"]]:
            label += f" {row[at['store_code']]}"
        change = text(row, "change")
        moved = text(row, "rank_change")
        lines.append(
            f"{row[0] if row[0] is not None else '-'}. {label}　**{text(row, board.metric)}**"
            + (f"　{change}" if change else "")
            + (f"　{moved}" if moved else "")
        )
    header = [f"### {_title(board)}"]
    return header, lines
