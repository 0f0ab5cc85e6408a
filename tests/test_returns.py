"""Orders as POS, mall and platform systems write them: returns in the same file, refunds of a
named original, partial refunds, after-sale states, statuses a chain invents (--map-status) and
import profiles that keep a cron line short."""

from __future__ import annotations

import csv
import json

from conftest import write_csv

POS = (
    "单据编号,销售时间,会员手机,实付金额,单据类型,原单号,单据状态,导购工号\n"
    "S1,2026-11-01 10:00:00,13800138000,300.00,销售,,销售,G1\n"
    "S2,2026-11-01 11:00:00,13800138001,200.00,销售,,销售,G1\n"
    "R1,2026-11-02 10:00:00,13800138000,-100.00,退货,S1,退货,G1\n"  # refunds part of S1
    "R2,2026-11-02 11:00:00,13800138001,-200.00,退货,S2,退货,G1\n"  # refunds all of S2
    "R3,2026-11-03 10:00:00,13800138002,-50.00,退货,,退货,G1\n"  # a return of its own
    "R4,2026-11-03 11:00:00,13800138002,-30.00,退货,S9,退货,G1\n"  # original unknown
)


def orders(cli, tmp_path) -> dict[str, dict[str, str]]:
    out = tmp_path / "orders-export.csv"
    assert cli("export", "orders", out, "--show-pii", "--force").exit_code == 0
    with open(out, encoding="utf-8-sig", newline="") as f:
        return {r["order_no"]: r for r in csv.DictReader(f)}


def summary(r) -> dict:
    assert r.exit_code in (0, 3), r.output
    return json.loads(r.stdout)


def test_pos_returns_refund_their_original_or_stand_on_their_own(chain, tmp_path):
    f = write_csv(tmp_path / "pos.csv", POS)
    s = summary(chain("import", "orders", f, "-f", "json"))
    assert s["refunds"] == 4 and s["rows"] == 6
    got = orders(chain, tmp_path)
    # the returns naming a known original are not orders: they refund the original
    assert set(got) == {"S1", "S2", "R3", "R4"}
    assert (got["S1"]["status"], got["S1"]["amount"], got["S1"]["refund_amount"]) == (
        "paid", "300.00", "100.00",
    )  # fmt: skip
    assert (got["S2"]["amount"], got["S2"]["refund_amount"]) == ("200.00", "200.00")
    for no, amount, original in (("R3", "50.00", ""), ("R4", "30.00", "S9")):
        r = got[no]
        assert (r["status"], r["amount"], r["doc_type"], r["original_no"]) == (
            "refunded", amount, "return", original,
        )  # fmt: skip
    # the member's sales: 300 - 100 refunded; the other's 200 - 200
    shown = json.loads(chain("members", "show", "13800138000", "-f", "json").stdout)["orders"]
    assert (shown["paid_orders"], shown["paid_amount"], shown["refunded_amount"]) == (
        1,
        200.0,
        100.0,
    )
    # importing the same file again changes nothing, refunds included
    again = summary(chain("import", "orders", f, "-f", "json"))
    assert (again["inserted"], again["updated"]) == (0, 0)
    assert orders(chain, tmp_path) == got


def test_a_return_before_its_original_in_the_same_batch_refunds_it(chain, tmp_path):
    f = write_csv(
        tmp_path / "pos.csv",
        "单据编号,销售时间,会员手机,实付金额,原单号\n"
        "R1,2026-11-02 10:00:00,13800138000,-100,S1\n"
        "S1,2026-11-01 10:00:00,13800138000,300,\n",
    )
    assert summary(chain("import", "orders", f, "-f", "json"))["refunds"] == 1
    got = orders(chain, tmp_path)
    assert set(got) == {"S1"} and got["S1"]["refund_amount"] == "100.00"


def test_statuses_real_systems_write(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,支付时间,实付金额,订单状态,退款金额\n"
        "A1,2026-11-01 10:00:00,100,销售,\n"
        "A2,2026-11-01 10:00:00,100,部分退款,30\n"
        "A3,2026-11-01 10:00:00,100,售后中,\n"
        "A4,2026-11-01 10:00:00,100,退货,\n"
        "A5,2026-11-01 10:00:00,100,退款成功,\n"
        "A6,2026-11-01 10:00:00,100,已退款,\n"
        "A7,2026-11-01 10:00:00,100,待发货,\n",
    )
    r = chain("import", "orders", f, "-f", "json", "--errors", tmp_path / "err.csv")
    s = summary(r)
    assert (s["rejected"], s["warnings"]) == (0, 1)  # 售后中: paid, with a warning
    got = orders(chain, tmp_path)
    assert {k: v["status"] for k, v in got.items()} == {
        "A1": "paid", "A2": "paid", "A3": "paid", "A4": "refunded", "A5": "refunded",
        "A6": "refunded", "A7": "paid",
    }  # fmt: skip
    assert got["A2"]["refund_amount"] == "30.00" and got["A1"]["refund_amount"] == ""
    assert "after-sale in progress" in (tmp_path / "err.csv").read_text(encoding="utf-8-sig")


def test_partial_refund_without_an_amount_column_warns(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,支付时间,实付金额,订单状态\nA1,2026-11-01 10:00:00,100,部分退款\n",
    )
    r = chain("import", "orders", f, "-f", "json")
    assert summary(r)["warnings"] == 1 and "退款金额" in r.stderr


def test_map_status_maps_what_a_chain_invents(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,支付时间,实付金额,订单状态\nA1,2026-11-01 10:00:00,100,已核销\nA2,,100,挂单\n",
    )
    r = chain("import", "orders", f, "-f", "json")
    assert summary(r)["rejected"] == 2 and "--map-status" in r.stderr
    r = chain("import", "orders", f, "--map-status", "已核销=paid", "--map-status", "挂单 = unpaid")
    assert r.exit_code == 0, r.output
    assert {k: v["status"] for k, v in orders(chain, tmp_path).items()} == {
        "A1": "paid", "A2": "unpaid",
    }  # fmt: skip


def test_map_status_is_checked_before_anything_is_read(chain, tmp_path):
    f = write_csv(tmp_path / "o.csv", "订单号,支付时间,实付金额\nA1,2026-11-01 10:00:00,100\n")
    r = chain("import", "orders", f, "--map-status", "已核销=done")
    assert r.exit_code == 2 and "paid|refunded|cancelled|unpaid" in r.stderr
    r = chain("import", "members", write_csv(tmp_path / "m.csv", "手机号\n13800138000\n"),
              "--map-status", "x=paid")  # fmt: skip
    assert r.exit_code == 2 and "does not apply to members" in r.stderr


def test_guides_status_map(chain, tmp_path):
    f = write_csv(tmp_path / "g.csv", "工号,姓名,在职状态\nG5,新人,冻结\n")
    assert chain("import", "guides", f).exit_code == 3
    r = chain("import", "guides", f, "--map-status", "冻结=departed")
    assert r.exit_code == 0, r.output
    listed = json.loads(chain("guides", "list", "--status", "departed", "-f", "json").stdout)
    assert "G5" in [g["guide_id"] for g in listed]


def test_profiles_keep_a_source_systems_options(chain, tmp_path):
    r = chain("profiles", "save", "海鼎POS", "--kind", "orders", "--map", "销售金额=amount",
              "--map-status", "已核销=paid", "--note", "门店POS")  # fmt: skip
    assert r.exit_code == 0, r.output
    listed = json.loads(chain("profiles", "list", "-f", "json").stdout)
    assert listed[0]["name"] == "海鼎POS"
    assert listed[0]["options"] == "--map '销售金额=amount' --map-status '已核销=paid'"
    f = write_csv(
        tmp_path / "pos.csv",
        "单据编号,销售时间,销售金额,单据状态\nP1,2026-11-01 10:00:00,88,已核销\n",
    )
    assert chain("import", "orders", f).exit_code == 1  # no amount column without the profile
    r = chain("import", "orders", f, "--profile", "海鼎POS", "-f", "json")
    assert r.exit_code == 0, r.output
    assert orders(chain, tmp_path)["P1"]["amount"] == "88.00"
    r = chain("import", "members", write_csv(tmp_path / "m.csv", "手机号\n13800138000\n"),
              "--profile", "海鼎POS")  # fmt: skip
    assert r.exit_code == 2 and "for orders imports" in r.stderr
    r = chain("import", "orders", f, "--profile", "海鼎")
    assert r.exit_code == 1 and "海鼎POS" in r.stderr  # did you mean
    bad = chain("profiles", "save", "x", "--kind", "orders", "--map", "列=nosuchfield")
    assert bad.exit_code == 2
    assert chain("profiles", "delete", "海鼎POS").exit_code == 0
    assert json.loads(chain("profiles", "list", "-f", "json").stdout) == []
