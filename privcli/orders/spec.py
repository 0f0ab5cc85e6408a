"""What the orders capability declares: the order spreadsheet it imports (header aliases in
priority order, required fields) and the order table it exports."""

from __future__ import annotations

from privcli.base.capability import ExportSpec, KindSpec
from privcli.guides.spec import GUIDE_ALIASES, STORE_ALIASES
from privcli.members.spec import PHONE_ALIASES

ORDERS = KindSpec(
    name="orders",
    help="Import orders (订单号, 支付时间, 实付金额, 订单状态, 买家手机号, 导购工号, …), keyed by "
    "order number. Buyers who are not yet members become members.",
    aliases={
        "order_no": (
            "订单编号",
            "订单号",
            "主订单编号",
            "单据编号",
            "单据号",
            "小票号",
            "流水号",
            "销售单号",
            "order_no",
        ),
        "paid_at": (
            "付款时间",
            "支付时间",
            "订单付款时间",
            "付款确认时间",
            "支付完成时间",
            "买家付款时间",
            "销售时间",
            "交易时间",
            "单据日期",
            "paid_at",
        ),
        # never 商家实收金额 or 总金额: what the buyer paid, not what the shop booked
        "amount": (
            "实付金额",
            "实付金额(元)",
            "实付款",
            "支付金额",
            "买家实际支付金额",
            "买家实付金额",
            "用户实付金额(元)",
            "订单实付金额",
            "实际支付",
            "应付金额",
            "订单应付金额",
            "amount",
        ),
        "status": ("订单状态", "交易状态", "单据状态", "status"),
        "phone": (*PHONE_ALIASES, "会员手机"),
        "store": STORE_ALIASES,
        "guide": GUIDE_ALIASES,
        "coupon_code": ("优惠券码", "券码", "优惠券", "coupon_code"),
        # normalised through the channel map (privcli/orders/channels.py, privcli channels)
        "channel": (
            "订单来源",
            "销售渠道",
            "订单渠道",
            "渠道",
            "来源平台",
            "来源渠道",
            "店铺类型",
            "来源",
            "channel",
        ),
        # POS returns in the same file: 单据类型 退货, a negative amount, the original's number
        "doc_type": ("单据类型", "交易类型", "业务类型", "doc_type"),
        "original_no": ("原单号", "原订单号", "原单据号", "原小票号", "original_no"),
        # the part of a paid order refunded (部分退款)
        "refund_amount": ("退款金额", "已退款金额", "退款额", "refund_amount"),
    },
    required=("order_no", "amount", "paid_at"),
    load="privcli.orders.kinds:Orders",
    value_maps={"status": ("paid", "refunded", "cancelled", "unpaid")},
    examples=(
        "privcli import orders 订单报表.csv --json",
        "privcli import orders pos.csv --map-status '已核销=paid' --dry-run",
    ),
)

ORDER_HEADERS = {
    "en": [
        "order_no",
        "phone",
        "store_code",
        "guide_id",
        "status",
        "amount",
        "paid_at",
        "coupon_code",
        "refund_amount",
        "doc_type",
        "original_no",
    ],
    "zh": [
        "订单号",
        "手机号",
        "门店编码",
        "导购工号",
        "订单状态",
        "实付金额",
        "支付时间",
        "券码",
        "退款金额",
        "单据类型",
        "原单号",
    ],
}

ORDERS_EXPORT = ExportSpec(
    name="orders",
    help="orders with the buyer's phone and the credited store and guide",
    headers=ORDER_HEADERS,
    rows="privcli.orders.logic:order_rows",
    # store, region and guide are the order's (who is credited); level, tag and the rest select
    # the buyer
    filters=frozenset({"stores", "regions", "guides", "levels", "tags", "segment", "phones_file"}),
    pii={1: "phone"},
    # order_no, phone, store_code, guide_id, status, amount (yuan), paid_at, coupon_code,
    # refund_amount (yuan), doc_type, original_no
    types=(
        "text",
        "text",
        "text",
        "text",
        "text",
        "money",
        "datetime",
        "text",
        "money",
        "text",
        "text",
    ),
    sheet={"en": "orders", "zh": "订单"},
    period="paid_at",
)
