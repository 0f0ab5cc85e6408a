"""What the guides capability says: rosters, departures, returns."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "guides.leaving": (
        "{code} is leaving (待离职): kept active; when they have left, "
        "privcli guides depart {code}",
        "{code} 待离职：仍按在职处理；离职后请运行 privcli guides depart {code}",
    ),
    "guides.kept_departed": (
        "{code} was marked departed with privcli guides depart; the file says active: kept "
        "departed (privcli guides rehire {code} if they are back)",
        "{code} 已用 privcli guides depart 标记离职，文件里是在职：仍按离职处理"
        "（如已回岗，运行 privcli guides rehire {code}）",
    ),
    "guides.bad_date": (
        "{option} {value!r}: expected a date such as 2026-11-20 "
        "(2026/11/20, 2026.11.20, 2026年11月20日, 20261120)",
        "{option} {value!r}：应为日期，例如 2026-11-20（也可以写 2026/11/20、2026.11.20、"
        "2026年11月20日、20261120）",
    ),
    "guides.future_date": (
        "{option} {value}: a date in the future (today is {today})",
        "{option} {value}：日期在未来（今天是 {today}）",
    ),
    "guides.future_hint": (
        "mark a departure on or after the day the guide leaves",
        "请在导购离职当天或之后再标记离职",
    ),
    "guides.customers_wait": (
        "{customers} customers wait for a new guide: privcli transfer {guides}",
        "{customers} 位客户等待新的导购：privcli transfer {guides}",
    ),
    # -- labels: column headings and status values people read -------------------------------------
    "guides.value.status.active": ("active", "在职"),
    "guides.value.status.departed": ("departed", "离职"),
    "guides.value.guide_status.active": ("active", "在职"),
    "guides.value.guide_status.departed": ("departed", "离职"),
    "guides.value.role.guide": ("guide", "导购"),
    "guides.value.role.manager": ("manager", "店长"),
    "guides.column.active_guides": ("active_guides", "在职导购数"),
    # -- why a row was refused ---------------------------------------------------------------------
    "guides.store_code_empty": ("store code is empty", "门店编码为空"),
    "guides.guide_id_empty": ("guide id (工号) is empty", "工号为空"),
    # -- unknown guides ----------------------------------------------------------------------------
    "guides.did_you_mean": ("{code}: did you mean {close}?", "{code}：是不是 {close}？"),
    "guides.no_close_match": ("{code}: no close match", "{code}：没有相近的工号"),
    "guides.unknown_id": (
        "unknown guide id: {codes}; nothing was changed",
        "未知的工号：{codes}；未做任何改动",
    ),
    "guides.unknown_ids": (
        "unknown guide ids: {codes}; nothing was changed",
        "未知的工号：{codes}；未做任何改动",
    ),
    # -- depart / rehire ---------------------------------------------------------------------------
    "guides.column.departed": ("departed", "离职"),
    "guides.column.rehired": ("rehired", "复职"),
    "guides.value.departed.yes": ("yes", "是"),
    "guides.value.departed.already departed": ("already departed", "早已离职"),
    "guides.value.rehired.yes": ("yes", "是"),
    "guides.value.rehired.already active": ("already active", "本来就在职"),
}
