"""`privcli wecom sync`, `wecom unlinked` and `wecom stats` against the fake WeCom server."""

from __future__ import annotations

import csv
import json
from datetime import timedelta

from conftest import write_csv
from fake_wecom import Book, User, contact

from privcli.base import config

MEMBERS_CSV = (
    "手机号,姓名,门店编码,导购工号\n"
    "13800000001,王芳,SH01,G1\n13800000002,李雷,SH01,G2\n13800000003,张伟,SH02,G3\n"
)
TAGS = [
    {"group_id": "grp1", "group_name": "客户等级", "create_time": 1, "order": 1,
     "tag": [{"id": "tagVIP", "name": "企微VIP", "create_time": 1, "order": 1},
             {"id": "tagNew", "name": "新客", "create_time": 1, "order": 2}]},
]  # fmt: skip


def setup(wecom, chain, tmp_path):
    r = chain("import", "members", write_csv(tmp_path / "m.csv", MEMBERS_CSV))
    assert r.exit_code == 0, r.output
    fake = wecom.fake
    fake.users = {u: User(u) for u in ("G1", "G2", "G3", "boss")}
    fake.tags = TAGS
    fake.book = Book(
        {
            # wmA is followed by G1 and G2: one customer, two relations
            "G1": [contact("wmA", "G1", mobiles=["13800000001"], tags=["tagVIP"], createtime=1_700_000_000),
                   contact("wmB", "G1", mobiles=["138-0000-9999"], name="路人")],
            "G2": [contact("wmA", "G2", mobiles=[], tags=["tagNew"], add_way=3),
                   contact("wmC", "G2", mobiles=["+86 138 0000 0002"])],
            "boss": [contact("wmD", "boss", mobiles=["13800000003"])],
        }
    )  # fmt: skip
    return fake


def rows(db, sql, params=None):
    return [tuple(r) for r in db.execute(sql, params).fetchall()]


def test_sync_links_contacts_to_members_and_keeps_every_follow_relation(wecom, chain, tmp_path):
    from privcli.base.db import open_db

    fake = setup(wecom, chain, tmp_path)
    r = chain("wecom", "sync", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out == {"guides": 3, "follow_users": 4, "contacts": 4, "relations": 5, "linked": 3,
                   "new_links": 3, "unlinked": 1, "tags": 2, "calls": out["calls"]}  # fmt: skip
    assert "privcli wecom unlinked" in r.stderr
    # get_follow_user_list, the tag list, and one batch/get_by_user page (4 users, limit 100)
    assert fake.calls["externalcontact/batch/get_by_user"] == 1
    db = open_db(chain.url)
    try:
        assert rows(db, "SELECT phone, external_userid FROM members ORDER BY phone") == [
            ("13800000001", "wmA"), ("13800000002", "wmC"), ("13800000003", "wmD")]  # fmt: skip
        assert rows(
            db,
            "SELECT f.external_userid, f.userid, g.code, f.add_way FROM wecom_follows f"
            " LEFT JOIN guides g ON g.id = f.guide_id ORDER BY 1, 2",
        ) == [("wmA", "G1", "G1", 1), ("wmA", "G2", "G2", 3), ("wmB", "G1", "G1", 1),
              ("wmC", "G2", "G2", 1), ("wmD", "boss", None, 1)]  # fmt: skip
        # the WeCom tags of both relations, as the member's tags
        assert rows(
            db,
            "SELECT t.tag, t.source FROM member_tags t JOIN members m ON m.id = t.member_id"
            " WHERE m.phone = '13800000001' ORDER BY 1",
        ) == [("企微VIP", "wecom"), ("新客", "wecom")]
    finally:
        db.close()
    again = chain("wecom", "sync", "--json")
    assert json.loads(again.stdout)["new_links"] == 0
    assert json.loads(again.stdout)["linked"] == 3
    db = open_db(chain.url)
    try:
        assert db.scalar("SELECT COUNT(*) FROM wecom_follows") == 5
        assert db.scalar("SELECT COUNT(*) FROM wecom_contacts") == 4
        assert db.scalar("SELECT COUNT(*) FROM member_tags WHERE source = 'wecom'") == 2
    finally:
        db.close()
    # the members' WeCom tags select members like any tag
    r = chain("members", "list", "--tag", "企微VIP", "-f", "json")
    assert [m["phone"] for m in json.loads(r.stdout)] == ["138****0001"]


def test_a_resync_updates_relations_that_changed(wecom, chain, tmp_path):
    from privcli.base.db import open_db

    fake = setup(wecom, chain, tmp_path)
    assert chain("wecom", "sync").exit_code == 0
    # the customer deleted G2; wmB's remark now has a member's phone
    fake.book = Book(
        {
            "G1": [contact("wmA", "G1", mobiles=["13800000001"]),
                   contact("wmB", "G1", mobiles=["13800000003"])],
            "G2": [contact("wmC", "G2", mobiles=["13800000002"])],
        }
    )  # fmt: skip
    r = chain("wecom", "sync", "--guide", "G1,G2", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert (out["guides"], out["contacts"], out["relations"]) == (2, 3, 3)
    db = open_db(chain.url)
    try:
        # boss's relation (not synced this time) stays; G2's relation to wmA is gone
        assert rows(db, "SELECT external_userid, userid FROM wecom_follows ORDER BY 1, 2") == [
            ("wmA", "G1"), ("wmB", "G1"), ("wmC", "G2"), ("wmD", "boss")]  # fmt: skip
        # 13800000003 now links to wmB (followed by its owner's... earliest relation), once
        linked = rows(db, "SELECT external_userid FROM members WHERE phone = '13800000003'")
        assert linked in ([("wmB",)], [("wmD",)])
        assert (
            db.scalar(
                "SELECT COUNT(*) FROM wecom_contacts WHERE member_id = (SELECT id FROM members"
                " WHERE phone = '13800000003')"
            )
            == 1
        )
    finally:
        db.close()


def test_the_wecom_userid_comes_from_the_guides_import_else_the_guide_code(wecom, chain, tmp_path):
    r = chain(
        "import", "guides",
        write_csv(tmp_path / "g.csv", "工号,姓名,门店编码,企微账号\nG1,陈静,SH01,chenjing\n"),
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    chain("import", "members", write_csv(tmp_path / "m.csv", MEMBERS_CSV))
    wecom.fake.users = {u: User(u) for u in ("chenjing", "G2")}
    wecom.fake.book = Book({"chenjing": [contact("wmA", "chenjing", mobiles=["13800000001"])]})
    r = chain("wecom", "sync", "--guide", "G1", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["linked"] == 1
    r = chain("wecom", "sync", "--guide", "G3", "--json")
    assert json.loads(r.stdout)["guides"] == 0
    assert "G3 is not a follow user" in r.stderr


def test_unlinked_exports_the_contacts_that_match_no_member(wecom, chain, tmp_path):
    setup(wecom, chain, tmp_path)
    chain("wecom", "sync")
    out = tmp_path / "unlinked.csv"
    r = chain("wecom", "unlinked", out)
    assert r.exit_code == 0, r.output
    got = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert got[0][:6] == [
        "external_userid",
        "name",
        "guide_id",
        "userid",
        "remark",
        "remark_mobiles",
    ]
    assert [(g[0], g[1], g[2], g[5]) for g in got[1:]] == [("wmB", "路*", "G1", "138****9999")]
    chain("wecom", "unlinked", out, "--show-pii")
    assert "138-0000-9999" in out.read_text(encoding="utf-8-sig")


def test_stats_are_stored_per_guide_and_day_one_guide_per_call(wecom, chain, tmp_path):
    from privcli.base.db import open_db

    fake = setup(wecom, chain, tmp_path)

    def behavior(userid, day):
        n = int(userid[1]) if userid[1:].isdigit() else 9
        row = {"new_contact_cnt": n, "chat_cnt": n % 2 * 3, "message_cnt": 5,
               "negative_feedback_cnt": 1, "new_apply_cnt": 2}  # fmt: skip
        if row["chat_cnt"]:
            row |= {"reply_percentage": 66.67, "avg_reply_time": 4}
        return row

    fake.behavior = behavior
    r = chain("wecom", "stats", "--period", "7d", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    today = config.today()
    assert (out["first_day"], out["last_day"]) == (
        str(today - timedelta(days=7)), str(today - timedelta(days=1)))  # fmt: skip
    assert (out["guides"], out["rows"]) == (3, 21)
    assert "1 follow users are no guide" in r.stderr
    sent = [b for api, b in fake.log if api.endswith("get_user_behavior_data")]
    assert len(sent) == 3 and all(len(b["userid"]) == 1 for b in sent)  # one guide per call
    db = open_db(chain.url)
    try:
        got = rows(
            db,
            "SELECT g.code, COUNT(*), SUM(s.new_contacts), SUM(s.chats), MAX(s.reply_rate),"
            " SUM(s.deletions) FROM wecom_stats s JOIN guides g ON g.id = s.guide_id"
            " GROUP BY g.code ORDER BY 1",
        )
        assert got == [
            ("G1", 7, 7, 21, 66.67, 7),
            ("G2", 7, 14, 0, None, 7),
            ("G3", 7, 21, 21, 66.67, 7),
        ]
    finally:
        db.close()
    assert chain("wecom", "stats", "--period", "7d").exit_code == 0  # again: replaced, not added
    db = open_db(chain.url)
    try:
        assert db.scalar("SELECT COUNT(*) FROM wecom_stats") == 21
    finally:
        db.close()


def test_a_bad_or_too_old_period_is_refused_before_any_call(wecom, chain):
    for period in ("lastweek", "2020-01", "2026-13"):
        r = chain("wecom", "stats", "--period", period)
        assert r.exit_code == 2, (period, r.output)
    assert not wecom.fake.calls


def test_a_month_longer_than_30_days_takes_two_calls_per_guide(wecom, chain, tmp_path):
    setup(wecom, chain, tmp_path)
    wecom.fake.users = {"G1": User("G1")}
    today = config.today()
    first = today - timedelta(days=40)
    r = chain("wecom", "stats", "--period", f"{first}..{today - timedelta(days=1)}", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["rows"] == 40
    assert wecom.fake.calls["externalcontact/get_user_behavior_data"] == 2
