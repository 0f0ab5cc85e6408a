"""Masking of personal data (PIPL): phone, name and birthday are masked in everything privcli
prints or exports unless the user passes --show-pii."""

from __future__ import annotations

import re


def mask_phone(p: str | None) -> str | None:
    if not p:
        return p
    return p[:3] + "****" + p[-4:] if len(p) >= 8 else "*" * len(p)


def mask_name(n: str | None) -> str | None:
    if not n:
        return n
    return n[0] + "*" * max(1, len(n) - 1)


def mask_birthday(b) -> str | None:
    if not b:
        return None
    return str(b)[:4] + "-**-**"


MASKERS = {"phone": mask_phone, "name": mask_name, "birthday": mask_birthday}


def masker(columns: list[str], show_pii: bool):
    """Row function that masks the PII columns among `columns` (identity when show_pii)."""
    if show_pii:
        return lambda row: row
    idx = [(i, MASKERS[c]) for i, c in enumerate(columns) if c in MASKERS]

    def mask(row):
        row = list(row)
        for i, f in idx:
            row[i] = f(row[i])
        return row

    return mask


# Column versions for bulk exports: the same results as mapping the functions above over a column
# (tests/test_export.py checks it), with the per-value work inlined.


class _Stars(dict):
    """len(name) → the asterisks mask_name puts after the first character."""

    def __missing__(self, n: int) -> str:
        self[n] = s = "*" * max(1, n - 1)
        return s


_STARS = _Stars()


def mask_phones(values) -> list:
    return [f"{p[:3]}****{p[-4:]}" if p and len(p) >= 8 else mask_phone(p) for p in values]


def mask_names(values) -> list:
    return [n[0] + _STARS[len(n)] if n else n for n in values]


def mask_birthdays(values) -> list:
    return [b[:4] + "-**-**" if b and b.__class__ is str else mask_birthday(b) for b in values]


# -- the values of import problems ----------------------------------------------------------------
# A problem line exists to say what is wrong with a value, so its mask keeps the wrong part in
# sight: a phone keeps its length and any character that is not a digit (the usual culprits), a
# birthday keeps its month and day (1990-13-01 → ****-13-01) unless the year is the problem.

_DATE_PARTS = re.compile(r"(\d{4})(\D{0,3})(\d{1,2})(\D{0,3})(\d{1,2})(.*)", re.S)


def _stars(s: str) -> str:
    """Digits → *, everything else kept: the shape of the value without its digits."""
    return "".join("*" if c.isdigit() else c for c in s)


def mask_bad_phone(v: str) -> str:
    """138 + one * per hidden digit + the last 4 (138***0013 is visibly a digit short)."""
    if len(v) <= 7:
        return v[:3] + _stars(v[3:])
    return v[:3] + _stars(v[3:-4]) + v[-4:]


def mask_bad_birthday(v: str, this_year: int) -> str:
    """Month and day shown when the year is plausible (what is wrong is then in them), the year
    shown when it is not (2090-**-**); anything else loses its digits."""
    m = _DATE_PARTS.fullmatch(v.strip())
    if m is None:
        return _stars(v)
    year, sep1, month, sep2, day, rest = m.groups()
    if 1900 <= int(year) <= this_year:
        return "****" + sep1 + month + sep2 + day + rest
    return year + sep1 + _stars(month) + sep2 + _stars(day) + _stars(rest)


def mask_problem_value(field: str | None, v: str, this_year: int) -> str:
    """The value of an import problem as the terminal shows it without --show-pii."""
    if field == "phone":
        return mask_bad_phone(v)
    if field == "birthday":
        return mask_bad_birthday(v, this_year)
    if field == "name":
        return mask_name(v) or v
    return v
