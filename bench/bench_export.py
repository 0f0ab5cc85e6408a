"""Focused benchmark of `privcli export members` (csv and xlsx), for working on the export path.

Each run is one `privcli` CLI process, timed end to end (wall clock, CPU seconds of the process
and its threads, peak RSS from wait4). Runs of the variants are interleaved so that a busy
neighbour on a shared machine slows them alike; the best and the spread are reported.

    /tmp/venv/bin/python bench/bench_import.py --steps members      # builds bench/out/bench.db
    cp bench/out/bench.db /tmp/export-bench.db
    /tmp/venv/bin/python bench/bench_export.py --db /tmp/export-bench.db --repeat 3

    # compare with another checkout of the code (e.g. the last commit)
    rm -rf /tmp/snap && mkdir /tmp/snap && git archive HEAD privcli sql | tar -x -C /tmp/snap
    /tmp/venv/bin/python bench/bench_export.py --db /tmp/export-bench.db --code /tmp/snap --code .

The database is opened read-only by the export; the output files go to --out (default /tmp).

`--floor` also times, in the same rounds, the floor: a Python process that reads the same
members (the export's SQL, store and guide codes joined in SQL, no tags) with sqlite3 and writes
them with csv.writer: what any export of these rows must at least do, with no masking, no
formula guard, no types and no xlsx.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path


def privcli_command() -> list[str]:
    exe = Path(sys.executable).with_name("privcli")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("privcli")
    return [found] if found else [sys.executable, "-m", "privcli"]


def run(cmd: list[str], env: dict) -> tuple[float, float, int, str]:
    """wall s, cpu s, peak RSS MB, stderr"""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace") if p.stderr else ""
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{err}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss // 1024, err


FLOOR_SQL = """
SELECT m.phone, m.member_no, m.name, m.gender, m.birthday, m.level, m.points, m.registered_at,
       s.code, g.code, a.code, m.channel
FROM members m
LEFT JOIN stores s ON s.id = m.store_id
LEFT JOIN guides g ON g.id = m.guide_id
LEFT JOIN guides a ON a.id = m.acquired_by
ORDER BY m.id
"""


def ref_floor(db: str, dest: str) -> None:
    """The floor (see the module docstring): sqlite3 fetch + csv.writer."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    cur = con.execute(FLOOR_SQL)
    n = 0
    with open(dest, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        while rows := cur.fetchmany(2000):
            w.writerows(rows)
            n += len(rows)
    print(f"wrote {n} members", file=sys.stderr)


def main() -> None:
    if sys.argv[1:2] == ["ref-floor"]:
        ref_floor(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="/tmp/export-bench.db")
    ap.add_argument("--formats", default="csv,xlsx")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--code", action="append", help="directory holding the privcli package "
                    "to run (PYTHONPATH); repeat to compare; default: the installed one")  # fmt: skip
    ap.add_argument("--out", default="/tmp")
    ap.add_argument("--nice", type=int, default=5, help="run the exports under nice -n N")
    ap.add_argument("--floor", action="store_true", help="also time the floor (see above)")
    ap.add_argument("args", nargs="*", help="extra export options, e.g. -- --lang zh")
    a = ap.parse_args()

    db = Path(a.db)
    if not db.exists():
        raise SystemExit(f"{db}: no such database (see the usage at the top of this file)")
    codes = a.code or [""]
    results: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    rows = 0
    for rep in range(a.repeat):
        if a.floor:
            cmd = ["nice", "-n", str(a.nice)] if a.nice else []
            cmd += [sys.executable, __file__, "ref-floor", str(db), str(Path(a.out) / "floor.csv")]
            wall, cpu, rss, _ = run(cmd, dict(os.environ))
            results.setdefault(("floor", "sqlite3 + csv.writer"), []).append((wall, cpu, rss))
            print(f"[{rep + 1}/{a.repeat}] floor: {wall:.2f} s wall, {cpu:.2f} s cpu, {rss} MB",
                  file=sys.stderr, flush=True)  # fmt: skip
        for fmt in a.formats.split(","):
            for code in codes:
                env = dict(os.environ)
                if code:
                    env["PYTHONPATH"] = str(Path(code).resolve())
                out = Path(a.out) / f"bench-export.{fmt}"
                cmd = ["nice", "-n", str(a.nice)] if a.nice else []
                cmd += [*privcli_command(), "--db", str(db), "export", "members", str(out),
                        *a.args]  # fmt: skip
                wall, cpu, rss, err = run(cmd, env)
                words = err.split()
                if "wrote" in words:
                    rows = int(words[words.index("wrote") + 1])
                results.setdefault((fmt, code), []).append((wall, cpu, rss))
                print(f"[{rep + 1}/{a.repeat}] {fmt} {code or 'installed'}: {wall:.2f} s wall, "
                      f"{cpu:.2f} s cpu, {rss} MB", file=sys.stderr, flush=True)  # fmt: skip
    print(f"\n{rows:,} rows, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}\n")
    print(
        "| format | code | best wall s | rows/s (best) | wall s, all runs | cpu s (best) | peak RSS MB |"
    )
    print("|---|---|---:|---:|---|---:|---:|")
    for (fmt, code), rs in results.items():
        walls = [r[0] for r in rs]
        best = min(walls)
        print(f"| {fmt} | {code or 'installed'} | {best:.2f} | {rows / best:,.0f} | "
              f"{', '.join(f'{w:.2f}' for w in walls)} | {min(r[1] for r in rs):.2f} | "
              f"{max(r[2] for r in rs)} |")  # fmt: skip


if __name__ == "__main__":
    main()
