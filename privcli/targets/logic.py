"""Sales targets (销售目标): one amount per period, scope and channel, set one by one, imported
from a sheet, or split from a chain target; tracked against actual sales.

A target's period is a year (2026), a month (2026-03) or a quarter (2026-Q1); its scope is the
chain, a region, a store (code) or a guide (id); its channel is one order channel or all of
them (''). Amounts are sales as the leaderboard counts them (README: "Leaderboard
definitions"), stored in fen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from privcli.base import config
from privcli.base.db import Database, iso
from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.base.money import yuan
from privcli.boards.periods import target_period
from privcli.io import normalize
from privcli.orders.channels import ChannelMap

SCOPES = ("chain", "region", "store", "guide")
# how sheets name the scopes
SCOPE_WORDS = {
    "chain": "chain",
    "全国": "chain",
    "全公司": "chain",
    "总部": "chain",
    "公司": "chain",
    "集团": "chain",
    "region": "region",
    "大区": "region",
    "区域": "region",
    "store": "store",
    "门店": "store",
    "guide": "guide",
    "导购": "guide",
}


@dataclass(frozen=True)
class Target:
    period: str
    scope: str
    code: str  # '' for the chain
    channel: str  # '' for every channel
    amount_fen: int

    @property
    def key(self) -> str:
        return target_key(self.period, self.scope, self.code, self.channel)


def target_key(period: str, scope: str, code: str, channel: str) -> str:
    return f"{period}|{scope}|{code}|{channel}"


def parse_amount(text) -> int:
    """Yuan to fen: 1200000, ¥1,200,000.00, 120万 (ten thousands), 1.2亿."""
    s = str(text).strip().replace(",", "").replace("，", "")
    for unit, factor in (("万", 10_000), ("亿", 100_000_000)):
        if s.endswith(unit) or s.endswith(unit + "元"):
            num = s.split(unit)[0].lstrip("¥￥")
            try:
                fen = (Decimal(num) * factor * 100).to_integral_value()
            except InvalidOperation:
                break
            if fen < 0:
                raise normalize.Bad(t("targets.negative_target"))
            return int(fen)
    fen = normalize.fen(text)
    if fen < 0:
        raise normalize.Bad(t("targets.negative_target"))
    return fen


class Scopes:
    """Resolves a scope and its code against the stores, regions and guides, and a channel
    against the channel map."""

    def __init__(self, db: Database):
        self.stores = {c for (c,) in db.execute("SELECT code FROM stores").fetchall()}
        self.regions = {
            r for (r,) in db.execute("SELECT DISTINCT region FROM stores").fetchall() if r
        }
        self.guides = {c for (c,) in db.execute("SELECT code FROM guides").fetchall()}
        self.channels = ChannelMap.load(db)

    def scope(self, scope: str, code: str | None) -> tuple[str, str]:
        """(scope, code), or Bad naming what is unknown."""
        if scope == "chain":
            return "chain", ""
        known = {"region": self.regions, "store": self.stores, "guide": self.guides}[scope]
        if not code:
            raise normalize.Bad(t("targets.scope_needs_code", scope=scope))
        code = str(code).strip()
        if scope != "region":
            code = normalize.code(code)
        if code not in known:
            raise normalize.Bad(t("targets.unknown_scope", scope=scope, value=code))
        return scope, code

    def channel(self, value: str | None) -> str:
        if value is None or not str(value).strip():
            return ""
        c = self.channels.lookup(str(value))
        if c is None:
            raise normalize.Bad(
                t(
                    "targets.unknown_channel",
                    value=value,
                    channels=", ".join(sorted(self.channels.known())),
                )
            )
        return c


def save(db: Database, items: list[Target], source: str) -> int:
    """Store targets, replacing those with the same period, scope, code and channel: set-based
    (a delete of the keys, then one bulk load), so a split into 40,000 guides' months is quick."""
    now = config.now()
    with db.transaction():
        keys = [tg.key for tg in items]
        for i in range(0, len(keys), 10_000):
            db.execute(
                "DELETE FROM targets WHERE " + db.in_list("target_key", "keys"),
                {"keys": db.list_param(keys[i : i + 10_000])},
            )
        db.bulk_load(
            "targets",
            ["target_key", "period", "scope", "scope_code", "channel", "amount_fen", "source",
             "created_at", "updated_at"],
            [(tg.key, tg.period, tg.scope, tg.code, tg.channel, tg.amount_fen, source, now, now)
             for tg in items],
        )  # fmt: skip
    return len(items)


def set_one(
    db: Database, period: str, scope: str, code: str | None, channel: str | None, amount: str
) -> dict:
    """`targets set`: validate, store, return what was stored."""
    p = target_period(period)
    scopes = Scopes(db)
    try:
        scope, code = scopes.scope(scope, code)
        ch = scopes.channel(channel)
        fen = parse_amount(amount)
    except normalize.Bad as e:
        raise UsageError(str(e), hint=t("targets.target_hint")) from None
    tg = Target(p.label, scope, code, ch, fen)
    previous = db.scalar("SELECT amount_fen FROM targets WHERE target_key = :k", {"k": tg.key})
    save(db, [tg], "set")
    return {
        "period": tg.period,
        "scope": tg.scope,
        "code": tg.code or None,
        "channel": tg.channel or None,
        "target": yuan(tg.amount_fen),
        "previous": yuan(previous),
    }


def for_rows(db: Database, period: str, scope: str, channel: str = "") -> dict[str, int]:
    """scope code -> target (fen) of one period, scope and channel ('' = all channels)."""
    rows = db.execute(
        "SELECT scope_code, amount_fen FROM targets WHERE period = :p AND scope = :s"
        " AND channel = :c",
        {"p": period, "s": scope, "c": channel},
    ).fetchall()
    return {code: int(a) for code, a in rows}


def channel_targets(db: Database, period: str) -> dict[str, int]:
    """channel -> the chain's target for that channel in a period."""
    rows = db.execute(
        "SELECT channel, amount_fen FROM targets WHERE period = :p AND scope = 'chain'"
        " AND channel <> ''",
        {"p": period},
    ).fetchall()
    return {c: int(a) for c, a in rows}


COLUMNS = ["period", "scope", "code", "channel", "target", "source", "updated_at"]


def listing(db: Database, period: str | None) -> list[list]:
    """The stored targets (of one period), by period, then down the hierarchy."""
    sql = "SELECT period, scope, scope_code, channel, amount_fen, source, updated_at FROM targets"
    params: dict = {}
    if period:
        sql += " WHERE period = :p"
        params["p"] = target_period(period).label
    order = {s: i for i, s in enumerate(SCOPES)}
    rows = sorted(
        db.execute(sql, params).fetchall(),
        key=lambda r: (r[0], order.get(r[1], 9), r[2], r[3]),
    )
    return [[p, s, c or None, ch or None, yuan(a), src, iso(u)] for p, s, c, ch, a, src, u in rows]


def scope_option(chain: bool, region: str | None, store: str | None, guide: str | None):
    """Exactly one of --chain, --region, --store, --guide."""
    given = [(s, v) for s, v in (("region", region), ("store", store), ("guide", guide)) if v]
    if chain:
        given.insert(0, ("chain", ""))
    if len(given) != 1:
        raise UsageError(t("targets.one_scope"), hint=t("targets.target_hint"))
    return given[0]


_WORD = re.compile(r"\s+")


def scope_word(value) -> str | None:
    """A sheet's scope cell (全国, 大区, 门店, 导购, chain, ...) -> scope, or None."""
    if value is None:
        return None
    return SCOPE_WORDS.get(_WORD.sub("", str(value)).lower())
