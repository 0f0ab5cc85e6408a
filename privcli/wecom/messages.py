"""The WeCom capability's sentences, English and Chinese. `wecom.err.N` / `wecom.fix.N` say
what WeCom errcode N means for the operator and what to do about it; every errcode privcli
branches on (WECOM.md) has one. Placeholders: {api} the API called, {code} the errcode."""

from __future__ import annotations

_ERRORS: dict[int, tuple[tuple[str, str], tuple[str, str]]] = {
    -1: (
        (
            "WeCom was busy ({code}) on {api}, also after the retries",
            "企业微信繁忙（{code}），{api} 重试后仍失败",
        ),
        ("run the command again in a few minutes", "几分钟后再运行一次"),
    ),
    6000: (
        (
            "WeCom reported a data version conflict ({code}) on {api}, also after the retries",
            "企业微信数据版本冲突（{code}），{api} 重试后仍失败",
        ),
        (
            "run the command again later; it resumes where it stopped",
            "稍后再运行一次，会从中断处继续",
        ),
    ),
    40001: (
        (
            "WeCom rejected the secret ({code}) for {api}: it is wrong or was reset",
            "企业微信拒绝了 secret（{code}），{api}：secret 错误或已被重置",
        ),
        (
            "copy the secret again from the WeCom admin (应用管理 → the app → Secret) into PRIVCLI_WECOM_APP_SECRET / PRIVCLI_WECOM_CONTACT_SECRET; privcli did not retry, because repeated bad secrets get the IP banned for an hour",
            "从企业微信管理后台（应用管理 → 应用 → Secret）重新复制 secret 到 PRIVCLI_WECOM_APP_SECRET / PRIVCLI_WECOM_CONTACT_SECRET；privcli 没有重试，因为反复使用错误的 secret 会使 IP 被封禁一小时",
        ),
    ),
    40013: (
        (
            "WeCom does not know the corp id ({code}) used for {api}",
            "企业微信不认识所用的企业 ID（{code}），{api}",
        ),
        (
            "set PRIVCLI_WECOM_CORP_ID to the 企业ID shown under 我的企业 → 企业信息",
            "把 PRIVCLI_WECOM_CORP_ID 设为“我的企业 → 企业信息”中的企业ID",
        ),
    ),
    40014: (
        (
            "WeCom rejected the access token ({code}) on {api}, also after fetching a new one",
            "企业微信拒绝了 access token（{code}），{api} 换新 token 后仍失败",
        ),
        (
            "check that PRIVCLI_WECOM_BASE_URL points at WeCom (or a proxy that passes access_token through), then run again",
            "检查 PRIVCLI_WECOM_BASE_URL 是否指向企业微信（或会透传 access_token 的代理），然后再运行",
        ),
    ),
    42001: (
        (
            "the access token expired ({code}) on {api}, also after fetching a new one",
            "access token 已过期（{code}），{api} 换新 token 后仍失败",
        ),
        ("check the machine's clock, then run again", "检查本机时间，然后再运行"),
    ),
    41001: (
        (
            "WeCom received no access token ({code}) on {api}",
            "企业微信没有收到 access token（{code}），{api}",
        ),
        (
            "a proxy at PRIVCLI_WECOM_BASE_URL may drop the query string; point it at WeCom directly",
            "PRIVCLI_WECOM_BASE_URL 上的代理可能丢弃了查询参数；请直接指向企业微信",
        ),
    ),
    45009: (
        (
            "WeCom's call frequency limit was hit ({code}) on {api}, also after backing off",
            "触发了企业微信接口调用频率限制（{code}），{api} 退避重试后仍失败",
        ),
        (
            "lower PRIVCLI_WECOM_RATE and run again in an hour (a limit blocks for its whole window); the run resumes where it stopped",
            "调低 PRIVCLI_WECOM_RATE，一小时后再运行（超限会封禁整个统计窗口）；会从中断处继续",
        ),
    ),
    45033: (
        (
            "WeCom's concurrency limit was hit ({code}) on {api}",
            "触发了企业微信并发调用限制（{code}），{api}",
        ),
        (
            "make sure no other job calls the same API at the same time, then run again",
            "确认没有其他任务同时调用该接口，然后再运行",
        ),
    ),
    48002: (
        ("the app has no permission for {api} ({code})", "应用没有调用 {api} 的权限（{code}）"),
        (
            "in the WeCom admin add the app under 客户联系 → API → 可调用接口的应用 (or give the app this API), or set PRIVCLI_WECOM_CONTACT_SECRET to such an app's secret",
            "在企业微信管理后台把应用加入“客户联系 → API → 可调用接口的应用”（或为应用开通该接口），或把 PRIVCLI_WECOM_CONTACT_SECRET 设为这样的应用的 secret",
        ),
    ),
    60011: (
        (
            "the app may not see this member, department or tag ({code}) on {api}",
            "应用无权查看该成员、部门或标签（{code}），{api}",
        ),
        (
            "widen the app's visible range (可见范围) in the WeCom admin",
            "在企业微信管理后台扩大应用的可见范围",
        ),
    ),
    60020: (
        (
            "WeCom refused this machine's IP address ({code}) on {api}",
            "企业微信拒绝了本机 IP（{code}），{api}",
        ),
        (
            "add this machine's public IP to the app's 企业可信IP in the WeCom admin",
            "在企业微信管理后台把本机公网 IP 加入应用的“企业可信IP”",
        ),
    ),
    84061: (
        (
            "there is no external-contact relationship ({code}) on {api}",
            "不存在外部联系人关系（{code}），{api}",
        ),
        (
            "run privcli wecom sync to refresh who follows whom",
            "运行 privcli wecom sync 刷新跟进关系",
        ),
    ),
    84074: (
        (
            "the app has no 客户联系 permission ({code}) on {api}",
            "应用没有客户联系权限（{code}），{api}",
        ),
        (
            "in the WeCom admin add the app under 客户联系 → API → 可调用接口的应用",
            "在企业微信管理后台把应用加入“客户联系 → API → 可调用接口的应用”",
        ),
    ),
    81013: (
        ("every recipient of the message is invalid ({code})", "消息的所有接收人都无效（{code}）"),
        (
            "check the guides' WeCom userids (the 企微账号 column of the guides import) and the app's visible range",
            "检查导购的企业微信 userid（导购导入的“企微账号”列）和应用的可见范围",
        ),
    ),
    301002: (
        (
            "the agent id does not belong to the app secret ({code}) on {api}",
            "应用 ID 与 secret 不属于同一个应用（{code}），{api}",
        ),
        (
            "set PRIVCLI_WECOM_AGENT_ID to the AgentId shown next to PRIVCLI_WECOM_APP_SECRET's app",
            "把 PRIVCLI_WECOM_AGENT_ID 设为 PRIVCLI_WECOM_APP_SECRET 所属应用的 AgentId",
        ),
    ),
    40056: (
        (
            "WeCom does not know the agent id ({code}) on {api}",
            "企业微信不认识该应用 ID（{code}），{api}",
        ),
        (
            "set PRIVCLI_WECOM_AGENT_ID to the app's AgentId",
            "把 PRIVCLI_WECOM_AGENT_ID 设为应用的 AgentId",
        ),
    ),
    93000: (
        ("the group bot webhook URL is not valid ({code})", "群机器人 webhook 地址无效（{code}）"),
        (
            "copy the webhook URL again from the group chat's bot settings",
            "从群聊的机器人设置中重新复制 webhook 地址",
        ),
    ),
    # transfers (继承), also returned per customer
    40096: (
        (
            "WeCom does not know this customer (external_userid) ({code})",
            "企业微信不认识该客户的 external_userid（{code}）",
        ),
        ("run privcli wecom sync, then push again", "运行 privcli wecom sync 后再推送"),
    ),
    40097: (
        (
            "the handing-over member has not left the company in WeCom ({code}) on {api}",
            "交接成员在企业微信中尚未离职（{code}），{api}",
        ),
        (
            "mark the member as departed in the WeCom admin first, or transfer with --reason reassigned",
            "先在企业微信管理后台办理该成员离职，或用 --reason reassigned 在职继承",
        ),
    ),
    40098: (
        ("the receiving member is not real-name verified ({code})", "接替成员未实名认证（{code}）"),
        (
            "ask the guide to verify in WeCom, then push again",
            "请导购在企业微信中完成实名认证后再推送",
        ),
    ),
    40099: (
        (
            "the receiving member's customer count is at its limit ({code})",
            "接替成员的客户数已达上限（{code}）",
        ),
        ("transfer these customers to another guide", "把这些客户转给其他导购"),
    ),
    40100: (
        ("the customer is already being transferred ({code})", "客户已在继承流程中（{code}）"),
        (
            "check later with privcli transfer status BATCH",
            "稍后用 privcli transfer status BATCH 查看",
        ),
    ),
    40128: (
        (
            "the customer was transferred too often: 2 times in 90 days ({code})",
            "客户被转接过于频繁：90 天内已 2 次（{code}）",
        ),
        (
            "transfer the customer again after the date privcli transfer --dry-run names",
            "在 privcli transfer --dry-run 给出的日期之后再转接",
        ),
    ),
    40129: (
        ("the customer is currently being transferred ({code})", "客户正在转接中（{code}）"),
        (
            "check later with privcli transfer status BATCH",
            "稍后用 privcli transfer status BATCH 查看",
        ),
    ),
    40130: (
        (
            "handing-over and receiving member are the same ({code})",
            "交接成员与接替成员相同（{code}）",
        ),
        ("check the guides' WeCom userids (企微账号)", "检查导购的企业微信 userid（企微账号）"),
    ),
    40131: (
        (
            "the handing-over member does not follow this customer in WeCom ({code})",
            "交接成员在企业微信中不是该客户的跟进人（{code}）",
        ),
        (
            "run privcli wecom sync to see who follows the customer",
            "运行 privcli wecom sync 查看客户的跟进人",
        ),
    ),
    40143: (
        ("the receiving member is banned ({code})", "接替成员已被封禁（{code}）"),
        ("transfer these customers to another guide", "把这些客户转给其他导购"),
    ),
    41035: (
        (
            "the customer's external_userid is missing ({code})",
            "缺少客户的 external_userid（{code}）",
        ),
        ("run privcli wecom sync, then push again", "运行 privcli wecom sync 后再推送"),
    ),
}

MESSAGES: dict[str, tuple[str, str]] = {
    **{f"wecom.err.{code}": msg for code, (msg, _) in _ERRORS.items()},
    **{f"wecom.fix.{code}": fix for code, (_, fix) in _ERRORS.items()},
    "wecom.err.other": (
        "WeCom error {code} on {api}: {errmsg}",
        "企业微信错误 {code}（{api}）：{errmsg}",
    ),
    "wecom.fix.other": (
        "look the code up at https://developer.work.weixin.qq.com/devtool/query?e={code}",
        "在 https://developer.work.weixin.qq.com/devtool/query?e={code} 查询该错误码",
    ),
    "wecom.fix.retry_later": ("run the command again later", "稍后再运行一次"),
    "wecom.fix.network": (
        "check the network and PRIVCLI_WECOM_BASE_URL, then run again; the run resumes where it stopped",
        "检查网络和 PRIVCLI_WECOM_BASE_URL 后再运行；会从中断处继续",
    ),
    "wecom.fix.base_url": (
        "check PRIVCLI_WECOM_BASE_URL (default https://qyapi.weixin.qq.com/cgi-bin/)",
        "检查 PRIVCLI_WECOM_BASE_URL（默认 https://qyapi.weixin.qq.com/cgi-bin/）",
    ),
    "wecom.network": (
        "cannot reach WeCom for {api} ({what}), after {tries} tries",
        "无法连接企业微信 {api}（{what}），已尝试 {tries} 次",
    ),
    "wecom.http_status": (
        "WeCom answered HTTP {status} to {api}",
        "企业微信对 {api} 返回 HTTP {status}",
    ),
    "wecom.not_json": ("WeCom's answer to {api} is not JSON", "企业微信对 {api} 的返回不是 JSON"),
    "wecom.cursor_loop": (
        "WeCom returned the same page cursor twice for {api}",
        "企业微信对 {api} 两次返回相同的分页游标",
    ),
    "wecom.bad_setting": (
        "setting {name} = {value!r} (from {source}) is not a positive number",
        "设置 {name} = {value!r}（来自 {source}）不是正数",
    ),
    "wecom.see_config": (
        "privcli config shows every setting and its source",
        "privcli config 显示每个设置及其来源",
    ),
    "wecom.not_configured": (
        "WeCom is not configured: {names} not set",
        "未配置企业微信：没有设置 {names}",
    ),
    "wecom.configure_hint": (
        "set them in the environment or under [wecom] in the --config file; privcli config shows what is set",
        "在环境变量或 --config 文件的 [wecom] 段中设置；privcli config 显示当前设置",
    ),
    "wecom.not_follow_user": (
        "{userid} is not a follow user in WeCom (客户联系 not enabled, or outside the app's visible range): skipped",
        "{userid} 不是企业微信的客户联系成员（未开启客户联系，或不在应用可见范围内）：已跳过",
    ),
    "wecom.unlinked_hint": (
        "{n} contacts match no member: privcli wecom unlinked FILE lists them",
        "{n} 位联系人没有匹配到会员：privcli wecom unlinked FILE 可导出名单",
    ),
    "wecom.unlinked_written": (
        "wrote {n} unlinked contacts to {path}",
        "已把 {n} 条未匹配联系人写入 {path}",
    ),
    "wecom.bad_period": (
        "--period {period!r}: not a period privcli knows",
        "--period {period!r}：无法识别的时间段",
    ),
    "wecom.period_forms": (
        "use yesterday, today, 7d, 2026-11, 2026-11-05 or 2026-11-01..2026-11-15",
        "可用 yesterday、today、7d、2026-11、2026-11-05 或 2026-11-01..2026-11-15",
    ),
    "wecom.period_too_old": (
        "--period {period!r}: WeCom keeps statistics for {days} days only",
        "--period {period!r}：企业微信只保留 {days} 天的统计",
    ),
    "wecom.stats_not_guides": (
        "{n} follow users are no guide in privcli: their statistics were not stored",
        "{n} 位客户联系成员不是 privcli 中的导购：其统计未保存",
    ),
    "wecom.no_batch": ("no transfer batch {batch}", "没有转接批次 {batch}"),
    "wecom.push_failed_line": (
        "failed: {phone} ({frm} → {to}): {message}",
        "失败：{phone}（{frm} → {to}）：{message}",
    ),
    "wecom.more_lines": (
        "… and {n} more (privcli transfer log --batch {batch} -f csv)",
        "……还有 {n} 条（privcli transfer log --batch {batch} -f csv）",
    ),
    "wecom.push_summary": (
        "batch {batch}: {sent} customers sent to WeCom now; the batch in WeCom: {summary}",
        "批次 {batch}：本次向企业微信发送 {sent} 位客户；该批次在企业微信中：{summary}",
    ),
    "wecom.push_stopped": (
        "the push stopped: {error}; run privcli transfer push {batch} to resume (nothing is sent twice)",
        "推送已中断：{error}；运行 privcli transfer push {batch} 继续（不会重复发送）",
    ),
    "wecom.refused_unassigned": (
        "refused: {phone} refused {to}: left without a guide, as in WeCom",
        "拒绝：{phone} 拒绝了 {to}：与企业微信一致，暂无归属导购",
    ),
    "wecom.refused_back": (
        "refused: {phone} refused {to}: back with {back}, as in WeCom",
        "拒绝：{phone} 拒绝了 {to}：与企业微信一致，仍归 {back}",
    ),
    "wecom.status_summary": (
        "batch {batch} in WeCom: {summary}",
        "批次 {batch} 在企业微信中：{summary}",
    ),
    "wecom.check_token": ("WeCom issued an access token", "企业微信已签发 access token"),
    "wecom.check_follow": ("{n} follow users", "{n} 位客户联系成员"),
    "wecom.check_guides_ok": (
        "all {n} active guides are follow users",
        "全部 {n} 位在职导购都是客户联系成员",
    ),
    "wecom.check_guides_missing": (
        "{n} active guides are not follow users (e.g. {sample}): enable 客户联系 for them, or fix their 企微账号",
        "{n} 位在职导购不是客户联系成员（例如 {sample}）：请为其开启客户联系，或修正其企微账号",
    ),
    "wecom.check_tags": ("{n} tag groups readable", "可读取 {n} 个标签组"),
    "wecom.check_agent": (
        "the app may send messages; {n} members in its visible range",
        "应用可发送消息；可见范围内 {n} 位成员",
    ),
    "wecom.check_agent_closed": (
        "the app is disabled (停用) in the WeCom admin",
        "应用已在企业微信管理后台停用",
    ),
    "wecom.check_failed": (
        "WeCom is not ready: fix what is missing above and run privcli wecom check again",
        "企业微信尚未就绪：请修正上面缺少的项目后再运行 privcli wecom check",
    ),
    "wecom.sync_progress": ("syncing WeCom contacts", "正在同步企业微信联系人"),
    "wecom.stats_progress": ("pulling WeCom statistics", "正在获取企业微信统计"),
    # -- titles ------------------------------------------------------------------------------------
    "wecom.check_title": ("wecom check", "企业微信检查"),
    "wecom.sync_title": ("wecom sync", "企业微信同步"),
    "wecom.stats_title": ("wecom stats", "企业微信统计"),
    # -- privcli config ----------------------------------------------------------------------------
    "wecom.settings_title": ("privcli settings", "privcli 设置"),
    "wecom.source_default": ("default", "默认"),
    "wecom.source_env": ("env", "环境变量"),
    "wecom.source_option": ("option", "选项"),
    "wecom.source_file": ("{where}", "配置文件 {where}"),
    "wecom.value.value.by size": ("by size", "按文件大小"),
    "wecom.value.value.auto": ("auto", "自动"),
    # -- wecom check -------------------------------------------------------------------------------
    "wecom.column.check": ("check", "检查项"),
    "wecom.column.detail": ("detail", "详情"),
    "wecom.value.status.ok": ("ok", "正常"),
    "wecom.value.status.missing": ("missing", "缺失"),
    "wecom.value.detail.default": ("default", "默认"),
}
