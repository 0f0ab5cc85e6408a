#!/usr/bin/env python3
"""Daily tasks benchmark: `privcli tasks generate` with the default rules over a whole chain,
with a same-run floor.

    python bench/bench_tasks.py                      # 1M members, 3M orders, 8,000 guides
    python bench/bench_tasks.py --quick              # 20k members, 60k orders: a smoke test
    python bench/bench_tasks.py --members 5000000 --orders 15000000

The chain (stores, guides, members, orders from samples/generate.py, under bench/data/) is
imported once into bench/out/tasks-<sizes>.db (not measured, reused). Measured, each one run of
the installed CLI in a subprocess (wall clock including start-up, peak memory as
bench_import.py measures it): `tasks generate --json` on a copy of that database, then again
on the result (regenerating the day: every pending task replaced). Floor: python's sqlite3
running the one read generation cannot avoid, each member's paid orders grouped (first day,
last day, count; a scan and a sort, as generation reads them) over the same database, in the
same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_import as bi  # noqa: E402  (the shared runner, memory sampling, table)

TARGET_S = 30
TARGET_RSS_MB = 500


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.data: Path = args.data
        self.out: Path = args.out
        self.privcli = args.privcli
        self.results: list[bi.Row] = []
        self.base = self.out / f"tasks-m{args.members}-o{args.orders}.db"

    def cli(self, db: str, *args: str, ok=(0,)) -> bi.Run:
        return bi.run([self.privcli, "--db", db, *args], cwd=self.out, ok=ok)

    @staticmethod
    def cpu(run) -> tuple[bi.Run, float]:
        """A run and the CPU seconds (user + system) it took: the figure to compare on a
        machine other jobs load (the wall clock is not)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = run()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    def generate_data(self) -> None:
        a = self.args
        if (self.data / ".complete").exists():
            bi.log(f"data: {self.data} (cached)")
            return
        self.data.mkdir(parents=True, exist_ok=True)
        bi.run(
            [sys.executable, str(bi.REPO / "samples" / "generate.py"), str(self.data),
             "--members", str(a.members), "--orders", str(a.orders), "--stores",
             str(a.stores), "--guides", str(a.guides), "--seed", str(a.seed)],
            cwd=bi.REPO,
        )  # fmt: skip
        (self.data / ".complete").write_text(json.dumps(vars(a), default=str))

    def chain(self) -> None:
        """Stores, guides, members and orders imported once (not measured)."""
        done = Path(f"{self.base}.complete")
        if done.exists():
            bi.log(f"chain: {self.base} (cached)")
            return
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.base}{suffix}").unlink(missing_ok=True)
        for kind in ("stores", "guides", "members", "orders"):
            self.cli(str(self.base), "import", kind, str(self.data / f"{kind}.csv"), "--json",
                     ok=(0, 3))  # fmt: skip
        con = sqlite3.connect(self.base)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        done.write_text("ok")

    def copy(self, name: str) -> str:
        dest = self.out / name
        for suffix in ("-wal", "-shm"):
            Path(f"{dest}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.base, dest)
        return str(dest)

    def row(self, what: str, r: bi.Run, out: dict, cpu: float) -> None:
        self.results.append(
            bi.Row(
                what,
                self.args.members,
                r.seconds,
                r.rss_mb,
                target=f"< {TARGET_S} s, < {TARGET_RSS_MB} MB",
                min_rps=self.args.members / TARGET_S,
                max_rss=TARGET_RSS_MB,
                notes=f"{cpu:.1f} CPU s; {out['tasks']:,} tasks for {out['guides']:,} guides, "
                f"{out['replaced']:,} replaced, {out['unassigned']:,} unassigned "
                "(rows = members)",
            )
        )

    def run_all(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self.generate_data()
        self.chain()
        db = self.copy("tasks-run.db")
        bi.log("== tasks generate (SQLite) ==")
        load = os.getloadavg()[0]
        r, cpu = self.cpu(lambda: self.cli(db, "tasks", "generate", "--json"))
        self.row("SQLite tasks generate (default rules)", r, json.loads(r.stdout), cpu)
        r, cpu = self.cpu(lambda: self.cli(db, "tasks", "generate", "--json"))
        self.row("SQLite tasks generate again (same day: replaces)", r, json.loads(r.stdout), cpu)
        r, cpu = self.cpu(
            lambda: bi.run([sys.executable, __file__, "ref-floor", str(self.base)], cwd=self.out)
        )
        self.results.append(
            bi.Row(
                "ref: floor sqlite3 GROUP BY of paid orders per member",
                self.args.members,
                r.seconds,
                r.rss_mb,
                notes=f"{cpu:.1f} CPU s; {int(r.stdout.split()[-1]):,} buyers; the one pass "
                f"over orders (load average {load:.1f} at the start)",
            )
        )


def ref_floor(path: str) -> str:
    """The orders read generation cannot skip, alone: sql/tasks/paid.sql's GROUP BY."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA cache_size=-65536")
    dn = "CAST(julianday(date({})) - 2451544.5 AS INTEGER)"
    n = 0
    for _ in con.execute(
        f"SELECT member_id, {dn.format('MIN(paid_at)')}, {dn.format('MAX(paid_at)')}, COUNT(*)"
        " FROM orders NOT INDEXED WHERE kind = 'sale' AND status = 'paid' AND member_id IS NOT NULL"
        " AND paid_at < date('now') GROUP BY member_id"
    ):
        n += 1
    return str(n)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=1_000_000)
    p.add_argument("--orders", type=int, default=3_000_000)
    p.add_argument("--stores", type=int, default=400)
    p.add_argument("--guides", type=int, default=8000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quick", action="store_true", help="20k members, 60k orders")
    p.add_argument("--data", type=Path, help="data directory (default bench/data/tasks-m<N>)")
    p.add_argument("--out", type=Path, default=HERE / "out", help="databases")
    p.add_argument("--privcli", default=bi.default_privcli(), help="privcli executable")
    p.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    a = p.parse_args(argv)
    if a.quick:
        a.members, a.orders = 20_000, 60_000
    if a.data is None:
        a.data = HERE / "data" / f"tasks-m{a.members}"
    a.data, a.out = a.data.resolve(), a.out.resolve()
    return a


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "ref-floor":
        print(ref_floor(argv[1]))
        return 0
    args = parse_args(argv)
    bench = Bench(args)
    started = time.perf_counter()
    bench.run_all()
    print(f"Machine: {bi.machine()}")
    print(f"Code under test: {bi.code_under_test(args.privcli)}")
    print(
        f"data: {args.members:,} members, {args.orders:,} orders, {args.stores} stores, "
        f"{args.guides} guides (seed {args.seed}); total {time.perf_counter() - started:.0f} s\n"
    )
    print(bi.table(bench.results))
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
