"""Set-based merging of a staging table into a target table.

Every import streams its normalized rows into a connection-local staging table (COPY on
PostgreSQL, executemany on SQLite) and then lands the whole file with a few statements, in one
transaction. The merge rules are the import spec's: a cell left empty never erases a stored value;
within a file a later row's non-empty values win; a row whose values are already stored is left
untouched (so importing a file twice changes nothing the second time).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from privcli.db import Database


def dedupe(
    db: Database,
    stage: str,
    key: str,
    columns: Sequence[str],
    on_duplicate: Callable[[int, str, int], None],
) -> int:
    """Collapse rows sharing a key into one: per column, the last non-empty value wins.

    Duplicates are rare, so only their groups travel through Python; the rest stays in SQL.
    `columns` is the stage's column list, `rownum` first. Returns the number of rows merged away.
    """
    has_dups = db.scalar(f"SELECT 1 FROM {stage} GROUP BY {key} HAVING COUNT(*) > 1 LIMIT 1")
    if not has_dups:
        return 0
    cols = ", ".join(columns)
    rows = db.execute(
        f"SELECT {cols} FROM {stage} WHERE {key} IN "
        f"(SELECT {key} FROM {stage} GROUP BY {key} HAVING COUNT(*) > 1) ORDER BY {key}, rownum"
    ).fetchall()
    ki = list(columns).index(key)
    merged: list[list] = []
    current: list | None = None
    first_row = 0
    for r in rows:
        if current is not None and r[ki] == current[ki]:
            on_duplicate(r[0], r[ki], first_row)
            for i, v in enumerate(r):
                if v is not None:
                    current[i] = v
        else:
            if current is not None:
                merged.append(current)
            current = list(r)
            first_row = r[0]
    if current is not None:
        merged.append(current)
    db.execute(
        f"DELETE FROM {stage} WHERE {key} IN "
        f"(SELECT {key} FROM {stage} GROUP BY {key} HAVING COUNT(*) > 1)"
    )
    marks = ", ".join([db.ph] * len(columns))
    db.executemany(f"INSERT INTO {stage} ({cols}) VALUES ({marks})", merged)
    return len(rows) - len(merged)


def upsert(
    db: Database,
    *,
    target: str,
    stage: str,
    key: str,
    columns: Sequence[str],
    params: dict,
    set_exprs: dict[str, str] | None = None,
    insert_exprs: dict[str, str] | None = None,
    changed_extra: Sequence[str] = (),
) -> tuple[int, int]:
    """UPDATE the changed existing rows, then INSERT the new ones. Returns (inserted, updated).

    `columns` are copied from stage `s` to target `t` with "empty never erases" semantics unless
    `set_exprs`/`insert_exprs` give an expression; `params` must hold `now`.
    """
    set_exprs = set_exprs or {}
    insert_exprs = insert_exprs or {}
    ne = db.distinct
    sets, changed = [], list(changed_extra)
    for c in columns:
        sets.append(f"{c} = {set_exprs.get(c, f'COALESCE(s.{c}, t.{c})')}")
        if c not in set_exprs:
            changed.append(f"(s.{c} IS NOT NULL AND s.{c} {ne} t.{c})")
    for c, expr in set_exprs.items():
        if c not in columns:
            sets.append(f"{c} = {expr}")
    updated = db.execute(
        f"UPDATE {target} AS t SET {', '.join(sets)}, updated_at = :now "
        f"FROM {stage} AS s WHERE s.{key} = t.{key} AND ({' OR '.join(changed)})",
        params,
    ).rowcount
    ins_cols = list(columns) + [c for c in insert_exprs if c not in columns]
    exprs = [insert_exprs.get(c, f"s.{c}") for c in ins_cols]
    inserted = db.execute(
        f"INSERT INTO {target} ({', '.join(ins_cols)}, created_at, updated_at) "
        f"SELECT {', '.join(exprs)}, :now, :now FROM {stage} AS s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {target} AS t WHERE t.{key} = s.{key}) "
        "ORDER BY s.rownum",  # ids follow the file's order
        params,
    ).rowcount
    return inserted, updated
