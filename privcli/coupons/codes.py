"""Coupon codes: unguessable, readable aloud, made in bulk.

A code is 15 symbols from the 31 that cannot be misread (digits 2-9 and the letters without I, L
and O), in three groups of five: `7KQ4M-X9P2H-RTW3C`. 31 ** 15 is 2 ** 74.3: with 20 million
coupons out, a guess hits one in about 1.2e15 tries. (Twelve symbols would be only 59.4 bits.)
Symbols come from `secrets` (the operating system's CSPRNG), a byte per symbol: bytes 0-247 map
onto the alphabet eight each (uniform), bytes 248-255 are dropped. Both steps are a single
`bytes.translate` in C, so a million codes take about a second. Uniqueness is the database's
UNIQUE constraint on coupons.code; the issuer retries the (astronomically rare) collision.

People type codes at the till and in spreadsheets: `canonical` folds case, full-width forms,
spaces and dashes, so `7kq4m x9p2h rtw3c` finds `7KQ4M-X9P2H-RTW3C`. Order exports also carry
other coupon systems' codes; `looks_like_ours` tells a mistyped privcli code from those.
"""

from __future__ import annotations

import secrets

from privcli.io.normalize import fold

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS, GROUP = 3, 5
LENGTH = GROUPS * GROUP
BITS = 74  # floor(LENGTH * log2(len(ALPHABET))) = floor(74.3)

_KEEP = 256 - 256 % len(ALPHABET)  # 248: bytes below map uniformly, 8 bytes per symbol
_TABLE = bytes(ord(ALPHABET[b % len(ALPHABET)]) if b < _KEEP else 0 for b in range(256))
_DROP = bytes(range(_KEEP, 256))
_SYMBOLS = frozenset(ALPHABET)
_SEPARATORS = str.maketrans("", "", " -_.\t/—–")


def random_symbols(n: int) -> str:
    """`n` symbols drawn uniformly and independently from ALPHABET."""
    out = b""
    while len(out) < n:
        want = n - len(out)
        out += secrets.token_bytes(want + want // 16 + 16).translate(_TABLE, _DROP)
    return out[:n].decode("ascii")


def new_codes(n: int) -> list[str]:
    """`n` fresh codes (may, with probability ~n² / 2 ** 75, repeat one another or a stored code:
    the database constraint decides)."""
    s = random_symbols(n * LENGTH)
    return [
        f"{s[i : i + 5]}-{s[i + 5 : i + 10]}-{s[i + 10 : i + 15]}" for i in range(0, len(s), 15)
    ]


def canonical(raw: str) -> str:
    """A typed code in its stored form: upper case, half-width, grouped with dashes. Text that
    cannot be a privcli code (another system's coupon numbers) comes back cleaned but ungrouped,
    so that it simply matches nothing."""
    s = raw if raw.isascii() else fold(raw)
    s = s.translate(_SEPARATORS).upper()
    if len(s) == LENGTH and _SYMBOLS.issuperset(s):
        return f"{s[:5]}-{s[5:10]}-{s[10:]}"
    return s


def looks_like_ours(s: str) -> bool:
    """True when `s` (after `canonical`) could be a privcli code typed with a symbol or two
    too many or too few: only symbols of the alphabet, about the right length. Other coupon
    systems' codes (`C-1`, `QJ0000000001`: digits 0 and 1, other lengths) are not."""
    bare = s.replace("-", "")
    return LENGTH - 3 <= len(bare) <= LENGTH + 3 and _SYMBOLS.issuperset(bare)


def is_code(s: str) -> bool:
    """True when `s` has the form of a privcli code (after `canonical`)."""
    return len(s) == LENGTH + GROUPS - 1 and _SYMBOLS.issuperset(s.replace("-", ""))
