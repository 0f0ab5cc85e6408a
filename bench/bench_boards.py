"""Benchmark: leaderboards on a chain of 40,000 guides and 10,000,000 orders (issue 13).

The data set is built set-based, in the database itself (`INSERT ... SELECT` over a recursive
CTE on SQLite, `generate_series` on PostgreSQL), from integer hashes of the row number, so that
every run builds exactly the same chain: generating 10M orders as files and importing them
would take longer than everything measured here. privcli's own schema is created first
(`privcli init`); the secondary indexes of the loaded tables are dropped during the load and
re-created after it (what a first import does too). Because the rows bypass privcli, the
summary of customers per guide is then rebuilt once (privcli.boards.customers.rebuild, what
the schema step does on an existing database). PostgreSQL gets VACUUM ANALYZE after the load.

The chain: 400 stores in 8 regions, 40,000 guides (100 per store, 5% departed), M members
(default 5,000,000) owned by and acquired by a guide, registered over five years, a third
linked to WeCom; 10,000,000 orders over the 24 months before today (94% paid, 3% refunded,
3% cancelled; 2% partly refunded; 1% return documents; seven channels); 2,000,000 coupons (a
third redeemed); 5,000,000 tasks over the last 90 days; 200,000 customers moved between guides
in the middle of last month (owner log).

Measured, each as one run of the installed `privcli` CLI (wall clock including start-up, peak
RSS from wait4; best of --repeat runs, with the 1-minute load average of the machine after
them, since other work on the same cores slows everything): the guide and store leaderboards
of last month (every secondary metric, 20 rows printed as JSON), the guide board with all
40,000 rows (CSV), region and channel boards, the guide board ranked by conversion, a week's
guide board; and the floor: the bare aggregate query (sales by guide over the same month, no
join, no ranking) run by sqlite3/psycopg in a fresh Python process. PostgreSQL is measured the
same way when --pg is given.

    python bench/bench_boards.py [--members 5000000] [--orders 10000000] [--guides 40000]
        [--out bench/out] [--pg postgresql://postgres@127.0.0.1/bench_boards] [--reuse]
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
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
PRIVCLI = str(Path(sys.executable).with_name("privcli"))
CHANNELS = ("store", "store", "store", "mini_program", "tmall", "jd", "douyin", "live", "community")
MEMBER_CHANNELS = ("门店扫码", "企微添加", "小程序商城", "社群", "直播", "公众号", "order")
LOADED = ("stores", "guides", "members", "orders", "coupons", "tasks", "owner_log")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run(db: str, *args: str) -> tuple[float, float, str, float]:
    """Run privcli; (seconds, peak RSS MB, stdout, CPU seconds of the process: user + system,
    every thread; for PostgreSQL the server's work is not in it)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        p = subprocess.Popen([PRIVCLI, "--db", db, *args], stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t
        out.seek(0), err.seek(0)
        text, errors = out.read(), err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"privcli {' '.join(args)} failed: {errors[-2000:]}")
    return dt, usage.ru_maxrss / 1024, text, usage.ru_utime + usage.ru_stime


def floor(db: str, is_pg: bool, start: str, end: str) -> tuple[float, float, float]:
    """The bare aggregate in a fresh Python: (seconds, peak RSS MB, CPU seconds)."""
    if is_pg:
        code = (
            "import psycopg,sys;c=psycopg.connect(sys.argv[1]);"
            "c.execute('SELECT guide_id, SUM(amount_fen) FROM orders WHERE paid_at >= %s"
            " AND paid_at < %s GROUP BY guide_id', (sys.argv[2], sys.argv[3])).fetchall()"
        )
        target = "postgresql://" + db.split("://", 1)[1]
    else:
        code = (
            "import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);"
            "c.execute('SELECT guide_id, SUM(amount_fen) FROM orders WHERE paid_at >= ?"
            " AND paid_at < ? GROUP BY guide_id', (sys.argv[2], sys.argv[3])).fetchall()"
        )
        target = db
    t = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", code, target, start, end])
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("floor query failed")
    return time.perf_counter() - t, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


# -- the data set ---------------------------------------------------------------------------
# h(x): a 32-bit hash of an integer; every choice below is h(row number * k + salt) mod n.


def statements(is_pg: bool, members: int, orders: int, guides: int, today: date) -> list[str]:
    stores = guides // 100
    end = today
    first = end - timedelta(days=730)
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=15)

    def series(n: int) -> str:
        if is_pg:
            return f"(SELECT i FROM generate_series(0, {n - 1}) AS s(i)) s"
        return f"(WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {n - 1}) SELECT i FROM s) s"

    def h(expr: str) -> str:
        return f"((({expr}) * 2654435761 + 40503) % 4294967296)"

    def at(base: date, seconds: str) -> str:
        if is_pg:
            return f"(TIMESTAMP '{base} 00:00:00' + ({seconds}) * INTERVAL '1 second')"
        return f"datetime('{base}', '+' || ({seconds}) || ' seconds')"

    def day(base: date, days: str) -> str:
        if is_pg:
            return f"(DATE '{base}' + CAST({days} AS INTEGER))"
        return f"date('{base}', '+' || ({days}) || ' days')"

    def pick(values: tuple, expr: str) -> str:
        cases = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
        return f"CASE ({expr}) % {len(values)} {cases} END"

    owner = f"(({h('m')}) % {guides} + 1)"  # a member's guide (m = member id)
    registered = h("m + 3") + " % (1826 * 86400)"
    buyer = h("i") + f" % {members} + 1"  # an order's member (i = order row)
    moved = f"(CASE WHEN m <= 200000 THEN {owner} % {guides} + 1 ELSE {owner} END)"
    return [
        f"INSERT INTO stores (id, code, name, region, city) SELECT i + 1,"
        f" 'S' || CAST(10000 + i AS VARCHAR), '门店' || CAST(i AS VARCHAR), 'R' || CAST(i % 8 AS VARCHAR), '城市'"
        f" FROM {series(stores)}",
        f"INSERT INTO guides (id, code, name, store_id, role, status, hired_on) SELECT i + 1,"
        f" 'G' || CAST(100000 + i AS VARCHAR), '导购' || CAST(i AS VARCHAR), i / 100 + 1, 'guide',"
        f" CASE WHEN i % 20 = 7 THEN 'departed' ELSE 'active' END, {day(first, '0')} FROM {series(guides)}",
        f"INSERT INTO members (id, phone, name, level, registered_at, store_id, guide_id, acquired_by,"
        f" channel, external_userid, created_at) SELECT m, '1' || CAST(3000000000 + m AS VARCHAR),"
        f" '会员', {pick(('普通会员', '普通会员', '银卡', '金卡'), h('m + 7'))},"
        f" {at(today - timedelta(days=1826), registered)},"
        f" ({moved} - 1) / 100 + 1, {moved}, {owner},"
        f" {pick(MEMBER_CHANNELS, h('m + 5'))},"
        f" CASE WHEN m % 3 = 0 THEN 'wm' || CAST(m AS VARCHAR) END, {at(first, '0')}"
        f" FROM (SELECT i + 1 AS m FROM {series(members)}) x",
        # orders: o = row number; the buyer, then the buyer's first guide (90%) or a colleague
        f"INSERT INTO orders (id, order_no, member_id, store_id, guide_id, status, amount_fen,"
        f" paid_at, channel, kind, refund_fen, created_at) SELECT o + 1, 'N' || CAST(o AS VARCHAR), m,"
        f" (g - 1) / 100 + 1, g,"
        f" CASE WHEN o % 100 < 94 THEN 'paid' WHEN o % 100 < 97 THEN 'refunded' ELSE 'cancelled' END,"
        f" 2000 + {h('o + 11')} % 120000,"
        f" {at(first, f'CAST(o AS BIGINT) * 730 * 86400 / {orders}')},"
        f" {pick(CHANNELS, h('o + 13'))},"
        f" CASE WHEN o % 100 = 50 THEN 'return' ELSE 'sale' END,"
        f" CASE WHEN o % 50 = 1 THEN 1000 ELSE 0 END, {at(first, '0')}"
        f" FROM (SELECT o, m, CASE WHEN o % 10 = 0 THEN ((g0 - 1) / 100) * 100 + (g0 + 37) % 100 + 1"
        f"  ELSE g0 END AS g FROM (SELECT i AS o, {h('i')} % {members} + 1 AS m,"
        f"  ({h(buyer)} % {guides} + 1) AS g0 FROM {series(orders)}) y) x",
        f"INSERT INTO coupon_batches (id, name, kind, value, quantity, per_member, created_at)"
        f" VALUES (1, 'bench', 'cash', 1000, 2000000, 1, {at(first, '0')})",
        f"INSERT INTO coupons (id, batch_id, code, member_id, issued_guide_id, guide_id, store_id,"
        f" issued_at, valid_from, valid_to, status, redeemed_at) SELECT i + 1, 1,"
        f" 'CP' || CAST(i AS VARCHAR), m, g, g, (g - 1) / 100 + 1,"
        f" {at(first, 'CAST(i AS BIGINT) * 730 * 86400 / 2000000')}, {day(first, '0')},"
        f" {day(end, '30')}, CASE WHEN i % 3 = 0 THEN 'redeemed' ELSE 'issued' END,"
        f" CASE WHEN i % 3 = 0 THEN {at(first, 'CAST(i AS BIGINT) * 730 * 86400 / 2000000 + 86400 * (i % 10)')} END"
        f" FROM (SELECT i, {h('i + 21')} % {members} + 1 AS m, {h('i + 23')} % {guides} + 1 AS g"
        f" FROM {series(2_000_000)}) x",
        f"INSERT INTO tasks (id, guide_id, member_id, rule, due_on, status) SELECT i + 1,"
        f" i % {guides} + 1, {h('i + 31')} % {members} + 1, 'care',"
        f" {day(end - timedelta(days=90), 'i * 90 / 5000000')},"
        f" CASE WHEN {h('i + 33')} % 10 < 6 THEN 'done' ELSE 'pending' END FROM {series(5_000_000)}",
        f"INSERT INTO owner_log (member_id, from_guide_id, to_guide_id, changed_at, source)"
        f" SELECT m, {owner}, {moved}, {at(last_month, '0')}, 'transfer'"
        f" FROM (SELECT i + 1 AS m FROM {series(min(200_000, members))}) x",
    ]


def indexes(conn, is_pg: bool) -> list[tuple[str, str]]:
    if is_pg:
        sql = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        return conn.execute(sql, (list(LOADED),)).fetchall()
    marks = ",".join("?" * len(LOADED))
    return conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks})",
        LOADED,
    ).fetchall()


def build(db: str, is_pg: bool, args, today: date) -> None:
    subprocess.run([PRIVCLI, "--db", db, "init"], check=True, capture_output=True)
    if is_pg:
        import psycopg

        conn = psycopg.connect("postgresql://" + db.split("://", 1)[1], autocommit=True)
        fks = []
        for t in LOADED:
            for name, definition in conn.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = CAST(%s AS regclass) AND contype = 'f'",
                (t,),
            ).fetchall():
                conn.execute(f"ALTER TABLE {t} DROP CONSTRAINT {name}")
                fks.append((t, name, definition))
    else:
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("PRAGMA cache_size=-262144")
    saved = indexes(conn, is_pg)
    for name, _ in saved:
        conn.execute(f"DROP INDEX {name}")
    for sql in statements(is_pg, args.members, args.orders, args.guides, today):
        t = time.perf_counter()
        conn.execute(sql)
        log(f"  {sql.split('(')[0].strip()[:40]}: {time.perf_counter() - t:.0f} s")
    for name, sql in saved:
        t = time.perf_counter()
        conn.execute(sql)
        log(f"  index {name}: {time.perf_counter() - t:.0f} s")
    if is_pg:
        for t, name, definition in fks:
            conn.execute(f"ALTER TABLE {t} ADD CONSTRAINT {name} {definition}")
        for t in ("stores", "guides", "members", "orders", "coupons", "tasks", "owner_log"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"
            )
        conn.execute("VACUUM ANALYZE")
    conn.close()
    sys.path.insert(0, str(HERE.parent))
    from privcli.boards.customers import rebuild
    from privcli.capabilities import open_store

    store = open_store(db)
    with store.transaction():
        rebuild(store)
    store.close()


def measure(db: str, is_pg: bool, today: date, repeat: int) -> list[dict]:
    last = today.replace(day=1) - timedelta(days=1)
    month = f"{last:%Y-%m}"
    start, end = f"{last:%Y-%m}-01 00:00:00", f"{today:%Y-%m}-01 00:00:00"
    out = []
    cases = [
        ("guide leaderboard, a month", ["leaderboard", "--by", "guide", "-p", month, "-f", "json"]),
        (
            "guide leaderboard, a month, all 40,000 rows",
            ["leaderboard", "-p", month, "--top", "0", "-f", "csv"],
        ),
        ("store leaderboard, a month", ["leaderboard", "--by", "store", "-p", month, "-f", "json"]),
        (
            "region leaderboard, a month",
            ["leaderboard", "--by", "region", "-p", month, "-f", "json"],
        ),
        (
            "channel leaderboard, a month",
            ["leaderboard", "--by", "channel", "-p", month, "-f", "json"],
        ),
        (
            "guide leaderboard, a month, conversion",
            ["leaderboard", "-m", "conversion", "-p", month, "-f", "json"],
        ),
        ("guide leaderboard, a week", ["leaderboard", "-p", "last-week", "-f", "json"]),
    ]
    f_times, f_mem, f_cpu = zip(*(floor(db, is_pg, start, end) for _ in range(repeat)))
    out.append(
        {
            "what": "floor: bare sales-by-guide aggregate, a month",
            "seconds": min(f_times),
            "mb": max(f_mem),
            "cpu": min(f_cpu),
            "load": os.getloadavg()[0],
        }
    )
    for label, args in cases:
        times, mems, cpus = [], [], []
        for _ in range(repeat):
            dt, mb, text, cpu = run(db, *args)
            times.append(dt)
            mems.append(mb)
            cpus.append(cpu)
        rows = len(json.loads(text)) if text.startswith("[") else text.count("\n") - 1
        out.append(
            {
                "what": label,
                "seconds": min(times),
                "all": times,
                "mb": max(mems),
                "cpu": min(cpus),
                "rows": rows,
                "load": os.getloadavg()[0],
            }
        )
        log(
            f"  {label}: {min(times):.2f} s ({', '.join(f'{x:.2f}' for x in times)}), {max(mems):.0f} MB"
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--members", type=int, default=5_000_000)
    ap.add_argument("--orders", type=int, default=10_000_000)
    ap.add_argument("--guides", type=int, default=40_000)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument(
        "--pg", help="PostgreSQL URL (its database is emptied: name must start with bench)"
    )
    ap.add_argument(
        "--reuse", action="store_true", help="Measure the databases built by a previous run."
    )
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="Also write the results here.")
    ap.add_argument("--build", help=argparse.SUPPRESS)
    args = ap.parse_args()
    today = date.today()
    if args.build:
        build(args.build, "://" in args.build, args, today)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    lite = str(args.out / f"boards-m{args.members}-o{args.orders}-g{args.guides}.db")
    results = {}
    targets = [("sqlite", lite, False)] + ([("postgresql", args.pg, True)] if args.pg else [])
    for name, db, is_pg in targets:
        if not (args.reuse and built(db, is_pg, args.orders)):
            log(f"building {name} ({db})")
            if is_pg:
                reset_pg(db)
            else:
                for suffix in ("", "-wal", "-shm"):
                    Path(lite + suffix).unlink(missing_ok=True)
            t = time.perf_counter()
            # in a child process: this one stays small, so that the peak RSS of the commands
            # it forks afterwards is theirs alone (a forked child starts with its parent's)
            cmd = [sys.executable, __file__, "--build", db, "--members", str(args.members)]
            cmd += ["--orders", str(args.orders), "--guides", str(args.guides)]
            subprocess.run(cmd, check=True)
            log(f"built {name} in {time.perf_counter() - t:.0f} s")
        log(f"measuring {name}")
        results[name] = measure(db, is_pg, today, args.repeat)
    report(results, args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def built(db: str, is_pg: bool, orders: int) -> bool:
    """Does `db` already hold a chain of this size?"""
    try:
        if is_pg:
            import psycopg

            with psycopg.connect("postgresql://" + db.split("://", 1)[1]) as conn:
                return conn.execute("SELECT MAX(id) FROM orders").fetchone()[0] == orders
        if not Path(db).exists():
            return False
        return sqlite3.connect(db).execute("SELECT MAX(id) FROM orders").fetchone()[0] == orders
    except Exception:
        return False


def reset_pg(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    if not name.startswith("bench"):
        sys.exit("--pg: the database name must start with 'bench' (it is dropped and re-created)")
    admin = psycopg.connect(
        "postgresql://" + base.split("://", 1)[1] + "/postgres", autocommit=True
    )
    admin.execute(f"DROP DATABASE IF EXISTS {name}")
    admin.execute(f"CREATE DATABASE {name}")
    admin.close()


def report(results: dict, args) -> None:
    print(
        f"members {args.members:,}, orders {args.orders:,}, guides {args.guides:,};"
        f" best of {args.repeat} runs, wall clock of the whole command\n"
    )
    print("| what | database | seconds | floor | ratio | CPU s | peak MB | rows | load |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, rows in results.items():
        fl = rows[0]["seconds"]
        for r in rows:
            ratio = f"{r['seconds'] / fl:.1f}×" if r is not rows[0] else ""
            print(
                f"| {r['what']} | {name} | {r['seconds']:.2f} | {fl:.2f} | {ratio} |"
                f" {r.get('cpu', 0):.2f} | {r['mb']:.0f} | {r.get('rows', '')} |"
                f" {r.get('load', 0):.1f} |"
            )
    if "postgresql" in results and "sqlite" in results:
        print("\n| what | PostgreSQL / SQLite |\n|---|---:|")
        for a, b in zip(results["sqlite"], results["postgresql"]):
            print(f"| {a['what']} | {b['seconds'] / a['seconds']:.2f}× |")


if __name__ == "__main__":
    main()
