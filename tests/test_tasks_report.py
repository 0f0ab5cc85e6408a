"""`tasks report` on SQLite and PostgreSQL: completion and conversion per rule, guide and store,
the window of N days from the task day, sales after contact, and the comparison with a control
group (uplift with a 95% confidence interval, none for tiny groups); the workbook with a chart.

Tasks and holdouts are inserted per the contract of privcli/tasks/schema.py (step 002_sop)."""

from __future__ import annotations

import json
import math
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from conftest import write_csv

from privcli.base import config
from privcli.capabilities import open_store
from privcli.tasks.report import report, uplift

TODAY = config.today()
DUE = TODAY - timedelta(days=20)  # windows closed long ago
STORES = "门店编码,门店名称,大区\nSH01,南京西路店,华东\nSH02,徐汇店,华东\n"
GUIDES = "工号,姓名,门店编码,在职状态\nG1,陈静,SH01,在职\nG2,周敏,SH02,在职\n"
# 40 members of G1 (SH01) and 10 of G2 (SH02)
PHONES = [f"139000000{i:02d}" for i in range(50)]


def ok(r, code: int = 0):
    assert r.exit_code == code, r.output
    return r


def setup(cli, tmp_path) -> None:
    ok(cli("import", "stores", write_csv(tmp_path / "s.csv", STORES)))
    ok(cli("import", "guides", write_csv(tmp_path / "g.csv", GUIDES)))
    lines = ["手机号,姓名,所属门店,专属导购"]
    lines += [f"{p},会员{i},{'SH01' if i < 40 else 'SH02'},{'G1' if i < 40 else 'G2'}"
              for i, p in enumerate(PHONES)]  # fmt: skip
    ok(cli("import", "members", write_csv(tmp_path / "m.csv", "\n".join(lines) + "\n")))


def add(url: str, table: str, phones: list[str], rule: str, status: str = "pending") -> None:
    """Tasks (or holdouts) of `rule` due on DUE for the members of `phones`."""
    db = open_store(url)
    try:
        with db.transaction():
            for p in phones:
                m = db.one(
                    "SELECT m.id, m.guide_id, g.store_id FROM members m"
                    " JOIN guides g ON g.id = m.guide_id WHERE m.phone = :p",
                    {"p": p},
                )
                assert m is not None
                values = {"g": m["guide_id"], "m": m["id"], "rule": rule, "due": DUE,
                          "s": m["store_id"], "status": status}  # fmt: skip
                if table == "tasks":
                    db.execute(
                        "INSERT INTO tasks (guide_id, member_id, rule, due_on, status, minutes,"
                        " priority, store_id) VALUES (:g, :m, :rule, :due, :status, 3, 50, :s)",
                        values,
                    )
                else:
                    db.execute(
                        "INSERT INTO task_holdouts (due_on, rule, member_id, guide_id, store_id)"
                        " VALUES (:due, :rule, :m, :g, :s)",
                        values,
                    )
    finally:
        db.close()


def orders(cli, tmp_path, rows: list[tuple[str, int, str, str]], name="o.csv") -> None:
    """rows: (phone, days after DUE, status, amount)."""
    lines = ["订单号,支付时间,订单状态,买家手机号,实付金额"]
    for n, (phone, offset, status, amount) in enumerate(rows, 1):
        lines.append(
            f"SO{name}{n},{DUE + timedelta(days=offset)} 12:00:00,{status},{phone},{amount}"
        )
    ok(cli("import", "orders", write_csv(tmp_path / name, "\n".join(lines) + "\n")))


@pytest.fixture
def measured(cli, tmp_path):
    """dormant: 20 tasks (G1, 10 done), 12 converted; a control group of 20, 6 converted.
    birthday: 5 tasks of G2 without a control group. welcome: 3 tasks and a control of 2."""
    setup(cli, tmp_path)
    tasked, control = PHONES[:20], PHONES[20:40]
    add(cli.url, "tasks", tasked[:10], "dormant", "done")
    add(cli.url, "tasks", tasked[10:], "dormant")
    add(cli.url, "task_holdouts", control, "dormant")
    add(cli.url, "tasks", PHONES[40:45], "birthday")
    add(cli.url, "tasks", PHONES[45:48], "welcome")
    add(cli.url, "task_holdouts", PHONES[48:50], "welcome")
    rows = [(p, 2, "交易成功", "100") for p in tasked[:12]]
    rows += [(p, 6, "交易成功", "50") for p in control[:6]]
    rows += [
        (tasked[12], 9, "交易成功", "80"),  # day 9: outside 7 days, inside 14
        (tasked[13], -1, "交易成功", "80"),  # the day before the task: not after it
        (tasked[14], 1, "已退款", "80"),  # refunded: no conversion
        (PHONES[40], 0, "交易成功", "30"),  # the task day itself counts
        (PHONES[45], 3, "交易成功", "30"),
    ]
    orders(cli, tmp_path, rows)
    return cli


def by_key(cli, *args) -> dict:
    rows = json.loads(
        ok(cli("tasks", "report", "--from", DUE, "--to", DUE, "--json", *args)).stdout
    )
    return {r[next(iter(r))]: r for r in rows}


def test_report_by_rule_with_uplift_and_interval(measured):
    rows = by_key(measured)
    d = rows["dormant"]
    assert (d["generated"], d["done"], d["completion_rate"]) == (20, 10, 0.5)
    assert (d["converted"], d["conversion_rate"], d["sales"]) == (12, 0.6, 1200.0)
    assert (d["test_tasks"], d["test_rate"]) == (20, 0.6)
    assert (d["control"], d["control_converted"], d["control_rate"]) == (20, 6, 0.3)
    se = math.sqrt(0.6 * 0.4 / 20 + 0.3 * 0.7 / 20)
    assert d["uplift"] == 0.3
    assert d["uplift_low"] == round(0.3 - 1.959964 * se, 4)
    assert d["uplift_high"] == round(0.3 + 1.959964 * se, 4)
    b = rows["birthday"]  # no control group: no comparison
    assert (b["generated"], b["converted"], b["sales"]) == (5, 1, 30.0)
    assert b["control"] is None and b["uplift"] is None and b["test_rate"] is None
    w = rows["welcome"]  # a control of 2: the uplift, but no interval
    assert (w["test_tasks"], w["control"], w["uplift"]) == (3, 2, round(1 / 3, 4))
    assert w["uplift_low"] is None and w["uplift_high"] is None


def test_report_notes_the_window_and_tiny_groups(measured):
    r = ok(measured("tasks", "report", "--from", DUE, "--to", DUE))
    assert "within 7 day(s) from the task day" in r.stderr
    assert "no confidence interval where a group has fewer than 5" in r.stderr
    assert "dormant" in r.stdout and "60.0%" in r.stdout  # rates read as percentages


def test_report_days_widens_the_window(measured):
    d = by_key(measured, "--days", "14")["dormant"]
    assert d["converted"] == 13 and d["sales"] == 1280.0


def test_report_by_guide_and_store(measured):
    guides = by_key(measured, "--by", "guide")
    assert guides["G1"]["generated"] == 20 and guides["G1"]["control"] == 20
    assert guides["G1"]["guide"] == "陈静" and guides["G1"]["store"] == "SH01"
    assert guides["G2"]["generated"] == 8 and guides["G2"]["control"] == 2
    stores = by_key(measured, "--by", "store")
    assert stores["SH02"]["store_name"] == "徐汇店" and stores["SH02"]["converted"] == 2


def test_report_outside_the_period_is_empty_and_bad_options_refused(measured):
    r = ok(measured("tasks", "report", "--from", "2020-01-01", "--to", "2020-01-31", "--json"))
    assert json.loads(r.stdout) == [] and "no tasks due" in r.stderr
    ok(measured("tasks", "report", "--from", "2026-02-01", "--to", "2026-01-01"), 2)
    ok(measured("tasks", "report", "--days", "0"), 2)


def test_report_workbook_has_a_chart(measured, tmp_path):
    path = tmp_path / "report.xlsx"
    ok(measured("tasks", "report", "--from", DUE, "--to", DUE, "-o", path))
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "rule" and ws.freeze_panes == "A2"
    with zipfile.ZipFile(path) as z:
        assert any(n.startswith("xl/charts/") for n in z.namelist())
    ok(measured("tasks", "report", "--from", DUE, "--to", DUE, "-o", tmp_path / "r.csv"))
    assert (tmp_path / "r.csv").read_text(encoding="utf-8-sig").startswith("rule,generated")


def test_report_logic_and_the_interval(db, measured):
    listing = report(db, first=DUE, last=DUE, by="rule")
    assert {r[0] for r in listing.rows} == {"dormant", "birthday", "welcome"}
    assert uplift(0, 0, 10, 5) == (None, None, None)
    assert uplift(100, 50, 100, 30)[0] == 0.2
    low, high = uplift(100, 50, 100, 30)[1:]
    assert low is not None and high is not None and low < 0.2 < high
    assert uplift(10, 2, 10, 1)[1:] == (None, None)
