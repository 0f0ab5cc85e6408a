"""Unit tests of cell normalization (privcli/io/normalize.py) and header detection
(privcli/io/headers.py): the rules that turn messy platform exports into canonical values.
No database needed."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from privcli.base.errors import PrivcliError
from privcli.capabilities import REGISTRY
from privcli.io import headers as H
from privcli.io import normalize as N
from privcli.io.normalize import Bad

# -- phone ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        " 138 0013-8000 ",
        "１３８００１３８０００",  # full-width digits
        "１３８－００１３－８０００",
        "+8613800138000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "8613800138000",
        "008613800138000",
        "0086 138 0013 8000",
        "(+86)13800138000",
        13800138000,  # numeric cell
        13800138000.0,  # numeric cell read as float (xlsx)
        "13800138000.0",  # numeric cell saved to CSV by Excel/WPS
        "13800138000.00",
        "+8613800138000.0",
        8613800138000.0,
    ],
)
def test_phone_normalizes_to_11_digits(raw):
    assert N.phone(raw) == "13800138000"


@pytest.mark.parametrize(
    "raw",
    ["13312345678", "14512345678", "15012345678", "16612345678", "17712345678", "19912345678"],
)
def test_phone_all_mainland_mobile_prefixes_accepted(raw):
    assert N.phone(raw) == raw


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("138****8000", "masked"),
        ("186******05", "masked"),
        ("１３８＊＊＊＊８０００", "masked"),  # full-width asterisks are a mask too
        ("1380013", "11 digits, got 7"),
        ("138001380001", "11 digits, got 12"),
        ("1380013800.0", "11 digits, got 10"),  # a 10-digit number must not gain a digit
        ("12800138000", "not a mainland mobile"),
        ("11800138000", "not a mainland mobile"),
        ("23800138000", "not a mainland mobile"),
        ("02812345678", "not a mainland mobile"),
        ("+8612800138000", "not a mainland mobile"),
        ("1380013800a", "11-digit"),
        ("abc", "11-digit"),
        (13800138000.5, "not a phone"),
        (1380013800, "11 digits, got 10"),
        (True, "not a phone"),
    ],
)
def test_phone_rejects_with_reason(raw, reason):
    with pytest.raises(Bad, match=reason):
        N.phone(raw)


@pytest.mark.parametrize(
    ("raw", "masked"), [("138****8000", True), ("186******05", True), ("13800138000", False)]
)
def test_is_masked(raw, masked):
    assert N.is_masked(raw) is masked


# -- dates ----------------------------------------------------------------------------------------

DAY_CASES = [
    (date(2023, 1, 5), "2023-01-05"),
    (datetime(2023, 1, 5, 14, 3, 9), "2023-01-05"),
    (44931, "2023-01-05"),  # Excel serial number
    (44931.0, "2023-01-05"),
    (44931.75, "2023-01-05"),
    ("2023-01-05", "2023-01-05"),
    ("2023-1-5", "2023-01-05"),
    ("2023/1/5", "2023-01-05"),
    ("2023/01/05", "2023-01-05"),
    ("2023.1.5", "2023-01-05"),
    ("2023年1月5日", "2023-01-05"),
    ("2023年01月05日", "2023-01-05"),
    ("20230105", "2023-01-05"),
    (20230105, "2023-01-05"),  # compact date typed as a number
    ("２０２３－０１－０５", "2023-01-05"),
    ("2023-01-05 14:03:09", "2023-01-05"),
    ("2023/1/5 14:03", "2023-01-05"),
    ("2024-02-29", "2024-02-29"),
]


@pytest.mark.parametrize(("raw", "expected"), DAY_CASES)
def test_day(raw, expected):
    assert N.day(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2023, 1, 5), "2023-01-05 00:00:00"),
        (datetime(2023, 1, 5, 14, 3, 9), "2023-01-05 14:03:09"),
        (datetime(2023, 1, 5, 14, 3, 9, 999000), "2023-01-05 14:03:09"),
        (44931, "2023-01-05 00:00:00"),
        (44931.5, "2023-01-05 12:00:00"),
        (44931 + (14 * 3600 + 3 * 60 + 9) / 86400, "2023-01-05 14:03:09"),
        ("2023-01-05", "2023-01-05 00:00:00"),
        ("2023-01-05 14:03:09", "2023-01-05 14:03:09"),
        ("2023-01-05T14:03:09", "2023-01-05 14:03:09"),
        ("2023-01-05 14:03:09.123", "2023-01-05 14:03:09"),
        ("2023-1-5 9:05:07", "2023-01-05 09:05:07"),
        ("2023/1/5 14:03", "2023-01-05 14:03:00"),
        ("2023/01/05 14:03:09", "2023-01-05 14:03:09"),
        ("2023.1.5 14:03:09", "2023-01-05 14:03:09"),
        ("2023年1月5日", "2023-01-05 00:00:00"),
        ("2023年1月5日 14:03", "2023-01-05 14:03:00"),
        ("2023年1月5日 14时03分09秒", "2023-01-05 14:03:09"),
        ("20230105", "2023-01-05 00:00:00"),
        ("20230105 140309", "2023-01-05 14:03:09"),
        ("20230105140309", "2023-01-05 14:03:09"),
    ],
)
def test_moment(raw, expected):
    assert N.moment(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1990-02-30", "no such date"),
        ("2023-02-29", "no such date"),
        ("2023-13-01", "no such date"),
        ("2023/1/32", "no such date"),
        ("20230230", "no such date"),
        ("2023-01-05 25:00", "no such date"),
        ("abc", "expected a date"),
        ("2023-01", "expected a date"),
        ("昨天", "expected a date"),
        ("44931", "a bare number is no date in text"),  # a serial only in an xlsx number cell
        ("44931.5", "a bare number is no date in text"),
        (0, "out of range"),
        (-5, "out of range"),
    ],
)
def test_impossible_dates_rejected(raw, reason):
    with pytest.raises(Bad, match=reason):
        N.day(raw)
    with pytest.raises(Bad, match=reason):
        N.moment(raw)


def test_birthday_range():
    today = date(2026, 1, 1)
    assert N.birthday("1990-05-06", today) == "1990-05-06"
    assert N.birthday(datetime(1990, 5, 6), today) == "1990-05-06"
    with pytest.raises(Bad, match="out of range"):
        N.birthday("2027-01-01", today)
    with pytest.raises(Bad, match="out of range"):
        N.birthday("1899-12-31", today)
    with pytest.raises(Bad, match="no such date"):
        N.birthday("1990-02-30", today)


# -- gender ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("男", "M"),
        ("女", "F"),
        ("M", "M"),
        ("F", "F"),
        ("m", "M"),
        ("f", "F"),
        ("male", "M"),
        ("female", "F"),
        ("Male", "M"),
        ("FEMALE", "F"),
        (" 男 ", "M"),
        ("1", "M"),
        ("2", "F"),
        (1, "M"),
        (2, "F"),
        (1.0, "M"),  # numeric cell
        (2.0, "F"),
        ("0", None),
        (0, None),
        ("3", None),
        ("未知", None),
        ("保密", None),
        ("x", None),
        ("", None),
    ],
)
def test_gender(raw, expected):
    assert N.gender(raw) == expected


# -- amounts, integers, tags ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        ("¥1,299.00", 129900),
        ("￥1,299.00", 129900),
        ("1,299.00", 129900),
        ("1299.5元", 129950),
        ("1,299.00 元", 129900),
        ("¥ 88", 8800),
        ("88", 8800),
        ("0.01", 1),
        ("0.00", 0),
        ("１２９９．５０", 129950),
        ("RMB 10", 1000),
        (1299, 129900),
        (1299.5, 129950),
        (1299.99, 129999),
        (19.99, 1999),  # no float drift
        (0.1 + 0.2, 30),
        (0, 0),
    ],
)
def test_fen(raw, fen):
    assert N.fen(raw) == fen
    assert type(N.fen(raw)) is int


@pytest.mark.parametrize("raw", ["abc", "", "nan", "inf", "¥", float("nan"), float("inf"), None])
def test_fen_rejects(raw):
    with pytest.raises(Bad, match="amount"):
        N.fen(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,200", 1200),
        ("300.0", 300),
        ("300.00", 300),
        (300.0, 300),
        (300, 300),
        ("１，２００", 1200),
        ("1 200", 1200),
        ("0", 0),
    ],
)
def test_integer(raw, expected):
    assert N.integer(raw) == expected


@pytest.mark.parametrize("raw", ["12.5", 12.5, "abc", "", "1,2x", True])
def test_integer_rejects(raw):
    with pytest.raises(Bad, match="whole number"):
        N.integer(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("VIP", ["VIP"]),
        ("VIP,母婴", ["VIP", "母婴"]),
        ("VIP，母婴", ["VIP", "母婴"]),
        ("VIP;母婴", ["VIP", "母婴"]),
        ("VIP；母婴", ["VIP", "母婴"]),
        ("VIP、母婴", ["VIP", "母婴"]),
        ("a,b;c；d、e，f", ["a", "b", "c", "d", "e", "f"]),
        (" VIP , 母婴 ,VIP", ["VIP", "母婴"]),  # trimmed, duplicates dropped, order kept
        ("VIP，，母婴", ["VIP", "母婴"]),
        ("", []),
    ],
)
def test_tags(raw, expected):
    assert N.tags(raw) == expected


# -- order fields ---------------------------------------------------------------------------------

PAID = ["交易成功", "交易完成", "已完成", "已付款", "待发货", "已发货", "待收货", "已收货",
        "买家已付款，等待卖家发货", "买家已付款,等待卖家发货", "卖家已发货，等待买家确认",
        "卖家已发货,等待买家确认", " 交易成功 "]  # fmt: skip
REFUNDED = ["已退款", "退款成功", "已发货，退款成功", "已发货,退款成功", "未发货，退款成功"]
CANCELLED = ["已关闭", "交易关闭", "已取消", "待付款", "等待买家付款"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(s, "paid") for s in PAID]
    + [(s, "refunded") for s in REFUNDED]
    + [(s, "cancelled") for s in CANCELLED],
)
def test_order_status(raw, expected):
    assert N.order_status(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("部分退款", N.PARTIAL),
        ("部分退货", N.PARTIAL),
        ("退款中", N.AFTERSALE),
        ("售后中", N.AFTERSALE),
    ],
)
def test_paid_statuses_with_money_going_back(raw, expected):
    """Paid, but partly refunded or in after-sale: the orders kind warns or reads the amount."""
    assert N.order_status(raw) == expected


@pytest.mark.parametrize("raw", ["配送中", "unknown", ""])
def test_unknown_order_status_rejected(raw):
    with pytest.raises(Bad, match="unknown order status"):
        N.order_status(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1930679858170647", "1930679858170647"),
        ('="1930679858170647"', "1930679858170647"),  # Taobao, after clean
        ("\t4934271239781234567", "4934271239781234567"),  # Douyin tab padding
        ("4934271239781234567\t", "4934271239781234567"),
        ("'1930679858170647", "1930679858170647"),
        (1930679858170647, "1930679858170647"),
        (280000000001.0, "280000000001"),  # numeric xlsx cell
        ("E20230105001", "E20230105001"),
        ("230105-123456789012345", "230105-123456789012345"),
        ("ＡＢ１２", "AB12"),
    ],
)
def test_order_no(raw, expected):
    assert N.order_no(N.clean(raw)) == expected


@pytest.mark.parametrize("raw", ["1.93068E+15", "1.93068e+15", "1.93068E15", "2E+15"])
def test_order_no_in_scientific_notation_rejected(raw):
    with pytest.raises(Bad, match="scientific notation"):
        N.order_no(N.clean(raw))


@pytest.mark.parametrize("raw", [123.5, 1.930679858170647e16])
def test_order_no_float_that_lost_digits_rejected(raw):
    with pytest.raises(Bad, match="Excel turned the order number into a number"):
        N.order_no(raw)


# -- cell cleaning --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("'18618486065", "18618486065"),
        ("\t18618486065", "18618486065"),
        ("18618486065\t", "18618486065"),
        ('="1930679858170647"', "1930679858170647"),
        ('=" 1930679858170647 "', "1930679858170647"),
        (" abc ", "abc"),
        ("=1+1", "=1+1"),  # only the ="…" wrapper is an artefact
        ("-1", "-1"),
        ("王五", "王五"),
        (5, 5),
        (5.0, 5.0),
        (date(2023, 1, 5), date(2023, 1, 5)),
    ],
)
def test_clean_strips_artefacts(raw, expected):
    assert N.clean(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["暂无", "未支付", "-", "--", "——", " ", "  ", "\u3000", "", "\t", "'", '=""', '="暂无"', None],
)
def test_clean_placeholders_mean_empty(raw):
    assert N.clean(raw) is None


# -- header detection -----------------------------------------------------------------------------


def detect(kind: str, rows: list[list], mapping: dict[str, str] | None = None) -> H.Header:
    return H.detect(REGISTRY.kinds[kind], list(enumerate(rows, 1)), mapping or {}, "f.csv")


def test_header_found_below_title_rows():
    h = detect(
        "members",
        [
            ["会员列表"],
            ["导出时间：2026-11-20 09:15", None, None],
            [],
            ["会员卡号", "手机号", "姓名", "会员等级"],
            ["K1", "13800138000", "甲", "金卡"],
        ],
    )
    assert h.row == 4
    assert h.columns == {"member_no": 0, "phone": 1, "name": 2, "level": 3}
    assert h.cells == ["会员卡号", "手机号", "姓名", "会员等级"]


def test_header_trailing_spaces_case_and_full_width_ignored():
    h = detect("members", [[" 手机号 ", "姓 名", "ＬＥＶＥＬ", " Mobile", "*积分", "标签："]])
    assert h.columns == {"phone": 0, "name": 1, "level": 2, "points": 4, "tags": 5}
    assert h.cells[0] == "手机号"  # reported trimmed


@pytest.mark.parametrize(
    "header", ["用户实付金额(元)", "用户实付金额（元）", " 用户实付金额（元） "]
)
def test_header_bracket_width_ignored(header):
    h = detect("orders", [["订单号", header, "支付时间"]])
    assert h.columns["amount"] == 1


def test_taobao_headers_with_trailing_spaces():
    h = detect(
        "orders",
        [["订单编号 ", "买家会员名 ", "买家应付货款 ", "总金额 ", "买家实际支付金额 ", "订单状态 ",
          "联系电话 ", "联系手机 ", "订单创建时间 ", "订单付款时间 ", "商家实收金额 "]],
    )  # fmt: skip
    assert h.columns == {"order_no": 0, "amount": 4, "status": 5, "phone": 7, "paid_at": 9}


@pytest.mark.parametrize(
    ("cells", "amount_col"),
    [
        (["订单号", "实付金额", "应付金额", "支付时间"], 1),
        (["订单号", "应付金额", "实付金额", "支付时间"], 2),  # 实付金额 wins wherever it sits
        (["订单号", "应付金额", "实际支付", "支付时间"], 2),
        (["订单号", "订单应付金额", "订单实付金额", "支付时间"], 2),
        (["订单号", "总金额", "商家实收金额", "应付金额", "支付时间"], 3),
        (["订单号", "商家实收金额", "买家实付金额", "总金额", "支付时间"], 2),
    ],
)
def test_amount_column_priority(cells, amount_col):
    assert detect("orders", [cells]).columns["amount"] == amount_col


@pytest.mark.parametrize(
    "cells",
    [
        ["订单号", "商家实收金额", "总金额", "支付时间"],
        ["订单号", "商家实收金额(元)", "支付时间"],
        ["订单号", "支付时间"],
    ],
)
def test_merchant_receipts_and_totals_are_not_the_amount(cells):
    with pytest.raises(PrivcliError) as e:
        detect("orders", [cells])
    assert "required column missing: amount" in e.value.message
    assert "实付金额" in e.value.message  # names the expected header
    assert "支付时间" in e.value.message  # lists the headers it found
    assert "--map" in (e.value.hint or "")


@pytest.mark.parametrize(
    ("cells", "phone_col"),
    [
        (["订单号", "实付金额", "支付时间", "联系电话"], 3),  # JD: its only phone column
        (["订单号", "实付金额", "支付时间", "联系电话", "联系手机"], 4),  # Taobao: the mobile
        (["订单号", "实付金额", "支付时间", "收货人手机号", "买家手机号"], 4),
        (["订单号", "实付金额", "支付时间", "收件人手机号"], 3),
    ],
)
def test_phone_column_priority(cells, phone_col):
    assert detect("orders", [cells]).columns["phone"] == phone_col


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # JD
        (["订单号", "订单金额", "应付金额", "付款确认时间", "联系电话"],
         {"order_no": 0, "amount": 2, "paid_at": 3, "phone": 4}),
        # Pinduoduo
        (["订单号", "订单状态", "用户实付金额(元)", "商家实收金额(元)", "手机", "支付时间"],
         {"order_no": 0, "status": 1, "amount": 2, "phone": 4, "paid_at": 5}),
        # Douyin
        (["主订单编号", "子订单编号", "订单应付金额", "支付完成时间", "收件人手机号", "订单状态"],
         {"order_no": 0, "amount": 2, "paid_at": 3, "phone": 4, "status": 5}),
        # Youzan
        (["订单号", "订单状态", "订单实付金额", "买家付款时间", "买家手机号", "专属导购"],
         {"order_no": 0, "status": 1, "amount": 2, "paid_at": 3, "phone": 4, "guide": 5}),
        # likeshop / CRMEB
        (["订单编号", "应付金额", "实际支付", "支付时间", "手机号", "优惠券码"],
         {"order_no": 0, "amount": 2, "paid_at": 3, "phone": 4, "coupon_code": 5}),
    ],
)  # fmt: skip
def test_platform_order_headers(cells, expected):
    assert detect("orders", [cells]).columns == expected


def test_youzan_customer_headers():
    h = detect(
        "members",
        [["客户姓名", "客户手机号", "客户生日", "客户性别", "免费等级", "客户积分", "成为会员时间",
          "成为会员店铺", "导购员", "来源渠道"]],
    )  # fmt: skip
    assert h.columns == {
        "name": 0, "phone": 1, "birthday": 2, "gender": 3, "level": 4, "points": 5,
        "registered_at": 6, "store": 7, "guide": 8, "channel": 9,
    }  # fmt: skip


def test_duplicate_header_uses_first_and_warns():
    h = detect("members", [["手机号", "姓名", "姓名 "]])
    assert h.columns == {"phone": 0, "name": 1}
    assert len(h.warnings) == 1
    assert "姓名" in h.warnings[0] and "columns 2 and 3" in h.warnings[0]


def test_map_option_overrides_aliases():
    mapping = H.parse_mapping(REGISTRY.kinds["orders"], ["商家实收金额=amount", "客户电话 = phone"])
    h = detect("orders", [["订单号", "商家实收金额", "支付时间", "客户电话"]], mapping)
    assert h.columns == {"order_no": 0, "amount": 1, "paid_at": 2, "phone": 3}


def test_no_header_row_is_fatal():
    with pytest.raises(PrivcliError, match="no header row found"):
        detect("members", [["会员列表"], ["a", "b"], ["1", "2"]])


@pytest.mark.parametrize(
    "status", ["完成", "等待出库", "等待确认收货", "已发货，待收货", "已签收", "备货中"]
)
def test_platform_fulfilment_statuses_are_paid(status):
    assert N.order_status(status) == "paid"


@pytest.mark.parametrize("cell", [1930680000000000.0, 19306798581706470])
def test_order_number_with_more_than_15_digits_in_a_number_cell_is_rejected(cell):
    with pytest.raises(N.Bad, match="digits lost"):
        N.order_no(cell)


@pytest.mark.parametrize("cell", [123456789012345.0, 1930679858170647, 1930679858170647.0])
def test_order_number_number_cell_that_is_exact_is_kept(cell):
    # 15 digits are exact in Excel; 16 digits below 2**53 not ending in zeros come from a
    # program that wrote the number exactly.
    assert N.order_no(cell) == str(int(cell))
