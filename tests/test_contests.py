"""PK contests: teams of stores or guides, standings with the gap to the leader, members, the
daily trend of cumulative scores, and the workbook's line chart."""

from __future__ import annotations

import json

import pytest
from boards_chain import build, frozen  # noqa: F401  (a fixture, used by pytestmark)

pytestmark = pytest.mark.usefixtures("frozen")


def create(cli, name, *args):
    return cli("contest", "create", name, "--from", "2026-11-01", "--to", "2026-11-30", *args)


def test_store_contest(chain, tmp_path):
    build(chain, tmp_path)
    r = create(chain, "十一月PK", "--team", "东=SH01", "--team", "西=SH02,GZ01", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "contest": "十一月PK",
        "metric": "sales",
        "teams_of": "store",
        "from": "2026-11-01",
        "to": "2026-11-30",
        "teams": 2,
        "members": 3,
        "replaced": False,
    }
    doc = json.loads(chain("contest", "show", "十一月PK", "-f", "json").stdout)
    assert doc["state"] == "finished" and doc["through"] == "2026-11-30"
    assert doc["standings"] == [
        {"rank": 1, "team": "东", "score": 260.0, "gap": 0.0, "members": 1},
        {"rank": 2, "team": "西", "score": 150.0, "gap": 110.0, "members": 2},
    ]
    assert [(m["team"], m["code"], m["score"]) for m in doc["members"]] == [
        ("东", "SH01", 260.0),
        ("西", "GZ01", 0.0),
        ("西", "SH02", 150.0),
    ]
    trend = doc["trend"]
    assert len(trend) == 30 and trend[0]["day"] == "2026-11-01"
    # cumulative: O1 (100) on the 2nd, O4 (200 - 50) on the 4th, R1 (-40) on the 10th, O2 on the 20th
    east = {d["day"]: d["东"] for d in trend}
    assert (east["2026-11-01"], east["2026-11-02"], east["2026-11-04"]) == (0.0, 100.0, 250.0)
    assert (east["2026-11-10"], east["2026-11-30"]) == (210.0, 260.0)
    assert trend[-1]["西"] == 150.0


def test_guide_contest_on_a_ratio_and_distinct_buyers(chain, tmp_path):
    build(chain, tmp_path)
    r = create(chain, "转化PK", "-m", "conversion", "--team", "A=G1,G2", "--team", "B=G3,G4")
    assert r.exit_code == 0, r.output
    doc = json.loads(chain("contest", "show", "转化PK", "-f", "json").stdout)
    # a team's rate is its converted customers over its customers: A 2/3, B 0/2
    assert [(s["team"], s["score"]) for s in doc["standings"]] == [("A", 0.6667), ("B", 0.0)]
    assert doc["trend"][-1]["A"] == 0.6667 and doc["trend"][0]["A"] == 0.0
    assert (
        create(chain, "买家PK", "-m", "buyers", "--team", "A=G1", "--team", "B=G2,G3").exit_code
        == 0
    )
    doc = json.loads(chain("contest", "show", "买家PK", "-f", "json").stdout)
    assert {s["team"]: s["score"] for s in doc["standings"]} == {"A": 1, "B": 2}
    # m1 bought on the 2nd and the 20th: counted once, on the 2nd
    a = [d["A"] for d in doc["trend"]]
    assert a[0] == 0 and a[1] == 1 and a[-1] == 1


def test_refusals(chain, tmp_path):
    build(chain, tmp_path, extras=False)
    r = create(chain, "x", "--team", "A=SH01,SH02", "--team", "B=GZ01,SH01")
    assert r.exit_code == 2 and "SH01 is in two teams" in r.output
    r = create(chain, "x", "--team", "A=SH01")
    assert r.exit_code == 2 and "two teams" in r.output
    r = create(chain, "x", "--team", "A=SH01", "--team", "B=SH9")
    assert r.exit_code == 1 and "SH9" in r.output and "SH01" in r.output
    r = create(chain, "x", "--team", "A=SH01", "--team", "B=G1")
    assert r.exit_code == 1  # stores and guides mixed
    r = create(chain, "x", "-m", "revenue", "--team", "A=SH01", "--team", "B=SH02")
    assert r.exit_code == 2 and "unknown metric" in r.output
    r = chain(
        "contest",
        "create",
        "x",
        "--from",
        "2026-11-30",
        "--to",
        "2026-11-01",
        "--team",
        "A=SH01",
        "--team",
        "B=SH02",
    )
    assert r.exit_code == 2 and "ends before it starts" in r.output
    assert create(chain, "x", "--team", "A=SH01", "--team", "B=SH02").exit_code == 0
    r = create(chain, "x", "--team", "A=SH01", "--team", "B=SH02")
    assert r.exit_code == 2 and "--replace" in r.output
    assert create(chain, "x", "--team", "A=SH01", "--team", "B=GZ01", "--replace").exit_code == 0
    r = chain("contest", "show", "y")
    assert r.exit_code == 1 and "no contest named 'y'" in r.output
    rows = json.loads(chain("contest", "list", "-f", "json").stdout)
    assert [(c["contest"], c["state"], c["teams"], c["members"]) for c in rows] == [
        ("x", "finished", 2, 2)
    ]
    assert chain("contest", "delete", "x").exit_code == 0
    assert json.loads(chain("contest", "list", "-f", "json").stdout) == []


def test_upcoming_contest_and_workbook(chain, tmp_path):
    from openpyxl import load_workbook

    build(chain, tmp_path)
    r = chain("contest", "create", "元旦PK", "--from", "2027-01-01", "--to", "2027-01-03",
              "--team", "A=SH01", "--team", "B=SH02")  # fmt: skip
    assert r.exit_code == 0
    doc = json.loads(chain("contest", "show", "元旦PK", "-f", "json").stdout)
    assert doc["state"] == "upcoming" and doc["trend"] == []
    assert [s["score"] for s in doc["standings"]] == [None, None]
    assert create(chain, "PK", "--team", "A=SH01", "--team", "B=SH02").exit_code == 0
    out = tmp_path / "pk.xlsx"
    r = chain("contest", "show", "PK", "-o", out)
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["standings", "members", "trend", "info"]
    trend = wb["trend"]
    assert [c.value for c in trend[1]] == ["day", "A", "B"]
    assert trend["B2"].number_format == "#,##0.00" and trend.freeze_panes == "A2"
    assert [c.tagname for c in trend._charts] == ["lineChart"]
    assert len(trend._charts[0].series) == 2
