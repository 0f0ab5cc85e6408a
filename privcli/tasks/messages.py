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
    "tasks.status_pending": ("pending", "待办"),
    "tasks.status_done": ("done", "已完成"),
    "tasks.status_skipped": ("skipped", "已跳过"),
    "tasks.result_contacted": ("contacted", "已联系"),
    "tasks.result_no_reply": ("no reply", "未回复"),
    "tasks.result_refused": ("refused", "拒绝"),
    "tasks.result_purchased": ("purchased", "已购买"),
    "tasks.bad_choice": (
        "{option} {value!r}: expected one of {choices}",
        "{option} {value!r}：应为 {choices} 之一",
    ),
    "tasks.list_title": ("tasks due {day}", "{day} 的任务"),
    "tasks.list_empty": (
        "no tasks for {day} with these filters (privcli tasks generate --date {day})",
        "{day} 没有符合条件的任务（生成：privcli tasks generate --date {day}）",
    ),
    "tasks.done_no_ids": ("give the ids of the tasks done", "请给出已完成任务的编号"),
    "tasks.unknown_ids": (
        "{n} unknown task id(s): {ids}; nothing was changed",
        "{n} 个任务编号不存在：{ids}；未做任何修改",
    ),
    "tasks.unknown_ids_hint": (
        "the ids are in privcli tasks list (column id) and in the exported sheet (task_id)",
        "任务编号见 privcli tasks list 的 id 列，或导出表的「任务编号」列",
    ),
    "tasks.done_changed": (
        "{n} task(s) marked done: {ids}",
        "{n} 个任务已标记完成：{ids}",
    ),
    "tasks.done_unchanged": (
        "{n} task(s) already so, unchanged: {ids}",
        "{n} 个任务本来就是这样，未改动：{ids}",
    ),
    "tasks.export_folder": (
        "--by guide writes one workbook per guide into a folder; {path} is a file",
        "--by guide 会在文件夹里为每位导购各写一个工作簿；{path} 是一个文件",
    ),
    "tasks.exported": (
        "{rows} task(s) of {day} written to {path} ({sheets} sheet(s))",
        "已将 {day} 的 {rows} 个任务写入 {path}（{sheets} 个工作表）",
    ),
    "tasks.exported_guides": (
        "{rows} task(s) of {day} written to {files} guide workbook(s) in {path}",
        "已将 {day} 的 {rows} 个任务写入 {path} 下的 {files} 个导购工作簿",
    ),
    "tasks.exported_none": (
        "no tasks for {day} with these filters: nothing to fill in",
        "{day} 没有符合条件的任务：没有可填写的内容",
    ),
    "tasks.bad_id": (
        "expected a task id (a whole number, column task_id of the exported sheet)",
        "应为任务编号（整数，即导出表的「任务编号」列）",
    ),
    "tasks.bad_done": (
        "expected yes or no (是 or 否)",
        "应为 是 或 否（yes / no）",
    ),
    "tasks.bad_result": (
        "expected contacted, no_reply, refused or purchased (已联系, 未回复, 拒绝, 已购买)",
        "应为 已联系、未回复、拒绝、已购买 之一（contacted / no_reply / refused / purchased）",
    ),
    "tasks.result_not_done": (
        "a result is given but done says no; fill in done = yes, or clear the result",
        "填了结果但「是否完成」为否；请把是否完成改为是，或清空结果",
    ),
    "tasks.repeated_id": (
        "this task appears again (first at row {first}); the first row was used",
        "这个任务重复出现（首次在第 {first} 行）；已按首次出现的那行处理",
    ),
    "tasks.no_such_task": ("no such task", "没有这个任务"),
    "tasks.no_sheet": (
        "{file}: no sheet with a task_id (任务编号) column",
        "{file}：没有含「任务编号」（task_id）列的工作表",
    ),
    "tasks.no_sheet_hint": (
        "import the sheet privcli tasks export wrote, filled in",
        "请导入 privcli tasks export 导出并填写好的表",
    ),
    "tasks.imported_nothing": (
        "nothing changed: the tasks already say what the sheet says",
        "没有变化：任务记录与表中内容一致",
    ),
    "tasks.report_title": (
        "tasks by {by}, {first} to {last}",
        "任务效果（按 {by}），{first} 至 {last}",
    ),
    "tasks.report_window": (
        "converted: a paid order within {days} day(s) from the task day (that day included), "
        "whoever took it; sales: the members' net sales in that window",
        "转化：任务当天起 {days} 天内（含当天）有已支付订单，无论由谁成交；"
        "销售额：这些会员在此期间的净销售额",
    ),
    "tasks.report_open": (
        "tasks due from {day} on are still inside their window: their conversion can still grow",
        "{day} 及之后的任务仍在转化期内，转化数还可能增加",
    ),
    "tasks.report_uplift_note": (
        "uplift: the conversion of the tasks of rules and days with a control group (test_rate) "
        "minus the control group's (control_rate), with its 95% confidence interval",
        "提升：有对照组的规则与日期中，任务组转化率（test_rate）减对照组转化率"
        "（control_rate），附 95% 置信区间",
    ),
    "tasks.report_small": (
        "no confidence interval where a group has fewer than {n} converted or {n} not converted "
        "members: the normal approximation does not hold there, the uplift is only indicative",
        "任一组转化或未转化人数少于 {n} 时不给置信区间：正态近似不成立，提升值仅供参考",
    ),
    "tasks.report_none": (
        "no tasks due from {first} to {last}",
        "{first} 至 {last} 没有任务",
    ),
    "tasks.report_empty_period": (
        "--from {first} is after --to {last}",
        "--from {first} 晚于 --to {last}",
    ),
    "tasks.report_bad_days": (
        "--days {days}: expected 1 or more",
        "--days {days}：应为 1 或更大",
    ),
    "tasks.report_chart": ("conversion rate", "转化率"),
    "tasks.report_written": ("report written to {path}", "报表已写入 {path}"),
}

# -- push to WeCom (push_commands) ---------------------------------------------------------------
PUSH: dict[str, tuple[str, str]] = {
    # the guides' messages (in the guides' language, [tasks] push_lang)
    "tasks.push_title": (
        "Tasks for {date}: {n}, about {minutes} min",
        "{date} 今日任务：{n} 项，约 {minutes} 分钟",
    ),
    "tasks.push_top": ("First:", "优先处理："),
    "tasks.push_more": ("… and {n} more in the list", "……另有 {n} 项，见任务清单"),
    "tasks.push_button": ("Open", "详情"),
    "tasks.push_list_header": ("Tasks {date} · {name}", "任务清单 {date} · {name}"),
    "tasks.push_item": ("{i}. {who} · {minutes} min", "{i}. {who}｜约 {minutes} 分钟"),
    "tasks.push_item_message": ("Say: {message}", "话术：{message}"),
    "tasks.push_item_coupon": ("Coupon: {code}", "券码：{code}"),
    "tasks.push_cut": (
        "… {n} more tasks not listed here (WeCom delivers at most 30 messages a minute); the "
        "first {shown} are above",
        "……另有 {n} 项任务未列出（企业微信每人每分钟最多接收 30 条消息）；以上为前 {shown} 项",
    ),
    # the operator's summary
    "tasks.push_progress": ("Pushing tasks to WeCom", "正在推送任务到企业微信"),
    "tasks.push_title_record": ("tasks push", "任务推送"),
    "tasks.push_unknown_store": (
        "unknown store code(s): {stores}; nothing was sent",
        "未知的门店编码：{stores}；未发送任何消息",
    ),
    "tasks.push_not_linked_line": (
        "{guide}: not linked to WeCom: the userid {userid} belongs to guide {other} (企微账号 "
        "column of the guides import); give {guide} their own 企微账号",
        "{guide}：未关联企业微信：userid {userid} 属于导购 {other}（导购导入的企微账号列）；"
        "请为 {guide} 填写自己的企微账号",
    ),
    "tasks.push_invalid_line": (
        "{guide}: WeCom does not know the userid {userid} or the app cannot reach it "
        "(invaliduser): check the 企微账号 column and the app's visible range; tried again next run",
        "{guide}：企业微信不认识 userid {userid}，或应用的可见范围不含此人（invaliduser）："
        "请检查企微账号列和应用可见范围；下次运行会重试",
    ),
    "tasks.push_unlicensed_line": (
        "{guide}: {userid} has no WeCom licence (unlicenseduser): assign one in the admin "
        "console; tried again next run",
        "{guide}：{userid} 没有企业微信接口许可（unlicenseduser）：请在管理后台分配；下次运行会重试",
    ),
    "tasks.push_failed_line": (
        "{guide}: sending to {userid} failed after {sent} messages: {message}; tried again next run",
        "{guide}：发送给 {userid} 失败（已发 {sent} 条）：{message}；下次运行会重试",
    ),
    "tasks.push_cut_line": (
        "{guide}: {n} tasks are more than {most} messages hold; the list stops after task {shown}",
        "{guide}：{n} 项任务超出 {most} 条消息的容量；清单只列到第 {shown} 项",
    ),
    "tasks.push_more_problems": (
        "… {n} more guides not reached; --json lists every guide",
        "……另有 {n} 位导购未送达；--json 列出全部导购",
    ),
    "tasks.push_departed": (
        "{n} pending tasks belong to departed guides and were not pushed: transfer their "
        "customers (privcli transfer), the tasks follow",
        "{n} 条待办任务属于已离职导购，未推送：请先继承其客户（privcli transfer），任务会随客户转移",
    ),
    "tasks.push_nothing": (
        "no pending tasks for active guides on {date}",
        "{date} 没有在职导购的待办任务",
    ),
    "tasks.push_summary": (
        "{date}: sent to {sent} guides ({messages} messages), {already_sent} already sent, "
        "{invalid} invalid, {not_linked} not linked, {failed} failed; {calls} WeCom calls",
        "{date}：已发送 {sent} 位导购（{messages} 条消息），{already_sent} 位此前已发送，"
        "{invalid} 位无效，{not_linked} 位未关联，{failed} 位失败；调用企业微信 {calls} 次",
    ),
    "tasks.push_dry_summary": (
        "dry run, nothing sent: {date}: {would_send} guides would get {messages} messages "
        "({bytes} bytes), {already_sent} already sent, {not_linked} not linked",
        "试运行，未发送：{date}：{would_send} 位导购将收到 {messages} 条消息（{bytes} 字节），"
        "{already_sent} 位此前已发送，{not_linked} 位未关联",
    ),
    "tasks.push_stopped": (
        "the push stopped: {error}; {waiting} guides not sent yet: run the same command again "
        "to resume (nobody gets their list twice)",
        "推送已中断：{error}；{waiting} 位导购尚未发送：再次运行同一命令即可继续（不会重复发送）",
    ),
    "tasks.push_too_many_failures": (
        "WeCom refused {n} guides in a row; stopping so as not to fail every guide",
        "企业微信连续拒绝了 {n} 位导购；为免全部失败，已停止",
    ),
    "tasks.push_status.sent": ("sent", "已发送"),
    "tasks.push_status.already_sent": ("already sent", "此前已发送"),
    "tasks.push_status.would_send": ("would send", "将发送"),
    "tasks.push_status.invalid": ("invalid", "无效"),
    "tasks.push_status.not_linked": ("not linked", "未关联"),
    "tasks.push_status.failed": ("failed", "失败"),
    "tasks.push_status.waiting": ("waiting", "待发送"),
}


# -- column headings and values as people read them (the renderer's labels) ---------------------
LABELS: dict[str, tuple[str, str]] = {
    "tasks.column.already_sent": ("already_sent", "已推送过"),
    "tasks.column.budget_minutes": ("budget_minutes", "时间预算（分钟）"),
    "tasks.column.by_rule": ("by_rule", "按规则"),
    "tasks.column.by_store": ("by_store", "按门店"),
    "tasks.column.bytes": ("bytes", "字节数"),
    "tasks.column.calls": ("calls", "调用次数"),
    "tasks.column.completion_rate": ("completion_rate", "完成率"),
    "tasks.column.control": ("control", "对照组人数"),
    "tasks.column.control_converted": ("control_converted", "对照组转化人数"),
    "tasks.column.control_rate": ("control_rate", "对照组转化率"),
    "tasks.column.conversion_rate": ("conversion_rate", "转化率"),
    "tasks.column.converted": ("converted", "转化人数"),
    "tasks.column.cooldown": ("cooldown", "冷却期内"),
    "tasks.column.coupon_code": ("coupon_code", "券码"),
    "tasks.column.coupons_issued": ("coupons_issued", "新发券"),
    "tasks.column.coupons_reused": ("coupons_reused", "沿用已有券"),
    "tasks.column.do_not_disturb": ("do_not_disturb", "勿扰"),
    "tasks.column.done": ("done", "已完成"),
    "tasks.column.done_today": ("done_today", "当天已处理"),
    "tasks.column.errcode": ("errcode", "错误码"),
    "tasks.column.failed": ("failed", "失败"),
    "tasks.column.guides": ("guides", "导购数"),
    "tasks.column.guides_covered": ("guides_covered", "有任务的导购"),
    "tasks.column.guides_idle": ("guides_idle", "无任务的导购"),
    "tasks.column.ids": ("ids", "任务编号"),
    "tasks.column.invalid": ("invalid", "无效账号"),
    "tasks.column.left_out": ("left_out", "未列入"),
    "tasks.column.matched": ("matched", "命中人数"),
    "tasks.column.message": ("message", "建议话术"),
    "tasks.column.messages": ("messages", "消息数"),
    "tasks.column.minutes": ("minutes", "分钟"),
    "tasks.column.not_linked": ("not_linked", "未关联企微"),
    "tasks.column.other_rule": ("other_rule", "被更高优先级规则占用"),
    "tasks.column.outcome": ("outcome", "结果"),
    "tasks.column.over_budget": ("over_budget", "超出时间预算"),
    "tasks.column.priority": ("priority", "优先级"),
    "tasks.column.push": ("push", "推送"),
    "tasks.column.recipients": ("recipients", "接收人"),
    "tasks.column.result": ("result", "跟进结果"),
    "tasks.column.rule": ("rule", "规则"),
    "tasks.column.rules": ("rules", "规则"),
    "tasks.column.run_id": ("run_id", "生成批次"),
    "tasks.column.sent": ("sent", "已推送"),
    "tasks.column.stopped": ("stopped", "已中止"),
    "tasks.column.task": ("task", "任务"),
    "tasks.column.task_rule": ("task_rule", "任务规则"),
    "tasks.column.tasks": ("tasks", "任务数"),
    "tasks.column.test_rate": ("test_rate", "任务组转化率"),
    "tasks.column.test_tasks": ("test_tasks", "任务组人数"),
    "tasks.column.type": ("type", "类型"),
    "tasks.column.unassigned": ("unassigned", "无导购"),
    "tasks.column.uplift": ("uplift", "提升"),
    "tasks.column.uplift_high": ("uplift_high", "提升上限"),
    "tasks.column.uplift_low": ("uplift_low", "提升下限"),
    "tasks.column.userid": ("userid", "企微账号"),
    "tasks.column.waiting": ("waiting", "待推送"),
    "tasks.column.why": ("why", "原因说明"),
    "tasks.column.without_coupon": ("without_coupon", "未能配券"),
    "tasks.column.would_send": ("would_send", "将推送"),
    "tasks.value.outcome.task": ("task", "已派任务"),
    "tasks.value.outcome.done_today": ("done_today", "当天已处理"),
    "tasks.value.outcome.no_guide": ("no_guide", "无在职导购"),
    "tasks.value.outcome.do_not_disturb": ("do_not_disturb", "勿扰"),
    "tasks.value.outcome.cooldown": ("cooldown", "冷却期内"),
    "tasks.value.outcome.held_out": ("held_out", "对照组"),
    "tasks.value.outcome.lower_priority": ("lower_priority", "优先级较低"),
    "tasks.value.outcome.budget_full": ("budget_full", "时间预算已满"),
    "tasks.value.outcome.not_generated": ("not_generated", "当天未生成"),
    "tasks.value.type.welcome": ("welcome", "欢迎"),
    "tasks.value.type.birthday": ("birthday", "生日"),
    "tasks.value.type.post_purchase": ("post_purchase", "购后关怀"),
    "tasks.value.type.repurchase": ("repurchase", "复购提醒"),
    "tasks.value.type.coupon_expiring": ("coupon_expiring", "券到期提醒"),
    "tasks.value.type.dormant": ("dormant", "沉睡唤醒"),
    "tasks.value.type.journey": ("journey", "SOP 旅程"),
    "tasks.value.type.campaign": ("campaign", "活动"),
    "tasks.value.status.pending": ("pending", "待办"),
    "tasks.value.status.done": ("done", "已完成"),
    "tasks.value.result.contacted": ("contacted", "已联系"),
    "tasks.value.result.no_reply": ("no_reply", "未回复"),
    "tasks.value.result.refused": ("refused", "拒绝"),
    "tasks.value.result.purchased": ("purchased", "已购买"),
}

MESSAGES: dict[str, tuple[str, str]] = {**GENERATE, **WORKLIST, **PUSH, **LABELS}
