"""A run that names its command builds that command's group only (start-up time), and nothing a
user types reads differently for it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from privcli import cli


@pytest.fixture
def tree(monkeypatch):
    """The root's registrations, restored after the test (build_only_named trims them)."""
    monkeypatch.setattr(cli.app, "registered_groups", list(cli.app.registered_groups))
    monkeypatch.setattr(cli.app, "registered_commands", list(cli.app.registered_commands))
    return cli.app


def _names(app) -> tuple[list[str], list[str]]:
    groups = [g.name for g in app.registered_groups]
    return groups, [c.name or c.callback.__name__ for c in app.registered_commands]


def test_a_named_group_is_built_alone(tree):
    # option values are never taken for the command's name, even one that reads like it
    cli.build_only_named(["--db", "tasks", "--lang", "zh", "coupons", "list", "--limit", "5"])
    assert _names(tree) == (["coupons"], [])


def test_a_named_root_command_is_built_alone(tree):
    cli.build_only_named(["--config", "settings.toml", "config"])
    assert _names(tree) == ([], ["config"])


@pytest.mark.parametrize(
    "args", [[], ["--help"], ["--db", "x.db"], ["nosuch", "list"], ["--version"]]
)
def test_help_typos_and_no_command_keep_the_whole_tree(tree, args):
    whole = _names(tree)
    cli.build_only_named(args)
    assert _names(tree) == whole and "tasks" in whole[0] and "init" in whole[1]


def test_the_demo_keeps_the_whole_tree_it_runs(tree, tmp_path):
    whole = _names(tree)
    cli.build_only_named(["demo", "--db", str(tmp_path / "d.db")])
    assert _names(tree) == whole


def test_shell_completion_keeps_the_whole_tree(tree, monkeypatch):
    monkeypatch.setenv("_PRIVCLI_COMPLETE", "complete_bash")
    whole = _names(tree)
    cli.build_only_named(["coupons"])
    assert _names(tree) == whole


def test_the_installed_entry_point_runs_a_group_and_suggests_on_a_typo(tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "privcli", "--db", str(tmp_path / "s.db"), *args],
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "120"},
            timeout=60,
        )

    assert run("init").returncode == 0
    listed = run("guides", "list", "-f", "json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    typo = run("guids", "list")
    assert typo.returncode == 2 and "guides" in typo.stderr
    demo = subprocess.run(
        [sys.executable, "-m", "privcli", "demo", "--db", str(tmp_path / "demo.db")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "120"},
        timeout=300,
    )
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
