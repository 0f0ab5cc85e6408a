"""What the coupon bank says to people, in English and Chinese."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- offers ----------------------------------------------------------------------------------
    "coupons.offer_cash": ("¥{value} off", "减 ¥{value}"),
    "coupons.offer_discount": (
        "{pct}% of the price ({off}% off, {zhe}折)",
        "{zhe}折（实付 {pct}%，减 {off}%）",
    ),
    "coupons.offer_gift": ("gift (cost ¥{value})", "赠品（成本 ¥{value}）"),
    "coupons.offer_min_spend": (" over ¥{spend}", "，满 ¥{spend} 可用"),
    # -- create ----------------------------------------------------------------------------------
    "coupons.bad_number": (
        "{option} {value!r}: expected a number, e.g. 30 or 19.90",
        "{option} {value!r}：应为数字，例如 30 或 19.90",
    ),
    "coupons.bad_money": (
        "{option} {value}: at most 2 decimals (yuan and fen)",
        "{option} {value}：最多两位小数（元、分）",
    ),
    "coupons.empty_name": ("a batch needs a name", "券批次需要一个名称"),
    "coupons.numeric_name": (
        "batch name {name!r}: a name cannot be only digits",
        "批次名称 {name!r}：名称不能全是数字",
    ),
    "coupons.numeric_name_hint": (
        "numbers refer to batch ids; add a word, e.g. 2026双11",
        "数字用于表示批次编号；请加上文字，例如 2026双11",
    ),
    "coupons.bad_kind": (
        "--kind {kind!r}: expected cash, discount or gift",
        "--kind {kind!r}：应为 cash、discount 或 gift",
    ),
    "coupons.bad_value": (
        "--value {value}: must be more than 0",
        "--value {value}：必须大于 0",
    ),
    "coupons.bad_discount": (
        "--value {value}: a discount is the whole percent paid, 1 to 99",
        "--value {value}：折扣券的值是实付百分比，1 到 99 的整数",
    ),
    "coupons.discount_hint": (
        "--value 85 means the buyer pays 85% (15% off)",
        "--value 85 表示按 85% 付款（即 8.5 折）",
    ),
    "coupons.bad_quantity": (
        "--quantity {value}: must be at least 1",
        "--quantity {value}：至少为 1",
    ),
    "coupons.bad_per_member": (
        "--per-member {value}: must be at least 1",
        "--per-member {value}：至少为 1",
    ),
    "coupons.bad_min_spend": (
        "--min-spend {value}: cannot be negative",
        "--min-spend {value}：不能为负数",
    ),
    "coupons.min_spend_below_value": (
        "--min-spend {spend} is below --value {value}: the coupon would be worth more than the order",
        "--min-spend {spend} 低于 --value {value}：券面额会超过订单金额",
    ),
    "coupons.validity_both": (
        "give either --valid-from and --valid-to, or --valid-days, not both",
        "请只给出 --valid-from 和 --valid-to，或只给出 --valid-days，不要同时给出",
    ),
    "coupons.validity_missing": (
        "the batch needs a validity: --valid-from and --valid-to, or --valid-days",
        "券批次需要有效期：--valid-from 和 --valid-to，或 --valid-days",
    ),
    "coupons.validity_half": (
        "{missing} is missing: a fixed validity needs both --valid-from and --valid-to",
        "缺少 {missing}：固定有效期需要同时给出 --valid-from 和 --valid-to",
    ),
    "coupons.validity_hint": (
        "e.g. --valid-from 2026-11-01 --valid-to 2026-11-11, or --valid-days 30 (from each issue)",
        "例如 --valid-from 2026-11-01 --valid-to 2026-11-11，或 --valid-days 30（自发券日起）",
    ),
    "coupons.validity_order": (
        "--valid-to {end} is before --valid-from {start}",
        "--valid-to {end} 早于 --valid-from {start}",
    ),
    "coupons.validity_past": (
        "--valid-to {end} has passed (today is {today})",
        "--valid-to {end} 已过（今天是 {today}）",
    ),
    "coupons.bad_valid_days": (
        "--valid-days {value}: must be at least 1",
        "--valid-days {value}：至少为 1",
    ),
    "coupons.name_taken": (
        "a batch named {name!r} exists already; nothing was written",
        "已有名为 {name!r} 的券批次；未写入任何内容",
    ),
    "coupons.name_taken_hint": (
        "choose another name, or see it with privcli coupons show",
        "请换一个名称，或用 privcli coupons show 查看该批次",
    ),
    "coupons.created": ("batch {name!r} created: id {id}", "券批次 {name!r} 已创建：编号 {id}"),
    # -- finding ---------------------------------------------------------------------------------
    "coupons.no_batch_id": ("no coupon batch with id {id}", "没有编号为 {id} 的券批次"),
    "coupons.no_batch": ("no coupon batch named {name!r}", "没有名为 {name!r} 的券批次"),
    "coupons.did_you_mean": ("did you mean {values}?", "是不是：{values}？"),
    "coupons.see_list": ("privcli coupons list", "查看券批次：privcli coupons list"),
    "coupons.list_title": ("coupon batches", "券批次"),
    "coupons.batch_title": ("coupon batch", "券批次"),
    "coupons.runs_title": ("issue runs", "发券记录"),
    # -- issue -----------------------------------------------------------------------------------
    "coupons.bad_holdout": (
        "--holdout {value}: expected a percent from 1 to 90",
        "--holdout {value}：应为 1 到 90 的百分比",
    ),
    "coupons.filters_members": ("{n} members by id", "按编号指定的 {n} 位会员"),
    "coupons.batch_void": (
        "batch {name!r} was voided: it issues no more coupons",
        "券批次 {name!r} 已作废，不能再发券",
    ),
    "coupons.batch_void_hint": (
        "create a new batch: privcli coupons create",
        "请新建批次：privcli coupons create",
    ),
    "coupons.batch_expired": (
        "batch {name!r} expired on {end}: it issues no more coupons",
        "券批次 {name!r} 已于 {end} 过期，不能再发券",
    ),
    "coupons.batch_expired_hint": (
        "create a new batch with a later --valid-to",
        "请新建一个 --valid-to 更晚的批次",
    ),
    "coupons.holdout_fixed": (
        "batch {name!r} holds out {pct}% already; --holdout {asked} would change its control group",
        "券批次 {name!r} 已留出 {pct}% 对照组；--holdout {asked} 会改变对照组",
    ),
    "coupons.holdout_fixed_hint": (
        "leave --holdout out (the batch keeps {pct}%), or create a new batch",
        "去掉 --holdout（批次保持 {pct}%），或新建批次",
    ),
    "coupons.holdout_late": (
        "batch {name!r} has issued coupons without a control group: a holdout now would not compare like with like",
        "券批次 {name!r} 已在无对照组的情况下发券：现在留出对照组无法公平比较",
    ),
    "coupons.holdout_late_hint": (
        "a control group is drawn at a batch's first issue; create a new batch for it",
        "对照组在批次首次发券时抽取；请为此新建批次",
    ),
    "coupons.codes_exhausted": (
        "could not draw unique coupon codes; nothing was issued",
        "无法生成不重复的券码；未发出任何券",
    ),
    "coupons.issue_done": (
        "batch {name!r}: {issued} coupons issued, in {stores} stores",
        "券批次 {name!r}：已发出 {issued} 张券，涉及 {stores} 家门店",
    ),
    "coupons.issue_dry": (
        "dry run, nothing written: batch {name!r} would issue {issued} coupons, in {stores} stores",
        "试运行，未写入：券批次 {name!r} 将发出 {issued} 张券，涉及 {stores} 家门店",
    ),
    "coupons.issue_held_out": (
        "{n} members held out as the control group ({pct}%): no coupon, recorded for the report",
        "{n} 位会员留作对照组（{pct}%）：不发券，已记录供报表比较",
    ),
    "coupons.issue_already_held_out": (
        "{n} members skipped: in the control group since an earlier issue",
        "跳过 {n} 位会员：在之前的发券中已留作对照组",
    ),
    "coupons.issue_no_guide": (
        "{n} members skipped: no active owning guide",
        "跳过 {n} 位会员：没有在职的专属导购",
    ),
    "coupons.issue_at_limit": (
        "{n} members skipped: already hold {limit} of this batch (the per-member limit)",
        "跳过 {n} 位会员：已持有本批次 {limit} 张（每人上限）",
    ),
    "coupons.issue_over_quantity": (
        "{n} eligible members got none: the batch's quantity of {quantity} ran out",
        "{n} 位符合条件的会员未获发券：本批次数量 {quantity} 已用完",
    ),
    "coupons.issue_cost": (
        "face-value cost if every coupon is redeemed: ¥{cost}",
        "如全部核销的面值成本：¥{cost}",
    ),
    "coupons.issue_cost_discount": (
        "face-value cost: a discount's cost depends on the orders (see coupons report)",
        "面值成本：折扣券成本取决于订单金额（见 coupons report）",
    ),
    "coupons.issue_remaining": ("{n} coupons left in the batch", "本批次剩余 {n} 张"),
    "coupons.by_store_title": ("coupons by store", "各门店发券数"),
    # -- redemption ------------------------------------------------------------------------------
    "coupons.why_unknown": (
        "coupon code {code} is unknown",
        "券码 {code} 不存在",
    ),
    "coupons.why_not_a_sale": (
        "order {order} is not a paid sale (cancelled, or a return): nothing to redeem",
        "订单 {order} 不是已付款的销售单（已关闭或退货单）：不核销",
    ),
    "coupons.why_redeemed": (
        "coupon {code} was already redeemed by order {order} on {at}",
        "券 {code} 已于 {at} 被订单 {order} 核销",
    ),
    "coupons.why_void": (
        "coupon {code} was voided on {at}",
        "券 {code} 已于 {at} 作废",
    ),
    "coupons.why_order_has_one": (
        "order {order} redeemed coupon {other} already (one coupon per order)",
        "订单 {order} 已核销券 {other}（每单一张）",
    ),
    "coupons.why_no_buyer": (
        "coupon {code}: the order has no known buyer (phone missing or masked), so whose coupon it is cannot be checked",
        "券 {code}：订单没有可识别的买家（手机号缺失或被打码），无法核对券的归属",
    ),
    "coupons.why_not_theirs": (
        "coupon {code} belongs to another member",
        "券 {code} 属于其他会员",
    ),
    "coupons.why_not_yet": (
        "coupon {code} is valid from {start}, the order was paid on {paid}",
        "券 {code} 自 {start} 起有效，订单付款日为 {paid}",
    ),
    "coupons.why_expired": (
        "coupon {code} expired on {end}, the order was paid on {paid}",
        "券 {code} 已于 {end} 过期，订单付款日为 {paid}",
    ),
    "coupons.why_below": (
        "coupon {code} needs orders of ¥{spend}, this one is ¥{amount} before the coupon",
        "券 {code} 需满 ¥{spend}，本单用券前为 ¥{amount}",
    ),
    "coupons.no_code": ("no coupon with code {code!r}", "没有券码为 {code!r} 的券"),
    "coupons.no_code_hint": (
        "check the code (letters and digits, no 0/O/1/I/L); privcli coupons export lists a batch's codes",
        "请核对券码（字母和数字，不含 0/O/1/I/L）；privcli coupons export 可导出批次券码",
    ),
    "coupons.no_order": ("no order numbered {order!r}", "没有订单号为 {order!r} 的订单"),
    "coupons.no_order_hint": (
        "import the order first: privcli import orders FILE",
        "请先导入该订单：privcli import orders FILE",
    ),
    "coupons.refused": ("not redeemed: {reason}", "未核销：{reason}"),
    "coupons.warn_import": (
        "{reason}: order imported, coupon left as it was",
        "{reason}：订单已导入，券未核销",
    ),
    "coupons.redeem_done": (
        "coupon {code} redeemed by order {order}",
        "券 {code} 已由订单 {order} 核销",
    ),
    "coupons.redeem_again": (
        "coupon {code} was redeemed by order {order} already; nothing changed",
        "券 {code} 早已由订单 {order} 核销；没有变化",
    ),
    # -- void ------------------------------------------------------------------------------------
    "coupons.void_what": (
        "give a coupon code or --batch, not both",
        "请给出一个券码或 --batch（二选一）",
    ),
    "coupons.void_what_hint": (
        "privcli coupons void CODE, or privcli coupons void --batch BATCH",
        "privcli coupons void 券码，或 privcli coupons void --batch 批次",
    ),
    "coupons.void_redeemed": (
        "coupon {code} was redeemed by order {order}: a redeemed coupon cannot be voided",
        "券 {code} 已由订单 {order} 核销：已核销的券不能作废",
    ),
    "coupons.void_redeemed_hint": (
        "a refund of that order shows in privcli coupons report as redeemed then refunded",
        "该订单的退款会在 privcli coupons report 中显示为核销后退款",
    ),
    "coupons.void_code_done": ("coupon {code} voided", "券 {code} 已作废"),
    "coupons.void_code_again": (
        "coupon {code} was void already; nothing changed",
        "券 {code} 早已作废；没有变化",
    ),
    "coupons.void_batch_done": (
        "batch {name!r} withdrawn: {voided} unredeemed coupons voided, {redeemed} redeemed ones kept",
        "券批次 {name!r} 已作废：{voided} 张未核销券已作废，保留 {redeemed} 张已核销券",
    ),
    # -- files and reports -----------------------------------------------------------------------
    "coupons.exported": (
        "wrote {n} coupons of batch {name!r} to {path}",
        "已将券批次 {name!r} 的 {n} 张券写入 {path}",
    ),
    "coupons.bad_by": (
        "--by {by!r}: expected one of {choices}",
        "--by {by!r}：应为 {choices} 之一",
    ),
    "coupons.report_title": ("coupon report by {by}", "卡券报表（按 {by}）"),
    "coupons.report_window_note": (
        "control group: sales per member of both groups over each batch's validity window; incremental sales = (coupon group's sales per member - control group's) x coupon group size",
        "对照组：两组在各批次有效期内的人均销售额；增量销售额 =（发券组人均 - 对照组人均）× 发券组人数",
    ),
    "coupons.report_empty": ("no coupons issued yet", "尚未发出任何券"),
    "coupons.report_written": (
        "wrote the report ({n} rows) to {path}",
        "报表（{n} 行）已写入 {path}",
    ),
    "coupons.expiring_title": (
        "coupons expiring within {days} days",
        "{days} 天内到期的券",
    ),
    # -- labels: column headings and status values people read -------------------------------------
    "coupons.column.offer": ("offer", "优惠"),
    "coupons.column.min_spend": ("min_spend", "使用门槛"),
    "coupons.column.quantity": ("quantity", "数量"),
    "coupons.column.per_member": ("per_member", "每人限领"),
    "coupons.column.valid_from": ("valid_from", "生效日期"),
    "coupons.column.valid_to": ("valid_to", "截止日期"),
    "coupons.column.valid_days": ("valid_days", "有效天数"),
    "coupons.column.issued": ("issued", "已发放"),
    "coupons.column.redeemed": ("redeemed", "已核销"),
    "coupons.column.remaining": ("remaining", "剩余"),
    "coupons.column.voided": ("voided", "已作废"),
    "coupons.column.refunded": ("refunded", "已退款"),
    "coupons.column.cost": ("cost", "成本"),
    "coupons.column.cost_ceiling": ("cost_ceiling", "成本上限"),
    "coupons.column.coupons": ("coupons", "券"),
    "coupons.column.issue_id": ("issue_id", "发放编号"),
    "coupons.column.issues": ("issues", "发放记录"),
    "coupons.column.issued_at": ("issued_at", "发放时间"),
    "coupons.column.redeemed_at": ("redeemed_at", "核销时间"),
    "coupons.column.voided_at": ("voided_at", "作废时间"),
    "coupons.column.via": ("via", "方式"),
    "coupons.column.selected": ("selected", "选中人数"),
    "coupons.column.held_out": ("held_out", "对照组人数"),
    "coupons.column.already_held_out": ("already_held_out", "已在对照组"),
    "coupons.column.holdout_pct": ("holdout_pct", "对照组比例"),
    "coupons.column.at_limit": ("at_limit", "已达每人上限"),
    "coupons.column.no_guide": ("no_guide", "无导购"),
    "coupons.column.over_quantity": ("over_quantity", "超出数量"),
    "coupons.column.seed": ("seed", "随机种子"),
    "coupons.column.refunded_after_redemption": ("refunded_after_redemption", "核销后退款"),
    "coupons.column.days_left": ("days_left", "剩余天数"),
    "coupons.column.redemption_rate": ("redemption_rate", "核销率"),
    "coupons.column.sales_per_cost": ("sales_per_cost", "投入产出比"),
    "coupons.column.coupon_members": ("coupon_members", "发券组人数"),
    "coupons.column.coupon_buyers": ("coupon_buyers", "发券组购买人数"),
    "coupons.column.coupon_sales_per_member": ("coupon_sales_per_member", "发券组人均销售额"),
    "coupons.column.control_members": ("control_members", "对照组人数"),
    "coupons.column.control_buyers": ("control_buyers", "对照组购买人数"),
    "coupons.column.control_sales_per_member": ("control_sales_per_member", "对照组人均销售额"),
    "coupons.column.incremental_sales": ("incremental_sales", "增量销售额"),
    "coupons.column.incremental_roi": ("incremental_roi", "增量ROI"),
    "coupons.column.changed": ("changed", "已变更"),
    "coupons.column.already_void": ("already_void", "早已作废"),
    "coupons.column.kept_redeemed": ("kept_redeemed", "保留已核销"),
    "coupons.column.file": ("file", "文件"),
    "coupons.value.kind.cash": ("cash", "代金券"),
    "coupons.value.kind.discount": ("discount", "折扣券"),
    "coupons.value.kind.gift": ("gift", "赠品券"),
    "coupons.value.state.draft": ("draft", "未发放"),
    "coupons.value.state.active": ("active", "进行中"),
    "coupons.value.state.expired": ("expired", "已过期"),
    "coupons.value.state.void": ("void", "已作废"),
    "coupons.value.via.issue": ("issue", "发券"),
    "coupons.value.via.members": ("members", "会员筛选"),
    "coupons.value.status.issued": ("issued", "已发放"),
    "coupons.value.status.redeemed": ("redeemed", "已核销"),
    "coupons.value.status.voided": ("voided", "已作废"),
    "coupons.value.status.expired": ("expired", "已过期"),
    # -- coupon status -----------------------------------------------------------------------------
    "coupons.value.status.void": ("void", "已作废"),
}
