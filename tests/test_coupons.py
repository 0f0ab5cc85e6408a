"""The coupon bank through the CLI and its logic functions, on SQLite and PostgreSQL: batches and
their rules, issue to a selection (limits, quantity, control group, two issues at once), codes,
redemption from order imports and by hand, voiding, expiring coupons, the hand-out file and the
ROI report."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import write_csv

from privcli.base import config
from privcli.base.db import Database
from privcli.base.errors import NotFound, UsageError
from privcli.base.selection import Selection
from privcli.capabilities import open_store
from privcli.coupons import codes
from privcli.coupons.batches import find_batch
from privcli.coupons.issue import draw, holdout_threshold, issue, issue_to_members
from privcli.coupons.report import expiring

TODAY = config.today()
STORES = "门店编码,门店名称,大区\nSH01,南京西路店,华东\nSH02,徐汇店,华东\nGZ01,天河店,华南\n"
GUIDES = (
    "工号,姓名,门店编码,在职状态\n"
    "G1,陈静,SH01,在职\nG2,林涛,SH01,在职\nG3,周敏,SH02,在职\nG4,吴磊,GZ01,离职\n"
)
# phone -> (store, guide, tag): G1 has 3 customers (one VIP), G2 2, G3 2, departed G4 1, and
# one member has no guide at all
MEMBERS = {
    "13900000001": ("SH01", "G1", "VIP"),
    "13900000002": ("SH01", "G1", ""),
    "13900000003": ("SH01", "G1", ""),
    "13900000004": ("SH01", "G2", ""),
    "13900000005": ("SH01", "G2", ""),
    "13900000006": ("SH02", "G3", "VIP"),
    "13900000007": ("SH02", "G3", ""),
    "13900000008": ("GZ01", "G4", ""),
    "13900000009": ("SH02", "", ""),
}
WITH_GUIDE = [p for p, (_, g, _) in MEMBERS.items() if g in ("G1", "G2", "G3")]


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def ok(r, code: int = 0):
    assert r.exit_code == code, r.output
    return r


def setup(cli, tmp_path, members: dict | None = None) -> None:
    ok(cli("import", "stores", write_csv(tmp_path / "s.csv", STORES)))
    ok(cli("import", "guides", write_csv(tmp_path / "g.csv", GUIDES)))
    lines = ["手机号,姓名,所属门店,专属导购,标签"]
    for phone, (store, guide, tag) in (members or MEMBERS).items():
        lines.append(f"{phone},王小{phone[-2:]},{store},{guide},{tag}")
    ok(cli("import", "members", write_csv(tmp_path / "m.csv", "\n".join(lines) + "\n")))


def create(cli, name: str = "满199减30", *extra) -> int:
    args = list(extra) or ["--kind", "cash", "--value", "30", "--min-spend", "199"]
    if "--quantity" not in args:
        args += ["--quantity", "100"]
    if "--valid-days" not in args and "--valid-from" not in args:
        args += ["--valid-from", day(-10), "--valid-to", day(30)]
    r = ok(cli("coupons", "create", name, *args, "--json"))
    return json.loads(r.stdout)["id"]


def issue_json(cli, *args, code: int = 0) -> dict:
    return json.loads(ok(cli("coupons", "issue", *args, "--json"), code).stdout)


def coupons(url: str) -> dict[str, dict]:
    """member phone -> their coupon (the last one), with guide codes and order number."""
    db = open_store(url)
    rows = db.query(
        "SELECT m.phone, c.code, c.status, ig.code AS issued_guide, g.code AS guide,"
        " s.code AS store, o.order_no, c.valid_from, c.valid_to, c.batch_id"
        " FROM coupons c JOIN members m ON m.id = c.member_id"
        " LEFT JOIN guides ig ON ig.id = c.issued_guide_id LEFT JOIN guides g ON g.id = c.guide_id"
        " LEFT JOIN stores s ON s.id = c.store_id LEFT JOIN orders o ON o.id = c.order_id"
        " ORDER BY c.id"
    )
    db.close()
    return {r["phone"]: r for r in rows}


def count(url: str, sql: str) -> int:
    db = open_store(url)
    try:
        return db.scalar(sql)
    finally:
        db.close()


def js(cli, *args, code: int = 0):
    """A command's --format json output, parsed."""
    return json.loads(ok(cli(*args, "-f", "json"), code).stdout)


def cash(cli, name: str, first: int, last: int, value: str = "5") -> int:
    """A cash batch valid from day(first) to day(last)."""
    return create(
        cli, name, "--kind", "cash", "--value", value, "--valid-from", day(first),
        "--valid-to", day(last),
    )  # fmt: skip


def import_orders(cli, tmp_path: Path, rows: list[tuple], name: str = "orders.csv"):
    return ok(cli("import", "orders", orders_csv(tmp_path, rows, name)))


def orders_csv(tmp_path: Path, rows: list[tuple], name: str = "orders.csv") -> Path:
    """rows: (order_no, paid day offset, status, phone, amount, code)."""
    lines = ["订单号,支付时间,订单状态,买家手机号,实付金额,优惠券码"]
    for no, offset, status, phone, amount, code in rows:
        lines.append(f"{no},{day(offset)} 12:00:00,{status},{phone},{amount},{code}")
    return write_csv(tmp_path / name, "\n".join(lines) + "\n")


# -- batches -------------------------------------------------------------------------------------


def test_create_prints_the_id_and_list_and_show_carry_counts(cli, tmp_path):
    setup(cli, tmp_path)
    r = ok(
        cli(
            "coupons", "create", "双11满199减30", "--kind", "cash", "--value", "30",
            "--min-spend", "199", "--quantity", "5000", "--valid-from", day(0),
            "--valid-to", day(10), "--note", "recall",
        )
    )  # fmt: skip
    assert r.stdout.splitlines()[0] == "id: 1"
    assert "batch '双11满199减30' created: id 1" in r.stderr
    create(cli, "生日85折", "--kind", "discount", "--value", "85", "--valid-days", "30")
    create(cli, "开卡礼", "--kind", "gift", "--value", "25.5", "--quantity", "20",
           "--per-member", "2")  # fmt: skip
    rows = json.loads(ok(cli("coupons", "list", "-f", "json")).stdout)
    assert [(b["id"], b["name"], b["state"]) for b in rows] == [
        (3, "开卡礼", "draft"),
        (2, "生日85折", "draft"),
        (1, "双11满199减30", "draft"),
    ]
    cash = rows[2]
    assert cash["value"] == 30.0 and cash["min_spend"] == 199.0 and cash["quantity"] == 5000
    assert cash["offer"] == "¥30.00 off over ¥199.00"
    assert rows[1]["value"] == 85 and rows[1]["valid_days"] == 30 and rows[1]["valid_to"] is None
    assert rows[0]["value"] == 25.5 and rows[0]["per_member"] == 2
    issue_json(cli, "双11满199减30")
    shown = json.loads(ok(cli("coupons", "show", "双11满199减30", "-f", "json")).stdout)
    b = shown["batch"]
    assert (b["id"], b["issued"], b["redeemed"], b["remaining"], b["state"]) == (
        1, len(WITH_GUIDE), 0, 5000 - len(WITH_GUIDE), "active",
    )  # fmt: skip
    assert b["note"] == "recall" and len(b["seed"]) == 16
    assert [(i["via"], i["issued"], i["no_guide"]) for i in shown["issues"]] == [("issue", 7, 2)]
    by_name = ok(cli("coupons", "show", "双11满199减30")).stdout
    assert ok(cli("coupons", "show", "1")).stdout == by_name


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--kind", "discount", "--value", "100"], "--value 100"),
        (["--kind", "discount", "--value", "0"], "--value 0"),
        (["--kind", "discount", "--value", "85.5"], "--value 85.5"),
        (["--kind", "cash", "--value", "-5"], "--value -5"),
        (["--kind", "cash", "--value", "abc"], "--value 'abc'"),
        (["--kind", "cash", "--value", "3.456"], "--value 3.456"),
        (["--kind", "cash", "--value", "30", "--min-spend", "20"], "--min-spend 20"),
        (["--kind", "cash", "--value", "30", "--quantity", "0"], "--quantity 0"),
        (["--kind", "cash", "--value", "30", "--quantity", "-3"], "--quantity -3"),
        (["--kind", "cash", "--value", "30", "--per-member", "0"], "--per-member 0"),
        (["--kind", "cash", "--value", "30", "--valid-days", "0"], "--valid-days 0"),
        (
            ["--kind", "cash", "--value", "30", "--valid-from", day(5), "--valid-to", day(1)],
            f"--valid-to {day(1)} is before --valid-from {day(5)}",
        ),
        (["--kind", "cash", "--value", "30", "--valid-from", day(5)], "--valid-to is missing"),
        (
            ["--kind", "cash", "--value", "30", "--valid-days", "7", "--valid-to", day(9)],
            "not both",
        ),
        (["--kind", "cash", "--value", "30", "(no validity)"], "needs a validity"),
    ],
)
def test_create_refuses_invalid_combinations_naming_the_option(cli, args, words):
    ok(cli("init"))
    if "--quantity" not in args:
        args = [*args, "--quantity", "10"]
    if "(no validity)" in args:
        args.remove("(no validity)")
    elif not any(a.startswith("--valid") for a in args):
        args = [*args, "--valid-days", "7"]
    r = cli("coupons", "create", "x批次", *args)
    assert r.exit_code == 2, r.output
    assert words in r.output
    assert json.loads(ok(cli("coupons", "list", "-f", "json")).stdout) == []


def test_create_refuses_a_name_in_use_or_a_number(cli):
    ok(cli("init"))
    create(cli, "春节券")
    r = cli("coupons", "create", "春节券", "--kind", "cash", "--value", "5", "--quantity", "1",
            "--valid-days", "3")  # fmt: skip
    assert r.exit_code == 2 and "exists already" in r.output
    r = cli("coupons", "create", "2026", "--kind", "cash", "--value", "5", "--quantity", "1",
            "--valid-days", "3")  # fmt: skip
    assert r.exit_code == 2 and "only digits" in r.output
    assert len(json.loads(ok(cli("coupons", "list", "-f", "json")).stdout)) == 1


def test_find_batch_by_id_or_name_with_suggestions(cli, db):
    create(cli, "春节满减")
    assert find_batch(db, 1).name == "春节满减"
    assert find_batch(db, "1").name == "春节满减"
    assert find_batch(db, "春节满减").id == 1
    with pytest.raises(NotFound) as e:
        find_batch(db, "春节满")
    assert "春节满减" in (e.value.hint or "")
    with pytest.raises(NotFound):
        find_batch(db, 99)
    r = cli("coupons", "show", "春节")
    assert r.exit_code == 1 and "did you mean 春节满减" in r.output


def test_state_expired_and_void(cli, db):
    from privcli.coupons.batches import listing

    cash(cli, "短券", 0, 2)
    later = listing(db, today=TODAY + timedelta(days=3))
    assert [r[-1] for r in later.rows] == ["expired"]
    ok(cli("coupons", "void", "--batch", "短券"))
    assert json.loads(ok(cli("coupons", "list", "-f", "json")).stdout)[0]["state"] == "void"


# -- codes ---------------------------------------------------------------------------------------


def test_codes_are_readable_grouped_and_long_enough():
    import math

    assert len(codes.ALPHABET) == 31 and not set("01OIL") & set(codes.ALPHABET)
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) >= 60
    made = codes.new_codes(20_000)
    assert len(set(made)) == 20_000
    for c in made[:100]:
        assert len(c) == 17 and c[5] == c[11] == "-" and codes.is_code(c)
    assert codes.canonical(made[0].lower().replace("-", " ")) == made[0]
    assert codes.canonical("７KQ4M－X9P2H－RTW3C") == "7KQ4M-X9P2H-RTW3C"  # full-width
    assert codes.canonical("QJ0000001") == "QJ0000001"  # another system's code: no match
    assert codes.looks_like_ours(made[0][:-1]) and codes.looks_like_ours(made[0] + "A")
    assert not codes.looks_like_ours("QJ0000000001") and not codes.looks_like_ours("C-1")


def test_codes_are_uniform_over_the_alphabet():
    from collections import Counter

    counts = Counter(codes.random_symbols(310_000))
    assert set(counts) == set(codes.ALPHABET)
    assert all(9_400 < n < 10_600 for n in counts.values())  # 10,000 each, ~6 sigma


# -- issue ---------------------------------------------------------------------------------------


def test_issue_offers_members_with_an_active_guide_recording_the_issuing_guide(cli, tmp_path):
    setup(cli, tmp_path)
    create(cli)
    out = issue_json(cli, "满199减30")
    assert (out["selected"], out["issued"], out["no_guide"], out["remaining"]) == (9, 7, 2, 93)
    assert out["cost_ceiling"] == 210.0  # 7 x ¥30
    assert {s["store_code"]: s["coupons"] for s in out["by_store"]} == {"SH01": 5, "SH02": 2}
    got = coupons(cli.url)
    assert sorted(got) == sorted(WITH_GUIDE)
    for phone, c in got.items():
        assert c["issued_guide"] == c["guide"] == MEMBERS[phone][1]
        assert c["store"] == MEMBERS[phone][0]
        assert c["status"] == "issued" and codes.is_code(c["code"])
    # again: nothing is missing, nothing is issued
    again = issue_json(cli, "满199减30")
    assert (again["issued"], again["at_limit"], again["no_guide"]) == (0, 7, 2)
    assert count(cli.url, "SELECT COUNT(*) FROM coupons") == 7


def test_issue_takes_the_member_selection_and_segments(cli, tmp_path):
    setup(cli, tmp_path)
    create(cli)
    assert issue_json(cli, "满199减30", "--tag", "VIP")["issued"] == 2
    ok(cli("segments", "save", "徐汇", "--store", "SH02"))
    out = issue_json(cli, "满199减30", "--segment", "徐汇")
    assert (out["selected"], out["issued"], out["at_limit"], out["no_guide"]) == (3, 1, 1, 1)
    assert issue_json(cli, "1", "--guide", "G2")["issued"] == 2
    assert sorted(coupons(cli.url)) == sorted(
        ["13900000001", "13900000006", "13900000007", "13900000004", "13900000005"]
    )
    r = cli("coupons", "issue", "满199减30", "--store", "SH1")
    assert r.exit_code == 1 and "did you mean SH01" in r.output
    r = cli("coupons", "issue", "满199减3")
    assert r.exit_code == 1 and "did you mean 满199减30" in r.output


def test_dry_run_counts_by_store_and_writes_nothing(cli, tmp_path):
    setup(cli, tmp_path)
    create(cli, "满199减30", "--kind", "cash", "--value", "30", "--quantity", "6")
    r = cli("coupons", "issue", "满199减30", "--dry-run", "--holdout", "20")
    assert r.exit_code in (0, 3), r.output  # 3 when the draw held out nobody: 7 for 6
    assert "dry run, nothing written" in r.stderr
    assert "SH01" in r.stdout and "face-value cost" in r.stderr
    out = issue_json(cli, "满199减30", "--dry-run", code=3)
    assert out["dry_run"] is True and out["issued"] == 6 and out["over_quantity"] == 1
    assert out["cost_ceiling"] == 180.0
    assert count(cli.url, "SELECT COUNT(*) FROM coupons") == 0
    assert count(cli.url, "SELECT COUNT(*) FROM coupon_issues") == 0
    assert count(cli.url, "SELECT COUNT(*) FROM coupon_holdouts") == 0
    assert count(cli.url, "SELECT COUNT(*) FROM coupon_batches WHERE holdout_pct IS NULL") == 1


def test_quantity_and_per_member_limit_are_never_exceeded(cli, tmp_path):
    setup(cli, tmp_path)
    create(cli, "限量", "--kind", "cash", "--value", "10", "--quantity", "9", "--per-member", "2")
    first = issue_json(cli, "限量", code=0)
    assert (first["issued"], first["remaining"]) == (7, 2)
    second = issue_json(cli, "限量", code=3)  # a second coupon each, but only 2 are left
    assert (second["issued"], second["over_quantity"], second["remaining"]) == (2, 5, 0)
    third = issue_json(cli, "限量", code=3)
    assert third["issued"] == 0 and third["over_quantity"] == 5
    assert count(cli.url, "SELECT COUNT(*) FROM coupons") == 9
    most = "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM coupons GROUP BY member_id) x"
    assert count(cli.url, most) == 2


def test_when_the_quantity_is_short_members_are_served_in_draw_order(cli, tmp_path, db):
    setup(cli, tmp_path)
    create(cli, "少量", "--kind", "cash", "--value", "10", "--quantity", "3")
    issue_json(cli, "少量", code=3)
    b = find_batch(db, "少量")
    ids = dict(db.execute("SELECT phone, id FROM members").fetchall())
    expected = sorted((draw(b.seed, ids[p]), p) for p in WITH_GUIDE)[:3]
    assert sorted(coupons(cli.url)) == sorted(p for _, p in expected)


def test_holdout_is_reproducible_recorded_and_gets_no_coupon(cli, tmp_path, db):
    members = {f"138{i:08d}": ("SH01" if i % 2 else "SH02", "G1" if i % 2 else "G3", "")
               for i in range(400)}  # fmt: skip
    setup(cli, tmp_path, members)
    create(cli, "召回", "--kind", "cash", "--value", "20", "--quantity", "1000")
    out = issue_json(cli, "召回", "--holdout", "25", "--store", "SH01")
    b = find_batch(db, "召回")
    assert b.holdout_pct == 25 and out["holdout_pct"] == 25
    ids = dict(db.execute("SELECT id, phone FROM members").fetchall())
    held = {ids[m] for (m,) in db.execute("SELECT member_id FROM coupon_holdouts").fetchall()}
    # the draw is a function of the stored seed and the member: recompute it
    sh01 = [m for m, p in ids.items() if members[p][0] == "SH01"]
    expected = {ids[m] for m in sh01 if draw(b.seed, m) < holdout_threshold(25)}
    assert held == expected and 30 < len(held) < 75  # about 25% of 200
    assert out["held_out"] == len(held) and out["issued"] == 200 - len(held)
    assert not held & set(coupons(cli.url))
    guides = {g for (g,) in db.execute("SELECT guide_id FROM coupon_holdouts").fetchall()}
    assert len(guides) == 1  # recorded with their guide (G1) for the report
    # the rest of the chain later: the same rule, the same seed; the held out stay out
    later = issue_json(cli, "召回")
    assert later["already_held_out"] == len(held) and later["holdout_pct"] == 25
    everyone = {ids[m] for (m,) in db.execute("SELECT member_id FROM coupon_holdouts").fetchall()}
    assert everyone == {ids[m] for m in ids if draw(b.seed, m) < holdout_threshold(25)}
    assert len(coupons(cli.url)) + len(everyone) == 400
    # a different share would change the control group
    r = cli("coupons", "issue", "召回", "--holdout", "10")
    assert r.exit_code == 2 and "holds out 25% already" in r.output


def test_a_holdout_is_refused_after_coupons_went_out_without_one(cli, tmp_path):
    setup(cli, tmp_path)
    create(cli)
    issue_json(cli, "满199减30", "--store", "SH02")
    r = cli("coupons", "issue", "满199减30", "--holdout", "10")
    assert r.exit_code == 2 and "without a control group" in r.output
    r = cli("coupons", "issue", "满199减30", "--holdout", "95")
    assert r.exit_code == 2 and "--holdout 95" in r.output


def test_void_and_expired_batches_issue_nothing(cli, tmp_path, db):
    setup(cli, tmp_path)
    cash(cli, "短券", -5, 0)
    with pytest.raises(UsageError, match="expired"):
        issue(db, "短券", Selection(), today=TODAY + timedelta(days=1))
    ok(cli("coupons", "void", "--batch", "短券"))
    r = cli("coupons", "issue", "短券")
    assert r.exit_code == 2 and "voided" in r.output


def test_valid_days_run_from_the_issue(cli, tmp_path, db):
    setup(cli, tmp_path)
    create(cli, "七天", "--kind", "cash", "--value", "5", "--valid-days", "7")
    issue(db, "七天", Selection(stores=("SH02",)), today=TODAY - timedelta(days=3))
    c = coupons(cli.url)["13900000006"]
    assert str(c["valid_from"])[:10] == day(-3) and str(c["valid_to"])[:10] == day(3)


def test_the_database_refuses_a_code_twice(cli, tmp_path, db):
    setup(cli, tmp_path)
    create(cli)
    issue_json(cli, "满199减30", "--guide", "G3")
    taken = db.one("SELECT batch_id, code, member_id FROM coupons")
    with pytest.raises(Exception, match="(?i)unique"), db.transaction():
        db.execute(
            "INSERT INTO coupons (batch_id, code, member_id, issued_at, valid_from, valid_to,"
            " status) VALUES (:batch_id, :code, :member_id, '2026-01-01 00:00:00', '2026-01-01',"
            " '2026-01-02', 'issued')",
            taken,
        )


def test_a_code_collision_is_drawn_again_not_a_failure(cli, tmp_path, db, monkeypatch):
    setup(cli, tmp_path)
    create(cli, "一", "--kind", "cash", "--value", "5")
    create(cli, "二", "--kind", "cash", "--value", "5")
    issue_json(cli, "一", "--store", "SH02")
    taken = next(iter(coupons(cli.url).values()))["code"]
    real = codes.new_codes
    calls = []

    def colliding(n):
        calls.append(n)
        made = real(n)
        if len(calls) == 1:  # the first draw repeats a stored code and one of its own
            made[0] = taken
            made[-1] = made[1]
        return made

    monkeypatch.setattr(codes, "new_codes", colliding)
    out = issue(db, "二", Selection(stores=("SH01",)))
    assert out.issued == 5 and calls == [5, 2]
    assert count(cli.url, "SELECT COUNT(*) FROM coupons WHERE batch_id = 2") == 5
    assert count(cli.url, "SELECT COUNT(DISTINCT code) FROM coupons") == 7


def test_a_failed_issue_leaves_nothing_half_issued(cli, tmp_path, db, monkeypatch):
    from privcli.coupons import issue as issuing

    setup(cli, tmp_path)
    create(cli, "半途", "--kind", "cash", "--value", "5")

    def broken(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C after the holdouts, the log and the codes were staged

    monkeypatch.setattr(issuing, "_numbered_codes", broken)
    with pytest.raises(KeyboardInterrupt):
        issue(db, "半途", Selection(), holdout=20)
    for table in ("coupons", "coupon_issues", "coupon_holdouts"):
        assert count(cli.url, f"SELECT COUNT(*) FROM {table}") == 0
    assert find_batch(db, "半途").holdout_pct is None


def test_issue_to_members_for_other_capabilities(cli, tmp_path, db):
    setup(cli, tmp_path)
    create(cli, "任务券", "--kind", "cash", "--value", "5", "--quantity", "4")
    ids = dict(db.execute("SELECT phone, id FROM members").fetchall())
    asked = [ids[p] for p in ("13900000001", "13900000004", "13900000008", "13900000009")]
    got = issue_to_members(db, "任务券", [*asked, 999999], today=TODAY, via="tasks")
    # departed guide (…08), no guide (…09) and a non-member are absent
    assert set(got) == {ids["13900000001"], ids["13900000004"]}
    stored = coupons(cli.url)
    assert got[ids["13900000001"]] == stored["13900000001"]["code"]
    assert stored["13900000001"]["issued_guide"] == "G1"
    assert issue_to_members(db, "任务券", asked, today=TODAY) == {}  # per-member limit: 1
    rest = issue_to_members(db, 1, [ids[p] for p in WITH_GUIDE], today=TODAY)
    assert len(rest) == 2  # 4 in the batch
    runs = db.query("SELECT via, issued FROM coupon_issues ORDER BY id")
    assert [(r["via"], r["issued"]) for r in runs] == [("tasks", 2), ("members", 0), ("members", 2)]
    # inside a caller's transaction, rolled back with it
    create(cli, "另一批", "--kind", "cash", "--value", "5")
    with pytest.raises(RuntimeError), db.transaction():
        assert issue_to_members(db, "另一批", [ids["13900000002"]], today=TODAY)
        raise RuntimeError("the task run failed")
    assert count(cli.url, "SELECT COUNT(*) FROM coupons WHERE batch_id = 2") == 0


# -- two issues at the same time ------------------------------------------------------------------


def _privcli(url: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PRIVCLI_DB": url}
    return subprocess.Popen(
        [sys.executable, "-m", "privcli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )


def test_two_issues_at_once_never_exceed_the_quantity(cli, tmp_path):
    members = {f"137{i:08d}": ("SH01" if i % 2 else "SH02", "G1" if i % 2 else "G3", "")
               for i in range(300)}  # fmt: skip
    setup(cli, tmp_path, members)
    create(cli, "抢券", "--kind", "cash", "--value", "5", "--quantity", "200")
    holder, watcher = Database(cli.url), Database(cli.url)
    # Hold the lock both runs need, start both, let them queue up behind it, then let go: they
    # run truly at the same time, and each must count what the other issued.
    with holder.transaction():
        if holder.is_pg:
            holder.execute("SELECT id FROM coupon_batches WHERE id = 1 FOR UPDATE")
        a = _privcli(cli.url, "coupons", "issue", "抢券", "--store", "SH01", "--json")
        b = _privcli(cli.url, "coupons", "issue", "抢券", "--json")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if holder.is_pg:
                waiting = watcher.scalar(  # outside the transaction: fresh statistics
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND datname = current_database() AND pid <> pg_backend_pid()"
                    " AND query LIKE '%coupon_batches%FOR UPDATE%'"
                )
                if waiting == 2:
                    break
            elif time.monotonic() > deadline - 27:  # SQLite: they wait on the write lock
                break
            time.sleep(0.1)
        else:
            pytest.fail("the two issues never both waited for the batch")
    holder.close()
    watcher.close()
    outs = []
    for p in (a, b):
        stdout, stderr = p.communicate(timeout=120)
        assert p.returncode in (0, 3), stderr
        outs.append(json.loads(stdout))
    assert sum(o["issued"] for o in outs) == 200
    assert count(cli.url, "SELECT COUNT(*) FROM coupons") == 200
    assert count(cli.url, "SELECT COUNT(DISTINCT member_id) FROM coupons") == 200
    assert {o["remaining"] for o in outs} >= {0}


# -- redemption ----------------------------------------------------------------------------------


def _redeem_setup(cli, tmp_path) -> dict[str, str]:
    setup(cli, tmp_path)
    create(cli)  # 满199减30, valid day(-10) .. day(30)
    issue_json(cli, "满199减30")
    return {p: c["code"] for p, c in coupons(cli.url).items()}


def test_an_order_import_redeems_codes_and_warns_about_every_bad_use(cli, tmp_path):
    code = _redeem_setup(cli, tmp_path)
    create(cli, "未来券", "--kind", "cash", "--value", "5", "--valid-from", day(20),
           "--valid-to", day(40))  # fmt: skip
    issue_json(cli, "未来券", "--guide", "G3")
    future = coupons(cli.url)["13900000007"]["code"]
    # a coupon that has expired: payment times after tomorrow are no business (rejected), so
    # its validity ends in the past instead
    db = open_store(cli.url)
    db.execute(
        "UPDATE coupons SET valid_to = :d WHERE code = :c",
        {"d": date.fromisoformat(day(-5)), "c": code["13900000005"]},
    )
    db.close()
    f = orders_csv(
        tmp_path,
        [
            ("SO1", 0, "交易成功", "13900000001", "300.00", code["13900000001"].lower()),
            ("SO2", 1, "交易成功", "13900000001", "250.00", code["13900000001"]),  # second use
            ("SO3", 0, "交易成功", "13900000002", "150.00", code["13900000002"]),  # 180 < 199
            ("SO4", 0, "交易成功", "13900000004", "300.00", code["13900000003"]),  # not theirs
            ("SO5", 0, "交易成功", "13900000005", "300.00", code["13900000005"]),  # expired
            ("SO6", -11, "交易成功", "13900000006", "300.00", code["13900000006"]),  # not yet
            ("SO7", 0, "交易成功", "13900000007", "300.00", "ABCDE-FGHJK-MNPQ"),  # unknown
            ("SO8", 0, "交易成功", "13900000007", "300.00", future),  # not yet (future batch)
            ("SO9", 0, "交易成功", "13900000002", "169.00", code["13900000003"]),  # not theirs
            ("SO10", 0, "交易成功", "13900000003", "169.00", code["13900000003"]),  # 199: ok
            ("SO11", 0, "交易关闭", "13900000004", "300.00", code["13900000004"]),  # cancelled
            ("SO12", 0, "已退款", "13900000004", "300.00", code["13900000004"]),  # refunded since
            ("SO13", 0, "交易成功", "13900000007", "300.00", "QJ0000000001"),  # not ours
        ],
    )
    r = ok(cli("import", "orders", f, "--errors", tmp_path / "err.csv", "--json"))
    summary = json.loads(r.stdout)
    assert summary["inserted"] == 13 and summary["rejected"] == 0  # every order imported
    with open(tmp_path / "err.csv", encoding="utf-8-sig", newline="") as fh:
        report = [(int(x[0]), x[3], x[4]) for x in list(csv.reader(fh))[1:]]
    assert [row for row, _, _ in report] == sorted(row for row, _, _ in report)
    why = {row: reason for row, _, reason in report}
    assert set(why) == {3, 4, 5, 6, 7, 8, 9, 10}
    assert "already redeemed by order SO1" in why[3]
    assert "needs orders of ¥199.00, this one is ¥180.00" in why[4]
    assert "belongs to another member" in why[5] and "belongs to another member" in why[10]
    assert f"expired on {day(-5)}, the order was paid on {day(0)}" in why[6]
    assert f"valid from {day(-10)}" in why[7] and f"valid from {day(20)}" in why[9]
    assert "ABCDE-FGHJK-MNPQ is unknown" in why[8]
    got = coupons(cli.url)
    redeemed = {p: c["order_no"] for p, c in got.items() if c["status"] == "redeemed"}
    assert redeemed == {"13900000001": "SO1", "13900000003": "SO10", "13900000004": "SO12"}
    assert summary["warnings"] == 8
    # the same file again changes nothing, and says the same
    again = json.loads(ok(cli("import", "orders", f, "--json")).stdout)
    assert again["unchanged"] == 13 and again["warnings"] == 8
    after = {p: c["order_no"] for p, c in coupons(cli.url).items() if c["status"] == "redeemed"}
    assert after == redeemed


def test_the_earliest_order_in_a_file_wins_a_code_used_twice(cli, tmp_path):
    code = _redeem_setup(cli, tmp_path)
    f = orders_csv(
        tmp_path,
        [
            ("SO2", 1, "交易成功", "13900000001", "300.00", code["13900000001"]),
            ("SO1", 0, "交易成功", "13900000001", "300.00", code["13900000001"]),
        ],
    )
    r = ok(cli("import", "orders", f))
    assert "already redeemed by order SO1" in r.stderr
    assert coupons(cli.url)["13900000001"]["order_no"] == "SO1"


def test_a_redeemed_then_refunded_order_stays_redeemed_and_shows_in_the_report(cli, tmp_path):
    code = _redeem_setup(cli, tmp_path)
    paid = [("SO1", 0, "交易成功", "13900000001", "300.00", code["13900000001"]),
            ("SO2", 0, "交易成功", "13900000002", "200.00", code["13900000002"])]  # fmt: skip
    ok(cli("import", "orders", orders_csv(tmp_path, paid)))
    refunded = [("SO1", 0, "已退款", "13900000001", "300.00", code["13900000001"])]
    ok(cli("import", "orders", orders_csv(tmp_path, refunded, "refund.csv")))
    assert coupons(cli.url)["13900000001"]["status"] == "redeemed"
    row = json.loads(ok(cli("coupons", "report", "-f", "json")).stdout)[0]
    assert (row["issued"], row["redeemed"], row["refunded"]) == (7, 2, 1)
    assert row["sales"] == 200.0  # the refunded order is no sale
    assert row["cost"] == 60.0 and row["sales_per_cost"] == 3.33
    assert row["redemption_rate"] == round(2 / 7, 4)
    shown = json.loads(ok(cli("coupons", "show", "1", "-f", "json")).stdout)["batch"]
    assert shown["refunded_after_redemption"] == 1 and shown["redeemed"] == 2


def test_a_dry_run_import_reports_but_redeems_nothing(cli, tmp_path):
    code = _redeem_setup(cli, tmp_path)
    f = orders_csv(tmp_path, [("SO1", 0, "交易成功", "13900000001", "300", code["13900000001"])])
    ok(cli("import", "orders", f, "--dry-run"))
    assert coupons(cli.url)["13900000001"]["status"] == "issued"


def test_a_large_import_through_the_worker_redeems_too(cli, tmp_path, monkeypatch):
    code = _redeem_setup(cli, tmp_path)
    monkeypatch.setenv("PRIVCLI_IMPORT_WORKER", "on")
    rows = [(f"SX{i:06d}", 0, "交易成功", "13900000009", "100", "") for i in range(25_000)]
    rows[12_345] = ("SX012345", 0, "交易成功", "13900000006", "300", code["13900000006"])
    rows[24_000] = ("SX024000", 0, "交易成功", "13900000002", "300", code["13900000006"])
    r = ok(cli("import", "orders", orders_csv(tmp_path, rows), "--json"))
    assert json.loads(r.stdout)["warnings"] == 1
    assert coupons(cli.url)["13900000006"]["order_no"] == "SX012345"


def test_manual_redeem_applies_the_same_checks(cli, tmp_path):
    code = _redeem_setup(cli, tmp_path)
    f = orders_csv(
        tmp_path,
        [
            ("SO1", 0, "交易成功", "13900000001", "300.00", ""),
            ("SO2", 0, "交易成功", "13900000002", "100.00", ""),
            ("SO3", 0, "交易关闭", "13900000003", "300.00", ""),
            ("SO4", 1, "交易成功", "13900000001", "300.00", ""),
        ],
    )
    ok(cli("import", "orders", f))
    r = cli("coupons", "redeem", code["13900000002"], "--order", "SO2")
    assert r.exit_code == 2 and "needs orders of ¥199.00" in r.output
    r = cli("coupons", "redeem", code["13900000001"], "--order", "SO2")
    assert r.exit_code == 2 and "belongs to another member" in r.output
    r = cli("coupons", "redeem", code["13900000003"], "--order", "SO3")
    assert r.exit_code == 2 and "not a paid sale" in r.output
    r = cli("coupons", "redeem", "ABCDE-FGHJK-MNPQR", "--order", "SO1")
    assert r.exit_code == 1 and "no coupon with code" in r.output
    r = cli("coupons", "redeem", code["13900000001"], "--order", "SO404")
    assert r.exit_code == 1 and "no order numbered" in r.output
    typed = code["13900000001"].replace("-", "").lower()
    out = json.loads(ok(cli("coupons", "redeem", typed, "--order", "SO1", "--json")).stdout)
    assert out["code"] == code["13900000001"] and out["changed"] is True
    assert out["redeemed_at"] == f"{day(0)} 12:00:00"
    again = json.loads(ok(cli("coupons", "redeem", typed, "--order", "SO1", "--json")).stdout)
    assert again["changed"] is False
    r = cli("coupons", "redeem", code["13900000001"], "--order", "SO4")
    assert r.exit_code == 2 and "already redeemed by order SO1" in r.output
    c = coupons(cli.url)["13900000001"]
    assert (c["status"], c["order_no"]) == ("redeemed", "SO1")


def test_void_a_code_or_a_batch(cli, tmp_path):
    code = _redeem_setup(cli, tmp_path)
    f = orders_csv(tmp_path, [("SO1", 0, "交易成功", "13900000001", "300", code["13900000001"])])
    ok(cli("import", "orders", f))
    out = json.loads(ok(cli("coupons", "void", code["13900000002"], "--json")).stdout)
    assert out == {"code": code["13900000002"], "batch": "满199减30", "status": "void", "voided": 1}
    assert js(cli, "coupons", "void", code["13900000002"])["voided"] == 0
    r = cli("coupons", "void", code["13900000001"])
    assert r.exit_code == 2 and "cannot be voided" in r.output
    assert cli("coupons", "void").exit_code == 2
    assert cli("coupons", "void", code["13900000003"], "--batch", "1").exit_code == 2
    late = [("SO2", 0, "交易成功", "13900000002", "300", code["13900000002"])]
    r = import_orders(cli, tmp_path, late, "late.csv")
    assert "was voided on" in r.stderr
    out = json.loads(ok(cli("coupons", "void", "--batch", "满199减30", "--json")).stdout)
    assert (out["voided"], out["already_void"], out["kept_redeemed"]) == (5, 1, 1)
    statuses = [c["status"] for c in coupons(cli.url).values()]
    assert sorted(statuses) == ["redeemed"] + ["void"] * 6
    out = json.loads(ok(cli("coupons", "void", "--batch", "1", "--json")).stdout)
    assert out["voided"] == 0 and out["already_void"] == 6


# -- owner changes, expiring ---------------------------------------------------------------------


def test_unredeemed_coupons_follow_their_customer_to_a_new_guide(cli, tmp_path):
    code = _redeem_setup(cli, tmp_path)
    f = orders_csv(tmp_path, [("SO1", 0, "交易成功", "13900000001", "300", code["13900000001"])])
    ok(cli("import", "orders", f))
    ok(cli("guides", "depart", "G1"))
    ok(cli("transfer", "G1", "--to", "G2"))
    got = coupons(cli.url)
    assert got["13900000002"]["guide"] == "G2" and got["13900000002"]["issued_guide"] == "G1"
    assert got["13900000001"]["guide"] == "G1"  # redeemed: stays with its history
    ok(cli("transfer", "undo", "1"))
    assert coupons(cli.url)["13900000002"]["guide"] == "G1"
    moved = write_csv(tmp_path / "move.csv", "手机号,专属导购\n13900000006,G2\n")
    ok(cli("import", "members", moved))
    assert coupons(cli.url)["13900000006"]["guide"] == "G2"


def test_expiring_lists_unredeemed_coupons_by_guide(cli, tmp_path, db):
    setup(cli, tmp_path)
    cash(cli, "三天", -3, 2)
    cash(cli, "长期", -3, 20)
    issue_json(cli, "三天")
    issue_json(cli, "长期")
    code = {p: c["code"] for p, c in coupons(cli.url).items()}  # the 长期 ones (last)
    first = db.query("SELECT m.phone, c.code FROM coupons c JOIN members m ON m.id = c.member_id"
                     " WHERE c.batch_id = 1")  # fmt: skip
    short = {r["phone"]: r["code"] for r in first}
    import_orders(
        cli, tmp_path, [("SO1", 0, "交易成功", "13900000001", "300", short["13900000001"])]
    )
    ok(cli("coupons", "void", short["13900000002"]))
    rows = json.loads(ok(cli("coupons", "expiring", "-f", "json")).stdout)
    assert [(r["guide_id"], r["phone"][-2:]) for r in rows] == [
        ("G1", "03"), ("G2", "04"), ("G2", "05"), ("G3", "06"), ("G3", "07"),
    ]  # fmt: skip
    assert rows[0]["phone"] == "139****0003" and rows[0]["name"] == "王***"
    assert rows[0]["days_left"] == 2 and rows[0]["batch"] == "三天"
    assert rows[0]["valid_to"] == day(2) and rows[0]["store_code"] == "SH01"
    assert len(js(cli, "coupons", "expiring", "--days", "1")) == 0
    assert len(js(cli, "coupons", "expiring", "--days", "30")) == 12
    only = js(cli, "coupons", "expiring", "--store", "SH02", "--show-pii")
    assert [r["phone"] for r in only] == ["13900000006", "13900000007"]
    cut = ok(cli("coupons", "expiring", "--days", "30", "--batch", "长期", "--limit", "2"))
    assert "5 more" in cut.stderr
    # the function daily tasks call
    g3 = db.scalar("SELECT id FROM guides WHERE code = 'G3'")
    got = expiring(db, within_days=3, today=TODAY, guide_ids=[g3])
    assert [(r.code, r.guide_id, r.valid_to, r.batch) for r in got] == [
        (short["13900000006"], g3, TODAY + timedelta(days=2), "三天"),
        (short["13900000007"], g3, TODAY + timedelta(days=2), "三天"),
    ]
    keys = {"coupon_id", "code", "member_id", "guide_id", "valid_to", "batch", "batch_id"}
    assert set(got[0]._asdict()) == keys
    assert got[0].member_id == db.scalar("SELECT id FROM members WHERE phone = '13900000006'")
    assert len(expiring(db, within_days=20, today=TODAY)) == 12
    assert expiring(db, within_days=0, today=TODAY + timedelta(days=2))[0].batch == "三天"
    assert code  # the long batch's codes are not expiring within 3 days


# -- hand-out file, report -------------------------------------------------------------------------


def test_export_writes_what_guides_need_sorted_by_store_and_guide(cli, tmp_path):
    import openpyxl

    code = _redeem_setup(cli, tmp_path)
    import_orders(
        cli, tmp_path, [("SO1", 0, "交易成功", "13900000001", "300", code["13900000001"])]
    )
    out = js(cli, "coupons", "export", "满199减30", tmp_path / "h.csv")
    assert out["rows"] == 6
    with open(tmp_path / "h.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["store_code", "store", "guide_id", "guide", "phone", "name", "code",
                       "valid_to"]  # fmt: skip
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ("SH01", "G1"), ("SH01", "G1"), ("SH01", "G2"), ("SH01", "G2"), ("SH02", "G3"), ("SH02", "G3"),
    ]  # fmt: skip
    assert rows[1][4] == "139****0002" and rows[1][5] == "王***" and rows[1][7] == day(30)
    assert rows[1][6] == code["13900000002"] and rows[1][3] == "陈静"
    ok(cli("coupons", "export", "1", tmp_path / "h.xlsx", "--lang", "zh", "--show-pii"))
    ws = openpyxl.load_workbook(tmp_path / "h.xlsx").active
    sheet = [[c.value for c in r] for r in ws.iter_rows()]
    assert sheet[0] == ["门店编码", "门店名称", "导购工号", "导购姓名", "手机号", "姓名", "券码",
                        "有效期至"]  # fmt: skip
    assert sheet[1][4] == "13900000002" and sheet[1][6] == code["13900000002"]


def test_report_with_a_control_group_measures_incremental_sales(cli, tmp_path, db):
    members = {f"136{i:08d}": ("SH01" if i < 100 else "SH02", "G1" if i < 100 else "G3", "")
               for i in range(200)}  # fmt: skip
    setup(cli, tmp_path, members)
    create(cli, "召回", "--kind", "cash", "--value", "20", "--quantity", "1000",
           "--valid-from", day(-10), "--valid-to", day(10))  # fmt: skip
    issue_json(cli, "召回", "--holdout", "20")
    got = coupons(cli.url)
    ids = dict(db.execute("SELECT id, phone FROM members").fetchall())
    held = [ids[m] for (m,) in db.execute("SELECT member_id FROM coupon_holdouts").fetchall()]
    treated = sorted(got)
    # every 4th coupon member buys ¥300 with the coupon; every 5th held-out member buys ¥150;
    # one order falls outside the window and one coupon member buys ¥100 without the coupon
    rows = []
    for i, p in enumerate(treated):
        if i % 4 == 0:
            rows.append((f"T{i}", 0, "交易成功", p, "300", got[p]["code"]))
    for i, p in enumerate(sorted(held)):
        if i % 5 == 0:
            rows.append((f"H{i}", 0, "交易成功", p, "150", ""))
    rows.append(("OUT1", -30, "交易成功", treated[1], "999", ""))
    rows.append(("NOC1", 1, "交易成功", treated[2], "100", ""))
    ok(cli("import", "orders", orders_csv(tmp_path, rows)))
    n_t, n_c = len(treated), len(held)
    redeemed = len(range(0, n_t, 4))
    buyers_c = len(range(0, n_c, 5))
    t_sales, c_sales = redeemed * 30000 + 10000, buyers_c * 15000
    incremental = round((t_sales / n_t - c_sales / n_c) * n_t)
    cost = redeemed * 2000
    row = json.loads(ok(cli("coupons", "report", "召回", "-f", "json")).stdout)[0]
    assert (row["issued"], row["redeemed"], row["coupon_members"], row["control_members"]) == (
        n_t, redeemed, n_t, n_c,
    )  # fmt: skip
    assert row["coupon_buyers"] == redeemed + 1 and row["control_buyers"] == buyers_c
    assert row["sales"] == redeemed * 300 and row["cost"] == cost / 100
    assert row["coupon_sales_per_member"] == round(t_sales / n_t) / 100
    assert row["control_sales_per_member"] == round(c_sales / n_c) / 100
    assert row["incremental_sales"] == incremental / 100
    assert row["incremental_roi"] == round(incremental / cost, 2)
    # by store: each store's coupon group against its own control group
    by_store = json.loads(ok(cli("coupons", "report", "--by", "store", "-f", "json")).stdout)
    assert [r["store_code"] for r in by_store] == ["SH01", "SH02"]
    assert sum(r["control_members"] for r in by_store) == n_c
    assert sum(r["issued"] for r in by_store) == n_t
    by_region = json.loads(ok(cli("coupons", "report", "--by", "region", "-f", "json")).stdout)
    assert [(r["region"], r["issued"]) for r in by_region] == [("华东", n_t)]
    by_guide = json.loads(ok(cli("coupons", "report", "--by", "guide", "-f", "json")).stdout)
    assert [(r["guide_id"], r["guide"], r["store_code"]) for r in by_guide] == [
        ("G1", "陈静", "SH01"), ("G3", "周敏", "SH02"),
    ]  # fmt: skip


def test_report_output_file_and_formats(cli, tmp_path):
    import openpyxl

    code = _redeem_setup(cli, tmp_path)
    create(cli, "无人领", "--kind", "discount", "--value", "80")
    import_orders(
        cli, tmp_path, [("SO1", 0, "交易成功", "13900000001", "300", code["13900000001"])]
    )
    r = ok(cli("coupons", "report", "--output", tmp_path / "roi.xlsx"))
    assert "wrote the report (1 rows)" in r.stderr and "满199减30" in r.stdout
    ws = openpyxl.load_workbook(tmp_path / "roi.xlsx").active
    sheet = [[c.value for c in row] for row in ws.iter_rows()]
    assert sheet[0][:5] == ["batch_id", "batch", "issued", "redeemed", "redemption_rate"]
    assert sheet[1][:4] == [1, "满199减30", 7, 1]
    assert ws["H2"].value == 300 and "0.00" in ws["H2"].number_format  # sales, as money
    for fmt in ("csv", "tsv", "markdown", "plain", "table"):
        assert "满199减30" in ok(cli("coupons", "report", "--by", "batch", "-f", fmt)).stdout
    assert ok(cli("coupons", "report", "--by", "guide", "-f", "csv")).stdout.startswith(
        "guide_id,guide,store_code,issued"
    )
    empty = json.loads(ok(cli("coupons", "report", "无人领", "-f", "json")).stdout)
    assert empty == []


def test_discount_coupons_cost_the_share_they_took_off(cli, tmp_path):
    setup(cli, tmp_path)
    create(cli, "八五折", "--kind", "discount", "--value", "85", "--min-spend", "100")
    issue_json(cli, "八五折", "--store", "SH02")
    code = {p: c["code"] for p, c in coupons(cli.url).items()}
    f = orders_csv(
        tmp_path,
        [
            ("SO1", 0, "交易成功", "13900000006", "170", code["13900000006"]),  # 200 before: ok
            ("SO2", 0, "交易成功", "13900000007", "84", code["13900000007"]),  # 98.82 < 100
        ],
    )
    r = ok(cli("import", "orders", f))
    assert "this one is ¥98.82 before the coupon" in r.stderr
    row = json.loads(ok(cli("coupons", "report", "-f", "json")).stdout)[0]
    assert row["redeemed"] == 1 and row["cost"] == 30.0 and row["sales"] == 170.0


@pytest.mark.parametrize("header", ["优惠券", "券码", "coupon_code"])
def test_the_coupon_column_is_found_under_its_usual_headers(cli, tmp_path, header):
    code = _redeem_setup(cli, tmp_path)
    f = write_csv(
        tmp_path / "o.csv",
        f"订单号,支付时间,买家手机号,实付金额,{header}\n"
        f"SO1,{day(0)} 10:00:00,13900000001,300,{code['13900000001']}\n",
    )
    ok(cli("import", "orders", f))
    assert coupons(cli.url)["13900000001"]["order_no"] == "SO1"
