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
