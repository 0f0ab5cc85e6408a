"""A small chain whose leaderboard figures are worked out by hand (see the expectations in
test_boards_metrics.py): three stores, four guides (G4 departed), six members, orders in October
and November 2026 through the orders import (channels as exports write them), a return document
and a partial refund (written directly: the orders import of returns is another feature's), and
coupons and tasks rows as the coupon bank and the tasks capability store them. Today is
2026-12-02 10:00 (see the `frozen` fixture)."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import GUIDES_CSV, STORES_CSV, write_csv

from privcli.base import config
from privcli.capabilities import open_store

NOW = datetime(2026, 12, 2, 10, 0, 0)

MEMBERS_CSV = (
    "手机号,姓名,专属导购,所属门店,注册时间,来源渠道\n"
    "13800000001,甲一,G1,SH01,2026-09-01,门店扫码\n"
    "13800000002,乙二,G1,SH01,2026-10-15,小程序\n"
    "13800000003,丙三,G2,SH01,2026-09-10,企微添加\n"
    "13800000004,丁四,G3,SH02,2026-11-05,门店扫码\n"
    "13800000005,戊五,G4,GZ01,2026-08-01,直播\n"
    "13800000006,己六,G3,SH02,,\n"
)
# 销售渠道 as exports write it: 门店, 天猫旗舰店 (→ tmall), 小程序, 京东, 抖音, 有赞 (unknown: kept)
ORDERS_CSV = (
    "订单号,支付时间,订单状态,买家手机号,实付金额,门店编码,导购工号,销售渠道\n"
    "O1,2026-11-02 10:00:00,交易成功,13800000001,100.00,SH01,G1,门店\n"
    "O2,2026-11-20 15:00:00,交易成功,13800000001,50.00,SH01,G1,天猫旗舰店\n"
    "O3,2026-11-03 11:00:00,已退款,13800000002,80.00,SH01,G1,小程序\n"
    "O4,2026-11-04 12:00:00,交易成功,13800000003,200.00,SH01,G2,京东\n"
    "O5,2026-11-06 13:00:00,交易成功,13800000004,150.00,SH02,G3,抖音\n"
    "O6,2026-10-10 09:00:00,交易成功,13800000005,300.00,GZ01,G4,门店\n"
    "O7,2026-10-12 09:30:00,交易成功,13800000003,120.00,SH01,G2,POS\n"
    "O8,,待付款,13800000006,999.00,SH02,G3,门店\n"
    "O9,2026-10-20 18:00:00,交易成功,13800000001,30.00,SH01,G1,有赞\n"
)


@pytest.fixture
def frozen(monkeypatch):
    """Today is 2026-12-02 in the business zone."""
    monkeypatch.setattr(config, "now", lambda: NOW)
    return NOW


def ids(db, table: str) -> dict[str, int]:
    key = "phone" if table == "members" else "code" if table in ("stores", "guides") else "order_no"
    return dict(db.execute(f"SELECT {key}, id FROM {table}").fetchall())


def build(cli, tmp_path, *, extras: bool = True) -> None:
    """The chain through the CLI, then the rows other features write (a return document, a
    partial refund, coupons, tasks)."""
    for kind, text in (
        ("stores", STORES_CSV),
        ("guides", GUIDES_CSV),
        ("members", MEMBERS_CSV),
        ("orders", ORDERS_CSV),
    ):
        r = cli("import", kind, write_csv(tmp_path / f"{kind}.csv", text))
        assert r.exit_code == 0, r.output
    if not extras:
        return
    db = open_store(cli.url)
    try:
        with db.transaction():
            m, g, s = ids(db, "members"), ids(db, "guides"), ids(db, "stores")
            # O4 was refunded in part: 50.00 of its 200.00
            db.execute("UPDATE orders SET refund_fen = 5000 WHERE order_no = 'O4'")
            # a POS return document of its own (original unknown): 40.00 off G2's sales
            db.execute(
                "INSERT INTO orders (order_no, member_id, store_id, guide_id, status, amount_fen,"
                " paid_at, channel, kind) VALUES ('R1', :m, :s, :g, 'refunded', 4000, :t,"
                " 'store', 'return')",
                {
                    "m": m["13800000003"],
                    "s": s["SH01"],
                    "g": g["G2"],
                    "t": datetime(2026, 11, 10, 16),
                },
            )
            db.execute(
                "INSERT INTO coupon_batches (name, kind, value, quantity, per_member, created_at)"
                " VALUES ('b', 'cash', 1000, 100, 1, :t)",
                {"t": NOW},
            )
            batch = db.scalar("SELECT id FROM coupon_batches")
            coupons = [
                # code, guide, issued, redeemed
                ("C1", "G1", datetime(2026, 11, 1, 9), datetime(2026, 11, 2, 9)),
                ("C2", "G1", datetime(2026, 11, 1, 9), datetime(2026, 11, 3, 9)),
                ("C3", "G1", datetime(2026, 11, 5, 9), None),
                ("C4", "G1", datetime(2026, 11, 6, 9), None),
                ("C5", "G1", datetime(2026, 10, 30, 9), datetime(2026, 11, 4, 9)),
                ("C6", "G3", datetime(2026, 11, 7, 9), None),
            ]
            for code, guide, issued, redeemed in coupons:
                db.execute(
                    "INSERT INTO coupons (batch_id, code, member_id, issued_guide_id, guide_id,"
                    " store_id, issued_at, valid_from, valid_to, status, redeemed_at)"
                    " VALUES (:b, :c, :m, :g, :g, (SELECT store_id FROM guides WHERE id = :g),"
                    " :i, '2026-10-01', '2026-12-31', :st, :r)",
                    {
                        "b": batch,
                        "c": code,
                        "m": m["13800000001"],
                        "g": g[guide],
                        "i": issued,
                        "st": "redeemed" if redeemed else "issued",
                        "r": redeemed,
                    },
                )
            tasks = [("G1", "2026-11-03", "done")] * 3 + [("G1", "2026-11-04", "pending")]
            tasks += [("G2", "2026-11-05", "pending")] * 2 + [("G2", "2026-10-05", "done")]
            for guide, due, status in tasks:
                db.execute(
                    "INSERT INTO tasks (guide_id, member_id, rule, due_on, status)"
                    " VALUES (:g, :m, 'care', :d, :s)",
                    {"g": g[guide], "m": m["13800000001"], "d": due, "s": status},
                )
    finally:
        db.close()
