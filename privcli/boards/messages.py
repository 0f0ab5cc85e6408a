"""What the boards capability (leaderboards, contests, targets) says to people (en, zh)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- periods and metrics -----------------------------------------------------------------
    "boards.bad_period": ("period {value!r} is not a period", "{value!r} 不是有效的期间"),
    "boards.backwards_period": (
        "period {value!r} ends before it starts",
        "期间 {value!r} 的结束早于开始",
    ),
    "boards.period_forms": ("accepted: {forms}", "可用的写法：{forms}"),
    "boards.bad_target_period": (
        "target period {value!r} is not a year, month or quarter",
        "目标期间 {value!r} 不是年、月或季度",
    ),
    "boards.unknown_metric": ("unknown metric {value!r}", "未知指标 {value!r}"),
    "boards.metrics": ("metrics: {metrics}", "可用指标：{metrics}"),
    "boards.not_by_channel": (
        "{metric} is not counted per order channel",
        "{metric} 不按订单渠道统计",
    ),
    "boards.channel_metrics": (
        "by channel: {metrics}; members by acquisition channel: privcli report channels",
        "按渠道可用：{metrics}；会员来源渠道见 privcli report channels",
    ),
    "boards.unknown_by": ("--by {value!r}: unknown", "--by {value!r}：未知维度"),
    "boards.store_by_region": (
        "--store does not apply to --by region",
        "--by region 不支持 --store，请用 --region",
    ),
    # -- leaderboard output ------------------------------------------------------------------
    "boards.board_title": (
        "{metric} by {by}, {period} (previous: {previous})",
        "{by} {metric} 排行，{period}（上期：{previous}）",
    ),
    "boards.left_out": ("… {n} more rows; --top 0 for all", "… 另有 {n} 行；--top 0 显示全部"),
    "boards.output_kind": (
        "{path}: can only write {kinds}",
        "{path}：只能写入 {kinds} 文件",
    ),
    "boards.output_is_db": (
        "{path} is the database; choose another file",
        "{path} 是数据库文件，请换一个文件名",
    ),
    "boards.output_dir": ("directory does not exist: {path}", "目录不存在：{path}"),
    "boards.wrote": ("wrote {path}", "已写入 {path}"),
    "boards.csv_one_table": (
        "this result has {n} tables; a .csv file holds exactly one",
        "该结果有 {n} 张表，.csv 文件只能保存一张",
    ),
    "boards.csv_hint": ("write .xlsx (a sheet per table)", "请写入 .xlsx（每张表一个工作表）"),
    "boards.no_channel": ("(no channel)", "（未标注渠道）"),
    # -- targets ------------------------------------------------------------------------------
    # -- contests -----------------------------------------------------------------------------
    "boards.contest_needs_name": ("a contest needs a name", "比赛需要一个名字"),
    "boards.bad_team": (
        "--team {value!r}: expected NAME=CODE,CODE",
        "--team {value!r}：应为 队名=编码,编码",
    ),
    "boards.team_hint": (
        "e.g. --team 'A=SH01,SH02' --team 'B=GZ01,GZ02' (stores or guides)",
        "例如：--team 'A=SH01,SH02' --team 'B=GZ01,GZ02'（门店或导购）",
    ),
    "boards.two_teams": ("a contest needs at least two teams", "比赛至少需要两支队伍"),
    "boards.team_twice": ("team {team!r} is given twice", "队伍 {team!r} 重复"),
    "boards.member_twice": (
        "{code} is in two teams ({first} and {second}); each is in at most one",
        "{code} 同时在 {first} 和 {second} 两队；每个成员只能在一支队伍",
    ),
    "boards.ambiguous_teams": (
        "these codes are both store codes and guide ids",
        "这些编码既是门店编码又是导购工号",
    ),
    "boards.team_of_hint": (
        "say which with --of store or --of guide",
        "用 --of store 或 --of guide 指明",
    ),
    "boards.unknown_members": ("unknown {kind}: {values}", "未知的 {kind}：{values}"),
    "boards.did_you_mean": ("did you mean {values}?", "是不是：{values}？"),
    "boards.contest_exists": ("a contest named {name!r} exists", "已有名为 {name!r} 的比赛"),
    "boards.replace_hint": (
        "add --replace to replace it, or choose another name",
        "加 --replace 覆盖，或换一个名字",
    ),
    "boards.no_contest": ("no contest named {name!r}", "没有名为 {name!r} 的比赛"),
    "boards.see_contests": ("see privcli contest list", "查看：privcli contest list"),
    "boards.contest_state": (
        "{name}: {metric}, {start}..{end}, {state}; counted through {through}",
        "{name}：{metric}，{start}..{end}，{state}；统计至 {through}",
    ),
    "boards.contest_chart": ("{name}: cumulative {metric}", "{name}：累计 {metric}"),
    # -- target split and report --------------------------------------------------------------
    "boards.post_unavailable": (
        "--post needs the WeCom capability, which this privcli does not have",
        "--post 需要企业微信功能，当前 privcli 不包含该功能",
    ),
    "boards.posted": (
        "posted to the group chat in {n} message(s)",
        "已分 {n} 条消息发送到群聊",
    ),
    # -- labels: column headings and status values people read -------------------------------------
    "boards.column.rank_change": ("rank_change", "名次变化"),
    "boards.column.contest": ("contest", "PK赛"),
    "boards.column.teams": ("teams", "队伍"),
    "boards.column.teams_of": ("teams_of", "队伍类型"),
    "boards.column.team": ("team", "队伍"),
    "boards.column.score": ("score", "得分"),
    "boards.column.standings": ("standings", "排名"),
    "boards.column.trend": ("trend", "走势"),
    "boards.column.replaced": ("replaced", "已替换"),
    "boards.column.buyer_rate": ("buyer_rate", "购买率"),
    "boards.column.sales_share": ("sales_share", "销售额占比"),
    "boards.column.active_days": ("active_days", "活跃天数"),
    "boards.value.state.upcoming": ("upcoming", "未开始"),
    "boards.value.state.running": ("running", "进行中"),
    "boards.value.state.finished": ("finished", "已结束"),
    "boards.value.teams_of.store": ("store", "门店"),
    "boards.value.teams_of.guide": ("guide", "导购"),
    "boards.value.metric.sales": ("sales", "销售额"),
    "boards.value.metric.orders": ("orders", "订单数"),
    "boards.value.metric.aov": ("aov", "客单价"),
    "boards.value.metric.buyers": ("buyers", "购买人数"),
    "boards.value.metric.new_members": ("new_members", "新会员"),
    "boards.value.metric.conversion": ("conversion", "转化率"),
    "boards.value.metric.redemption": ("redemption", "核销率"),
    "boards.value.metric.task_completion": ("task_completion", "任务完成率"),
    # -- contest delete ----------------------------------------------------------------------------
    "boards.column.deleted": ("deleted", "已删除"),
    # -- workbooks ---------------------------------------------------------------------------------
    "boards.column.leaderboard": ("leaderboard", "排行榜"),
    "boards.column.info": ("info", "说明"),
    "boards.column.generated": ("generated", "生成"),
    "boards.column.contest_id": ("contest_id", "PK赛编号"),
}
