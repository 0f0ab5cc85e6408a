"""The headline metrics of leaderboards, contests and targets, computed set-based.

Each metric is made of components (sales in fen and paid orders; distinct buyers; new members;
customers at the period's start and those of them who bought; coupons issued and redeemed;
tasks generated and done), counted by the SQL files of sql/boards/ (see counting.py) and keyed
by what a row is: a guide, a store, a region, an order channel or a contest team. Ratios are computed from
summed components, so a store's conversion is its guides' converted customers over their
customers, never an average of percentages. The definitions are in the README ("Leaderboard
definitions") and at the top of each SQL file.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.base.money import yuan

METRICS = (
    "sales",
    "orders",
    "aov",
    "buyers",
    "new_members",
    "conversion",
    "redemption",
    "task_completion",
)
MONEY = frozenset({"sales", "aov"})
RATIOS = frozenset({"conversion", "redemption", "task_completion"})
# the SQL family that counts each metric's components
FAMILY = {
    "sales": "sales",
    "orders": "sales",
    "aov": "sales",
    "buyers": "buyers",
    "new_members": "new_members",
    "conversion": "conversion",
    "redemption": "coupons",
    "task_completion": "tasks",
}
# rows of these kinds have these metrics (an order channel has no guide, customers or coupons)
BY = ("guide", "store", "region", "channel")
CHANNEL_METRICS = ("sales", "orders", "aov", "buyers")


def kind(metric: str) -> str:
    """money | ratio | count: how a metric's values are formatted."""
    return "money" if metric in MONEY else "ratio" if metric in RATIOS else "count"


def check_metric(metric: str, by: str = "guide") -> str:
    """An unknown metric, or one a kind of row does not have, is refused with the accepted ones."""
    m = (metric or "").strip().lower().replace("-", "_")
    if m not in METRICS:
        raise UsageError(
            t("boards.unknown_metric", value=metric),
            hint=t("boards.metrics", metrics=", ".join(METRICS)),
        )
    if by == "channel" and m not in CHANNEL_METRICS:
        raise UsageError(
            t("boards.not_by_channel", metric=m),
            hint=t("boards.channel_metrics", metrics=", ".join(CHANNEL_METRICS)),
        )
    return m


# -- values -----------------------------------------------------------------------------------


def value(metric: str, comp: dict | None):
    """A metric's value from its components: yuan (Decimal) for money, int for counts, a
    ratio (float, 4 decimals) for rates; None when its denominator is zero."""
    comp = comp or {}
    if metric == "sales":
        return yuan(comp.get("sales_fen", 0))
    if metric in ("orders", "buyers", "new_members"):
        return comp.get(metric, 0)
    if metric == "aov":
        n = comp.get("orders", 0)
        if not n:
            return None
        fen = (Decimal(comp.get("sales_fen", 0)) / n).quantize(Decimal(1), ROUND_HALF_UP)
        return yuan(int(fen))
    num, den = {
        "conversion": ("converted", "customers"),
        "redemption": ("redeemed", "issued"),
        "task_completion": ("done", "generated"),
    }[metric]
    d = comp.get(den, 0)
    if not d or d <= 0:
        return None
    return round(comp.get(num, 0) / d, 4)


def score(metric: str, comp: dict | None) -> float | None:
    """The number a row is ranked by (None: no value, ranked after every value)."""
    v = value(metric, comp)
    return None if v is None else float(v)
