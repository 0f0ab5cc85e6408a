"""Docs cannot drift: every command has help text and an example in the README, and the demo
(the README's first set-up command) runs."""

from __future__ import annotations

from pathlib import Path

import typer

from privcli.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix: str = ""):
    for name, cmd in group.commands.items():
        path = f"{prefix}{name}"
        yield path, cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, path + " ")


def test_every_command_has_help_and_a_readme_example():
    root = typer.main.get_command(app)
    for path, cmd in _commands(root):
        assert (cmd.help or "").strip(), f"privcli {path} has no help text"
        shown = path.replace("transfer run", "transfer")
        assert f"privcli {shown}" in README, f"README has no example of privcli {shown}"
        for p in cmd.params:
            if p.param_type_name == "option" and p.name != "help":
                assert (p.help or "").strip(), f"{path} {p.opts} has no help"


def test_readme_documents_every_exit_code():
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in README


def test_demo_runs_end_to_end(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["demo"])
    assert r.exit_code == 0, r.output
    assert "$ privcli import members samples/members.xlsx" in r.output
    assert "batch 1: 60 customers moved" in r.output
    assert (tmp_path / "privcli-demo.db").exists()
    # its side files in one folder, and how to point later commands at its database
    files = tmp_path / "privcli-demo"
    assert {p.name for p in files.iterdir()} >= {
        "members.xlsx", "transfer-plan.xlsx", "member-errors.xlsx", "order-errors.csv",
    }  # fmt: skip
    assert [p for p in tmp_path.iterdir() if p.is_file()] == [tmp_path / "privcli-demo.db"]
    assert f"export PRIVCLI_DB={tmp_path / 'privcli-demo.db'}" in r.output
    again = CliRunner().invoke(app, ["demo"])  # rebuilds its own database
    assert again.exit_code == 0
    other = tmp_path / "mine.db"
    other.write_bytes(b"")
    refused = CliRunner().invoke(app, ["demo", "--db", str(other)])
    assert refused.exit_code == 1 and "already exists" in refused.output
