"""Working the daily list, on SQLite and PostgreSQL: `tasks list` (filters, masking, Chinese
status words, --limit), `tasks export` (a sheet per store, a workbook per guide, CSV; drop-down
lists, frozen header), `tasks done` (all or nothing) and `tasks import-results` (English and
Chinese sheets, the row-level error report, re-import changes nothing).

Tasks are inserted directly per the contract of privcli/tasks/schema.py (step 002_sop), so
these tests do not depend on `tasks generate`."""

from __future__ import annotations

import csv
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from conftest import write_csv

from privcli.base import config
from privcli.base.errors import NotFound, UsageError
from privcli.capabilities import open_store
from privcli.tasks.worklist import TaskFilter, listing, mark_done

TODAY = config.today()
STORES = "门店编码,门店名称,大区\nSH01,南京西路店,华东\nSH02,徐汇店,华东\n"
GUIDES = "工号,姓名,门店编码,在职状态\nG1,陈静,SH01,在职\nG2,林涛,SH01,在职\nG3,周敏,SH02,在职\n"
MEMBERS = {  # phone -> (store, guide, name)
    "13900000001": ("SH01", "G1", "王小丽"),
    "13900000002": ("SH01", "G1", "李娜"),
    "13900000003": ("SH01", "G2", "张伟"),
    "13900000004": ("SH02", "G3", "刘洋"),
}


def ok(r, code: int = 0):
    assert r.exit_code == code, r.output
    return r


def setup(cli, tmp_path: Path) -> None:
    ok(cli("import", "stores", write_csv(tmp_path / "s.csv", STORES)))
    ok(cli("import", "guides", write_csv(tmp_path / "g.csv", GUIDES)))
    lines = ["手机号,姓名,所属门店,专属导购"]
    lines += [f"{p},{n},{s},{g}" for p, (s, g, n) in MEMBERS.items()]
    ok(cli("import", "members", write_csv(tmp_path / "m.csv", "\n".join(lines) + "\n")))


def add_task(
    url: str,
    phone: str,
    rule: str = "birthday",
    *,
    due: date = TODAY,
    status: str = "pending",
    priority: int = 50,
    minutes: int = 3,
    coupon_code: str | None = None,
    result: str | None = None,
) -> int:
    """One task per the contract: the member's guide and that guide's store, a reason and a
    message with the member's name filled in."""
    db = open_store(url)
    try:
        with db.transaction():
            m = db.one(
                "SELECT m.id, m.name, m.guide_id, g.store_id FROM members m"
                " JOIN guides g ON g.id = m.guide_id WHERE m.phone = :p",
                {"p": phone},
            )
            assert m is not None
            return db.scalar(
                "INSERT INTO tasks (guide_id, member_id, rule, due_on, status, minutes, priority,"
                " reason, message, coupon_code, store_id, result, created_at)"
                " VALUES (:g, :m, :rule, :due, :status, :minutes, :priority, :reason, :message,"
                " :code, :store, :result, :now) RETURNING id",
                {
                    "g": m["guide_id"], "m": m["id"], "rule": rule, "due": due,
                    "status": status, "minutes": minutes, "priority": priority,
                    "reason": f"{rule} of {m['name']}", "message": f"{m['name']}您好，祝您生日快乐",
                    "code": coupon_code, "store": m["store_id"], "result": result,
                    "now": config.now(),
                },
            )  # fmt: skip
    finally:
        db.close()


def stored(url: str) -> dict[int, tuple]:
    db = open_store(url)
    try:
        return {
            r[0]: tuple(r[1:])
            for r in db.execute(
                "SELECT id, status, result, note, completed_at FROM tasks"
            ).fetchall()
        }
    finally:
        db.close()


def js(cli, *args, code: int = 0):
    return json.loads(ok(cli(*args, "--json"), code).stdout)


@pytest.fixture
def tasks(cli, tmp_path):
    """Four tasks today (G1 two, G2 one, G3 one) and one yesterday."""
    setup(cli, tmp_path)
    ids = [
        add_task(cli.url, "13900000001", "birthday", priority=90, coupon_code="7KQ4M-X9P2H-RTW3C"),
        add_task(cli.url, "13900000002", "dormant", priority=40),
        add_task(cli.url, "13900000003", "welcome", priority=60),
        add_task(cli.url, "13900000004", "birthday", priority=90),
        add_task(cli.url, "13900000001", "welcome", due=TODAY - timedelta(days=1)),
    ]
    return ids


# -- list ------------------------------------------------------------------------------------------


def test_list_shows_today_by_store_guide_priority_masked(cli, tasks):
    rows = json.loads(ok(cli("tasks", "list", "--json")).stdout)
    assert [r["id"] for r in rows] == tasks[:4]  # SH01: G1 (90, 40), G2; then SH02
    first = rows[0]
    for key in ("id", "date", "guide_id", "phone", "rule", "priority", "minutes", "reason",
                "message", "coupon_code", "status", "guide", "store", "result", "note"):  # fmt: skip
        assert key in first
    assert first["date"] == TODAY.isoformat() and first["guide_id"] == "G1"
    assert first["guide"] == "陈静" and first["store"] == "SH01"
    assert first["phone"] == "139****0001" and first["name"] == "王**"
    # the name is masked inside the reason and the message too
    assert "王小丽" not in first["message"] and first["message"].startswith("王**")
    assert "王小丽" not in first["reason"]
    assert first["coupon_code"] == "7KQ4M-X9P2H-RTW3C" and first["status"] == "pending"
    shown = json.loads(ok(cli("tasks", "list", "--json", "--show-pii")).stdout)[0]
    assert shown["phone"] == "13900000001" and shown["message"].startswith("王小丽")


def test_list_filters(cli, tasks):
    def ids(*args):
        return [r["id"] for r in json.loads(ok(cli("tasks", "list", "--json", *args)).stdout)]

    assert ids("--guide", "g1") == tasks[:2]  # guide ids match case-insensitively
    assert ids("--store", "SH02") == [tasks[3]]
    assert ids("--rule", "birthday,welcome") == [tasks[0], tasks[2], tasks[3]]
    assert ids("--date", "yesterday") == [tasks[4]]
    assert ids("--date", (TODAY - timedelta(days=1)).isoformat()) == [tasks[4]]
    ok(cli("tasks", "done", tasks[1]))
    assert ids("--status", "done") == [tasks[1]]
    assert ids("--status", "pending", "--guide", "G1") == [tasks[0]]
    r = ok(cli("tasks", "list", "--guide", "G9"), 1)
    assert "--guide 'G9': no such value" in r.output
    r = ok(cli("tasks", "list", "--store", "SH1"), 1)
    assert "did you mean SH01" in r.output


def test_list_limit_says_how_many_more_and_statuses_read_in_chinese(cli, tasks, monkeypatch):
    r = ok(cli("tasks", "list", "--limit", "3", "-f", "csv"))
    assert len(list(csv.reader(r.stdout.splitlines()))) == 4
    assert "1 more; --limit 0 for all" in r.stderr
    ok(cli("tasks", "done", tasks[0], "--result", "purchased"))
    monkeypatch.setenv("PRIVCLI_LANG", "zh")
    plain = ok(cli("tasks", "list", "-f", "plain")).stdout
    assert "已完成" in plain and "待办" in plain and "已购买" in plain
    data = json.loads(ok(cli("tasks", "list", "--json")).stdout)
    assert data[0]["status"] == "done" and data[0]["result"] == "purchased"  # values stay


def test_listing_logic_streams_without_a_limit(db, cli, tasks):
    result = listing(db, TaskFilter(day=TODAY, guides=("G1",)), limit=0)
    assert [r[0] for r in result.rows] == tasks[:2]
    with pytest.raises(UsageError):
        listing(db, TaskFilter(day=TODAY, statuses=("open",)))


# -- done ----------------------------------------------------------------------------------------


def test_done_marks_with_result_and_note_and_again_changes_nothing(cli, tasks):
    out = js(cli, "tasks", "done", tasks[0], tasks[1], "--result", "contacted", "--note", "回访")
    assert out == {"done": 2, "unchanged": 0, "result": "contacted", "ids": tasks[:2]}
    rows = stored(cli.url)
    assert rows[tasks[0]][:3] == ("done", "contacted", "回访") and rows[tasks[0]][3] is not None
    again = js(cli, "tasks", "done", tasks[0], "--result", "contacted")
    assert again["done"] == 0 and again["unchanged"] == 1
    assert stored(cli.url)[tasks[0]] == rows[tasks[0]]  # completed_at kept
    changed = js(cli, "tasks", "done", tasks[0], "--result", "purchased")
    assert changed["done"] == 1 and stored(cli.url)[tasks[0]][1] == "purchased"
    assert stored(cli.url)[tasks[0]][2] == "回访"  # a note not given is kept


def test_done_with_an_unknown_id_changes_nothing(cli, tasks, db):
    before = stored(cli.url)
    r = ok(cli("tasks", "done", tasks[0], 9999, 8888), 1)
    assert "2 unknown task id(s): 9999, 8888; nothing was changed" in r.output
    assert stored(cli.url) == before
    r = ok(cli("tasks", "done", tasks[0], "--result", "bought"), 2)
    with pytest.raises(NotFound):
        mark_done(db, [tasks[0], 12345])
    with pytest.raises(UsageError):
        mark_done(db, [tasks[0]], result="bought")
    assert stored(cli.url) == before


# -- export --------------------------------------------------------------------------------------


def _validations(path: Path, sheet: int = 1) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{sheet}.xml").decode()


def test_export_by_store_one_sheet_each_with_drop_downs(cli, tasks, tmp_path):
    path = tmp_path / "tasks.xlsx"
    out = js(cli, "tasks", "export", path)
    assert out["rows"] == 4 and out["sheets"] == 2
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["SH01 南京西路店", "SH02 徐汇店"]
    ws = wb["SH01 南京西路店"]
    header = [c.value for c in ws[1]]
    assert header[:1] == ["task_id"] and header[-3:] == ["done", "result", "note"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:O4"
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == tasks[:3]  # ids as numbers
    row = {h: c.value for h, c in zip(header, ws[2])}
    assert row["phone"] == "139****0001" and row["customer"] == "王**"
    assert "王小丽" not in row["message"] and row["done"] is None
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists == {"M2:M4": '"yes,no"', "N2:N4": '"contacted,no_reply,refused,purchased"'}
    assert wb["SH02 徐汇店"].max_row == 2
    # again over its own file: fine; over a file privcli did not write: --force
    ok(cli("tasks", "export", path))
    other = tmp_path / "mine.xlsx"
    openpyxl.Workbook().save(other)
    ok(cli("tasks", "export", other), 2)
    ok(cli("tasks", "export", other, "--force"))


def test_export_in_chinese_prefills_done_tasks(cli, tasks, tmp_path):
    ok(cli("tasks", "done", tasks[0], "--result", "purchased"))
    path = tmp_path / "任务.xlsx"
    ok(cli("tasks", "export", path, "--lang", "zh", "--store", "SH01"))
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert header[0] == "任务编号" and header[-3:] == ["是否完成", "结果", "备注"]
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert values[0][-3:] == ["是", "已购买", None]
    assert "是,否" in _validations(path) and "已联系,未回复,拒绝,已购买" in _validations(path)


def test_export_by_guide_writes_a_workbook_per_guide(cli, tasks, tmp_path):
    folder = tmp_path / "今日任务"
    out = js(cli, "tasks", "export", folder, "--by", "guide", "--show-pii")
    assert out["rows"] == 4 and out["files"] == 3 and out["path"] == str(folder)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["G1 陈静.xlsx", "G2 林涛.xlsx", "G3 周敏.xlsx"]
    ws = openpyxl.load_workbook(folder / "G1 陈静.xlsx").active
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == tasks[:2]
    assert ws["G2"].value == "13900000001"  # --show-pii
    assert (folder / "G1 陈静.xlsx").stat().st_mode & 0o077 == 0  # personal data: 0600
    ok(cli("tasks", "export", tmp_path / "file.csv"))
    r = ok(cli("tasks", "export", tmp_path / "file.csv", "--by", "guide"), 2)
    assert "is a file" in r.output


def test_export_csv_and_an_empty_day(cli, tasks, tmp_path):
    path = tmp_path / "tasks.csv"
    ok(cli("tasks", "export", path))
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "task_id" and len(rows) == 5 and rows[1][2] == "SH01"
    r = ok(cli("tasks", "export", tmp_path / "none.xlsx", "--date", "2020-01-01"))
    assert "nothing to fill in" in r.stderr
    assert openpyxl.load_workbook(tmp_path / "none.xlsx").sheetnames == ["tasks"]


# -- import-results ------------------------------------------------------------------------------


def _fill(path: Path, values: dict[int, tuple]) -> None:
    """Fill in an exported workbook: task id -> (done, result, note), in every sheet."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            if row[0].value in values:
                done, result, note = values[row[0].value]
                row[12].value, row[13].value, row[14].value = done, result, note
    wb.save(path)


def test_import_results_applies_the_sheet_and_again_changes_nothing(cli, tasks, tmp_path):
    path = tmp_path / "tasks.xlsx"
    ok(cli("tasks", "export", path))
    _fill(path, {tasks[0]: ("yes", "purchased", "买了面霜"), tasks[2]: (None, "no_reply", None),
                 tasks[3]: ("no", None, "下周再约")})  # fmt: skip
    out = js(cli, "tasks", "import-results", path)
    assert out["rows"] == 4 and out["updated"] == 3 and out["unchanged"] == 1
    assert out["rejected"] == 0 and out["error_report"] is None
    rows = stored(cli.url)
    assert rows[tasks[0]][:3] == ("done", "purchased", "买了面霜")
    assert rows[tasks[2]][:2] == ("done", "no_reply")  # a result means a contact: done
    assert rows[tasks[3]][:3] == ("pending", None, "下周再约")
    r = ok(cli("tasks", "import-results", path))
    assert "updated: 0" in r.stdout and "unchanged: 4" in r.stdout
    assert "nothing changed" in r.stderr
    assert stored(cli.url) == rows
    # no: a task done by mistake goes back to pending, its result with it
    _fill(path, {tasks[0]: ("no", None, None)})
    assert js(cli, "tasks", "import-results", path)["updated"] == 1
    assert stored(cli.url)[tasks[0]][:2] == ("pending", None)


def test_import_results_reads_a_chinese_sheet_and_csv(cli, tasks, tmp_path):
    path = tmp_path / "任务.xlsx"
    ok(cli("tasks", "export", path, "--lang", "zh"))
    _fill(path, {tasks[0]: ("是", "已联系", None), tasks[3]: ("是", "拒绝", "不需要")})
    out = js(cli, "tasks", "import-results", path)
    assert out["updated"] == 2
    assert stored(cli.url)[tasks[3]][:3] == ("done", "refused", "不需要")
    text = f"任务编号,是否完成,结果,备注\n{tasks[1]},是,已购买,\n{tasks[2]},,,改天\n"
    out = js(cli, "tasks", "import-results", write_csv(tmp_path / "r.csv", text))
    assert out["updated"] == 2
    assert stored(cli.url)[tasks[1]][:2] == ("done", "purchased")
    assert stored(cli.url)[tasks[2]][:3] == ("pending", None, "改天")


def test_import_results_rejects_bad_rows_into_the_error_report(cli, tasks, tmp_path):
    text = (
        "task_id,done,result,note\n"
        f"{tasks[0]},yes,contacted,\n"
        "abc,yes,,\n"
        f"{tasks[1]},maybe,,\n"
        f"{tasks[2]},yes,bought,\n"
        f"{tasks[3]},no,contacted,\n"
        "9999,yes,,\n"
        f"{tasks[0]},yes,refused,\n"
    )
    src = write_csv(tmp_path / "filled.csv", text)
    r = ok(cli("tasks", "import-results", src, "--json"), 3)
    out = json.loads(r.stdout)
    assert out["updated"] == 1 and out["rejected"] == 6
    report = Path(out["error_report"])
    assert report.parent.name == "privcli-errors" and report.suffix == ".xlsx"
    ws = openpyxl.load_workbook(report).active
    lines = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [(x[0], x[2], x[3]) for x in lines] == [
        (3, "task_id", "abc"), (4, "done", "maybe"), (5, "result", "bought"),
        (6, "result", "contacted"), (7, "task_id", 9999), (8, "task_id", tasks[0]),
    ]  # fmt: skip
    assert "no such task" in lines[4][4] and "row 2" in lines[5][4]
    assert lines[0][5:9] == ["abc", "yes", None, None]  # the row's cells, to fix and re-import
    assert stored(cli.url)[tasks[0]][:2] == ("done", "contacted")
    # the report, fixed, imports as it is
    wb = openpyxl.load_workbook(report)
    ws = wb.active
    ws["G3"].value = "yes"  # tasks[1]: maybe -> yes
    wb.save(report)
    again = js(cli, "tasks", "import-results", report, "--errors", "none", code=3)
    assert again["updated"] == 2 and again["error_report"] is None  # and the repeated row
    assert stored(cli.url)[tasks[1]][0] == "done"


def test_import_results_dry_run_and_a_file_without_task_ids(cli, tasks, tmp_path):
    before = stored(cli.url)
    src = write_csv(tmp_path / "r.csv", f"task_id,done\n{tasks[0]},yes\n")
    out = js(cli, "tasks", "import-results", src, "--dry-run")
    assert out["updated"] == 1 and stored(cli.url) == before
    r = ok(cli("tasks", "import-results", write_csv(tmp_path / "x.csv", "a,b\n1,2\n")), 1)
    assert "no header row found" in r.output


def test_a_task_that_followed_its_customer_is_in_its_new_guides_file(cli, tasks, tmp_path):
    """The task stays planned for its store (SH01) but belongs to the guide who now owns the
    customer (G3, SH02): one file for G3 holds both of G3's tasks."""
    db = open_store(cli.url)
    try:
        with db.transaction():
            db.execute(
                "UPDATE tasks SET guide_id = (SELECT id FROM guides WHERE code = 'G3')"
                " WHERE id = :id",
                {"id": tasks[0]},
            )
    finally:
        db.close()
    folder = tmp_path / "out"
    ok(cli("tasks", "export", folder, "--by", "guide"))
    ws = openpyxl.load_workbook(folder / "G3 周敏.xlsx").active
    assert sorted(r[0].value for r in ws.iter_rows(min_row=2)) == sorted([tasks[0], tasks[3]])
    book = tmp_path / "stores.xlsx"
    ok(cli("tasks", "export", book))
    first = openpyxl.load_workbook(book)["SH01 南京西路店"]
    assert tasks[0] in [r[0].value for r in first.iter_rows(min_row=2)]


def test_import_results_names_the_sheet_of_a_bad_row(cli, tasks, tmp_path):
    path = tmp_path / "tasks.xlsx"
    ok(cli("tasks", "export", path))
    _fill(path, {tasks[3]: ("maybe", None, None), tasks[0]: ("yes", None, None)})
    out = js(cli, "tasks", "import-results", path, code=3)
    assert out["updated"] == 1 and out["rejected"] == 1
    ws = openpyxl.load_workbook(out["error_report"]).active
    assert ws["A2"].value == "SH02 徐汇店!2" and ws["C2"].value == "done"


def test_export_csv_again_over_its_own_file(cli, tasks, tmp_path):
    path = tmp_path / "tasks.csv"
    ok(cli("tasks", "export", path))
    ok(cli("tasks", "export", path, "--lang", "zh"))
    assert path.read_text(encoding="utf-8-sig").startswith("任务编号,")
    path.write_text("something,else\n", encoding="utf-8")
    r = ok(cli("tasks", "export", path), 2)
    assert "--force" in r.output


def test_other_commands_know_a_task_sheet_as_privclis_own(cli, tasks, tmp_path):
    path = tmp_path / "today.csv"
    ok(cli("tasks", "export", path, "--lang", "zh"))
    # a file privcli wrote may be replaced by another of its files without --force
    ok(cli("export", "members", path))
    assert path.read_text(encoding="utf-8-sig").startswith("phone,")


def test_export_to_standard_output(cli, tasks):
    r = ok(cli("tasks", "export", "-", "--store", "SH02"))
    lines = r.stdout.splitlines()
    assert lines[0].startswith("task_id,date,store") and len(lines) == 2
    assert "1 task(s)" in r.stderr
    ok(cli("tasks", "export", "-", "--by", "guide"), 2)
