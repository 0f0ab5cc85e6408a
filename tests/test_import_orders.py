"""Orders import through the CLI: real platform exports (Taobao/Tmall, JD, Pinduoduo, Douyin,
Youzan, CRMEB/likeshop) as they come, the order rules (status, paid time, buyer, guide), merging
and the summary. Stored values are read back with `privcli export orders --show-pii`."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

from conftest import write_csv, write_xlsx

ORDER_COLS = ["order_no", "phone", "store_code", "guide_id", "status", "amount", "paid_at",
    "coupon_code", "refund_amount", "doc_type", "original_no"]  # fmt: skip
SUMMARY_KEYS = {"rows", "inserted", "updated", "unchanged", "rejected", "warnings"}


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def orders(cli, tmp_path) -> dict[str, list[str]]:
    """order_no -> [order_no, phone, store_code, guide_id, status, amount, paid_at, coupon_code]."""
    out = tmp_path / "orders-out.csv"
    r = cli("export", "orders", out, "--show-pii")
    assert r.exit_code == 0, r.output
    rows = read_csv(out)
    assert rows[0] == ORDER_COLS
    # the first eight columns; refunds and returns are checked in tests/test_returns.py
    return {row[0]: row[:8] for row in rows[1:]}


def members(cli, tmp_path) -> dict[str, dict[str, str]]:
    out = tmp_path / "members-out.csv"
    r = cli("export", "members", out, "--show-pii")
    assert r.exit_code == 0, r.output
    header, *rows = read_csv(out)
    found = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    for m in found.values():
        m["registered_at"] = m["registered_at"]
    return found


def summary(r) -> dict[str, int]:
    """The six counts of an import's JSON summary (its error_report is tested on its own)."""
    return {k: v for k, v in json.loads(r.stdout).items() if k in SUMMARY_KEYS}


def import_members(cli, tmp_path, text: str) -> None:
    r = cli("import", "members", write_csv(tmp_path / "members.csv", text))
    assert r.exit_code == 0, r.output


# -- platform exports -----------------------------------------------------------------------------


def test_taobao_order_report_gbk(chain, tmp_path):
    import_members(chain, tmp_path, "手机号,姓名,专属导购\n13800138000,甲,G2\n")
    # 订单报表 as Taobao/Tmall exports it: GBK, every header padded, numbers forced to text with
    # ="…" and ', both 联系电话 (landline, mostly empty) and 联系手机, and three amount columns of
    # which only 买家实际支付金额 is what the buyer paid.
    f = write_csv(
        tmp_path / "ExportOrderList202301.csv",
        "订单编号 ,买家会员名 ,买家应付货款 ,总金额 ,买家实际支付金额 ,订单状态 ,联系电话 ,"
        "联系手机 ,订单创建时间 ,订单付款时间 ,商家实收金额 \n"
        '="1930679858170647",tb_a,120.00,130.00,99.50,交易成功,,'
        "'18618486065,2023-01-05 10:00:00,2023-01-05 10:01:02,90.00\n"
        '="1930679858170648",tb_b,60.00,70.00,50.00,"买家已付款，等待卖家发货",'
        "'021-62345678,'13800138000,2023-01-06 09:00:00,2023-01-06 09:00:30,45.00\n"
        '="1930679858170649",tb_c,40.00,45.00,"1,030.00","卖家已发货,等待买家确认",,'
        "'13800138000,2023-01-07 09:00:00,2023/1/7 9:05,28.00\n"
        '="1930679858170650",tb_d,10.00,12.00,0.00,等待买家付款,,'
        "'13912345678,2023-01-08 09:00:00,,0.00\n"
        '="1930679858170651",tb_e,10.00,12.00,12.00,交易关闭,,'
        "'18618486065,2023-01-08 10:00:00,,0.00\n",
        encoding="gbk",
    )
    r = chain("import", "orders", f, "--json")
    assert r.exit_code == 0, r.output
    assert summary(r) == {
        "rows": 5, "inserted": 5, "updated": 0, "unchanged": 0, "rejected": 0, "warnings": 0,
    }  # fmt: skip
    o = orders(chain, tmp_path)
    assert o == {
        "1930679858170647": ["1930679858170647", "18618486065", "", "", "paid", "99.50",
                             "2023-01-05 10:01:02", ""],
        "1930679858170648": ["1930679858170648", "13800138000", "", "G2", "paid", "50.00",
                             "2023-01-06 09:00:30", ""],
        "1930679858170649": ["1930679858170649", "13800138000", "", "G2", "paid", "1030.00",
                             "2023-01-07 09:05:00", ""],
        "1930679858170650": ["1930679858170650", "13912345678", "", "", "cancelled", "0.00", "",
                             ""],
        "1930679858170651": ["1930679858170651", "18618486065", "", "", "cancelled", "12.00", "",
                             ""],
    }  # fmt: skip


def test_jd_orders_xlsx_with_typed_cells(chain, tmp_path):
    import_members(chain, tmp_path, "手机号,专属导购\n13800138000,G1\n")
    f = write_xlsx(
        tmp_path / "jd.xlsx",
        [
            ["订单号", "商品名称", "订单金额", "应付金额", "订单状态", "下单时间", "付款确认时间",
             "联系电话"],
            [280000000001, "保温杯", 200, 180.5, "已完成", datetime(2023, 1, 5, 10, 0),
             datetime(2023, 1, 5, 10, 5, 7), 13800138000],
            ["280000000002", "茶叶", "¥1,299.00", "￥1,199.00", "已取消",
             datetime(2023, 1, 6, 11, 0), None, "13800138000"],
            [280000000003, "茶叶", 88, 88, "已付款", 44932, 44932.5, "+86 139-1234-0001"],
        ],
    )  # fmt: skip
    r = chain("import", "orders", f, "--json")
    assert r.exit_code == 0, r.output
    assert summary(r)["inserted"] == 3
    o = orders(chain, tmp_path)
    assert o["280000000001"] == ["280000000001", "13800138000", "", "G1", "paid", "180.50",
                                 "2023-01-05 10:05:07", ""]  # fmt: skip
    assert o["280000000002"][4:7] == ["cancelled", "1199.00", ""]
    assert o["280000000003"][1] == "13912340001"
    assert o["280000000003"][5:7] == ["88.00", "2023-01-06 12:00:00"]  # Excel serial numbers


def test_pinduoduo_orders(chain, tmp_path):
    f = write_csv(
        tmp_path / "pdd.csv",
        "订单号,订单状态,商品总价(元),店铺优惠折扣(元),用户实付金额(元),商家实收金额(元),手机,"
        "支付时间\n"
        '230105-123456789012345,"已发货，退款成功",100,10,88.8,80,13900139000,'
        "2023-01-05 10:00:00\n"
        '230105-123456789012346,待发货,100,0,"1,299.00",80,13900139001,2023-01-05 11:00:00\n'
        "230105-123456789012347,已收货,100,0,66,60,13900139001,2023/01/05 12:30\n"
        "230105-123456789012348,已取消,100,0,0,0,13900139001,\n",
    )
    r = chain("import", "orders", f, "--json")
    assert r.exit_code == 0, r.output
    o = orders(chain, tmp_path)
    assert o["230105-123456789012345"][4:7] == ["refunded", "88.80", "2023-01-05 10:00:00"]
    assert o["230105-123456789012346"][4:7] == ["paid", "1299.00", "2023-01-05 11:00:00"]
    assert o["230105-123456789012347"][4:7] == ["paid", "66.00", "2023-01-05 12:30:00"]
    assert o["230105-123456789012348"][4:7] == ["cancelled", "0.00", ""]


def test_douyin_orders_bom_and_tab_padding(chain, tmp_path):
    import_members(chain, tmp_path, "手机号,专属导购\n13800138000,G3\n")
    f = write_csv(
        tmp_path / "douyin.csv",
        "\ufeff主订单编号,子订单编号,选购商品,订单应付金额,支付完成时间,收件人手机号,订单状态\n"
        "4934271239781234567\t,4934271239781234568\t,面霜,128.00,2023/03/01 12:00:00,"
        "13800138000,已完成\n"
        "\t4934271239781234569,4934271239781234570\t,精华,1.5,2023/03/02 12:00,13800138000,"
        "已发货\n"
        "4934271239781234571\t,4934271239781234572\t,面膜,9.9,,13800138000,已关闭\n",
    )
    r = chain("import", "orders", f, "--json")
    assert r.exit_code == 0, r.output
    assert summary(r)["inserted"] == 3
    o = orders(chain, tmp_path)
    assert o == {
        "4934271239781234567": ["4934271239781234567", "13800138000", "", "G3", "paid",
                                "128.00", "2023-03-01 12:00:00", ""],
        "4934271239781234569": ["4934271239781234569", "13800138000", "", "G3", "paid", "1.50",
                                "2023-03-02 12:00:00", ""],
        "4934271239781234571": ["4934271239781234571", "13800138000", "", "G3", "cancelled",
                                "9.90", "", ""],
    }  # fmt: skip


def test_youzan_orders_guide_column(chain, tmp_path):
    import_members(chain, tmp_path, "手机号,专属导购\n13800138000,G2\n13800138001,G2\n")
    f = write_csv(
        tmp_path / "youzan.csv",
        "订单号,订单状态,商品金额合计,订单实付金额,买家付款时间,买家手机号,收货人手机号,专属导购\n"
        "E20230105001,交易完成,100,66.60,2023-01-05 10:00:00,13800138000,13999999999,周敏\n"
        "E20230105002,待发货,100,10,2023-01-05 10:00:00,13800138001,,G1\n"
        "E20230105003,已发货,100,20,2023-01-05 10:00:00,13800138001,,\n",
    )
    r = chain("import", "orders", f)
    assert r.exit_code == 0, r.output
    o = orders(chain, tmp_path)
    # guide by name, guide by id, and (empty cell) the member's owning guide
    assert o["E20230105001"] == ["E20230105001", "13800138000", "", "G3", "paid", "66.60",
                                 "2023-01-05 10:00:00", ""]  # fmt: skip
    assert o["E20230105002"][1:4] == ["13800138001", "", "G1"]
    assert o["E20230105003"][1:4] == ["13800138001", "", "G2"]
    # the buyer's phone, not the recipient's, is the identity: no member for 13999999999
    assert "13999999999" not in members(chain, tmp_path)


def test_youzan_customers_as_members(chain, tmp_path):
    f = write_csv(
        tmp_path / "youzan-customers.csv",
        "客户姓名,客户手机号,客户生日,客户性别,免费等级,客户积分,成为会员时间,成为会员店铺,导购员,"
        "来源渠道,客户身份\n"
        '王小明,13800138000,1990-05-06,男,VIP1,"1,200",2022-03-04 10:11:12,上海徐汇店,周敏,'
        "微信小程序,会员\n"
        "李娜,+86 139 1234 0001,暂无,女,-,0,2022/3/5 10:11,SH01,G1,扫码,会员\n"
        "游客,186******05,,未知,,,,,,,客户\n",
    )
    r = chain("import", "members", f, "--json")
    assert r.exit_code == 3, r.output
    assert summary(r) == {
        "rows": 3, "inserted": 2, "updated": 0, "unchanged": 0, "rejected": 1, "warnings": 0,
    }  # fmt: skip
    m = members(chain, tmp_path)
    assert set(m) == {"13800138000", "13912340001"}
    assert m["13800138000"] == {
        "phone": "13800138000", "member_no": "", "name": "王小明", "gender": "M",
        "birthday": "1990-05-06", "level": "VIP1", "points": "1200",
        "registered_at": "2022-03-04 10:11:12", "store_code": "SH02", "guide_id": "G3",
        "acquired_by": "G3", "channel": "微信小程序", "tags": "",
    }  # fmt: skip
    li = m["13912340001"]
    assert (li["name"], li["gender"], li["birthday"], li["level"], li["points"]) == (
        "李娜", "F", "", "", "0",
    )  # fmt: skip
    assert (li["registered_at"], li["store_code"], li["guide_id"], li["channel"]) == (
        "2022-03-05 10:11:00", "SH01", "G1", "扫码",
    )  # fmt: skip


def test_likeshop_xls_that_is_csv_with_header_on_row_3(chain, tmp_path):
    f = write_csv(
        tmp_path / "likeshop订单.xls",
        "likeshop订单导出\n"
        "导出时间：2023-01-06 09:00:00\n"
        "订单编号,用户昵称,应付金额,实际支付,支付状态,订单状态,支付时间,手机号\n"
        "L001,nick,100,95.5,已支付,已完成,2023-01-05 10:00:00,13800138000\n"
        "L002,nick2,50,50,未支付,待付款,未支付,13800138001\n"
        "合计,,150,95.5,,,,\n",
    )
    r = chain("import", "orders", f, "--json")
    assert r.exit_code == 0, r.output
    assert summary(r)["rows"] == 2  # the total row is skipped
    o = orders(chain, tmp_path)
    assert o["L001"] == ["L001", "13800138000", "", "", "paid", "95.50", "2023-01-05 10:00:00", ""]
    assert o["L002"] == ["L002", "13800138001", "", "", "cancelled", "50.00", "", ""]


def test_crmeb_gbk_header_on_row_2_with_store_and_coupon(chain, tmp_path):
    f = write_csv(
        tmp_path / "crmeb.csv",
        "订单列表,,,,,,\n"
        "订单号,实际支付,应付金额,支付时间,手机号,门店,优惠券码\n"
        "wx2023010512345,￥199.00,￥219.00,2023年1月5日 14:03,13800138000,上海徐汇店,CPN-001\n"
        "wx2023010512346,￥0.01,￥0.01,2023.1.6 08:00:00,13800138000,SH01,\n",
        encoding="gbk",
    )
    r = chain("import", "orders", f)
    assert r.exit_code == 0, r.output
    o = orders(chain, tmp_path)
    assert o["wx2023010512345"] == ["wx2023010512345", "13800138000", "SH02", "", "paid",
                                    "199.00", "2023-01-05 14:03:00", "CPN-001"]  # fmt: skip
    assert o["wx2023010512346"][2:7] == ["SH01", "", "paid", "0.01", "2023-01-06 08:00:00"]


# -- row rules ------------------------------------------------------------------------------------


def test_masked_phone_keeps_the_sale_without_a_member_and_warns(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,实付金额,支付时间,手机号\nA1,10,2023-01-05 10:00,138****8000\n"
        "A2,20,2023-01-05 11:00,186******05\n",
    )
    r = chain("import", "orders", f, "--errors", tmp_path / "err.csv")
    assert r.exit_code == 0, r.output
    assert "rejected: 0" in r.stdout and "warnings: 2" in r.stdout
    assert "masked" in r.output and "order kept without a member" in r.output
    o = orders(chain, tmp_path)
    assert o["A1"] == ["A1", "", "", "", "paid", "10.00", "2023-01-05 10:00:00", ""]
    assert o["A2"][1] == ""
    assert members(chain, tmp_path) == {}
    report = read_csv(tmp_path / "err.csv")
    assert [(row[0], row[1], row[2], row[3]) for row in report[1:]] == [
        ("2", "警告", "手机号", "138****8000"),
        ("3", "警告", "手机号", "186******05"),
    ]


def test_order_number_in_scientific_notation_rejected(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv",
        "订单编号,实付金额,付款时间\n1.93068E+15,10,2023-01-05 10:00\n"
        "1930679858170647,20,2023-01-05 10:00\n",
    )
    r = chain("import", "orders", f, "--errors", tmp_path / "err.csv", "--json")
    assert r.exit_code == 3
    assert summary(r)["rejected"] == 1 and summary(r)["inserted"] == 1
    assert "1.93068E+15" in r.stderr and "scientific notation" in r.stderr
    report = read_csv(tmp_path / "err.csv")
    assert report[1][:4] == ["2", "拒绝", "订单编号", "1.93068E+15"]
    assert "scientific notation" in report[1][4]
    assert set(orders(chain, tmp_path)) == {"1930679858170647"}


def test_paid_time_required_for_paid_and_refunded_orders_only(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,订单状态,实付金额,支付时间\n"
        "P1,交易成功,10,\n"  # paid without a paid time: rejected
        "P2,交易成功,10,昨天\n"  # unparsable: rejected
        "P3,已退款,10,暂无\n"  # refunded without a paid time: rejected
        "P4,已完成,10,2023-02-30 10:00\n"  # impossible date: rejected
        "C1,交易关闭,10,\n"  # closed without a paid time: accepted
        "C2,等待买家付款,10,--\n"  # unpaid: accepted
        "C3,已取消,10,2023-01-05 10:00\n"  # cancelled may still carry a time
        "X1,交易成功,abc,2023-01-05 10:00\n"  # unparsable amount: rejected
        "X2,交易成功,,2023-01-05 10:00\n",  # empty amount: rejected
    )
    r = chain("import", "orders", f, "--errors", tmp_path / "err.csv", "--json")
    assert r.exit_code == 3
    assert summary(r) == {
        "rows": 9, "inserted": 3, "updated": 0, "unchanged": 0, "rejected": 6, "warnings": 0,
    }  # fmt: skip
    o = orders(chain, tmp_path)
    assert {k: v[4:7] for k, v in o.items()} == {
        "C1": ["cancelled", "10.00", ""],
        "C2": ["cancelled", "10.00", ""],
        "C3": ["cancelled", "10.00", "2023-01-05 10:00:00"],
    }
    report = {row[0]: row for row in read_csv(tmp_path / "err.csv")[1:]}
    assert report["2"][2:4] == ["支付时间", ""] and "paid time" in report["2"][4]
    assert report["3"][2:4] == ["支付时间", "昨天"]
    assert report["4"][2] == "支付时间" and "paid time" in report["4"][4]
    assert report["5"][2:5] == ["支付时间", "2023-02-30 10:00", "no such date"]
    assert report["9"][2:4] == ["实付金额", "abc"] and "amount" in report["9"][4]
    assert report["10"][2] == "实付金额"


def test_unknown_status_rejected_naming_it(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,订单状态,实付金额,支付时间\nS1,风控冻结,10,2023-01-05 10:00\n"
        "S2,交易成功,10,2023-01-05 10:00\n",
    )
    r = chain("import", "orders", f, "--errors", tmp_path / "err.csv")
    assert r.exit_code == 3
    assert "'风控冻结'" in r.stderr and "unknown order status" in r.stderr
    report = read_csv(tmp_path / "err.csv")
    assert report[1][:4] == ["2", "拒绝", "订单状态", "风控冻结"]
    assert set(orders(chain, tmp_path)) == {"S2"}


def test_buyer_who_is_not_a_member_becomes_one(chain, tmp_path):
    import_members(chain, tmp_path, "手机号,姓名,来源渠道\n13800138000,甲,门店\n")
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,实付金额,支付时间,手机号\nN1,10,2023-01-05 10:00,13900139000\n"
        "N2,20,2023-01-06 10:00,13900139000\nN3,30,2023-01-06 10:00,13800138000\n",
    )
    r = chain("import", "orders", f)
    assert r.exit_code == 0, r.output
    assert "1 order buyers were not members yet" in r.stderr
    m = members(chain, tmp_path)
    assert set(m) == {"13800138000", "13900139000"}
    assert m["13900139000"]["channel"] == "order"
    assert m["13800138000"]["channel"] == "门店"  # an existing member keeps its channel
    assert m["13800138000"]["name"] == "甲"
    o = orders(chain, tmp_path)
    assert [o[n][1] for n in ("N1", "N2", "N3")] == ["13900139000", "13900139000", "13800138000"]


def test_order_guide_is_its_column_else_the_owner_at_import(chain, tmp_path):
    import_members(chain, tmp_path, "手机号,专属导购\n13800138000,G1\n")
    first = write_csv(
        tmp_path / "o1.csv",
        "订单号,实付金额,支付时间,手机号,导购工号\n"
        "G-1,10,2023-01-05 10:00,13800138000,\n"
        "G-2,10,2023-01-05 10:00,13800138000,G3\n",
    )
    assert chain("import", "orders", first).exit_code == 0
    # the customer moves to G2: orders already imported stay credited to G1
    import_members(chain, tmp_path, "手机号,专属导购\n13800138000,G2\n")
    second = write_csv(
        tmp_path / "o2.csv",
        "订单号,实付金额,支付时间,手机号\n"
        "G-1,10,2023-01-05 10:00,13800138000\n"
        "G-3,10,2023-01-06 10:00,13800138000\n",
    )
    r = chain("import", "orders", second, "--json")
    assert summary(r)["inserted"] == 1 and summary(r)["updated"] == 0
    o = orders(chain, tmp_path)
    assert {k: v[3] for k, v in o.items()} == {"G-1": "G1", "G-2": "G3", "G-3": "G2"}


def test_reimport_same_file_changes_nothing(chain, tmp_path):
    import_members(chain, tmp_path, "手机号,专属导购\n13800138000,G1\n")
    f = write_csv(
        tmp_path / "o.csv",
        "订单编号,订单状态,实付金额,付款时间,手机号,门店编码,导购工号,券码\n"
        "R1,交易成功,¥1,2023-01-05 10:00:00,13800138000,SH01,G2,C-1\n"
        "R2,已退款,2.5,2023-01-05 11:00,13900139000,,,\n"
        "R3,交易关闭,3,,13800138000,,,\n",
    )
    first = chain("import", "orders", f, "--json")
    assert summary(first) == {
        "rows": 3, "inserted": 3, "updated": 0, "unchanged": 0, "rejected": 0, "warnings": 0,
    }  # fmt: skip
    before = orders(chain, tmp_path)
    again = chain("import", "orders", f, "--json")
    assert again.exit_code == 0
    assert summary(again) == {
        "rows": 3, "inserted": 0, "updated": 0, "unchanged": 3, "rejected": 0, "warnings": 0,
    }  # fmt: skip
    assert orders(chain, tmp_path) == before
    assert before["R1"] == ["R1", "13800138000", "SH01", "G2", "paid", "1.00",
                            "2023-01-05 10:00:00", "C-1"]  # fmt: skip


def test_later_row_for_same_order_wins(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,订单状态,实付金额,支付时间,手机号\n"
        "D1,交易成功,100,2023-01-05 10:00,13800138000\n"
        "D2,待发货,5,2023-01-05 10:00,13800138000\n"
        'D1,"已发货，退款成功",100,2023-01-05 10:00,\n',
    )
    r = chain("import", "orders", f, "--json")
    assert r.exit_code == 0, r.output
    # the later row's status wins; its empty phone keeps the earlier value
    s = summary(r)
    assert (s["rows"], s["inserted"], s["warnings"]) == (3, 2, 1)
    o = orders(chain, tmp_path)
    assert o["D1"] == ["D1", "13800138000", "", "", "refunded", "100.00", "2023-01-05 10:00:00",
                       ""]  # fmt: skip
    # and a later file updates the stored order
    later = write_csv(tmp_path / "o2.csv", "订单号,订单状态,实付金额,支付时间\nD2,交易关闭,5,\n")
    r = chain("import", "orders", later, "--json")
    assert summary(r)["updated"] == 1
    assert orders(chain, tmp_path)["D2"][4:7] == ["cancelled", "5.00", "2023-01-05 10:00:00"]


def test_dry_run_writes_nothing(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv",
        "订单号,实付金额,支付时间,手机号\nY1,10,2023-01-05 10:00,13900139000\nY2,10,,13900139000\n",
    )
    r = chain("import", "orders", f, "--dry-run", "--json", "--errors", tmp_path / "err.csv")
    assert r.exit_code == 3
    assert summary(r) == {
        "rows": 2, "inserted": 1, "updated": 0, "unchanged": 0, "rejected": 1, "warnings": 0,
    }  # fmt: skip
    assert orders(chain, tmp_path) == {}
    assert members(chain, tmp_path) == {}  # the buyer was not created either
    assert (tmp_path / "err.csv").exists()  # the report is still written
    r = chain("import", "orders", f, "--json")
    assert summary(r)["inserted"] == 1
    assert set(orders(chain, tmp_path)) == {"Y1"}


def test_dry_run_does_not_claim_members_were_added(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv", "订单号,实付金额,支付时间,手机号\nY1,10,2023-01-05,13900139000\n"
    )
    r = chain("import", "orders", f, "--dry-run")
    assert r.exit_code == 0
    assert "nothing was written" in r.stderr
    assert "were added" not in r.stderr


def test_json_prints_the_six_counts_and_format_json_the_whole_summary(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv", "订单号,实付金额,支付时间\nJ1,10,2023-01-05 10:00\nJ2,x,2023-01-05\n"
    )
    r = chain("import", "orders", f, "--json")
    assert r.exit_code == 3
    data = json.loads(r.stdout)  # stdout holds the one JSON object and nothing else
    assert set(data) == SUMMARY_KEYS  # the contract scripts have parsed since 0.1
    assert all(type(data[k]) is int for k in SUMMARY_KEYS)
    assert data["rows"] == 2 and data["inserted"] == 1 and data["rejected"] == 1
    report = next((tmp_path / "privcli-errors").iterdir())
    assert f"error report: {report}" in r.stderr  # the path is not lost with --json
    full = json.loads(chain("import", "orders", f, "--format", "json").stdout)
    assert set(full) == SUMMARY_KEYS | {"refunds", "error_report"}
    assert full["unchanged"] == 1 and Path(full["error_report"]).exists()
    clean = write_csv(tmp_path / "ok.csv", "订单号,实付金额,支付时间\nJ3,10,2023-01-05 10:00\n")
    assert json.loads(chain("import", "orders", clean, "-f", "json").stdout)["error_report"] is None


def test_missing_amount_column_is_fatal(chain, tmp_path):
    f = write_csv(
        tmp_path / "o.csv",
        "订单编号,总金额,商家实收金额,订单付款时间\nM1,10,9,2023-01-05 10:00\n",
    )
    r = chain("import", "orders", f)
    assert r.exit_code == 1
    assert "amount" in r.stderr and "总金额, 商家实收金额" in r.stderr
    assert orders(chain, tmp_path) == {}
