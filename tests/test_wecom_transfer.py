"""Executing transfers through WeCom (the fake server): --push, push/status, the 90-day rule,
resuming after throttling without sending anyone twice, a bad secret stopping at once."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import httpx
from conftest import write_csv
from fake_wecom import Book, User, contact

from privcli.base import config

RESIGNED = "externalcontact/resigned/transfer_customer"


def members_of_g4(chain, tmp_path, n: int, unlinked: int = 0):
    """n members owned by the departed guide G4, linked to wm0..; the last `unlinked` without
    an external_userid."""
    from privcli.base.db import open_db

    lines = "".join(f"139{i:08d},客户{i},GZ01,G4\n" for i in range(n))
    r = chain(
        "import",
        "members",
        write_csv(tmp_path / "m.csv", "手机号,姓名,门店编码,导购工号\n" + lines),
    )
    assert r.exit_code == 0, r.output
    db = open_db(chain.url)
    with db.transaction():
        for i in range(n - unlinked):
            db.execute("UPDATE members SET external_userid = :e WHERE phone = :p", {"e": f"wm{i}", "p": f"139{i:08d}"})  # fmt: skip
    db.close()


def wecom_world(wecom, n: int):
    fake = wecom.fake
    fake.users = {g: User(g) for g in ("G1", "G2", "G3")} | {"G4": User("G4", status="resigned")}
    fake.book = Book({"G4": [contact(f"wm{i}", "G4") for i in range(n)]})
    return fake


def statuses(chain, batch: int) -> Counter:
    r = chain("transfer", "log", "--batch", batch, "-f", "json")
    return Counter(row["wecom_status"] for row in json.loads(r.stdout))


def test_push_executes_the_batch_through_wecom(wecom, chain, tmp_path):
    fake = wecom_world(wecom, 5)
    members_of_g4(chain, tmp_path, 6, unlinked=1)
    r = chain("transfer", "G4", "--push", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["moved"] == 6 and out["wecom"]["sent"] == 5
    assert sorted(e for _, e in fake.received) == [f"wm{i}" for i in range(5)]
    assert {kind for kind, _ in fake.received} == {"resigned"}  # 离职继承 API for a departed guide
    assert statuses(chain, 1) == {"pending": 5, "not_linked": 1}
    # grouped by takeover guide, 100 customers at most per call
    calls = [b for api, b in fake.log if api == RESIGNED]
    assert all(b["handover_userid"] == "G4" and len(b["external_userid"]) <= 100 for b in calls)
    log = json.loads(chain("transfer", "log", "-f", "json").stdout)
    assert log[0]["wecom"] == "not_linked 1, pending 5"
    again = chain("transfer", "push", "1", "--json")  # nothing left to send
    assert json.loads(again.stdout)["sent"] == 0 and len(fake.received) == 5


def test_per_customer_errors_become_each_members_status(wecom, chain, tmp_path):
    fake = wecom_world(wecom, 4)
    fake.item_errors = {"wm1": 40096, "wm2": 40128}
    members_of_g4(chain, tmp_path, 4)
    r = chain("transfer", "G4", "--push")
    assert r.exit_code == 3
    assert statuses(chain, 1) == {"pending": 2, "failed": 2}
    assert "does not know this customer" in r.stderr and "2 times in 90 days" in r.stderr


def test_a_push_stopped_by_throttling_resumes_without_sending_anyone_twice(wecom, chain, tmp_path):
    fake = wecom_world(wecom, 250)
    members_of_g4(chain, tmp_path, 250)
    assert chain("transfer", "G4", "--to", "G1").exit_code == 0  # one pair: 3 chunks of ≤100
    fake.throttle(RESIGNED, after=1)  # WeCom answers 45009 from the second call on
    r = chain("transfer", "push", "1", "--json")
    assert r.exit_code == 3
    assert "privcli transfer push 1 to resume" in r.stderr
    assert json.loads(r.stdout)["sent"] == 100
    assert statuses(chain, 1) == {"pending": 100, "not_sent": 150}
    fake.throttles.clear()
    r = chain("transfer", "push", "1", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["sent"] == 150
    sent = Counter(e for _, e in fake.received)
    assert len(sent) == 250 and set(sent.values()) == {1}
    assert statuses(chain, 1) == {"pending": 250}


def test_a_lost_answer_is_reconciled_not_resent(wecom, chain, tmp_path):
    """WeCom takes a chunk but the answer never arrives: privcli asks transfer_result."""
    from privcli.wecom.client import use_transport

    fake = wecom_world(wecom, 150)
    members_of_g4(chain, tmp_path, 150)
    chain("transfer", "G4", "--to", "G1")
    calls = Counter()

    def lossy(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        if request.url.path.endswith(RESIGNED):
            calls["n"] += 1
            if calls["n"] == 1:
                raise httpx.ReadTimeout("timed out", request=request)
        return response

    with use_transport(httpx.MockTransport(lossy), sleep=lambda s: None):
        r = chain("transfer", "push", "1", "--json")
    assert r.exit_code == 0, r.output
    sent = Counter(e for _, e in fake.received)
    assert len(sent) == 150 and set(sent.values()) == {1}
    assert statuses(chain, 1) == {"pending": 150}


def test_a_push_interrupted_between_send_and_record_resumes_from_wecom(
    wecom, chain, tmp_path, monkeypatch
):
    from privcli.wecom import transfers

    fake = wecom_world(wecom, 120)
    members_of_g4(chain, tmp_path, 120)
    chain("transfer", "G4", "--to", "G1")

    def crash(*a, **k):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(transfers, "_answered_chunk", crash)  # killed right after WeCom answered
        r = chain("transfer", "push", "1")
    assert r.exit_code == 130
    r = chain("transfer", "push", "1", "--json")
    assert r.exit_code == 0, r.output
    sent = Counter(e for _, e in fake.received)
    assert len(sent) == 120 and set(sent.values()) == {1}


def test_customers_over_the_90_day_rule_are_never_sent(wecom, chain, tmp_path):
    from privcli.base.db import open_db

    fake = wecom_world(wecom, 3)
    members_of_g4(chain, tmp_path, 3)
    db = open_db(chain.url)
    now = config.now()
    with db.transaction():
        mid = db.scalar("SELECT id FROM members WHERE external_userid = 'wm0'")
        g1 = db.scalar("SELECT id FROM guides WHERE code = 'G1'")
        for days, status in ((10, "accepted"), (20, "pending")):
            db.execute(
                "INSERT INTO owner_log (member_id, from_guide_id, to_guide_id, changed_at, source,"
                " reason, wecom_status) VALUES (:m, :g, :g, :at, 'transfer', 'resigned', :s)",
                {"m": mid, "g": g1, "at": now - timedelta(days=days), "s": status},
            )
        mid1 = db.scalar("SELECT id FROM members WHERE external_userid = 'wm1'")
        for days in (5, 6):  # two local moves never pushed: they do not count with WeCom
            db.execute(
                "INSERT INTO owner_log (member_id, from_guide_id, to_guide_id, changed_at, source,"
                " reason, wecom_status) VALUES (:m, :g, :g, :at, 'transfer', 'resigned', 'not_sent')",
                {"m": mid1, "g": g1, "at": now - timedelta(days=days)},
            )
    db.close()
    dry = chain("transfer", "G4", "--dry-run", "--json")
    assert "counting the transfers WeCom accepted" in dry.stderr
    assert [s["phone"] for s in json.loads(dry.stdout)["skipped"]] == ["139****0000"]
    r = chain("transfer", "G4", "--push", "--json")
    assert r.exit_code == 3
    assert sorted(e for _, e in fake.received) == ["wm1", "wm2"]


def test_offline_every_local_move_counts(chain, tmp_path, monkeypatch):
    from privcli.base.db import open_db

    members_of_g4(chain, tmp_path, 2)
    db = open_db(chain.url)
    with db.transaction():
        mid = db.scalar("SELECT id FROM members WHERE phone = '13900000001'")
        g1 = db.scalar("SELECT id FROM guides WHERE code = 'G1'")
        for days in (5, 6):
            db.execute(
                "INSERT INTO owner_log (member_id, from_guide_id, to_guide_id, changed_at, source,"
                " reason, wecom_status) VALUES (:m, :g, :g, :at, 'transfer', 'resigned', 'not_sent')",
                {"m": mid, "g": g1, "at": config.now() - timedelta(days=days)},
            )
    db.close()
    dry = chain("transfer", "G4", "--dry-run", "--json")
    assert "every transfer and undo privcli logged" in dry.stderr
    assert [s["phone"] for s in json.loads(dry.stdout)["skipped"]] == ["139****0001"]
    r = chain("transfer", "G4", "--push")
    assert r.exit_code == 2 and "PRIVCLI_WECOM_CORP_ID" in r.output
    assert json.loads(chain("transfer", "log", "-f", "json").stdout) == []  # nothing moved


def test_a_customer_at_the_limit_by_push_time_is_not_sent(wecom, chain, tmp_path, monkeypatch):
    fake = wecom_world(wecom, 2)
    members_of_g4(chain, tmp_path, 2)
    from privcli.base.db import open_db

    assert chain("transfer", "G4", "--to", "G1").exit_code == 0  # landed, not pushed
    db = open_db(chain.url)
    with db.transaction():  # meanwhile wm0 was transferred twice through WeCom
        for _ in range(2):
            db.execute(
                "INSERT INTO owner_log (member_id, from_guide_id, to_guide_id, changed_at, source,"
                " reason, wecom_status) SELECT id, guide_id, guide_id, :at, 'transfer', 'resigned',"
                " 'accepted' FROM members WHERE external_userid = 'wm0'",
                {"at": config.now()},
            )
    db.close()
    r = chain("transfer", "push", "1")
    assert statuses(chain, 1) == {"over_limit": 1, "pending": 1}
    assert [e for _, e in fake.received] == ["wm1"] and r.exit_code == 3


def test_status_polls_every_page_and_applies_refusals(wecom, chain, tmp_path):
    from privcli.base.db import open_db

    fake = wecom_world(wecom, 5)
    fake.result_page = 2
    members_of_g4(chain, tmp_path, 5)
    assert chain("transfer", "G4", "--to", "G1", "--push").exit_code == 0
    fake.settle({"wm0": 1, "wm1": 3, "wm2": 4})
    r = chain("transfer", "status", "1", "--json")
    assert r.exit_code == 3  # a refusal is reported
    assert statuses(chain, 1) == {"accepted": 1, "refused": 1, "receiver_full": 1, "pending": 2}
    out = json.loads(r.stdout)
    assert out["refused"] == [{"phone": "139****0001", "refused_guide": "G1", "now_with": None}]
    assert "left without a guide" in r.stderr
    db = open_db(chain.url)
    try:
        assert db.scalar("SELECT guide_id FROM members WHERE external_userid = 'wm1'") is None
        assert db.scalar("SELECT COUNT(*) FROM owner_log WHERE source = 'wecom'") == 1
    finally:
        db.close()
    pages = [b for api, b in fake.log if api.endswith("resigned/transfer_result")]
    assert len(pages) == 3  # 5 customers, 2 per page


def test_a_bad_secret_stops_the_push_at_once(wecom, chain, tmp_path, monkeypatch):
    fake = wecom_world(wecom, 3)
    members_of_g4(chain, tmp_path, 3)
    chain("transfer", "G4")
    monkeypatch.setenv("PRIVCLI_WECOM_CONTACT_SECRET", "wrong")
    r = chain("transfer", "push", "1")
    assert r.exit_code == 3
    assert "rejected the secret (40001)" in r.stderr
    assert fake.calls["gettoken"] == 1 and not fake.received
    assert statuses(chain, 1) == {"not_sent": 3}


def test_a_batch_undone_before_it_was_pushed_sends_nothing(wecom, chain, tmp_path):
    fake = wecom_world(wecom, 2)
    members_of_g4(chain, tmp_path, 2)
    chain("transfer", "G4")
    assert chain("transfer", "undo", "1").exit_code == 0
    r = chain("transfer", "push", "1")
    assert r.exit_code == 0, r.output
    assert statuses(chain, 1) == {"cancelled": 2}
    assert statuses(chain, 2) == {"cancelled": 2}
    assert not fake.received
