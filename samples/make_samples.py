#!/usr/bin/env python3
"""Regenerate the small demo chain in ``samples/``.

Usage::

    python samples/make_samples.py [OUTDIR]      # default: the folder this script lives in

The output is byte-for-byte deterministic: a fixed random seed, fixed workbook timestamps and no
dependence on the current date.  Only the standard library and xlsxwriter are used.

Files written: stores.xlsx, guides.csv, members.xlsx, orders_pos.csv, orders_tmall.csv and
README.md (the README quotes the spreadsheet row numbers of every deliberately messy row, so it is
regenerated together with the data).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

SEED = 20261120
WORKBOOK_CREATED = dt.datetime(2026, 11, 20, 9, 0, 0)

STORES = [
    # 门店编码, 门店名称, 大区, 城市
    ("SH01", "上海南京西路店", "华东", "上海"),
    ("SH02", "上海徐汇店", "华东", "上海"),
    ("HZ01", "杭州湖滨店", "华东", "杭州"),
    ("GZ01", "广州天河店", "华南", "广州"),
    ("SZ01", "深圳万象城店", "华南", "深圳"),
    ("BJ01", "北京三里屯店", "华北", "北京"),
]
STORE_NAME = {code: name for code, name, _, _ in STORES}
GUIDES_PER_STORE = {"SH01": 4, "SH02": 3, "HZ01": 3, "GZ01": 4, "SZ01": 3, "BJ01": 3}
# departed guide -> last working day (orders after it are no longer attributed to them)
DEPARTED = {"GSH0103": dt.date(2026, 10, 31), "GGZ0102": dt.date(2026, 11, 5)}
MEMBERS_PER_STORE = {"SH01": 100, "SH02": 60, "HZ01": 60, "GZ01": 80, "SZ01": 60, "BJ01": 40}
DEPARTED_OWNS = 30  # members owned by each departed guide (work for the handover demo)
UNASSIGNED_PER_STORE = 1  # members with an empty 专属导购

ORDERS_FIRST_DAY = dt.date(2026, 9, 20)
ORDERS_LAST_DAY = dt.date(2026, 11, 19)
POS_ORDERS = 1500
TMALL_ORDERS = 200


def words(text: str) -> list[str]:
    return text.split()


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
GIVEN_F = "静丽敏婷雪慧娜颖琳芳燕红霞玲欣怡佳倩雯晶洁璐萌悦瑶蕾薇梦思雨晓梓涵诗语可心彤妍岚秀"
GIVEN_M = "伟强磊军勇杰涛明超浩鹏宇轩博文辉峰斌晨凯俊帅飞志刚毅然泽昊"
MOBILE_PREFIXES = words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "173 176 177 180 181 182 183 185 186 187 188 189 191 198 199"
)

LEVELS = ["普通会员", "银卡", "金卡", "钻石卡"]
LEVEL_WEIGHTS = [50, 26, 16, 8]
LEVEL_POINTS = {
    "普通会员": (0, 900),
    "银卡": (300, 3000),
    "金卡": (1000, 9000),
    "钻石卡": (5000, 30000),
}
CHANNELS = ["门店扫码", "企微添加", "小程序商城", "公众号", "社群", "直播"]
CHANNEL_WEIGHTS = [34, 24, 16, 10, 9, 7]
TAG_POOL = ["VIP", "高净值", "母婴", "彩妆", "护肤", "新客", "沉睡", "敏感肌"]

MEMBER_HEADERS = [
    "会员卡号",
    "姓名",
    "手机号",
    "性别",
    "生日",
    "会员等级",
    "积分",
    "注册时间",
    "所属门店",
    "专属导购",
    "来源渠道",
    "标签",
]
GUIDE_HEADERS = ["员工编号", "姓名", "门店编码", "在职状态", "入职日期", "岗位"]
STORE_HEADERS = ["门店编码", "门店名称", "大区", "城市"]
POS_HEADERS = [
    "订单号",
    "支付时间",
    "订单状态",
    "买家手机号",
    "实付金额",
    "门店编码",
    "导购工号",
    "券码",
]
TMALL_HEADERS = [
    "订单编号 ",
    "买家会员名",
    "买家应付货款",
    "买家应付邮费",
    "总金额",
    "买家实际支付金额",
    "订单状态",
    "收货人姓名",
    "收货地址 ",
    "联系手机",
    "订单创建时间",
    "订单付款时间 ",
    "宝贝标题 ",
    "宝贝总数量",
    "店铺名称",
    "退款金额",
    "商家实收金额",
]

# (product, price in fen) - a fictional cosmetics brand "澜悦"
PRODUCTS = [
    ("澜悦 玻尿酸补水精华液 30ml", 29900),
    ("澜悦 烟酰胺焕亮面膜 5片装", 8800),
    ("澜悦 氨基酸洁面乳 120g", 12900),
    ("澜悦 修护精华水 150ml", 15950),
    ("澜悦 小金瓶防晒乳 SPF50+", 19900),
    ("澜悦 丝绒哑光口红", 22900),
    ("澜悦 水光气垫粉底", 35900),
    ("澜悦 抗初老眼霜 20g", 45900),
    ("澜悦 舒缓修护面霜 50g", 59900),
    ("澜悦 臻颜抗皱精华 50ml", 89900),
    ("澜悦 臻颜护肤礼盒", 129900),
    ("澜悦 黑金臻养套装", 239900),
]
PRODUCT_WEIGHTS = [14, 16, 12, 10, 10, 10, 8, 7, 6, 4, 2, 1]
TMALL_SHOP = "澜悦美妆官方旗舰店"
ADDRESSES = {
    "上海": ["上海市 上海市 静安区 南京西路1266号", "上海市 上海市 徐汇区 漕溪北路88号"],
    "杭州": ["浙江省 杭州市 上城区 湖滨路23号", "浙江省 杭州市 西湖区 文三路199号"],
    "广州": ["广东省 广州市 天河区 天河路208号", "广东省 广州市 越秀区 中山五路33号"],
    "深圳": ["广东省 深圳市 罗湖区 宝安南路1881号", "广东省 深圳市 南山区 科技园南路16号"],
    "北京": ["北京 北京市 朝阳区 三里屯路19号", "北京 北京市 海淀区 中关村大街27号"],
    "其他": ["江苏省 南京市 鼓楼区 中山路321号", "四川省 成都市 锦江区 春熙路9号"],
}


# --------------------------------------------------------------------------------------------
# small helpers


def chinese_name(rng: random.Random, female: bool) -> str:
    pool = GIVEN_F if female else GIVEN_M
    given = rng.choice(pool)
    if rng.random() < 0.6:
        second = rng.choice(pool)
        while second == given:
            second = rng.choice(pool)
        given += second
    return rng.choice(SURNAMES) + given


def random_mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


def yuan_plain(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def yuan_short(fen: int) -> str:
    """299.50 -> '299.5', 8800 -> '88'."""
    text = yuan_plain(fen).rstrip("0").rstrip(".")
    return text


def yuan_grouped(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d}"


def random_datetime(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    seconds = int((end - start).total_seconds())
    return start + dt.timedelta(seconds=rng.randrange(seconds))


# --------------------------------------------------------------------------------------------
# the chain


@dataclass
class Guide:
    id: str
    name: str
    store: str
    status: str
    hired: dt.date
    role: str


@dataclass
class Member:
    card: str
    name: str
    phone: str
    gender: str
    birthday: dt.date | None
    level: str
    points: int
    registered: dt.datetime
    store: str
    guide: str
    channel: str
    tags: str
    # what actually goes into the spreadsheet cell, when it differs from the clean value
    cells: dict[str, object] = field(default_factory=dict)


def make_guides(rng: random.Random) -> list[Guide]:
    guides: list[Guide] = []
    names: set[str] = set()
    for code, _, _, _ in STORES:
        for n in range(1, GUIDES_PER_STORE[code] + 1):
            gid = f"G{code}{n:02d}"
            female = rng.random() < 0.8
            name = chinese_name(rng, female)
            while name in names or len(name) < 3:
                name = chinese_name(rng, female)
            names.add(name)
            role = "店长" if n == 1 else "导购"
            start = dt.date(2015, 3, 1) if role == "店长" else dt.date(2018, 6, 1)
            hired = start + dt.timedelta(days=rng.randrange(900))
            status = "离职" if gid in DEPARTED else "在职"
            guides.append(Guide(gid, name, code, status, hired, role))
    return guides


def make_members(rng: random.Random, guides: list[Guide]) -> list[Member]:
    members: list[Member] = []
    phones: set[str] = {"13800138000"}  # reserved for the dashed-phone row
    reg_start = dt.datetime(2021, 1, 1, 10, 0, 0)
    reg_end = dt.datetime(2026, 11, 19, 21, 0, 0)
    for code, count in MEMBERS_PER_STORE.items():
        store_guides = [g for g in guides if g.store == code]
        owners: list[str] = []
        for g in store_guides:
            if g.id in DEPARTED:
                owners += [g.id] * DEPARTED_OWNS
        owners += [""] * UNASSIGNED_PER_STORE
        active = [g.id for g in store_guides if g.id not in DEPARTED]
        while len(owners) < count:
            owners.append(active[len(owners) % len(active)])
        rng.shuffle(owners)
        for owner in owners:
            female = rng.random() < 0.85
            phone = random_mobile(rng)
            while phone in phones:
                phone = random_mobile(rng)
            phones.add(phone)
            birthday = None
            if rng.random() > 0.08:
                birthday = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 41))
            level = rng.choices(LEVELS, LEVEL_WEIGHTS)[0]
            lo, hi = LEVEL_POINTS[level]
            points = rng.randrange(lo, hi) // 10 * 10
            registered = random_datetime(rng, reg_start, reg_end)
            if not 9 <= registered.hour < 22:  # stores and staff are awake 09:00-22:00
                registered = registered.replace(hour=9 + registered.hour % 13)
            tags = rng.sample(TAG_POOL, rng.choice([0, 0, 1, 1, 1, 2, 2, 3]))
            if registered > dt.datetime(2026, 9, 1) and "新客" not in tags and rng.random() < 0.5:
                tags.append("新客")
            sep = "，" if rng.random() < 0.4 else ","
            gender = "女" if female else "男"
            if rng.random() < 0.03:
                gender = ""
            members.append(
                Member(
                    card="",
                    name=chinese_name(rng, female),
                    phone=phone,
                    gender=gender,
                    birthday=birthday,
                    level=level,
                    points=points,
                    registered=registered,
                    store=code,
                    guide=owner,
                    channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                    tags=sep.join(tags),
                )
            )
    # an export is ordered by registration time; card numbers follow that order
    members.sort(key=lambda m: m.registered)
    for seq, m in enumerate(members, start=1):
        m.card = f"LY{m.registered.year}{seq:05d}"
    return members


# --------------------------------------------------------------------------------------------
# members.xlsx with its messy rows


@dataclass
class MessyPlan:
    """The sheet layout of members.xlsx and where its messy rows are."""

    rows: list[tuple[str, Member | None]] = field(default_factory=list)  # (kind, member)
    notes: list[tuple[list[int], str]] = field(default_factory=list)  # (sheet rows, description)
    rejected_phones: set[str] = field(default_factory=set)  # members whose phone cell is unusable


def plan_members(rng: random.Random, members: list[Member], guides: list[Guide]) -> MessyPlan:
    """Decide the messy cells, then lay out the sheet rows (blank row, duplicate, total).

    Messy rows never belong to a departed guide, so each of them owns exactly DEPARTED_OWNS
    importable members.
    """
    guide_by_id = {g.id: g for g in guides}
    index_of = {id(m): i for i, m in enumerate(members)}
    taken: set[int] = set()
    described: list[tuple[Member, str]] = []

    def pick(start: int, ok=lambda m: True) -> Member:
        for i in range(start, len(members)):
            m = members[i]
            if i not in taken and m.guide not in DEPARTED and ok(m):
                taken.add(i)
                return m
        raise RuntimeError("no candidate member")

    def note(m: Member, text: str) -> None:
        described.append((m, text))

    m = pick(11)
    m.cells["手机号"] = "+86 " + m.phone
    note(m, f"phone with a '+86 ' prefix '{m.cells['手机号']}' (importable)")
    m = pick(38)
    m.phone = "13800138000"
    m.cells["手机号"] = "138-0013-8000"
    note(m, "phone with dashes '138-0013-8000' (importable)")
    m = pick(73)
    m.cells["手机号"] = fullwidth(m.phone)
    note(m, f"phone in full-width digits '{m.cells['手机号']}' (importable)")
    m = pick(99)
    m.cells["手机号"] = m.phone[:3] + "****" + m.phone[-4:]
    note(m, f"masked phone '{m.cells['手机号']}' (must be rejected)")
    rejected = [m]
    m = pick(120)
    m.cells["手机号"] = int(m.phone)
    note(m, f"phone stored as a number cell {m.phone} (importable)")
    m = pick(146)
    m.cells["手机号"] = m.phone[:10]
    note(m, f"phone too short, 10 digits '{m.cells['手机号']}' (must be rejected)")
    rejected.append(m)
    m = pick(184)
    m.cells["生日"] = "1990-02-30"
    note(m, "impossible birthday '1990-02-30' (warning; import without birthday)")
    m = pick(217, lambda m: bool(m.guide))
    m.cells["专属导购"] = guide_by_id[m.guide].name
    note(m, f"专属导购 given by name '{m.cells['专属导购']}' instead of id {m.guide}")
    m = pick(255, lambda m: m.store == "SH02")
    m.cells["所属门店"] = STORE_NAME[m.store]
    note(m, f"所属门店 given by name '{m.cells['所属门店']}' instead of code {m.store}")
    src = pick(20, lambda m: m.level != "钻石卡")

    # harmless variations a real export has (not errors): text birthdays, points with commas
    text_birthdays: list[Member] = []
    candidates = [i for i, m in enumerate(members) if i not in taken and m.birthday]
    for k, i in enumerate(sorted(rng.sample(candidates, 12))):
        m = members[i]
        b = m.birthday
        assert b is not None
        m.cells["生日"] = (
            f"{b.year}/{b.month}/{b.day}",
            f"{b.year}年{b.month}月{b.day}日",
            f"{b:%Y%m%d}",
        )[k % 3]
        text_birthdays.append(m)
        taken.add(i)
    comma_points: list[Member] = []
    candidates = [i for i, m in enumerate(members) if m.points >= 1000 and i not in taken]
    for i in sorted(rng.sample(candidates, 12)):
        members[i].cells["积分"] = f"{members[i].points:,}"
        comma_points.append(members[i])

    plan = MessyPlan(rejected_phones={m.phone for m in rejected})
    blank_before = 300
    for i, m in enumerate(members):
        if i == blank_before:
            plan.rows.append(("blank", None))
        plan.rows.append(("member", m))
    dup = Member(**{**src.__dict__, "cells": dict(src.cells)})
    dup.level = LEVELS[LEVELS.index(src.level) + 1]
    plan.rows.append(("duplicate", dup))
    plan.rows.append(("total", None))

    # sheet row numbers: title (1), export time (2), header (3), data from row 4
    first = 4
    row_of = {id(m): first + k for k, (_, m) in enumerate(plan.rows) if m is not None}
    described.sort(key=lambda d: index_of[id(d[0])])
    plan.notes = [([row_of[id(m)]], text) for m, text in described]
    plan.notes.append(
        (
            [row_of[id(m)] for m in text_birthdays],
            "生日 as text: '1990/5/6', '1990年5月6日', '19900506'",
        )
    )
    plan.notes.append(([row_of[id(m)] for m in comma_points], "积分 as text with a comma, '1,200'"))
    blank_row = first + next(k for k, (kind, _) in enumerate(plan.rows) if kind == "blank")
    plan.notes.append(([blank_row], "blank row"))
    plan.notes.append(
        (
            [row_of[id(dup)]],
            f"duplicate of row {row_of[id(src)]} (same 会员卡号 {src.card} and phone), "
            f"会员等级 changed {src.level} → {dup.level}",
        )
    )
    plan.notes.append(([first + len(plan.rows) - 1], "'合计' row with the row count (skip it)"))
    return plan


def write_members_xlsx(path: Path, plan: MessyPlan) -> int:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": WORKBOOK_CREATED, "author": "澜悦CRM"})
    ws = wb.add_worksheet("会员列表")
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    time_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    last_col = len(MEMBER_HEADERS) - 1
    ws.merge_range(0, 0, 0, last_col, "会员列表", title)
    ws.merge_range(1, 0, 1, last_col, "导出时间：2026-11-20 09:15")
    ws.write_row(2, 0, MEMBER_HEADERS, head)
    for col, width in enumerate([13, 8, 15, 5, 12, 9, 8, 19, 14, 10, 11, 18]):
        ws.set_column(col, col, width)
    ws.freeze_panes(3, 0)
    count = 0
    for k, (kind, m) in enumerate(plan.rows):
        row = 3 + k
        if kind == "blank":
            continue
        if kind == "total":
            ws.write_string(row, 0, "合计")
            ws.write_number(row, 1, count)
            continue
        assert m is not None
        count += 1
        values = {
            "会员卡号": m.card,
            "姓名": m.name,
            "手机号": m.phone,
            "性别": m.gender,
            "生日": m.birthday,
            "会员等级": m.level,
            "积分": m.points,
            "注册时间": m.registered,
            "所属门店": m.store,
            "专属导购": m.guide,
            "来源渠道": m.channel,
            "标签": m.tags,
        }
        values.update(m.cells)
        for col, header in enumerate(MEMBER_HEADERS):
            value = values[header]
            if value is None or value == "":
                continue
            if isinstance(value, dt.datetime):
                ws.write_datetime(row, col, value, time_fmt)
            elif isinstance(value, dt.date):
                ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_fmt)
            elif isinstance(value, int):
                ws.write_number(row, col, value)
            else:
                ws.write_string(row, col, value)
    wb.close()
    return count


def write_stores_xlsx(path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": WORKBOOK_CREATED, "author": "澜悦CRM"})
    ws = wb.add_worksheet("门店列表")
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    ws.merge_range(0, 0, 0, 3, "门店列表", title)
    ws.merge_range(1, 0, 1, 3, "导出时间：2026-11-20 09:00")
    ws.write_row(2, 0, STORE_HEADERS, head)
    for k, store in enumerate(STORES):
        ws.write_row(3 + k, 0, store)
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 16)
    wb.close()


def write_guides_csv(path: Path, guides: list[Guide]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(GUIDE_HEADERS)
        for g in guides:
            w.writerow([g.id, g.name, g.store, g.status, g.hired.isoformat(), g.role])


# --------------------------------------------------------------------------------------------
# orders


def basket(rng: random.Random) -> tuple[str, int, int]:
    """(title, quantity, amount in fen) of a small random basket."""
    lines = rng.choice([1, 1, 1, 2, 2, 3])
    picked = rng.choices(PRODUCTS, PRODUCT_WEIGHTS, k=lines)
    qty = sum(rng.choice([1, 1, 1, 2]) for _ in picked)
    amount = sum(price for _, price in picked) + (qty - lines) * picked[0][1]
    return picked[0][0], qty, amount


def write_pos_orders(
    path: Path, rng: random.Random, members: list[Member], guides: list[Guide], rejected: set[str]
) -> list[tuple[list[int], str]]:
    buyers = [m for m in members if m.phone not in rejected]
    active_by_store: dict[str, list[str]] = {}
    manager: dict[str, str] = {}
    for g in guides:
        if g.id not in DEPARTED:
            active_by_store.setdefault(g.store, []).append(g.id)
        if g.role == "店长":
            manager[g.store] = g.id
    known = {m.phone for m in members}
    strangers = []
    while len(strangers) < 6:
        phone = random_mobile(rng)
        if phone not in known:
            strangers.append(phone)

    days = (ORDERS_LAST_DAY - ORDERS_FIRST_DAY).days + 1
    raw = []
    for _ in range(POS_ORDERS):
        day = ORDERS_FIRST_DAY + dt.timedelta(days=rng.randrange(days))
        when = dt.datetime.combine(day, dt.time(10)) + dt.timedelta(seconds=rng.randrange(43200))
        raw.append(when)
    raw.sort()

    seq: dict[tuple[str, dt.date], int] = {}
    rows: list[list[str]] = []
    for when in raw:
        m = rng.choice(buyers)
        store = m.store if rng.random() < 0.94 else rng.choice(STORES)[0]
        if store == m.store and m.guide:
            guide = m.guide
            left = DEPARTED.get(guide)
            if left and when.date() > left:
                guide = manager[store] if rng.random() < 0.5 else ""
        else:
            guide = rng.choice(active_by_store[store])
        if rng.random() < 0.1:
            guide = ""
        status = rng.choices(
            ["交易成功", "已完成", "已退款", "已关闭", "待付款"], [55, 30, 6, 4, 5]
        )[0]
        _, _, amount = basket(rng)
        coupon = ""
        if rng.random() < 0.15:
            coupon = f"QJ{when:%y%m}{rng.randrange(10**8):08d}"
            amount = max(amount - rng.choice([2000, 5000, 10000]), 990)
        style = rng.choices(["plain", "yen", "short", "yuan", "int"], [55, 17, 10, 10, 8])[0]
        if style == "plain":
            money = yuan_plain(amount)
        elif style == "yen":
            money = "￥" + yuan_grouped(amount)
        elif style == "short":
            money = yuan_short(amount)
        elif style == "yuan":
            money = yuan_short(amount) + "元"
        else:
            money = str(amount // 100) if amount % 100 == 0 else yuan_plain(amount)
        if status == "待付款":
            paid = ""
        elif rng.random() < 0.8:
            paid = f"{when:%Y-%m-%d %H:%M:%S}"
        else:
            paid = f"{when.year}/{when.month}/{when.day} {when:%H:%M}"
        key = (store, when.date())
        seq[key] = seq.get(key, 0) + 1
        order_no = f"{store}{when:%Y%m%d}{seq[key]:04d}"
        rows.append([order_no, paid, status, m.phone, money, store, guide, coupon])

    notes: list[tuple[list[int], str]] = []
    # a handful of buyers that are not members (CSV row = data index + 2)
    stranger_rows = sorted(rng.sample(range(50, POS_ORDERS - 50), len(strangers)))
    for phone, i in zip(strangers, stranger_rows, strict=True):
        rows[i][3] = phone
    notes.append(([i + 2 for i in stranger_rows], "buyer phone not in members.xlsx (importable)"))
    bad_time, bad_amount = 700, 1200
    rows[bad_time][1] = "昨天"
    rows[bad_time][2] = "交易成功"
    rows[bad_amount][4] = "abc"
    notes.append(([bad_time + 2], "支付时间 '昨天' (unparseable, must be rejected)"))
    notes.append(([bad_amount + 2], "实付金额 'abc' (unparseable, must be rejected)"))

    with path.open("w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(POS_HEADERS)
        w.writerows(rows)
    return notes


def tmall_field(value: str) -> str:
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_tmall_orders(
    path: Path, rng: random.Random, members: list[Member], rejected: set[str]
) -> list[tuple[list[int], str]]:
    buyers = [m for m in members if m.phone not in rejected]
    city_of = {code: city for code, _, _, city in STORES}
    statuses = [
        "交易成功",
        "交易关闭",
        "买家已付款，等待卖家发货",
        "卖家已发货,等待买家确认",
        "等待买家付款",
    ]
    days = (ORDERS_LAST_DAY - ORDERS_FIRST_DAY).days + 1
    created = sorted(
        dt.datetime.combine(ORDERS_FIRST_DAY + dt.timedelta(days=rng.randrange(days)), dt.time())
        + dt.timedelta(seconds=rng.randrange(86400))
        for _ in range(TMALL_ORDERS)
    )
    order_ids: set[int] = set()
    rows: list[list[str]] = []
    masked_rows: list[int] = []
    for i, when in enumerate(created):
        age = (dt.datetime(2026, 11, 20) - when).total_seconds() / 86400
        if age > 14:  # old orders are finished one way or the other
            status = rng.choices(statuses[:2], [88, 12])[0]
        elif age > 2:
            status = rng.choices(statuses[:4], [55, 10, 5, 30])[0]
        else:  # unpaid orders close automatically, so only the last two days have them
            status = rng.choices(statuses, [0, 5, 30, 25, 40])[0]
        if rng.random() < 0.6:
            m = rng.choice(buyers)
            name, phone, city = m.name, m.phone, city_of[m.store]
        else:
            name = chinese_name(rng, rng.random() < 0.85)
            phone, city = random_mobile(rng), rng.choice(list(ADDRESSES))
        if rng.random() < 0.05:
            phone = phone[:3] + "******" + phone[-2:]
            masked_rows.append(i + 2)
        while True:
            oid = (
                rng.randrange(10**17, 10**18)
                if rng.random() < 0.3
                else rng.randrange(10**18, 4 * 10**18)
            )
            if oid not in order_ids:
                order_ids.add(oid)
                break
        title, qty, goods = basket(rng)
        postage = 0 if goods >= 9900 else 1000
        total = goods + postage
        discount = rng.choice([0, 0, 0, 1000, 2000, 3000]) if total > 20000 else 0
        paid_at = when + dt.timedelta(seconds=rng.randrange(20, 900))
        closed_unpaid = status == "交易关闭" and rng.random() < 0.5
        if status == "等待买家付款" or closed_unpaid:
            paid_time, actual, received, refund = "", 0, 0, 0
        elif status == "交易关闭":  # paid, then fully refunded
            paid_time, actual, received, refund = f"{paid_at:%Y-%m-%d %H:%M:%S}", total, 0, total
        else:
            actual = total - discount
            received = actual if status == "交易成功" else 0
            paid_time, refund = f"{paid_at:%Y-%m-%d %H:%M:%S}", 0
        rows.append(
            [
                f'="{oid}"',
                f"tb{rng.randrange(10**9, 10**10)}",
                yuan_plain(goods),
                yuan_plain(postage),
                yuan_plain(total),
                yuan_plain(actual),
                status,
                name,
                rng.choice(ADDRESSES[city]),
                "'" + phone,
                f"{when:%Y-%m-%d %H:%M:%S}",
                paid_time,
                title,
                str(qty),
                TMALL_SHOP,
                yuan_plain(refund),
                yuan_plain(received),
            ]
        )
    with path.open("w", encoding="gbk", newline="") as fh:
        fh.write(",".join(TMALL_HEADERS) + "\r\n")
        for r in rows:
            # the order number keeps Taobao's raw ="..." form (an Excel text formula, unquoted)
            fh.write(",".join([r[0]] + [tmall_field(v) for v in r[1:]]) + "\r\n")
    return [(masked_rows, "联系手机 masked like '186******05' (no member can be matched)")]


# --------------------------------------------------------------------------------------------
# README


Notes = list[tuple[list[int], str]]


def describe(notes: Notes) -> str:
    parts = []
    for rows, text in notes:
        label = "row" if len(rows) == 1 else "rows"
        parts.append(f"{label} {', '.join(str(r) for r in rows)}: {text}")
    return "; ".join(parts)


def write_readme(
    path: Path,
    n_member_rows: int,
    n_members: int,
    guides: list[Guide],
    plan: MessyPlan,
    pos_notes: Notes,
    tmall_notes: Notes,
) -> None:
    departed = " and ".join(f"{g.id} {g.name} ({g.store})" for g in guides if g.id in DEPARTED)
    total_row = 3 + len(plan.rows)
    paragraphs = [
        f"""A small, realistic demo chain (fictional cosmetics brand 澜悦: {len(STORES)} stores,
        {len(guides)} guides, {n_members} members, two months of orders), generated by
        `make_samples.py` (fixed seed, byte-for-byte reproducible; it also rewrites this README:
        run `python samples/make_samples.py`). Row numbers are those a spreadsheet user sees; in
        the CSV files the header is row 1. `generate.py` writes large synthetic data sets for
        benchmarks (`python samples/generate.py OUTDIR --members N --orders M`, see `--help`).""",
        """**stores.xlsx** imitates a store list exported from an ERP: sheet 门店列表, a merged
        title row "门店列表" (row 1) and "导出时间：2026-11-20 09:00" (row 2) above the header
        (row 3: 门店编码, 门店名称, 大区, 城市); rows 4-9 hold 6 stores in 3 regions (华东
        SH01/SH02/HZ01, 华南 GZ01/SZ01, 华北 BJ01). No messy rows.""",
        f"""**guides.csv** imitates an HR roster: UTF-8 with BOM, header
        员工编号,姓名,门店编码,在职状态,入职日期,岗位, {len(guides)} guides in rows
        2-{len(guides) + 1}, ids G + store code + 2 digits, one 店长 per store (the -01 guide),
        the others 导购. Two guides have left (在职状态 离职): {departed}; each still owns
        {DEPARTED_OWNS} members in members.xlsx, the work for a customer-handover (离职继承)
        demo. No messy rows.""",
        f"""**members.xlsx** imitates a CRM member export: sheet 会员列表, merged title row
        "会员列表" (row 1), "导出时间：2026-11-20 09:15" (row 2), header in row 3 (会员卡号,
        姓名, 手机号, 性别, 生日, 会员等级, 积分, 注册时间, 所属门店, 专属导购, 来源渠道, 标签),
        data in rows 4-{total_row - 1}, a total row {total_row}: {n_member_rows} member rows
        ({n_members} distinct members, 2 of them with unusable phones) and one blank row.
        Phones are text cells, 生日 and 注册时间 date cells, except as noted; about 8% of
        birthdays and a few 性别 are empty, one member per store has no 专属导购, 标签 are
        joined with '，' or ','. Messy rows: {describe(plan.notes)}.""",
        f"""**orders_pos.csv** imitates a store POS export: GBK-encoded (so it decodes as GBK
        and as GB18030), CRLF, header {",".join(POS_HEADERS)}, {POS_ORDERS} orders in rows
        2-{POS_ORDERS + 1}, paid 2026-09-20 .. 2026-11-19, sorted by time, bought by members
        except as noted. Statuses are mostly
        交易成功/已完成, some 已退款, 已关闭 and 待付款 (待付款 has an empty 支付时间). Amounts
        come as '299.00', '￥1,299.00' (the full-width ￥ a GBK file can hold), '159.5', '88元'
        and '459'; paid times as '2026-10-01 10:00:00' or '2026/10/2 11:30'; 导购工号 is
        sometimes empty, and orders by the departed guides' customers after they left go to the
        店长 or to nobody. Notable rows: {describe(pos_notes)}.""",
        f"""**orders_tmall.csv** imitates a Taobao/Tmall 订单报表 export: GBK, CRLF,
        {TMALL_ORDERS} orders in rows 2-{TMALL_ORDERS + 1}; several headers carry a trailing
        space ('订单编号 ', '收货地址 ', '订单付款时间 ', '宝贝标题 '); 订单编号 is written
        raw as ="3512345678901234567" (18-19 digits), 联系手机 with a leading apostrophe
        ('18618486065); statuses 交易成功, 交易关闭, 买家已付款，等待卖家发货 (full-width
        comma), 卖家已发货,等待买家确认 (half-width comma, so the field is quoted) and
        等待买家付款; money columns (总金额, 买家实际支付金额, 商家实收金额, 退款金额) are yuan
        with two decimals; 订单付款时间 is empty for unpaid orders (等待买家付款, and 交易关闭
        before payment, whose 买家实际支付金额 is 0.00). About 60% of the buyers are members.
        Notable rows: {describe(tmall_notes)}.""",
    ]
    body = "\n\n".join(
        textwrap.fill(
            " ".join(p.split()), width=100, break_long_words=False, break_on_hyphens=False
        )
        for p in paragraphs
    )
    path.write_text(f"# privcli samples\n\n{body}\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate the privcli demo samples.")
    parser.add_argument("outdir", nargs="?", default=str(Path(__file__).resolve().parent))
    args = parser.parse_args(argv)
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)

    rng = random.Random(SEED)
    guides = make_guides(rng)
    members = make_members(rng, guides)
    plan = plan_members(rng, members, guides)
    rejected = plan.rejected_phones

    write_stores_xlsx(out / "stores.xlsx")
    write_guides_csv(out / "guides.csv", guides)
    n_members = write_members_xlsx(out / "members.xlsx", plan)
    pos_notes = write_pos_orders(
        out / "orders_pos.csv", random.Random(SEED + 1), members, guides, rejected
    )
    tmall_notes = write_tmall_orders(
        out / "orders_tmall.csv", random.Random(SEED + 2), members, rejected
    )
    write_readme(out / "README.md", n_members, len(members), guides, plan, pos_notes, tmall_notes)
    print(
        f"wrote {out}: {len(STORES)} stores, {len(guides)} guides, {n_members} member rows "
        f"({len(members)} distinct), {POS_ORDERS} POS orders, {TMALL_ORDERS} Tmall orders"
    )


if __name__ == "__main__":
    main()
