"""Killed with SIGKILL in the middle of its work, privcli leaves the database exactly as it was
and no process behind, and running the same command again completes it.

This is the proof behind "a file lands whole or not at all", "a transfer or an undo is one
transaction" and "a killed run leaves no worker behind" (README: What privcli guarantees).
Everything goes through the installed `privcli` command in a subprocess, the way cron runs it;
the database is compared through a dump of every table the catalog lists, and of its indexes
and constraints (which a large first import drops and rebuilds inside its transaction), so
tables added later are covered without touching this file.

Hitting 30%, 60% and 90% of a run: the same command is first run uninterrupted on the same
state (an import with --dry-run, which does all the work and rolls back; a transfer and its undo
for real, which puts the state back where it was), measuring the work it does while its write
transaction is open: CPU seconds of its processes and of its database server processes, which,
unlike wall-clock time, do not stretch when other test suites share the machine. Then it is run
again and stopped (SIGSTOP) when it has done those fractions of that work, checked (it has not
finished, its transaction is open: SQLite: it holds the write lock; PostgreSQL: its session is
in a transaction), and killed. A kill that misses does not pass silently: the scenario is
repeated on a new database with 1.5x the input, and fails with the reasons after three tries.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import PG_URL

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="SIGSTOP/SIGKILL and /proc, and the import worker forks"
)

REPO = Path(__file__).resolve().parent.parent
PRIVCLI = Path(sys.executable).with_name("privcli")
COMMAND = [str(PRIVCLI)] if PRIVCLI.exists() else [sys.executable, "-m", "privcli"]
FRACTIONS = (0.3, 0.6, 0.9)
ATTEMPTS = 3
GROWTH = 1.5  # input scale of the next attempt after a kill that missed
GONE_WITHIN = 10.0  # seconds a killed run's worker and database sessions get to disappear
POLL = 0.01  # seconds between looks at a running command
MIN_WORK = 0.15  # (CPU) seconds a command must work inside its transaction to be killed in it
TICK = os.sysconf("SC_CLK_TCK")  # the unit of CPU times in /proc


@dataclass(frozen=True)
class Sizes:
    """Rows per input: enough work (0.25-2 CPU seconds per command on the 2-core development
    machine) for three kill points well apart, and no more: each command runs five times."""

    members: int  # members import; >= ~90,000 rows (10 MB) so that it defers the indexes
    orders: int  # orders import
    owned: int  # members whose guides leave, for the transfer


SIZES = {
    "sqlite": Sizes(members=90_000, orders=40_000, owned=50_000),
    # PostgreSQL: orders over 100,000 rows (10 MB), so that the first orders import drops its
    # foreign keys (locking members, stores, guides) with the worker on: the kills land there
    "postgresql": Sizes(members=90_000, orders=110_000, owned=15_000),
}


class Missed(Exception):
    """A kill did not land inside the command's transaction (it had not begun, or the command
    had finished): nothing is proven, the scenario is tried again with more input."""


# -- databases -------------------------------------------------------------------------------


@dataclass
class Store:
    """A database under test, as privcli sees it (url) and as this test reads it."""

    kind: str  # "sqlite" | "postgresql"
    url: str
    path: Path | None = None  # SQLite: the file
    app: str = ""  # PostgreSQL: the application_name every privcli session of this store has

    def connect(self, timeout: float = 10) -> Any:
        if self.kind == "sqlite":
            return sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        import psycopg

        # another application_name: this connection is not one of privcli's sessions
        return psycopg.connect(self.url, autocommit=True, application_name="privcli-tests")

    def sessions(self, c: Any) -> list[tuple]:
        """privcli's PostgreSQL sessions: (pid, state, inside a transaction, has written).
        Inside a transaction: one that spans statements (a single autocommit statement, such
        as the schema check or the worker's lookups, does not count)."""
        return c.execute(
            "SELECT pid, state, state LIKE 'idle in transaction%%' OR xact_start < query_start,"
            " backend_xid IS NOT NULL FROM pg_stat_activity WHERE application_name = %s",
            (self.app,),
        ).fetchall()

    def writing(self, c: Any) -> bool:
        """Does privcli hold a write transaction open right now? (SQLite: its write lock; `c`
        must have no busy timeout.)"""
        if self.kind == "postgresql":
            return any(in_tx for _, _, in_tx, _ in self.sessions(c))
        try:
            c.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                return True
            raise
        c.execute("ROLLBACK")
        return False

    def assert_released(self) -> None:
        """Nothing of a killed run holds the database: on PostgreSQL no privcli session is left
        (neither the run's own nor its worker's) and every table can be locked at once; on
        SQLite a write transaction begins without waiting."""
        with closing(self.connect(timeout=0)) as c:
            if self.kind == "sqlite":
                assert not self.writing(c), f"{self.path} is still locked after the kill"
                return
            deadline = time.monotonic() + GONE_WITHIN
            while (left := self.sessions(c)) and time.monotonic() < deadline:
                time.sleep(0.02)
            assert not left, f"privcli sessions still open {GONE_WITHIN} s after the kill: {left}"
            with c.transaction():
                tables = ", ".join(f'"{t}"' for t in _tables(c, "postgresql"))
                c.execute(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE NOWAIT")


def _tables(c: Any, kind: str) -> dict[str, str]:
    """table -> a query for all its rows in a fixed order (by primary key), for every table in
    the catalog."""
    if kind == "postgresql":
        names = c.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema ="
            " current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
        out = {}
        for (name,) in names:
            key = c.execute(
                "SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.n)"
                " FROM pg_index i, unnest(i.indkey) WITH ORDINALITY k(attnum, n), pg_attribute a"
                " WHERE i.indrelid = CAST(%s AS regclass) AND i.indisprimary"
                " AND a.attrelid = i.indrelid AND a.attnum = k.attnum",
                (f'"{name}"',),
            ).fetchone()[0]
            # without a key: the row's text form orders values of any type
            out[name] = f'SELECT * FROM "{name}" t ORDER BY {key or "CAST(t AS text)"}'
        return out
    names = c.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    out = {}
    for (name,) in names.fetchall():
        columns = c.execute(f'PRAGMA table_info("{name}")').fetchall()  # (cid, name, ..., pk)
        key = [col[1] for col in sorted(columns, key=lambda col: col[5]) if col[5]]
        order = ", ".join(f'"{col}"' for col in key or [col[1] for col in columns])
        out[name] = f'SELECT * FROM "{name}" ORDER BY {order}'
    return out


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every table's rows in a fixed order, and under "(schema)" its columns, indexes and
    constraints. PostgreSQL sequences are left out: a rolled-back transaction keeps the ids it
    drew from them used (by design), which changes no row."""
    with closing(store.connect()) as c:
        if store.kind == "sqlite":
            schema = c.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            ).fetchall()
        else:
            schema = c.execute(
                "SELECT 'column', table_name, column_name || ' ' || data_type || ' '"
                " || is_nullable || ' ' || coalesce(column_default, '')"
                " FROM information_schema.columns WHERE table_schema = current_schema()"
                " UNION ALL SELECT 'index', tablename, indexdef FROM pg_indexes"
                " WHERE schemaname = current_schema()"
                " UNION ALL SELECT 'constraint', conrelid::regclass::text,"
                " conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2, 3"
            ).fetchall()
        out = {"(schema)": [tuple(r) for r in schema]}
        for name, select in _tables(c, store.kind).items():
            out[name] = c.execute(select).fetchall()
        return out


def assert_same(after: dict[str, list], before: dict[str, list], what: str) -> None:
    """Fail naming each table that differs, with row counts and a changed row."""
    if after == before:
        return
    lines = []
    for table in sorted(set(before) | set(after)):
        b, a = before.get(table), after.get(table)
        if a == b:
            continue
        if a is None or b is None:
            lines.append(f"  {table}: {'added' if b is None else 'gone'}")
            continue
        gone, new = set(b) - set(a), set(a) - set(b)
        example = f"; e.g. now {sorted(new, key=repr)[0]!r}" if new else ""
        lines.append(
            f"  {table}: {len(b)} -> {len(a)} rows, {len(gone)} gone, {len(new)} new{example}"
        )
    pytest.fail(f"the database changed after {what}:\n" + "\n".join(lines))


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store(request, tmp_path) -> Iterator[Callable[[], Store]]:
    """Makes empty stores of one kind: a file, or a PostgreSQL schema of its own (dropped at the
    end), whose sessions carry the schema's name as application_name."""
    kind = request.param
    if kind == "postgresql" and not PG_URL:
        pytest.skip("PRIVCLI_TEST_PG_URL not set")
    schemas: list[str] = []
    counter = itertools.count(1)

    def make() -> Store:
        n = next(counter)
        if kind == "sqlite":
            path = tmp_path / f"chain-{n}.db"
            return Store(kind, str(path), path=path)
        import psycopg

        schema = f"t_faults_{uuid.uuid4().hex[:10]}"
        with closing(psycopg.connect(PG_URL, autocommit=True)) as c:
            c.execute(f"CREATE SCHEMA {schema}")
        schemas.append(schema)
        sep = "&" if "?" in PG_URL else "?"
        options = quote(f"-csearch_path={schema}")
        return Store(kind, f"{PG_URL}{sep}options={options}&application_name={schema}", app=schema)

    yield make
    if schemas:
        import psycopg

        with closing(psycopg.connect(PG_URL, autocommit=True)) as c:
            for schema in schemas:
                c.execute(f"DROP SCHEMA {schema} CASCADE")


# -- running privcli -------------------------------------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    """This environment without any PRIVCLI_ setting of the developer's, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVCLI_")}
    return {**env, "NO_COLOR": "1", **extra}


def privcli(store: Store, *args: str | Path, env: dict[str, str], ok: tuple[int, ...] = (0,)):
    """Run privcli to the end; it must exit with one of `ok`."""
    r = subprocess.run(
        [*COMMAND, "--db", store.url, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert r.returncode in ok, (
        f"privcli {' '.join(map(str, args))}: exit {r.returncode}\n{r.stderr}"
    )
    return r


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat from the third (state) on, None when there is no such
    process: [0] state, [1] parent pid, [11] utime, [12] stime, [19] start time."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text[text.rindex(")") + 2 :].split()


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, start time) of the processes whose parent is `pid` (the import's worker)."""
    try:
        pids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:  # a kernel without that file: look at every process
        pids = [e for e in os.listdir("/proc") if e.isdigit()]
    stats = ((int(p), _stat(int(p))) for p in pids)
    return [(p, s[19]) for p, s in stats if s is not None and s[1] == str(pid)]


def _alive(pid: int, started: str) -> bool:
    """Still running: a zombie has exited and holds nothing (an orphan's zombie stays until
    init reaps it, which in a container may be never)."""
    s = _stat(pid)
    return s is not None and s[19] == started and s[0] not in "ZX"


class Meter:
    """How far a running command has got: the CPU seconds spent by its process, its import
    worker and, on PostgreSQL, the server processes of its sessions. Unlike wall-clock time,
    CPU time for the same work hardly changes with what else the machine runs (other test
    suites, in parallel on the same cores), so a kill point in CPU time lands at the same
    point of the work on every run. When the server's processes are not visible here (a
    server on another machine or container), wall-clock seconds instead."""

    def __init__(self, store: Store, pid: int, c: Any):
        self.store, self.pid, self.c = store, pid, c
        self.seen: dict[tuple[int, str], float] = {}  # last CPU seconds seen per process
        self.clock = False
        self.base = 0.0
        self.server: list[int] = []  # the server processes of its sessions
        self.server_at = 0.0  # when they were last listed

    def _pids(self) -> list[int]:
        if self.store.kind == "postgresql" and time.monotonic() > self.server_at + 0.05:
            self.server = [pid for pid, *_ in self.store.sessions(self.c)]
            self.server_at = time.monotonic()
        return [self.pid, *(p for p, _ in _children(self.pid)), *self.server]

    def _read(self) -> float:
        if self.clock:
            return time.monotonic()
        for pid in self._pids():
            if s := _stat(pid):
                # the process's own time: a reaped worker's is in the parent's cutime, but it
                # is counted here from its own entry, seen while it ran
                self.seen[pid, s[19]] = (int(s[11]) + int(s[12])) / TICK
        return sum(self.seen.values())

    def start(self) -> None:
        if self.store.kind == "postgresql":
            server = [pid for pid, *_ in self.store.sessions(self.c)]
            self.clock = not server or not all(
                Path(f"/proc/{pid}/comm").exists()
                and Path(f"/proc/{pid}/comm").read_text().strip() == "postgres"
                for pid in server
            )
        self.base = self._read()

    def read(self) -> float:
        """Work done since start()."""
        return self._read() - self.base


@dataclass
class Run:
    """A privcli process, and whether its write transaction was seen open."""

    proc: subprocess.Popen
    what: str
    out: Any
    err: Any
    c: Any  # the test's connection to the store, to watch it
    meter: Meter
    opened: bool = False

    def finish(self) -> tuple[int, str, str]:
        code = self.proc.wait()
        self.c.close()
        with self.out, self.err:
            self.out.seek(0)
            self.err.seek(0)
            return code, self.out.read().decode(), self.err.read().decode(errors="replace")


def launch(store: Store, args: list[str | Path], env: dict[str, str]) -> Run:
    """Start privcli and return once its write transaction is open (or it has ended): kill
    points are measured from there, so that the Python start-up does not count."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    proc = subprocess.Popen([*COMMAND, "--db", store.url, *map(str, args)],
                            stdout=out, stderr=err, env=env)  # fmt: skip
    c = store.connect(timeout=0)
    run = Run(proc, f"privcli {' '.join(map(str, args))}", out, err, c, Meter(store, proc.pid, c))
    while proc.poll() is None:
        if store.writing(c):
            run.meter.start()
            run.opened = True
            break
        time.sleep(POLL)
    return run


def timed(store: Store, args: list[str | Path], env: dict[str, str]) -> tuple[float, Any, str]:
    """Run to the end; the work done while its transaction was open (not after: on SQLite a
    large commit is followed by a checkpoint), its --json output and its stderr."""
    run = launch(store, args, env)
    work = 0.0
    if run.opened:
        # read as it runs: a server process's time is there only while its session lasts
        while True:
            reading = run.meter.read()
            if not store.writing(run.c):
                break
            work = reading
            time.sleep(POLL)
    code, out, err = run.finish()
    assert code == 0, f"{run.what}: exit {code}\n{err}"
    if not run.opened or work < MIN_WORK:
        raise Missed(f"{run.what}: too quick to be killed in the middle ({work:.2f} s of work)")
    return work, json.loads(out)


@dataclass
class Kill:
    fraction: float
    at: float  # work done when stopped
    wrote: bool  # it had written (PostgreSQL: the transaction had an id; SQLite: not known)
    workers: list[tuple[int, str]] = field(default_factory=list)


def kill_during(
    store: Store, args: list[str | Path], fraction: float, work: float, env: dict[str, str]
) -> Kill:
    """Start the command, stop it (SIGSTOP) when it has done `fraction` of `work`, check that
    it is still inside its transaction, SIGKILL it (only it: its worker must end by itself),
    and check that no process and no lock of it is left."""
    run = launch(store, args, env)
    what = f"{run.what} at {fraction:.0%} of its work"
    finished = writing = wrote = None
    workers: list[tuple[int, str]] = []
    done = 0.0
    try:
        if run.opened:
            while run.proc.poll() is None and (done := run.meter.read()) < fraction * work:
                time.sleep(POLL)
            with suppress(ProcessLookupError):  # ended (and reaped by poll) before the point
                os.kill(run.proc.pid, signal.SIGSTOP)
            finished = run.proc.poll()
            if finished is None:
                workers = _children(run.proc.pid)
                writing = store.writing(run.c)
                wrote = store.kind == "sqlite" or any(w for *_, w in store.sessions(run.c))
    finally:
        with suppress(ProcessLookupError):
            os.kill(run.proc.pid, signal.SIGKILL)
        code, _, err = run.finish()
    what += f" ({done:.2f} of {work:.2f} {'s' if run.meter.clock else 'CPU s'})"
    if not run.opened or finished is not None:
        raise Missed(f"{what}: had already finished (exit {code}) {err[-300:]}")
    assert code == -signal.SIGKILL, (what, code, err)
    deadline = time.monotonic() + GONE_WITHIN
    while (left := [p for p, s in workers if _alive(p, s)]) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not left, f"{what}: worker process {left} still running {GONE_WITHIN} s after the kill"
    store.assert_released()
    if not writing:
        raise Missed(f"{what}: its transaction had ended (committed)")
    return Kill(fraction, done, bool(wrote), workers)


def kill_at_each_point(
    store: Store,
    args: list[str | Path],
    work: float,
    env: dict[str, str],
    before: dict[str, list] | None = None,
) -> list[Kill]:
    """Kill the command at 30%, 60% and 90%; after each kill the database is as `before` (a
    dump of it now, if not given)."""
    before = before or dump(store)
    kills = []
    for fraction in FRACTIONS:
        kill = kill_during(store, args, fraction, work, env)
        assert_same(dump(store), before, f"privcli {args[0]} {args[1]} killed at {fraction:.0%}")
        kills.append(kill)
    print(
        f"{store.kind}: privcli {' '.join(map(str, args))}: work {work:.2f}; killed at",
        ", ".join(f"{k.at:.2f} ({len(k.workers)} worker, wrote: {k.wrote})" for k in kills),
    )
    return kills


def with_retries(new_store: Callable[[], Store], scenario: Callable[[Store, float], None]) -> None:
    """Run `scenario(store, scale)` on a new store, again with more input after a miss."""
    misses = []
    for attempt in range(ATTEMPTS):
        try:
            return scenario(new_store(), GROWTH**attempt)
        except Missed as e:
            misses.append(f"  attempt {attempt + 1}: {e}")
            print(f"missed, trying again with more input: {e}")
    pytest.fail(
        f"could not kill the command inside its transaction in {ATTEMPTS} attempts (input grown"
        f" {GROWTH}x each time):\n" + "\n".join(misses)
    )


# -- data ------------------------------------------------------------------------------------


def head(src: Path, dst: Path, rows: int, column: str | None = None, value: str = "") -> Path:
    """The header and the first `rows` data rows of a CSV, with `column` set to `value` if
    given."""
    with open(src, encoding="utf-8", newline="") as f, open(dst, "w", encoding="utf-8") as g:
        reader, writer = csv.reader(f), csv.writer(g)
        header = next(reader)
        writer.writerow(header)
        i = header.index(column) if column else None
        for row in itertools.islice(reader, rows):
            if i is not None:
                row[i] = value
            writer.writerow(row)
    return dst


@pytest.fixture(scope="session")
def chain_data(tmp_path_factory) -> Callable[[Path, int, int], Path]:
    """Puts in a directory the stores and guides of one synthetic chain (samples/generate.py,
    20 stores, 100 guides) and its first N members and M orders. The chain is generated once
    per session, again larger only if a test asks for more."""
    largest = {"members": 0, "orders": 0, "dir": Path()}

    def make(dest: Path, members: int, orders: int) -> Path:
        if members > largest["members"] or orders > largest["orders"]:
            members_all = max(members, *(s.members for s in SIZES.values()))
            orders_all = max(orders, *(s.orders for s in SIZES.values()))
            out = tmp_path_factory.mktemp("chain")
            subprocess.run(
                [sys.executable, str(REPO / "samples" / "generate.py"), str(out),
                 "--members", str(members_all), "--orders", str(orders_all),
                 "--stores", "20", "--guides", "100"],
                check=True, capture_output=True,
            )  # fmt: skip
            largest.update(members=members_all, orders=orders_all, dir=out)
        dest.mkdir(exist_ok=True)
        for name in ("stores.csv", "guides.csv"):
            shutil.copyfile(largest["dir"] / name, dest / name)
        head(largest["dir"] / "members.csv", dest / "members.csv", members)
        head(largest["dir"] / "orders.csv", dest / "orders.csv", orders)
        return dest

    return make


def chain_with_old_rows(store: Store, data: Path, env: dict[str, str]) -> None:
    """Stores, guides, and the first 2,000 members and 1,000 orders of `data` in an older
    version (other points, cancelled), so that the import under test updates rows as well as
    inserting them."""
    privcli(store, "import", "stores", data / "stores.csv", env=env)
    privcli(store, "import", "guides", data / "guides.csv", env=env)
    old = head(data / "members.csv", data / "old-members.csv", 2_000, "积分", "1")
    privcli(store, "import", "members", old, env=env)
    old = head(data / "orders.csv", data / "old-orders.csv", 1_000, "订单状态", "已关闭")
    privcli(store, "import", "orders", old, env=env, ok=(0, 3))


def count(store: Store, table: str) -> int:
    """Rows in a table."""
    with closing(store.connect()) as c:
        return c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


# -- the tests -------------------------------------------------------------------------------


def killed_import(store: Store, kind: str, file: Path, rows: int, env: dict[str, str]) -> None:
    """Time the import's dry run (which must change nothing), kill the import at 30/60/90%
    (the database must be as before, with a worker at least once), then run it to the end: the
    counts are those the dry run announced, every row landed."""
    args: list[str | Path] = ["import", kind, file, "--json"]
    before = dump(store)
    work, announced = timed(store, [*args, "--dry-run"], env)
    after_dry_run = dump(store)
    assert_same(after_dry_run, before, f"import {kind} --dry-run")
    assert announced["rows"] == rows and announced["rejected"] == 0, announced
    kills = kill_at_each_point(store, args, work, env, after_dry_run)
    if not any(k.workers for k in kills):
        raise Missed(f"import {kind}: no kill found the worker process running")
    r = privcli(store, *args, env={**env, "PRIVCLI_TRACE_SQL": "1"})  # statements on stderr
    summary = json.loads(r.stdout)
    assert summary == announced
    if kind == "members":  # so the kills above hit an import that had dropped the indexes
        assert "DROP INDEX" in r.stderr, "the members file is too small to defer the indexes"
    assert summary["inserted"] + summary["updated"] + summary["unchanged"] == rows
    assert summary["updated"] > 0  # the old rows took the file's values
    assert count(store, kind) == len(before[kind]) + summary["inserted"]


def test_killed_imports_leave_the_old_state_and_no_worker(new_store, chain_data, tmp_path):
    """A members import (large enough to drop and rebuild the table's indexes, and on
    PostgreSQL its foreign keys, inside its transaction), then an orders import of those
    members' purchases, both through the worker process (PRIVCLI_IMPORT_WORKER=on), each killed
    at 30/60/90%: the database is exactly as before (rows, indexes, constraints, import log),
    the worker is gone and nothing holds the database; the same import then lands whole."""
    env = _env(PRIVCLI_IMPORT_WORKER="on")

    def scenario(store: Store, scale: float) -> None:
        sizes = SIZES[store.kind]
        members, orders = int(sizes.members * scale), int(sizes.orders * scale)
        data = chain_data(tmp_path / f"data-{scale}", members, orders)
        chain_with_old_rows(store, data, env)
        killed_import(store, "members", data / "members.csv", members, env)
        killed_import(store, "orders", data / "orders.csv", orders, env)

    with_retries(new_store, scenario)


def _owners(store: Store) -> dict[str, str | None]:
    """Each member's phone -> the id of the guide who owns the member now."""
    with closing(store.connect()) as c:
        return dict(
            c.execute(
                "SELECT m.phone, g.code FROM members m LEFT JOIN guides g ON g.id = m.guide_id"
            ).fetchall()
        )


def test_a_killed_transfer_or_undo_moves_nobody(new_store, chain_data, tmp_path):
    """Four fifths of the guides leave; `transfer --all-departed` and then `transfer undo`,
    each killed at 30/60/90%: the database is exactly as before each time (owners, owner log,
    batches); re-run, the transfer moves everyone to the owners an uninterrupted run chose, and
    the undo puts everyone back."""
    # transfer, undo, transfer, undo within minutes: beyond WeCom's 2 per 90 days, which the
    # transfer enforces from the history (tested elsewhere)
    env = _env(PRIVCLI_TRANSFER_LIMIT="100")

    def scenario(store: Store, scale: float) -> None:
        data = chain_data(tmp_path / f"data-{scale}", int(SIZES[store.kind].owned * scale), 0)
        privcli(store, "import", "stores", data / "stores.csv", env=env)
        privcli(store, "import", "guides", data / "guides.csv", env=env)
        privcli(store, "import", "members", data / "members.csv", env=env)
        with open(data / "guides.csv", encoding="utf-8") as f:
            leaving = [row[0] for row in itertools.islice(csv.reader(f), 1, None)]
        leaving = [g for g in leaving if not g.endswith("01")]  # the store managers stay
        privcli(store, "guides", "depart", *leaving, env=env)
        start = _owners(store)
        moving = sum(1 for g in start.values() if g is not None and not g.endswith("01"))
        run = ["transfer", "--all-departed", "--json"]

        # timed uninterrupted: the transfer, then its undo, which restores every owner
        work, done = timed(store, run, env)
        assert done["moved"] == moving and not done["skipped"] and not done["unplaced"], done
        planned = _owners(store)
        undo = ["transfer", "undo", str(done["batch"]), "--json"]
        undo_work, undone = timed(store, undo, env)
        assert undone["restored"] == moving and _owners(store) == start

        kill_at_each_point(store, run, work, env)
        again = json.loads(privcli(store, *run, env=env).stdout)
        assert again["moved"] == moving
        assert _owners(store) == planned  # the same plan as the uninterrupted run

        undo = ["transfer", "undo", str(again["batch"]), "--json"]
        kill_at_each_point(store, undo, undo_work, env)
        assert json.loads(privcli(store, *undo, env=env).stdout)["restored"] == moving
        assert _owners(store) == start

    with_retries(new_store, scenario)


def test_a_killed_import_leaves_no_worker_even_while_it_waits(new_store, chain_data, tmp_path):
    """PostgreSQL: the orders worker looks buyers up over a connection of its own, where it
    can wait for a lock (another session's schema change, an index rebuild). If the import is
    killed then, its worker must go at once, not when the lock comes free: the worker holds a
    copy of the import's own connection (inherited at fork), so while it lives the killed
    import's transaction stays open with its locks."""
    store = new_store()
    if store.kind == "sqlite":
        pytest.skip("SQLite readers never wait for a lock")
    env = _env(PRIVCLI_IMPORT_WORKER="on")
    data = chain_data(tmp_path / "data", 2_000, 5_000)
    for kind in ("stores", "guides", "members"):
        privcli(store, "import", kind, data / f"{kind}.csv", env=env)
    before = dump(store)
    with closing(store.connect()) as holder, holder.transaction():
        holder.execute("LOCK TABLE members IN ACCESS EXCLUSIVE MODE")
        run = launch(store, ["import", "orders", data / "orders.csv"], env)
        waiting = (
            "SELECT 1 FROM pg_stat_activity WHERE application_name = %s"
            " AND wait_event_type = 'Lock'"
        )
        try:
            deadline = time.monotonic() + 60
            while not (
                (workers := _children(run.proc.pid))
                and run.c.execute(waiting, (store.app,)).fetchone()
            ):
                assert run.proc.poll() is None, "the import ended without waiting for the lock"
                assert time.monotonic() < deadline, "the import's worker never waited for the lock"
                time.sleep(POLL)
        finally:
            run.proc.kill()  # SIGKILL, the parent only
            run.finish()
        deadline = time.monotonic() + GONE_WITHIN
        while (left := [p for p, s in workers if _alive(p, s)]) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not left, f"the worker {left} outlived the killed import"
        with closing(store.connect()) as c:
            while (
                open_tx := [s for s in store.sessions(c) if s[2]]
            ) and time.monotonic() < deadline:
                time.sleep(0.02)
        assert not open_tx, f"the killed import's transaction is still open: {open_tx}"
    # the lock is free: the worker's server process, which was waiting for it, ends too
    store.assert_released()
    assert_same(dump(store), before, "import orders killed while its worker waited")
