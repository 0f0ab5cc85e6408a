"""The error report a user fixes and re-imports: values as typed, every row whole (duplicates
too), safe in Excel, masked on the terminal without hiding what is wrong, where it goes."""

from __future__ import annotations

import csv
import json
import stat
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import write_csv, write_xlsx

from privcli.base.pii import mask_bad_birthday, mask_bad_phone
from privcli.imports.report import REPORT_HEADER, as_typed

HEADER = ["手机号", "姓名", "生日", "积分", "会员卡号", "专属导购"]
ROWS = [
    [13812345678, "=SUM(A1)", date(1990, 5, 6), 1200, "0013", "G1"],  # 2: fine
    [1381234567, "乙", None, 300, "0014", "G1"],  # 3: a digit short: rejected
    ["13800138001", "丙", "1990-13-01", 12.5, "0015", "G2"],  # 4: bad birthday: warning
    ["138-0013-8002", "丁", None, None, "-", "G9"],  # 5: unknown guide: warning
    [13812345678, "甲", None, 1300, None, None],  # 6: repeats row 2 (same batch)
    ["", "戊", None, None, None, None],  # 7: no phone: rejected
    ["13800138001", None, None, 99, None, None],  # 8: repeats row 4 (a later batch)
]


def read_report(path: Path) -> list[list]:
    if path.suffix == ".xlsx":
        ws = openpyxl.load_workbook(path).active
        return [list(r) for r in ws.iter_rows(values_only=True)]
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_report(path: Path, rows: list[list]) -> None:
    if path.suffix == ".xlsx":
        write_xlsx(path, rows)
    else:
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(rows)


def source(tmp_path: Path, ext: str) -> Path:
    if ext == "xlsx":
        return write_xlsx(tmp_path / "会员.xlsx", [HEADER, *ROWS])
    text = [",".join(HEADER)] + [",".join(as_typed(v) for v in r) for r in ROWS]
    return write_csv(tmp_path / "会员.csv", "\n".join(text) + "\n")


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_fix_the_reports_bad_cells_and_import_it_again(chain, tmp_path, monkeypatch, ext):
    import privcli.imports.engine as engine

    monkeypatch.setattr(engine, "BATCH", 4)  # row 8 repeats a key of the batch before
    # an .xlsx file with the default report; a .csv file with a CSV report asked for
    asked = [] if ext == "xlsx" else ["--errors", str(tmp_path / "reports" / "r.csv")]
    r = chain("import", "members", source(tmp_path, ext), "-f", "json", *asked)
    assert r.exit_code == 3, r.output
    summary = json.loads(r.stdout)
    assert (summary["rejected"], summary["warnings"]) == (2, 5)
    report = Path(summary["error_report"])
    if ext == "xlsx":  # created on demand in ./privcli-errors/, an .xlsx
        assert report.parent == tmp_path / "privcli-errors" and report.suffix == ".xlsx"
    else:
        assert report == tmp_path / "reports" / "r.csv"
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700  # owner-only, like the file
    assert stat.S_IMODE(report.stat().st_mode) == 0o600

    lines = read_report(report)
    assert lines[0] == REPORT_HEADER + HEADER
    by_row = {str(line[0]): line for line in lines[1:]}
    assert sorted(by_row, key=int) == ["3", "4", "5", "6", "7", "8"]  # one line per row
    assert by_row["3"][1:3] == ["拒绝", "手机号"] and "11 digits" in by_row["3"][4]
    # a row's problems in one line
    assert by_row["4"][1:3] == ["警告", "生日；积分"] and "no such date" in by_row["4"][4]
    assert by_row["6"][1:3] == ["警告", "手机号"] and "row 2" in by_row["6"][4]
    assert "earlier row" in by_row["8"][4]
    # every row whole, as typed: duplicates too, also the one found while landing (row 8)
    if ext == "xlsx":
        assert by_row["3"][5:] == [1381234567, "乙", None, 300, "0014", "G1"]
        assert by_row["6"][5:] == [13812345678, "甲", None, 1300, None, None]
        assert by_row["4"][5:] == ["13800138001", "丙", "1990-13-01", 12.5, "0015", "G2"]
    else:
        assert by_row["3"][5:] == ["1381234567", "乙", "", "300", "0014", "G1"]
        assert by_row["6"][5:] == ["13812345678", "甲", "", "1300", "", ""]
        assert by_row["5"][5:] == ["138-0013-8002", "丁", "", "", "'-", "G9"]  # guarded
    assert by_row["8"][5:9] == (
        ["13800138001", None, None, 99] if ext == "xlsx" else ["13800138001", "", "", "99"]
    )

    # fix the bad cells in the report (the phones), as a user does in Excel, and import it
    fixed = [lines[0]]
    for line in lines[1:]:
        line = list(line)
        if str(line[0]) == "3":
            line[5] = 13812345670 if ext == "xlsx" else "13812345670"
        if str(line[0]) == "7":
            line[5] = "13812345677"
        fixed.append(line)
    fixed_path = tmp_path / f"fixed.{ext}"
    write_report(fixed_path, fixed)
    r = chain("import", "members", fixed_path, "-f", "json", "--errors", tmp_path / f"again.{ext}")
    assert r.exit_code == 0, r.output
    again = json.loads(r.stdout)
    assert again["rejected"] == 0
    assert again["inserted"] == 2  # the two fixed rows; the others were there already
    # the report of the report has the source's columns, not the problem columns twice
    assert read_report(Path(again["error_report"]))[0] == REPORT_HEADER + HEADER


def test_the_default_report_of_a_csv_file_is_an_xlsx_with_text_cells(chain, tmp_path):
    """Excel opening a CSV report would turn a long order number into 1.23E+17."""
    f = write_csv(
        tmp_path / "o.csv", "订单号,实付金额,支付时间\n236124130917812259,abc,2026-01-01\n"
    )
    r = chain("import", "orders", f, "-f", "json")
    report = Path(json.loads(r.stdout)["error_report"])
    assert report.suffix == ".xlsx"
    ws = openpyxl.load_workbook(report).active
    assert ws["F2"].value == "236124130917812259" and ws["F2"].data_type == "s"


def test_values_as_typed_and_safe_in_a_csv_report(chain, tmp_path):
    f = write_xlsx(
        tmp_path / "m.xlsx",
        [
            ["手机号", "姓名", "注册时间", "积分", "会员卡号", "来源"],
            [1380013800, "HYPERLINK", datetime(2023, 1, 5, 9, 30), 1200.0, "007", "+86"],
            [1380013801, "@x", date(2023, 1, 6), 13812345678, 12.25, "-5"],
        ],
    )
    wb = openpyxl.load_workbook(f)
    wb.active["B2"].value = '=HYPERLINK("http://x")'
    wb.active["B2"].data_type = "s"  # text that looks like a formula, as a CRM writes it
    wb.save(f)
    r = chain("import", "members", f, "--errors", tmp_path / "r.csv")
    assert r.exit_code == 3
    lines = read_report(tmp_path / "r.csv")
    assert lines[1][3] == "1380013800"  # the value, as typed: no ".0"
    assert lines[1][5:] == [
        "1380013800", "'=HYPERLINK(\"http://x\")", "2023-01-05 09:30:00", "1200", "007", "'+86",
    ]  # fmt: skip
    assert lines[2][5:] == ["1380013801", "'@x", "2023-01-06", "13812345678", "12.25", "'-5"]
    # the same report as .xlsx: text cells, never a formula, no apostrophe added
    r = chain("import", "members", f, "--errors", tmp_path / "r.xlsx")
    rows = read_report(tmp_path / "r.xlsx")
    assert rows[1][5] == 1380013800 and rows[1][6] == '=HYPERLINK("http://x")'
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert ws["G2"].data_type == "s"  # text, which Excel never evaluates


def test_errors_none_writes_no_report(chain, tmp_path):
    f = write_csv(tmp_path / "m.csv", "手机号,姓名\n12345,甲\n13800138000,乙\n")
    r = chain("import", "members", f, "--dry-run", "--errors", "none", "-f", "json")
    assert r.exit_code == 3
    data = json.loads(r.stdout)
    assert data["rejected"] == 1 and data["error_report"] is None
    assert "rejected: row 2" in r.stderr
    assert not (tmp_path / "privcli-errors").exists()
    assert list(tmp_path.glob("*.errors*")) == []
    # by default a report goes to ./privcli-errors/, two in the same second do not collide
    one = json.loads(chain("import", "members", f, "--dry-run", "-f", "json").stdout)
    two = json.loads(chain("import", "members", f, "--dry-run", "-f", "json").stdout)
    assert one["error_report"] != two["error_report"]
    assert {p.name for p in (tmp_path / "privcli-errors").iterdir()} == {
        Path(one["error_report"]).name,
        Path(two["error_report"]).name,
    }


def test_masking_never_hides_what_is_wrong(chain, tmp_path):
    f = write_csv(
        tmp_path / "m.csv",
        "手机号,姓名,生日\n1380013800,甲,\n13800138001,乙,1990-13-01\n13800138002,丙,2090-01-01\n",
    )
    r = chain("import", "members", f)
    assert "value '138***3800': expected 11 digits, got 10" in r.stderr  # one * per digit
    assert "value '****-13-01': no such date" in r.stderr
    assert "value '2090-**-**': birthday out of range" in r.stderr
    assert r.stderr.count("--show-pii shows it whole") == 3
    assert "1990-13-01" not in r.output and "1380013800" not in r.output
    shown = chain("import", "members", f, "--show-pii")
    assert "value '1990-13-01'" in shown.stderr and "value '1380013800'" in shown.stderr
    assert "--show-pii shows it whole" not in shown.stderr


def test_problem_masks():
    assert mask_bad_birthday("1990-13-01", 2026) == "****-13-01"
    assert mask_bad_birthday("1990年2月30日", 2026) == "****年2月30日"
    assert mask_bad_birthday("19901301", 2026) == "****1301"
    assert mask_bad_birthday("1800/01/02", 2026) == "1800/**/**"
    assert mask_bad_birthday("不详", 2026) == "不详"
    assert mask_bad_phone("138-0013-800a") == "138-****-800a"
    assert mask_bad_phone("1380013") == "138****"
    assert mask_bad_phone("138****8000") == "138****8000"


HEADER_AGAIN = {
    "stores": ("门店编码,门店名称\n", "S1,一店\n", "S2,二店\n"),
    "guides": ("工号,姓名\n", "X1,甲\n", "X2,乙\n"),
    "members": ("手机号,姓名\n", "13800138000,甲\n", "13800138001,乙\n"),
    "orders": (
        "订单号,实付金额,支付时间\n",
        "O1,10,2026-01-01 10:00\n",
        "O2,20,2026-01-02 10:00\n",
    ),
}


@pytest.mark.parametrize("kind", list(HEADER_AGAIN))
def test_a_header_row_repeated_in_the_middle_is_skipped_with_a_warning(chain, tmp_path, kind):
    header, one, two = HEADER_AGAIN[kind]
    f = write_csv(tmp_path / f"{kind}.csv", header + one + header + two)  # two exports joined
    r = chain("import", kind, f, "-f", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert (data["rows"], data["inserted"], data["rejected"], data["warnings"]) == (2, 2, 0, 1)
    assert "row 3" in r.stderr and "header row again" in r.stderr


def test_a_map_of_a_column_not_in_the_file_is_a_warning_naming_the_headers(chain, tmp_path):
    f = write_csv(tmp_path / "m.csv", "手机号,会员等级名\n13800138000,金卡\n")
    r = chain("import", "members", f, "--map", "VIP等级=level", "--map", "会员等级名=level")
    assert r.exit_code == 0, r.output
    assert "--map 'VIP等级=level': the file has no column 'VIP等级'" in r.stderr
    assert "headers found on row 1: 手机号, 会员等级名" in r.stderr
    assert "warnings: 1" in r.stdout


def test_a_workbook_whose_first_sheet_is_not_the_kind_names_the_sheet_that_is(chain, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表由 HR 系统导出"])
    stats = wb.create_sheet("统计")
    stats.append(["门店", "人数"])
    roster = wb.create_sheet("花名册")
    roster.append(["导购花名册"])
    roster.append(["工号", "姓名", "在职状态"])
    roster.append(["X1", "甲", "在职"])
    wb.save(tmp_path / "hr.xlsx")
    r = chain("import", "guides", tmp_path / "hr.xlsx")
    assert r.exit_code == 1
    assert "sheets in hr.xlsx: 说明, 统计, 花名册 (looks like guides: header on row 2)" in r.stderr
    assert "--sheet 花名册" in r.stderr
    assert chain("import", "guides", tmp_path / "hr.xlsx", "--sheet", "花名册").exit_code == 0


def test_an_errors_path_that_cannot_be_written_is_refused_before_anything_lands(chain, tmp_path):
    f = write_csv(tmp_path / "m.csv", "手机号\n12345\n13800138000\n")
    r = chain("import", "members", f, "--errors", tmp_path / "report.json")
    assert r.exit_code == 2 and ".csv or .xlsx" in r.stderr
    (tmp_path / "taken").write_text("")
    r = chain("import", "members", f, "--errors", tmp_path / "taken" / "r.csv")
    assert r.exit_code == 2 and "cannot be written there" in r.stderr
    r = chain("members", "list", "-f", "json")
    assert json.loads(r.stdout) == []  # nothing imported
