"""Benchmark: customer handover (issue: 离职继承).

Builds a chain database directly with SQL (privcli's own schema via `privcli init`), then times
the real `privcli transfer` command end to end (plan + commit, one transaction) and its peak RSS:

  A. one departed guide owning 20,000 customers, in a 1M-member, 8,000-guide database (< 2 s)
  B. --all-departed: 1,000 departed guides owning all 1,000,000 customers (< 60 s, < 500 MB)

    python bench/bench_transfer.py [--members 1000000] [--guides 8000] [--pg URL]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PRIVCLI = str(Path(sys.executable).with_name("privcli"))


def run(db: str, *args: str) -> tuple[float, float, dict]:
    """Run privcli, return (seconds, peak RSS MB of that process, parsed JSON)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        p = subprocess.Popen([PRIVCLI, "--db", db, *args], stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)  # per-process rusage, unlike RUSAGE_CHILDREN
        dt = time.perf_counter() - t
        out.seek(0), err.seek(0)
        text, errors = out.read(), err.read()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        sys.exit(f"privcli {' '.join(args)} failed ({code}): {errors[-2000:]}")
    return dt, usage.ru_maxrss / 1024, json.loads(text) if text.startswith("{") else {}


def build_sqlite(path: Path, members: int, guides: int, departed: int, big: int) -> None:
    """Stores of 20 guides in 8 regions; the first `departed` guides have left and own every
    member, guide 0 owning `big` of them (scenario A)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    subprocess.run([PRIVCLI, "--db", str(path), "init"], check=True, capture_output=True)
    c = sqlite3.connect(path)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA synchronous=OFF")
    stores = guides // 20
    c.executemany(
        "INSERT INTO stores (id, code, name, region) VALUES (?, ?, ?, ?)",
        ((i + 1, f"S{i:04d}", f"门店{i}", f"R{i % 8}") for i in range(stores)),
    )
    # departed guides are spread over the stores so that every store has active receivers
    c.executemany(
        "INSERT INTO guides (id, code, name, store_id, role, status, departed_on)"
        " VALUES (?, ?, ?, ?, 'guide', ?, ?)",
        (
            (g + 1, f"G{g:05d}", f"导购{g}", g % stores + 1,
             "departed" if g < departed else "active", "2026-11-01" if g < departed else None)
            for g in range(guides)
        ),
    )  # fmt: skip
    rest = members - big

    def owner(i: int) -> int:
        if i < big:
            return 1
        return 2 + (i - big) * (departed - 1) // max(rest, 1)

    c.executemany(
        "INSERT INTO members (id, phone, store_id, guide_id, acquired_by, channel)"
        " VALUES (?, ?, ?, ?, ?, 'bench')",
        (
            (i + 1, f"13{i:09d}", (owner(i) - 1) % stores + 1, owner(i), owner(i))
            for i in range(members)
        ),
    )
    c.commit()
    c.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=1_000_000)
    ap.add_argument("--guides", type=int, default=8000)
    ap.add_argument("--departed", type=int, default=1000)
    ap.add_argument("--big", type=int, default=20_000, help="customers of the one guide in A")
    ap.add_argument("--out", type=Path, default=HERE / "data" / "transfer.db")
    args = ap.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    db = str(args.out)
    print(f"machine: {os.cpu_count()} cores; {args.members:,} members, {args.guides:,} guides")

    t = time.perf_counter()
    build_sqlite(args.out, args.members, args.guides, args.departed, args.big)
    print(f"built database in {time.perf_counter() - t:.1f} s")
    dt, rss, out = run(db, "transfer", "G00000", "--json")
    print(f"| A: 1 guide, {out.get('moved', 0):,} customers | {dt:.2f} s | {rss:.0f} MB | < 2 s |")

    build_sqlite(args.out, args.members, args.guides, args.departed, args.big)
    dt, rss, out = run(db, "transfer", "--all-departed", "--json")
    moved = out.get("moved", 0)
    print(
        f"| B: --all-departed, {args.departed:,} guides, {moved:,} customers | {dt:.1f} s"
        f" | {rss:.0f} MB | < 60 s, < 500 MB |"
    )
    dt, rss, out = run(db, "transfer", "undo", "1", "--json")
    print(
        f"| C: undo of B ({out.get('restored', 0):,} customers) | {dt:.1f} s | {rss:.0f} MB | – |"
    )


if __name__ == "__main__":
    main()
