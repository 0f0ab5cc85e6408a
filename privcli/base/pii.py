"""Masking of personal data (PIPL): phone, name and birthday are masked in everything privcli
prints or exports unless the user passes --show-pii."""

from __future__ import annotations


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
