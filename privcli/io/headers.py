"""Header aliases and header-row detection.

Exports put the header below title rows ("会员列表", "导出时间：…"), add trailing spaces, mix
full- and half-width brackets, and name the same field a dozen ways. Aliases are listed per field
in priority order: when a file has two candidate columns (实付金额 and 应付金额), the earlier alias
wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from privcli.errors import PrivcliError, UsageError
from privcli.io.normalize import fold

HEADER_SCAN_ROWS = 30

# Mobile-specific names before 联系电话: Taobao's 订单报表 has both 联系电话 (landline, usually
# empty) and 联系手机 (the buyer's mobile); JD has only 联系电话.
_PHONE = ("手机号", "手机", "手机号码", "买家手机号", "客户手机号", "会员手机号", "联系手机",
          "收件人手机号", "收货人手机号", "mobile", "phone", "联系电话")  # fmt: skip
_STORE = ("门店编码", "门店代码", "门店编号", "所属门店", "归属门店", "门店", "成为会员店铺",
          "门店名称", "store", "store_code")  # fmt: skip
_GUIDE = ("导购工号", "专属导购", "所属导购", "导购", "工号", "导购员", "归属导购", "guide",
          "guide_id")  # fmt: skip

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "stores": {
        "code": ("门店编码", "门店代码", "门店编号", "店铺编码", "code", "store_code"),
        "name": ("门店名称", "门店", "店铺名称", "name", "store_name"),
        "region": ("大区", "区域", "所属大区", "region"),
        "city": ("城市", "所在城市", "city"),
    },
    "guides": {
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
        "store": _STORE,
        "status": ("状态", "在职状态", "status"),
        "hired_on": ("入职日期", "入职时间", "hired_on"),
        "departed_on": ("离职日期", "离职时间", "departed_on"),
        "role": ("岗位", "角色", "职位", "role"),
        "wecom_userid": ("企业微信userid", "企微userid", "企微账号", "wecom_userid"),
    },
    "members": {
        "phone": _PHONE,
        "member_no": ("会员卡号", "会员编号", "卡号", "会员号", "member_no"),
        "name": ("姓名", "会员姓名", "客户姓名", "name"),
        "gender": ("性别", "客户性别", "gender"),
        "birthday": ("生日", "出生日期", "客户生日", "birthday"),
        "level": ("会员等级", "等级", "免费等级", "level"),
        "points": ("积分", "客户积分", "可用积分", "points"),
        "registered_at": ("注册时间", "入会时间", "成为会员时间", "添加时间", "registered_at"),
        "store": _STORE,
        "guide": _GUIDE,
        "acquired_by": ("添加人", "添加导购", "acquired_by"),
        "channel": ("来源", "来源渠道", "渠道", "channel"),
        "tags": ("标签", "客户标签", "会员标签", "tags"),
        "external_userid": ("external_userid", "外部联系人id"),
    },
    "orders": {
        "order_no": ("订单编号", "订单号", "主订单编号", "order_no"),
        "paid_at": (
            "付款时间",
            "支付时间",
            "订单付款时间",
            "付款确认时间",
            "支付完成时间",
            "买家付款时间",
            "paid_at",
        ),  # fmt: skip
        "amount": (
            "实付金额",
            "实付金额(元)",
            "实付款",
            "支付金额",
            "买家实际支付金额",
            "买家实付金额",
            "用户实付金额(元)",
            "订单实付金额",
            "实际支付",
            "应付金额",
            "订单应付金额",
            "amount",
        ),  # fmt: skip
        "status": ("订单状态", "交易状态", "status"),
        "phone": _PHONE,
        "store": _STORE,
        "guide": _GUIDE,
        "coupon_code": ("优惠券码", "券码", "coupon_code"),
        "channel": ("订单来源", "channel"),
    },
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "stores": ("code",),
    "guides": ("code",),
    "members": ("phone",),
    "orders": ("order_no", "amount", "paid_at"),
}


def hnorm(s) -> str:
    """Header comparison key: half-width, lower case, no spaces, no required-field stars."""
    if s is None:
        return ""
    s = fold(str(s)).lower()
    return "".join(s.split()).strip("*:：")


@dataclass
class Header:
    row: int  # sheet row number of the header
    cells: list[str]  # header texts as found (for the error report)
    columns: dict[str, int]  # field -> column index
    warnings: list[str]


def parse_mapping(kind: str, items: list[str] | None) -> dict[str, str]:
    """--map 'COLUMN=field' pairs, validated against the kind's fields."""
    out: dict[str, str] = {}
    for item in items or []:
        col, sep, fieldname = item.rpartition("=")
        fieldname = fieldname.strip()
        if not sep or not col.strip():
            raise UsageError(f"--map {item!r}: expected COLUMN=field")
        if fieldname not in ALIASES[kind]:
            raise UsageError(
                f"--map {item!r}: {kind} have no field {fieldname!r}",
                hint="fields: " + ", ".join(ALIASES[kind]),
            )
        out[hnorm(col)] = fieldname
    return out


def _lookup(kind: str, mapping: dict[str, str]) -> dict[str, tuple[str, int]]:
    """normalized header text -> (field, priority)."""
    table: dict[str, tuple[str, int]] = {}
    for field, aliases in ALIASES[kind].items():
        for prio, alias in enumerate(aliases):
            table.setdefault(hnorm(alias), (field, prio))
    for col, field in mapping.items():
        table[col] = (field, -1)
    return table


def detect(kind: str, first_rows: list[tuple[int, list]], mapping: dict[str, str], filename: str):
    """Find the header row among the first rows and map its columns to fields."""
    table = _lookup(kind, mapping)
    best: tuple[int, int] | None = None  # (score, index)
    for i, (_, cells) in enumerate(first_rows):
        score = len({table[h][0] for c in cells if (h := hnorm(c)) in table})
        if score and (best is None or score > best[0]):
            best = (score, i)
    if best is None:
        raise PrivcliError(
            f"{filename}: no header row found in the first {HEADER_SCAN_ROWS} rows",
            hint=f"expected {kind} columns such as "
            + ", ".join(ALIASES[kind][f][0] for f in REQUIRED[kind])
            + "; use --map 'COLUMN=field' for other names",
        )
    rownum, cells = first_rows[best[1]]
    texts = ["" if c is None else str(c).strip() for c in cells]
    columns: dict[str, tuple[int, int]] = {}
    warnings: list[str] = []
    seen: dict[str, int] = {}
    for idx, text in enumerate(texts):
        h = hnorm(text)
        if not h:
            continue
        if h in seen:
            warnings.append(
                f"header {text!r} appears twice (columns {seen[h] + 1} and {idx + 1}); "
                f"using column {seen[h] + 1}"
            )
            continue
        seen[h] = idx
        if h in table:
            field, prio = table[h]
            if field not in columns or prio < columns[field][1]:
                columns[field] = (idx, prio)
    missing = [f for f in REQUIRED[kind] if f not in columns]
    if missing:
        found = ", ".join(t for t in texts if t) or "(none)"
        names = "; ".join(f"{f} ({'/'.join(ALIASES[kind][f][:4])})" for f in missing)
        raise PrivcliError(
            f"{filename}: required column missing: {names}. Headers found on row {rownum}: {found}",
            hint="rename the column or map it: --map 'YOUR HEADER=" + missing[0] + "'",
        )
    return Header(rownum, texts, {f: i for f, (i, _) in columns.items()}, warnings)
