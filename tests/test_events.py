"""Events between capabilities: owner changes (transfer, undo, import) reach the subscribers with
the set of affected members, inside the same transaction, so a failing subscriber rolls the
change back; pending tasks follow their customer through the tasks capability's handler."""

from __future__ import annotations

import json

import pytest
from conftest import write_csv
from test_transfer import owners, setup_chain

from privcli.base import events
from privcli.capabilities import open_store
from privcli.cli import app


def _add_tasks(url: str, guide: str) -> None:
    """One pending and one done task for each customer of `guide`."""
    db = open_store(url)
    for status in ("pending", "done"):
        db.execute(
            "INSERT INTO tasks (guide_id, member_id, rule, due_on, status)"
            " SELECT m.guide_id, m.id, 'birthday', '2026-12-03', :s FROM members m"
            " JOIN guides g ON g.id = m.guide_id WHERE g.code = :g",
            {"s": status, "g": guide},
        )
    db.close()


def _task_owners(url: str) -> dict[tuple[str, str], str]:
    db = open_store(url)
    rows = db.execute(
        "SELECT m.phone, t.status, g.code FROM tasks t JOIN members m ON m.id = t.member_id"
        " JOIN guides g ON g.id = t.guide_id"
    ).fetchall()
    db.close()
    return {(p, s): g for p, s, g in rows}


@pytest.fixture
def recorder():
    seen: list[dict] = []

    def handler(db, **payload):
        staged = db.execute(
            f"SELECT member_id, from_guide_id, to_guide_id FROM {events.OWNER_CHANGES}"
        )
        seen.append({**payload, "changes": sorted(staged.fetchall())})

    events.subscribe(events.OWNER_CHANGED, handler)
    yield seen
    events.unsubscribe(events.OWNER_CHANGED, handler)


def test_transfer_publishes_the_moved_members(cli, tmp_path, recorder):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 1), "B9": ("SH01", 3)})
    assert cli("guides", "depart", "B9").exit_code == 0
    r = cli("transfer", "B9", "--json")
    assert r.exit_code == 0, r.output
    batch = json.loads(r.stdout)["batch"]
    assert [(e["source"], e["batch_id"]) for e in recorder] == [("transfer", batch)]
    assert len(recorder[0]["changes"]) == 3
    r = cli("transfer", "undo", str(batch))
    assert r.exit_code == 0, r.output
    assert [e["source"] for e in recorder] == ["transfer", "undo"]
    assert len(recorder[1]["changes"]) == 3


def test_a_failing_subscriber_rolls_the_transfer_back(cli, tmp_path):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 1), "B9": ("SH01", 3)})
    assert cli("guides", "depart", "B9").exit_code == 0
    before = owners(cli.url)

    def refuse(db, **payload):
        # it ran inside the transfer's transaction: the members have moved already, here
        assert db.scalar(f"SELECT COUNT(*) FROM {events.OWNER_CHANGES}") == 3
        raise RuntimeError("the coupon bank could not follow")

    events.subscribe(events.OWNER_CHANGED, refuse)
    try:
        with pytest.raises(RuntimeError, match="could not follow"):
            cli.runner.invoke(app, ["--db", cli.url, "transfer", "B9"], catch_exceptions=False)
    finally:
        events.unsubscribe(events.OWNER_CHANGED, refuse)
    assert owners(cli.url) == before  # nobody moved
    log = json.loads(cli("transfer", "log", "--format", "json").stdout)
    assert log == []  # no batch either


def test_pending_tasks_follow_a_transfer_and_an_undo(cli, tmp_path):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 1), "B9": ("SH01", 2)})
    _add_tasks(cli.url, "B9")
    assert cli("guides", "depart", "B9").exit_code == 0
    assert cli("transfer", "B9", "--to", "A1").exit_code == 0
    tasks = _task_owners(cli.url)
    assert {g for (_, s), g in tasks.items() if s == "pending"} == {"A1"}
    assert {g for (_, s), g in tasks.items() if s == "done"} == {"B9"}  # history stays
    assert cli("transfer", "undo", "1").exit_code == 0
    assert set(_task_owners(cli.url).values()) == {"B9"}


def test_an_import_that_changes_owners_is_logged_and_moves_tasks(cli, tmp_path, recorder):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 1), "A2": ("SH01", 2)})
    _add_tasks(cli.url, "A2")
    moved = write_csv(tmp_path / "move.csv", "手机号,专属导购\n13900000001,A1\n13900000002,A2\n")
    r = cli("import", "members", moved)
    assert r.exit_code == 0, r.output
    assert [(e["source"], len(e["changes"])) for e in recorder] == [("import", 1)]
    assert recorder[0]["import_id"] is not None
    tasks = _task_owners(cli.url)
    assert tasks[("13900000001", "pending")] == "A1"
    assert tasks[("13900000001", "done")] == "A2"
    assert tasks[("13900000002", "pending")] == "A2"
    shown = json.loads(cli("members", "show", "13900000001", "-f", "json").stdout)
    assert [(h["from_guide"], h["to_guide"], h["source"]) for h in shown["owner_history"]] == [
        ("A2", "A1", "import")
    ]


def test_a_dry_run_import_publishes_inside_its_rolled_back_transaction(cli, tmp_path, recorder):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 1), "A2": ("SH01", 1)})
    moved = write_csv(tmp_path / "move.csv", "手机号,专属导购\n13900000001,A1\n")
    assert cli("import", "members", moved, "--dry-run").exit_code == 0
    assert len(recorder) == 1  # subscribers may report what would happen ...
    assert owners(cli.url)["13900000001"] == "A2"  # ... and keep nothing
