"""Order channels (销售渠道): what an order's channel cell says, normalised to a few names
leaderboards, targets and reports group by.

The built-in map knows how Chinese exports name the usual channels (门店/POS → store, 小程序/
微商城 → mini_program, 天猫/淘宝 → tmall, 京东 → jd, 抖音 → douyin, 直播 → live, 社群 →
community), exactly or as part of a longer value (天猫旗舰店 → tmall). A chain adds its own
values with `privcli channels set VALUE CHANNEL`, stored in the table `order_channels` with the
data, so every ops user of a shared database and every cron import normalise the same way; a
mapping set later also renames the orders already stored under that value. Values the map does
not know are kept as written, with one warning per value in the import's error report.

Values are compared folded: full-width to half-width, lower case, without spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from privcli.base import config
from privcli.base.db import Database
from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.io.normalize import fold

CHANNELS = ("store", "mini_program", "tmall", "jd", "douyin", "live", "community")
LABELS = {
    "store": "门店",
    "mini_program": "小程序",
    "tmall": "天猫",
    "jd": "京东",
    "douyin": "抖音",
    "live": "直播",
    "community": "社群",
}
# exact values (folded) -> channel
BUILT_IN: dict[str, str] = {
    **{c: c for c in CHANNELS},
    **dict.fromkeys(
        (
            "门店",
            "pos",
            "线下",
            "线下门店",
            "实体店",
            "专柜",
            "柜台",
            "门店pos",
            "收银台",
            "offline",
        ),
        "store",
    ),
    **dict.fromkeys(
        (
            "小程序",
            "微商城",
            "小程序商城",
            "微信小程序",
            "微信商城",
            "miniprogram",
            "mini-program",
            "weapp",
        ),
        "mini_program",
    ),
    **dict.fromkeys(("天猫", "淘宝", "天猫商城", "淘宝网", "taobao", "天猫旗舰店"), "tmall"),
    **dict.fromkeys(("京东", "京东商城", "京东自营", "京东pop"), "jd"),
    **dict.fromkeys(("抖音", "抖店", "抖音小店", "抖音商城", "tiktok"), "douyin"),
    **dict.fromkeys(("直播", "直播间", "视频号直播", "livestream"), "live"),
    **dict.fromkeys(("社群", "社群团购", "微信群", "群接龙"), "community"),
}
# a value containing one of these (first match in this order) is that channel: platforms first,
# so 抖音直播 is douyin and 天猫门店 is tmall
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("天猫", "tmall"),
    ("淘宝", "tmall"),
    ("京东", "jd"),
    ("抖音", "douyin"),
    ("抖店", "douyin"),
    ("小程序", "mini_program"),
    ("微商城", "mini_program"),
    ("直播", "live"),
    ("社群", "community"),
    ("门店", "store"),
)
_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")


def key(value: str) -> str:
    """The folded form values are compared in."""
    return "".join(fold(str(value)).lower().split())


class ChannelMap:
    """The built-in map plus the chain's own mappings (which win)."""

    def __init__(self, custom: dict[str, str] | None = None):
        self.custom = dict(custom or {})

    @classmethod
    def load(cls, db: Database) -> ChannelMap:
        return cls(dict(db.execute("SELECT value, channel FROM order_channels").fetchall()))

    def lookup(self, value: str) -> str | None:
        """The channel a value means, or None when the map does not know it."""
        k = key(value)
        if not k:
            return None
        if k in self.custom:
            return self.custom[k]
        if k in BUILT_IN:
            return BUILT_IN[k]
        for word, channel in KEYWORDS:
            if word in k:
                return channel
        return None

    def known(self) -> set[str]:
        return set(CHANNELS) | set(self.custom.values())

    def converter(self, warn: Callable[[str], None]) -> Callable[[str], str]:
        """value -> channel, or the value as written (warned about once per distinct value)."""
        warned: set[str] = set()

        def convert(value: str) -> str:
            channel = self.lookup(value)
            if channel is not None:
                return channel
            k = key(value)
            if k not in warned:
                warned.add(k)
                warn(value)
            return value

        return convert


def channel_name(channel: str, *, new: bool, known: set[str]) -> str:
    c = channel.strip().lower()
    if not _NAME.fullmatch(c):
        raise UsageError(
            t("orders.bad_channel_name", value=channel),
            hint=t("orders.channels_are", channels=", ".join(CHANNELS)),
        )
    if c not in known and not new:
        raise UsageError(
            t("orders.new_channel", value=c),
            hint=t("orders.new_channel_hint", value=c, channels=", ".join(sorted(known))),
        )
    return c


def set_mapping(db: Database, value: str, channel: str, *, new: bool = False) -> dict:
    """Map a value to a channel (replacing an earlier mapping of the value) and rename the
    orders stored under it, in one transaction. Returns value, channel, orders renamed."""
    k = key(value)
    if not k:
        raise UsageError(t("orders.empty_channel_value"))
    with db.transaction():
        cmap = ChannelMap.load(db)
        target = channel_name(channel, new=new, known=cmap.known())
        db.execute("DELETE FROM order_channels WHERE value = :v", {"v": k})
        db.execute(
            "INSERT INTO order_channels (value, channel, created_at) VALUES (:v, :c, :t)",
            {"v": k, "c": target, "t": config.now()},
        )
        stored = [
            v
            for (v,) in db.execute(
                "SELECT DISTINCT channel FROM orders WHERE channel IS NOT NULL"
            ).fetchall()
            if key(v) == k and v != target
        ]
        renamed = 0
        if stored:
            renamed = db.execute(
                "UPDATE orders SET channel = :c WHERE " + db.in_list("channel", "old"),
                {"c": target, "old": db.list_param(stored)},
            ).rowcount
    return {"value": value, "channel": target, "orders": renamed}


def unset_mapping(db: Database, value: str) -> dict:
    """Forget a mapping the chain added (orders already renamed keep their channel)."""
    k = key(value)
    with db.transaction():
        n = db.execute("DELETE FROM order_channels WHERE value = :v", {"v": k}).rowcount
    if not n:
        raise UsageError(t("orders.no_mapping", value=value), hint=t("orders.see_channels"))
    return {"value": value, "removed": n}


def listing(db: Database) -> list[list]:
    """Every mapping (the chain's, then the built-in ones), then the stored order channels the
    map does not know, with how many orders have each: the values still to map."""
    cmap = ChannelMap.load(db)
    counts = dict(
        db.execute(
            "SELECT channel, COUNT(*) FROM orders WHERE channel IS NOT NULL GROUP BY channel"
        ).fetchall()
    )
    rows: list[list] = []
    for value, channel in sorted(cmap.custom.items()):
        rows.append([value, channel, "custom", None])
    for value, channel in BUILT_IN.items():
        if value not in cmap.custom and value != channel:
            rows.append([value, channel, "built-in", None])
    for word, channel in KEYWORDS:
        rows.append([f"*{word}*", channel, "built-in", None])
    known = cmap.known()
    for channel in sorted(known):
        rows.append([channel, channel, "channel", int(counts.get(channel, 0))])
    for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if value not in known:
            # kept as written at import; "not renamed": the map knows it now (set it again,
            # or re-import, to rename these orders)
            mapped = cmap.lookup(value)
            rows.append([value, mapped, "unmapped" if mapped is None else "not renamed", int(n)])
    return rows
