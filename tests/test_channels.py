"""Orders gain a channel: the import reads it under its usual headers and normalises it through
the built-in map and the chain's own (`privcli channels`); unknown values are kept as written
with one warning each; existing databases are normalised in place by a schema step."""

from __future__ import annotations

import csv
import json

from conftest import write_csv

from privcli.capabilities import open_store
from privcli.orders.channels import ChannelMap
from privcli.orders.schema import STEPS


def stored(url) -> dict[str, str | None]:
    db = open_store(url)
    try:
        return dict(db.execute("SELECT order_no, channel FROM orders").fetchall())
    finally:
        db.close()


def test_built_in_map():
    m = ChannelMap()
    cases = {
        "门店": "store",
        "POS": "store",
        "ｐｏｓ": "store",  # full width
        "小程序": "mini_program",
        "微商城": "mini_program",
        "天猫": "tmall",
        "淘宝": "tmall",
        "天猫旗舰店": "tmall",
        "京东": "jd",
        "京东自营": "jd",
        "抖音": "douyin",
        "抖音直播间": "douyin",  # the platform wins over the format
        "直播": "live",
        "社群": "community",
        "jd": "jd",
        "有赞": None,
    }
    assert {v: m.lookup(v) for v in cases} == cases
    assert ChannelMap({"有赞": "mini_program"}).lookup("有 赞") == "mini_program"


def test_import_normalises_and_warns_once_per_unknown_value(chain, tmp_path):
    for header in ("订单来源", "渠道", "来源平台", "销售渠道", "店铺类型"):
        text = (
            f"订单号,支付时间,实付金额,{header}\n"
            f"{header}1,2026-11-01 10:00:00,10,门店\n"
            f"{header}2,2026-11-01 10:00:00,10,天猫旗舰店\n"
            f"{header}3,2026-11-01 10:00:00,10,有赞\n"
            f"{header}4,2026-11-01 10:00:00,10,有赞\n"
            f"{header}5,2026-11-01 10:00:00,10, 有赞 \n"
            f"{header}6,2026-11-01 10:00:00,10,\n"
        )
        errors = tmp_path / f"{header}.errors.csv"
        r = chain(
            "import",
            "orders",
            write_csv(tmp_path / f"{header}.csv", text),
            "--errors",
            errors,
            "--json",
        )
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)["warnings"] == 1
        with open(errors, encoding="utf-8-sig") as f:
            report = list(csv.reader(f))
        assert report[1][3] == "有赞" and "unknown channel" in report[1][4]
        got = {k: v for k, v in stored(chain.url).items() if k.startswith(header)}
        assert got == {
            f"{header}1": "store",
            f"{header}2": "tmall",
            f"{header}3": "有赞",
            f"{header}4": "有赞",
            f"{header}5": "有赞",
            f"{header}6": None,
        }


def test_channels_set_renames_stored_orders_and_later_imports(chain, tmp_path):
    text = "订单号,支付时间,实付金额,渠道\nA1,2026-11-01 10:00:00,10,有赞\nA2,2026-11-01 10:00:00,10,美团\n"
    assert chain("import", "orders", write_csv(tmp_path / "a.csv", text)).exit_code == 0
    r = chain("channels", "set", "有赞", "mini_program", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"value": "有赞", "channel": "mini_program", "orders": 1}
    r = chain("channels", "set", "美团", "meituan")
    assert r.exit_code == 2 and "--new" in r.output  # a typo must not create a channel
    assert chain("channels", "set", "美团", "meituan", "--new").exit_code == 0
    assert stored(chain.url) == {"A1": "mini_program", "A2": "meituan"}
    text = "订单号,支付时间,实付金额,渠道\nA3,2026-11-01 10:00:00,10,有赞\n"
    r = chain("import", "orders", write_csv(tmp_path / "b.csv", text), "--json")
    assert json.loads(r.stdout)["warnings"] == 0 and stored(chain.url)["A3"] == "mini_program"
    listing = json.loads(chain("channels", "list", "-f", "json").stdout)
    mine = [x for x in listing if x["source"] == "custom"]
    assert mine == [
        {"value": "有赞", "channel": "mini_program", "source": "custom", "orders": None},
        {"value": "美团", "channel": "meituan", "source": "custom", "orders": None},
    ]
    counted = {x["value"]: x["orders"] for x in listing if x["source"] == "channel"}
    assert counted["mini_program"] == 2 and counted["meituan"] == 1 and counted["tmall"] == 0
    assert chain("channels", "unset", "有赞").exit_code == 0
    assert chain("channels", "unset", "有赞").exit_code == 2


def test_reimport_fills_in_the_channel(chain, tmp_path):
    text = "订单号,支付时间,实付金额\nB1,2026-11-01 10:00:00,10\n"
    assert chain("import", "orders", write_csv(tmp_path / "a.csv", text)).exit_code == 0
    text = "订单号,支付时间,实付金额,订单来源\nB1,2026-11-01 10:00:00,10,京东\n"
    r = chain("import", "orders", write_csv(tmp_path / "b.csv", text), "--json")
    assert json.loads(r.stdout)["updated"] == 1 and stored(chain.url)["B1"] == "jd"


def test_existing_databases_are_normalised_in_place(chain, tmp_path):
    """A database from before the channel step: raw values as imported then; the step (run
    again here on such rows) rewrites the ones the map knows and keeps the others."""
    text = "订单号,支付时间,实付金额\nC1,2026-11-01 10:00:00,10\nC2,2026-11-01 10:00:00,10\nC3,2026-11-01 10:00:00,10\n"
    assert chain("import", "orders", write_csv(tmp_path / "a.csv", text)).exit_code == 0
    db = open_store(chain.url)
    try:
        with db.transaction():
            db.execute("UPDATE orders SET channel = '天猫' WHERE order_no = 'C1'")
            db.execute("UPDATE orders SET channel = '京东POP店' WHERE order_no = 'C2'")
            db.execute("UPDATE orders SET channel = 'wechat' WHERE order_no = 'C3'")
            db.execute("DROP TABLE order_channels")
            db.execute(
                "DELETE FROM schema_steps WHERE capability = 'orders' AND step = '003_channels'"
            )
    finally:
        db.close()
    assert [s.name for s in STEPS][-1] == "003_channels"
    assert stored(chain.url) == {"C1": "tmall", "C2": "jd", "C3": "wechat"}
