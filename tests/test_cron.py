"""Cron-safe defaults: no empty database made up by a read, listings that say what --limit left
out, a transfer with nothing to move that writes nothing."""

from __future__ import annotations

import json

import pytest
from conftest import Cli, write_csv
from test_transfer import setup_chain

READS = [
    ["members", "list"],
    ["members", "show", "13800138000"],
    ["guides", "list"],
    ["guides", "depart", "G1"],
    ["segments", "list"],
    ["export", "members", "out.csv"],
    ["transfer", "log"],
    ["transfer", "G1"],
    ["transfer", "undo", "1"],
]


@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
def test_a_command_that_reads_refuses_a_database_file_that_does_not_exist(tmp_path, args):
    missing = tmp_path / "nowhere" / "chain.db"
    r = Cli(str(missing))(*args)
    assert r.exit_code == 1, r.output
    assert f"no database at {missing}" in r.stderr
    assert f"privcli --db {missing} init" in r.stderr
    assert not missing.exists() and not missing.parent.exists()
    assert not (tmp_path / "out.csv").exists()


def test_the_default_database_is_refused_too_naming_where_it_looked(tmp_path):
    from typer.testing import CliRunner

    from privcli.cli import app

    r = CliRunner().invoke(app, ["members", "list"])  # ./privcli.db, in tmp_path
    assert r.exit_code == 1
    assert f"no database at {tmp_path / 'privcli.db'}" in r.stderr
    assert "PRIVCLI_DB" in r.stderr
    assert not (tmp_path / "privcli.db").exists()


def test_init_and_import_create_a_database(tmp_path):
    made = Cli(str(tmp_path / "a.db"))
    assert made("init").exit_code == 0
    assert made("members", "list").exit_code == 0
    imported = Cli(str(tmp_path / "b.db"))
    f = write_csv(tmp_path / "s.csv", "门店编码,门店名称\nS1,一店\n")
    assert imported("import", "stores", f).exit_code == 0
    assert imported("guides", "list").exit_code == 0


def test_an_empty_postgresql_schema_is_fine(cli, db_url):
    if "://" not in db_url:
        pytest.skip("PostgreSQL only")
    r = cli("members", "list", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == []


def test_listings_cut_by_limit_say_so(cli, tmp_path):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 4), "B9": ("SH02", 3)})
    r = cli("members", "list", "--limit", "5", "-f", "csv")
    assert r.exit_code == 0
    assert len(r.stdout.splitlines()) == 6  # header + 5
    assert r.stderr.strip() == "… 2 more; --limit 0 for all"
    assert cli("members", "list", "--limit", "7").stderr == ""
    assert cli("members", "list", "--limit", "0").stderr == ""
    assert "more" not in cli("members", "list", "--limit", "5", "--store", "SH02").stderr

    assert cli("guides", "depart", "B9").exit_code == 0
    assert cli("transfer", "B9", "--json").exit_code == 0
    assert cli("transfer", "undo", "1", "--json").exit_code == 0
    r = cli("transfer", "log", "--limit", "1", "-f", "json")
    assert [b["batch"] for b in json.loads(r.stdout)] == [2]
    assert r.stderr.strip() == "… 1 more; --limit 0 for all"
    r = cli("transfer", "log", "--batch", "1", "--limit", "2", "-f", "csv")
    assert len(r.stdout.splitlines()) == 3
    assert r.stderr.strip() == "… 1 more; --limit 0 for all"
    assert cli("transfer", "log", "--guide", "B9", "--limit", "6").stderr == ""


def test_a_transfer_with_nothing_to_move_writes_no_batch(cli, tmp_path):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 2)})
    assert cli("guides", "depart", "B9").exit_code == 0  # no customers
    r = cli("transfer", "B9")
    assert r.exit_code == 0, r.output
    assert "nothing to transfer" in r.stderr
    r = cli("transfer", "--all-departed", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["batch"] is None
    assert json.loads(cli("transfer", "log", "-f", "json").stdout) == []


def test_a_transfer_that_can_move_nobody_lists_them_and_writes_no_batch(cli, tmp_path, monkeypatch):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 2)})
    monkeypatch.setenv("PRIVCLI_TRANSFER_LIMIT", "1")  # one transfer per customer per 90 days
    assert cli("guides", "depart", "A1").exit_code == 0
    assert cli("transfer", "A1", "--json").exit_code == 0  # batch 1
    assert cli("guides", "depart", "A2", "A3").exit_code == 0
    r = cli("transfer", "A2", "A3", "--json")  # WeCom would refuse every one of them
    assert r.exit_code == 3  # customers left where they are, listed
    doc = json.loads(r.stdout)
    assert doc["batch"] is None and doc["moved"] == 0 and len(doc["skipped"]) == 2
    assert "nothing moved, no batch written" in r.stderr
    assert [b["batch"] for b in json.loads(cli("transfer", "log", "-f", "json").stdout)] == [1]
