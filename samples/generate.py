#!/usr/bin/env python3
"""Generate LARGE synthetic privcli data sets for benchmarks (fast, streaming, deterministic).

Usage::

    python samples/generate.py OUTDIR --members N --orders M [--stores S] [--guides G]
                               [--xlsx-members K] [--seed 1]

Writes, all UTF-8 without BOM, headers as in samples/README.md:

* ``stores.csv``   门店编码,门店名称,大区,城市
* ``guides.csv``   员工编号,姓名,门店编码,在职状态,入职日期,岗位 (one 店长 per store, ~3% 离职)
* ``members.csv``  会员卡号,姓名,手机号,性别,生日,会员等级,积分,注册时间,
                   所属门店,专属导购,来源渠道,标签
* ``orders.csv``   订单号,支付时间,订单状态,买家手机号,实付金额,门店编码,导购工号,券码
* ``members.xlsx`` (only with ``--xlsx-members K``): the first K members, same columns,
                   header in row 1, values as in members.csv

Values are clean-ish: phones are 11 unique mainland mobile digits, 生日 ``1990-05-06`` (~5% empty),
注册时间 ``2023-04-05 10:11:12``, every store code / guide id exists in stores.csv / guides.csv
(~2% of members have no 专属导购), 标签 is ``母婴,VIP`` on ~30% of rows.  Order buyers are drawn
from the members' phones (skewed towards the older members, so there are repeat buyers), at the
member's store and usually credited to the member's guide; 待付款 orders have no 支付时间.

Everything is a function of the row index and ``--seed``: the same arguments give the same bytes,
and members i < min(N, K) are identical in members.csv and members.xlsx.  Rows are produced in
chunks, so memory stays flat whatever N and M are (stores and guides are small and kept).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import xlsxwriter

CHUNK = 20_000


def words(text: str) -> list[str]:
    return text.split()


# (city code, city, region)
CITIES = [
    ("SH", "上海", "华东"),
    ("HZ", "杭州", "华东"),
    ("NJ", "南京", "华东"),
    ("SU", "苏州", "华东"),
    ("NB", "宁波", "华东"),
    ("HF", "合肥", "华东"),
    ("FZ", "福州", "华东"),
    ("XM", "厦门", "华东"),
    ("JN", "济南", "华东"),
    ("QD", "青岛", "华东"),
    ("GZ", "广州", "华南"),
    ("SZ", "深圳", "华南"),
    ("DG", "东莞", "华南"),
    ("FS", "佛山", "华南"),
    ("NN", "南宁", "华南"),
    ("HK", "海口", "华南"),
    ("BJ", "北京", "华北"),
    ("TJ", "天津", "华北"),
    ("SJ", "石家庄", "华北"),
    ("TY", "太原", "华北"),
    ("WH", "武汉", "华中"),
    ("CS", "长沙", "华中"),
    ("ZZ", "郑州", "华中"),
    ("NC", "南昌", "华中"),
    ("CD", "成都", "西南"),
    ("CQ", "重庆", "西南"),
    ("KM", "昆明", "西南"),
    ("GY", "贵阳", "西南"),
    ("XA", "西安", "西北"),
    ("LZ", "兰州", "西北"),
    ("SY", "沈阳", "东北"),
    ("DL", "大连", "东北"),
    ("CC", "长春", "东北"),
    ("HB", "哈尔滨", "东北"),
]
LANDMARKS = words(
    "万达广场 万象城 大悦城 银泰百货 来福士 恒隆广场 太古里 龙湖天街 印象城 吾悦广场 "
    "凯德广场 新世界百货 百盛 王府井 天虹 万科广场 华润万家 世纪金花 步行街 火车站 "
    "机场 高铁站 奥特莱斯 国贸 中心 东站 西站 南站 北站 滨江"
)

MOBILE_PREFIXES = words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "173 176 177 180 181 182 183 185 186 187 188 189 191 198 199"
)
PHONE_MULT = 73_939_133  # coprime with 10**8: i -> (i * PHONE_MULT + b) % 10**8 is a bijection

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
GIVEN_F = "静丽敏婷雪慧娜颖琳芳燕红霞玲欣怡佳倩雯晶洁璐萌悦瑶蕾薇梦思雨晓梓涵诗语可心彤妍岚秀"
GIVEN_M = "伟强磊军勇杰涛明超浩鹏宇轩博文辉峰斌晨凯俊帅飞志刚毅然泽昊"

LEVELS = ["普通会员", "银卡", "金卡", "钻石卡"]
LEVEL_WEIGHTS = [55, 25, 14, 6]
LEVEL_POINTS = {"普通会员": 1_000, "银卡": 3_000, "金卡": 10_000, "钻石卡": 30_000}
CHANNELS = ["门店扫码", "企微添加", "小程序商城", "公众号", "社群", "直播"]
CHANNEL_WEIGHTS = [34, 24, 16, 10, 9, 7]
STATUSES = ["交易成功", "已完成", "已退款", "已关闭", "待付款"]
STATUS_WEIGHTS = [60, 28, 6, 3, 3]

STORE_HEADERS = ["门店编码", "门店名称", "大区", "城市"]
GUIDE_HEADERS = ["员工编号", "姓名", "门店编码", "在职状态", "入职日期", "岗位"]
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
ORDER_HEADERS = [
    "订单号",
    "支付时间",
    "订单状态",
    "买家手机号",
    "实付金额",
    "门店编码",
    "导购工号",
    "券码",
]

REGISTER_FIRST = dt.date(2019, 1, 1)
REGISTER_LAST = dt.date(2026, 11, 19)
ORDER_LAST = dt.date(2026, 11, 19)
ORDER_DAYS = 180


def day_strings(first: dt.date, last: dt.date) -> list[str]:
    return [(first + dt.timedelta(days=d)).isoformat() for d in range((last - first).days + 1)]


def time_strings(first_hour: int, last_hour: int) -> list[str]:
    return [
        f"{h:02d}:{m:02d}:{s:02d}"
        for h in range(first_hour, last_hour)
        for m in range(60)
        for s in range(60)
    ]


class Chain:
    """Stores and guides (small: kept in memory) plus index -> attribute functions for members."""

    def __init__(self, stores: int, guides: int, seed: int) -> None:
        self.seed = seed
        rng = random.Random(f"chain-{seed}")
        n_cities = len(CITIES)
        per_city = math.ceil(stores / n_cities)
        width = max(2, len(str(per_city)))
        self.stores: list[tuple[str, str, str, str]] = []
        for s in range(stores):
            code, city, region = CITIES[s % n_cities]
            n = s // n_cities
            landmark = LANDMARKS[n % len(LANDMARKS)]
            suffix = "" if n < len(LANDMARKS) else str(n // len(LANDMARKS) + 1)
            self.stores.append(
                (f"{code}{n + 1:0{width}d}", f"{city}{landmark}{suffix}店", region, city)
            )

        per_store = math.ceil(guides / stores)
        gwidth = max(2, len(str(per_store)))
        self.guides: list[tuple[str, str, str, str, str, str]] = []
        hire_days = day_strings(dt.date(2012, 1, 1), dt.date(2026, 10, 31))
        for g in range(guides):
            store = self.stores[g % stores][0]
            n = g // stores + 1
            female = rng.random() < 0.8
            name = rng.choice(SURNAMES) + rng.choice(GIVEN_F if female else GIVEN_M)
            if rng.random() < 0.6:
                name += rng.choice(GIVEN_F if female else GIVEN_M)
            status = "离职" if n > 1 and rng.random() < 0.03 else "在职"
            role = "店长" if n == 1 else "导购"
            self.guides.append(
                (f"G{store}{n:0{gwidth}d}", name, store, status, rng.choice(hire_days), role)
            )
        self.guide_ids = [g[0] for g in self.guides]
        self.guide_store = [g[2] for g in self.guides]
        self.salt = random.Random(f"salt-{seed}").getrandbits(32)
        self.phone_offset = random.Random(f"phone-{seed}").randrange(10**8)
        self.prefix_rot = seed % len(MOBILE_PREFIXES)

    # --- member attributes that orders need: pure functions of the member index -------------

    def phone(self, i: int) -> str:
        p = len(MOBILE_PREFIXES)
        j = (i + self.prefix_rot) % p
        # within one prefix, block -> suffix is a bijection of 0..10**8-1, so phones are unique
        # for the first len(MOBILE_PREFIXES) * 10**8 members
        suffix = ((i // p) * PHONE_MULT + self.phone_offset + j * 12_345_679) % 100_000_000
        return f"{MOBILE_PREFIXES[j]}{suffix:08d}"

    def guide_index(self, i: int) -> int:
        """Index into self.guides of member i's guide (a multiplicative hash of i)."""
        return (((i * 2_654_435_761) ^ self.salt) & 0xFFFFFFFF) % len(self.guides)

    @staticmethod
    def unassigned(i: int) -> bool:
        return i % 50 == 17  # 2% of members have no 专属导购


def name_pool(seed: int, size: int = 8192) -> list[tuple[str, str]]:
    rng = random.Random(f"names-{seed}")
    pool = []
    for _ in range(size):
        female = rng.random() < 0.85
        given = GIVEN_F if female else GIVEN_M
        name = rng.choice(SURNAMES) + rng.choice(given)
        if rng.random() < 0.6:
            name += rng.choice(given)
        pool.append((name, "女" if female else "男"))
    return pool


def member_rows(chain: Chain, count: int, seed: int) -> Iterator[list[tuple]]:
    """Yield member rows in chunks of up to CHUNK rows (tuples of 12 strings / ints)."""
    rng = random.Random(f"members-{seed}")
    names = name_pool(seed)
    birthdays = day_strings(dt.date(1960, 1, 1), dt.date(2006, 12, 31))
    birthdays += [""] * (len(birthdays) // 19)  # ~5% empty
    reg_days = day_strings(REGISTER_FIRST, REGISTER_LAST)
    times = time_strings(9, 22)
    tags = ["母婴,VIP"] * 3 + [""] * 7
    guide_ids, guide_store = chain.guide_ids, chain.guide_store
    choices = rng.choices
    random_ = rng.random
    phone, guide_index, unassigned = chain.phone, chain.guide_index, chain.unassigned
    for start in range(0, count, CHUNK):
        n = min(CHUNK, count - start)
        who = choices(names, k=n)
        levels = choices(LEVELS, LEVEL_WEIGHTS, k=n)
        rows = []
        for k, (name, gender), level, birthday, day, tm, channel, tag in zip(
            range(start, start + n),
            who,
            levels,
            choices(birthdays, k=n),
            choices(reg_days, k=n),
            choices(times, k=n),
            choices(CHANNELS, CHANNEL_WEIGHTS, k=n),
            choices(tags, k=n),
            strict=True,
        ):
            g = guide_index(k)
            rows.append(
                (
                    f"LY{k + 1:010d}",
                    name,
                    phone(k),
                    gender,
                    birthday,
                    level,
                    int(random_() * LEVEL_POINTS[level]) // 10 * 10,
                    f"{day} {tm}",
                    guide_store[g],
                    "" if unassigned(k) else guide_ids[g],
                    channel,
                    tag,
                )
            )
        yield rows


def order_rows(chain: Chain, count: int, members: int, seed: int) -> Iterator[list[tuple]]:
    rng = random.Random(f"orders-{seed}")
    first = ORDER_LAST - dt.timedelta(days=ORDER_DAYS - 1)
    days = day_strings(first, ORDER_LAST)
    times = time_strings(10, 22)
    # amounts in yuan with two decimals: a few price points times 1-3 items
    prices = [88, 129, 159.5, 199, 229, 299, 359, 459, 599, 899, 1299, 2399]
    amounts = [f"{p * q:.2f}" for p in prices for q in (1, 1, 1, 2, 2, 3)]
    guide_ids, guide_store = chain.guide_ids, chain.guide_store
    phone, guide_index, unassigned = chain.phone, chain.guide_index, chain.unassigned
    choices = rng.choices
    random_ = rng.random
    n_days = len(days)
    for start in range(0, count, CHUNK):
        n = min(CHUNK, count - start)
        rows = []
        for k, tm, status, amount in zip(
            range(start, start + n),
            choices(times, k=n),
            choices(STATUSES, STATUS_WEIGHTS, k=n),
            choices(amounts, k=n),
            strict=True,
        ):
            r = random_()
            buyer = int(members * r * r)  # skewed: older members buy more often
            g = guide_index(buyer)
            credited = "" if unassigned(buyer) or random_() < 0.15 else guide_ids[g]
            coupon = f"QJ{k + 1:010d}" if random_() < 0.1 else ""
            paid = "" if status == "待付款" else f"{days[k * n_days // count]} {tm}"
            rows.append(
                (
                    f"SO{k + 1:012d}",
                    paid,
                    status,
                    phone(buyer),
                    amount,
                    guide_store[g],
                    credited,
                    coupon,
                )
            )
        yield rows


def write_csv(path: Path, headers: list[str], chunks) -> None:
    with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(headers)
        for rows in chunks:
            writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate large synthetic privcli data sets (stores, guides, members, orders)."
    )
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--members", type=int, required=True, metavar="N")
    parser.add_argument("--orders", type=int, required=True, metavar="M")
    parser.add_argument("--stores", type=int, default=400, metavar="S")
    parser.add_argument("--guides", type=int, default=8000, metavar="G")
    parser.add_argument("--xlsx-members", type=int, default=0, metavar="K")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if min(args.members, args.orders, args.xlsx_members) < 0 or args.stores < 1 or args.guides < 1:
        parser.error("counts must be >= 0, and --stores/--guides >= 1")
    if args.orders and not args.members:
        parser.error("--orders needs --members > 0 (buyers are members)")

    started = time.perf_counter()
    out: Path = args.outdir
    out.mkdir(parents=True, exist_ok=True)
    chain = Chain(args.stores, args.guides, args.seed)
    write_csv(out / "stores.csv", STORE_HEADERS, [chain.stores])
    write_csv(out / "guides.csv", GUIDE_HEADERS, [chain.guides])

    n, k = args.members, args.xlsx_members
    workbook = sheet = None
    if k:
        workbook = xlsxwriter.Workbook(str(out / "members.xlsx"), {"constant_memory": True})
        workbook.set_properties({"created": dt.datetime(2026, 11, 20, 9, 0, 0)})
        sheet = workbook.add_worksheet("会员列表")
        sheet.write_row(0, 0, MEMBER_HEADERS)

    def members_for_csv() -> Iterator[list[tuple]]:
        done = 0
        for rows in member_rows(chain, max(n, k), args.seed):
            if sheet is not None and done < k:
                for offset, row in enumerate(rows[: k - done]):
                    sheet.write_row(done + offset + 1, 0, row)
            if done < n:
                yield rows[: n - done]
            done += len(rows)

    write_csv(out / "members.csv", MEMBER_HEADERS, members_for_csv())
    if workbook is not None:
        workbook.close()
    write_csv(out / "orders.csv", ORDER_HEADERS, order_rows(chain, args.orders, n, args.seed))

    xlsx = f", members.xlsx ({k} rows)" if k else ""
    print(
        f"wrote {out}: stores.csv ({len(chain.stores)}), guides.csv ({len(chain.guides)}), "
        f"members.csv ({n}), orders.csv ({args.orders}){xlsx} "
        f"in {time.perf_counter() - started:.1f}s (seed {args.seed})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
