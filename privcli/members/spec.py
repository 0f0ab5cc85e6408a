"""What the members capability declares: the member spreadsheet it imports (header aliases in
priority order, required fields) and the member table it exports."""

from __future__ import annotations

from privcli.base.capability import ExportSpec, KindSpec
from privcli.base.selection import FILTERS
from privcli.guides.spec import GUIDE_ALIASES, STORE_ALIASES

# Mobile-specific names before 联系电话: Taobao's 订单报表 has both 联系电话 (landline, usually
# empty) and 联系手机 (the buyer's mobile); JD has only 联系电话. Shared with the orders kind.
PHONE_ALIASES = (
    "手机号",
    "手机",
    "手机号码",
    "买家手机号",
    "客户手机号",
    "会员手机号",
    "联系手机",
    "收件人手机号",
    "收货人手机号",
    "mobile",
    "phone",
    "联系电话",
)

MEMBERS = KindSpec(
    name="members",
    help="Import members (手机号, 姓名, 生日, 会员等级, 积分, 所属门店, 专属导购, 标签, …), "
    "keyed by phone. Empty cells never erase stored values.",
    aliases={
        "phone": PHONE_ALIASES,
        "member_no": ("会员卡号", "会员编号", "卡号", "会员号", "member_no"),
        "name": ("姓名", "会员姓名", "客户姓名", "name"),
        "gender": ("性别", "客户性别", "gender"),
        "birthday": ("生日", "出生日期", "客户生日", "birthday"),
        "level": ("会员等级", "等级", "免费等级", "level"),
        "points": ("积分", "客户积分", "可用积分", "points"),
        "registered_at": ("注册时间", "入会时间", "成为会员时间", "添加时间", "registered_at"),
        "store": STORE_ALIASES,
        "guide": GUIDE_ALIASES,
        "acquired_by": ("添加人", "添加导购", "acquired_by"),
        "channel": ("来源", "来源渠道", "渠道", "channel"),
        "tags": ("标签", "客户标签", "会员标签", "tags"),
        "external_userid": ("external_userid", "外部联系人id"),
    },
    required=("phone",),
    load="privcli.members.kinds:Members",
    examples=(
        "privcli import members 会员导出.xlsx --sheet 会员列表 --errors 会员错误.xlsx",
        "privcli import members crm.csv --map '客户电话=phone' --map 'VIP等级=level'",
    ),
)

MEMBER_HEADERS = {
    "en": [
        "phone",
        "member_no",
        "name",
        "gender",
        "birthday",
        "level",
        "points",
        "registered_at",
        "store_code",
        "guide_id",
        "acquired_by",
        "channel",
        "tags",
    ],
    "zh": [
        "手机号",
        "会员卡号",
        "姓名",
        "性别",
        "生日",
        "会员等级",
        "积分",
        "注册时间",
        "门店编码",
        "导购工号",
        "添加人",
        "来源渠道",
        "标签",
    ],
}
MEMBER_PII = {0: "phone", 2: "name", 4: "birthday"}
# how .xlsx holds each column (privcli.io.blocks.KINDS): phones and card numbers stay text
MEMBER_TYPES = (
    "text",  # phone
    "text",  # member_no
    "text",  # name
    "text",  # gender
    "date",  # birthday (masked ones stay text)
    "text",  # level
    "integer",  # points
    "datetime",  # registered_at
    "text",  # store_code
    "text",  # guide_id
    "text",  # acquired_by
    "text",  # channel
    "text",  # tags
)

MEMBERS_EXPORT = ExportSpec(
    name="members",
    help="members with their store, guide and tags",
    headers=MEMBER_HEADERS,
    rows="privcli.members.logic:member_columns",
    columnar=True,
    filters=frozenset(FILTERS),
    pii=MEMBER_PII,
    types=MEMBER_TYPES,
    sheet={"en": "members", "zh": "会员"},
)
