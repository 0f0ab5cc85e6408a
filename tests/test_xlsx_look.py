"""Every .xlsx privcli writes looks made by hand: opened with openpyxl (and python-calamine), each
export, transfer plan and error report has its header row frozen and bold, an autofilter over
it, column widths fitted to the content (CJK counted double), real date cells, amounts as
#,##0.00, ids and phones as text, and its sheet named in the header language. The package is
well-formed XML throughout, so Excel and WPS open it."""

from __future__ import annotations

import re
import stat
import unicodedata
import zipfile
from datetime import datetime
from xml.etree import ElementTree

import openpyxl
import pytest
from conftest import write_csv
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

MEMBERS_CSV = (
    "手机号,会员卡号,姓名,性别,生日,会员等级,积分,注册时间,所属门店,专属导购,来源,标签\n"
    '13800138000,00012345,王五,男,1990-05-06,金卡,"1,200",2023-01-05 10:00:00,SH01,G1,门店,"VIP,母婴"\n'
    "13800138001,K2,李小红,女,,银卡,5,,SH02,G3,小程序,新客\n"
    "13800138002,K3,赵六,,2001-12-31,,0,2024-02-29 23:59:59,SH01,G1,,\n"
)
ORDERS_CSV = (
    "订单号,订单状态,实付金额,支付时间,手机号,门店编码,导购工号,券码\n"
    "20230105000001,交易成功,12999.5,2023-01-05 10:00:00,13800138000,SH01,G1,\n"
    "O2,已退款,0.5,2023-01-06 00:00:00,13800138001,SH02,G3,C001\n"
    "O3,交易关闭,88.8,,13800138000,SH01,G2,\n"
)

MEMBER_KINDS = ["text", "text", "text", "text", "date", "text", "integer", "datetime", "text",
                "text", "text", "text", "text"]  # fmt: skip
ORDER_KINDS = ["text", "text", "text", "text", "text", "money", "datetime", "text", "money", "text",
               "text"]  # fmt: skip
GUIDE_KINDS = ["text"] * 6 + ["date", "date", "integer"]
STORE_KINDS = ["text"] * 4 + ["integer", "integer"]
DATE_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss", "money": "#,##0.00"}


def display_width(v) -> int:
    s = v if isinstance(v, str) else str(v)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def check_package(path) -> None:
    """Every part is well-formed XML, the parts the content types name are there, and
    python-calamine (the reader Excel-compatible tools share) reads the sheet."""
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        names = set(z.namelist())
        for name in names:
            ElementTree.fromstring(z.read(name))  # raises on malformed XML
        types = z.read("[Content_Types].xml").decode()
        for part in re.findall(r'PartName="/([^"]+)"', types):
            assert part in names
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        # the order the schema requires: views, widths, rows, filter, ignored errors
        order = [sheet.index(tag) for tag in ("<sheetViews>", "<cols>", "<sheetData>",
                                              "<autoFilter ", "<ignoredErrors>")]  # fmt: skip
        assert order == sorted(order)
        assert 'numberStoredAsText="1"' in sheet  # no green flags on ids kept as text
        workbook = z.read("xl/workbook.xml").decode()
        assert "_xlnm._FilterDatabase" in workbook  # the filter's range, as Excel writes it
    book = CalamineWorkbook.from_path(str(path))
    assert len(book.sheet_names) == 1
    assert book.get_sheet_by_index(0).to_python()


def check_handmade(path, sheet: str, header: list[str], kinds: list[str]) -> list[list]:
    """The checks every privcli .xlsx passes; returns the cell values (header first)."""
    check_package(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [sheet]
    ws = wb.active
    rows = list(ws.iter_rows())
    last = get_column_letter(len(header))
    assert [c.value for c in rows[0]] == header
    assert all(c.font.b for c in rows[0])
    assert ws.freeze_panes == "A2"  # row 1 frozen
    assert ws.auto_filter.ref == f"A1:{last}{len(rows)}"
    for i, (h, kind) in enumerate(zip(header, kinds, strict=True)):
        letter = get_column_letter(i + 1)
        width = ws.column_dimensions[letter].width
        shown = [display_width(h) + 2]  # the header and its filter button
        for row in rows[1:]:
            v = row[i].value
            if isinstance(v, datetime):
                shown.append(19 if kind == "datetime" else 10)
            elif kind == "money" and v is not None:
                shown.append(len(f"{v:,.2f}"))
            elif v is not None:
                shown.append(display_width(v))
        assert min(max(shown), 60) <= width <= max(shown) + 8, (h, width, shown)
        for row in rows[1:]:
            cell = row[i]
            if cell.value is None:
                continue
            if kind == "text":
                assert cell.data_type == "s" and isinstance(cell.value, str), (h, cell.value)
            elif kind in ("date", "datetime") and not isinstance(cell.value, str):
                # a date cell (a masked birthday "1990-**-**" is text: checked by the caller)
                assert isinstance(cell.value, datetime), (h, cell.value)
                assert cell.number_format == DATE_FORMATS[kind], (h, cell.number_format)
            elif kind == "money":
                assert isinstance(cell.value, (int, float)), (h, cell.value)
                assert cell.number_format == "#,##0.00"
            elif kind == "integer":
                assert isinstance(cell.value, int) and cell.number_format == "General"
    return [[c.value for c in row] for row in rows]


@pytest.fixture
def data(chain, tmp_path):
    r = chain("import", "members", write_csv(tmp_path / "members.csv", MEMBERS_CSV))
    assert r.exit_code == 0, r.output
    r = chain("import", "orders", write_csv(tmp_path / "orders.csv", ORDERS_CSV))
    assert r.exit_code == 0, r.output
    return chain


def export(cli, tmp_path, what, *options, name="out.xlsx"):
    out = tmp_path / name
    r = cli("export", what, out, *options)
    assert r.exit_code == 0, r.output
    return out


def by_first(rows):
    return {r[0]: r for r in rows[1:]}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_members_xlsx(data, tmp_path, lang):
    from privcli.members.spec import MEMBER_HEADERS

    out = export(data, tmp_path, "members", "--show-pii", "--lang", lang)
    sheet = {"en": "members", "zh": "会员"}[lang]
    rows = check_handmade(out, sheet, MEMBER_HEADERS[lang], MEMBER_KINDS)
    m = by_first(rows)
    assert m["13800138000"][1] == "00012345"  # a card number of digits: text, zeros kept
    assert m["13800138000"][4] == datetime(1990, 5, 6)
    assert m["13800138000"][6] == 1200
    assert m["13800138000"][7] == datetime(2023, 1, 5, 10, 0, 0)
    assert m["13800138002"][7] == datetime(2024, 2, 29, 23, 59, 59)
    assert m["13800138001"][4] is None and m["13800138001"][7] is None
    widths = openpyxl.load_workbook(out).active.column_dimensions
    assert widths["A"].width >= 13  # 11 digits of a phone, not cut


def test_members_xlsx_masked_birthdays_stay_text(data, tmp_path):
    from privcli.members.spec import MEMBER_HEADERS

    out = export(data, tmp_path, "members")
    rows = check_handmade(out, "members", MEMBER_HEADERS["en"], MEMBER_KINDS)
    m = by_first(rows)
    assert m["138****8000"][4] == "1990-**-**"  # cannot be a date: written as the text it is
    assert m["138****8000"][7] == datetime(2023, 1, 5, 10, 0, 0)
    assert stat.S_IMODE(out.stat().st_mode) & 0o044  # masked: readable as usual


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_orders_xlsx(data, tmp_path, lang):
    from privcli.orders.spec import ORDER_HEADERS

    out = export(data, tmp_path, "orders", "--show-pii", "--lang", lang)
    rows = check_handmade(out, {"en": "orders", "zh": "订单"}[lang], ORDER_HEADERS[lang],
                          ORDER_KINDS)  # fmt: skip
    o = by_first(rows)
    # an order number of 14 digits is text, not 2.0230105E+13
    assert o["20230105000001"][1] == "13800138000"
    assert o["20230105000001"][5] == 12999.5
    assert o["O2"][6] == datetime(2023, 1, 6)  # midnight: a whole-day serial
    assert o["O3"][6] is None
    assert o["O2"][4] == {"en": "refunded", "zh": "已退款"}[lang]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_guides_and_stores_xlsx(data, tmp_path, lang):
    from privcli.base import config
    from privcli.guides.spec import GUIDE_HEADERS, STORE_HEADERS

    out = export(data, tmp_path, "guides", "--lang", lang)
    g = by_first(check_handmade(out, {"en": "guides", "zh": "导购"}[lang], GUIDE_HEADERS[lang],
                                GUIDE_KINDS))  # fmt: skip
    assert g["G1"][6] == datetime(2021, 4, 1) and g["G1"][8] == 2
    assert g["G4"][7] == datetime.combine(config.today(), datetime.min.time())
    out = export(data, tmp_path, "stores", "--lang", lang, name="s.xlsx")
    s = by_first(check_handmade(out, {"en": "stores", "zh": "门店"}[lang], STORE_HEADERS[lang],
                                STORE_KINDS))  # fmt: skip
    assert s["SH01"][4:] == [2, 2]
    ws = openpyxl.load_workbook(out).active
    # 上海南京西路店: 7 CJK characters, 14 wide; the store code column stays narrower
    assert ws.column_dimensions["B"].width >= 16 > ws.column_dimensions["A"].width


def test_transfer_plan_xlsx_in_chinese(chain, tmp_path):
    lines = ["手机号,所属门店,专属导购"] + [f"1390000000{i},SH01,G2" for i in range(3)]
    assert (
        chain("import", "members", write_csv(tmp_path / "m.csv", "\n".join(lines))).exit_code == 0
    )
    assert chain("guides", "depart", "G2").exit_code == 0
    out = tmp_path / "计划.xlsx"
    r = chain("transfer", "G2", "--dry-run", "--export", out, "--lang", "zh", "--show-pii")
    assert r.exit_code == 0, r.output
    rows = check_handmade(
        out,
        "转移计划",
        ["门店编码", "原导购", "新导购", "手机号", "姓名", "状态", "原因", "可转移日期"],
        ["text"] * 7 + ["date"],
    )
    assert [r[:6] for r in rows[1:]] == [
        ["SH01", "G2", "G1", f"1390000000{i}", None, "转移"] for i in range(3)
    ]
    assert {r[6] for r in rows[1:]} == {"离职继承"}
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # phones unmasked: the owner's only
    en = tmp_path / "plan.xlsx"
    assert chain("transfer", "G2", "--dry-run", "--export", en).exit_code == 0
    rows = check_handmade(en, "transfer plan", ["store_code", "from_guide", "to_guide", "phone",
                          "name", "status", "reason", "eligible_on"], ["text"] * 7 + ["date"])  # fmt: skip
    assert {(r[3][:7], r[5]) for r in rows[1:]} == {("139****", "move")}


def test_error_report_xlsx(chain, tmp_path):
    bad = write_csv(
        tmp_path / "bad.csv",
        "手机号,姓名,生日,积分\n13800138000,王五,1990-05-06,10\n12345,李四,1990-13-01,x\n"
        "13800138001,张三,2001-01-01,0012\n",
    )
    report = tmp_path / "错误.xlsx"
    r = chain("import", "members", bad, "--errors", report)
    assert r.exit_code == 3, r.output
    wb = openpyxl.load_workbook(report)
    header = [c.value for c in next(wb.active.iter_rows())]
    rows = check_handmade(report, "错误报告", header, ["integer"] + ["text"] * (len(header) - 1))
    assert all(isinstance(r[0], int) for r in rows[1:] if r[0] is not None)  # row numbers
    cells = {v for r in rows[1:] for v in r}
    assert "12345" in cells  # digits as typed stay text
    assert stat.S_IMODE(report.stat().st_mode) == 0o600  # the source rows: the owner's only


def test_widths_are_sampled_from_the_first_block(tmp_path):
    """Width comes from the header and the first block of rows; later rows are streamed and
    never held to measure them."""
    from privcli.io import blocks
    from privcli.io.writers import open_writer

    w = open_writer(tmp_path / "w.xlsx", ["code", "名称"], kinds=["text", "text"])
    w.writerows([["A1", "上海"]] * blocks.BLOCK + [["A-very-long-code-later", "x"]])
    w.close()
    dims = openpyxl.load_workbook(tmp_path / "w.xlsx").active.column_dimensions
    assert dims["A"].width < 12  # "code" and "A1": the later long code was not sampled
    assert dims["B"].width >= 7  # 名称: two CJK characters, four wide, plus the filter button
