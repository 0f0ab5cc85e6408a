"""Header-row detection.

Exports put the header below title rows ("会员列表", "导出时间：…"), add trailing spaces, mix
full- and half-width brackets, and name the same field a dozen ways. Each import kind lists its
aliases per field in priority order (see KindSpec): when a file has two candidate columns (实付金额
and 应付金额), the earlier alias wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from privcli.base.errors import PrivcliError, UsageError
from privcli.base.messages import t
from privcli.io.normalize import fold

if TYPE_CHECKING:
    from privcli.base.capability import KindSpec

HEADER_SCAN_ROWS = 30


def hnorm(s) -> str:
    """Header comparison key: half-width, lower case, no spaces, no required-field stars."""
    if s is None:
        return ""
    s = fold(str(s)).lower()
    return "".join(s.split()).strip("*:：")


@dataclass
class Header:
    row: int  # sheet row number of the header
    cells: list[str]  # header texts as found (for the error report)
    columns: dict[str, int]  # field -> column index
    warnings: list[str]


def parse_mapping(kind: KindSpec, items: list[str] | None) -> dict[str, str]:
    """--map 'COLUMN=field' pairs, validated against the kind's fields."""
    out: dict[str, str] = {}
    for item in items or []:
        col, sep, fieldname = item.rpartition("=")
        fieldname = fieldname.strip()
        if not sep or not col.strip():
            raise UsageError(t("io.map_form", item=repr(item)))
        if fieldname not in kind.aliases:
            raise UsageError(
                t("io.map_no_field", item=repr(item), kind=kind.name, field=repr(fieldname)),
                hint=t("io.map_fields", fields=", ".join(kind.aliases)),
            )
        out[hnorm(col)] = fieldname
    return out


def _lookup(kind: KindSpec, mapping: dict[str, str]) -> dict[str, tuple[str, int]]:
    """normalized header text -> (field, priority)."""
    table: dict[str, tuple[str, int]] = {}
    for field, aliases in kind.aliases.items():
        for prio, alias in enumerate(aliases):
            table.setdefault(hnorm(alias), (field, prio))
    for col, field in mapping.items():
        table[col] = (field, -1)
    return table


def detect(
    kind: KindSpec, first_rows: list[tuple[int, list]], mapping: dict[str, str], filename: str
):
    """Find the header row among the first rows and map its columns to fields."""
    table = _lookup(kind, mapping)
    best: tuple[int, int] | None = None  # (score, index)
    for i, (_, cells) in enumerate(first_rows):
        score = len({table[h][0] for c in cells if (h := hnorm(c)) in table})
        if score and (best is None or score > best[0]):
            best = (score, i)
    if best is None:
        raise PrivcliError(
            t("io.no_header", file=filename, n=HEADER_SCAN_ROWS),
            hint=t(
                "io.no_header_hint",
                kind=kind.name,
                columns=", ".join(kind.aliases[f][0] for f in kind.required),
            ),
        )
    rownum, cells = first_rows[best[1]]
    texts = ["" if c is None else str(c).strip() for c in cells]
    columns: dict[str, tuple[int, int]] = {}
    warnings: list[str] = []
    seen: dict[str, int] = {}
    for idx, text in enumerate(texts):
        h = hnorm(text)
        if not h:
            continue
        if h in seen:
            warnings.append(t("io.header_twice", header=repr(text), a=seen[h] + 1, b=idx + 1))
            continue
        seen[h] = idx
        if h in table:
            field, prio = table[h]
            if field not in columns or prio < columns[field][1]:
                columns[field] = (idx, prio)
    missing = [f for f in kind.required if f not in columns]
    if missing:
        found = ", ".join(x for x in texts if x) or t("io.none_found")
        names = "; ".join(f"{f} ({'/'.join(kind.aliases[f][:4])})" for f in missing)
        raise PrivcliError(
            t("io.required_missing", file=filename, names=names, row=rownum, found=found),
            hint=t("io.required_missing_hint", field=missing[0]),
        )
    return Header(rownum, texts, {f: i for f, (i, _) in columns.items()}, warnings)
