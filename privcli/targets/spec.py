"""What the boards capability declares: the targets sheet it imports."""

from __future__ import annotations

from privcli.base.capability import KindSpec
from privcli.guides.spec import GUIDE_ALIASES, STORE_ALIASES

TARGETS = KindSpec(
    name="targets",
    help="Import sales targets (期间, 层级, 对象 / 大区 / 门店 / 导购, 渠道, 目标金额), keyed by "
    "period, scope and channel: a re-import replaces the amounts.",
    aliases={
        "period": ("期间", "目标期间", "周期", "月份", "年份", "时间", "period"),
        "scope": ("层级", "范围", "目标层级", "维度", "scope"),
        "code": ("对象", "编码", "目标对象", "代码", "code"),
        "region": ("大区", "区域", "所属大区", "region"),
        "store": STORE_ALIASES,
        "guide": GUIDE_ALIASES,
        "channel": ("渠道", "销售渠道", "订单来源", "channel"),
        "amount": ("目标金额", "目标金额(元)", "目标", "金额", "销售目标", "target", "amount"),
    },
    required=("period", "amount"),
    load="privcli.targets.kinds:Targets",
    examples=(
        "privcli targets import 2026年目标.xlsx",
        "privcli import targets targets.csv --dry-run",
    ),
)
