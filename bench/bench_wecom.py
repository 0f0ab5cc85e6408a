"""Benchmark: privcli's WeCom client against the in-process fake WeCom server (tests/fake_wecom.py).

  A. sync: 8,000 guides' 1,000,000 contacts (get_follow_user_list, get_corp_tag_list, then
     batch/get_by_user, 100 userids and 100 contacts per call, every page), linked to 1,000,000
     members by remark_mobiles, merged into SQLite;
  B. transfer: 100,000 customers of 800 departed guides moved locally, then pushed through
     resigned/transfer_customer (100 per call per handover/takeover pair), then polled with
     resigned/transfer_result;
  C. pacing: the same calls at the default PRIVCLI_WECOM_RATE (20/s) for a few seconds;
  D. tasks push: 8,000 guides' days (15 tasks each, inserted directly as `tasks generate` writes
     them) sent through message/send (a summary, then the list within 2048 bytes per message),
     each guide's outcome committed to task_pushes; then 100 guides again (--resend) at the
     default rate. Floor: a bare httpx client posting the same message/send bodies.

The client runs in this process (`use_transport`), so its CPU time is this process's CPU time
minus the fake server's own (`FakeWecom.cpu`, measured inside its handler). Calls/s is against
the configured rate; for A and B the rate is set high (PRIVCLI_WECOM_RATE=100000) to see what
bounds privcli itself. Floor: a bare httpx client (no privcli) making the same get_by_user calls
to the same fake server and decoding the JSON: what any client pays.

    python bench/bench_wecom.py [--guides 8000] [--per-guide 125] [--departed 800]
                                [--tasks-per-guide 15] [--only push]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fake_wecom import App, Book, FakeWecom, User  # noqa: E402

from privcli.capabilities import open_store  # noqa: E402

SECRET = "bench-contact-secret-0000000000000000000000"
APP_SECRET = "bench-app-secret-00000000000000000000000000"
AGENT_ID = 1000002


class GeneratedBook(Book):
    """guides × per_guide contacts, made on demand: guide g follows wm{i} for i in its range;
    9 in 10 remarks carry the member's phone (13{i:09d}), the rest an unknown number."""

    def __init__(self, guides: int, per: int):
        super().__init__({})
        self.guides, self.per = guides, per

    def count(self, userid):
        return self.per

    def slice(self, userid, start, stop):
        g = int(userid[1:])
        out = []
        for i in range(g * self.per + start, g * self.per + min(stop, self.per)):
            phone = f"13{i:09d}" if i % 10 else f"19{i:09d}"
            out.append((
                {"external_userid": f"wm{i:07d}", "name": f"客户{i}", "type": 1, "gender": i % 3,
                 "avatar": "", "unionid": "", "corp_name": "", "corp_full_name": ""},
                {"userid": userid, "remark": "", "description": "", "createtime": 1_700_000_000 + i,
                 "tag_id": ["tagVIP"] if i % 7 == 0 else [], "remark_corp_name": "",
                 "remark_mobiles": [phone], "oper_userid": userid, "add_way": 1, "state": ""},
            ))  # fmt: skip
        return out

    def followers(self, ext):
        return {f"G{int(ext[2:]) // self.per:05d}"}

    def exists(self, ext):
        return ext.startswith("wm") and int(ext[2:]) < self.guides * self.per


def build(path: Path, guides: int, per: int, departed: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    open_store(str(path)).close()
    c = sqlite3.connect(path)
    c.execute("PRAGMA synchronous=OFF")
    stores = guides // 20
    c.executemany(
        "INSERT INTO stores (id, code, name, region) VALUES (?, ?, ?, ?)",
        ((i + 1, f"S{i:04d}", f"门店{i}", f"R{i % 8}") for i in range(stores)),
    )
    # every 10th guide has left (800 of 8,000), spread over the stores
    c.executemany(
        "INSERT INTO guides (id, code, name, store_id, role, status) VALUES (?, ?, ?, ?, 'guide', ?)",
        ((g + 1, f"G{g:05d}", f"导购{g}", g // 20 + 1,
          "departed" if g % (guides // departed) == 0 else "active") for g in range(guides)),
    )  # fmt: skip
    c.executemany(
        "INSERT INTO members (id, phone, store_id, guide_id, acquired_by, channel)"
        " VALUES (?, ?, ?, ?, ?, 'bench')",
        ((i + 1, f"13{i:09d}", i // per // 20 + 1, i // per + 1, i // per + 1)
         for i in range(guides * per)),
    )  # fmt: skip
    c.commit()
    c.close()


def build_push(path: Path, guides: int, tasks: int) -> None:
    """guides active guides in stores of 20, each with `tasks` customers tasked today."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    open_store(str(path)).close()
    c = sqlite3.connect(path)
    c.execute("PRAGMA synchronous=OFF")
    c.executemany(
        "INSERT INTO stores (id, code, name, region) VALUES (?, ?, ?, ?)",
        ((i + 1, f"S{i:04d}", f"门店{i}", f"R{i % 8}") for i in range(guides // 20)),
    )
    c.executemany(
        "INSERT INTO guides (id, code, name, store_id, role, status)"
        " VALUES (?, ?, ?, ?, 'guide', 'active')",
        ((g + 1, f"G{g:05d}", f"导购{g}", g // 20 + 1) for g in range(guides)),
    )
    n = guides * tasks
    c.executemany(
        "INSERT INTO members (id, phone, name, store_id, guide_id, channel)"
        " VALUES (?, ?, ?, ?, ?, 'bench')",
        ((i + 1, f"13{i:09d}", f"王小{i % 1000}", i // tasks // 20 + 1, i // tasks + 1)
         for i in range(n)),
    )  # fmt: skip
    c.executemany(
        "INSERT INTO tasks (guide_id, member_id, rule, due_on, status, minutes, priority, reason,"
        " message, coupon_code, store_id, created_at)"
        " VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, '2026-12-03 06:00:00')",
        ((i // tasks + 1, i + 1, "birthday" if i % 3 else "dormant_90d", "2026-12-03",
          2 if i % 3 else 3, 100 - i % tasks,
          "生日在 12 月 5 日；近 90 天未到店，上次购买 2026-08-14，累计消费 3,280.00 元",
          f"王小{i % 1000}您好！生日快乐🎂 为您准备了 50 元生日礼券，本周到店试穿新款可用～",
          f"BD{i:08d}" if i % 3 else None, i // tasks // 20 + 1) for i in range(n)),
    )  # fmt: skip
    c.commit()
    c.close()


def measure(fake: FakeWecom, fn):
    cpu0, wall0, fake0 = time.process_time(), time.perf_counter(), fake.cpu
    out = fn()
    wall = time.perf_counter() - wall0
    return out, wall, time.process_time() - cpu0, fake.cpu - fake0


def row(what, calls, wall, cpu, server, rate):
    calls = max(calls, 1)
    own = (cpu - server) / calls * 1000
    print(
        f"| {what} | {calls:,} | {wall:.1f} s | {calls / wall:,.0f} | {rate:g} | {own:.2f} ms"
        f" | {server / calls * 1000:.2f} ms |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--guides", type=int, default=8000)
    ap.add_argument("--per-guide", type=int, default=125)
    ap.add_argument("--departed", type=int, default=800)
    ap.add_argument("--paced-seconds", type=float, default=10)
    ap.add_argument("--tasks-per-guide", type=int, default=15)
    ap.add_argument("--only", choices=("all", "push"), default="all")
    args = ap.parse_args()
    if args.only == "push":
        push_bench(args, header=True)
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-wecom-"))
    db_path = HERE / "data" / "wecom.db"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        PRIVCLI_WECOM_CORP_ID="ww-bench", PRIVCLI_WECOM_CONTACT_SECRET=SECRET,
        PRIVCLI_WECOM_RATE="100000", PRIVCLI_WECOM_TOKEN_CACHE=str(tmp / "tokens"),
    )  # fmt: skip
    from privcli.base.db import open_db
    from privcli.transfer.execute import run_transfer
    from privcli.transfer.plan import Request
    from privcli.wecom import contacts, transfers
    from privcli.wecom.client import WecomClient, use_transport
    from privcli.wecom.settings import load

    t = time.perf_counter()
    build(db_path, args.guides, args.per_guide, args.departed)
    n = args.guides * args.per_guide
    print(f"built {n:,} members, {args.guides:,} guides in {time.perf_counter() - t:.1f} s")
    fake = FakeWecom(corp_id="ww-bench", apps=[App(SECRET, contact=True)])
    step = args.guides // args.departed
    fake.users = {
        f"G{g:05d}": User(f"G{g:05d}", status="resigned" if g % step == 0 else "active")
        for g in range(args.guides)
    }
    fake.book = GeneratedBook(args.guides, args.per_guide)
    fake.tags = [{"group_id": "g1", "group_name": "等级", "tag": [{"id": "tagVIP", "name": "VIP"}]}]
    print(
        "| what | calls | wall | calls/s | configured rate | privcli CPU per call | server CPU per call |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    db = open_db(str(db_path))
    with use_transport(fake.transport()):
        client = WecomClient(load())
        client.token("contact")
        c0 = client.calls
        (userids, _), wall, cpu, server = measure(
            fake, lambda: contacts.target_userids(db, client, None)
        )
        read, wall, cpu, server = measure(fake, lambda: contacts.download(db, client, userids))
        calls = client.calls - c0
        row(f"A. sync download: {read:,} contacts", calls, wall, cpu, server, 100000)

        def merge():
            with db.transaction():
                contacts.store_tags(db, client, "2026-12-01 00:00:00")
                return contacts.merge(db, "2026-12-01 00:00:00")

        counts, wall, cpu, server = measure(fake, merge)
        print(
            f"| A. sync merge into SQLite: {counts['linked']:,} linked, {counts['unlinked']:,} unlinked | | {wall:.1f} s | | | {cpu - server:.1f} s CPU | |"
        )

        # floor: a bare httpx client making the same get_by_user calls, decoding the JSON
        import httpx

        bare = httpx.Client(
            base_url="https://qyapi.weixin.qq.com/cgi-bin/", transport=fake.transport()
        )
        token = client.token("contact")

        def floor():
            k = 0
            for i in range(0, len(userids), 100):
                cursor = ""
                while True:
                    r = bare.post("externalcontact/batch/get_by_user", params={"access_token": token},
                                  json={"userid_list": userids[i : i + 100], "limit": 100, "cursor": cursor})  # fmt: skip
                    k += 1
                    cursor = r.json()["next_cursor"]
                    if not cursor:
                        break
            return k

        k, wall, cpu, server = measure(fake, floor)
        row("floor: bare httpx + fake server, same get_by_user calls", k, wall, cpu, server, 100000)

        t0 = time.perf_counter()
        outcome = run_transfer(db, Request(all_departed=True, scope="store"))
        moved = len(outcome.plan.moves)
        print(
            f"| B. transfer {moved:,} customers locally (plan + commit) | | {time.perf_counter() - t0:.1f} s | | | | |"
        )
        c0 = client.calls
        result, wall, cpu, server = measure(fake, lambda: transfers.push(db, client, outcome.batch))
        row(
            f"B. push {result.sent:,} customers (resigned/transfer_customer)",
            client.calls - c0,
            wall,
            cpu,
            server,
            100000,
        )
        c0 = client.calls
        _, wall, cpu, server = measure(fake, lambda: transfers.status(db, client, outcome.batch))
        row(
            "B. status: resigned/transfer_result, every page",
            client.calls - c0,
            wall,
            cpu,
            server,
            100000,
        )
        client.close()

        os.environ["PRIVCLI_WECOM_RATE"] = "20"
        paced = WecomClient(load())
        paced.token("contact")
        c0 = paced.calls
        stop = time.perf_counter() + args.paced_seconds

        def run_paced():
            while time.perf_counter() < stop:
                paced.post(
                    "externalcontact/batch/get_by_user",
                    {"userid_list": userids[:100], "limit": 100},
                )

        _, wall, cpu, server = measure(fake, run_paced)
        row("C. get_by_user at the default rate", paced.calls - c0, wall, cpu, server, 20)
        paced.close()
    db.close()
    push_bench(args)


def push_bench(args, header: bool = False) -> None:
    """D: `privcli tasks push` to every guide, unlimited and at the default rate, and the floor."""
    import httpx

    from privcli.base.db import open_db
    from privcli.tasks.push import Style, push
    from privcli.wecom.client import WecomClient, use_transport
    from privcli.wecom.settings import load

    path = HERE / "data" / "wecom-push.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    build_push(path, args.guides, args.tasks_per_guide)
    n = args.guides * args.tasks_per_guide
    print(f"built {n:,} tasks for {args.guides:,} guides in {time.perf_counter() - t:.1f} s")
    if header:
        print(
            "| what | calls | wall | calls/s | configured rate | privcli CPU per call | server CPU per call |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
    tmp = Path(tempfile.mkdtemp(prefix="bench-push-"))
    os.environ.update(
        PRIVCLI_WECOM_CORP_ID="ww-bench", PRIVCLI_WECOM_APP_SECRET=APP_SECRET,
        PRIVCLI_WECOM_AGENT_ID=str(AGENT_ID), PRIVCLI_WECOM_RATE="100000",
        PRIVCLI_WECOM_TOKEN_CACHE=str(tmp / "tokens"),
    )  # fmt: skip
    fake = FakeWecom(corp_id="ww-bench", apps=[App(APP_SECRET, agentid=AGENT_ID)])
    fake.users = {f"G{g:05d}": User(f"G{g:05d}") for g in range(args.guides)}
    db = open_db(str(path))
    day = date(2026, 12, 3)
    with use_transport(fake.transport()):
        client = WecomClient(load())
        client.token("app")
        c0 = client.calls
        result, wall, cpu, server = measure(fake, lambda: push(db, client, day, style=Style()))
        sent = sum(1 for g in result.guides if g.status == "sent")
        row(
            f"D. tasks push: {sent:,} guides, {n:,} tasks (message/send)",
            client.calls - c0, wall, cpu, server, 100000,
        )  # fmt: skip
        bodies = list(fake.sent)
        bare = httpx.Client(
            base_url="https://qyapi.weixin.qq.com/cgi-bin/", transport=fake.transport()
        )
        token = client.token("app")

        def floor():
            for body in bodies:
                bare.post("message/send", params={"access_token": token}, json=body).json()
            return len(bodies)

        k, wall, cpu, server = measure(fake, floor)
        row("floor: bare httpx + fake server, same message/send bodies", k, wall, cpu, server,
            100000)  # fmt: skip
        client.close()

        os.environ["PRIVCLI_WECOM_RATE"] = "20"
        paced = WecomClient(load())
        paced.token("app")
        c0 = paced.calls
        stores = [f"S{i:04d}" for i in range(5)]  # 100 guides
        _, wall, cpu, server = measure(
            fake,
            lambda: push(db, paced, day, stores=stores, resend=True, style=Style()),
        )
        row("D. tasks push --resend, 100 guides, at the default rate", paced.calls - c0, wall,
            cpu, server, 20)  # fmt: skip
        paced.close()
    db.close()


if __name__ == "__main__":
    main()
