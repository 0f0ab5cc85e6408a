"""`tasks generate` and `tasks explain` through the CLI and the logic functions, on SQLite and
PostgreSQL: each built-in rule on a small chain, priority and the time budget, one task per
member a day, cooldowns, do-not-disturb, departed guides, control groups, regenerating a day,
coupons handed out with tasks, and the explanation of a member's day."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import write_csv

from privcli.base import config
from privcli.tasks.generate import generate, held_out
from privcli.tasks.rules import load, parse

TODAY = config.today()
STORES = "门店编码,门店名称,大区\nSH01,南京西路店,华东\nSH02,徐汇店,华东\nGZ01,天河店,华南\n"
GUIDES = (
    "工号,姓名,门店编码,在职状态\n"
    "G1,陈静,SH01,在职\nG2,林涛,SH01,在职\nG3,周敏,SH02,在职\nG4,吴磊,GZ01,离职\n"
)


def day(offset: int, base: date = TODAY) -> str:
    return (base + timedelta(days=offset)).isoformat()


def bday(offset: int) -> str:
    """A birthday (in 1990) falling `offset` days from today."""
    d = TODAY + timedelta(days=offset)
    return f"1990-{d:%m-%d}" if f"{d:%m-%d}" != "02-29" else "1992-02-29"


# phone -> (guide, name, birthday, registered, tag); orders below
MEMBERS = {
    "13900000001": ("G1", "王一", "", day(-1), ""),  # welcome
    "13900000002": ("G1", "王二", bday(3), day(-400), ""),  # birthday in 3 days
    "13900000003": ("G1", "王三", "", day(-400), ""),  # bought 3 days ago: care
    "13900000004": ("G2", "王四", "", day(-400), ""),  # last bought 100 days ago: dormant
    "13900000005": ("G2", "王五", "", day(-400), ""),  # every 10 days, last 10 days ago
    "13900000006": ("G3", "王六", bday(3), day(-400), "勿扰"),  # do not disturb
    "13900000007": ("G4", "王七", bday(3), day(-400), ""),  # departed guide: unassigned
    "13900000008": ("G1", "王八", bday(3), day(-1), ""),  # welcome beats birthday
    "13900000009": ("G3", "王九", "", day(-3), ""),  # journey_new, day 3
}
ORDERS = [
    ("SO3", -3, "13900000003"),
    ("SO4", -100, "13900000004"),
    ("SO5a", -30, "13900000005"),
    ("SO5b", -20, "13900000005"),
    ("SO5c", -10, "13900000005"),
]
EXPECTED = {
    "13900000001": "welcome",
    "13900000002": "birthday",
    "13900000003": "post_purchase",
    "13900000004": "dormant",
    "13900000005": "repurchase",
    "13900000008": "welcome",
    "13900000009": "journey_new",
}


def ok(r, code: int = 0):
    assert r.exit_code == code, r.output
    return r


def setup(cli, tmp_path: Path) -> None:
    ok(cli("import", "stores", write_csv(tmp_path / "s.csv", STORES)))
    ok(cli("import", "guides", write_csv(tmp_path / "g.csv", GUIDES)))
    lines = ["手机号,姓名,生日,注册时间,专属导购,标签"]
    for phone, (guide, name, birthday, registered, tag) in MEMBERS.items():
        lines.append(f"{phone},{name},{birthday},{registered} 10:00:00,{guide},{tag}")
    ok(cli("import", "members", write_csv(tmp_path / "m.csv", "\n".join(lines) + "\n")))
    lines = ["订单号,支付时间,订单状态,买家手机号,实付金额"]
    for no, offset, phone in ORDERS:
        lines.append(f"{no},{day(offset)} 12:00:00,交易成功,{phone},100")
    ok(cli("import", "orders", write_csv(tmp_path / "o.csv", "\n".join(lines) + "\n")))


@pytest.fixture
def chain(cli, tmp_path):
    setup(cli, tmp_path)
    return cli


def gen(cli, *args, code: int = 0) -> dict:
    return json.loads(ok(cli("tasks", "generate", "--json", *args), code).stdout)


def tasks(db, due: date = TODAY) -> dict[str, dict]:
    rows = db.query(
        "SELECT m.phone, t.* FROM tasks t JOIN members m ON m.id = t.member_id WHERE t.due_on = :d",
        {"d": due},
    )
    return {r["phone"]: r for r in rows}


def open_db(cli):
    from privcli.capabilities import open_store

    return open_store(cli.url)


def test_each_rule_matches_its_members_and_one_task_per_member(chain):
    out = gen(chain)
    assert out["tasks"] == len(EXPECTED)
    db = open_db(chain)
    got = tasks(db)
    db.close()
    assert {p: r["rule"] for p, r in got.items()} == EXPECTED
    t2 = got["13900000002"]
    birthday = TODAY + timedelta(days=3)
    assert t2["reason"] == f"birthday on {birthday:%m-%d}, in 3 days"
    assert t2["message"].startswith("王二，生日快乐")
    assert t2["status"] == "pending" and t2["minutes"] == 3 and t2["priority"] == 80
    assert got["13900000005"]["reason"] == ("last purchase 10 days ago; usually buys every 10 days")
    assert got["13900000004"]["reason"].startswith("no purchase for 100 days")
    assert "day 3 after joining" in got["13900000009"]["reason"]
    assert got["13900000001"]["message"].startswith("王一您好，我是您的专属顾问陈静")
    rules = {r["rule"]: r for r in out["by_rule"]}
    assert rules["birthday"]["matched"] == 4  # 2, 6 (勿扰), 7 (departed guide), 8
    assert rules["birthday"]["do_not_disturb"] == 1
    assert rules["birthday"]["no_guide"] == 1
    assert rules["birthday"]["other_rule"] == 1  # 8 got welcome
    assert out["unassigned"] == 1
    stores = {s["store_code"]: s for s in out["by_store"]}
    assert stores["SH01"]["tasks"] == 6 and stores["SH01"]["guides_covered"] == 2
    assert stores["SH02"]["tasks"] == 1 and stores["SH02"]["guides_idle"] == 0
    assert stores["GZ01"]["unassigned"] == 1


def test_budget_fills_highest_priority_first_and_explain_says_why(chain):
    out = gen(chain, "--budget-minutes", "3")
    db = open_db(chain)
    got = tasks(db)
    db.close()
    # G1 has welcome x2 (3 min each, priority 90), birthday, care: only the first welcome fits
    g1 = [p for p, r in got.items() if r["rule"] in ("welcome", "birthday", "post_purchase")]
    assert g1 == ["13900000001"]
    rules = {r["rule"]: r for r in out["by_rule"]}
    assert rules["welcome"]["over_budget"] == 1
    r = ok(chain("tasks", "explain", "13900000008", "--json"))
    e = json.loads(r.stdout)
    assert e["member"]["phone"] == "139****0008"
    outcomes = {m["rule"]: m["outcome"] for m in e["rules"]}
    assert outcomes == {"welcome": "budget_full", "birthday": "lower_priority"}
    r = ok(chain("tasks", "explain", "13900000001", "--show-pii", "--json"))
    e = json.loads(r.stdout)
    assert e["member"]["phone"] == "13900000001"
    assert e["task"]["rule"] == "welcome" and e["rules"][0]["outcome"] == "task"
    e = json.loads(ok(chain("tasks", "explain", "13900000006", "--json")).stdout)
    assert [m["outcome"] for m in e["rules"]] == ["do_not_disturb"]
    e = json.loads(ok(chain("tasks", "explain", "13900000007", "--json")).stdout)
    assert [m["outcome"] for m in e["rules"]] == ["no_guide"]
    r = chain("tasks", "explain", "13900000099")
    assert r.exit_code == 1 and "no member" in r.output


def test_explain_before_generating_says_what_would_happen(chain):
    e = json.loads(ok(chain("tasks", "explain", "13900000002", "--json")).stdout)
    assert e["generated"] is False and "task" not in e and e["task_rule"] is None
    assert [m["outcome"] for m in e["rules"]] == ["not_generated"]
    assert e["rules"][0]["reason"].startswith("birthday on")


def test_regenerating_replaces_pending_keeps_done(chain):
    first = gen(chain)
    again = gen(chain)
    assert again["replaced"] == first["tasks"] and again["tasks"] == first["tasks"]
    db = open_db(chain)
    with db.transaction():
        db.execute(
            "UPDATE tasks SET status = 'done' WHERE member_id = (SELECT id FROM members"
            " WHERE phone = '13900000002')"
        )
    db.close()
    third = gen(chain)
    assert third["kept"] == 1 and third["replaced"] == first["tasks"] - 1
    assert third["tasks"] == first["tasks"] - 1
    db = open_db(chain)
    got = tasks(db)
    n = db.scalar("SELECT COUNT(*) FROM tasks WHERE due_on = :d", {"d": TODAY})
    runs = db.scalar("SELECT COUNT(*) FROM task_runs")
    db.close()
    assert n == len(EXPECTED) and got["13900000002"]["status"] == "done"
    assert runs == 3


def test_dry_run_writes_nothing(chain):
    out = gen(chain, "--dry-run")
    assert out["dry_run"] is True and out["tasks"] == len(EXPECTED) and out["run_id"] is None
    db = open_db(chain)
    assert db.scalar("SELECT COUNT(*) FROM tasks") == 0
    assert db.scalar("SELECT COUNT(*) FROM task_runs") == 0
    db.close()


def test_cooldown_keeps_a_rule_from_repeating(chain):
    gen(chain)
    out = gen(chain, "--date", day(1))
    rules = {r["rule"]: r for r in out["by_rule"]}
    assert rules["dormant"]["cooldown"] == 1 and rules["dormant"]["tasks"] == 0
    e = json.loads(ok(chain("tasks", "explain", "13900000004", "--date", day(1), "--json")).stdout)
    assert e["rules"][0]["outcome"] == "cooldown"


def test_holdout_is_reproducible_and_recorded(chain):
    out = gen(chain, "--holdout", "50")
    db = open_db(chain)
    held = db.query("SELECT rule, member_id FROM task_holdouts WHERE due_on = :d", {"d": TODAY})
    tasked = {r["member_id"] for r in tasks(db).values()}
    ids = {r["phone"]: r["id"] for r in db.query("SELECT id, phone FROM members")}
    db.close()
    assert out["held_out"] == len(held) > 0
    assert not {h["member_id"] for h in held} & tasked
    expected = {
        (rule, ids[p]) for p, rule in EXPECTED.items() if held_out(rule, TODAY, 50, [ids[p]])
    }
    assert {(h["rule"], h["member_id"]) for h in held} == expected
    again = gen(chain, "--holdout", "50")
    assert again["held_out"] == out["held_out"] and again["tasks"] == out["tasks"]


def test_store_limits_the_run_to_its_guides(chain):
    gen(chain)
    out = gen(chain, "--store", "SH02")
    assert out["tasks"] == 1 and out["replaced"] == 1
    assert [s["store_code"] for s in out["by_store"]] == ["SH02"]
    db = open_db(chain)
    assert len(tasks(db)) == len(EXPECTED)
    db.close()
    r = chain("tasks", "generate", "--store", "SH9")
    assert r.exit_code == 1 and "SH9" in r.output


RULES_WITH_COUPON = """
[settings]
budget_minutes = 60
[rules.vip]
type = "campaign"
filters = {{ guides = ["G1"] }}
start = {start}
end = {end}
coupon = "回馈券"
priority = 99
minutes = 2
message = "{{name}}，送您一张券：{{coupon}}"
"""


def test_campaign_hands_out_coupons_and_reuses_them(chain, tmp_path):
    ok(chain("coupons", "create", "回馈券", "--kind", "cash", "--value", "20", "--quantity",
             "100", "--valid-days", "30"))  # fmt: skip
    f = tmp_path / "rules.toml"
    f.write_text(RULES_WITH_COUPON.format(start=day(-1), end=day(5)), encoding="utf-8")
    out = gen(chain, "--rules", f)
    assert out["tasks"] == 4 and out["coupons_issued"] == 4  # G1's customers
    db = open_db(chain)
    first = {p: r["coupon_code"] for p, r in tasks(db).items()}
    assert all(first.values())
    assert tasks(db)["13900000002"]["message"] == f"王二，送您一张券：{first['13900000002']}"
    db.close()
    again = gen(chain, "--rules", f)
    assert again["coupons_issued"] == 0 and again["coupons_reused"] == 4
    db = open_db(chain)
    assert {p: r["coupon_code"] for p, r in tasks(db).items()} == first
    assert db.scalar("SELECT COUNT(*) FROM coupons") == 4
    db.close()
    # outside its dates a campaign matches nobody
    f.write_text(RULES_WITH_COUPON.format(start=day(1), end=day(5)), encoding="utf-8")
    assert gen(chain, "--rules", f)["tasks"] == 0


def test_coupon_expiring_reminds_of_the_code(chain, tmp_path):
    ok(chain("coupons", "create", "快到期", "--kind", "cash", "--value", "10", "--quantity",
             "10", "--valid-from", day(-10), "--valid-to", day(2)))  # fmt: skip
    ok(chain("coupons", "issue", "快到期", "--guide", "G3"))
    out = gen(chain)
    db = open_db(chain)
    got = tasks(db)
    db.close()
    assert got["13900000009"]["rule"] == "journey_new"  # priority 85 over 70
    assert {r["rule"]: r["matched"] for r in out["by_rule"]}["coupon_expiring"] == 2
    e = json.loads(ok(chain("tasks", "explain", "13900000009", "--json")).stdout)
    reasons = {m["rule"]: m["reason"] for m in e["rules"]}
    assert reasons["coupon_expiring"].endswith(f"expires on {day(2)[5:]}, in 2 days")


def test_feb29_birthday_in_a_year_without_one(db, tmp_path):
    from privcli.tasks.candidates import build

    with db.transaction():
        db.execute("INSERT INTO stores (code) VALUES ('S')")
        db.execute(
            "INSERT INTO guides (code, store_id, role, status) VALUES ('G', 1, 'guide', 'active')"
        )
        db.execute(
            "INSERT INTO members (phone, birthday, guide_id) VALUES ('13900000001', :b, 1)",
            {"b": date(2000, 2, 29)},
        )
    text = '[rules.b]\ntype = "birthday"\ndays_before = 3\nfeb29 = "{}"\nmessage = "x"\n'
    for rule, today, matches in [
        ("feb28", date(2027, 2, 25), True),  # 2027-02-28 stands for 02-29
        ("feb28", date(2027, 2, 26), False),
        ("mar1", date(2027, 2, 26), True),  # 2027-03-01 stands for it
        ("mar1", date(2027, 2, 25), False),
        ("feb28", date(2028, 2, 26), True),  # a leap year: the day itself
        ("feb28", date(2028, 2, 25), False),
    ]:
        rules = parse(text.format(rule), "r.toml")
        with db.transaction(rollback=True):
            build(db, rules, today)
            n = db.scalar("SELECT COUNT(*) FROM task_cand")
        assert bool(n) is matches, (rule, today)


def test_generate_logic_function_counts(db):
    g = generate(db, load(None), day=TODAY)
    assert g.tasks == 0 and g.run_id is not None
    assert [c.rule.name for c in g.by_rule][:2] == ["welcome", "birthday"]


JOURNEYS = """
[settings]
budget_minutes = 100
[rules.after_join]
type = "journey"
anchor = "acquired"
leave_on_purchase = {leave}
[[rules.after_join.steps]]
day = 400
message = "{{name}}，一周年快乐"
minutes = 1
[rules.after_first]
type = "journey"
anchor = "first_purchase"
priority = 90
[[rules.after_first.steps]]
day = 3
message = "{{name}}，用得怎么样？"
coupon = "{coupon}"
"""


def test_journeys_count_from_their_anchor_and_members_leave_when_they_buy(chain, tmp_path):
    ok(chain("coupons", "create", "首单礼", "--kind", "gift", "--value", "5", "--quantity",
             "10", "--valid-days", "7"))  # fmt: skip
    f = tmp_path / "j.toml"
    f.write_text(JOURNEYS.format(leave="true", coupon="首单礼"), encoding="utf-8")
    out = gen(chain, "--rules", f)
    by = {r["rule"]: r for r in out["by_rule"]}
    # registered 400 days ago: 2..7; 3, 4, 5 bought since, so they left
    assert by["after_join"]["matched"] == 3 and by["after_join"]["minutes"] == 1
    assert by["after_first"]["matched"] == 1 and out["coupons_issued"] == 1
    db = open_db(chain)
    got = tasks(db)
    db.close()
    assert got["13900000003"]["rule"] == "after_first" and got["13900000003"]["coupon_code"]
    assert got["13900000003"]["reason"].startswith("after_first, day 3 after the first purchase")
    f.write_text(JOURNEYS.format(leave="false", coupon="首单礼"), encoding="utf-8")
    out = gen(chain, "--rules", f)
    assert {r["rule"]: r["matched"] for r in out["by_rule"]}["after_join"] == 6
    assert out["coupons_reused"] == 1 and out["coupons_issued"] == 0


def test_repurchase_uses_the_default_interval_without_enough_orders(chain, tmp_path):
    f = tmp_path / "r.toml"
    f.write_text(
        '[settings]\nrepurchase_default_days = 100\n[rules.r]\ntype = "repurchase"\n'
        'message = "m"\n',
        encoding="utf-8",
    )
    gen(chain, "--rules", f)
    db = open_db(chain)
    got = tasks(db)
    db.close()
    # member 4: one order 100 days ago, the default 100 days; member 5 is at their own 10
    assert got["13900000004"]["reason"] == (
        "last purchase 100 days ago; repurchase interval 100 days (default)"
    )
    assert set(got) == {"13900000004", "13900000005"}


def test_reasons_follow_the_language_of_the_run(chain, monkeypatch):
    monkeypatch.setenv("PRIVCLI_LANG", "zh")
    gen(chain)
    db = open_db(chain)
    got = tasks(db)
    db.close()
    assert got["13900000002"]["reason"] == f"{day(3)[5:]} 生日，还有 3 天"
