"""What import profiles say."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "profiles.unknown": ("no import profile named {name!r}", "没有名为 {name!r} 的导入配置"),
    "profiles.see": ("privcli profiles list", "查看导入配置：privcli profiles list"),
    "profiles.no_name": ("a profile needs a name", "导入配置需要一个名字"),
    "profiles.empty": (
        "give at least one --map, --map-status or --sheet",
        "至少给出一个 --map、--map-status 或 --sheet",
    ),
    "profiles.bad_map": (
        "{item!r}: expected COLUMN=field or VALUE=status",
        "{item!r}：格式应为 列名=字段 或 值=状态",
    ),
    "profiles.unknown_kind": (
        "--kind {kind!r}: no such import; expected one of {kinds}",
        "--kind {kind!r}：没有这种导入；应为 {kinds} 之一",
    ),
    "profiles.other_kind": (
        "profile {name!r} is for {kind} imports, not {used}",
        "导入配置 {name!r} 用于 {kind} 导入，不能用于 {used}",
    ),
    "profiles.saved": ("profile {name!r} saved", "导入配置 {name!r} 已保存"),
    "profiles.replaced": ("profile {name!r} replaced", "导入配置 {name!r} 已更新"),
    "profiles.deleted": ("profile {name!r} deleted", "导入配置 {name!r} 已删除"),
    # -- labels: column headings and status values people read -------------------------------------
    "profiles.column.maps": ("maps", "列映射"),
    "profiles.column.status_maps": ("status_maps", "状态映射"),
    "profiles.column.sheet": ("sheet", "工作表"),
    "profiles.value.kind.members": ("members", "会员"),
    "profiles.value.kind.orders": ("orders", "订单"),
    "profiles.value.kind.guides": ("guides", "导购"),
    "profiles.value.kind.stores": ("stores", "门店"),
    "profiles.value.kind.targets": ("targets", "目标"),
}
