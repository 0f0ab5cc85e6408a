"""Landing normalized rows in a table, one batch at a time, inside the import's transaction.

For each batch: one query fetches the stored rows for the batch's keys; Python merges each row
into them with the import rules (an empty cell never erases a stored value; within a file a
later row's non-empty values win) and classifies it as inserted, updated or unchanged; then new
rows are inserted (COPY on PostgreSQL, executemany on SQLite) and only rows that really changed
are updated. A re-import of an unchanged file therefore writes nothing, and no staging table is
needed: measured here, the staging + set-based merge spent more time in SQLite than the whole
import may take.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from privcli.db import Database


def canon(v):
    """Stored value in the form the normalizers produce (PostgreSQL returns date objects)."""
    if isinstance(v, datetime):
        return v.isoformat(" ")
    if isinstance(v, date):
        return v.isoformat()
    return v


@dataclass
class Outcome:
    """What happened to one row: the member/order id (None until inserted), the stored values
    before (None for a new key) and after."""

    rownum: int
    key: str
    id: int | None
    before: list | None
    after: list
    status: str  # inserted | updated | unchanged
    row: tuple  # the row as landed (repeats within the batch merged in)
    first_row: int | None = None  # -1: an earlier batch of this file inserted this key


@dataclass
class Totals:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


class Lander:
    """Merges batches of `(rownum, key, values...)` into `table` keyed by `key`.

    `merge` overrides the column rule for some columns: f(new, old) -> merged.
    `finalize(values, row, is_new)` adjusts a merged row (derived columns, insert defaults).
    """

    def __init__(
        self,
        db: Database,
        table: str,
        key: str,
        columns: Sequence[str],
        now,
        *,
        merge: dict[str, Callable] | None = None,
        finalize: Callable[[list, tuple, bool], None] | None = None,
    ):
        self.db, self.table, self.key, self.columns = db, table, key, list(columns)
        self.now = now if db.is_pg else now.isoformat(" ")  # sqlite3: skip the adapter per row
        self.rules = {self.columns.index(c): f for c, f in (merge or {}).items()}
        self.finalize = finalize
        self.duplicates: list[tuple[int, str, int]] = []  # (row, key, first row) of last batch
        self.inserted_ids: dict = {}
        self._deferred: list = []
        self.max_id_before = db.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        self.totals = Totals()
        cols = ", ".join(self.columns)
        self._select = f"SELECT id, {key}, {cols} FROM {table} WHERE " + db.in_list(key, "keys")
        self._ins_cols = [key, *self.columns, "created_at", "updated_at"]
        self._update = (
            f"UPDATE {table} SET "
            + ", ".join(f"{c} = {db.ph}" for c in self.columns)
            + f", updated_at = {db.ph} WHERE id = {db.ph}"
        )

    def defer_indexes(self, expected_rows: int) -> None:
        """For a load that is large next to the table (a first import, a migration), drop the
        table's secondary indexes now and rebuild them in finish(): building an index once is
        several times cheaper than updating it row by row in random order (measured here: 5 of
        12 s per million members). Readers of SQLite keep their snapshot; on PostgreSQL the
        table is locked for the rest of the import, acceptable only because it is small next
        to the file."""
        if expected_rows < 100_000 or expected_rows < self.max_id_before:
            return
        if self.db.is_pg:
            sql = (
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t"
                " AND schemaname = current_schema()"
                " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )
        else:
            sql = (
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"
                " AND sql IS NOT NULL"
            )
        self._deferred = self.db.execute(sql, {"t": self.table}).fetchall()
        for name, _ in self._deferred:
            self.db.execute(f"DROP INDEX {name}")

    def finish(self) -> None:
        for _, sql in self._deferred:
            self.db.execute(sql)
        self._deferred = []

    def lookup(self, keys) -> dict:
        rows = self.db.execute(self._select, {"keys": self.db.list_param(keys)}).fetchall()
        if self.db.is_pg:
            return {r[1]: [r[0], *map(canon, r[2:])] for r in rows}
        return {r[1]: [r[0], *r[2:]] for r in rows}

    def land(
        self,
        rows: list[tuple],
        force: Callable[[tuple, int | None], bool] | None = None,
        prepare: Callable[[dict], None] | None = None,
    ) -> list[Outcome]:
        """Merge one batch. `prepare(stored)` sees the stored rows first (key -> [id, ...]);
        `force(row, id)` marks a row changed for reasons outside the columns (e.g. its tags).
        Returns the per-row outcomes, in row order."""
        # Rows repeating a key within the batch collapse first: per column, the later
        # non-empty value wins. So a file holding an order twice (paid, then refunded) lands
        # as one change, and importing it again changes nothing.
        groups: dict = {}
        self.duplicates = []
        for row in rows:
            g = groups.get(row[1])
            if g is None:
                groups[row[1]] = list(row)
            else:
                self.duplicates.append((row[0], row[1], g[0]))
                for i in range(2, len(row)):
                    if row[i] is not None:
                        g[i] = row[i]
        stored = self.lookup(groups.keys())
        if prepare:
            prepare(stored)
        pending: dict = {}  # key -> values to insert
        updates: dict = {}  # id -> values
        outcomes: list[Outcome] = []
        rules, finalize, t, ncol = self.rules, self.finalize, self.totals, len(self.columns)
        for row in groups.values():
            rownum, key, new = row[0], row[1], row[2 : 2 + ncol]
            cur = stored.get(key)
            if cur is None:
                values = list(new)
                if finalize:
                    finalize(values, row, True)
                pending[key] = values
                t.inserted += 1
                outcomes.append(Outcome(rownum, key, None, None, values, "inserted", row))
                continue
            mid, old = cur[0], cur[1:]
            merged = [o if v is None else v for v, o in zip(new, old)]
            for i, f in rules.items():
                merged[i] = f(new[i], old[i])
            if finalize:
                finalize(merged, row, False)
            changed = merged != old or (force is not None and force(row, mid))
            if changed:
                t.updated += 1
                updates[mid] = merged
            else:
                t.unchanged += 1
            status = "updated" if changed else "unchanged"
            first = -1 if mid > self.max_id_before else None  # inserted by an earlier batch
            outcomes.append(Outcome(rownum, key, mid, old, merged, status, row, first))
        self._write(pending, updates)
        return outcomes

    def _write(self, pending: dict, updates: dict) -> None:
        db, now = self.db, self.now
        self.inserted_ids = {}
        if pending:
            # in key order: the unique index then takes its new entries page by page
            rows = sorted(pending.items())
            top = None if db.is_pg else db.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")
            db.bulk_load(self.table, self._ins_cols, [(k, *v, now, now) for k, v in rows])
            if top is not None:
                # SQLite gives each new row max(rowid) + 1, and this transaction holds the
                # write lock: the ids are known without asking
                self.inserted_ids = {k: top + i for i, (k, _) in enumerate(rows, 1)}
        if updates:
            db.executemany(self._update, [(*v, now, i) for i, v in updates.items()])

    def ids(self, keys) -> dict:
        """key -> id of rows the last batch inserted."""
        if not keys:
            return {}
        if not self.db.is_pg:
            return {k: self.inserted_ids[k] for k in keys}
        sql = f"SELECT {self.key}, id FROM {self.table} WHERE " + self.db.in_list(self.key, "keys")
        return dict(self.db.execute(sql, {"keys": self.db.list_param(keys)}).fetchall())
