"""`privcli leaderboard` as ops staff use it: periods, filters, --top, refusals with the accepted
forms, the terminal table with bars, the scripted formats and the workbook with its chart."""

from __future__ import annotations

import json
from datetime import date

import pytest
from boards_chain import build, frozen  # noqa: F401  (a fixture, used by pytestmark)

from privcli.base.errors import UsageError
from privcli.boards.leaderboard import rank
from privcli.boards.periods import board_period, target_period

pytestmark = pytest.mark.usefixtures("frozen")
TODAY = date(2026, 12, 2)  # a Wednesday


def test_periods_in_business_days():
    p = board_period("today", TODAY)
    assert (p.start, p.end, p.previous().start) == (TODAY, TODAY, date(2026, 12, 1))
    p = board_period("week", TODAY)  # Monday to today; the same days of last week before it
    assert (p.start, p.end) == (date(2026, 11, 30), TODAY)
    assert (p.previous().start, p.previous().end) == (date(2026, 11, 23), date(2026, 11, 25))
    p = board_period("last-week", TODAY)
    assert (p.start, p.end) == (date(2026, 11, 23), date(2026, 11, 29))
    p = board_period("month", TODAY)  # the 1st and 2nd, against Nov 1-2
    assert (p.start, p.end, p.target_period) == (date(2026, 12, 1), TODAY, "2026-12")
    assert (p.previous().start, p.previous().end) == (date(2026, 11, 1), date(2026, 11, 2))
    p = board_period("last-month", TODAY)
    assert (p.start, p.end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert (p.previous().start, p.previous().end) == (date(2026, 10, 1), date(2026, 10, 31))
    # a whole month against the whole month before, however long each is
    p = board_period("2026-03", TODAY)
    assert (p.previous().start, p.previous().end) == (date(2026, 2, 1), date(2026, 2, 28))
    p = board_period("2026-W47", TODAY)
    assert (p.start, p.end) == (date(2026, 11, 16), date(2026, 11, 22))
    p = board_period("2026-11-01..2026-11-11", TODAY)
    assert p.days == 11 and p.target_period is None
    assert (p.previous().start, p.previous().end) == (date(2026, 10, 21), date(2026, 10, 31))
    assert board_period("yesterday", TODAY).start == date(2026, 12, 1)


@pytest.mark.parametrize(
    "bad", ["2026-13", "2026-11-10..2026-11-01", "2026-W54", "last-year", "2026-02-30"]
)
def test_impossible_periods_are_refused_with_the_accepted_forms(bad):
    with pytest.raises(UsageError) as e:
        board_period(bad, TODAY)
    assert "YYYY-MM" in e.value.hint and "FROM..TO" in e.value.hint


def test_target_periods():
    assert [
        target_period(x).label for x in ("2026", "2026-3", "2026-Q1", "2026年3月", "2026q4")
    ] == [
        "2026",
        "2026-03",
        "2026-Q1",
        "2026-03",
        "2026-Q4",
    ]
    q = target_period("2026-Q2")
    assert (q.start, q.end) == (date(2026, 4, 1), date(2026, 6, 30))
    with pytest.raises(UsageError):
        target_period("2026-Q5")


def test_ties_share_a_rank():
    assert rank({"a": 5.0, "b": 3.0, "c": 3.0, "d": 1.0, "e": None}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }


def test_refusals(chain, tmp_path):
    build(chain, tmp_path, extras=False)
    r = chain("leaderboard", "--metric", "revenue")
    assert r.exit_code == 2 and "unknown metric 'revenue'" in r.output
    assert "task_completion" in r.output  # the accepted metrics
    r = chain("leaderboard", "--period", "2026-13")
    assert r.exit_code == 2 and "YYYY-Www" in r.output
    r = chain("leaderboard", "--period", "2026-11-30..2026-11-01")
    assert r.exit_code == 2 and "ends before it starts" in r.output
    r = chain("leaderboard", "--by", "channel", "--metric", "redemption")
    assert r.exit_code == 2 and "not counted per order channel" in r.output
    r = chain("leaderboard", "--store", "SH1")
    assert r.exit_code == 1 and "SH01" in r.output  # did you mean
    r = chain("leaderboard", "--by", "region", "--store", "SH01")
    assert r.exit_code == 2


def test_filters_top_and_ties(chain, tmp_path):
    build(chain, tmp_path)
    rows = json.loads(chain("leaderboard", "-p", "2026-11", "--store", "SH01", "-f", "json").stdout)
    assert [r["guide_id"] for r in rows] == ["G1", "G2"]
    rows = json.loads(
        chain("leaderboard", "-p", "2026-11", "--region", "华南", "-f", "json").stdout
    )
    assert [r["guide_id"] for r in rows] == ["G4"]
    # --top 1: G1 and G3 share the first place, both are shown; the rest is counted
    r = chain("leaderboard", "-p", "2026-11", "--top", "1", "-f", "json")
    assert [x["guide_id"] for x in json.loads(r.stdout)] == ["G1", "G3"]
    assert "2 more rows" in r.stderr
    # the channel board narrowed to a store counts that store's orders only
    rows = json.loads(
        chain(
            "leaderboard", "-p", "2026-11", "--by", "channel", "--store", "SH02", "-f", "json"
        ).stdout
    )
    assert [(x["channel"], x["sales"]) for x in rows] == [("douyin", 150.0)]


def test_departed_guides_without_figures_are_left_out(chain, tmp_path):
    build(chain, tmp_path, extras=False)
    rows = json.loads(chain("leaderboard", "-p", "2026-09", "-f", "json").stdout)
    assert {r["guide_id"] for r in rows} == {"G1", "G2", "G3"}  # G4 left, sold nothing


def test_people_read_percentages_and_arrows(chain, tmp_path):
    build(chain, tmp_path)
    r = chain("leaderboard", "-p", "2026-11", "-f", "plain")
    assert r.exit_code == 0
    g1 = next(line for line in r.stdout.splitlines() if line.startswith("1") and "G1" in line)
    assert "150.00" in g1 and "+400.0%" in g1 and "▲2" in g1 and "50.0%" in g1
    assert "new" in next(line for line in r.stdout.splitlines() if "G3" in line)
    assert "departed" in next(line for line in r.stdout.splitlines() if "G4" in line)
    csv_out = chain("leaderboard", "-p", "2026-11", "-f", "csv").stdout.splitlines()
    assert csv_out[0].startswith("rank,guide_id,name,store_code,region,status,sales,previous")
    assert csv_out[1].split(",")[6:10] == ["150.00", "30.00", "4.0", "2"]
    md = chain("leaderboard", "-p", "2026-11", "-f", "markdown").stdout
    assert md.startswith("### sales by guide, 2026-11-01..2026-11-30") and "| rank" in md


def test_terminal_table_draws_a_bar_per_row(chain, tmp_path):
    build(chain, tmp_path)
    r = chain("leaderboard", "-p", "2026-11", "-f", "table")
    assert r.exit_code == 0
    lines = [line for line in r.stdout.splitlines() if "G1" in line or "G2" in line]
    bars = [line.count("█") for line in lines]
    assert bars[0] > bars[1] > 0  # 150 against 110


def test_workbook_with_a_native_bar_chart(chain, tmp_path):
    from openpyxl import load_workbook

    build(chain, tmp_path)
    out = tmp_path / "榜单.xlsx"
    r = chain("leaderboard", "-p", "2026-11", "-o", out)
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    ws = wb["leaderboard"]
    header = [c.value for c in ws[1]]
    assert header[:8] == [
        "rank",
        "guide_id",
        "name",
        "store_code",
        "region",
        "status",
        "sales",
        "previous",
    ]
    assert (
        ws.freeze_panes == "A2"
        and ws["A1"].font.bold
        and ws["A1"].fill.fgColor.rgb.endswith("1F4E78")
    )
    assert ws.auto_filter.ref.startswith("A1:")
    sales, change = header.index("sales") + 1, header.index("change") + 1
    assert ws.cell(2, sales).value == 150.0 and ws.cell(2, sales).number_format == "#,##0.00"
    assert ws.cell(2, change).value == 4.0 and "%" in ws.cell(2, change).number_format
    assert ws.cell(2, header.index("conversion") + 1).number_format == "0.0%"
    assert ws.cell(2, header.index("rank_change") + 1).value == "▲2"
    rules = [r.operator for cf in ws.conditional_formatting for r in cf.rules]
    assert sorted(rules) == ["greaterThan", "lessThan"]
    assert ws.column_dimensions["C"].width >= 8
    charts = ws._charts
    assert len(charts) == 1 and charts[0].tagname == "barChart"
    assert wb["info"]["B1"].value == "sales"
    # never the database
    r = chain("leaderboard", "-p", "2026-11", "-o", chain.url)
    assert r.exit_code == 2


def test_post_sends_the_board_to_a_group_bot(chain, tmp_path, wecom, monkeypatch):
    """--post: the board as Markdown, through WeCom's group-bot webhook (the fake WeCom server),
    split to fit; `-` takes the configured webhook."""

    build(chain, tmp_path)
    wecom.fake.webhook_keys = {"bot-key"}
    url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bot-key"
    r = chain("leaderboard", "--period", "2026-11", "--post", url)
    assert r.exit_code == 0, r.output
    assert "posted to the group chat in 1 message" in r.stderr
    (body,) = wecom.fake.posted
    text = body["markdown"]["content"]
    assert text.startswith("### ") and "\n1. " in text and "bot-key" not in r.output
    monkeypatch.setenv("PRIVCLI_WECOM_WEBHOOK", url)
    assert chain("leaderboard", "--period", "2026-11", "--post", "-").exit_code == 0
    assert len(wecom.fake.posted) == 2
    monkeypatch.delenv("PRIVCLI_WECOM_WEBHOOK")
    r = chain("leaderboard", "--post", "-")
    assert r.exit_code == 2 and "PRIVCLI_WECOM_WEBHOOK" in r.stderr
