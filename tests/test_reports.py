"""The analyses head office reads: channels, repurchase intervals, lifecycle stages, RFM (with
tags), each with --format and --output."""

from __future__ import annotations

import csv
import json

import pytest
from boards_chain import build, frozen  # noqa: F401  (a fixture, used by pytestmark)

from privcli.capabilities import open_store
from privcli.reports.repurchase import quantile

pytestmark = pytest.mark.usefixtures("frozen")


def report(cli, *args) -> dict:
    r = cli("report", *args, "-f", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_channels(chain, tmp_path):
    build(chain, tmp_path)
    doc = report(chain, "channels", "-p", "2026-11")
    assert doc["period"] == "2026-11-01..2026-11-30"
    members = {m["channel"]: m for m in doc["members"]}
    # registered by the end of November (m4 on the 5th is new); m6 has no registration time
    assert {k: v["members"] for k, v in members.items()} == {
        "门店扫码": 2,
        "小程序": 1,
        "企微添加": 1,
        "直播": 1,
        None: 1,
    }
    assert members["门店扫码"]["new_members"] == 1 and members["门店扫码"]["buyers"] == 2
    orders = {o["channel"]: o for o in doc["orders"]}
    assert orders["jd"]["sales"] == 150.0 and orders["jd"]["share"] == round(150 / 410, 4)
    assert orders["store"]["previous"] == 420.0 and orders["有赞"]["sales"] == 0.0
    out = tmp_path / "channels.xlsx"
    assert chain("report", "channels", "-p", "2026-11", "-o", out).exit_code == 0
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["members", "orders"]
    assert wb["orders"]["D2"].number_format == "0.0%"
    r = chain("report", "channels", "-p", "2026-11", "-o", tmp_path / "c.csv")
    assert r.exit_code == 2 and ".xlsx" in r.output  # two tables do not fit one CSV


def test_repurchase_intervals(chain, tmp_path):
    build(chain, tmp_path, extras=False)
    # m1 bought on 10-20, 11-02, 11-20: intervals 13 and 18 days; m3 on 10-12 and 11-04: 23
    doc = report(chain, "repurchase", "-p", "2026-11")
    row = doc["intervals"][0]
    assert (row["buyers"], row["repurchasers"], row["repurchases"]) == (3, 2, 3)
    assert (row["median_days"], row["mean_days"]) == (18.0, 18.0)
    assert (row["p25_days"], row["p75_days"]) == (15.5, 20.5)
    assert row["8-14d"] == round(1 / 3, 4) and row["15-30d"] == round(2 / 3, 4)
    assert "wecom" not in doc  # nobody is linked: no comparison
    by_level = report(chain, "repurchase", "-p", "2026-11", "--by", "channel")
    # m1 and m4 came in through 门店扫码, m3 through 企微添加
    assert {r["channel"]: (r["buyers"], r["repurchases"]) for r in by_level["intervals"]} == {
        "门店扫码": (2, 2),
        "企微添加": (1, 1),
    }
    db = open_store(chain.url)
    try:
        with db.transaction():
            db.execute("UPDATE members SET external_userid = 'wm1' WHERE phone = '13800000001'")
    finally:
        db.close()
    doc = report(chain, "repurchase", "-p", "2026-11")
    assert {r["wecom"]: r["median_days"] for r in doc["wecom"]} == {
        "linked": 15.5,
        "not linked": 23.0,
    }


def test_quantile_of_a_histogram():
    assert quantile([(1, 1), (2, 1), (10, 1)], 0.5) == 2.0
    assert quantile([(1, 2), (5, 2)], 0.5) == 3.0
    assert quantile([(7, 5)], 0.25) == 7.0
    assert quantile([], 0.5) is None


def test_lifecycle_stages_and_movement(chain, tmp_path):
    build(chain, tmp_path, extras=False)
    doc = report(chain, "lifecycle", "--date", "2026-11-30", "--compare", "2026-10-31")
    stages = {s["stage"]: s for s in doc["stages"]}
    # on 11-30: m4 new (11-05); m1, m3 active; m5 last bought 10-10: active (within 90 days);
    # m2 registered 10-15, never bought (O3 refunded): dormant; m6 nothing at all: unknown
    assert {k: v["members"] for k, v in stages.items()} == {
        "new": 1,
        "active": 3,
        "dormant": 1,
        "churned": 0,
        "unknown": 1,
    }
    assert stages["new"]["previous"] == 1  # m2 was new on 10-31
    movement = {m["from"]: m for m in doc["movement"]}
    assert movement["joined"]["new"] == 1 and movement["new"]["dormant"] == 1
    r = chain(
        "report", "lifecycle", "--date", "2026-11-30", "--active-days", "30", "--churn-days", "20"
    )
    assert r.exit_code == 2
    doc = report(chain, "lifecycle", "--date", "2026-11-30", "--active-days", "30")
    assert {s["stage"]: s["members"] for s in doc["stages"]}["dormant"] == 2  # m5 now dormant


def test_rfm_scores_segments_and_tags(chain, tmp_path):
    build(chain, tmp_path, extras=False)
    doc = report(chain, "rfm", "--date", "2026-11-30")
    assert sum(s["members"] for s in doc) == 4  # m1, m3, m4, m5 bought in the window
    r = chain("report", "rfm", "--date", "2026-11-30", "--members", "-f", "json")
    members = {m["phone"]: m for m in json.loads(r.stdout)}
    assert "138****0001" in members  # masked
    m1 = members["138****0001"]
    assert (m1["frequency"], m1["monetary"], m1["recency_days"]) == (3, 180.0, 10)
    # four buyers: R by last purchase m5 < m3 < m4 < m1, F 1, 1, 2 (m3), 3 (m1), M 150 (m4) <
    # 180 (m1) < 300 (m5) < 320 (m3); a score is 1 + the cut points below the value (the cuts:
    # the top of each group but the last)
    assert (m1["rfm"], m1["segment"]) == ("442", "general_value")
    assert (members["138****0003"]["rfm"], members["138****0003"]["segment"]) == (
        "234",
        "important_keep",
    )
    assert (members["138****0005"]["rfm"], members["138****0005"]["segment"]) == (
        "113",
        "important_retain",
    )
    r = chain("report", "rfm", "--date", "2026-11-30", "--tag")
    assert r.exit_code == 0 and "4 members tagged" in r.stderr
    db = open_store(chain.url)
    try:
        tags = dict(
            db.execute(
                "SELECT m.phone, t.tag FROM member_tags t JOIN members m ON m.id = t.member_id"
                " WHERE t.source = 'rfm'"
            ).fetchall()
        )
    finally:
        db.close()
    assert tags["13800000001"] == "RFM-一般价值客户" and len(tags) == 4
    # a tag like any other: the member filters select by it
    r = chain("members", "list", "--tag", "RFM-一般价值客户", "-f", "json", "--show-pii")
    assert [m["phone"] for m in json.loads(r.stdout)] == ["13800000001"]
    # tags of the last run are replaced, not added to
    assert chain("report", "rfm", "--date", "2026-11-30", "--months", "1", "--tag").exit_code == 0
    db = open_store(chain.url)
    try:
        assert db.scalar("SELECT COUNT(*) FROM member_tags WHERE source = 'rfm'") == 3
    finally:
        db.close()
    out = tmp_path / "rfm.csv"
    r = chain("report", "rfm", "--date", "2026-11-30", "-o", out)
    assert r.exit_code == 0
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["phone", "name", "last_order"] and len(rows) == 5
    assert all("****" in row[0] for row in rows[1:])
