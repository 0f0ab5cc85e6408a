"""A `--db` file that is no usable database (a spreadsheet given by mistake, random bytes, a
truncated or overwritten copy) gets a message naming the file and exit 1, never a traceback, and
the file is left exactly as it was.

Run through the installed command in a subprocess: an uncaught exception there prints the
traceback a user would see."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import STORES_CSV, write_csv

COMMAND = (
    [str(Path(sys.executable).with_name("privcli"))]
    if Path(sys.executable).with_name("privcli").exists()
    else [sys.executable, "-m", "privcli"]
)


def privcli(db: Path, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "PRIVCLI_BUSY_TIMEOUT_MS": "2000"}
    env.pop("PRIVCLI_DB", None)
    return subprocess.run(
        [*COMMAND, "--db", str(db), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


@pytest.fixture(scope="module")
def good_db(tmp_path_factory) -> bytes:
    """A real privcli database with some rows, checkpointed into the one file (as a copy
    taken of it would be)."""
    path = tmp_path_factory.mktemp("good") / "good.db"
    stores = write_csv(path.with_name("stores.csv"), STORES_CSV)
    r = privcli(path, "import", "stores", stores, cwd=path.parent)
    assert r.returncode == 0, r.stderr
    c = sqlite3.connect(path)
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    return path.read_bytes()


def random_bytes(path: Path, good: bytes) -> None:
    path.write_bytes(os.urandom(8192))


def a_csv_file(path: Path, good: bytes) -> None:
    # the classic slip: the spreadsheet given as --db instead of as the file to import
    path.write_text("手机号,姓名\n13800138000,甲\n", encoding="utf-8")


def truncated(path: Path, good: bytes) -> None:
    """A copy cut short (disk full, an interrupted scp): the first half only."""
    path.write_bytes(good[: len(good) // 2])


def overwritten_schema_steps(path: Path, good: bytes) -> None:
    """The header and the catalog are intact, so the file opens; the page holding the schema
    steps (the first thing privcli reads) is garbage."""
    path.write_bytes(good)
    c = sqlite3.connect(path)
    roots = [
        r
        for (r,) in c.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = 'schema_steps'")
    ]  # the table and the index of its primary key, which answers privcli's read
    (page_size,) = c.execute("PRAGMA page_size").fetchone()
    c.close()
    with open(path, "r+b") as f:
        for root in roots:
            f.seek((root - 1) * page_size)
            f.write(b"\xff" * page_size)


@pytest.mark.parametrize(
    "spoil, says",
    [
        (random_bytes, "is not a privcli database"),
        (a_csv_file, "is not a privcli database"),
        (truncated, "is damaged"),
        (overwritten_schema_steps, "is damaged"),
    ],
    ids=["random bytes", "csv", "truncated", "schema steps overwritten"],
)
@pytest.mark.parametrize(
    "command", [["members", "list"], ["import", "members"], ["init"]], ids=" ".join
)
def test_a_file_that_is_no_database_is_named_and_left_alone(
    tmp_path, good_db, spoil, says, command
):
    db = tmp_path / "chain.db"
    spoil(db, good_db)
    before = db.read_bytes()
    if command[0] == "import":
        command = [*command, write_csv(tmp_path / "m.csv", "手机号\n13800138000\n")]
    r = privcli(db, *command, cwd=tmp_path)
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr + r.stdout
    assert f"{db} {says}" in r.stderr
    assert db.read_bytes() == before  # not "repaired", not initialized over
    assert sorted(p.name for p in tmp_path.glob("chain.db*")) == ["chain.db"]


def test_a_directory_given_as_the_database_is_named(tmp_path):
    r = privcli(tmp_path, "members", "list", cwd=tmp_path)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert f"cannot open the database file {tmp_path}" in r.stderr
