"""Money: integer fen inside, yuan with exactly two decimals at the edges."""

from __future__ import annotations

from decimal import Decimal


def yuan(fen: int | None) -> Decimal | None:
    """Integer fen to yuan with exactly two decimals (exact, never a float)."""
    return None if fen is None else Decimal(fen).scaleb(-2)
