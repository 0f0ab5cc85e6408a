"""Messages of the daily tasks capability: id → (English, Chinese). One dict per part of the
capability (each part's commands own theirs), merged into the catalogue's MESSAGES."""

from __future__ import annotations

# -- rules, generate, explain (generate_commands) ------------------------------------------------
GENERATE: dict[str, tuple[str, str]] = {
    # -- the rules file ----------------------------------------------------------------------------
    "tasks.default_rules": ("(default rules)", "（默认规则）"),
    "tasks.rules_not_found": ("rules file not found: {path}", "找不到规则文件：{path}"),
    "tasks.rules_unreadable": (
        "cannot read rules file {path}: {error}",
        "无法读取规则文件 {path}：{error}",
    ),
    "tasks.rules_bad_toml": (
        "rules file {path} is not valid TOML: {error}; nothing was generated",
        "规则文件 {path} 不是有效的 TOML：{error}；未生成任何任务",
    ),
    "tasks.rules_error": (
        "{path}, line {line}, {key}: {problem}; nothing was generated",
        "{path} 第 {line} 行，{key}：{problem}；未生成任何任务",
    ),
    "tasks.rules_fix": (
        "fix the file; `privcli tasks rules` prints the default one, with every key explained",
        "请修正该文件；`privcli tasks rules` 会打印带说明的默认规则文件",
    ),
    "tasks.rules_unknown_key": ("unknown key (known: {known})", "未知的键（可用：{known}）"),
    "tasks.rules_unknown_type": (
        "unknown rule type {value!r} (known: {known})",
        "未知的规则类型 {value!r}（可用：{known}）",
    ),
    "tasks.rules_wrong_type": (
        "expected {expected}, got {value}",
        "应为 {expected}，实际是 {value}",
    ),
    "tasks.rules_negative": (
        "{value} is negative; expected 0 or more",
        "{value} 是负数；应为 0 或更大",
    ),
    "tasks.rules_missing": ("missing key {key}", "缺少键 {key}"),
    "tasks.rules_none": ("no [rules.NAME] table", "没有任何 [rules.名称] 规则"),
    "tasks.rules_choice": ("{value!r}: expected one of {known}", "{value!r}：应为 {known} 之一"),
    "tasks.rules_range": ("{low} is after {high}", "{low} 大于 {high}"),
    "tasks.rules_min_orders": (
        "{value}: a typical interval needs at least 3 orders",
        "{value}：计算复购周期至少需要 3 笔订单",
    ),
    "tasks.rules_no_coupon": (
        "a coupon_expiring rule reminds of coupons members hold; it hands out none",
        "coupon_expiring 规则提醒会员已有的券，不再发券",
    ),
    "tasks.rules_month": ("{value}: expected a month 1-12", "{value}：月份应为 1-12"),
    "tasks.rules_holdout_range": ("{value}: expected a percent 0-90", "{value}：比例应为 0-90"),
    "tasks.rules_step_twice": ("two steps on day {day}", "第 {day} 天有两个步骤"),
    "tasks.rules_bad_template": (
        "the message is not a valid template: {error}",
        "话术模板无效：{error}",
    ),
    "tasks.rules_bad_placeholder": (
        "unknown placeholder {name} (known: {known})",
        "未知的占位符 {name}（可用：{known}）",
    ),
    "tasks.rules_unknown_batch": ("no coupon batch named {name!r}", "没有名为 {name!r} 的券批次"),
    "tasks.rules_batches_hint": (
        "privcli coupons list shows the batches; create one with privcli coupons create",
        "privcli coupons list 查看券批次；用 privcli coupons create 新建",
    ),
    # -- generate ----------------------------------------------------------------------------------
    "tasks.bad_budget": (
        "--budget-minutes {value}: expected 0 or more",
        "--budget-minutes {value}：应为 0 或更大",
    ),
    "tasks.bad_holdout": (
        "--holdout {value}: expected a percent 0-90",
        "--holdout {value}：比例应为 0-90",
    ),
    "tasks.by_rule_title": ("tasks by rule", "按规则统计的任务"),
    "tasks.by_store_title": ("tasks by store", "按门店统计的任务"),
    "tasks.generated": (
        "{day}: {tasks} tasks ({minutes} minutes) for {guides} guides, run {run}",
        "{day}：为 {guides} 位导购生成 {tasks} 条任务（共 {minutes} 分钟），批次 {run}",
    ),
    "tasks.generated_dry": (
        "{day}: would generate {tasks} tasks ({minutes} minutes) for {guides} guides; nothing was written (--dry-run)",
        "{day}：将为 {guides} 位导购生成 {tasks} 条任务（共 {minutes} 分钟）；--dry-run 未写入任何内容",
    ),
    "tasks.replaced": (
        "replaced {n} pending tasks of that day; kept {kept} already worked (done or skipped)",
        "替换了当天 {n} 条待办任务；保留 {kept} 条已处理（已完成或跳过）的任务",
    ),
    "tasks.held_out_note": (
        "{n} members held out as control groups ({pct}%), recorded for the report",
        "{n} 位会员留作对照组（{pct}%），已记录供报表使用",
    ),
    "tasks.unassigned_note": (
        "{n} matched members have no active guide (unassigned): transfer them to get tasks",
        "{n} 位符合规则的会员没有在职导购（未分配）：请先分配导购",
    ),
    "tasks.coupons_note": (
        "coupons: {issued} issued, {reused} reused (already held)",
        "优惠券：新发 {issued} 张，沿用 {reused} 张（会员已持有）",
    ),
    "tasks.without_coupon_note": (
        "{n} tasks of batch {batch!r} have no coupon: the batch is used up, void or over",
        "{n} 条任务没有拿到批次 {batch!r} 的券：批次已发完、作废或过期",
    ),
    # -- reasons (built from the facts, in the language of the run) --------------------------------
    "tasks.reason_welcome_registered": ("registered on {md}", "{md} 注册入会"),
    "tasks.reason_welcome_wecom": ("added on WeCom on {md}", "{md} 添加企业微信"),
    "tasks.reason_birthday": ("birthday on {md}, in {days} days", "{md} 生日，还有 {days} 天"),
    "tasks.reason_post_purchase": (
        "last purchase on {md}, {days} days ago",
        "{md} 购买，已过 {days} 天",
    ),
    "tasks.reason_repurchase": (
        "last purchase {days} days ago; usually buys every {interval} days",
        "上次购买在 {days} 天前；通常每 {interval} 天购买一次",
    ),
    "tasks.reason_repurchase_default": (
        "last purchase {days} days ago; repurchase interval {interval} days (default)",
        "上次购买在 {days} 天前；复购周期按默认 {interval} 天",
    ),
    "tasks.reason_coupon_expiring": (
        "coupon {code} expires on {md}, in {days} days",
        "优惠券 {code} 将于 {md} 到期，还有 {days} 天",
    ),
    "tasks.reason_dormant": (
        "no purchase for {days} days (last on {md})",
        "已 {days} 天未购买（上次 {md}）",
    ),
    "tasks.reason_journey_acquired": (
        "{rule}, day {day} after joining on {md}",
        "{rule}：{md} 入会后第 {day} 天",
    ),
    "tasks.reason_journey_first": (
        "{rule}, day {day} after the first purchase on {md}",
        "{rule}：{md} 首次购买后第 {day} 天",
    ),
    "tasks.reason_campaign": (
        "campaign {rule}, until {md} ({days} days left)",
        "活动 {rule}，至 {md}（还剩 {days} 天）",
    ),
    # -- explain -----------------------------------------------------------------------------------
    "tasks.no_member": ("no member with phone {phone}", "没有手机号为 {phone} 的会员"),
    "tasks.no_member_hint": (
        "privcli members list finds members by store, guide or tag",
        "可用 privcli members list 按门店、导购或标签查找会员",
    ),
    "tasks.explain_member_title": ("member", "会员"),
    "tasks.explain_task_title": ("task", "任务"),
    "tasks.explain_rules_title": ("rules matched", "命中的规则"),
    "tasks.explain_none": (
        "{day}: this member matches no rule",
        "{day}：该会员没有命中任何规则",
    ),
    "tasks.explain_task": (
        "{day}: task {rule} ({status})",
        "{day}：任务 {rule}（{status}）",
    ),
    "tasks.explain_no_task": ("{day}: no task", "{day}：没有任务"),
    "tasks.explain_not_generated": (
        "{day} has not been generated yet: the outcomes say what generating would do",
        "{day} 尚未生成任务：结果列为生成时的预计情况",
    ),
    "tasks.outcome_task": ("this is the member's task ({status})", "这是该会员的任务（{status}）"),
    "tasks.outcome_done_today": (
        "the member already has a task worked that day",
        "该会员当天已有处理过的任务",
    ),
    "tasks.outcome_no_guide": (
        "no active guide (owner: {guide}): unassigned",
        "没有在职导购（归属：{guide}）：未分配",
    ),
    "tasks.outcome_do_not_disturb": ("tagged do-not-disturb", "带有勿扰标签"),
    "tasks.outcome_cooldown": (
        "had this rule's task within the last {days} days (cooldown)",
        "最近 {days} 天内已有该规则的任务（冷却期）",
    ),
    "tasks.outcome_held_out": (
        "drawn into this rule's control group ({pct}%): deliberately not tasked",
        "被抽入该规则的对照组（{pct}%）：有意不安排任务",
    ),
    "tasks.outcome_lower_priority": (
        "lower priority: one task per member a day, and {rule} came first",
        "优先级较低：每位会员每天一条任务，{rule} 优先",
    ),
    "tasks.outcome_budget_full": (
        "budget full: guide {guide}'s minutes went to higher-priority tasks",
        "时间已满：导购 {guide} 的时间已分给优先级更高的任务",
    ),
    "tasks.outcome_not_generated": (
        "would be this member's task (the day is not generated yet)",
        "将成为该会员的任务（当天尚未生成）",
    ),
}

# -- list, export, done, import-results, report (worklist_commands) ------------------------------
WORKLIST: dict[str, tuple[str, str]] = {
}

# -- push to WeCom (push_commands) ---------------------------------------------------------------
PUSH: dict[str, tuple[str, str]] = {
}

MESSAGES: dict[str, tuple[str, str]] = {**GENERATE, **WORKLIST, **PUSH}
