#!/usr/bin/env python3
"""End-to-end import/export benchmark for privcli, with same-run references.

Runs the installed `privcli` CLI as a subprocess for every measured step (wall clock of the whole
command, interpreter start-up included) and its peak memory: the larger of wait4(2)'s peak RSS
and the summed PSS of the process and its children (privcli's import worker) sampled from
/proc. Prints a Markdown table on stdout; progress goes to stderr.

    python bench/bench_import.py                       # full size: 1M members, 3M orders, 200k xlsx
    python bench/bench_import.py --quick               # 20k / 60k / 5k, a smoke test in ~1 minute
    python bench/bench_import.py --pg postgresql+psycopg://postgres@127.0.0.1/bench

Steps (select with --steps): members (SQLite import + re-import, floor and sqlite-utils
references), xlsx, orders, export (csv, xlsx, openpyxl/xlsxwriter references), pg. Data is made by
samples/generate.py under bench/data/ on first use; databases and exports go to bench/out/.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MB = 1024 * 1024

# Targets from the issue.
TARGET_MEMBERS_RPS = 100_000
TARGET_XLSX_RPS = 40_000
TARGET_ORDERS_RPS = 80_000
TARGET_EXPORT_CSV_RPS = 300_000
TARGET_EXPORT_XLSX_RPS = 10_000
TARGET_RSS_MB = 300
TARGET_PG_RATIO = 2.0

ALL_STEPS = ("members", "xlsx", "orders", "export", "pg")


# -- running and measuring one command ------------------------------------------------------------
@dataclass
class Run:
    cmd: list[str]
    seconds: float
    rss_mb: float
    rc: int
    stdout: str
    stderr: str


class TreeRss:
    """Samples the memory of a process and its children (privcli forks a worker for large
    imports) every 0.1 s from /proc: the sum of their PSS, which splits the pages they share
    (the worker is forked, so most of its pages are its parent's) instead of counting them
    twice."""

    def __init__(self, pid: int):
        import threading

        self.pid, self.peak_kb, self._done = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _pss_kb(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _children(self, pid: int) -> list[int]:
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                return [int(x) for x in f.read().split()]
        except OSError:
            return []

    def _loop(self) -> None:
        while not self._done.wait(0.1):
            pids, total = [self.pid], 0
            while pids:
                p = pids.pop()
                total += self._pss_kb(p)
                pids += self._children(p)
            self.peak_kb = max(self.peak_kb, total)

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak_kb / 1024


def run(cmd: list[str], *, cwd: Path, ok: tuple[int, ...] = (0,), quiet: bool = False) -> Run:
    """Run `cmd`, return its wall-clock time and the peak RSS of that process and its children
    (not this script's, not other commands')."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        env = {k: v for k, v in os.environ.items() if k != "PRIVCLI_DB"}
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=env)
        tree = TreeRss(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        tree_mb = tree.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    # wait4 gives the larger peak RSS of the process and its (forked import worker) children;
    # the sampled PSS sum covers both together: report the larger
    r = Run(cmd, seconds, max(usage.ru_maxrss / 1024, tree_mb), proc.returncode, stdout, stderr)
    if r.rc not in ok:
        sys.stderr.write(f"\ncommand failed (exit {r.rc}): {' '.join(cmd)}\n{stdout}\n{stderr}\n")
        raise SystemExit(1)
    if not quiet:
        log(f"  {seconds:8.2f} s  {r.rss_mb:7.1f} MB  {' '.join(_short(c) for c in cmd)}")
    return r


def _short(arg: str) -> str:
    try:
        return os.path.relpath(arg, REPO) if os.path.isabs(arg) else arg
    except ValueError:
        return arg


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- results --------------------------------------------------------------------------------
@dataclass
class Row:
    what: str
    rows: int
    seconds: float
    rss_mb: float | None
    target: str = "reference"  # text for the table
    min_rps: float | None = None  # pass/fail thresholds (None: not a target)
    max_rss: float | None = None
    notes: str = ""
    checks: list[str] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def verdict(self) -> str:
        if self.min_rps is None and self.max_rss is None:
            return "—"
        fails = []
        if self.min_rps is not None and self.rps < self.min_rps:
            fails.append("speed")
        if self.max_rss is not None and self.rss_mb is not None and self.rss_mb >= self.max_rss:
            fails.append("memory")
        return "**FAIL** (" + ", ".join(fails) + ")" if fails else "pass"


def target_text(min_rps: float | None, max_rss: float | None) -> str:
    parts = []
    if min_rps is not None:
        parts.append(f"≥ {min_rps:,.0f} rows/s")
    if max_rss is not None:
        parts.append(f"< {max_rss:.0f} MB")
    return ", ".join(parts)


def table(rows: list[Row]) -> str:
    head = ["what", "rows", "seconds", "rows/s", "peak MB", "target", "result", "notes"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * len(head)) + "|"]
    for r in rows:
        rss = "—" if r.rss_mb is None else f"{r.rss_mb:.0f}"
        cells = [
            r.what,
            f"{r.rows:,}",
            f"{r.seconds:.2f}",
            f"{r.rps:,.0f}",
            rss,
            r.target,
            r.verdict(),
            r.notes,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# -- the benchmark ------------------------------------------------------------------------------
class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.data: Path = args.data
        self.out: Path = args.out
        self.privcli = args.privcli
        self.results: list[Row] = []
        self.sqlite_db = self.out / "bench.db"
        self.sqlite_times: dict[str, float] = {}

    # data
    def generate(self) -> None:
        a = self.args
        marker = self.data / ".complete"
        if marker.exists():
            log(f"data: {_short(str(self.data))} (cached)")
            return
        log(f"data: generating {_short(str(self.data))} ...")
        self.data.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable,
            str(REPO / "samples" / "generate.py"),
            str(self.data),
            "--members",
            str(a.members),
            "--orders",
            str(a.orders),
            "--xlsx-members",
            str(a.xlsx),
            "--stores",
            str(a.stores),
            "--guides",
            str(a.guides),
            "--seed",
            str(a.seed),
        ]
        run(cmd, cwd=REPO)
        marker.write_text(json.dumps(vars(a), default=str))

    def add(self, row: Row) -> Row:
        if row.target == "reference" and (row.min_rps or row.max_rss):
            row.target = target_text(row.min_rps, row.max_rss)
        self.results.append(row)
        return row

    # privcli commands
    def privcli_import(self, db: str, kind: str, path: Path, tag: str) -> tuple[Run, dict]:
        errors = self.out / f"errors-{tag}.csv"
        errors.unlink(missing_ok=True)
        cmd = [
            self.privcli,
            "--db",
            db,
            "import",
            kind,
            str(path),
            "--json",
            "--errors",
            str(errors),
        ]
        r = run(cmd, cwd=self.out, ok=(0, 3))
        summary = json.loads(r.stdout.strip().splitlines()[-1])
        return r, summary

    def import_row(self, what, db, kind, path, tag, min_rps=None, note_prefix="") -> Row:
        r, s = self.privcli_import(db, kind, path, tag)
        notes = (
            f"{note_prefix}ins {s['inserted']:,} / upd {s['updated']:,} / unch {s['unchanged']:,}"
        )
        if s["rejected"] or s["warnings"]:
            notes += f" / rej {s['rejected']:,} / warn {s['warnings']:,}"
        return self.add(
            Row(
                what,
                s["rows"],
                r.seconds,
                r.rss_mb,
                min_rps=min_rps,
                max_rss=TARGET_RSS_MB,
                notes=notes,
            )
        )

    def fresh_sqlite(self, path: Path) -> str:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        run([self.privcli, "--db", str(path), "init"], cwd=self.out, quiet=True)
        return str(path)

    def directory(self, db: str, label: str) -> None:
        """Stores then guides: measured (memory target applies) but small."""
        self.import_row(
            f"{label} import stores", db, "stores", self.data / "stores.csv", f"{label}-stores"
        )
        self.import_row(
            f"{label} import guides", db, "guides", self.data / "guides.csv", f"{label}-guides"
        )

    # steps
    def step_members(self) -> None:
        log("== members (SQLite) ==")
        members = self.data / "members.csv"
        db = self.fresh_sqlite(self.sqlite_db)
        self.directory(db, "SQLite")
        first = self.import_row(
            "SQLite import members.csv (first)",
            db,
            "members",
            members,
            "members-1",
            TARGET_MEMBERS_RPS,
        )
        again = self.import_row(
            "SQLite import members.csv (re-import)",
            db,
            "members",
            members,
            "members-2",
            TARGET_MEMBERS_RPS,
        )
        self.sqlite_times = {"first": first.seconds, "again": again.seconds}
        con = sqlite3.connect(db)
        n = con.execute("SELECT COUNT(*) FROM members").fetchone()[0]
        tagged = con.execute("SELECT COUNT(DISTINCT member_id) FROM member_tags").fetchone()[0]
        con.close()
        first.notes += f" / members in db {n:,}"
        # sanity check outside the timings: every member with a 标签 cell should have tags
        expected = tagged_rows(members)
        if expected is not None:
            mark = "ok" if tagged == expected else "**MISMATCH**"
            again.notes += f" / members with tags {tagged:,} (file: {expected:,}, {mark})"

        # (a) the floor: csv.reader + one executemany upsert, same columns, one transaction
        floor_db = self.out / "floor.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{floor_db}{suffix}").unlink(missing_ok=True)
        for label in ("first", "re-import"):
            cmd = [sys.executable, __file__, "ref-floor", str(members), str(floor_db)]
            r = run(cmd, cwd=self.out)
            rows = int(r.stdout.split()[-1])
            self.add(
                Row(
                    f"ref: floor csv.reader + executemany upsert ({label})",
                    rows,
                    r.seconds,
                    r.rss_mb,
                    notes="no normalization, all TEXT",
                )
            )

        # (b) sqlite-utils insert of the same CSV into a fresh database
        su = self.args.sqlite_utils
        if su:
            su_db = self.out / "sqlite-utils.db"
            su_db.unlink(missing_ok=True)
            r = run([su, "insert", str(su_db), "members", str(members), "--csv"], cwd=self.out)
            rows = sqlite3.connect(su_db).execute("SELECT COUNT(*) FROM members").fetchone()[0]
            self.add(
                Row(
                    "ref: sqlite-utils insert --csv (first)",
                    rows,
                    r.seconds,
                    r.rss_mb,
                    notes=_version(su),
                )
            )
        else:
            log("  sqlite-utils not found: reference skipped (see bench/README.md)")

    def step_xlsx(self) -> None:
        log("== members.xlsx (SQLite) ==")
        xlsx = self.data / "members.xlsx"
        if not xlsx.exists():
            log("  no members.xlsx (generate with --xlsx > 0): skipped")
            return
        db = self.fresh_sqlite(self.out / "bench-xlsx.db")
        run(
            [self.privcli, "--db", db, "import", "stores", str(self.data / "stores.csv")],
            cwd=self.out,
            quiet=True,
        )
        run(
            [self.privcli, "--db", db, "import", "guides", str(self.data / "guides.csv")],
            cwd=self.out,
            ok=(0, 3),
            quiet=True,
        )
        self.import_row(
            "SQLite import members.xlsx (first)", db, "members", xlsx, "xlsx-1", TARGET_XLSX_RPS
        )
        # reading alone, for context: python-calamine iterating every row
        cmd = [sys.executable, __file__, "ref-calamine", str(xlsx)]
        r = run(cmd, cwd=self.out)
        self.add(
            Row(
                "ref: python-calamine read members.xlsx only",
                int(r.stdout.split()[-1]),
                r.seconds,
                r.rss_mb,
                notes="iter_rows, no database",
            )
        )

    def step_orders(self) -> None:
        log("== orders (SQLite, into the members database) ==")
        if not self.sqlite_db.exists():
            raise SystemExit("the orders step needs the members step's database: add 'members'")
        self.import_row(
            f"SQLite import orders.csv (first, {self.args.members:,} members in db)",
            str(self.sqlite_db),
            "orders",
            self.data / "orders.csv",
            "orders-1",
            TARGET_ORDERS_RPS,
        )
        if self.args.reimport_orders:
            self.import_row(
                "SQLite import orders.csv (re-import)",
                str(self.sqlite_db),
                "orders",
                self.data / "orders.csv",
                "orders-2",
                TARGET_ORDERS_RPS,
            )

    def step_export(self) -> None:
        log("== export members (SQLite) ==")
        if not self.sqlite_db.exists():
            raise SystemExit("the export step needs the members step's database: add 'members'")
        db = str(self.sqlite_db)
        out_csv, out_xlsx = self.out / "export-members.csv", self.out / "export-members.xlsx"
        for path, target in ((out_csv, TARGET_EXPORT_CSV_RPS), (out_xlsx, TARGET_EXPORT_XLSX_RPS)):
            path.unlink(missing_ok=True)
            r = run([self.privcli, "--db", db, "export", "members", str(path)], cwd=self.out)
            m = re.search(r"wrote (\d+)", r.stderr)
            rows = int(m.group(1)) if m else 0
            self.add(
                Row(
                    f"SQLite export members {path.suffix}",
                    rows,
                    r.seconds,
                    r.rss_mb,
                    min_rps=target,
                    max_rss=TARGET_RSS_MB,
                    notes=f"{path.stat().st_size / MB:.0f} MB file",
                )
            )
        # references: the same 1M x 13 rows (read back from the CSV export) through openpyxl
        # write-only and xlsxwriter constant_memory; and the cost of reading the CSV alone.
        for ref, label in (
            (
                "ref-csvread",
                "csv.reader of the exported CSV only (cost included in the two rows below)",
            ),
            ("ref-openpyxl", "openpyxl write-only, same rows"),
            ("ref-xlsxwriter", "xlsxwriter constant_memory, same rows"),
        ):
            dest = self.out / f"{ref}.xlsx"
            dest.unlink(missing_ok=True)
            r = run([sys.executable, __file__, ref, str(out_csv), str(dest)], cwd=self.out)
            self.add(Row(f"ref: {label}", int(r.stdout.split()[-1]), r.seconds, r.rss_mb))

    def step_pg(self) -> None:
        url = self.args.pg
        if not url:
            log("== pg: skipped (no --pg URL) ==")
            return
        log("== members (PostgreSQL) ==")
        recreate_pg_database(url, self.args.pg_force)
        members = self.data / "members.csv"
        self.directory(url, "PostgreSQL")
        sq = self.sqlite_times
        for label, key, tag in (("first", "first", "pg-1"), ("re-import", "again", "pg-2")):
            row = self.import_row(
                f"PostgreSQL import members.csv ({label})", url, "members", members, tag
            )
            if key in sq:
                ratio = row.seconds / sq[key]
                row.min_rps = row.rows / (sq[key] * TARGET_PG_RATIO)
                row.target = (
                    f"≤ {TARGET_PG_RATIO:g}× SQLite ({sq[key]:.1f} s), < {TARGET_RSS_MB} MB"
                )
                row.notes += f" / {ratio:.2f}× SQLite"
            else:
                row.target = f"< {TARGET_RSS_MB} MB (run 'members' too for the 2× check)"

    def run_all(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self.generate()
        for step in self.args.steps:
            getattr(self, f"step_{step}")()


def recreate_pg_database(url: str, force: bool) -> None:
    import psycopg

    conninfo = "postgresql://" + url.split("://", 1)[1]
    base, _, dbname = conninfo.rpartition("/")
    dbname = dbname.split("?")[0]
    if not dbname.startswith("bench") and not force:
        raise SystemExit(
            f"refusing to drop PostgreSQL database {dbname!r}: the benchmark recreates it. "
            "Use a database named bench* or pass --pg-force."
        )
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')


def tagged_rows(path: Path) -> int | None:
    """Data rows of a members CSV whose tag column (标签/tags) is not empty."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        col = next((i for i, h in enumerate(header) if h.strip() in ("标签", "tags")), None)
        if col is None:
            return None
        return sum(1 for row in reader if len(row) > col and row[col].strip())


def code_under_test(privcli: str) -> str:
    """Where the privcli package that the CLI imports lives, and its git commit (PYTHONPATH may
    point the CLI at another checkout)."""
    python = Path(privcli).with_name("python")
    code = "import pathlib, privcli; print(pathlib.Path(privcli.__file__).parent.parent)"
    try:
        where = subprocess.run(
            [str(python if python.exists() else sys.executable), "-c", code],
            capture_output=True,
            text=True,
            cwd="/",
        ).stdout.strip()
        git = ["git", "-C", where]
        head = subprocess.run(
            git + ["rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            git + ["status", "--porcelain", "--", "privcli", "sql"], capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "?"
    if not head:
        return f"{where} (not a git checkout)"
    return f"{where} at {head}" + (" + uncommitted changes" if dirty else "")


def _version(exe: str) -> str:
    try:
        return subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), RAM {mem}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


# -- references, run as `bench_import.py ref-* ...` in a child process ----------------------------
def ref_floor(csv_path: str, db_path: str) -> int:
    """The floor: csv.reader + one executemany upsert (no normalization) in one transaction,
    into a table with the CSV's columns keyed by phone; same PRAGMAs as privcli's SQLite store."""
    con = sqlite3.connect(db_path, isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "temp_store=MEMORY",
        "cache_size=-65536",
    ):
        con.execute(f"PRAGMA {pragma}")
    with open(csv_path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        key = next(h for h in header if "手机" in h or h.lower() == "phone")
        cols = ", ".join(f'"{h}"' for h in header)
        con.execute(
            f"CREATE TABLE IF NOT EXISTS members (id INTEGER PRIMARY KEY, "
            f'{", ".join(f"{chr(34)}{h}{chr(34)} TEXT" for h in header)}, UNIQUE ("{key}"))'
        )
        sets = ", ".join(f'"{h}" = excluded."{h}"' for h in header if h != key)
        marks = ", ".join("?" * len(header))
        con.execute("BEGIN")
        cur = con.executemany(
            f"INSERT INTO members ({cols}) VALUES ({marks}) "
            f'ON CONFLICT ("{key}") DO UPDATE SET {sets}',
            reader,
        )
        con.execute("COMMIT")
    con.close()
    return cur.rowcount


def _csv_rows(csv_path: str):
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            # as privcli writes them: empty -> no cell, points (column 7) a number
            out = [v or None for v in row]
            if out[6]:
                out[6] = int(out[6])
            yield out


def ref_csvread(csv_path: str, _dest: str) -> int:
    n = 0
    for _ in _csv_rows(csv_path):
        n += 1
    return n


def ref_openpyxl(csv_path: str, dest: str) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("members")
    n = 0
    for row in _csv_rows(csv_path):
        ws.append(row)
        n += 1
    wb.save(dest)
    return n


def ref_xlsxwriter(csv_path: str, dest: str) -> int:
    import xlsxwriter

    wb = xlsxwriter.Workbook(dest, {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("members")
    n = 0
    for n, row in enumerate(_csv_rows(csv_path), 1):  # noqa: B007
        ws.write_row(n, 0, row)
    wb.close()
    return n


def ref_calamine(xlsx_path: str) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(xlsx_path)
    n = 0
    for _ in wb.get_sheet_by_index(0).iter_rows():
        n += 1
    return n - 1  # header


REFS = {
    "ref-floor": ref_floor,
    "ref-csvread": ref_csvread,
    "ref-openpyxl": ref_openpyxl,
    "ref-xlsxwriter": ref_xlsxwriter,
    "ref-calamine": ref_calamine,
}


# -- command line -----------------------------------------------------------------------------
def default_privcli() -> str:
    here = Path(sys.executable).parent / "privcli"
    return str(here) if here.exists() else (shutil.which("privcli") or "privcli")


def default_sqlite_utils() -> str | None:
    for candidate in (shutil.which("sqlite-utils"), "/tmp/bench-venv/bin/sqlite-utils"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=1_000_000)
    p.add_argument("--orders", type=int, default=3_000_000)
    p.add_argument("--xlsx", type=int, default=200_000, help="members in members.xlsx")
    p.add_argument("--stores", type=int, default=400)
    p.add_argument("--guides", type=int, default=8000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quick", action="store_true", help="20k members, 60k orders, 5k xlsx rows")
    p.add_argument(
        "--pg",
        metavar="URL",
        help="also run the PostgreSQL step against URL "
        "(the database is DROPPED and recreated; its name must start with 'bench')",
    )
    p.add_argument("--pg-force", action="store_true", help="recreate a database of any name")
    p.add_argument(
        "--steps",
        default=",".join(ALL_STEPS),
        help=f"comma-separated subset of {','.join(ALL_STEPS)} (default: all)",
    )
    p.add_argument("--reimport-orders", action="store_true", help="also time an orders re-import")
    p.add_argument("--data", type=Path, help="data directory (default bench/data/<sizes>)")
    p.add_argument("--out", type=Path, default=HERE / "out", help="databases and exports")
    p.add_argument("--privcli", default=default_privcli(), help="privcli executable")
    p.add_argument(
        "--sqlite-utils",
        default=default_sqlite_utils(),
        help="sqlite-utils executable (reference; skipped when not found)",
    )
    p.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    a = p.parse_args(argv)
    if a.quick:
        a.members, a.orders, a.xlsx = 20_000, 60_000, 5_000
    a.steps = [s.strip() for s in a.steps.split(",") if s.strip()]
    unknown = set(a.steps) - set(ALL_STEPS)
    if unknown:
        p.error(f"unknown steps: {', '.join(sorted(unknown))}")
    if a.data is None:
        a.data = HERE / "data" / f"m{a.members}-o{a.orders}-x{a.xlsx}-s{a.seed}"
    a.data, a.out = a.data.resolve(), a.out.resolve()
    return a


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in REFS:
        print(REFS[argv[0]](*argv[1:]))
        return 0
    args = parse_args(argv)
    bench = Bench(args)
    started = time.perf_counter()
    bench.run_all()
    print(f"Machine: {machine()}")
    print(f"Code under test: {code_under_test(args.privcli)}")
    print(
        f"privcli: {_version(args.privcli)}; steps: {', '.join(args.steps)}; data: "
        f"{args.members:,} members, {args.orders:,} orders, {args.xlsx:,} xlsx members, "
        f"{args.stores} stores, {args.guides} guides (seed {args.seed}); "
        f"total {time.perf_counter() - started:.0f} s\n"
    )
    print(table(bench.results))
    print(
        "\nseconds = wall clock of the whole command (start-up included); peak MB = the larger of "
        "its peak RSS and the peak PSS of it plus its import worker, sampled every 0.1 s "
        "(PostgreSQL server memory not included)."
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                [dict(vars(r), rps=r.rps, verdict=r.verdict()) for r in bench.results],
                ensure_ascii=False,
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
