"""What `privcli export` says (see privcli.base.messages)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "export.wrote": ("wrote {n} {what} to {path}", "已写入 {n} 条{what}到 {path}"),
    "export.wrote_stdout": (
        "wrote {n} {what} to standard output",
        "已写入 {n} 条{what}到标准输出",
    ),
    "export.bad_day": (
        "{option} {value!r} is not a date: {reason}",
        "{option} {value!r} 不是有效日期：{reason}",
    ),
    "export.bad_day_hint": (
        "a date such as 2026-12-01, 2026/12/1, 2026年12月1日 or 20261201, or today / yesterday",
        "日期写法如 2026-12-01、2026/12/1、2026年12月1日、20261201，或 today / yesterday（今天 / 昨天）",
    ),
    "export.no_period": (
        "export {what} takes no --since/--until: only exports of dated rows do ({dated})",
        "export {what} 不支持 --since/--until：只有带日期的导出支持（{dated}）",
    ),
    "export.no_period_hint": (
        "select members by date with --registered-since, --bought-within or --inactive-days",
        "按日期筛选会员请用 --registered-since、--bought-within 或 --inactive-days",
    ),
    "export.empty_period": (
        "--since {since} is after --until {until}: no day is in between",
        "--since {since} 晚于 --until {until}：中间没有任何一天",
    ),
    "export.empty_period_hint": (
        "both dates are included: --since 2026-12-01 --until 2026-12-01 is that one day",
        "两端日期都包含在内：--since 2026-12-01 --until 2026-12-01 就是这一天",
    ),
    # -- why a date was refused --------------------------------------------------------------------
    "export.date_such_as": ("expected a date such as 2026-12-01", "应为 2026-12-01 这样的日期"),
}
