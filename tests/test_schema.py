"""Schema steps per capability: a database made by the previous release (schema_version 2, the
demo chain plus tasks and operator tags) upgrades in place with every row kept, on SQLite and
PostgreSQL; a new database gets exactly the declared steps; a step is applied once."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest

from privcli.base.db import Database
from privcli.base.schema import Step, migrate
from privcli.capabilities import CAPABILITIES, REGISTRY, open_store

FIXTURES = Path(__file__).parent / "fixtures"
LEGACY_TABLES = ["stores", "guides", "members", "member_tags", "orders", "import_log",
                 "transfer_batch", "owner_log", "tasks"]  # fmt: skip


def _load_legacy(db_url: str) -> None:
    """Recreate, byte for byte, the database the previous release left (from its dump)."""
    if "://" not in db_url:
        sql = gzip.decompress((FIXTURES / "legacy_v2_sqlite.sql.gz").read_bytes()).decode()
        con = sqlite3.connect(db_url)
        con.executescript(sql)
        con.close()
        return
    sql = gzip.decompress((FIXTURES / "legacy_v2_postgresql.sql.gz").read_bytes()).decode()
    db = Database(db_url)
    with db.conn.cursor() as cur:
        cur.execute(sql)
    db.close()


def _dump(db: Database, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every row of the previous release's tables (of their columns then), in key order, as
    text."""
    out = {}
    for t in LEGACY_TABLES:
        cols = columns[t] if columns else list(db.column_types(t))
        keyed = ["id"] if "id" in cols else ["member_id", "tag"]
        rows = db.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY {', '.join(keyed)}")
        out[t] = [tuple("" if v is None else str(v)[:19] for v in r) for r in rows.fetchall()]
    return out


def test_previous_release_upgrades_in_place(db_url):
    _load_legacy(db_url)
    before = Database(db_url)
    assert before.scalar("SELECT MAX(version) FROM schema_version") == 2
    rows_before = _dump(before)
    columns = {t: list(before.column_types(t)) for t in LEGACY_TABLES}
    before.close()
    assert len(rows_before["members"]) == 475 and len(rows_before["tasks"]) == 13

    db = open_store(db_url)
    assert _dump(db, columns) == rows_before  # nothing lost, nothing changed
    assert db.scalar("SELECT COUNT(*) FROM orders WHERE kind = 'sale' AND refund_fen = 0") == len(
        rows_before["orders"]
    )  # new columns filled with their defaults
    steps = {(c, s) for c, s in db.execute("SELECT capability, step FROM schema_steps")}
    assert steps == {(c.name, s.name) for c in CAPABILITIES for s in c.schema}
    assert not db.scalar(
        "SELECT to_regclass('schema_version') IS NOT NULL"
        if db.is_pg
        else "SELECT 1 FROM sqlite_master WHERE name = 'schema_version'"
    )
    # the new steps ran (segments) and the old data works with today's code
    assert db.scalar("SELECT COUNT(*) FROM segments") == 0
    db.close()


def test_upgraded_database_works_from_the_cli(db_url, cli):
    _load_legacy(db_url)
    r = cli("members", "list", "--store", "SH01", "--limit", "0", "--format", "json")
    assert r.exit_code == 0, r.output
    assert len(r.stdout) > 100
    r = cli("transfer", "log", "--format", "json")
    assert r.exit_code == 0, r.output
    assert [b["kind"] for b in __import__("json").loads(r.stdout)] == ["undo", "transfer"]


def test_fresh_database_matches_an_upgraded_one(tmp_path):
    """The columns of every table are the same whether a database was created today or by the
    previous release and upgraded: the steps replaying the old versions are faithful."""
    fresh = open_store(str(tmp_path / "fresh.db"))
    old = str(tmp_path / "old.db")
    _load_legacy(old)
    upgraded = open_store(old)
    for t in LEGACY_TABLES:
        assert upgraded.column_types(t) == fresh.column_types(t), t
    ddl = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    assert (
        dict(upgraded.execute(ddl).fetchall()).keys() == dict(fresh.execute(ddl).fetchall()).keys()
    )
    fresh.close()
    upgraded.close()


def test_a_step_runs_once_and_in_order(db_url):
    db = open_store(db_url)
    ran = []
    steps = [
        Step("001_a", "a", "CREATE TABLE IF NOT EXISTS t_a (id {id})", run=lambda d: ran.append(1)),
        Step("002_b", "b", run=lambda d: ran.append(2)),
    ]
    owners = [*REGISTRY.schema(), ("extra", steps)]
    assert migrate(db, owners) == ["extra/001_a", "extra/002_b"]
    assert migrate(db, owners) == []
    assert ran == [1, 2]
    db.close()


def test_a_failing_step_leaves_nothing(db_url):
    db = open_store(db_url)

    def boom(d):
        raise RuntimeError("step failed")

    steps = [Step("001_ok", "ok", "CREATE TABLE IF NOT EXISTS t_ok (id {id})"),
             Step("002_boom", "boom", run=boom)]  # fmt: skip
    with pytest.raises(RuntimeError):
        migrate(db, [*REGISTRY.schema(), ("extra", steps)])
    assert not db.scalar("SELECT 1 FROM schema_steps WHERE capability = 'extra'")
    db.close()
