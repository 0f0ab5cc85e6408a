"""xlsx reading: the streaming reader (privcli/io/xlsx_stream.py) gives exactly the rows the
python-calamine path gives, on workbooks written by openpyxl, xlsxwriter and by hand (the shapes
Excel, WPS and the exporters write); big sheets stream; PRIVCLI_XLSX_STREAM forces either."""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from conftest import KIT, Cli
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from privcli.base.errors import PrivcliError
from privcli.base.selection import Selection
from privcli.capabilities import open_store as open_db
from privcli.io import readers, xlsx_stream
from privcli.io.readers import open_sheet
from privcli.members.logic import member_rows

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def read(path, monkeypatch, stream: bool, sheet: str | None = None) -> tuple[str, list]:
    monkeypatch.setenv("PRIVCLI_XLSX_STREAM", "1" if stream else "0")
    s = open_sheet(path, sheet)
    return s.name, list(s.rows)


def typed(rows: list) -> list:
    """Rows with each cell's type, so that 1.0 != True and date != datetime count."""
    return [(n, [(type(c).__name__, c) for c in cells]) for n, cells in rows]


def both(path, monkeypatch, sheet: str | None = None) -> list:
    """The rows, after checking that both readers give the very same ones."""
    name_c, calamine = read(path, monkeypatch, stream=False, sheet=sheet)
    name_s, streamed = read(path, monkeypatch, stream=True, sheet=sheet)
    assert name_s == name_c
    assert typed(streamed) == typed(calamine)
    return streamed


def handmade_xlsx(
    path: Path,
    sheets: list[tuple[str, str]],
    shared: list[str] | None = None,
    formats: list[int] = (0,),
    custom: dict[int, str] | None = None,
    date1904: bool = False,
    prefix: str = "",
) -> Path:
    """A workbook from raw sheetData XML, the way hand-written exporters make them."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns{":" + prefix if prefix else ""}="{MAIN_NS}"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        rels = []
        listed = []
        for i, (name, data) in enumerate(sheets, 1):
            rels.append(
                f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            )
            listed.append(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>')
            z.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns} xmlns:r="{REL_NS}" '
                'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
                f'<{p}dimension ref="A1"/><{p}sheetData>{data}</{p}sheetData></{p}worksheet>',
            )
        rels.append(f'<Relationship Id="rId98" Type="{REL_NS}/styles" Target="styles.xml"/>')
        if shared is not None:
            rels.append(
                f'<Relationship Id="rId99" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
            )
            z.writestr(
                "xl/sharedStrings.xml",
                f'<sst xmlns="{MAIN_NS}" uniqueCount="{len(shared)}">{"".join(shared)}</sst>',
            )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><workbookPr'
            + (' date1904="1"' if date1904 else "")
            + f"/><sheets>{''.join(listed)}</sheets></workbook>",
        )
        numfmts = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{code}"/>' for i, code in (custom or {}).items()
        )
        xfs = "".join(f'<xf numFmtId="{f}" fontId="0" fillId="0" borderId="0"/>' for f in formats)
        z.writestr(
            "xl/styles.xml",
            f'<styleSheet xmlns="{MAIN_NS}"><numFmts>{numfmts}</numFmts>'
            f"<cellXfs>{xfs}</cellXfs></styleSheet>",
        )
    return path


def test_openpyxl_workbook_reads_the_same_both_ways(tmp_path, monkeypatch):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会员 & <列表>"
    wb.create_sheet("其他").append(["x"])
    # the used range starts at C3: rows 1-2 and columns A-B are empty
    ws["C3"], ws["D3"], ws["E3"], ws["F3"] = "手机号", 13800138000, 2.5, date(2021, 2, 3)
    ws["G3"], ws["H3"] = datetime(2021, 2, 3, 4, 5, 6), time(7, 8, 9)
    ws["I3"], ws["J3"], ws["K3"], ws["L3"] = True, False, "=SUM(D3:E3)", timedelta(hours=50)
    ws["C5"] = CellRichText(["粗", TextBlock(InlineFont(b=True), "体 ")])
    ws["D5"], ws["E5"], ws["F5"] = "  两头空格  ", "a&b<c>\"d'", "第一行\n第二行"
    ws["G5"], ws["H5"], ws["I5"] = "x_x000D_y", "\u3000全角空格\u3000", -0.5
    ws["J5"] = datetime(2021, 2, 3, 4, 5, 6, 500000)
    ws["C9"], ws["Z9"] = "隔了几行", "很远的一列"
    ws["D10"] = "=1/0"  # a formula without a cached value: no value
    path = tmp_path / "openpyxl.xlsx"
    wb.save(path)

    rows = both(path, monkeypatch)
    # what ops staff see in error reports: real sheet row numbers, column A is cell 0
    assert [n for n, cells in rows if cells] == [3, 5, 9]
    assert [n for n, _ in rows] == list(range(1, 10))  # blank rows come as [] in between
    by_row = dict(rows)
    assert by_row[3][:3] == ["", "", "手机号"]
    assert by_row[3][3:] == [
        13800138000.0,
        2.5,
        date(2021, 2, 3),
        datetime(2021, 2, 3, 4, 5, 6),
        time(7, 8, 9),
        True,
        False,
        "",
        timedelta(hours=50),
    ]
    assert isinstance(by_row[3][3], float)  # numbers are float, integral or not
    assert by_row[5][2:7] == ["粗体 ", "  两头空格  ", "a&b<c>\"d'", "第一行\n第二行", "x\ry"]
    assert by_row[5][7:10] == ["\u3000全角空格\u3000", -0.5, datetime(2021, 2, 3, 4, 5, 6, 500000)]
    assert by_row[9][2] == "隔了几行" and by_row[9][25] == "很远的一列"
    assert len(by_row[9]) == 26  # no trailing empty cells

    assert both(path, monkeypatch, sheet="其他") == [(1, ["x"])]


def test_xlsxwriter_workbooks_read_the_same_both_ways(tmp_path, monkeypatch):
    """Shared strings (xlsxwriter's default, like Excel) and inline strings (constant_memory,
    like the exporters), with cached formula results, errors, booleans, formats."""
    for constant_memory in (False, True):
        path = tmp_path / f"xw{int(constant_memory)}.xlsx"
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
        ws = wb.add_worksheet("会员列表")
        bold = wb.add_format({"bold": True})
        cn_date = wb.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
        weekday = wb.add_format({"num_format": "[$-804]yyyy/m/d aaaa"})
        hours = wb.add_format({"num_format": "[h]:mm:ss"})
        percent = wb.add_format({"num_format": "0.00%"})
        ws.write_row(0, 0, ["会员卡号", "手机号", "生日", "积分", "备注"], bold)
        for i in range(1, 120):
            ws.write_string(i, 0, f"K{i:05d}")
            ws.write_number(i, 1, 13800000000 + i)
            ws.write_datetime(i, 2, datetime(1990, 1, 1) + timedelta(days=i * 37), cn_date)
            ws.write_number(i, 3, i * 1.5, percent)
            if i % 7 == 0:
                ws.write_blank(i, 4, None, bold)
            elif i % 11 == 0:
                ws.write_formula(i, 4, "=NA()", None, "#N/A")
            elif i % 13 == 0:
                ws.write_formula(i, 4, '="a"&"b"', None, "ab")
            elif i % 17 == 0:
                ws.write_boolean(i, 4, i % 2 == 0)
            elif i % 19 == 0:
                ws.write_rich_string(i, 4, "普通", bold, "加粗", " 尾 ")
            elif i % 23 == 0:
                ws.write_number(i, 4, 0.75, hours)
            elif i % 29 == 0:
                ws.write_number(i, 4, 44000.25, weekday)
            elif i % 31 == 0:
                ws.write_string(i, 4, "  前后空格  ")
            elif i % 37 == 0:
                ws.write_formula(i, 4, "=1+1", None, 2)
            else:
                ws.write_string(i, 4, f"备注 {i} & <x>")
        ws.write_string(200, 7, "最后一行")
        wb.close()

        rows = dict(both(path, monkeypatch))
        assert rows[2][:4] == ["K00001", 13800000001.0, date(1990, 2, 7), 1.5]
        assert len(rows[12]) == 4 and rows[14][4] == "ab" and rows[18][4] is False  # #N/A: ""
        assert rows[20][4] == "普通加粗 尾 " and rows[24][4] == timedelta(hours=18)
        assert rows[30][4] == datetime(2020, 6, 18, 6, 0) and rows[32][4] == "  前后空格  "
        assert rows[8] == ["K00007", 13800000007.0, date(1990, 9, 17), 10.5]  # blank: trimmed
        assert rows[201] == ["", "", "", "", "", "", "", "最后一行"]
        assert 150 in rows and rows[150] == []


def test_handwritten_xml_shapes_read_the_same_both_ways(tmp_path, monkeypatch):
    shared = [
        "<si><t>s0</t></si>",
        # rich text runs concatenated, phonetic reading dropped, untagged whitespace trimmed
        '<si><r><t>富 </t></r><r><rPr><b/><condense val="0"/></rPr><t xml:space="preserve"> 文本</t>'
        '</r><rPh sb="0" eb="1"><t>フリガナ</t></rPh><phoneticPr fontId="1"/></si>',
        "<si/>",
        '<si><t xml:space="preserve"> 保留_x000D_</t></si>',
        "<si><t>&amp;&lt;&#20013;&#x6587;</t></si>",
        "<si><t>  去掉两头  </t></si>",
    ]
    data = (
        '<row r="1" spans="1:6" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" s="1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v>'
        '</c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>'
        # attributes in another order, a dynamic-array attribute, formulas (shared too)
        '<row r="2"><c r="A2" t="s" s="1"><v>0</v></c><c r="B2" s="1" t="n"><v>43832</v></c>'
        '<c r="C2" s="2"><v>43832.5</v></c><c r="D2" cm="1" t="str"><f>X</f><v>动态</v></c>'
        '<c r="E2"><f>1+1</f><v>2</v></c><c r="F2"><f t="shared" ref="F2:F3" si="0">E2</f>'
        "<v>3</v></c></row>"
        '<row r="3"><c r="F3"><f t="shared" si="0"/><v>4</v></c><c r="A3" t="inlineStr"><is><r>'
        "<t>富</t></r><r><rPr><b/></rPr><t> 内联</t></r></is></c></row>"
        '<row r="5" spans="1:3" ht="20" customHeight="1"/>'
        # numbers calamine keeps as text, an error, a boolean, an ISO date (t="d")
        '<row r="6"><c r="B6"><v> 12 </v></c><c r="C6"><v>1_000</v></c><c r="D6"><v>inf</v></c>'
        '<c r="E6" t="e"><v>#REF!</v></c><c r="F6" t="b"><v>1</v></c>'
        '<c r="G6" t="d"><v>2020-01-02T03:04:05</v></c><c r="H6" t="d"><v>2020-01-02</v></c></row>'
        # rows and cells without r: positions follow the previous ones
        "<row><c><v>7</v></c><c><v>8</v></c></row>"
        '<row r="9"><c r="A9" t="inlineStr"><is><t><![CDATA[<不是标签>]]></t></is></c><!-- 注释 -->'
        '<c r="B9"><v>9</v></c></row>'
        '<row r="10"><c r="A10" s="1"/><c r="B10" s="1"/></row>'  # formatted, no values
        '<row r="11"><c r="C11" t="e"><v>#N/A</v></c></row>'  # an error: a row, blank
        '<row r="12"><c r="A12" s="1"/></row>'  # after the last value: no row at all
    )
    path = handmade_xlsx(tmp_path / "hand.xlsx", [("Raw", data)], shared, formats=[0, 14, 22])
    rows = both(path, monkeypatch)
    assert rows == [
        (1, ["s0", "富 文本", "", " 保留\r", "&<中文", "去掉两头"]),
        (2, ["s0", date(2020, 1, 2), datetime(2020, 1, 2, 12), "动态", 2.0, 3.0]),
        (3, ["富内联", "", "", "", "", 4.0]),
        (4, []),
        (5, []),
        (6, ["", " 12 ", "1_000", float("inf"), "", True, datetime(2020, 1, 2, 3, 4, 5), date(2020, 1, 2)]),
        (7, [7.0, 8.0]),
        (8, []),
        (9, ["<不是标签>", 9.0]),
        (10, []),
        (11, []),
    ]  # fmt: skip

    # the same sheet with a namespace prefix on every element (.NET OpenXML SDK exports)
    prefixed = data
    for tag in ("row", "c", "v", "f", "is", "t", "r", "rPr", "b"):
        prefixed = prefixed.replace(f"<{tag}>", f"<x:{tag}>").replace(f"<{tag} ", f"<x:{tag} ")
        prefixed = prefixed.replace(f"</{tag}>", f"</x:{tag}>").replace(f"<{tag}/>", f"<x:{tag}/>")
    path = handmade_xlsx(
        tmp_path / "prefix.xlsx", [("Raw", prefixed)], shared, formats=[0, 14, 22], prefix="x"
    )
    assert both(path, monkeypatch) == rows


def test_dates_follow_the_cell_format_and_the_workbook_date_system(tmp_path, monkeypatch):
    # s=1 yyyy-mm-dd (14), 2 m/d/yy h:mm (22), 3 [h]:mm:ss (46), 4 0.00 (2), 5 yyyy"年"m"月" (57),
    # 6 custom 'yyyy/mm/dd', 7 custom '"d"0' (quoted d: a number), 8 custom '[Red]0.0'
    formats = [0, 14, 22, 46, 2, 57, 164, 165, 166]
    custom = {164: "yyyy/mm/dd", 165: "&quot;d&quot;0", 166: "[Red]0.0"}
    cells = "".join(
        f'<c r="{col}1" s="{s}"><v>{v}</v></c>'
        for col, s, v in [
            ("A", 1, "43832"),
            ("B", 1, "43832.75"),
            ("C", 1, "0.25"),
            ("D", 2, "61"),
            ("E", 2, "59.5"),
            ("F", 3, "1.5"),
            ("G", 4, "43832"),
            ("H", 5, "43832"),
            ("I", 6, "43832"),
            ("J", 7, "43832"),
            ("K", 8, "43832"),
            ("L", 1, "43832.99999999"),
            ("M", 1, "3000000"),
        ]
    )
    data = f'<row r="1">{cells}</row>'
    path = handmade_xlsx(tmp_path / "d1900.xlsx", [("S", data)], formats=formats, custom=custom)
    assert both(path, monkeypatch) == [
        (
            1,
            [
                date(2020, 1, 2),
                datetime(2020, 1, 2, 18),
                time(6),
                date(1900, 3, 1),
                datetime(1900, 2, 28, 12),  # Excel's 1900-02-29 that never was
                timedelta(days=1, hours=12),
                43832.0,
                date(2020, 1, 2),
                date(2020, 1, 2),
                43832.0,
                43832.0,
                datetime(2020, 1, 2, 23, 59, 59, 999000),  # milliseconds, rounded
                3000000.0,  # beyond year 9999: the number
            ],
        )
    ]
    path = handmade_xlsx(
        tmp_path / "d1904.xlsx", [("S", data)], formats=formats, custom=custom, date1904=True
    )
    rows = both(path, monkeypatch)
    assert rows[0][1][:2] == [date(2024, 1, 3), datetime(2024, 1, 3, 18)]


def test_sheet_choice_and_unknown_sheet_name(tmp_path, monkeypatch):
    path = handmade_xlsx(
        tmp_path / "two.xlsx",
        [("门店", '<row r="1"><c r="A1"><v>1</v></c></row>'), ("会员", '<row r="2"><c r="B2"><v>2</v></c></row>')],
    )  # fmt: skip
    for stream in (False, True):
        assert read(path, monkeypatch, stream) == ("门店", [(1, [1.0])])
        assert read(path, monkeypatch, stream, "会员") == ("会员", [(1, []), (2, ["", 2.0])])
        with pytest.raises(PrivcliError) as e:
            read(path, monkeypatch, stream, "订单")
        assert e.value.message == "two.xlsx: no sheet named '订单'"
        assert e.value.hint == "sheets in this file: 门店, 会员"


def test_damaged_files_give_a_clear_error_naming_the_file(tmp_path, monkeypatch):
    good = handmade_xlsx(tmp_path / "good.xlsx", [("S", '<row r="1"><c r="A1"><v>1</v></c></row>')])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:300])  # a download that stopped half-way
    for stream in (False, True):
        with pytest.raises(PrivcliError) as e:
            read(cut, monkeypatch, stream)
        assert e.value.message.startswith("cut.xlsx: cannot read as .xlsx")

    # the workbook lists a sheet whose XML is not in the zip
    nosheet = tmp_path / "nosheet.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(nosheet, "w") as dst:
        for item in src.infolist():
            if not item.filename.startswith("xl/worksheets/"):
                dst.writestr(item, src.read(item))
    with pytest.raises(PrivcliError) as e:
        read(nosheet, monkeypatch, stream=True)
    assert e.value.message.startswith("nosheet.xlsx: the data of sheet 'S' is missing")
    with pytest.raises(PrivcliError) as e:
        read(nosheet, monkeypatch, stream=False)
    assert e.value.message.startswith("nosheet.xlsx: ")

    # damaged compressed data inside the sheet: an error, not a traceback or silent truncation
    big = tmp_path / "big.xlsx"
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>第{i}行</t></is></c></row>'
        for i in range(1, 20000)
    )
    handmade_xlsx(big, [("S", rows)])
    raw = bytearray(big.read_bytes())
    with zipfile.ZipFile(big) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    raw[middle : middle + 64] = bytes(64)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(bytes(raw))
    with pytest.raises(PrivcliError) as e:
        read(bad, monkeypatch, stream=True)
    assert e.value.message.startswith("bad.xlsx: ")


@pytest.mark.parametrize("chunk", [1, 7, 100])
def test_rows_do_not_depend_on_where_the_xml_is_cut(tmp_path, monkeypatch, chunk):
    shared = [
        "<si><t>共享</t></si>",
        '<si><r><t>a</t></r><r><t xml:space="preserve"> b</t></r></si>',
    ]
    data = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>内联&amp;</t></is>'
        '</c><c r="C1" s="1"><v>43832</v></c></row><row r="2" spans="1:3"/>'
        '<row r="3"><c r="B3" t="s"><v>1</v></c><c r="C3" t="str"><v>公式</v></c></row>'
    )
    path = handmade_xlsx(tmp_path / "cut.xlsx", [("S", data)], shared, formats=[0, 14])
    expected = both(path, monkeypatch)
    monkeypatch.setattr(xlsx_stream, "CHUNK", chunk)
    assert read(path, monkeypatch, stream=True)[1] == expected


def test_streaming_memory_stays_flat(tmp_path, monkeypatch):
    """Memory is bounded by the piece of XML read at a time, not by the sheet."""
    path = tmp_path / "many.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("S")
    for i in range(20_000):
        ws.write_row(
            i, 0, [f"会员{i}", 13800000000 + i, "上海南京西路店", "金卡", i, "VIP,母婴"] * 2
        )
    wb.close()
    sheet_xml, _ = xlsx_stream.XlsxBook(path).xml_bytes("S")
    assert sheet_xml > 10_000_000
    monkeypatch.setattr(xlsx_stream, "CHUNK", 64 * 1024)
    monkeypatch.setenv("PRIVCLI_XLSX_STREAM", "1")
    rows = open_sheet(path).rows
    tracemalloc.start()
    try:
        n = sum(1 for _ in rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == 20_000
    assert peak < 3_000_000  # (calamine: about 30 MB for this sheet)


def exported(url) -> list:
    db = open_db(url)
    with db.transaction(write=False):
        out = sorted(member_rows(db, Selection()))
    db.close()
    return out


def test_big_sheet_streams_and_imports_like_calamine(chain, tmp_path, monkeypatch):
    """A sheet streams (calamine is not even called), and the import lands the same members as
    a calamine import of the same file."""
    path = tmp_path / "会员.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("会员列表")
    ws.write_row(0, 0, ["会员导出"])
    ws.write_row(2, 0, ["手机号", "姓名", "生日", "积分", "所属门店", "专属导购", "标签"])
    datef = wb.add_format({"num_format": "yyyy-mm-dd"})
    for i in range(3, 403):
        ws.write_number(i, 0, 13800000000 + i)
        ws.write_string(i, 1, f"会员{i}")
        ws.write_datetime(i, 2, datetime(1980, 1, 1) + timedelta(days=i * 30), datef)
        ws.write_number(i, 3, i * 10)
        ws.write_row(i, 4, [["SH01", "SH02", "GZ01"][i % 3], ["G1", "G3", ""][i % 3], "VIP"])
    ws.write_row(403, 0, ["合计", 400])
    wb.close()

    monkeypatch.delenv("PRIVCLI_XLSX_STREAM", raising=False)
    calamine_rows = readers._calamine_rows

    def no_calamine(*args, **kwargs):
        raise AssertionError("calamine must not read a big sheet")

    monkeypatch.setattr(readers, "_calamine_rows", no_calamine)
    r = chain("import", "members", path, "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "rows": 400, "inserted": 400, "updated": 0, "unchanged": 0, "rejected": 0, "warnings": 0,
        "error_report": None,
    }  # fmt: skip
    streamed = exported(chain.url)
    assert streamed[0][:5] == ["13800000003", None, "会员3", None, "1980-03-31"]

    # the same file read by calamine, into another database
    monkeypatch.setattr(readers, "_calamine_rows", calamine_rows)
    monkeypatch.setenv("PRIVCLI_XLSX_STREAM", "0")
    other = Cli(str(tmp_path / "other.db"))
    assert other("import", "stores", tmp_path / "stores.csv").exit_code == 0
    assert other("import", "guides", tmp_path / "guides.csv").exit_code == 0
    r = other("import", "members", path, "-f", "json")
    assert r.exit_code == 0, r.output
    assert exported(other.url) == streamed


def test_env_forces_either_reader(tmp_path, monkeypatch):
    """Every sheet streams, also a small one; PRIVCLI_XLSX_STREAM=0 reads with calamine (after
    the streaming reader has found the sheet's real extent small: issue 8)."""
    small = KIT / "members.xlsx"
    calls = []
    real_rows = xlsx_stream.XlsxBook.rows
    real_calamine = readers._calamine_rows

    def spy(self, name, *args):
        calls.append(name)
        return real_rows(self, name, *args)

    def calamine_spy(path, sheet, *args):
        calls.append(f"calamine {sheet}")
        return real_calamine(path, sheet, *args)

    monkeypatch.setattr(xlsx_stream.XlsxBook, "rows", spy)
    monkeypatch.setattr(readers, "_calamine_rows", calamine_spy)
    monkeypatch.delenv("PRIVCLI_XLSX_STREAM", raising=False)
    auto = list(open_sheet(small).rows)
    assert calls == ["会员列表"]
    monkeypatch.setenv("PRIVCLI_XLSX_STREAM", "1")
    assert list(open_sheet(small).rows) == auto
    assert calls == ["会员列表", "会员列表"]
    monkeypatch.setenv("PRIVCLI_XLSX_STREAM", "0")
    assert list(open_sheet(small).rows) == auto
    assert calls == ["会员列表", "会员列表", "calamine 会员列表"]


@pytest.mark.parametrize("stream", ["0", "1"])
def test_error_report_names_the_sheet_row_when_the_sheet_starts_lower(
    chain, tmp_path, monkeypatch, stream
):
    """Rows 1-2 empty, data from B3: a bad phone in sheet row 5 is reported as row 5 (the
    calamine path used to count from the first non-empty row and said 7)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B3"], ws["C3"] = "手机号", "姓名"
    ws["B4"], ws["C4"] = "13800138000", "甲"
    ws["B5"], ws["C5"] = "123", "乙"
    wb.save(tmp_path / "b3.xlsx")
    monkeypatch.setenv("PRIVCLI_XLSX_STREAM", stream)
    r = chain("import", "members", tmp_path / "b3.xlsx", "--errors", tmp_path / "err.csv")
    assert r.exit_code == 3, r.output
    report = (tmp_path / "err.csv").read_text(encoding="utf-8-sig").splitlines()
    assert report[1].startswith("5,拒绝,手机号,123,")
