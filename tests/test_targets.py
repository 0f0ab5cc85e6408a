"""Targets: set, import (with the row-level error report), split a chain target into store and
month targets that add up to the fen, track them (report, leaderboard attainment)."""

from __future__ import annotations

import csv
import json
import random

import pytest
from boards_chain import build, frozen  # noqa: F401  (a fixture, used by pytestmark)
from conftest import write_csv

from privcli.targets.logic import parse_amount
from privcli.targets.split import largest_remainder

pytestmark = pytest.mark.usefixtures("frozen")


def test_amounts():
    assert parse_amount("1200000") == 120_000_000
    assert parse_amount("¥1,200,000.50") == 120_000_050
    assert parse_amount("120万") == 120_000_000
    assert parse_amount("1.2亿") == 12_000_000_000
    assert parse_amount("3.5万元") == 3_500_000


def test_largest_remainder_adds_up_to_the_fen():
    rng = random.Random(7)
    for _ in range(200):
        total = rng.randrange(1, 10**12)
        weights = [rng.randrange(0, 10**6) for _ in range(rng.randrange(1, 50))] + [1]
        parts = largest_remainder(total, weights)
        assert sum(parts) == total and all(p >= 0 for p in parts)
        for p, w in zip(parts, weights):
            assert abs(p - total * w / sum(weights)) < 1 + 1e-6
    assert largest_remainder(100, [1, 1, 1]) == [34, 33, 33]  # the leftover fen to the first


def test_set_and_list(chain, tmp_path):
    build(chain, tmp_path, extras=False)
    r = chain("targets", "set", "2026-11", "--store", "SH01", "300", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "period": "2026-11",
        "scope": "store",
        "code": "SH01",
        "channel": None,
        "target": 300.0,
        "previous": None,
    }
    r = chain("targets", "set", "2026-11", "--store", "SH01", "250", "--json")
    assert json.loads(r.stdout)["previous"] == 300.0
    assert chain("targets", "set", "2026-11", "--chain", "--channel", "天猫", "100").exit_code == 0
    assert chain("targets", "set", "2026-Q4", "--region", "华东", "1万").exit_code == 0
    rows = json.loads(chain("targets", "list", "-f", "json").stdout)
    assert [(r["period"], r["scope"], r["code"], r["channel"], r["target"]) for r in rows] == [
        ("2026-11", "chain", None, "tmall", 100.0),
        ("2026-11", "store", "SH01", None, 250.0),
        ("2026-Q4", "region", "华东", None, 10000.0),
    ]
    assert chain("targets", "set", "2026-11", "--store", "SH9", "1").exit_code == 2
    assert (
        chain("targets", "set", "2026-11", "--store", "SH01", "--guide", "G1", "1").exit_code == 2
    )
    assert chain("targets", "set", "2026-13", "--chain", "1").exit_code == 2
    assert chain("targets", "set", "2026-11", "--chain", "--channel", "美团", "1").exit_code == 2
    assert chain("targets", "set", "2026-11", "--chain", "-5").exit_code == 2


def test_import_with_error_report(chain, tmp_path):
    build(chain, tmp_path, extras=False)
    text = (
        "期间,层级,对象,渠道,目标金额\n"
        "2026-11,门店,SH01,,300\n"
        "2026-11,导购,G1,,200\n"
        "2026-11,全国,,天猫,100\n"
        "2026年12月,大区,华东,,5万\n"
        "2026-13,门店,SH01,,1\n"
        "2026-11,门店,SH9,,1\n"
        "2026-11,门店,SH02,美团,1\n"
        "2026-11,门店,SH02,,abc\n"
        "2026-11,楼层,SH02,,1\n"
    )
    f = write_csv(tmp_path / "targets.csv", text)
    errors = tmp_path / "errors.csv"
    r = chain("targets", "import", f, "--errors", errors, "--json")
    assert r.exit_code == 3, r.output
    assert json.loads(r.stdout) == {
        "rows": 9, "inserted": 4, "updated": 0, "unchanged": 0, "rejected": 5, "warnings": 0,
        "error_report": str(tmp_path / "errors.csv"),
    }  # fmt: skip  # fmt: skip
    with open(errors, encoding="utf-8-sig") as fh:
        report = list(csv.reader(fh))
    assert [row[0] for row in report[1:]] == ["6", "7", "8", "9", "10"]
    assert [row[2] for row in report[1:]] == ["期间", "对象", "渠道", "目标金额", "层级"]
    # the same sheet again changes nothing; the columns of a region/store/guide sheet work too
    r = chain("targets", "import", f, "--errors", errors, "--json")
    assert json.loads(r.stdout)["unchanged"] == 4
    text = "月份,大区,门店编码,导购工号,目标\n2026-11,华东,SH02,,400\n2026-11,,,,1000\n"
    r = chain("import", "targets", write_csv(tmp_path / "t2.csv", text), "--json")
    assert json.loads(r.stdout)["inserted"] == 2
    rows = json.loads(chain("targets", "list", "2026-11", "-f", "json").stdout)
    assert ("chain", None, None, 1000.0) in [
        (r["scope"], r["code"], r["channel"], r["target"]) for r in rows
    ]
    assert ("store", "SH02", None, 400.0) in [
        (r["scope"], r["code"], r["channel"], r["target"]) for r in rows
    ]


def test_split_weighted_by_last_year(chain, tmp_path):
    """Last year (2026): SH01 sold 150+150+120+30 = ... by the chain's orders; 2027 is split by
    those sales, months by days (2026 had sales in three months only)."""
    build(chain, tmp_path)
    r = chain("targets", "split", "2027", "1000000", "-f", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows[0]["scope"] == "chain" and rows[0]["target"] == 1000000.0
    stores = {x["code"]: x for x in rows[1:]}
    # 2026 sales: SH01 150 + 30 + 120 + 110 (Nov, net) = 410... GZ01 300, SH02 150
    sh01, gz01, sh02 = 150 + 30 + 120 + 110, 300, 150
    total = sh01 + gz01 + sh02
    assert stores["SH01"]["weight"] == round(sh01 / total, 6)
    assert sum(x["target"] for x in rows[1:]) == 1000000.0
    for x in rows:
        months = [x[f"m{m:02d}"] for m in range(1, 13)]
        assert round(sum(months), 2) == x["target"]
    assert rows[1]["m02"] < rows[1]["m01"]  # 28 days against 31
    assert json.loads(chain("targets", "list", "-f", "json").stdout) == []  # a proposal only
    r = chain("targets", "split", "2027", "1000000", "--apply", "-f", "json")
    assert r.exit_code == 0
    stored = json.loads(chain("targets", "list", "2027-03", "-f", "json").stdout)
    assert len(stored) == 4  # the chain and three stores
    assert (
        round(sum(x["target"] for x in stored if x["scope"] == "store"), 2)
        == [x["target"] for x in stored if x["scope"] == "chain"][0]
    )


def test_split_equal_and_from_a_file(chain, tmp_path):
    build(chain, tmp_path, extras=False)
    rows = json.loads(
        chain("targets", "split", "2027", "100", "--weights", "equal", "-f", "json").stdout
    )
    assert [x["target"] for x in rows[1:]] == [33.34, 33.33, 33.33]  # GZ01, SH01, SH02
    weights = write_csv(tmp_path / "w.csv", "门店编码,权重\nSH01,3\nSH02,1\n")
    rows = json.loads(
        chain("targets", "split", "2027", "100", "--weights", weights, "-f", "json").stdout
    )
    assert {x["code"]: x["target"] for x in rows[1:]} == {"SH01": 75.0, "SH02": 25.0}
    bad = write_csv(tmp_path / "bad.csv", "门店编码,权重\nSH9,3\n")
    r = chain("targets", "split", "2027", "100", "--weights", bad)
    assert r.exit_code == 2 and "SH9" in r.output
    # by guide: departed guides get no target (G4 sold 300 in 2026)
    rows = json.loads(
        chain("targets", "split", "2027", "100", "--by", "guide", "-f", "json").stdout
    )
    assert [x["code"] for x in rows[1:]] == ["G1", "G2", "G3"]
    r = chain("targets", "split", "2028", "100")
    assert r.exit_code == 2 and "no sales in 2027" in r.output


def test_report_and_leaderboard_attainment(chain, tmp_path):
    build(chain, tmp_path)
    for args in (
        ("2026-11", "--chain", "1000"),
        ("2026-11", "--region", "华东", "800"),
        ("2026-11", "--store", "SH01", "400"),
        ("2026-11", "--guide", "G1", "300"),
        ("2026-11", "--chain", "--channel", "jd", "100"),
        ("2026-12", "--store", "SH01", "3100"),
    ):
        assert chain("targets", "set", *args).exit_code == 0
    rows = json.loads(chain("targets", "report", "2026-11", "--by", "guide", "-f", "json").stdout)
    assert [(r["level"], r["code"], r["target"], r["actual"], r["attainment"]) for r in rows] == [
        ("chain", None, 1000.0, 410.0, 0.41),
        ("region", "华东", 800.0, 410.0, 0.5125),
        ("store", "SH01", 400.0, 260.0, 0.65),
        ("guide", "G1", 300.0, 150.0, 0.5),
    ]
    assert rows[0]["time_progress"] == 1.0 and rows[0]["need_per_day"] is None
    rows = json.loads(chain("targets", "report", "2026-11", "--by", "region", "-f", "json").stdout)
    assert [r["level"] for r in rows] == ["chain", "region"]
    rows = json.loads(chain("targets", "report", "2026-11", "--by", "channel", "-f", "json").stdout)
    assert [(r["channel"], r["actual"], r["gap"]) for r in rows] == [("jd", 150.0, -50.0)]
    # December: two days of 31 gone, nothing sold: 3100 to go in 29 days
    dec = json.loads(chain("targets", "report", "2026-12", "-f", "json").stdout)[0]
    assert dec["time_progress"] == round(2 / 31, 4)
    assert dec["need_per_day"] == 106.90 and dec["per_day_so_far"] == 0.0  # 3100 / 29, up
    # the leaderboard of a calendar month shows attainment and the gap for rows with targets
    s = {
        r["store_code"]: r
        for r in json.loads(
            chain("leaderboard", "--by", "store", "-p", "2026-11", "-f", "json").stdout
        )
    }
    assert (s["SH01"]["target"], s["SH01"]["attainment"], s["SH01"]["gap"]) == (400.0, 0.65, 140.0)
    assert s["SH02"]["target"] is None
    c = {
        r["channel"]: r
        for r in json.loads(
            chain("leaderboard", "--by", "channel", "-p", "2026-11", "-f", "json").stdout
        )
    }
    assert c["jd"]["attainment"] == 1.5
    week = json.loads(chain("leaderboard", "--by", "store", "-p", "2026-W46", "-f", "json").stdout)
    assert "target" not in week[0]
