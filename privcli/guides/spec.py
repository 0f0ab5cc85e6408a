"""What the guides capability declares: the store and guide spreadsheets it imports (header
aliases, required fields) and the tables it exports.

Aliases are in priority order: when a file has two candidate columns, the earlier alias wins.
"""

from __future__ import annotations

from privcli.base.capability import ExportSpec, KindSpec

# Shared with the members and orders kinds, whose rows name a store or a guide too.
STORE_ALIASES = (
    "门店编码",
    "门店代码",
    "门店编号",
    "所属门店",
    "归属门店",
    "门店",
    "成为会员店铺",
    "门店名称",
    "store",
    "store_code",
)
GUIDE_ALIASES = (
    "导购工号",
    "专属导购",
    "所属导购",
    "导购",
    "工号",
    "导购员",
    "归属导购",
    "guide",
    "guide_id",
)

STORES = KindSpec(
    name="stores",
    help="Import stores (门店编码, 门店名称, 大区, 城市), keyed by store code.",
    aliases={
        "code": ("门店编码", "门店代码", "门店编号", "店铺编码", "code", "store_code"),
        "name": ("门店名称", "门店", "店铺名称", "name", "store_name"),
        "region": ("大区", "区域", "所属大区", "region"),
        "city": ("城市", "所在城市", "city"),
    },
    required=("code",),
    load="privcli.guides.kinds:Stores",
    examples=("privcli import stores 门店列表.xlsx",),
)

GUIDES = KindSpec(
    name="guides",
    help="Import guides (工号, 姓名, 门店编码, 在职状态, 入职日期), keyed by guide id. "
    "A 离职 status marks the guide departed.",
    aliases={
        "code": (
            "工号",
            "导购工号",
            "员工编号",
            "员工工号",
            "导购编号",
            "userid",
            "guide_id",
            "code",
        ),
        "name": ("姓名", "导购姓名", "员工姓名", "name"),
        "store": STORE_ALIASES,
        "status": ("状态", "在职状态", "status"),
        "hired_on": ("入职日期", "入职时间", "hired_on"),
        "departed_on": ("离职日期", "离职时间", "departed_on"),
        "role": ("岗位", "角色", "职位", "role"),
        "wecom_userid": ("企业微信userid", "企微userid", "企微账号", "wecom_userid"),
    },
    required=("code",),
    load="privcli.guides.kinds:Guides",
    value_maps={"status": ("active", "departed")},
    examples=("privcli import guides 导购花名册.csv",),
)

GUIDE_HEADERS = {
    "en": [
        "guide_id",
        "name",
        "store_code",
        "region",
        "role",
        "status",
        "hired_on",
        "departed_on",
        "customers",
    ],
    "zh": [
        "导购工号",
        "姓名",
        "门店编码",
        "大区",
        "岗位",
        "在职状态",
        "入职日期",
        "离职日期",
        "客户数",
    ],
}
STORE_HEADERS = {
    "en": ["store_code", "name", "region", "city", "active_guides", "members"],
    "zh": ["门店编码", "门店名称", "大区", "城市", "在职导购数", "会员数"],
}

GUIDES_EXPORT = ExportSpec(
    name="guides",
    help="guides with their store, status and customer count",
    headers=GUIDE_HEADERS,
    rows="privcli.guides.logic:guide_rows",
    filters=frozenset({"stores", "regions"}),
    # guide_id, name, store_code, region, role, status, hired_on, departed_on, customers
    types=("text", "text", "text", "text", "text", "text", "date", "date", "integer"),
    sheet={"en": "guides", "zh": "导购"},
)
STORES_EXPORT = ExportSpec(
    name="stores",
    help="stores with their active guides and members",
    headers=STORE_HEADERS,
    rows="privcli.guides.logic:store_rows",
    filters=frozenset({"stores", "regions"}),
    # store_code, name, region, city, active_guides, members
    types=("text", "text", "text", "text", "integer", "integer"),
    sheet={"en": "stores", "zh": "门店"},
)
