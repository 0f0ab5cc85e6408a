"""What the reports capability says to people (en, zh)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "reports.members_by_channel": (
        "members by acquisition channel, {period}",
        "会员来源渠道，{period}",
    ),
    "reports.sales_by_channel": (
        "sales by order channel, {period} (previous: {previous})",
        "订单渠道销售，{period}（上期：{previous}）",
    ),
    "reports.repurchase_title": (
        "repurchase intervals ending {period}, by {by}",
        "复购间隔（{period}），按 {by}",
    ),
    "reports.repurchase_wecom": (
        "WeCom-linked members against the rest",
        "企微好友会员与其他会员对比",
    ),
    "reports.no_wecom": (
        "no member is linked to WeCom yet: the WeCom comparison is left out",
        "尚无会员关联企业微信，未做企微对比",
    ),
    "reports.thresholds": (
        "thresholds: --new-days and --active-days above 0, --churn-days above --active-days",
        "阈值要求：--new-days、--active-days 大于 0，--churn-days 大于 --active-days",
    ),
    "reports.compare_before": (
        "--compare {compare} must be before --date {on}",
        "--compare {compare} 必须早于 --date {on}",
    ),
    "reports.lifecycle_title": ("lifecycle stages on {on}", "{on} 会员生命周期"),
    "reports.movement_title": (
        "movement from {compare} (rows) to {on} (columns)",
        "从 {compare}（行）到 {on}（列）的阶段迁移",
    ),
    "reports.lifecycle_rules": (
        "new: registered in the last {new} days; active: bought in the last {active} days; "
        "dormant: last purchase (or registration) in the last {churn} days; churned: longer ago",
        "新客：近 {new} 天注册；活跃：近 {active} 天有购买；沉睡：最近购买（或注册）在 {churn} 天内；"
        "流失：更早",
    ),
    "reports.months": ("--months must be 1 or more", "--months 至少为 1"),
    "reports.rfm_title": ("RFM segments, {start}..{on}", "RFM 分层，{start}..{on}"),
    "reports.rfm_scored": (
        "{members} members scored; quintile cut points R {r}, F {f}, M {m} (fen)",
        "已评分 {members} 位会员；五分位切点 R {r}，F {f}，M {m}（分）",
    ),
    "reports.rfm_tagged": (
        "{n} members tagged {prefix}<segment> (the last run's tags replaced)",
        "已为 {n} 位会员打上 {prefix}<分层> 标签（替换上次的标签）",
    ),
    "reports.rfm_wrote": ("wrote {n} members to {path}", "已写入 {n} 位会员到 {path}"),
    # -- labels: column headings and status values people read -------------------------------------
    "reports.column.repurchasers": ("repurchasers", "复购人数"),
    "reports.column.repurchase_rate": ("repurchase_rate", "复购率"),
    "reports.column.repurchases": ("repurchases", "复购次数"),
    "reports.column.median_days": ("median_days", "中位间隔天数"),
    "reports.column.mean_days": ("mean_days", "平均间隔天数"),
    "reports.column.p25_days": ("p25_days", "25分位天数"),
    "reports.column.p75_days": ("p75_days", "75分位天数"),
    "reports.column.intervals": ("intervals", "复购间隔"),
    "reports.column.1-7d": ("1-7d", "1-7天"),
    "reports.column.8-14d": ("8-14d", "8-14天"),
    "reports.column.15-30d": ("15-30d", "15-30天"),
    "reports.column.31-60d": ("31-60d", "31-60天"),
    "reports.column.61-90d": ("61-90d", "61-90天"),
    "reports.column.91-180d": ("91-180d", "91-180天"),
    "reports.column.181-365d": ("181-365d", "181-365天"),
    "reports.column.>365d": (">365d", "365天以上"),
    "reports.column.stage": ("stage", "阶段"),
    "reports.column.stages": ("stages", "阶段"),
    "reports.column.compare": ("compare", "对比"),
    "reports.column.new_days": ("new_days", "新客天数"),
    "reports.column.churn_days": ("churn_days", "流失天数"),
    "reports.column.avg_orders": ("avg_orders", "平均订单数"),
    "reports.column.avg_sales": ("avg_sales", "平均销售额"),
    "reports.value.group.all": ("all", "全部"),
    "reports.value.by.none": ("none", "不分组"),
    "reports.value.stage.new": ("new", "新客"),
    "reports.value.stage.active": ("active", "活跃"),
    "reports.value.stage.dormant": ("dormant", "沉睡"),
    "reports.value.stage.churned": ("churned", "流失"),
    "reports.value.stage.unknown": ("unknown", "未知"),
    "reports.value.segment.important_value": ("important_value", "重要价值客户"),
    "reports.value.segment.important_develop": ("important_develop", "重要发展客户"),
    "reports.value.segment.important_keep": ("important_keep", "重要保持客户"),
    "reports.value.segment.important_retain": ("important_retain", "重要挽留客户"),
    "reports.value.segment.general_value": ("general_value", "一般价值客户"),
    "reports.value.segment.general_develop": ("general_develop", "一般发展客户"),
    "reports.value.segment.general_keep": ("general_keep", "一般保持客户"),
    "reports.value.segment.general_retain": ("general_retain", "一般挽留客户"),
}
