"""What the orders capability says."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "orders.aftersale": (
        "after-sale in progress: imported as paid; import the file again when it has settled",
        "售后处理中：按已付款导入；处理完成后请重新导入",
    ),
    "orders.partial_no_amount": (
        "partly refunded, but the file has no refund amount column (退款金额): imported as paid "
        "in full",
        "部分退款，但文件没有退款金额列（退款金额）：按全额已付款导入",
    ),
    "orders.negative_own": (
        "negative amount: imported as a return of its own (refunded, amount without the sign), "
        "never a sale",
        "金额为负：作为独立的退货单导入（已退款，金额取绝对值），不计为销售",
    ),
    "orders.refund_beyond": (
        "refund amount not between 0 and the order's amount {amount}: ignored",
        "退款金额不在 0 与订单金额 {amount} 之间：已忽略",
    ),
    "orders.original_unknown": (
        "the original order is not known (yet): imported as a return of its own",
        "原订单尚未导入：作为独立的退货单导入",
    ),
}
