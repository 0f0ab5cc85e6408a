"""Benchmark of the import error report: a member file in which every row has a problem (a bad
birthday warns, one row in ten has a phone a digit short and is rejected), imported with the
report as .csv, as .xlsx, and with `--errors none` (no report: the import and its problems
without the report), each a `privcli import members --dry-run` CLI process timed end to end.

The floor is the least possible work for the .csv report: Python's csv.reader over the file and
csv.writer writing every row back with the five problem columns, in one process.

    /tmp/venv/bin/python bench/bench_errors.py --rows 200000 --repeat 3

    # compare with another checkout of the code (e.g. the commit before a change)
    rm -rf /tmp/snap && mkdir /tmp/snap && git archive HEAD~3 privcli sql | tar -x -C /tmp/snap
    /tmp/venv/bin/python bench/bench_errors.py --code /tmp/snap --code .

Runs are interleaved (variant by variant, repeat by repeat) so that a busy neighbour on a shared
machine slows them alike; the best of the repeats is reported.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

FLOOR = """
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f, \\
        open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as out:
    r, w = csv.reader(f), csv.writer(out)
    w.writerow(["错误行号", "错误级别", "错误字段", "错误值", "错误原因", *next(r)])
    for n, row in enumerate(r, 2):
        w.writerow([n, "警告", "生日", row[2], "no such date; left empty", *row])
"""


def privcli_command() -> list[str]:
    exe = Path(sys.executable).with_name("privcli")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("privcli")
    return [found] if found else [sys.executable, "-m", "privcli"]


def make_file(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("手机号,姓名,生日,会员等级,积分,注册时间,会员卡号,来源渠道\n")
        for i in range(rows):
            phone = f"139{i:08d}" if i % 10 else f"139{i:07d}"  # one in ten: a digit short
            f.write(f"{phone},会员{i},1990-02-30,金卡,{i % 5000},2023-01-05 10:00:00,K{i},企微\n")


def supports_none(code: str) -> bool:
    if not code:
        return True
    engine = Path(code) / "privcli" / "imports" / "engine.py"
    return "NO_REPORT" in engine.read_text(encoding="utf-8")


def run(cmd: list[str], env: dict) -> tuple[float, float, int]:
    """wall seconds, CPU seconds (the process and its import worker), peak RSS MB"""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace") if p.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{err}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss // 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--code", action="append", help="directory holding the privcli package "
                    "to run (PYTHONPATH); repeat to compare; default: the installed one")  # fmt: skip
    ap.add_argument("--out", default="/tmp/privcli-bench-errors")
    a = ap.parse_args()

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    src = out / f"members-{a.rows}.csv"
    if not src.exists():
        make_file(src, a.rows)
    codes = a.code or [""]
    results: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for rep in range(a.repeat):
        for code in codes:
            env = {k: v for k, v in os.environ.items() if k != "PRIVCLI_DB"}
            env["PRIVCLI_IMPORT_WORKER"] = "auto"
            if code:
                env["PYTHONPATH"] = str(Path(code).resolve())
            db = out / "bench.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            run([*privcli_command(), "--db", str(db), "init"], env)
            for variant in ("none", "csv", "xlsx"):
                report = "none" if variant == "none" else str(out / f"report.{variant}")
                if variant == "none" and not supports_none(code):
                    continue  # older code: "none" would be a file name
                cmd = [*privcli_command(), "--db", str(db), "import", "members", str(src),
                       "--dry-run", "--errors", report]  # fmt: skip
                wall, cpu, rss = run(cmd, env)
                results.setdefault((variant, code), []).append((wall, cpu, rss))
                print(f"[{rep + 1}/{a.repeat}] {variant} {code or 'installed'}: {wall:.2f} s, "
                      f"{cpu:.2f} s CPU, {rss} MB", file=sys.stderr, flush=True)  # fmt: skip
        floor = [sys.executable, "-c", FLOOR, str(src), str(out / "floor.csv")]
        results.setdefault(("floor: csv.reader + csv.writer", ""), []).append(run(floor, env))
    print(f"\n{a.rows:,} rows, every one with a problem; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}\n")  # fmt: skip
    print("| report | code | best wall s | rows/s (best) | wall s, all runs | CPU s (best) "
          "| peak RSS MB |")  # fmt: skip
    print("|---|---|---:|---:|---|---:|---:|")
    for (variant, code), rs in results.items():
        walls = [r[0] for r in rs]
        best = min(walls)
        print(f"| {variant} | {code or 'installed'} | {best:.2f} | {a.rows / best:,.0f} | "
              f"{', '.join(f'{w:.2f}' for w in walls)} | {min(r[1] for r in rs):.2f} | "
              f"{max(r[2] for r in rs)} |")  # fmt: skip


if __name__ == "__main__":
    main()
