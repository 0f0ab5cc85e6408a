"""The store itself: schema versions and upgrades, SQLite concurrency, atomic imports."""

from __future__ import annotations

import json
import threading
import time

import pytest
from conftest import Cli, write_csv

from privcli.capabilities import CAPABILITIES
from privcli.capabilities import open_store as open_db
from privcli.imports.land import Lander


def test_init_is_idempotent(cli):
    for _ in range(2):
        r = cli("init")
        assert r.exit_code == 0, r.output
        assert "database ready" in r.output
    db = open_db(cli.url)
    steps = {(c, s) for c, s in db.execute("SELECT capability, step FROM schema_steps")}
    assert {c for c, _ in steps} >= {"guides", "members", "imports", "orders", "transfer", "tasks"}
    assert steps == {(c.name, s.name) for c in CAPABILITIES for s in c.schema}
    db.close()


def test_newer_database_is_refused(cli):
    db = open_db(cli.url)
    db.execute(
        "INSERT INTO schema_steps (capability, step, applied_at)"
        " VALUES ('coupons', '999_future', '2030-01-01')"
    )
    db.close()
    r = cli("members", "list")
    assert r.exit_code == 1 and "newer privcli" in r.output and "coupons/999_future" in r.output


def test_unsupported_url_is_a_clear_error(tmp_path):
    r = Cli("mysql://x@y/z")("init")
    assert r.exit_code == 1 and "unsupported database URL" in r.output
    r = Cli(str(tmp_path / "no" / "such" / "dir.db"))("init")
    assert r.exit_code == 1 and "does not exist" in r.output


def test_import_waits_for_a_concurrent_writer_instead_of_failing(tmp_path):
    url = str(tmp_path / "wal.db")
    cli = Cli(url)
    assert cli("init").exit_code == 0
    started = threading.Event()

    def hold_write_lock():  # another process's cron import, say
        holder = open_db(url)
        assert holder.scalar("PRAGMA journal_mode") == "wal"
        with holder.transaction():
            holder.execute("INSERT INTO stores (code) VALUES ('HELD')")
            started.set()
            time.sleep(1.0)
        holder.close()

    t = threading.Thread(target=hold_write_lock)
    t.start()
    assert started.wait(10)
    reader = open_db(url)  # readers are never blocked by the writer
    assert reader.scalar("SELECT COUNT(*) FROM stores") == 0
    r = cli("import", "stores", write_csv(tmp_path / "s.csv", "门店编码\nSH01\n"))
    t.join()
    assert r.exit_code == 0, r.output
    assert reader.scalar("SELECT COUNT(*) FROM stores") == 2
    reader.close()


def test_import_killed_half_way_leaves_the_old_state(cli, tmp_path, monkeypatch):
    f = write_csv(tmp_path / "m.csv", "手机号,姓名\n13800138000,甲\n13800138001,乙\n")
    assert cli("import", "members", f).exit_code == 0
    g = write_csv(tmp_path / "m2.csv", "手机号,姓名\n13800138000,改\n13800138009,新\n")
    real = Lander._write

    def dies_after_writing(self, *args):
        real(self, *args)
        raise KeyboardInterrupt  # e.g. the cron job is killed after rows were written

    monkeypatch.setattr(Lander, "_write", dies_after_writing)
    assert cli("import", "members", g).exit_code == 130
    monkeypatch.undo()
    db = open_db(cli.url)
    assert dict(db.execute("SELECT phone, name FROM members").fetchall()) == {
        "13800138000": "甲",
        "13800138001": "乙",
    }
    assert db.scalar("SELECT COUNT(*) FROM import_log") == 1
    db.close()
    r = cli("import", "members", g, "--json")  # re-running completes it
    assert json.loads(r.stdout)["inserted"] == 1 and json.loads(r.stdout)["updated"] == 1


@pytest.mark.parametrize("fmt", ["plain", "csv", "json", "markdown", "table"])
def test_every_listing_format(cli, tmp_path, fmt):
    write_csv(tmp_path / "s.csv", "门店编码,门店名称,大区\nSH01,南京西路店,华东\n")
    cli("import", "stores", tmp_path / "s.csv")
    write_csv(tmp_path / "g.csv", "工号,姓名,门店编码\nG1,陈静,SH01\n")
    cli("import", "guides", tmp_path / "g.csv")
    r = cli("guides", "list", "--format", fmt)
    assert r.exit_code == 0
    if fmt == "json":
        assert json.loads(r.stdout)[0]["guide_id"] == "G1"
    elif fmt == "csv":
        assert r.stdout.splitlines()[1].startswith("G1,陈静,SH01,华东,guide,active")
    elif fmt == "markdown":
        assert r.stdout.startswith("| guide_id") and "| G1 " in r.stdout
    else:
        assert "G1" in r.stdout and "陈静" in r.stdout


def test_a_writer_that_waits_too_long_gets_a_clear_message(tmp_path, monkeypatch):
    url = str(tmp_path / "busy.db")
    cli = Cli(url)
    assert cli("init").exit_code == 0
    monkeypatch.setenv("PRIVCLI_BUSY_TIMEOUT_MS", "200")
    holder = open_db(url)
    with holder.transaction():
        holder.execute("INSERT INTO stores (code) VALUES ('HELD')")
        r = cli("import", "stores", write_csv(tmp_path / "s.csv", "门店编码\nSH01\n"))
    holder.close()
    assert r.exit_code == 1
    assert "database is busy" in r.output and "PRIVCLI_BUSY_TIMEOUT_MS" in r.output


def test_large_first_import_rebuilds_the_indexes_it_deferred(tmp_path, monkeypatch):
    import privcli.imports.engine as engine

    url = str(tmp_path / "big.db")
    cli = Cli(url)
    monkeypatch.setattr(engine, "_estimate_rows", lambda path, kind: 1_000_000)
    f = write_csv(tmp_path / "m.csv", "手机号,姓名\n13800138000,甲\n13800138001,乙\n")

    def indexes():
        db = open_db(url)
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        db.close()
        return names

    assert cli("init").exit_code == 0
    before = indexes()
    assert "ix_members_guide" in before

    def dies(self, *args):
        raise KeyboardInterrupt

    real = Lander._write
    monkeypatch.setattr(Lander, "_write", dies)
    assert cli("import", "members", f).exit_code == 130
    assert indexes() == before  # rolled back with the transaction
    monkeypatch.setattr(Lander, "_write", real)
    r = cli("import", "members", f, "--json")
    assert json.loads(r.stdout)["inserted"] == 2
    assert indexes() == before


def test_deferred_load_restores_indexes_and_foreign_keys(chain, db_url, tmp_path, monkeypatch):
    """A large first import drops secondary indexes (and on PostgreSQL foreign keys) of members
    and member_tags while it loads; afterwards the schema is as before and the keys hold."""
    import privcli.imports.engine as engine

    def schema():
        db = open_db(db_url)
        if db.is_pg:
            rows = db.execute(
                "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid IN"
                " (CAST('members' AS regclass), CAST('member_tags' AS regclass))"
                " UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            ).fetchall()
        else:
            rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
        db.close()
        return sorted(r[0] for r in rows)

    before = schema()
    monkeypatch.setattr(engine, "_estimate_rows", lambda path, kind: 1_000_000)
    f = write_csv(tmp_path / "m.csv", "手机号,专属导购,标签\n13800138000,G1,VIP\n13800138001,G3,\n")
    r = chain("import", "members", f, "--json")
    assert json.loads(r.stdout)["inserted"] == 2
    assert schema() == before
    db = open_db(db_url)
    try:
        # the foreign keys are back: a tag of a member that does not exist is refused
        with pytest.raises(Exception, match="(?i)foreign key"), db.transaction():
            if not db.is_pg:
                db.execute("PRAGMA foreign_keys=ON")
            db.execute(
                "INSERT INTO member_tags (member_id, tag, source, created_at)"
                " VALUES (999999, 'x', 'import', '2026-01-01 00:00:00')"
            )
    finally:
        db.close()
