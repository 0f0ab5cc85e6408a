"""What the targets capability says to people (en, zh)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "targets.empty": ("{field} is empty", "{field} 为空"),
    "targets.bad_scope": (
        "expected 全国/大区/门店/导购 (chain/region/store/guide)",
        "应为 全国/大区/门店/导购（chain/region/store/guide）",
    ),
    "targets.negative_target": ("a target cannot be negative", "目标金额不能为负数"),
    "targets.scope_needs_code": ("a {scope} target needs the {scope}", "{scope} 目标需要指定对象"),
    "targets.unknown_scope": ("unknown {scope} {value!r}", "未知的 {scope}：{value!r}"),
    "targets.unknown_channel": (
        "unknown channel {value!r} (channels: {channels})",
        "未知渠道 {value!r}（已有渠道：{channels}）",
    ),
    "targets.target_hint": (
        "e.g. privcli targets set 2026-03 --store SH01 --channel tmall 1200000",
        "例如：privcli targets set 2026-03 --store SH01 --channel tmall 1200000",
    ),
    "targets.one_scope": (
        "give exactly one of --chain, --region, --store, --guide",
        "请只给出 --chain、--region、--store、--guide 中的一个",
    ),
    "targets.no_targets": ("no targets for {period}", "{period} 没有目标"),
    "targets.split_positive": ("the amount to split must be positive", "拆分金额必须大于 0"),
    "targets.no_last_year": (
        "no sales in {year} to weight the split by",
        "{year} 年没有销售额，无法按去年销售加权",
    ),
    "targets.weights_hint": (
        "use --weights equal, or --weights FILE (rows of code, weight)",
        "可用 --weights equal，或 --weights 文件（每行：编码, 权重）",
    ),
    "targets.no_file": ("file not found: {path}", "找不到文件：{path}"),
    "targets.bad_weight": (
        "row {row}: weight {value!r} is not a number of 0 or more",
        "第 {row} 行：权重 {value!r} 不是大于等于 0 的数字",
    ),
    "targets.unknown_unit": (
        "row {row}: unknown code {value!r}",
        "第 {row} 行：未知编码 {value!r}",
    ),
    "targets.no_weights": ("{path}: no positive weight", "{path}：没有大于 0 的权重"),
    "targets.split_basis": (
        "{units} parts, weighted by {weights}; months weighted by {months}",
        "共 {units} 份，按 {weights} 加权；月份按 {months} 加权",
    ),
    "targets.split_proposed": (
        "a proposal: nothing stored (add --apply to store it)",
        "这是建议方案，未保存（加 --apply 保存）",
    ),
    "targets.split_applied": ("{n} targets stored", "已保存 {n} 条目标"),
    "targets.report_title": ("targets {period}", "{period} 目标达成"),
    "targets.report_time": (
        "{period}: day {elapsed} of {days}, {remaining} days left",
        "{period}：第 {elapsed}/{days} 天，剩余 {remaining} 天",
    ),
    # -- labels: column headings and status values people read -------------------------------------
    "targets.column.actual": ("actual", "实际"),
    "targets.column.time_progress": ("time_progress", "时间进度"),
    "targets.column.need_per_day": ("need_per_day", "每日还需"),
    "targets.column.per_day_so_far": ("per_day_so_far", "至今日均"),
    "targets.value.source.set": ("set", "手动设置"),
    "targets.value.scope.guide": ("guide", "导购"),
    "targets.value.level.chain": ("chain", "全连锁"),
    "targets.value.level.region": ("region", "大区"),
    "targets.value.level.store": ("store", "门店"),
    "targets.value.level.guide": ("guide", "导购"),
}
