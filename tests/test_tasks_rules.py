"""The task rules file: the default one ships with privcli and `tasks rules` prints it ready to
copy; a file with a mistake is refused naming the file, the line and the key, and nothing is
generated."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import write_csv

from privcli.base.errors import UsageError
from privcli.tasks.rules import TYPES, default_text, load, parse


def ok(r, code: int = 0):
    assert r.exit_code == code, r.output
    return r


def test_default_rules_cover_every_built_in_type_but_campaign():
    rules = parse(default_text(), "default")
    assert {r.type for r in rules.rules} == set(TYPES) - {"campaign"}
    s = rules.settings
    assert (s.budget_minutes, s.holdout_pct, s.do_not_disturb) == (30, 0, ("勿扰",))
    assert (s.repurchase_default_days, s.conversion_days) == (30, 7)
    journey = next(r for r in rules.rules if r.type == "journey")
    assert [st.day for st in journey.steps] == [3, 7]
    assert all(r.message or r.steps for r in rules.rules)


def test_tasks_rules_prints_the_file_which_loads_as_it_is(cli, tmp_path):
    r = ok(cli("tasks", "rules"))
    assert r.stdout == default_text() and "# privcli daily task rules" in r.stdout
    f = tmp_path / "mine.toml"
    f.write_text(r.stdout, encoding="utf-8")
    assert [x.name for x in load(f).rules] == [x.name for x in load(None).rules]


def test_default_rules_file_is_package_data():
    from importlib.resources import files

    assert files("privcli.tasks").joinpath("default_rules.toml").is_file()


BASE = '[rules.b]\ntype = "birthday"\nmessage = "hi {name}"\n'


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        ('[rules.x]\ntype = "birthdya"\nmessage = "m"\n', 2, "rules.x.type", "unknown rule type"),
        (BASE + "days_befor = 3\n", 4, "rules.b.days_befor", "unknown key"),
        (BASE + 'days_before = "3"\n', 4, "rules.b.days_before", "expected integer"),
        (BASE + "days_before = -1\n", 4, "rules.b.days_before", "negative"),
        (BASE + "priority = 1.5\n", 4, "rules.b.priority", "expected integer"),
        (BASE + 'feb29 = "mar2"\n', 4, "rules.b.feb29", "expected one of"),
        ('[settings]\nbudget_minutes = -5\n' + BASE, 2, "settings.budget_minutes", "negative"),
        ('[settings]\nbudgett = 5\n' + BASE, 2, "settings.budgett", "unknown key"),
        ('[rules.b]\ntype = "birthday"\n', 1, "rules.b", "missing key message"),
        ('[rules.b]\ntype = "birthday"\nmessage = "hi {nmae}"\n', 3, "rules.b.message",
         "unknown placeholder {nmae}"),
        ('[rules.d]\ntype = "dormant"\nmin_days = 200\nmax_days = 100\nmessage = "m"\n', 4,
         "rules.d.max_days", "min_days is after max_days"),
        ('[rules.j]\ntype = "journey"\n\n[[rules.j.steps]]\nday = 1\nmessage = "a"\n\n'
         '[[rules.j.steps]]\nday = 3\nmesage = "b"\n', 10, "rules.j.steps.1.mesage",
         "unknown key"),
        ('[rules."c 双12"]\ntype = "campaign"\nsegment = "x"\nstart = 2026-12-01\n'
         'end = 2026-11-01\nmessage = "m"\n', 5, "rules.c 双12.end", "start is after end"),
        ('[rules.c]\ntype = "campaign"\nfilters = { tagz = ["VIP"] }\nstart = 2026-12-01\n'
         'end = 2026-12-12\nmessage = "m"\n', 3, "rules.c.filters.tagz", "unknown key"),
        ('[rules.e]\ntype = "coupon_expiring"\ncoupon = "x"\nmessage = "m"\n', 3,
         "rules.e.coupon", "hands out none"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_with_line_and_key(text, line, key, words):
    with pytest.raises(UsageError) as e:
        parse(text, "rules.toml")
    msg = e.value.message
    assert msg.startswith(f"rules.toml, line {line}, {key}: "), msg
    assert words in msg and "nothing was generated" in msg


def test_not_toml_is_refused_with_its_position():
    with pytest.raises(UsageError) as e:
        parse("[rules.b\ntype = 1\n", "r.toml")
    assert "r.toml is not valid TOML" in e.value.message and "line 1" in e.value.message


def test_a_disabled_rule_is_checked_but_not_used():
    rules = parse(BASE + 'enabled = false\n[rules.c]\ntype = "welcome"\nmessage = "m"\n', "r")
    assert [r.name for r in rules.rules] == ["c"]
    with pytest.raises(UsageError):
        parse(BASE + "enabled = false\nbad = 1\n", "r")


def test_campaign_dates_and_defaults():
    rules = parse(
        '[rules.c]\ntype = "campaign"\nsegment = "s"\nstart = 2026-12-01\nend = 2026-12-12\n'
        'message = "m"\n',
        "r",
    )
    c = rules.rules[0]
    assert c.params["start"] == date(2026, 12, 1) and c.cooldown_days == 12
    assert c.priority == 95


STORES = "门店编码,门店名称\nSH01,南京西路店\n"
GUIDES = "工号,姓名,门店编码,在职状态\nG1,陈静,SH01,在职\n"
MEMBERS = "手机号,姓名,专属导购,标签\n13900000001,王一,G1,VIP\n"


def test_unknown_segment_batch_or_filter_value_is_refused_and_nothing_generated(cli, tmp_path):
    ok(cli("import", "stores", write_csv(tmp_path / "s.csv", STORES)))
    ok(cli("import", "guides", write_csv(tmp_path / "g.csv", GUIDES)))
    ok(cli("import", "members", write_csv(tmp_path / "m.csv", MEMBERS)))
    f = tmp_path / "r.toml"
    cases = [
        ('[rules.c]\ntype = "campaign"\nsegment = "沉睡"\nstart = 2026-01-01\n'
         'end = 2030-01-01\nmessage = "m"\n', "line 3, rules.c.segment", "no segment named"),
        ('[rules.w]\ntype = "welcome"\nmessage = "m"\ncoupon = "无此券"\n',
         "line 4, rules.w.coupon", "no coupon batch named '无此券'"),
        ('[rules.c]\ntype = "campaign"\nfilters = { stores = ["SH1"] }\nstart = 2026-01-01\n'
         'end = 2030-01-01\nmessage = "m"\n', "line 3, rules.c.filters", "did you mean SH01"),
    ]  # fmt: skip
    for text, where, words in cases:
        f.write_text(text, encoding="utf-8")
        r = ok(cli("tasks", "generate", "--rules", f), 2)
        assert f"{f}, {where}: " in r.output and words in r.output, r.output
        r = ok(cli("tasks", "explain", "13900000001", "--rules", f), 2)
        assert f"{f}, {where}: " in r.output
    f.write_text("[rules.x]\ntype = 'x'\n", encoding="utf-8")
    r = ok(cli("tasks", "explain", "13900000001", "--rules", f), 2)
    assert "unknown rule type" in r.output
    r = ok(cli("tasks", "generate", "--rules", tmp_path / "missing.toml"), 1)
    assert "rules file not found" in r.output
    ok(cli("segments", "save", "沉睡", "--tag", "VIP"))
    f.write_text(cases[0][0], encoding="utf-8")
    out = json.loads(ok(cli("tasks", "generate", "--rules", f, "--json")).stdout)
    assert out["tasks"] == 1
