"""What the orders capability says to people (en, zh)."""

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
    "orders.unknown_channel": (
        "unknown channel: kept as written (map it: privcli channels set VALUE CHANNEL)",
        "未知渠道：按原值保存（可映射：privcli channels set 原值 渠道）",
    ),
    "orders.bad_channel_name": (
        "channel {value!r}: a channel name is lower-case letters, digits and _",
        "渠道 {value!r}：渠道名只能由小写字母、数字和 _ 组成",
    ),
    "orders.channels_are": ("the built-in channels: {channels}", "内置渠道：{channels}"),
    "orders.new_channel": (
        "{value!r} is not a channel yet",
        "{value!r} 还不是一个渠道",
    ),
    "orders.new_channel_hint": (
        "known channels: {channels}; add --new to create {value!r}",
        "已有渠道：{channels}；确需新建 {value!r} 请加 --new",
    ),
    "orders.empty_channel_value": ("give the value to map", "请给出要映射的原值"),
    "orders.no_mapping": (
        "no mapping of {value!r} was added",
        "没有添加过 {value!r} 的映射",
    ),
    "orders.see_channels": ("see privcli channels list", "查看：privcli channels list"),
    "orders.mapped": (
        "{value!r} → {channel}: {orders} orders renamed",
        "{value!r} → {channel}：已更新 {orders} 笔订单",
    ),
    "orders.unmapped": (
        "mapping of {value!r} removed; orders already renamed keep their channel",
        "已删除 {value!r} 的映射；已更新的订单保留现有渠道",
    ),
    # -- labels: column headings and status values people read -------------------------------------
    "orders.value.status.paid": ("paid", "已付款"),
    "orders.value.status.refunded": ("refunded", "已退款"),
    "orders.value.status.cancelled": ("cancelled", "已取消"),
    "orders.value.status.unpaid": ("unpaid", "未付款"),
    # -- labels: column headings and status values people read -------------------------------------
    "orders.value.channel.store": ("store", "门店"),
    "orders.value.channel.mini_program": ("mini_program", "小程序"),
    "orders.value.channel.tmall": ("tmall", "天猫"),
    "orders.value.channel.jd": ("jd", "京东"),
    "orders.value.channel.douyin": ("douyin", "抖音"),
    "orders.value.channel.live": ("live", "直播"),
    "orders.value.channel.community": ("community", "社群"),
    "orders.value.source.built-in": ("built-in", "内置"),
    "orders.value.source.custom": ("custom", "自定义"),
    "orders.value.source.channel": ("channel", "渠道"),
    # -- why a row was refused ---------------------------------------------------------------------
    "orders.amount_empty": ("amount is empty", "金额为空"),
    "orders.needs_paid_time": ("{what} needs a paid time", "{what}需要支付时间"),
    "orders.order_no_empty": ("order number is empty", "订单号为空"),
    "orders.status_empty": ("order status is empty", "订单状态为空"),
    "orders.kept_without_member": (
        "{reason}; order kept without a member",
        "{reason}；订单已保留，但不关联会员",
    ),
    "orders.what_refund": ("a refund (negative amount)", "退款（负金额）"),
    "orders.what_return": ("a return", "退货"),
    "orders.what_order": ("a {status} order", "{status}订单"),
    # -- the worker process ------------------------------------------------------------------------
    "orders.worker_deadlock": (
        "the import's worker process waited {seconds} s for a lock on members that this import's own transaction holds; the two would have waited for each other forever (a privcli defect), so the import stopped",
        "导入的工作进程等了 {seconds} 秒，要等的会员表锁正被本次导入自己的事务持有；两者会永远互相等待（privcli 的缺陷），导入已停止",
    ),
    "orders.worker_deadlock_hint": (
        "import again with PRIVCLI_IMPORT_WORKER=off, and report this",
        "请用 PRIVCLI_IMPORT_WORKER=off 重新导入，并报告这个问题",
    ),
    # -- channels unset ----------------------------------------------------------------------------
    "orders.column.removed": ("removed", "已移除"),
}
