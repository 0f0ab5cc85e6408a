"""`privcli tasks push`: each guide's day of tasks to their WeCom, through the fake WeCom server
(tests/fake_wecom.py), on SQLite and PostgreSQL. Tasks rows are inserted per the contract of
privcli/tasks/schema.py (step 002), as `tasks generate` writes them."""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import date

from conftest import APP_SECRET, write_csv
from fake_wecom import ROUTES, FakeWecom, User

from privcli.base.db import open_db
from privcli.wecom.messaging import TEXT_BYTES

DAY = date(2026, 12, 3)
SEND = "message/send"


def members(chain, tmp_path, rows: list[tuple[str, str, str, str]]) -> None:
    lines = "".join(",".join(r) + "\n" for r in rows)
    r = chain(
        "import",
        "members",
        write_csv(tmp_path / "m.csv", "手机号,姓名,门店编码,导购工号\n" + lines),
    )
    assert r.exit_code == 0, r.output


def add_tasks(url: str, rows: list[dict]) -> None:
    """Tasks as `tasks generate` writes them: one per (due_on, member), the member's guide and
    that guide's store, a reason and a suggested message with the name filled in."""
    db = open_db(url)
    ids = dict(db.execute("SELECT phone, id FROM members").fetchall())
    guides = {
        code: (gid, sid) for code, gid, sid in db.execute("SELECT code, id, store_id FROM guides")
    }
    with db.transaction():
        for r in rows:
            gid, sid = guides[r["guide"]]
            db.execute(
                "INSERT INTO tasks (guide_id, member_id, rule, due_on, status, minutes, priority,"
                " reason, message, coupon_code, store_id, created_at) VALUES (:g, :m, :rule,"
                " :due, :status, :minutes, :priority, :reason, :message, :coupon, :s, :now)",
                {"g": gid, "m": ids[r["phone"]], "rule": r.get("rule", "birthday"),
                 "due": r.get("due", DAY.isoformat()), "status": r.get("status", "pending"),
                 "minutes": r.get("minutes", 2), "priority": r.get("priority", 50),
                 "reason": r.get("reason", "生日在 12 月 5 日，近 90 天未到店"),
                 "message": r.get("message"), "coupon": r.get("coupon"), "s": sid,
                 "now": "2026-12-03 06:00:00"},
            )  # fmt: skip
    db.close()


def world(chain, tmp_path, per_guide: dict[str, int]) -> dict[str, list[str]]:
    """Members and today's tasks: per_guide[code] customers of that guide, each tasked; returns
    each guide's phones."""
    store = {"G1": "SH01", "G2": "SH01", "G3": "SH02", "G4": "GZ01"}
    rows, phones = [], {}
    k = 0
    for code, n in per_guide.items():
        phones[code] = []
        for _ in range(n):
            phone = f"139{k:08d}"
            rows.append((phone, f"王小{k}", store[code], code))
            phones[code].append(phone)
            k += 1
    members(chain, tmp_path, rows)
    add_tasks(
        chain.url,
        [
            {"guide": code, "phone": p, "priority": 100 - i,
             "message": f"王小{int(p[3:])}您好，您的生日礼券已到账，本周到店可用", "coupon": f"CP{p[-4:]}"}
            for code, ps in phones.items() for i, p in enumerate(ps)
        ],
    )  # fmt: skip
    return phones


def guides_on(fake: FakeWecom, *codes: str, **users: User) -> None:
    fake.users = {c: User(c) for c in codes} | users


def sent_to(fake: FakeWecom) -> Counter:
    return Counter(b["touser"] for b in fake.sent)


def texts(fake: FakeWecom, userid: str) -> list[str]:
    return [
        b["text"]["content"] for b in fake.sent if b["touser"] == userid and b["msgtype"] == "text"
    ]


def pushes(url: str) -> dict[str, tuple]:
    db = open_db(url)
    rows = db.execute(
        "SELECT g.code, p.status, p.tasks, p.errcode, p.detail FROM task_pushes p"
        " JOIN guides g ON g.id = p.guide_id ORDER BY g.code"
    ).fetchall()
    db.close()
    return {code: tuple(rest) for code, *rest in rows}


def run(chain, *args):
    r = chain("tasks", "push", "--date", DAY.isoformat(), "--json", *args)
    return r, (json.loads(r.stdout) if r.stdout.strip() else None)


def test_each_guide_gets_their_day_once_with_customers_masked(wecom, chain, tmp_path):
    fake = wecom.fake
    guides_on(fake, "G1", "G2", "G3")
    phones = world(chain, tmp_path, {"G1": 3, "G3": 2, "G4": 1})  # G4 has left
    r, out = run(chain)
    assert r.exit_code == 0, r.output
    assert out["sent"] == 2 and out["guides"] == 2 and out["tasks"] == 5
    assert out["messages"] == 4 and out["calls"] >= 4  # a summary + one list message each
    assert sent_to(fake) == {"G1": 2, "G3": 2}
    first = fake.sent[0]
    assert first["agentid"] == 1000002 and first["enable_duplicate_check"] == 1
    g1 = "\n".join(texts(fake, "G1"))
    assert "今日任务：3 项，约 6 分钟" in g1 and "任务清单 2026-12-03 · 陈静" in g1
    # the guide sees who and why, masked as privcli masks everywhere: 王**, 139****0000
    assert "王**" in g1 and "139****0000" in g1 and "券码：CP0000" in g1
    assert "王小0" not in g1 and phones["G1"][0] not in g1
    assert "话术：王**您好，您的生日礼券已到账" in g1
    # highest priority first
    assert g1.index("139****0000") < g1.index("139****0001") < g1.index("139****0002")
    assert "1 pending tasks belong to departed guides" in r.stderr
    assert pushes(chain.url) == {"G1": ("sent", 3, None, None), "G3": ("sent", 2, None, None)}
    # never twice for the same guide and date
    r, out = run(chain)
    assert r.exit_code == 0 and out["sent"] == 0 and out["already_sent"] == 2
    assert len(fake.sent) == 4


def test_the_logic_pushes_done_and_other_days_tasks_not(wecom, chain, tmp_path, db):
    from privcli.tasks.push import Style, push, summary
    from privcli.wecom.client import open_client

    guides_on(wecom.fake, "G1", "G2", "G3")
    phones = world(chain, tmp_path, {"G1": 2, "G2": 1})
    more = [("13700000001", "李四", "SH01", "G2"), ("13700000002", "赵五", "SH01", "G2")]
    members(chain, tmp_path, more)
    add_tasks(chain.url, [
        {"guide": "G2", "phone": "13700000001", "status": "done"},
        {"guide": "G2", "phone": "13700000002", "due": "2026-12-04"},
    ])  # fmt: skip
    with open_client() as client:
        result = push(db, client, DAY, style=Style(show_pii=True, lang="en"))
    assert {g.code: [t.phone for t in g.tasks] for g in result.guides} == {
        "G1": phones["G1"],
        "G2": phones["G2"],
    }
    assert [g.status for g in result.guides] == ["sent", "sent"]
    g2 = texts(wecom.fake, "G2")
    assert "Tasks for 2026-12-03: 1, about 2 min" in g2[0] and phones["G2"][0] in g2[1]
    doc = summary(result)
    assert doc.meta["sent"] == 2 and not doc.partial


def test_a_link_makes_the_summary_a_textcard(wecom, chain, tmp_path, monkeypatch):
    fake = wecom.fake
    guides_on(fake, "G1")
    world(chain, tmp_path, {"G1": 12})
    monkeypatch.setenv("PRIVCLI_TASKS_PUSH_URL", "https://h5.example.com/tasks")
    r, out = run(chain)
    assert r.exit_code == 0, r.output
    card = fake.sent[0]
    assert (
        card["msgtype"] == "textcard" and card["textcard"]["url"] == "https://h5.example.com/tasks"
    )
    assert card["textcard"]["title"] == "2026-12-03 今日任务：12 项，约 24 分钟"
    description = card["textcard"]["description"]
    assert len(description.encode()) <= 512 and description.startswith("优先处理：\n1. 王**")
    assert "另有 7 项" in description  # five named, the rest in the list


def test_a_long_list_is_split_within_the_byte_limit_and_the_dry_run_said_so(wecom, chain, tmp_path):
    fake = wecom.fake
    guides_on(fake, "G1")
    world(chain, tmp_path, {"G1": 40})
    r, dry = run(chain, "--dry-run")
    assert r.exit_code == 0, r.output
    assert fake.sent == [] and fake.calls == Counter() and pushes(chain.url) == {}
    row = dry["recipients"][0]
    assert row["status"] == "would_send" and row["tasks"] == 40 and row["messages"] > 3
    r, out = run(chain)
    assert r.exit_code == 0, r.output
    parts = texts(fake, "G1")[1:]
    assert len(parts) + 1 == row["messages"] == out["messages"]
    assert all(len(p.encode()) <= TEXT_BYTES for p in parts)
    assert all(p.startswith("任务清单 2026-12-03 · 陈静\n") for p in parts)
    assert (
        sum(len(b["text"]["content"].encode()) for b in fake.sent) == row["bytes"] == out["bytes"]
    )
    # every task once, in order, never cut between two messages
    numbered = [line for p in parts for line in p.split("\n") if line[:1].isdigit()]
    assert [int(line.split(".")[0]) for line in numbered] == list(range(1, 41))


def test_a_guide_never_gets_more_messages_than_wecom_delivers_in_a_minute(wecom, chain, tmp_path):
    from privcli.tasks.push import MESSAGES_PER_GUIDE

    fake = wecom.fake
    guides_on(fake, "G1")
    world(chain, tmp_path, {"G1": 300})
    r, out = run(chain)
    assert r.exit_code == 0, r.output
    parts = texts(fake, "G1")
    assert len(parts) == MESSAGES_PER_GUIDE < 30  # WeCom drops what is over 30 a minute
    shown = out["recipients"][0]["tasks"] - out["recipients"][0]["left_out"]
    assert parts[-1].startswith(f"……另有 {300 - shown} 项任务未列出")
    numbered = [line for p in parts[1:-1] for line in p.split("\n") if line[:1].isdigit()]
    assert len(numbered) == shown > 100
    assert f"G1: 300 tasks are more than {MESSAGES_PER_GUIDE} messages hold" in r.stderr


def test_resend_sends_again_without_wecoms_duplicate_check(wecom, chain, tmp_path):
    fake = wecom.fake
    guides_on(fake, "G1", "G3")
    world(chain, tmp_path, {"G1": 1, "G3": 1})
    assert run(chain)[0].exit_code == 0
    r, out = run(chain, "--resend", "--guide", "G1")
    assert r.exit_code == 0 and out["sent"] == 1 and out["guides"] == 1
    assert sent_to(fake) == {"G1": 4, "G3": 2}
    assert [b["enable_duplicate_check"] for b in fake.sent if b["touser"] == "G1"] == [1, 1, 0, 0]


def test_invalid_and_unlicensed_guides_are_listed_and_tried_again(wecom, chain, tmp_path):
    fake = wecom.fake
    guides_on(fake, "G1", G2=User("G2", licensed=False))  # G3 unknown to WeCom
    world(chain, tmp_path, {"G1": 1, "G2": 1, "G3": 1})
    r, out = run(chain)
    assert r.exit_code == 3
    assert (out["sent"], out["invalid"]) == (1, 2)
    assert "G3: WeCom does not know the userid G3" in r.stderr
    assert "G2: G2 has no WeCom licence" in r.stderr
    assert pushes(chain.url) == {
        "G1": ("sent", 1, None, None),
        "G2": ("invalid", 1, None, "unlicenseduser"),
        "G3": ("invalid", 1, 81013, "invaliduser"),
    }
    assert sent_to(fake) == {"G1": 2}  # nothing more after the first refusal
    fake.users["G3"] = User("G3")
    r, out = run(chain)
    assert (out["sent"], out["already_sent"], out["invalid"]) == (1, 1, 1)
    assert sent_to(fake) == {"G1": 2, "G3": 2}


def test_a_guide_without_a_userid_of_their_own_is_not_linked(wecom, chain, tmp_path):
    fake = wecom.fake
    guides_on(fake, "G1", "G3")
    world(chain, tmp_path, {"G1": 1, "G3": 1})
    db = open_db(chain.url)
    with db.transaction():  # G2's 企微账号 is "G3": guide G3's id reaches G2, not G3
        db.execute("UPDATE guides SET wecom_userid = 'G3' WHERE code = 'G2'")
    db.close()
    r, out = run(chain)
    assert r.exit_code == 3
    assert out["not_linked"] == 1 and out["sent"] == 1
    assert "G3: not linked to WeCom: the userid G3 belongs to guide G2" in r.stderr
    assert sent_to(fake) == {"G1": 2} and "G3" not in pushes(chain.url)


def test_one_guide_failing_does_not_stop_the_others(wecom, chain, tmp_path, monkeypatch):
    fake = wecom.fake
    guides_on(fake, "G1", "G2", "G3")
    world(chain, tmp_path, {"G1": 1, "G2": 1, "G3": 1})

    def no_privilege_over_g2(self, app, query, body):
        if body.get("touser") == "G2":
            return self.error(60011, "no privilege to access/modify contact/party/agent")
        return FakeWecom.message_send(self, app, query, body)

    monkeypatch.setitem(ROUTES, SEND, no_privilege_over_g2)
    r, out = run(chain)
    assert r.exit_code == 3
    assert (out["sent"], out["failed"]) == (2, 1)
    assert sent_to(fake) == {"G1": 2, "G3": 2}
    assert pushes(chain.url)["G2"] == ("failed", 1, 60011, "0/2")
    assert "G2: sending to G2 failed after 0/2 messages" in r.stderr and "60011" in r.stderr
    monkeypatch.setitem(ROUTES, SEND, FakeWecom.message_send)
    r, out = run(chain)
    assert r.exit_code == 0 and out["sent"] == 1 and sent_to(fake)["G2"] == 2


def test_a_push_stopped_midway_resumes_without_sending_a_list_twice(wecom, chain, tmp_path):
    fake = wecom.fake
    guides_on(fake, "G1", "G2", "G3")
    world(chain, tmp_path, {"G1": 1, "G2": 1, "G3": 1})
    fake.throttle(SEND, after=3)  # G1's two messages, G2's summary, then 45009 for good
    r, out = run(chain)
    assert r.exit_code == 3
    assert (out["sent"], out["failed"], out["waiting"]) == (1, 1, 1)
    assert "run the same command again to resume" in r.stderr
    assert "45009" in r.stderr  # throttled past the client's retries
    assert pushes(chain.url) == {"G1": ("sent", 1, None, None), "G2": ("failed", 1, 45009, "1/2")}
    fake.throttles.clear()
    r, out = run(chain)
    assert r.exit_code == 0, r.output
    assert (out["sent"], out["already_sent"]) == (2, 1)
    assert sent_to(fake) == {"G1": 2, "G2": 3, "G3": 2}
    # G2's summary went out before the stop: the retry asks WeCom's duplicate check to drop it
    assert all(b["enable_duplicate_check"] == 1 for b in fake.sent)
    assert {code: p[0] for code, p in pushes(chain.url).items()} == dict.fromkeys(
        ("G1", "G2", "G3"), "sent"
    )


def test_filters_and_bad_input(wecom, chain, tmp_path):
    fake = wecom.fake
    guides_on(fake, "G1", "G2", "G3")
    world(chain, tmp_path, {"G1": 1, "G2": 1, "G3": 1})
    r, out = run(chain, "--store", "SH02")
    assert r.exit_code == 0 and out["sent"] == 1 and sent_to(fake) == {"G3": 2}
    r = chain("tasks", "push", "--store", "XX99")
    assert r.exit_code == 1 and "XX99" in r.output
    r = chain("tasks", "push", "--guide", "G9")
    assert r.exit_code == 1 and "unknown guide id" in r.output
    r = chain("tasks", "push", "--date", "2026-13-40")
    assert r.exit_code == 2 and "--date" in r.output
    r, out = run(chain, "--date", "2026-12-09")
    assert r.exit_code == 0 and out["guides"] == 0 and "no pending tasks" in r.stderr
    assert len(fake.sent) == 2


def test_offline_it_says_what_to_configure_and_the_dry_run_still_works(chain, tmp_path):
    world(chain, tmp_path, {"G1": 2})
    r = chain("tasks", "push", "--date", DAY.isoformat())
    assert r.exit_code == 2 and "PRIVCLI_WECOM_CORP_ID" in r.output
    r = chain("tasks", "push", "--date", DAY.isoformat(), "--dry-run")
    assert r.exit_code == 0, r.output
    assert "would send" in r.stdout and "dry run, nothing sent" in r.stderr
    assert pushes(chain.url) == {}


def test_full_names_and_phones_only_when_the_chain_opts_in(wecom, chain, tmp_path, monkeypatch):
    fake = wecom.fake
    guides_on(fake, "G1")
    phones = world(chain, tmp_path, {"G1": 1})
    monkeypatch.setenv("PRIVCLI_TASKS_PUSH_PII", "1")
    assert run(chain)[0].exit_code == 0
    g1 = "\n".join(texts(fake, "G1"))
    assert "王小0 " + phones["G1"][0] in g1 and "话术：王小0您好" in g1


def test_secrets_never_reach_the_output(wecom, chain, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    fake = wecom.fake
    guides_on(fake, "G1")
    world(chain, tmp_path, {"G1": 1, "G3": 1})
    fake.fail_network(1)
    outputs = [chain("tasks", "push", "--date", DAY.isoformat()), run(chain, "--resend")[0]]
    fake.expire_tokens()
    outputs.append(run(chain, "--resend")[0])
    monkeypatch.setenv("PRIVCLI_WECOM_APP_SECRET", APP_SECRET + "x")  # 40001: stops at once
    fake.throttles.clear()
    bad = run(chain, "--resend")[0]
    assert bad.exit_code == 1 and "40001" in bad.output
    text = "\n".join(r.output + repr(r.exception) for r in [*outputs, bad]) + caplog.text
    for secret in (APP_SECRET, *fake.tokens):
        assert secret not in text
