"""What members says to people, in English and Chinese (see privcli.base.messages)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- labels: column headings and status values people read -------------------------------------
    "members.column.owner_history": ("owner history", "归属变更记录"),
    "members.column.recent_orders": ("recent orders", "最近订单"),
    "members.column.paid_orders": ("paid_orders", "已付订单数"),
    "members.column.paid_amount": ("paid_amount", "实付金额"),
    "members.column.refunded_orders": ("refunded_orders", "退款订单数"),
    "members.column.refunded_amount": ("refunded_amount", "退款金额"),
    "members.column.cancelled_orders": ("cancelled_orders", "已取消订单数"),
    "members.column.average_order_value": ("average_order_value", "客单价"),
    "members.column.first_order_at": ("first_order_at", "首次下单时间"),
    "members.column.last_order_at": ("last_order_at", "最近下单时间"),
    "members.value.gender.F": ("F", "女"),
    "members.value.gender.M": ("M", "男"),
    # -- what members say --------------------------------------------------------------------------
    "members.bad_phone": (
        "{phone} is not a valid mainland mobile number: {reason}",
        "{phone} 不是有效的大陆手机号：{reason}",
    ),
    "members.not_found": ("no member with phone {phone}", "没有手机号为 {phone} 的会员"),
    "members.list_hint": ("privcli members list", "查看会员：privcli members list"),
    "members.no_owner_changes": (
        "owner history: no changes since the member was acquired",
        "归属变更记录：自开发以来没有变更",
    ),
    "members.value.source.import": ("import", "导入"),
    "members.value.source.wecom": ("wecom", "企业微信"),
    "members.value.source.rfm": ("rfm", "RFM 分群"),
    # -- why a row was refused ---------------------------------------------------------------------
    "members.phone_empty": ("phone is empty", "手机号为空"),
    # -- members show ------------------------------------------------------------------------------
    "members.orders_title": ("orders", "订单汇总"),
}
