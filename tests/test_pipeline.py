"""Large imports normalize rows in a forked worker process: same results as one process."""

from __future__ import annotations

import json
import os
import sys

import pytest
from conftest import write_csv

from privcli.base.selection import Selection
from privcli.capabilities import open_store as open_db
from privcli.imports import pipeline
from privcli.members.logic import member_rows
from privcli.orders.logic import order_rows

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the worker forks (Linux only)")

MEMBERS = (
    "手机号,姓名,生日,会员等级,专属导购,标签\n"
    "13800138000,甲,1990-01-05,金卡,G1,VIP\n"
    "138****8000,乙,,,,\n"  # rejected: masked phone
    "13800138001,乙,2090-01-01,银卡,G9,\n"  # warnings: birthday out of range, unknown guide
    "合计,,,,,\n"  # skipped
    "13800138002,丙,,,周敏,母婴\n"
    "13800138000,,,钻石卡,G2,母婴\n"  # repeats row 2 in a later batch
    "13800138003,丁,1985/3/4,,G3,\n"
)
ORDERS = (
    "订单号,支付时间,订单状态,买家手机号,实付金额,导购工号\n"
    "A1,2026-05-01 10:00:00,交易成功,13800138000,¥1,299.00,G1\n"
    "A2,,交易成功,13800138000,10,G1\n"  # rejected: paid without a paid time
    "A3,2026-05-02 10:00:00,已退款,13900000001,88.5,\n"  # new buyer becomes a member
    "A1,2026-05-01 10:00:00,已退款,13800138000,1299,G1\n"  # repeat: refunded later
)


def _state(url):
    db = open_db(url)
    with db.transaction(write=False):
        members = sorted(tuple(r) for r in member_rows(db, Selection()))
        orders = sorted(tuple(map(str, r)) for r in order_rows(db, Selection()))
    db.close()
    return members, orders


def _run(chain, tmp_path, monkeypatch, mode):
    import privcli.imports.engine as engine

    monkeypatch.setattr(engine, "BATCH", 2)  # several batches through the pipe
    monkeypatch.setenv("PRIVCLI_IMPORT_WORKER", mode)
    out = []
    for kind, text in (("members", MEMBERS), ("orders", ORDERS), ("members", MEMBERS)):
        f = write_csv(tmp_path / f"{kind}.csv", text)
        report = tmp_path / f"{kind}-{mode}-{len(out)}.errors.csv"
        r = chain("import", kind, f, "-f", "json", "--errors", report)
        assert r.exit_code == 3, r.output
        summary = json.loads(r.stdout)
        assert summary.pop("error_report") == str(report)
        out.append((summary, report.read_text(encoding="utf-8-sig")))
    return out, _state(chain.url)


def test_worker_and_single_process_give_the_same_result(chain, tmp_path, monkeypatch, db_url):
    with_worker = _run(chain, tmp_path, monkeypatch, "on")
    summaries = [s for s, _ in with_worker[0]]
    assert summaries[0] == {"rows": 6, "inserted": 4, "updated": 1, "unchanged": 0,
                            "rejected": 1, "warnings": 3}  # fmt: skip
    assert summaries[1]["inserted"] == 2  # A1 (paid, then refunded) and A3
    assert summaries[2]["inserted"] == 0
    # the same imports into a fresh database, in one process
    db = open_db(db_url)
    for t in ("orders", "owner_log", "member_tags", "members", "import_log"):
        db.execute(f"DELETE FROM {t}")
    db.close()
    inline = _run(chain, tmp_path, monkeypatch, "off")
    assert inline == with_worker


def test_a_read_error_in_the_worker_fails_the_import_cleanly(chain, tmp_path, monkeypatch):
    """A file that stops decoding past the part sniffed for its encoding: exit 1, the file
    and line named, nothing written, no worker left behind."""
    monkeypatch.setenv("PRIVCLI_IMPORT_WORKER", "on")
    rows = "".join(f"138{i:08d},会员{i}\n" for i in range(60_000))  # > the 1 MB sniffed
    f = tmp_path / "m.csv"
    f.write_bytes(("手机号,姓名\n" + rows).encode() + b"13800139999,\xff\xfe\n")
    r = chain("import", "members", f)
    assert r.exit_code == 1
    assert "m.csv: cannot decode line 60002 as utf-8" in r.output
    assert "CSV UTF-8" in r.output  # the hint crossed the pipe too
    assert _state(chain.url)[0] == []
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_closing_the_pipeline_early_stops_the_worker():
    """The landing side failed (or Ctrl-C): the worker is stopped and reaped, not left
    normalizing a 20-million-row file in the background."""

    def endless():
        n = 0
        while True:
            n += 1
            yield [(n, str(n))], [], [], n

    messages = pipeline.in_worker(endless)
    assert next(messages)[3] == 1
    messages.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_worker_looks_up_known_buyers_itself(chain, tmp_path, monkeypatch, db_url):
    """With a worker, buyers who were members before the import are resolved there (its own
    read connection); the writing process looks up only buyers it may have to create."""
    from privcli.orders.kinds import Orders

    monkeypatch.setenv("PRIVCLI_IMPORT_WORKER", "on")
    f = write_csv(tmp_path / "m.csv", "手机号,专属导购\n13800138000,G1\n13800138001,G3\n")
    assert chain("import", "members", f).exit_code == 0
    asked: list[str] = []  # phones the writing process looked up (the worker's calls stay there)
    real = Orders._ids

    def spy(db, phones):
        asked.extend(phones)
        return real(db, phones)

    monkeypatch.setattr(Orders, "_ids", staticmethod(spy))
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,支付时间,订单状态,买家手机号,实付金额,导购工号\n"
        "A1,2026-05-01 10:00:00,交易成功,13800138000,10,\n"  # no guide: the owner's (G1)
        "A2,2026-05-01 11:00:00,交易成功,13800138001,20,G2\n"
        "A3,2026-05-01 12:00:00,交易成功,13900000009,30,G2\n",  # a new buyer
    )
    r = chain("import", "orders", f, "-f", "json")
    assert json.loads(r.stdout)["inserted"] == 3
    assert set(asked) == {"13900000009"}
    db = open_db(db_url)
    got = db.execute(
        "SELECT o.order_no, m.phone, g.code FROM orders o JOIN members m ON m.id = o.member_id"
        " JOIN guides g ON g.id = o.guide_id ORDER BY o.order_no"
    ).fetchall()
    db.close()
    assert [tuple(x) for x in got] == [
        ("A1", "13800138000", "G1"),
        ("A2", "13800138001", "G2"),
        ("A3", "13900000009", "G2"),
    ]
