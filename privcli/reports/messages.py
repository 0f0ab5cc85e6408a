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
}
