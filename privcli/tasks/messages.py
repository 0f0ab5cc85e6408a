"""Messages of the daily tasks capability: id → (English, Chinese). One dict per part of the
capability (each part's commands own theirs), merged into the catalogue's MESSAGES."""

from __future__ import annotations

# -- rules, generate, explain (generate_commands) ------------------------------------------------
GENERATE: dict[str, tuple[str, str]] = {}

# -- list, export, done, import-results, report (worklist_commands) ------------------------------
WORKLIST: dict[str, tuple[str, str]] = {}

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

MESSAGES: dict[str, tuple[str, str]] = {**GENERATE, **WORKLIST, **PUSH}
