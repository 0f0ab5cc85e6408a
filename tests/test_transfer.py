"""Customer handover (离职继承 / 在职继承): planning, limits, audit and undo, via CLI and core."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta

import pytest
from conftest import write_csv

from privcli.capabilities import open_store as open_db
from privcli.transfer.plan import Request, plan_transfer

STORES = "门店编码,门店名称,大区\nSH01,南京西路店,华东\nSH02,徐汇店,华东\nGZ01,天河店,华南\nBJ01,三里屯店,华北\n"
GUIDES = (
    "工号,姓名,门店编码,在职状态\n"
    "A1,甲,SH01,在职\nA2,乙,SH01,在职\nA3,丙,SH01,在职\n"
    "B1,丁,SH02,在职\nB9,戊,SH02,在职\n"
    "C1,己,GZ01,在职\nD1,庚,BJ01,在职\n"
)


def setup_chain(cli, tmp_path, owners: dict[str, tuple[str, int]]) -> None:
    """Import stores, guides and members: owners maps guide -> (store, number of customers)."""
    assert cli("import", "stores", write_csv(tmp_path / "s.csv", STORES)).exit_code == 0
    assert cli("import", "guides", write_csv(tmp_path / "g.csv", GUIDES)).exit_code == 0
    lines, n = ["手机号,所属门店,专属导购"], 0
    for guide, (store, count) in owners.items():
        for _ in range(count):
            lines.append(f"139{n:08d},{store},{guide}")
            n += 1
    r = cli("import", "members", write_csv(tmp_path / "m.csv", "\n".join(lines) + "\n"))
    assert r.exit_code == 0, r.output


def owners(url) -> dict[str, str | None]:
    db = open_db(url)
    rows = db.execute(
        "SELECT m.phone, g.code FROM members m LEFT JOIN guides g ON g.id = m.guide_id"
    ).fetchall()
    db.close()
    return dict(rows)


def counts(url) -> dict[str | None, int]:
    out: dict[str | None, int] = {}
    for g in owners(url).values():
        out[g] = out.get(g, 0) + 1
    return out


def assert_history_explains_owners(url) -> None:
    """Every member's current owner is the target of its latest logged change (if any)."""
    db = open_db(url)
    rows = db.execute(
        "SELECT m.id, m.guide_id, (SELECT l.to_guide_id FROM owner_log l WHERE l.member_id = m.id"
        " ORDER BY l.id DESC LIMIT 1), (SELECT COUNT(*) FROM owner_log l WHERE l.member_id = m.id)"
        " FROM members m"
    ).fetchall()
    db.close()
    for _mid, guide, last_to, n in rows:
        if n:
            assert guide == last_to


def test_balance_evens_out_unequal_loads(cli, tmp_path):
    setup_chain(
        cli, tmp_path, {"A1": ("SH01", 6), "A2": ("SH01", 2), "A3": ("SH01", 0), "B9": ("SH01", 10)}
    )
    assert cli("guides", "depart", "B9").exit_code == 0
    r = cli("transfer", "B9", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["moved"] == 10 and out["batch"] == 1
    # 18 customers over 3 guides: 6 each; A1 already had 6 so gets none
    assert counts(cli.url) == {"A1": 6, "A2": 6, "A3": 6}
    assert {x["to_guide"]: x["moved"] for x in out["receivers"]} == {"A2": 4, "A3": 6}
    assert_history_explains_owners(cli.url)


def test_round_robin_and_explicit_receivers(cli, tmp_path):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 5), "B9": ("SH02", 5)})
    cli("guides", "depart", "B9")
    r = cli("transfer", "B9", "--to", "A2,A3", "--strategy", "round-robin")
    assert r.exit_code == 0, r.output
    assert counts(cli.url) == {"A1": 5, "A2": 3, "A3": 2}


def test_capacity_is_never_exceeded_and_unplaced_are_reported(cli, tmp_path):
    setup_chain(
        cli, tmp_path, {"A1": ("SH01", 2), "A2": ("SH01", 2), "A3": ("SH01", 3), "B9": ("SH01", 5)}
    )
    cli("guides", "depart", "B9")
    r = cli("transfer", "B9", "--cap", "3", "--scope", "store", "--json")
    assert r.exit_code == 3
    out = json.loads(r.stdout)
    assert out["moved"] == 2 and len(out["unplaced"]) == 3
    assert "cap 3" in out["unplaced"][0]["reason"]
    assert counts(cli.url) == {"A1": 3, "A2": 3, "A3": 3, "B9": 3}


def test_fallback_to_region_then_chain_and_scope_limit(cli, tmp_path):
    # SH02's only other guide B1 departs too: its customers fall back to region 华东 (SH01).
    setup_chain(cli, tmp_path, {"B1": ("SH02", 4), "B9": ("SH02", 4), "C1": ("GZ01", 2)})
    cli("guides", "depart", "B1", "B9")
    r = cli("transfer", "B9", "--scope", "store")
    assert r.exit_code == 3 and "no active guide" in r.output
    assert counts(cli.url)["B9"] == 4  # nothing moved
    r = cli("transfer", "B9", "--scope", "region")
    assert r.exit_code == 0, r.output
    c = counts(cli.url)
    assert c.get("B9") is None and c["A1"] + c["A2"] + c["A3"] == 4
    # GZ01's only guide departs; 华南 has nobody else: the whole chain receives.
    cli("guides", "depart", "C1")
    assert cli("transfer", "C1", "--scope", "region").exit_code == 3
    r = cli("transfer", "C1", "--json")
    assert r.exit_code == 0
    assert sum(x["moved"] for x in json.loads(r.stdout)["receivers"]) == 2
    assert "C1" not in counts(cli.url)


def test_frequency_limit_boundary(db, tmp_path):
    """2 transfers per 90 natural days: a transfer 89 days ago still counts, 90 days ago not."""
    from conftest import Cli

    cli = Cli(db.url)
    setup_chain(cli, tmp_path, {"B9": ("SH01", 3)})
    cli("guides", "depart", "B9")
    today = date(2026, 11, 24)
    ids = [r[0] for r in db.execute("SELECT id FROM members ORDER BY phone").fetchall()]
    b9 = db.scalar("SELECT id FROM guides WHERE code = 'B9'")

    def log(member, days_ago):
        db.execute(
            "INSERT INTO owner_log (member_id, from_guide_id, to_guide_id, changed_at, source)"
            " VALUES (:m, :g, :g, :at, 'transfer')",
            {
                "m": member,
                "g": b9,
                "at": datetime.combine(today - timedelta(days=days_ago), datetime.min.time()),
            },
        )

    log(ids[0], 89), log(ids[0], 10)  # two within the window: skipped
    log(ids[1], 90), log(ids[1], 10)  # the older one has dropped out: allowed
    log(ids[2], 10)  # one: allowed
    with db.transaction():
        plan = plan_transfer(db, Request(guides=["B9"]), today=today)
    assert [m[0] for m in plan.moves] == ids[1:]
    assert [(s[0], s[3]) for s in plan.skipped] == [(ids[0], today + timedelta(days=1))]
    with db.transaction():  # the next day the 89-day-old transfer has dropped out
        plan = plan_transfer(db, Request(guides=["B9"]), today=today + timedelta(days=1))
    assert not plan.skipped and len(plan.moves) == 3


def test_transfers_count_toward_the_limit_through_the_cli(cli, tmp_path):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 2)})
    assert cli("transfer", "A1", "--reason", "reassigned", "--to", "A2").exit_code == 0
    assert cli("transfer", "A2", "--reason", "reassigned", "--to", "A1").exit_code == 0
    r = cli("transfer", "A1", "--reason", "reassigned", "--to", "A3", "--json")
    assert r.exit_code == 3
    skipped = json.loads(r.stdout)["skipped"]
    assert len(skipped) == 2 and skipped[0]["reason"] == "transfer limit reached"
    from privcli.base import config

    assert skipped[0]["eligible_on"] == (config.today() + timedelta(days=90)).isoformat()
    assert counts(cli.url) == {"A1": 2}


def test_undo_keeps_customers_at_the_limit_and_restores_the_rest(cli, tmp_path):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 2), "A2": ("SH01", 1)})
    a1_customers = [p for p, g in owners(cli.url).items() if g == "A1"]
    assert cli("transfer", "A1", "--reason", "reassigned", "--to", "A2").exit_code == 0
    assert cli("transfer", "A2", "--reason", "reassigned", "--to", "A3").exit_code == 0
    # batch 2 moved A1's two customers a second time (at the limit) and A2's own once
    r = cli("transfer", "undo", "2", "--json", "--show-pii")
    assert r.exit_code == 3, r.output  # some left as they are
    doc = json.loads(r.stdout)
    assert doc["restored"] == 1
    assert sorted(k["phone"] for k in doc["kept"]) == sorted(a1_customers)
    assert {k["reason"] for k in doc["kept"]} == {"transfer limit reached"}
    assert counts(cli.url) == {"A2": 1, "A3": 2}
    assert_history_explains_owners(cli.url)


def test_undo_after_partial_retransfer(cli, tmp_path):
    setup_chain(cli, tmp_path, {"B9": ("SH01", 6)})
    cli("guides", "depart", "B9")
    assert cli("transfer", "B9", "--to", "A1,A2").exit_code == 0  # batch 1: 3 each
    assert counts(cli.url) == {"A1": 3, "A2": 3}
    r = cli("transfer", "A1", "--reason", "reassigned", "--to", "A3")  # batch 2
    assert r.exit_code == 0
    r = cli("transfer", "undo", "1", "--json")
    assert r.exit_code == 3
    out = json.loads(r.stdout)
    assert out["restored"] == 3 and len(out["kept"]) == 3
    assert all("*" in k["phone"] for k in out["kept"])
    assert counts(cli.url) == {"B9": 3, "A3": 3}
    again = cli("transfer", "undo", "1")
    assert again.exit_code == 2 and "already undone" in again.output
    log = cli("transfer", "log", "--format", "json")
    batches = json.loads(log.stdout)
    assert [(b["batch"], b["kind"], b["undone_by"]) for b in batches] == [
        (3, "undo", None), (2, "transfer", None), (1, "transfer", 3),
    ]  # fmt: skip
    assert_history_explains_owners(cli.url)


def test_bad_input_moves_nothing(cli, tmp_path):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 3), "B9": ("SH02", 2)})
    before = owners(cli.url)
    r = cli("transfer", "B8")
    assert r.exit_code == 1 and "unknown guide id: B8" in r.output and "B9" in r.output
    r = cli("transfer", "A1")  # active guide without --reason reassigned
    assert r.exit_code == 2 and "--reason reassigned" in r.output
    cli("guides", "depart", "B9")
    r = cli("transfer", "B9", "--to", "B9")
    assert r.exit_code == 2
    r = cli("transfer", "A1", "--reason", "reassigned", "--to", "B9")  # departed receiver
    assert r.exit_code == 2 and "cannot receive" in r.output
    r = cli("transfer", "B9", "--reason", "reassigned")
    assert r.exit_code == 2 and "resigned" in r.output
    assert owners(cli.url) == before
    assert json.loads(cli("transfer", "log", "--format", "json").stdout) == []


def test_dry_run_export_and_log_by_member(cli, tmp_path):
    setup_chain(cli, tmp_path, {"B9": ("SH02", 3)})
    cli("guides", "depart", "B9")
    r = cli("transfer", "B9", "--dry-run", "--export", tmp_path / "plan.csv")
    assert r.exit_code == 0 and "dry run" in r.output
    assert counts(cli.url) == {"B9": 3}
    rows = list(csv.DictReader(open(tmp_path / "plan.csv", encoding="utf-8-sig")))
    assert [(x["store_code"], x["from_guide"], x["to_guide"], x["status"]) for x in rows] == [
        ("SH02", "B9", "B1", "move")
    ] * 3
    assert all(x["phone"].startswith("139****") for x in rows)
    cli("transfer", "B9", "--export", tmp_path / "plan.xlsx", "--show-pii")
    import openpyxl

    ws = openpyxl.load_workbook(tmp_path / "plan.xlsx").active
    assert [c.value for c in ws[2]][3] == "13900000000"
    r = cli("transfer", "log", "--member", "13900000000", "--format", "csv")
    lines = list(csv.DictReader(r.stdout.splitlines()))
    assert [(x["from_guide"], x["to_guide"], x["source"]) for x in lines] == [
        ("B9", "B1", "transfer")
    ]
    assert lines[0]["phone"] == "139****0000"
    shown = json.loads(cli("members", "show", "13900000000", "--format", "json").stdout)
    assert [(h["from_guide"], h["to_guide"], h["batch_id"]) for h in shown["owner_history"]] == [
        ("B9", "B1", 1)
    ]


def test_unassigned_members_get_an_owner_in_their_store(cli, tmp_path):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 1)})
    write_csv(tmp_path / "u.csv", "手机号,所属门店\n13800000001,GZ01\n13800000002,SH02\n")
    cli("import", "members", tmp_path / "u.csv")
    r = cli("transfer", "--unassigned", "--json")
    assert r.exit_code == 0, r.output
    o = owners(cli.url)
    assert o["13800000001"] == "C1" and o["13800000002"] in ("B1", "B9")


def test_pending_tasks_follow_the_customer(db, tmp_path):
    from conftest import Cli

    cli = Cli(db.url)
    setup_chain(cli, tmp_path, {"B9": ("SH02", 1)})
    cli("guides", "depart", "B9")
    mid = db.scalar("SELECT id FROM members")
    b9 = db.scalar("SELECT id FROM guides WHERE code = 'B9'")
    for status in ("pending", "done"):
        db.execute(
            "INSERT INTO tasks (guide_id, member_id, rule, due_on, status) VALUES (:g, :m, 'birthday', :d, :s)",
            {"g": b9, "m": mid, "d": date(2026, 11, 25), "s": status},
        )
    assert cli("transfer", "B9", "--to", "B1").exit_code == 0
    got = dict(
        db.execute(
            "SELECT t.status, g.code FROM tasks t JOIN guides g ON g.id = t.guide_id"
        ).fetchall()
    )
    assert got == {"pending": "B1", "done": "B9"}


def test_guides_list_and_departure_by_import(cli, tmp_path):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 2)})
    write_csv(tmp_path / "g2.csv", "工号,在职状态,离职日期\nA1,离职,2026-11-01\n")
    assert cli("import", "guides", tmp_path / "g2.csv").exit_code == 0
    r = cli("guides", "list", "--status", "departed", "--format", "json")
    rows = json.loads(r.stdout)
    assert [(g["guide_id"], g["departed_on"], g["customers"]) for g in rows] == [
        ("A1", "2026-11-01", 2)
    ]
    r = cli("transfer", "--all-departed", "--json")
    assert json.loads(r.stdout)["moved"] == 2
    assert cli("guides", "depart", "ZZ9").exit_code == 1


@pytest.mark.parametrize("n", [1])
def test_interrupted_transfer_leaves_nothing_half_moved(db, tmp_path, monkeypatch, n):
    from conftest import Cli

    import privcli.transfer.execute as ex

    cli = Cli(db.url)
    setup_chain(cli, tmp_path, {"B9": ("SH01", 4)})
    cli("guides", "depart", "B9")
    real = ex._apply

    def crash(db_, batch, moves, source, now):
        real(db_, batch, moves, source, now)
        raise KeyboardInterrupt  # killed after the members were updated, before commit

    monkeypatch.setattr(ex, "_apply", crash)
    r = cli("transfer", "B9")
    assert r.exit_code == 130
    assert counts(db.url) == {"B9": 4}
    assert db.scalar("SELECT COUNT(*) FROM transfer_batch") == 0
    assert db.scalar("SELECT COUNT(*) FROM owner_log") == 0
