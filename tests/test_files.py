"""Files privcli writes: never over the database or the input, never over a file it did not write
(unless --force); and no cell of any CSV export can run as a formula in Excel."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import Cli, write_csv

from privcli.capabilities import REGISTRY

MEMBERS = "手机号,姓名\n13800138000,甲\n1380013800,乙\n"  # the second row is rejected


@pytest.fixture
def sqlite_cli(tmp_path):
    return Cli(str(tmp_path / "chain.db"))


def test_errors_report_never_overwrites_the_database(sqlite_cli, tmp_path):
    src = write_csv(tmp_path / "m.csv", MEMBERS)
    assert sqlite_cli("import", "members", src).exit_code == 3
    for target in ("chain.db", "chain.db-wal"):
        r = sqlite_cli("import", "members", src, "--errors", tmp_path / target)
        assert r.exit_code == 2, r.output
        assert "is the database" in r.stderr
    listed = sqlite_cli("members", "list", "-f", "json", "--show-pii")
    assert listed.exit_code == 0  # the database is still a database
    assert [m["phone"] for m in json.loads(listed.stdout)] == ["13800138000"]


def test_errors_report_never_overwrites_the_input(sqlite_cli, tmp_path):
    src = write_csv(tmp_path / "m.csv", MEMBERS)
    r = sqlite_cli("import", "members", src, "--errors", src)
    assert r.exit_code == 2 and "is the file being read" in r.stderr
    assert src.read_text(encoding="utf-8") == MEMBERS


def test_an_existing_file_privcli_did_not_write_needs_force(sqlite_cli, tmp_path):
    src = write_csv(tmp_path / "m.csv", MEMBERS)
    notes = tmp_path / "notes.csv"
    notes.write_text("my,own\nnotes,here\n", encoding="utf-8")
    r = sqlite_cli("import", "members", src, "--errors", notes)
    assert r.exit_code == 2 and "not written by privcli" in r.stderr and "--force" in r.stderr
    assert notes.read_text(encoding="utf-8") == "my,own\nnotes,here\n"
    r = sqlite_cli("import", "members", src, "--errors", notes, "--force")
    assert r.exit_code == 3
    assert "错误原因" in notes.read_text(encoding="utf-8-sig")
    # an earlier privcli report is replaced without --force (a daily cron line)
    r = sqlite_cli("import", "members", src, "--errors", notes)
    assert r.exit_code == 3, r.output


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_exports_replace_their_own_files_only(sqlite_cli, tmp_path, ext):
    assert sqlite_cli("import", "members", write_csv(tmp_path / "m.csv", MEMBERS)).exit_code == 3
    out = tmp_path / f"members.{ext}"
    assert sqlite_cli("export", "members", out).exit_code == 0
    assert sqlite_cli("export", "members", out, "--lang", "zh").exit_code == 0  # its own file
    other = tmp_path / f"budget.{ext}"
    other.write_bytes(b"PK\x03\x04 not privcli's" if ext == "xlsx" else b"a,b\n1,2\n")
    r = sqlite_cli("export", "members", other)
    assert r.exit_code == 2 and "not written by privcli" in r.stderr
    assert other.read_bytes().startswith(b"PK" if ext == "xlsx" else b"a,b")
    assert sqlite_cli("export", "members", other, "--force").exit_code == 0


def test_no_file_is_written_over_a_database_named_like_a_spreadsheet(tmp_path):
    cli = Cli(str(tmp_path / "chain.csv"))  # an odd but possible database file name
    assert cli("import", "members", write_csv(tmp_path / "m.csv", MEMBERS)).exit_code == 3
    for args in (["export", "members", tmp_path / "chain.csv"],
                 ["export", "members", tmp_path / "chain.csv", "--force"],
                 ["transfer", "--unassigned", "--export", tmp_path / "chain.csv"]):  # fmt: skip
        r = cli(*args)
        assert r.exit_code == 2 and "is the database" in r.stderr, args
    assert cli("members", "list").exit_code == 0


TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
STORES = "门店编码,门店名称,大区,城市\n+SH9,=1+1,-华东,@上海\nS2,\t店,\r区,城\n"
GUIDES = "工号,姓名,门店编码,在职状态\n=G9,@王,+SH9,在职\nG2,-李,S2,在职\n"
MEMBERS_X = (
    "手机号,会员卡号,姓名,会员等级,来源渠道,标签,专属导购\n"
    '13800138000,=K1,+王,@金卡,-门店,"=HYPERLINK(""x"")",=G9\n'
    "13800138001,\tK2,\r李,-1,+1,@t,G2\n"
)
ORDERS = (
    "订单号,支付时间,实付金额,手机号,门店编码,导购工号,券码,订单来源\n"
    "=1+1,2026-11-01 10:00:00,10,13800138000,+SH9,=G9,@C,=ch\n"
    "@SUM(A1),2026-11-01 11:00:00,-5,13800138001,S2,G2,\tC2,-ch\n"
    "+86,2026-11-01 12:00:00,7,13800138001,S2,G2,\rC3,\tch\n"
)


@pytest.mark.parametrize("what", sorted(REGISTRY.exports))
def test_no_csv_export_cell_can_run_as_a_formula(cli, tmp_path, what):
    for kind, text in (("stores", STORES), ("guides", GUIDES), ("members", MEMBERS_X),
                       ("orders", ORDERS)):  # fmt: skip
        r = cli("import", kind, write_csv(tmp_path / f"{kind}.csv", text))
        assert r.exit_code in (0, 3), r.output
    out = tmp_path / f"out-{what}.csv"
    r = cli("export", what, out, "--show-pii")
    assert r.exit_code == 0, r.output
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) > 2
    guarded = 0
    for row in rows[1:]:
        for cell in row:
            if cell[:1] in TRIGGERS:
                float(cell)  # only a number may start with - or +
            guarded += cell.startswith("'")
    assert guarded, f"{what}: the test data should have needed the guard"


def test_reports_replace_their_own_files_only(sqlite_cli, tmp_path):
    """The leaderboard's workbook and a report's .csv follow the same rule as exports."""
    assert sqlite_cli("import", "members", write_csv(tmp_path / "m.csv", MEMBERS)).exit_code == 3
    board, report = tmp_path / "board.xlsx", tmp_path / "repurchase.csv"
    for _ in range(2):  # the second run replaces the first run's files
        assert sqlite_cli("leaderboard", "-o", board).exit_code == 0
        r = sqlite_cli("report", "repurchase", "-o", report)
        assert r.exit_code == 0, r.output
    board.write_bytes(b"PK\x03\x04 someone's workbook")
    report.write_text("their,numbers\n1,2\n", encoding="utf-8")
    r = sqlite_cli("leaderboard", "-o", board)
    assert r.exit_code == 2 and "not written by privcli" in r.stderr
    r = sqlite_cli("report", "repurchase", "-o", report)
    assert r.exit_code == 2 and "not written by privcli" in r.stderr
    assert report.read_text(encoding="utf-8") == "their,numbers\n1,2\n"
    assert sqlite_cli("report", "repurchase", "-o", report, "--force").exit_code == 0
    r = sqlite_cli("leaderboard", "-o", tmp_path / "chain.db")
    assert r.exit_code == 2
