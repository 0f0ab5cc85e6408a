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

from privcli.core.imports import pipeline
from privcli.db import open_db
from privcli.errors import PrivcliError
from privcli.io import normalize as N
from privcli.io.normalize import Bad

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the import worker forks")


REFUND = (
    "negative amount: imported as a refund of its own (status refunded, amount without the sign)"
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
    r = chain("import", "orders", path, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "rows": n, "inserted": n, "updated": 0, "unchanged": 0, "rejected": 0, "warnings": 0,
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
    from privcli.core.imports import engine, orders

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
    from privcli.core.imports.engine import Context
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
    assert N.fen(raw) == fen
    assert type(N.fen(raw)) is int


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
        N.fen(raw)


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
    r = chain("import", "orders", f, "--json", "--errors", report)
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
    assert problems[0][:5] == ["3", "拒绝", "实付金额", "1,2,3", N._AMOUNT_EXPECTED]
    assert problems[1][:4] == ["4", "拒绝", "实付金额", "1e-10"]
    assert problems[1][4].startswith("amount in scientific notation (expected an amount such")
    # (the report writes a value starting with - as '-: a CSV cell is no formula)
    assert problems[2][:5] == ["5", "警告", "实付金额", "'-50.00", REFUND]
    assert problems[3][:4] == ["6", "拒绝", "支付时间", ""]
    assert problems[3][4] == "a refund (negative amount) needs a paid time"
    assert problems[4][:5] == ["7", "警告", "实付金额", "'-1", REFUND]
    assert problems[5][:4] == ["8", "拒绝", "实付金额", "99999999999999999999"]
    assert problems[5][4].startswith("amount out of range (at most ±92,233,720,368,547,758.07")
