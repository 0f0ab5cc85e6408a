"""Export (csv/xlsx, headers, masking, formula safety, filters) and look-up (`members list`,
`members show`, `init`) through the CLI."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime

import openpyxl
import pytest
from conftest import write_csv
from python_calamine import CalamineWorkbook

from privcli.base import config, pii
from privcli.base.db import iso
from privcli.capabilities import open_store as open_db
from privcli.io import xlsx_writer
from privcli.members import logic as members_logic

MEMBER_EN = ["phone", "member_no", "name", "gender", "birthday", "level", "points",
             "registered_at", "store_code", "guide_id", "acquired_by", "channel", "tags"]  # fmt: skip
ORDER_EN = ["order_no", "phone", "store_code", "guide_id", "status", "amount", "paid_at",
    "coupon_code", "refund_amount", "doc_type", "original_no"]  # fmt: skip
GUIDE_EN = ["guide_id", "name", "store_code", "region", "role", "status", "hired_on",
            "departed_on", "customers"]  # fmt: skip
STORE_EN = ["store_code", "name", "region", "city", "active_guides", "members"]

MEMBERS_CSV = (
    "手机号,会员卡号,姓名,性别,生日,会员等级,积分,注册时间,所属门店,专属导购,来源,标签\n"
    '13800138000,K1,王五,男,1990-05-06,金卡,"1,200",2023-01-05 10:00:00,SH01,G1,门店,"VIP,母婴"\n'
    "13800138001,K2,李小红,女,,银卡,5,,SH02,G3,小程序,新客\n"
    '13800138002,@SUM(A1:A2),=1+1,,,+1,-5,,,,-1,"=HYPERLINK(""http://x"")"\n'
)
ORDERS_CSV = (
    "订单号,订单状态,实付金额,支付时间,手机号,门店编码,导购工号,券码\n"
    "O1,交易成功,1299,2023-01-05 10:00:00,13800138000,SH01,G1,=1+1\n"
    "O2,已退款,0.5,2023-01-06 10:00:00,13800138001,SH02,G3,\n"
    "O3,交易关闭,88.8,,13800138000,SH01,G2,\n"
)


@pytest.fixture
def data(chain, tmp_path):
    """The chain plus three members (one full of formula-looking cells) and three orders."""
    r = chain("import", "members", write_csv(tmp_path / "members.csv", MEMBERS_CSV))
    assert r.exit_code == 0, r.output
    r = chain("import", "orders", write_csv(tmp_path / "orders.csv", ORDERS_CSV))
    assert r.exit_code == 0, r.output
    return chain


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def export_csv(cli, tmp_path, what: str, *options, name: str = "out.csv") -> list[list[str]]:
    out = tmp_path / name
    r = cli("export", what, out, *options)
    assert r.exit_code == 0, r.output
    return read_csv(out)


def export_orders(cli, tmp_path, *options, name: str = "orders-export.csv") -> list[list[str]]:
    """Header, then the orders sorted by order number (on PostgreSQL, ids and therefore the
    export's row order need not follow the imported file's order)."""
    header, *rows = export_csv(cli, tmp_path, "orders", *options, name=name)
    return [header, *sorted(rows)]


def read_xlsx(path):
    wb = openpyxl.load_workbook(path)
    return wb.active


# -- members --------------------------------------------------------------------------------------


def test_members_csv_canonical_headers_masked_by_default(data, tmp_path):
    rows = export_csv(data, tmp_path, "members")
    assert rows[0] == MEMBER_EN
    assert [r[:3] for r in rows[1:]] == [
        ["138****8000", "K1", "王*"],
        ["138****8001", "K2", "李**"],
        ["138****8002", "'@SUM(A1:A2)", "'=***"],
    ]
    assert rows[1][3:7] == ["M", "1990-**-**", "金卡", "1200"]
    assert rows[1][7] == "2023-01-05 10:00:00"
    assert rows[1][8:] == ["SH01", "G1", "G1", "门店", "VIP,母婴"]
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    for secret in ("13800138000", "王五", "李小红", "1990-05-06"):
        assert secret not in text


def test_members_csv_show_pii(data, tmp_path, request):
    rows = export_csv(data, tmp_path, "members", "--show-pii")
    assert [r[:5] for r in rows[1:]] == [
        ["13800138000", "K1", "王五", "M", "1990-05-06"],
        ["13800138001", "K2", "李小红", "F", ""],
        ["13800138002", "'@SUM(A1:A2)", "'=1+1", "", ""],
    ]
    assert rows[2][5:] == ["银卡", "5", "", "SH02", "G3", "G3", "小程序", "新客"]
    assert rows[1][7] == "2023-01-05 10:00:00"


def test_formula_cells_written_as_text_in_csv(data, tmp_path):
    rows = export_csv(data, tmp_path, "members", "--show-pii")
    m = dict(zip(rows[0], rows[3], strict=True))
    # Excel shows a cell starting with an apostrophe as text and never evaluates it
    assert m["member_no"] == "'@SUM(A1:A2)"
    assert m["name"] == "'=1+1"
    assert m["level"] == "'+1"
    assert m["channel"] == "'-1"
    assert m["tags"] == '\'=HYPERLINK("http://x")'
    assert m["points"] == "-5"  # a negative number is a number, not a formula
    orders = export_orders(data, tmp_path)
    assert orders[1][7] == "'=1+1"  # coupon code


def test_formula_cells_never_formulas_in_xlsx(data, tmp_path):
    out = tmp_path / "m.xlsx"
    assert data("export", "members", out, "--show-pii").exit_code == 0
    ws = read_xlsx(out)
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in next(ws.iter_rows(min_row=4, max_row=4))]
    m = dict(zip(MEMBER_EN, values, strict=True))
    assert m["member_no"] == "@SUM(A1:A2)"  # the text itself, stored as a string
    assert m["name"] == "=1+1"
    assert m["level"] == "+1"
    assert m["channel"] == "-1"
    assert m["tags"] == '=HYPERLINK("http://x")'
    assert m["points"] == -5


def test_members_xlsx_headers_and_values(data, tmp_path):
    out = tmp_path / "m.xlsx"
    r = data("export", "members", out)
    assert r.exit_code == 0
    assert "wrote 3 members" in r.stderr
    ws = read_xlsx(out)
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == MEMBER_EN
    assert rows[1][:7] == ["138****8000", "K1", "王*", "M", "1990-**-**", "金卡", 1200]
    assert rows[1][8:] == ["SH01", "G1", "G1", "门店", "VIP,母婴"]
    assert rows[2][:3] == ["138****8001", "K2", "李**"]
    assert len(rows) == 4


def test_members_lang_zh_headers(data, tmp_path):
    rows = export_csv(data, tmp_path, "members", "--lang", "zh")
    assert rows[0] == ["手机号", "会员卡号", "姓名", "性别", "生日", "会员等级", "积分", "注册时间",
                       "门店编码", "导购工号", "添加人", "来源渠道", "标签"]  # fmt: skip
    assert rows[1][:4] == ["138****8000", "K1", "王*", "男"]
    assert rows[2][3] == "女"


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_zh_export_with_pii_reimports_unchanged(data, tmp_path, ext):
    out = tmp_path / f"roundtrip.{ext}"
    assert data("export", "members", out, "--lang", "zh", "--show-pii").exit_code == 0
    r = data("import", "members", out, "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "rows": 3, "inserted": 0, "updated": 0, "unchanged": 3, "rejected": 0, "warnings": 0,
        "error_report": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("options", "phones"),
    [
        (["--store", "SH01"], ["13800138000"]),
        (["--store", "SH02"], ["13800138001"]),
        (["--store", "GZ01"], []),
        (["--guide", "G3"], ["13800138001"]),
        (["--guide", "G2"], []),
        (["--tag", "VIP"], ["13800138000"]),
        (["--tag", "母婴"], ["13800138000"]),
        (["--level", "银卡"], ["13800138001"]),
        (["--level", "金卡", "--store", "SH01"], ["13800138000"]),
        (["--level", "金卡", "--store", "SH02"], []),
    ],
)
def test_member_filters(data, tmp_path, options, phones):
    rows = export_csv(data, tmp_path, "members", "--show-pii", *options)
    assert rows[0] == MEMBER_EN
    assert [r[0] for r in rows[1:]] == phones
    if phones == ["13800138000"]:
        assert rows[1][12] == "VIP,母婴"  # a tag filter still exports all the member's tags


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--store", "NOPE"], "--store 'NOPE': no such value"),
        (["--guide", "G99"], "--guide 'G99': no such value"),
        (["--tag", "VI"], "did you mean VIP?"),
    ],
)
def test_unknown_store_or_guide_is_an_error(data, tmp_path, options, message):
    out = tmp_path / "x.csv"
    r = data("export", "members", out, *options)
    assert r.exit_code == 1
    assert message in r.stderr
    assert not out.exists()
    r = data("export", "orders", out, *options)
    assert r.exit_code == 1 and message in r.stderr


def test_unsupported_export_extension_is_a_usage_error(data, tmp_path):
    r = data("export", "members", tmp_path / "m.txt")
    assert r.exit_code == 2
    assert ".csv or .xlsx" in r.stderr


def test_member_export_in_several_chunks(data, tmp_path, monkeypatch):
    """Chunks of 2 members: tags are read per chunk (the first member's tags, a member without
    any, then one more in the next chunk) and every format says the same."""
    whole = export_csv(data, tmp_path, "members", "--show-pii", name="whole.csv")
    monkeypatch.setattr(members_logic, "CHUNK", 2)
    assert export_csv(data, tmp_path, "members", "--show-pii", name="chunked.csv") == whole
    assert [r[12] for r in whole[1:]] == ["VIP,母婴", "新客", '\'=HYPERLINK("http://x")']
    out = tmp_path / "chunked.xlsx"
    assert data("export", "members", out, "--show-pii").exit_code == 0
    got = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    as_text = [["" if v == "" else str(int(v)) if isinstance(v, float) else iso(v) for v in r]
               for r in got]  # fmt: skip
    # the CSV's apostrophes are the formula guard; the xlsx holds the text itself
    assert as_text == [[v[1:] if v.startswith("'") else v for v in r] for r in whole]


def test_members_xlsx_round_trips_awkward_text(data, tmp_path):
    """Text the import would normally tidy up, put in the database by another tool."""
    db = open_db(data.url)
    awkward = {
        "name": "  前后空格 ",
        "channel": "=cmd|' /C calc'!A0",
        "level": "金卡 😀 & <VIP>",
        "member_no": "_x0041_\u3000",
    }
    for col, value in awkward.items():
        db.execute(f"UPDATE members SET {col} = :v WHERE phone = '13800138001'", {"v": value})
    db.execute("UPDATE members SET channel = :v WHERE phone = '13800138000'", {"v": "a\x07b"})
    db.close()
    out = tmp_path / "a.xlsx"
    assert data("export", "members", out, "--show-pii").exit_code == 0
    ws = read_xlsx(out)
    m = dict(zip(MEMBER_EN, [c.value for c in ws[3]], strict=True))
    assert (m["name"], m["channel"], m["level"]) == (
        "  前后空格 ",
        awkward["channel"],
        awkward["level"],
    )
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert ws["L2"].value == "ab"  # a control character XML cannot hold is dropped
    got = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert got[2][1] == awkward["member_no"]  # Excel decodes _xHHHH_: written escaped
    rows = export_csv(data, tmp_path, "members", "--show-pii")
    m = dict(zip(MEMBER_EN, rows[2], strict=True))
    assert (m["name"], m["channel"]) == ("  前后空格 ", "'" + awkward["channel"])


def test_members_xlsx_over_excels_row_limit_fails_cleanly(data, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_writer, "MAX_XLSX_ROWS", 3)  # the header and two members
    out = tmp_path / "m.xlsx"
    r = data("export", "members", out)
    assert r.exit_code == 1
    assert "at most 2 rows" in r.stderr and ".csv" in r.stderr
    assert not out.exists()  # no truncated file that looks complete
    assert data("export", "members", tmp_path / "m.csv").exit_code == 0


@pytest.mark.parametrize(
    ("column", "scalar", "values"),
    [
        (pii.mask_phones, pii.mask_phone,
         ["13800138000", "+8613800138000", "1380013", "", None, "12345678"]),
        (pii.mask_names, pii.mask_name, ["王五", "王", "欧阳小明", "", None, "😀x", "Ann Lee"]),
        (pii.mask_birthdays, pii.mask_birthday,
         ["1990-05-06", "", None, date(1990, 5, 6), "1990", "19"]),
    ],
)  # fmt: skip
def test_column_masks_match_the_single_value_masks(column, scalar, values):
    assert column(values) == [scalar(v) for v in values]
    assert column(tuple(values) * 3) == [scalar(v) for v in values] * 3


# -- orders ---------------------------------------------------------------------------------------


def test_orders_csv_amounts_in_yuan_masked(data, tmp_path):
    rows = export_orders(data, tmp_path)
    assert rows[0] == ORDER_EN
    assert [r[:6] for r in rows[1:]] == [
        ["O1", "138****8000", "SH01", "G1", "paid", "1299.00"],
        ["O2", "138****8001", "SH02", "G3", "refunded", "0.50"],
        ["O3", "138****8000", "SH01", "G2", "cancelled", "88.80"],
    ]
    assert [r[6] for r in rows[1:]] == ["2023-01-05 10:00:00", "2023-01-06 10:00:00", ""]
    pii = export_orders(data, tmp_path, "--show-pii", name="pii.csv")
    assert [r[1] for r in pii[1:]] == ["13800138000", "13800138001", "13800138000"]


def test_orders_lang_zh(data, tmp_path):
    rows = export_orders(data, tmp_path, "--lang", "zh")
    assert rows[0] == ["订单号", "手机号", "门店编码", "导购工号", "订单状态", "实付金额", "支付时间",
                       "券码", "退款金额", "单据类型", "原单号"]  # fmt: skip
    assert [r[4] for r in rows[1:]] == ["已付款", "已退款", "已关闭"]


def test_orders_xlsx_amounts(data, tmp_path):
    out = tmp_path / "o.xlsx"
    assert data("export", "orders", out).exit_code == 0
    ws = read_xlsx(out)
    header, *rows = list(ws.iter_rows())
    rows = [header, *sorted(rows, key=lambda row: row[0].value)]
    assert [c.value for c in rows[0]] == ORDER_EN
    assert [c.value for c in rows[1][:5]] == ["O1", "138****8000", "SH01", "G1", "paid"]
    amounts = [row[5] for row in rows[1:]]
    # a number Excel can sum (exact yuan), not a float artefact
    assert [c.value for c in amounts] == [1299, 0.5, 88.8]
    assert not [c.coordinate for row in rows for c in row if c.data_type == "f"]


def test_orders_xlsx_amounts_show_two_decimals(data, tmp_path):
    out = tmp_path / "o.xlsx"
    assert data("export", "orders", out).exit_code == 0
    ws = read_xlsx(out)
    rows = sorted(list(ws.iter_rows())[1:], key=lambda row: row[0].value)
    for cell, shown in zip([row[5] for row in rows[:2]], ["1299.00", "0.50"], strict=True):
        as_text = isinstance(cell.value, str) and cell.value == shown
        as_number = isinstance(cell.value, (int, float)) and cell.number_format in (
            "0.00",
            "#,##0.00",
        )
        assert as_text or as_number, (cell.value, cell.number_format)


@pytest.mark.parametrize(
    ("options", "order_nos"),
    [
        (["--store", "SH01"], ["O1", "O3"]),
        (["--store", "SH02"], ["O2"]),
        (["--guide", "G2"], ["O3"]),
        (["--guide", "G4"], []),
        (["--tag", "VIP"], ["O1", "O3"]),  # orders of the members with that tag
        (["--level", "银卡"], ["O2"]),
    ],
)
def test_order_filters(data, tmp_path, options, order_nos):
    rows = export_orders(data, tmp_path, *options)
    assert rows[0] == ORDER_EN
    assert [r[0] for r in rows[1:]] == order_nos


def test_times_exported_as_wall_clock_text(data, tmp_path, request):
    orders = export_orders(data, tmp_path)
    assert [r[6] for r in orders[1:]] == ["2023-01-05 10:00:00", "2023-01-06 10:00:00", ""]
    members = export_csv(data, tmp_path, "members", name="m.csv")
    assert members[1][7] == "2023-01-05 10:00:00"
    out = tmp_path / "o.xlsx"
    assert data("export", "orders", out).exit_code == 0
    xlsx_rows = [[c.value for c in row] for row in read_xlsx(out).iter_rows()]
    # in .xlsx: real date cells holding the same wall-clock time (see test_xlsx_look.py)
    assert sorted(r[6] for r in xlsx_rows[1:] if r[6]) == [
        datetime(2023, 1, 5, 10, 0, 0),
        datetime(2023, 1, 6, 10, 0, 0),
    ]
    r = data("members", "show", "13800138000", "--format", "json")
    shown = json.loads(r.stdout)
    assert shown["member"]["registered_at"] == "2023-01-05 10:00:00"
    assert shown["orders"]["last_order_at"] == "2023-01-05 10:00:00"


# -- guides and stores ----------------------------------------------------------------------------


def test_guides_export(data, tmp_path):
    rows = export_csv(data, tmp_path, "guides")
    assert rows[0] == GUIDE_EN
    by_id = {r[0]: r for r in rows[1:]}
    assert set(by_id) == {"G1", "G2", "G3", "G4"}
    assert by_id["G1"][2:] == ["SH01", "华东", "guide", "active", "2021-04-01", "", "1"]
    assert by_id["G3"][2:] == ["SH02", "华东", "guide", "active", "2021-06-01", "", "1"]
    assert by_id["G4"][2:6] == ["GZ01", "华南", "guide", "departed"]
    # 离职 without a date: departed on the day of the import
    assert by_id["G4"][7:] == [config.today().isoformat(), "0"]
    zh = export_csv(data, tmp_path, "guides", "--lang", "zh", "--store", "GZ01", name="zh.csv")
    assert zh[0] == ["导购工号", "姓名", "门店编码", "大区", "岗位", "在职状态", "入职日期", "离职日期",
                     "客户数"]  # fmt: skip
    assert [r[:6] for r in zh[1:]] == [["G4", "吴磊", "GZ01", "华南", "导购", "离职"]]


def test_stores_export_csv_and_xlsx(data, tmp_path):
    rows = export_csv(data, tmp_path, "stores")
    assert rows == [
        STORE_EN,
        ["GZ01", "广州天河店", "华南", "广州", "0", "0"],
        ["SH01", "上海南京西路店", "华东", "上海", "2", "1"],
        ["SH02", "上海徐汇店", "华东", "上海", "1", "1"],
    ]
    out = tmp_path / "s.xlsx"
    assert data("export", "stores", out, "--lang", "zh").exit_code == 0
    ws = read_xlsx(out)
    got = [[c.value for c in row] for row in ws.iter_rows()]
    assert got[0] == ["门店编码", "门店名称", "大区", "城市", "在职导购数", "会员数"]
    assert got[2] == ["SH01", "上海南京西路店", "华东", "上海", 2, 1]


# -- members list / show --------------------------------------------------------------------------


def test_members_list_csv(data):
    r = data("members", "list", "--format", "csv")
    assert r.exit_code == 0
    rows = list(csv.reader(r.stdout.splitlines()))
    assert rows[0] == MEMBER_EN
    assert [row[:3] for row in rows[1:]] == [
        ["138****8000", "K1", "王*"],
        ["138****8001", "K2", "李**"],
        ["138****8002", "@SUM(A1:A2)", "=***"],
    ]
    pii = data("members", "list", "--format", "csv", "--show-pii", "--store", "SH02")
    assert list(csv.reader(pii.stdout.splitlines()))[1][:3] == ["13800138001", "K2", "李小红"]


def test_members_list_json(data):
    r = data("members", "list", "--format", "json", "--tag", "VIP")
    assert r.exit_code == 0
    listed = json.loads(r.stdout)
    assert len(listed) == 1
    m = listed[0]
    assert list(m) == MEMBER_EN
    assert (m["phone"], m["name"], m["birthday"], m["points"], m["tags"]) == (
        "138****8000", "王*", "1990-**-**", 1200, "VIP,母婴",
    )  # fmt: skip
    raw = json.loads(data("members", "list", "--format", "json", "--show-pii").stdout)
    assert [x["phone"] for x in raw] == ["13800138000", "13800138001", "13800138002"]
    assert raw[0]["name"] == "王五" and raw[0]["birthday"] == "1990-05-06"
    assert (
        json.loads(data("members", "list", "--format", "json", "--level", "银卡").stdout)[0][
            "level"
        ]
        == "银卡"
    )
    r = data("members", "list", "--format", "json", "--level", "钻石卡")
    assert r.exit_code == 1 and r.stdout == ""  # a typo is an error, not an empty list


def test_members_list_markdown_and_plain(data):
    md = data("members", "list", "--format", "markdown", "--guide", "G1")
    assert md.exit_code == 0
    lines = md.stdout.strip().splitlines()
    assert lines[0].startswith("| phone") and "| tags" in lines[0]
    assert set(lines[1]) <= set("|-: ")
    assert len(lines) == 3
    assert "| 138****8000 |" in lines[2] and "王*" in lines[2]
    assert "13800138000" not in md.stdout
    plain = data("members", "list", "--format", "plain")
    assert plain.exit_code == 0
    lines = plain.stdout.strip().splitlines()
    assert lines[0].split()[:3] == ["phone", "member_no", "name"]
    assert lines[1].split()[:3] == ["138****8000", "K1", "王*"]
    assert len(lines) == 4
    assert "13800138000" not in plain.stdout and "王五" not in plain.stdout
    limited = data("members", "list", "--format", "plain", "--limit", "1")
    assert len(limited.stdout.strip().splitlines()) == 2


def test_members_list_unknown_store(data):
    r = data("members", "list", "--store", "NOPE")
    assert r.exit_code == 1
    assert "--store 'NOPE': no such value" in r.stderr


def test_members_show_json(data, tmp_path):
    # the owner changes once through an import
    r = data(
        "import", "members", write_csv(tmp_path / "move.csv", "手机号,专属导购\n13800138000,G2\n")
    )
    assert r.exit_code == 0
    r = data("members", "show", "138 0013 8000", "--format", "json")
    assert r.exit_code == 0, r.output
    shown = json.loads(r.stdout)
    assert {"member", "tags", "owner_history", "orders"} <= set(shown)
    m = shown["member"]
    assert (m["phone"], m["name"], m["birthday"]) == ("138****8000", "王*", "1990-**-**")
    assert (m["member_no"], m["gender"], m["level"], m["points"]) == ("K1", "M", "金卡", 1200)
    assert (m["store_code"], m["guide_id"], m["acquired_by"]) == ("SH01", "G2", "G1")
    assert shown["tags"] == [
        {"tag": "VIP", "source": "import"},
        {"tag": "母婴", "source": "import"},
    ]
    history = shown["owner_history"]
    assert [(h["from_guide"], h["to_guide"], h["source"]) for h in history] == [
        ("G1", "G2", "import")
    ]
    o = shown["orders"]
    assert (o["paid_orders"], o["paid_amount"], o["refunded_orders"], o["cancelled_orders"]) == (
        1, 1299, 0, 1,
    )  # fmt: skip
    raw = json.loads(
        data("members", "show", "13800138000", "--format", "json", "--show-pii").stdout
    )
    assert (raw["member"]["phone"], raw["member"]["name"]) == ("13800138000", "王五")
    assert raw["member"]["birthday"] == "1990-05-06"


def test_members_show_refund_summary(data):
    shown = json.loads(data("members", "show", "13800138001", "--format", "json").stdout)
    o = shown["orders"]
    assert (o["paid_orders"], o["refunded_orders"], o["refunded_amount"]) == (0, 1, 0.5)
    assert shown["owner_history"] == []
    assert shown["tags"] == [{"tag": "新客", "source": "import"}]


def test_members_show_not_found_and_invalid(data):
    r = data("members", "show", "13900139000")
    assert r.exit_code == 1
    assert "no member with phone 139****9000" in r.stderr
    assert "13900139000" not in r.output  # not even the number asked for is echoed in full
    r = data("members", "show", "12345")
    assert r.exit_code == 2
    assert "not a valid mainland mobile number" in r.stderr


def test_members_show_plain(data):
    r = data("members", "show", "13800138000", "--format", "plain")
    assert r.exit_code == 0
    assert "138****8000" in r.stdout and "13800138000" not in r.stdout
    assert "paid_orders" in r.stdout
    assert any(line.split() == ["VIP", "import"] for line in r.stdout.splitlines())


# -- init -----------------------------------------------------------------------------------------


def test_init_is_idempotent(cli, tmp_path):
    first = cli("init")
    assert first.exit_code == 0, first.output
    assert "database ready" in first.stderr
    r = cli("import", "members", write_csv(tmp_path / "m.csv", "手机号,姓名\n13800138000,甲\n"))
    assert r.exit_code == 0
    again = cli("init")
    assert again.exit_code == 0, again.output
    assert first.stderr == again.stderr
    listed = json.loads(cli("members", "list", "--format", "json", "--show-pii").stdout)
    assert [(m["phone"], m["name"]) for m in listed] == [("13800138000", "甲")]
