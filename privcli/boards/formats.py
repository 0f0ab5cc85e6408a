"""How figures read for people (terminal tables, plain text, markdown, workbooks): money with
thousands separators, rates and changes as percentages, rank changes as arrows. JSON and CSV
keep the values themselves."""

from __future__ import annotations

import functools
from decimal import Decimal

from privcli.base.messages import lang, value_labels


def money_text(v) -> str:
    return "" if v is None else f"{Decimal(v):,.2f}"


def count_text(v) -> str:
    return "" if v is None else f"{v:,}"


def ratio_text(v) -> str:
    return "" if v is None else f"{v * 100:.1f}%"


def change_text(v) -> str:
    return "" if v is None else f"{v * 100:+.1f}%"


def rank_change_text(v) -> str:
    """▲3 (up three places), ▼1, = (same place), new (no previous rank)."""
    if v is None or v == "new":
        return "" if v is None else "new"
    return f"▲{v}" if v > 0 else f"▼{-v}" if v < 0 else "="


def status_text(v) -> str:
    """A guide's status where it matters: departed (active is the rule), in the message
    language (离职 under zh)."""
    return _departed(lang()) if v == "departed" else ""


@functools.cache
def _departed(language: str) -> str:
    return (value_labels("status") or {}).get("departed", "departed")


# the number format a workbook gives a column shown with each function
KIND_OF = {money_text: "money", ratio_text: "ratio", change_text: "change", count_text: "count"}
