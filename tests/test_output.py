"""One output contract: every command's result goes through one renderer. Validation comes before
the first byte, every format is one parseable document (or refused), --format json is the machine
format everywhere (--json stays as its alias), exit 3 marks a partial outcome."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import write_csv
from test_transfer import setup_chain

MEMBERS = "手机号,姓名,专属导购,标签\n13800138000,王五,G1,VIP\n13800138001,李四,G2,\n"


@pytest.fixture
def data(chain, tmp_path):
    assert chain("import", "members", write_csv(tmp_path / "m.csv", MEMBERS)).exit_code == 0
    return chain


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "plain", "markdown"])
def test_an_invalid_request_prints_nothing_on_stdout(data, fmt):
    r = data("transfer", "log", "--batch", "999", "-f", fmt)
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "no transfer batch 999" in r.stderr
    r = data("members", "list", "--store", "NOPE", "-f", fmt)
    assert r.exit_code == 1 and r.stdout == ""


def test_members_show_is_one_document_per_format(data):
    r = data("members", "show", "13800138000", "-f", "json")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)  # exactly one JSON object
    assert set(doc) == {"member", "tags", "orders", "owner_history", "recent_orders"}
    r = data("members", "show", "13800138000", "-f", "csv")
    assert r.exit_code == 2 and r.stdout == ""
    assert "--format json" in r.stderr


def test_json_is_the_machine_format_of_every_command(data, tmp_path):
    f = write_csv(tmp_path / "again.csv", MEMBERS)
    by_format = json.loads(data("import", "members", f, "--format", "json").stdout)
    by_alias = json.loads(data("import", "members", f, "--json").stdout)
    counts = {"rows": 2, "inserted": 0, "updated": 0, "unchanged": 2, "rejected": 0, "warnings": 0}
    # --json: the six counts of 0.1, key for key; --format json adds the report's path
    assert by_alias == counts and by_format == {**counts, "error_report": None}
    listed = json.loads(data("guides", "list", "-f", "json").stdout)
    assert [g["guide_id"] for g in listed] == ["G4", "G1", "G2", "G3"]
    departed = json.loads(data("guides", "depart", "G2", "-f", "json").stdout)
    assert departed == [{"guide_id": "G2", "departed": "yes", "customers": 1}]


def test_transfer_and_undo_json_by_format_or_alias(cli, tmp_path):
    setup_chain(cli, tmp_path, {"A1": ("SH01", 1), "B9": ("SH01", 2)})
    assert cli("guides", "depart", "B9").exit_code == 0
    dry = json.loads(cli("transfer", "B9", "--dry-run", "-f", "json").stdout)
    assert (dry["batch"], dry["dry_run"], dry["moved"]) == (None, True, 2)
    assert dry["skipped"] == [] and dry["unplaced"] == []
    done = json.loads(cli("transfer", "B9", "--json").stdout)
    assert done["batch"] == 1 and done["receivers"][0]["to_guide"] in ("A1", "A2", "A3")
    undone = json.loads(cli("transfer", "undo", "1", "-f", "json").stdout)
    assert undone == {"batch": 2, "undone": 1, "restored": 2, "kept": []}


def test_csv_and_tsv_are_one_table(data):
    r = data("members", "list", "-f", "csv")
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0][:3] == ["phone", "member_no", "name"] and len(rows) == 3
    r = data("members", "list", "-f", "tsv")
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert rows[0][:3] == ["phone", "member_no", "name"] and rows[1][0] == "138****8000"


def test_a_record_in_plain_is_key_value_lines(data, tmp_path):
    r = data("import", "members", write_csv(tmp_path / "x.csv", MEMBERS), "-f", "plain")
    assert r.stdout.splitlines() == [
        "rows: 2", "inserted: 0", "updated: 0", "unchanged: 2", "rejected: 0", "warnings: 0",
        "error_report: ",
    ]  # fmt: skip


def test_partial_outcomes_exit_3(data, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", "手机号,姓名\n12345,甲\n13800138009,乙\n")
    r = data("import", "members", bad, "--json")
    assert r.exit_code == 3
    assert json.loads(r.stdout)["rejected"] == 1


def test_a_narrow_terminal_never_wraps_ids_phones_or_times(monkeypatch, capsys):
    from privcli.base.output import Format, Listing, render

    monkeypatch.setenv("COLUMNS", "70")
    cols = ["phone", "name", "registered_at", "store_code", "channel", "tags", "note"]
    rows = [
        [
            "138****8000",
            "王*",
            "2026-11-01 10:00:00",
            "SH01",
            "小程序商城",
            "VIP,母婴,高潜",
            "x" * 30,
        ]
    ]
    render(Listing(cols, rows), Format.table)
    out, err = capsys.readouterr()
    for value in ("138****8000", "2026-11-01 10:00:00", "SH01"):
        assert value in out  # whole, on one line
    assert "left out to fit the terminal" in err and "note" in err


def test_plain_output_aligns_chinese_text(data):
    r = data("guides", "list", "-f", "plain")
    lines = r.stdout.splitlines()
    from wcwidth import wcswidth

    # the column after the Chinese names starts at the same display position on every line
    starts = {
        wcswidth(line[: line.index("SH01" if "SH01" in line else "store_code")])
        for line in lines
        if "SH01" in line or "store_code" in line
    }
    assert len(starts) == 1
