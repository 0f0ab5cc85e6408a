"""Faults and bad input (issue 8): each defect of the probe, on SQLite and PostgreSQL.

A bad cell costs its row (rejected, or its optional field left empty with a warning) and names
the row, column, value and what was expected; a file privcli cannot read safely stops with a
clear message (exit 1). Never a hang, a traceback, a crash or a silently wrong value.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import time

import pytest
from conftest import write_csv

from privcli.base.errors import PrivcliError
from privcli.base.messages import t
from privcli.capabilities import open_store as open_db
from privcli.imports import pipeline
from privcli.io import normalize
from privcli.io.normalize import Bad

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the import worker forks")


REFUND = (
    "negative amount: imported as a return of its own (refunded, amount without the sign), "
    "never a sale"
)


def report_rows(path) -> list[list[str]]:
    """The error report's rows (without its header)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]


def query(url: str, sql: str) -> list[tuple]:
    db = open_db(url)
    try:
        return [tuple(r) for r in db.execute(sql).fetchall()]
    finally:
        db.close()


# -- 1. the import worker and the landing connection never wait on each other ------------------

ORDERS_HEADER = "订单号,支付时间,订单状态,买家手机号,实付金额,导购工号,备注\n"


@linux_only
def test_first_large_orders_import_with_the_worker_completes(chain, tmp_path, monkeypatch):
    """150,000 orders, a first import (so on PostgreSQL the orders' foreign keys are dropped
    and their tables locked) with the worker forced on: it used to hang forever on PostgreSQL,
    the worker's lookup of known buyers waiting for the landing side's locks."""
    monkeypatch.setenv("PRIVCLI_IMPORT_WORKER", "on")
    known = [f"1380000{i:04d}" for i in range(2_000)]
    f = write_csv(tmp_path / "m.csv", "手机号,专属导购\n" + "".join(f"{p},G1\n" for p in known))
    assert chain("import", "members", f).exit_code == 0
    n = 150_000
    # every 3rd order is by a known member, the others by 5,000 new buyers; the remark column
    # makes the file large enough (> 10 MB) to count as a first load of 100,000+ rows
    lines = [ORDERS_HEADER]
    for i in range(n):
        phone = known[i % 2_000] if i % 3 == 0 else f"1390000{i % 5_000:04d}"
        lines.append(f"A{i:07d},2026-05-01 10:00:00,交易成功,{phone},{i % 500}.50,G2,门店自提\n")
    path = tmp_path / "orders.csv"
    path.write_text("".join(lines), encoding="utf-8")
    assert path.stat().st_size > 100 * 100_000
    r = chain("import", "orders", path, "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "rows": n, "inserted": n, "updated": 0, "unchanged": 0, "rejected": 0, "warnings": 0,
        "refunds": 0, "error_report": None,
    }  # fmt: skip
    assert "5000 order buyers were not members yet" in r.output
    by_known, by_new, without = query(
        chain.url,
        "SELECT SUM(CASE WHEN m.phone < '1390000' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN m.phone >= '1390000' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN m.id IS NULL THEN 1 ELSE 0 END)"
        " FROM orders o LEFT JOIN members m ON m.id = o.member_id",
    )[0]
    assert (by_known, by_new, without) == (n // 3, n - n // 3, 0)


@linux_only
def test_a_worker_waiting_for_the_imports_own_lock_fails_fast(chain, tmp_path, monkeypatch):
    """Should a later change let the worker read a table the landing transaction holds locked,
    the import stops with a clear error within the worker's lock timeout instead of hanging.
    (SQLite readers never wait for the writer: there the import simply completes.)"""
    from privcli.imports import engine
    from privcli.orders import kinds as orders

    monkeypatch.setenv("PRIVCLI_IMPORT_WORKER", "on")
    monkeypatch.setattr(engine, "_estimate_rows", lambda path, kind: 1_000_000)  # a first load
    monkeypatch.setattr(orders.Orders, "resolve_reads", ())  # the mistake: "reads nothing locked"
    monkeypatch.setattr(orders, "READER_LOCK_TIMEOUT_S", 0.5)
    f = write_csv(tmp_path / "m.csv", "手机号,专属导购\n13800138000,G1\n")
    assert chain("import", "members", f).exit_code == 0
    f = write_csv(
        tmp_path / "o.csv",
        ORDERS_HEADER + "A1,2026-05-01 10:00:00,交易成功,13800138000,10,G1,\n",
    )
    started = time.monotonic()
    r = chain("import", "orders", f)
    assert time.monotonic() - started < 30
    if chain.url.startswith("postgresql"):
        assert r.exit_code == 1, r.output
        assert "waited 0.5 s for a lock on members that this import's own transaction" in r.output
        assert "PRIVCLI_IMPORT_WORKER=off" in r.output
        assert query(chain.url, "SELECT COUNT(*) FROM orders") == [(0,)]
    else:
        assert r.exit_code == 0, r.output
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no worker left behind


@linux_only
def test_the_landing_side_never_waits_forever_for_the_worker(monkeypatch):
    monkeypatch.setattr(pipeline, "WORKER_SILENCE_S", 0.3)

    def silent():
        time.sleep(30)
        yield [], [], [], 0

    started = time.monotonic()
    with pytest.raises(PrivcliError, match=r"sent nothing for 0\.3 s"):
        list(pipeline.in_worker(silent))
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # killed and reaped


def test_rows_rejected_in_a_row_still_send_messages():
    """The worker reports problems and progress every batch of rows read, also when none of
    them lands (so the landing side's time limit never bites on a file of bad rows)."""
    from privcli.imports.engine import Context
    from privcli.io.headers import Header

    ctx = Context(Header(1, ["订单号"], {"order_no": 0}, []), None)

    def reject(row, cells):
        ctx.reject(row, "order_no", cells[0], "bad")

    rows = ((i, [f"x{i}"]) for i in range(2, 27))
    messages = list(pipeline.normalized(rows, reject, ctx, 10))
    assert [(len(m[2]), m[3]) for m in messages] == [(10, 10), (10, 20), (5, 25)]


# -- 2. money is read exactly, or the row is rejected -------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        ("1299", 129900),
        ("1299.5", 129950),
        ("0.01", 1),
        (".5", 50),
        ("1,299.00", 129900),
        ("12,345,678.9", 1234567890),
        ("1,299", 129900),
        ("1.299,00", 129900),  # European: dot-grouped thousands, comma decimal
        ("1.234.567,5", 123456750),
        ("¥1,299.00", 129900),
        ("￥ 1299", 129900),
        ("1299元", 129900),
        ("1299.50 元", 129950),
        ("RMB 10", 1000),
        ("rmb10", 1000),
        ("10 CNY", 1000),
        ("CNY 1,234.5", 123450),
        ("１２９９．５０", 129950),  # full-width digits
        ("１，２９９．００元", 129900),
        ("-12.5", -1250),
        ("−12.5", -1250),  # U+2212 minus sign
        ("－12.5", -1250),  # full-width hyphen-minus
        ("-¥12", -1200),
        ("¥-12", -1200),
        ("12.3400", 1234),  # extra decimals that are zeros
        ("92233720368547758.07", 2**63 - 1),
        (1299, 129900),
        (12.5, 1250),
        (12.34999999999, 1235),  # Excel arithmetic: a binary-float artefact of 12.35
        (0.1 + 0.2, 30),
        (-5.5, -550),
    ],
)
def test_amounts_accepted(raw, fen):
    assert normalize.fen(raw) == fen
    assert type(normalize.fen(raw)) is int


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1,2,3", "expected an amount such as 1299.00"),
        ("1,29", "expected an amount"),
        ("12,34.5", "expected an amount"),
        ("1.299", "more than 2 decimals"),  # not European without the comma decimal
        ("1.299,001", "expected an amount"),
        ("1299,5", "expected an amount"),
        ("12.", "expected an amount"),
        ("1 299", "expected an amount"),
        ("12.345", "more than 2 decimals"),
        ("1e-10", "scientific notation"),
        ("1.5E+3", "scientific notation"),
        ("--5", "more than one sign"),
        ("-¥-5", "more than one sign"),
        ("+5", "expected an amount"),
        ("5-", "expected an amount"),
        ("(12.00)", "expected an amount"),
        ("12abc", "expected an amount"),
        ("$12", "expected an amount"),
        ("¥", "expected an amount"),
        ("nan", "expected an amount"),
        ("٣", "expected an amount"),  # a digit, but not one privcli reads
        ("1" * 80, "expected an amount"),
        ("99999999999999999999", "out of range (at most ±92,233,720,368,547,758.07"),
        ("92233720368547758.08", "out of range"),
        (1e18, "out of range"),
        (-(2**62), "out of range"),
        (12.345, "more than 2 decimals"),
        (float("nan"), "expected an amount"),
        (True, "expected an amount"),
    ],
)
def test_amounts_rejected(raw, reason):
    with pytest.raises(Bad, match=re.escape(reason)):
        normalize.fen(raw)


def test_misread_amounts_reject_their_row_and_negative_ones_are_refunds(chain, tmp_path):
    report = tmp_path / "err.csv"
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,支付时间,订单状态,买家手机号,实付金额\n"
        'A1,2026-05-01 10:00:00,交易成功,13800138000,"1.299,00"\n'
        'A2,2026-05-01 10:00:00,交易成功,13800138000,"1,2,3"\n'
        "A3,2026-05-01 10:00:00,交易成功,13800138000,1e-10\n"
        "A4,2026-05-01 10:00:00,交易成功,13800138000,-50.00\n"
        "A5,,交易成功,13800138000,−20\n"  # a refund needs its time too
        "A6,2026-05-01 10:00:00,已关闭,13800138000,-1\n"
        "A7,2026-05-01 10:00:00,交易成功,13800138000,99999999999999999999\n"
        'A8,2026-05-01 10:00:00,交易成功,13800138000,"¥1,299.00"\n',
    )
    r = chain("import", "orders", f, "-f", "json", "--errors", report)
    assert r.exit_code == 3, r.output
    assert json.loads(r.stdout)["rejected"] == 4
    got = query(chain.url, "SELECT order_no, status, amount_fen FROM orders ORDER BY order_no")
    assert got == [
        ("A1", "paid", 129900),
        ("A4", "refunded", 5000),
        ("A6", "refunded", 100),
        ("A8", "paid", 129900),
    ]
    problems = report_rows(report)
    assert problems[0][:5] == ["3", "拒绝", "实付金额", "1,2,3", t("io.amount_expected")]
    assert problems[1][:4] == ["4", "拒绝", "实付金额", "1e-10"]
    assert problems[1][4].startswith("amount in scientific notation (expected an amount such")
    # (the report writes a value starting with - as '-: a CSV cell is no formula)
    assert problems[2][:5] == ["5", "警告", "实付金额", "'-50.00", REFUND]
    assert problems[3][:4] == ["6", "拒绝", "支付时间", ""]
    assert problems[3][4] == "a refund (negative amount) needs a paid time"
    assert problems[4][:5] == ["7", "警告", "实付金额", "'-1", REFUND]
    assert problems[5][:4] == ["8", "拒绝", "实付金额", "99999999999999999999"]
    assert problems[5][4].startswith("amount out of range (at most ±92,233,720,368,547,758.07")


# -- 3. values beyond a column's range, cells beyond a spreadsheet cell --------------------------


@pytest.mark.parametrize(
    ("raw", "expected"), [("2147483647", 2**31 - 1), (-(2**31), -(2**31)), ("1,200", 1200)]
)
def test_points_within_the_integer_column(raw, expected):
    assert normalize.points(raw) == expected


@pytest.mark.parametrize("raw", ["2147483648", "99999999999999999999", "1e18", 1e18, -(2**31) - 1])
def test_points_beyond_the_integer_column(raw):
    with pytest.raises(Bad, match=r"points out of range \(at most 2,147,483,647, a 32-bit INTEGER"):
        normalize.points(raw)


def test_a_number_too_long_for_int_is_bad_not_a_crash():
    with pytest.raises(Bad, match="whole number"):
        normalize.integer("9" * 5000)  # int() refuses it with a ValueError


def test_values_beyond_a_column_cost_their_field_or_row_not_the_file(chain, tmp_path):
    """Used to abort the whole file: OverflowError (SQLite), NumericValueOutOfRange (PG)."""
    from conftest import write_xlsx

    report = tmp_path / "m-err.csv"
    f = write_csv(
        tmp_path / "m.csv",
        "手机号,积分\n13800138000,99999999999999999999\n13800138001,1e18\n13800138002,120\n",
    )
    r = chain("import", "members", f, "-f", "json", "--errors", report)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["inserted"] == 3
    assert json.loads(r.stdout)["warnings"] == 2
    assert query(chain.url, "SELECT phone, points FROM members ORDER BY phone") == [
        ("13800138000", None), ("13800138001", None), ("13800138002", 120),
    ]  # fmt: skip
    problems = report_rows(report)
    assert problems[0][:4] == ["2", "警告", "积分", "99999999999999999999"]
    assert problems[0][4] == (
        "points out of range (at most 2,147,483,647, a 32-bit INTEGER column); left empty"
    )

    # numeric xlsx cells, too big for a BIGINT of fen / an INTEGER
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [
            ["订单号", "支付时间", "买家手机号", "实付金额"],
            ["A1", "2026-05-01 10:00:00", "13800138000", 1e18],
            ["A2", "2026-05-01 10:00:00", "13800138000", 99.5],
        ],
    )
    report = tmp_path / "o-err.csv"
    r = chain("import", "orders", path, "-f", "json", "--errors", report)
    assert r.exit_code == 3, r.output
    assert query(chain.url, "SELECT order_no, amount_fen FROM orders") == [("A2", 9950)]
    assert report_rows(report)[0][:3] == ["2", "拒绝", "实付金额"]
    assert "amount out of range" in report_rows(report)[0][4]


@pytest.mark.parametrize("kind", ["members", "stores", "guides", "orders"])
def test_a_cell_longer_than_excel_allows_rejects_its_row(chain, tmp_path, kind):
    """A cell over 32,767 characters (a 200 KB one used to abort the file: `field larger than
    field limit`) is rejected with row, column and limit, mapped column or not; a long cell
    within the limit imports."""
    header, good, key = {
        "members": ("手机号,姓名,备注", "1380013800{i},甲{i}", "phone"),
        "stores": ("门店编码,门店名称,备注", "S{i},店{i}", "code"),
        "guides": ("工号,姓名,备注", "X{i},导购{i}", "code"),
        "orders": ("订单号,支付时间,实付金额,备注", "B{i},2026-05-01 10:00:00,10", "order_no"),
    }[kind]
    ok = "长" * 32_767
    rows = [
        good.format(i=1) + "," + "x" * 200_000,  # unmapped column, beyond the csv default
        good.format(i=2) + "," + ok,
        good.format(i=3) + "," + "y" * 32_768,
        good.format(i=4) + ",",
    ]
    report = tmp_path / "err.csv"
    f = write_csv(tmp_path / f"{kind}.csv", header + "\n" + "\n".join(rows) + "\n")
    r = chain("import", kind, f, "-f", "json", "--errors", report)
    assert r.exit_code == 3, r.output
    assert json.loads(r.stdout)["rejected"] == 2
    assert json.loads(r.stdout)["inserted"] == 2
    problems = report_rows(report)
    limit = "a spreadsheet cell holds at most 32,767 characters (Excel's limit)"
    assert problems[0][:5] == ["2", "拒绝", "备注", "x" * 50 + "…", f"a cell of 200,000 "
                               f"characters: {limit}"]  # fmt: skip
    assert problems[0][-1] == "x" * 50 + "…"  # the report keeps the row, that cell cut short
    assert problems[1][:3] == ["4", "拒绝", "备注"]
    assert problems[1][4] == f"a cell of 32,768 characters: {limit}"
    assert len(problems) == 2


def test_a_huge_csv_line_or_cell_stops_the_import_naming_the_line(chain, tmp_path):
    """Memory stays bounded: a line is never read whole past 16 MB, a field past 4 Mi
    characters (an unclosed quote swallowing the file) stops reading."""
    import tracemalloc

    from privcli.io.readers import open_sheet

    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:
        f.write("手机号,姓名\n13800138000,甲\n13800138001,".encode())
        block = b"z" * (1 << 20)
        for _ in range(40):
            f.write(block)
        f.write(b"\n13800138002,\xe4\xb8\x99\n")
    tracemalloc.start()
    try:
        with pytest.raises(PrivcliError, match=r"huge.csv: line 3 is longer than 16 MB"):
            list(open_sheet(path).rows)
        assert tracemalloc.get_traced_memory()[1] < 40 << 20  # less than the line
    finally:
        tracemalloc.stop()
    r = chain("import", "members", path)
    assert r.exit_code == 1
    assert "huge.csv: line 3 is longer than 16 MB" in r.output
    assert query(chain.url, "SELECT COUNT(*) FROM members") == [(0,)]

    quote = write_csv(
        tmp_path / "quote.csv",
        '手机号,姓名\n13800138000,"甲\n' + ("13800138001,乙" + "丁" * 100 + "\n") * 50_000,
    )
    r = chain("import", "members", quote)
    assert r.exit_code == 1
    assert "a cell longer than 4,194,304 characters" in r.output
    assert "opened and never closed" in r.output


# -- 4. hostile .xlsx files: read within Excel's limits, bounded memory, never a crash ----------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def hostile_xlsx(
    path,
    rows,
    dimension: str = "A1",
    shared=None,
    styles: str = '<cellXfs count="1"><xf numFmtId="0"/></cellXfs>',
):
    """A workbook written by hand: `rows` is the sheetData XML, `shared` the <si> items, both
    a str or an iterable of str pieces (written as they come, so a 1.5 GB part never sits in
    memory here either)."""
    import zipfile

    def put(z, name, parts):
        with z.open(name, "w", force_zip64=True) as f:
            for part in [parts] if isinstance(parts, str) else parts:
                f.write(part.encode())

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        put(z, "_rels/.rels", f'<Relationships xmlns="{PKG_NS}"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')  # fmt: skip
        rels = [
            f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>',
            f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>',
        ]
        if shared is not None:
            rels.append(
                f'<Relationship Id="rId3" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
            )
            put(z, "xl/sharedStrings.xml", [f'<sst xmlns="{MAIN_NS}">', *shared, "</sst>"])
        put(z, "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG_NS}">{"".join(rels)}'
            "</Relationships>")  # fmt: skip
        put(z, "xl/workbook.xml", f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')  # fmt: skip
        styles = [styles] if isinstance(styles, str) else styles
        put(z, "xl/styles.xml", [f'<styleSheet xmlns="{MAIN_NS}">', *styles, "</styleSheet>"])
        put(z, "xl/worksheets/sheet1.xml", [f'<worksheet xmlns="{MAIN_NS}"><dimension '
            f'ref="{dimension}"/><sheetData>', *([rows] if isinstance(rows, str) else rows),
            "</sheetData></worksheet>"])  # fmt: skip
    return path


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = f'<row r="1">{inline("A1", "手机号")}{inline("B1", "姓名")}</row>'
GOOD_ROW = f'<row r="2">{inline("A2", "13800138000")}{inline("B2", "甲")}</row>'


def long_strings(count: int, size: int):
    """`count` shared strings of `size` characters each, in pieces of 64 KB."""
    piece = "x" * (1 << 16)
    for i in range(count):
        yield f"<si><t>{i}"
        for _ in range(size // len(piece)):
            yield piece
        yield "</t></si>"


def hostile_case(tmp_path, which: str, scale: int = 1) -> tuple:
    """(path, exit code, message) of one of the workbooks of the issue-8 probe. `scale`: the
    probe's sizes are scale=75 (1,500 shared strings of 1 MB); the tests use 1."""
    cases = {}

    def case(name, code, message, **kw):
        if name == which:
            cases[name] = (hostile_xlsx(tmp_path / f"{name}.xlsx", **kw), code, message)

    # a <dimension> announcing the whole sheet (calamine allocated it and aborted)
    case("dimension", 0, None, rows=HEADER_ROW + GOOD_ROW, dimension="A1:XFD1048576")
    # one cell at the very last position Excel has, under a small <dimension>
    far = f'<row r="1048576">{inline("XFD1048576", "x")}</row>'
    case("far_cell", 3, "phone is empty", rows=HEADER_ROW + GOOD_ROW + far, dimension="A1:B2")
    # beyond Excel's last row and column, and a row number no int() takes
    case("row_beyond", 1, "row 1,048,577, beyond what a spreadsheet holds",
         rows=HEADER_ROW + f'<row r="1048577">{inline("A1048577", "13800138001")}</row>')  # fmt: skip
    case("column_beyond", 1, "cell XFE2, beyond what a spreadsheet holds",
         rows=HEADER_ROW + f'<row r="2">{inline("XFE2", "x")}</row>')  # fmt: skip
    case("row_number", 1, "beyond what a spreadsheet holds",
         rows=HEADER_ROW + f'<row r="{"9" * 5000}"><c><v>1</v></c></row>')  # fmt: skip
    # shared strings of a megabyte each, every row using one: each row is rejected, and the
    # strings are never held (a 1.5 MB file of 1,500 of them peaked at 1.6 GB)
    n = 20 * scale
    rows = (
        f'<row r="{i + 3}">{inline(f"A{i + 3}", f"1380013{i + 1:04d}")}'
        f'<c r="B{i + 3}" t="s"><v>{i}</v></c></row>'
        for i in range(n)
    )
    case("long_shared_strings", 3, "a spreadsheet cell holds at most 32,767 characters",
         rows=[HEADER_ROW, GOOD_ROW, *rows],
         shared=long_strings(n, 1 << 20))  # fmt: skip
    # a row of more XML than any spreadsheet row (a 5 MB inline string)
    case("huge_row", 1, "holds more than 4 MB of XML",
         rows=[HEADER_ROW, '<row r="2"><c r="A2" t="inlineStr"><is><t>', "x" * (5 << 20),
               "</t></is></c></row>"])  # fmt: skip
    # a styles part of a million cell formats (a tree of GBs when parsed whole)
    case("styles", 1, "more cell formats than Excel allows (65,490)", rows=HEADER_ROW + GOOD_ROW,
         styles=["<cellXfs>", *(['<xf numFmtId="14"/>' * 1000] * 1000), "</cellXfs>"])  # fmt: skip
    return cases[which]


@pytest.mark.parametrize(
    "name",
    [
        "dimension",
        "far_cell",
        "row_beyond",
        "column_beyond",
        "row_number",
        "long_shared_strings",
        "huge_row",
        "styles",
    ],  # fmt: skip
)
def test_hostile_xlsx_files_give_a_message_never_a_crash(chain, tmp_path, name):
    path, code, message = hostile_case(tmp_path, name)
    assert path.stat().st_size < 2_000_000  # small files, all of them
    report = tmp_path / "err.csv"
    r = chain("import", "members", path, "--errors", report)
    assert r.exit_code == code, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    if code == 3:  # (the terminal masks names: the report has the reasons in full)
        assert message in report_rows(report)[0][4]
    elif message:
        assert message in r.output
    if code == 1:
        assert query(chain.url, "SELECT COUNT(*) FROM members") == [(0,)]
    else:
        assert query(chain.url, "SELECT phone, name FROM members WHERE phone = '13800138000'") == [
            ("13800138000", "甲")
        ]


def test_long_shared_strings_are_never_held(tmp_path):
    """Only the start of a shared string longer than a cell is kept (a TooLong), also when the
    string is too long even to be read whole (then its length is not counted)."""
    import tracemalloc

    from privcli.io import xlsx_stream
    from privcli.io.readers import TooLong

    shared = [*long_strings(20, 1 << 20), "<si><t>短</t></si>", "<si><t>", "y" * (3 << 20),
              "</t></si>", f"<si><t>{'z' * 40_000}</t></si>"]  # fmt: skip
    path = hostile_xlsx(tmp_path / "s.xlsx", rows=HEADER_ROW, shared=shared)
    book = xlsx_stream.XlsxBook(path)
    tracemalloc.start()
    try:
        table = book.shared_strings()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 << 20  # the 20 MB of text, and the 3 MB string, were never all held
    assert len(table) == 23
    assert all(t.__class__ is TooLong for t in table[:20]) and table[20] == "短"
    assert (table[0], table[0].length) == ("0" + "x" * 49, (1 << 20) + 1)
    assert (table[21], table[21].length, table[21].size()) == (
        "y" * 50, None, "more than 32,767 characters"
    )  # fmt: skip
    assert table[22].length == 40_000


def test_a_shared_strings_table_beyond_the_memory_budget_stops_the_import(
    chain, tmp_path, monkeypatch
):
    from privcli.io import xlsx_stream

    monkeypatch.setattr(xlsx_stream, "SST_MEMORY_MAX", 100_000)
    shared = (f"<si><t>会员{i}</t></si>" for i in range(5_000))
    path = hostile_xlsx(tmp_path / "many.xlsx", rows=HEADER_ROW + GOOD_ROW, shared=shared)
    r = chain("import", "members", path)
    assert r.exit_code == 1
    assert "many.xlsx: its shared-strings table needs more than 0 MB of memory" in r.output
    assert "CSV UTF-8" in r.output


def test_calamine_reads_only_a_sheet_whose_real_extent_is_small(chain, tmp_path, monkeypatch):
    """PRIVCLI_XLSX_STREAM=0 asks for python-calamine, which allocates the grid a sheet spans:
    privcli first reads the sheet through and refuses a grid beyond about 300 MB (one cell at
    XFD1048576 made calamine allocate 512 GiB and abort), whatever <dimension> says."""
    monkeypatch.setenv("PRIVCLI_XLSX_STREAM", "0")
    path, _, _ = hostile_case(tmp_path, "far_cell")
    r = chain("import", "members", path)
    assert r.exit_code == 1
    assert "far_cell.xlsx: sheet 'S' spans 1,048,576 rows of 16,384 columns" in r.output
    assert "unset PRIVCLI_XLSX_STREAM" in r.output
    path, _, _ = hostile_case(tmp_path, "dimension")  # it only says so: calamine reads it
    r = chain("import", "members", path, "-f", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["inserted"] == 1


# -- 5. dates far outside any business ------------------------------------------------------------


def test_business_period_is_1900_to_the_day_after_the_import():
    from datetime import date

    check = normalize.business_period(date(2026, 12, 2))
    assert check("1900-01-01 00:00:00") == "1900-01-01 00:00:00"
    assert check("2026-12-03 23:59:59") == "2026-12-03 23:59:59"  # a clock a day ahead
    with pytest.raises(Bad, match=r"in the future \(expected 1900-01-01 to 2026-12-03, the day"):
        check("2026-12-04 00:00:00")
    with pytest.raises(Bad, match=r"before 1900 \(expected 1900-01-01 to 2026-12-03"):
        check("1899-12-31 23:59:59")


@pytest.mark.parametrize("raw", ["45000", "45000.5", "-3", "1e5"])
def test_a_bare_number_in_text_is_no_date(raw):
    with pytest.raises(Bad, match="a bare number is no date in text"):
        normalize.moment(raw)
    with pytest.raises(Bad, match="a bare number is no date in text"):
        normalize.day(raw)


def test_dates_outside_the_business_warn_or_reject(chain, tmp_path):
    from datetime import timedelta

    from conftest import write_xlsx

    from privcli.base import config

    today = config.today()
    tomorrow = f"{today + timedelta(days=1)} 23:00:00"
    later = f"{today + timedelta(days=2)} 00:00:00"
    report = tmp_path / "m-err.csv"
    f = write_csv(
        tmp_path / "m.csv",
        "手机号,注册时间,生日\n"
        "13800138000,1899-12-31 10:00:00,1990-01-01\n"
        f"13800138001,{later},1990-01-01\n"
        f"13800138002,{tomorrow},45000\n"  # a bare number in CSV text is no date
        "13800138003,45000,1990-01-01\n"
        "13800138004,2020-01-01 10:00:00,1899-01-01\n",
    )
    r = chain("import", "members", f, "-f", "json", "--errors", report)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["inserted"] == 5
    got = query(
        chain.url,
        "SELECT phone, CAST(registered_at AS TEXT), CAST(birthday AS TEXT) FROM members"
        " ORDER BY phone",
    )
    assert [(p, reg and reg[:16], b) for p, reg, b in got] == [
        ("13800138000", None, "1990-01-01"),
        ("13800138001", None, "1990-01-01"),
        ("13800138002", tomorrow[:16], None),
        ("13800138003", None, "1990-01-01"),
        ("13800138004", "2020-01-01 10:00", None),
    ]
    problems = report_rows(report)
    assert [p[:3] for p in problems] == [
        ["2", "警告", "注册时间"], ["3", "警告", "注册时间"], ["4", "警告", "生日"],
        ["5", "警告", "注册时间"], ["6", "警告", "生日"],
    ]  # fmt: skip
    assert problems[0][4].startswith("before 1900 (expected 1900-01-01 to ")
    assert problems[1][4].startswith("in the future (expected 1900-01-01 to ")
    assert problems[1][4].endswith("the day after the import); left empty")
    assert (
        problems[2][4]
        == "a bare number is no date in text (expected a date such as 2023-01-05); left empty"
    )
    assert problems[3][4].startswith("a bare number is no date in text")

    report = tmp_path / "o-err.csv"
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,支付时间,订单状态,实付金额\n"
        "A1,1899-12-31 10:00:00,交易成功,10\n"
        f"A2,{later},交易成功,10\n"
        "A3,45000,交易成功,10\n"
        f"A4,{later},已关闭,10\n"  # an unpaid order: the time is optional, left empty
        f"A5,{tomorrow},交易成功,10\n",
    )
    r = chain("import", "orders", f, "-f", "json", "--errors", report)
    assert r.exit_code == 3, r.output
    assert query(chain.url, "SELECT order_no, CAST(paid_at AS TEXT) FROM orders ORDER BY 1") == [
        ("A4", None), ("A5", tomorrow),
    ]  # fmt: skip
    problems = report_rows(report)
    assert [p[:3] for p in problems] == [
        ["2", "拒绝", "支付时间"], ["3", "拒绝", "支付时间"], ["4", "拒绝", "支付时间"],
        ["5", "警告", "支付时间"],
    ]  # fmt: skip
    assert problems[0][4].startswith("before 1900")
    assert problems[1][4].startswith("in the future")
    assert problems[2][4].startswith("a bare number is no date in text")

    # an Excel serial in a number cell of an .xlsx is a date
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [["订单号", "支付时间", "实付金额"], ["B1", 45000.5, 10], ["B2", "45000.5", 10]],
    )
    r = chain("import", "orders", path, "-f", "json")
    assert r.exit_code == 3, r.output
    assert query(chain.url, "SELECT CAST(paid_at AS TEXT) FROM orders WHERE order_no = 'B1'") == [
        ("2023-03-15 12:00:00",)
    ]


# -- 6. a member whose card number or name reads 合计 is no total row ----------------------------


def test_total_rows_are_skipped_but_real_rows_reading_like_one_import(chain, tmp_path):
    report = tmp_path / "m-err.csv"
    f = write_csv(
        tmp_path / "m.csv",
        "会员卡号,手机号,姓名\n"
        "合计,13800138000,甲\n"  # a card number that reads 合计: a real member
        ",13800138001,合计\n"  # a name that reads 合计
        "合计,,\n"  # total rows: no valid phone
        "总计,3,\n"
        ",,小计\n"
        " 小计 ,138****8000,\n",
    )
    r = chain("import", "members", f, "-f", "json", "--errors", report)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "rows": 2, "inserted": 2, "updated": 0, "unchanged": 0, "rejected": 0, "warnings": 1,
        "error_report": str(report),
    }  # fmt: skip
    assert query(chain.url, "SELECT phone, member_no, name FROM members ORDER BY phone") == [
        ("13800138000", "合计", "甲"), ("13800138001", None, "合计"),
    ]  # fmt: skip
    (problem,) = report_rows(report)
    assert problem[:5] == ["2", "警告", "会员卡号", "合计",
                           "starts with 合计 like a total row, but has a valid 手机号: imported "
                           "as a row"]  # fmt: skip

    report = tmp_path / "o-err.csv"
    f = write_csv(
        tmp_path / "o.csv",
        "店铺,订单号,支付时间,实付金额\n"
        "合计,SO1,2026-05-01 10:00:00,10\n"  # an order of a shop called 合计…
        "合计,,,10\n"  # the total row
        "小计,合计,,10\n",  # an order number that reads 合计 is none
    )
    r = chain("import", "orders", f, "-f", "json", "--errors", report)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["rows"] == 1
    assert query(chain.url, "SELECT order_no FROM orders") == [("SO1",)]
    assert report_rows(report)[0][:3] == ["2", "警告", "店铺"]
    assert "has a valid 订单号" in report_rows(report)[0][4]
