"""Guide rosters as HR writes them, departures and returns, guide cells as CRMs write them."""

from __future__ import annotations

import json
from datetime import timedelta

from conftest import write_csv

from privcli.base import config
from privcli.capabilities import open_store as open_db


def guides(url) -> dict[str, tuple]:
    db = open_db(url)
    rows = db.execute("SELECT code, status, departed_on, hired_on FROM guides").fetchall()
    db.close()
    return {
        r[0]: (r[1], None if r[2] is None else str(r[2]), None if r[3] is None else str(r[3]))
        for r in rows
    }


def owner_of(url) -> dict[str, str | None]:
    db = open_db(url)
    rows = db.execute(
        "SELECT m.phone, g.code FROM members m LEFT JOIN guides g ON g.id = m.guide_id"
    ).fetchall()
    db.close()
    return dict(rows)


def test_hr_statuses_probation_interns_and_leaving(chain, tmp_path):
    f = write_csv(
        tmp_path / "hr.csv",
        "工号,姓名,门店编码,在职状态\n"
        "P1,试,SH01,试用\nP2,期,SH01,试用期\nP3,习,SH01,实习\nP4,走,SH01,待离职\nP5,离,SH01,离职\n",
    )
    r = chain("import", "guides", f, "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["warnings"] == 1
    assert "P4 is leaving (待离职): kept active" in r.stderr
    assert "privcli guides depart P4" in r.stderr
    g = guides(chain.url)
    assert [g[c][0] for c in ("P1", "P2", "P3", "P4", "P5")] == ["active"] * 4 + ["departed"]


def test_guide_ids_match_case_insensitively_and_keep_the_form_first_written(chain, tmp_path):
    f = write_csv(
        tmp_path / "hr.csv",
        "工号,姓名,门店编码,在职状态\ng1,陈静,SH02,在职\ngx9,新人,SH01,在职\nGX9,新人,SH02,在职\n",
    )
    r = chain("import", "guides", f, "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["inserted"] == 1  # gx9; g1 is G1
    g = guides(chain.url)
    assert "g1" not in g and "gx9" in g and "GX9" not in g
    db = open_db(chain.url)
    store = db.scalar(
        "SELECT s.code FROM guides g JOIN stores s ON s.id = g.store_id WHERE g.code = 'G1'"
    )
    db.close()
    assert store == "SH02"  # the roster's g1 updated G1


def test_guide_cells_with_name_and_id(chain, tmp_path):
    f = write_csv(
        tmp_path / "m.csv",
        "手机号,所属门店,专属导购\n"
        "13800138000,SH02,周敏(G3)\n"
        "13800138001,SH01,林涛（G2）\n"
        "13800138002,SH01,G1 陈静\n"
        "13800138003,SH01,g2\n"
        "13800138004,SH01,陈静\n",
    )
    r = chain("import", "members", f, "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["warnings"] == 0
    assert owner_of(chain.url) == {
        "13800138000": "G3",
        "13800138001": "G2",
        "13800138002": "G1",
        "13800138003": "G2",
        "13800138004": "G1",
    }


def test_a_roster_never_reactivates_a_guide_departed_by_hand(chain, tmp_path):
    roster = write_csv(tmp_path / "hr.csv", "工号,姓名,门店编码,在职状态\nG2,林涛,SH01,在职\n")
    assert chain("guides", "depart", "G2", "--on", "2026-01-05").exit_code == 0
    r = chain("import", "guides", roster, "-f", "json", "--errors", tmp_path / "roster-errors.csv")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["warnings"] == 1
    assert "G2 was marked departed with privcli guides depart" in r.stderr
    assert "privcli guides rehire G2" in r.stderr
    assert guides(chain.url)["G2"][:2] == ("departed", "2026-01-05")
    # the report holds the roster row, to see what HR says
    report = json.loads(r.stdout)["error_report"]
    assert "G2,林涛,SH01,在职" in open(report, encoding="utf-8-sig").read()

    r = chain("guides", "rehire", "g2", "--on", "2026/03/01")
    assert r.exit_code == 0, r.output
    assert "G2" in r.stdout and "yes" in r.stdout
    assert guides(chain.url)["G2"] == ("active", None, "2026-03-01")
    assert "already active" in chain("guides", "rehire", "G2").stdout

    # a guide a roster departed, a roster may bring back (HR's word both times)
    gone = write_csv(tmp_path / "gone.csv", "工号,在职状态,离职日期\nG2,离职,2026-04-01\n")
    assert chain("import", "guides", gone).exit_code == 0
    assert guides(chain.url)["G2"][:2] == ("departed", "2026-04-01")
    r = chain("import", "guides", roster, "-f", "json")
    assert json.loads(r.stdout)["warnings"] == 0
    assert guides(chain.url)["G2"][:2] == ("active", None)
    # departing by hand a guide a roster departed makes it stick
    assert chain("import", "guides", gone).exit_code == 0
    assert "already departed" in chain("guides", "depart", "G2").stdout
    chain("import", "guides", roster)
    assert guides(chain.url)["G2"][0] == "departed"


def test_depart_on_takes_the_import_date_forms_and_refuses_the_future(chain):
    for form, guide in (("2026/1/5", "G1"), ("2026年1月6日", "G2"), ("20260107", "G3")):
        r = chain("guides", "depart", guide, "--on", form)
        assert r.exit_code == 0, r.output
    g = guides(chain.url)
    assert [g[c][1] for c in ("G1", "G2", "G3")] == ["2026-01-05", "2026-01-06", "2026-01-07"]
    tomorrow = (config.today() + timedelta(days=1)).isoformat()
    r = chain("guides", "depart", "G4", "--on", tomorrow)
    assert r.exit_code == 2
    assert f"--on {tomorrow}: a date in the future" in r.stderr
    r = chain("guides", "depart", "G4", "--on", "yesterday")
    assert r.exit_code == 2 and "expected a date such as 2026-11-20" in r.stderr


def test_depart_and_transfer_take_guide_ids_in_any_case(chain, tmp_path):
    f = write_csv(tmp_path / "m.csv", "手机号,所属门店,专属导购\n13800138000,SH01,G1\n")
    assert chain("import", "members", f).exit_code == 0
    r = chain("guides", "depart", "g1")
    assert r.exit_code == 0 and "G1" in r.stdout
    r = chain("transfer", "g1", "--json")
    assert r.exit_code == 0, r.output
    assert owner_of(chain.url)["13800138000"] == "G2"


def test_a_guide_filter_in_another_case_points_at_the_id(chain, tmp_path):
    r = chain("members", "list", "--guide", "g1")
    assert r.exit_code == 1
    assert "did you mean G1?" in r.stderr
