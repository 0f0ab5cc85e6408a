#!/usr/bin/env python3
"""Coupon bank benchmark: issuing a batch to a whole 1M-member chain, and importing orders that
redeem coupons against the same orders without codes, with same-run floors.

    python bench/bench_coupons.py                          # 1M members, 3M orders (300k coded)
    python bench/bench_coupons.py --quick                  # 20k / 60k / 6k coded, a smoke test
    python bench/bench_coupons.py --pg postgresql+psycopg://postgres@127.0.0.1/bench_coupons

Steps (--steps, default all): issue (SQLite: `coupons issue` to every member through a segment,
then again with --holdout 10 on a fresh copy; floor: sqlite3 alone inserting the same number of
random unique codes), import (SQLite: orders.csv with 300k real codes against the same file
with the coupon column empty, alternately, into copies of the database the issue step left),
pg (PostgreSQL: the same issue, and its floor: COPY of the codes into a table with a unique
index). Every measured step is one run of the installed CLI in a subprocess; the wall clock
includes start-up; memory is measured as bench_import.py does (see bench/README.md). Data comes
from samples/generate.py under bench/data/, databases go to bench/out/.
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import secrets
import shutil
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_import as bi  # noqa: E402  (the shared runner, memory sampling, table)

TARGET_ISSUE_SQLITE_S = 30
TARGET_ISSUE_PG_S = 60
TARGET_RSS_MB = 300
TARGET_IMPORT_RATIO = 0.70
ALL_STEPS = ("issue", "import", "pg")
BATCH = "bench-双11"
SEGMENT = "bench-全部"


def valid_to() -> str:
    # the generated orders are paid in 2026-05 .. 2026-11; a batch cannot end in the past
    return max(date(2026, 12, 31), date.today() + timedelta(days=30)).isoformat()


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.data: Path = args.data
        self.out: Path = args.out
        self.privcli = args.privcli
        self.results: list[bi.Row] = []
        self.base = self.out / "coupons-base.db"  # stores, guides, members
        self.issued = self.out / "coupons-issued.db"  # ... and the batch issued to everyone
        self.issued_count = 0

    def add(self, row: bi.Row) -> bi.Row:
        self.results.append(row)
        return row

    def cli(self, db: str, *args: str, ok=(0,), quiet: bool = False) -> bi.Run:
        return bi.run([self.privcli, "--db", db, *args], cwd=self.out, ok=ok, quiet=quiet)

    # -- data ----------------------------------------------------------------------------------
    def generate(self) -> None:
        a = self.args
        if (self.data / ".complete").exists():
            bi.log(f"data: {self.data} (cached)")
            return
        self.data.mkdir(parents=True, exist_ok=True)
        bi.run(
            [
                sys.executable,
                str(bi.REPO / "samples" / "generate.py"),
                str(self.data),
                "--members",
                str(a.members),
                "--orders",
                str(a.orders),
                "--stores",
                str(a.stores),
                "--guides",
                str(a.guides),
                "--seed",
                str(a.seed),
            ],
            cwd=bi.REPO,
        )
        (self.data / ".complete").write_text(json.dumps(vars(a), default=str))

    def chain(self, db: str) -> None:
        """Stores, guides and members, and the batch (not measured)."""
        for kind in ("stores", "guides", "members"):
            self.cli(db, "import", kind, str(self.data / f"{kind}.csv"), "--json", ok=(0, 3))
        self.cli(db, "segments", "save", SEGMENT, "--registered-since", "2000-01-01")
        self.new_batch(db, BATCH)

    def new_batch(self, db: str, name: str) -> None:
        self.cli(
            db, "coupons", "create", name, "--kind", "cash", "--value", "20", "--min-spend",
            "199", "--quantity", "5000000", "--valid-from", "2026-05-01", "--valid-to",
            valid_to(), "--json",
        )  # fmt: skip

    @staticmethod
    def checkpoint(path: Path) -> None:
        con = sqlite3.connect(path)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()

    def copy(self, src: Path, name: str) -> str:
        dest = self.out / name
        for suffix in ("-wal", "-shm"):
            Path(f"{dest}{suffix}").unlink(missing_ok=True)
        self.checkpoint(src)
        shutil.copyfile(src, dest)
        return str(dest)

    # -- steps ---------------------------------------------------------------------------------
    def issue_row(self, db: str, what: str, *extra: str, target: float) -> dict:
        r = self.cli(db, "coupons", "issue", BATCH, "--segment", SEGMENT, *extra, "--json")
        out = json.loads(r.stdout)
        self.add(
            bi.Row(
                what,
                out["issued"],
                r.seconds,
                r.rss_mb,
                target=f"< {target} s, < {TARGET_RSS_MB} MB",
                min_rps=out["issued"] / target,
                max_rss=TARGET_RSS_MB,
                notes=f"selected {out['selected']:,} / held out {out['held_out']:,} / "
                f"no active guide {out['no_guide']:,}",
            )
        )
        return out

    def step_issue(self) -> None:
        bi.log("== issue (SQLite) ==")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.base}{suffix}").unlink(missing_ok=True)
        self.chain(str(self.base))
        db = self.copy(self.base, "coupons-issued.db")
        out = self.issue_row(
            db, "SQLite coupons issue (segment: every member)", target=TARGET_ISSUE_SQLITE_S
        )
        self.issued_count = out["issued"]
        held = self.copy(self.base, "coupons-holdout.db")
        self.issue_row(
            held,
            "SQLite coupons issue --holdout 10",
            "--holdout",
            "10",
            target=TARGET_ISSUE_SQLITE_S,
        )
        floor = self.out / "coupons-floor.db"
        floor.unlink(missing_ok=True)
        r = bi.run(
            [sys.executable, __file__, "ref-floor-sqlite", str(self.base), str(floor),
             str(self.issued_count)],
            cwd=self.out,
        )  # fmt: skip
        self.add(
            bi.Row(
                "ref: floor sqlite3 executemany of random unique codes",
                int(r.stdout.split()[-1]),
                r.seconds,
                r.rss_mb,
                notes="(member id, code) into a table with a unique code, one transaction",
            )
        )

    def step_import(self) -> None:
        bi.log("== import orders with and without coupon codes (SQLite) ==")
        if not self.issued.exists():
            raise SystemExit("the import step needs the issue step's database: add 'issue'")
        coded, plain = self.out / "orders-coded.csv", self.out / "orders-plain.csv"
        # in a child process: this one stays small, so the memory of the commands it starts
        # (whose peak RSS counts the parent's pages until they exec) is their own
        r = bi.run(
            [sys.executable, __file__, "make-orders", str(self.issued),
             str(self.data / "orders.csv"), str(coded), str(plain), str(self.args.coded)],
            cwd=self.out,
        )  # fmt: skip
        n_coded = int(r.stdout.split()[-1])
        rates: dict[str, list[float]] = {"plain": [], "coded": []}
        pair = [("plain", plain), ("coded", coded)]
        for i in range(self.args.repeat):
            # alternate which file goes first, so that neither always follows the other
            for label, path in pair if i % 2 == 0 else pair[::-1]:
                db = self.copy(self.issued, f"coupons-import-{label}.db")
                errors = self.out / f"coupons-errors-{label}.csv"
                r = self.cli(db, "import", "orders", str(path), "--json", "--errors", str(errors))
                s = json.loads(r.stdout.strip().splitlines()[-1])
                redeemed = (
                    sqlite3.connect(db)
                    .execute("SELECT COUNT(*) FROM coupons WHERE status = 'redeemed'")
                    .fetchone()[0]
                )
                rates[label].append(s["rows"] / r.seconds)
                what = (
                    f"SQLite import orders, {n_coded:,} with coupon codes (run {i + 1})"
                    if label == "coded"
                    else f"SQLite import orders, no coupon codes (run {i + 1})"
                )
                self.add(
                    bi.Row(
                        what,
                        s["rows"],
                        r.seconds,
                        r.rss_mb,
                        target=f"< {TARGET_RSS_MB} MB"
                        + (
                            f", ≥ {TARGET_IMPORT_RATIO:.0%} of the plain rate"
                            if label == "coded"
                            else ""
                        ),
                        max_rss=TARGET_RSS_MB,
                        notes=f"ins {s['inserted']:,} / warn {s['warnings']:,} / "
                        f"coupons redeemed {redeemed:,}",
                    )
                )
        best = {k: max(v) for k, v in rates.items()}
        ratio = best["coded"] / best["plain"]
        self.add(
            bi.Row(
                f"coded / plain import rate (best of {self.args.repeat} each)",
                0,
                0.0,
                None,
                target=f"≥ {TARGET_IMPORT_RATIO:.0%}",
                notes=f"**{ratio:.0%}** ({best['coded']:,.0f} vs {best['plain']:,.0f} rows/s) — "
                + ("met" if ratio >= TARGET_IMPORT_RATIO else "**not met**"),
            )
        )

    def step_pg(self) -> None:
        url = self.args.pg
        if not url:
            bi.log("== pg: skipped (no --pg URL) ==")
            return
        bi.log("== issue (PostgreSQL) ==")
        bi.recreate_pg_database(url, self.args.pg_force)
        self.chain(url)
        out = self.issue_row(
            url, "PostgreSQL coupons issue (segment: every member)", target=TARGET_ISSUE_PG_S
        )
        r = bi.run(
            [sys.executable, __file__, "ref-floor-pg", url, str(out["issued"])], cwd=self.out
        )
        self.add(
            bi.Row(
                "ref: floor psycopg COPY of random unique codes",
                int(r.stdout.split()[-1]),
                r.seconds,
                r.rss_mb,
                notes="(member id, code) into a table with a unique code, one transaction",
            )
        )
        self.new_batch(url, BATCH + "-holdout")
        r = self.cli(
            url, "coupons", "issue", BATCH + "-holdout", "--segment", SEGMENT, "--holdout",
            "10", "--json",
        )  # fmt: skip
        o = json.loads(r.stdout)
        self.add(
            bi.Row(
                "PostgreSQL coupons issue --holdout 10 (a second batch)",
                o["issued"],
                r.seconds,
                r.rss_mb,
                target=f"< {TARGET_ISSUE_PG_S} s, < {TARGET_RSS_MB} MB",
                min_rps=o["issued"] / TARGET_ISSUE_PG_S,
                max_rss=TARGET_RSS_MB,
                notes=f"held out {o['held_out']:,}; the coupons table holds the first batch",
            )
        )

    def run_all(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self.generate()
        for step in self.args.steps:
            getattr(self, f"step_{step}")()


def make_order_files(db: Path, src: Path, coded: Path, plain: Path, want: int) -> int:
    """Two copies of orders.csv: `plain` with the coupon column (券码) empty, `coded` with `want`
    rows carrying the buyer's real coupon code, each buyer's code used once: the rows the
    generator marked with a code (10%), and when such a row's buyer has no coupon (no active
    guide) or used it already, the next row whose buyer has one. Returns the coded rows."""
    con = sqlite3.connect(db)
    code_of = dict(
        con.execute(
            "SELECT m.phone, c.code FROM coupons c JOIN members m ON m.id = c.member_id"
        ).fetchall()
    )
    con.close()
    with open(src, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        coupon = next(reader).index("券码")
        marked = sum(1 for r in reader if r[coupon])
    with (
        open(src, encoding="utf-8", newline="") as f,
        open(coded, "w", encoding="utf-8", newline="") as fc,
        open(plain, "w", encoding="utf-8", newline="") as fp,
    ):
        reader = csv.reader(f)
        header = next(reader)
        phone = header.index("买家手机号")
        wc, wp = csv.writer(fc, lineterminator="\n"), csv.writer(fp, lineterminator="\n")
        wc.writerow(header)
        wp.writerow(header)
        owed, written = max(want - marked, 0), 0
        for r in reader:
            wants = bool(r[coupon])
            r[coupon] = ""
            wp.writerow(r)
            if (wants or owed) and written < want:
                code = code_of.pop(r[phone], None)
                if code is None:
                    owed += wants
                else:
                    r[coupon] = code
                    written += 1
                    owed -= not wants
            wc.writerow(r)
    return written


# -- floors, run as `bench_coupons.py ref-* ...` in a child process --------------------------------
def _codes(n: int) -> list[str]:
    """n random 75-bit codes, the cheapest way: one token, base32."""
    raw = secrets.token_bytes(10 * n)
    return [base64.b32encode(raw[i : i + 10]).decode()[:15] for i in range(0, 10 * n, 10)]


def ref_floor_sqlite(base: str, dest: str, n: str) -> int:
    """The member ids read from the chain database, a random code each, one executemany into a
    table with a unique code, in one transaction: what issuing costs without any rule."""
    src = sqlite3.connect(base)
    ids = [r[0] for r in src.execute("SELECT id FROM members LIMIT ?", (int(n),))]
    src.close()
    con = sqlite3.connect(dest, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "cache_size=-65536"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("CREATE TABLE coupons (id INTEGER PRIMARY KEY, code TEXT UNIQUE, member_id INT)")
    con.execute("BEGIN")
    cur = con.executemany(
        "INSERT INTO coupons (code, member_id) VALUES (?, ?)", zip(_codes(len(ids)), ids)
    )
    con.execute("COMMIT")
    return cur.rowcount


def ref_floor_pg(url: str, n: str) -> int:
    import psycopg

    conninfo = "postgresql://" + url.split("://", 1)[1]
    with psycopg.connect(conninfo) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM members LIMIT %s", (int(n),))]
        conn.execute("DROP TABLE IF EXISTS coupons_floor")
        conn.execute(
            "CREATE TABLE coupons_floor (id SERIAL PRIMARY KEY, code TEXT UNIQUE, member_id INT)"
        )
        with conn.cursor().copy("COPY coupons_floor (code, member_id) FROM STDIN") as cp:
            for row in zip(_codes(len(ids)), ids):
                cp.write_row(row)
        conn.commit()
        done = conn.execute("SELECT COUNT(*) FROM coupons_floor").fetchone()[0]
        conn.execute("DROP TABLE coupons_floor")
        conn.commit()
    return done


def make_orders(db: str, src: str, coded: str, plain: str, want: str) -> int:
    return make_order_files(Path(db), Path(src), Path(coded), Path(plain), int(want))


REFS = {
    "ref-floor-sqlite": ref_floor_sqlite,
    "ref-floor-pg": ref_floor_pg,
    "make-orders": make_orders,
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=1_000_000)
    p.add_argument("--orders", type=int, default=3_000_000)
    p.add_argument("--coded", type=int, default=300_000, help="orders carrying a coupon code")
    p.add_argument("--stores", type=int, default=400)
    p.add_argument("--guides", type=int, default=8000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=2, help="import runs of each file, alternately")
    p.add_argument("--quick", action="store_true", help="20k members, 60k orders, 6k coded")
    p.add_argument("--pg", metavar="URL", help="also the PostgreSQL step (the database is DROPPED and recreated; its name must start with 'bench')")  # fmt: skip
    p.add_argument("--pg-force", action="store_true", help="recreate a database of any name")
    p.add_argument("--steps", default=",".join(ALL_STEPS), help="comma-separated subset")
    p.add_argument("--data", type=Path, help="data directory (default bench/data/<sizes>)")
    p.add_argument("--out", type=Path, default=HERE / "out", help="databases and files")
    p.add_argument("--privcli", default=bi.default_privcli(), help="privcli executable")
    p.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    a = p.parse_args(argv)
    if a.quick:
        a.members, a.orders, a.coded = 20_000, 60_000, 6_000
    a.steps = [s.strip() for s in a.steps.split(",") if s.strip()]
    if set(a.steps) - set(ALL_STEPS):
        p.error(f"unknown steps: {', '.join(sorted(set(a.steps) - set(ALL_STEPS)))}")
    if a.data is None:
        a.data = HERE / "data" / f"m{a.members}-o{a.orders}-x0-s{a.seed}"
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
    print(f"Machine: {bi.machine()}")
    print(f"Code under test: {bi.code_under_test(args.privcli)}")
    print(
        f"data: {args.members:,} members, {args.orders:,} orders ({args.coded:,} with codes), "
        f"{args.stores} stores, {args.guides} guides (seed {args.seed}); steps "
        f"{', '.join(args.steps)}; total {time.perf_counter() - started:.0f} s\n"
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
