"""Landing normalized rows in a table, one batch at a time, inside the import's transaction.

For each batch (collapsed to unique keys where it was normalized): one query fetches the stored
rows for the batch's keys; Python merges each row into them with the import rules (an empty cell
never erases a stored value; within a file a later row's non-empty values win) and classifies it
as inserted, updated or unchanged; then new rows are inserted (COPY on PostgreSQL, executemany on
SQLite) and only rows that really changed are updated. A re-import of an unchanged file therefore
writes nothing. On SQLite, once a batch held only new keys, the next one is inserted first
(skipping keys that exist) and looked up only if some were there: a first import never looks up.
No staging table: measured here, staging + a set-based merge spent more time in SQLite than the
whole import may take.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter

from privcli.base.db import Database


def collapse(rows: list[tuple]) -> tuple[list[tuple], list[tuple[int, str, int]]]:
    """Rows repeating a key within a batch collapse into one: per column, the later non-empty
    value wins, and the first row's number stays. So a file holding an order twice (paid, then
    refunded) lands as one change, and importing it again changes nothing. Returns the rows in
    key order (the unique index then takes its new entries page by page) and the repeats as
    (row, key, first row). Pure: it runs where rows are normalized, off the landing process."""
    groups: dict = {}
    duplicates = []
    for row in rows:
        g = groups.get(row[1])
        if g is None:
            groups[row[1]] = row
        else:
            duplicates.append((row[0], row[1], g[0]))
            merged = list(g)
            for i in range(2, len(row)):
                if row[i] is not None:
                    merged[i] = row[i]
            groups[row[1]] = tuple(merged)
    return sorted(groups.values(), key=itemgetter(1)), duplicates


@dataclass
class Landed:
    """What one batch did. `new`: rows inserted (key order); `existing`: (row, id, stored
    values, merged values, changed) for keys already in the table."""

    new: list[tuple]
    existing: list[tuple[tuple, int, list, list, bool]]


@dataclass
class Totals:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


class Lander:
    """Merges batches of `(rownum, key, values...)` into `table` keyed by `key`.

    `merge` overrides the column rule for some columns: f(new, old) -> merged.
    `finalize(values, row, is_new)` adjusts a merged row (derived columns, insert defaults).
    `fill_new = {column: i}`: a new row whose column is empty takes `row[i]` (the order's guide
    defaults to its buyer's owner), without a Python call per row.
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
        fill_new: dict[str, int] | None = None,
    ):
        self.db, self.table, self.key, self.columns = db, table, key, list(columns)
        self.now = now if db.is_pg else now.isoformat(" ")  # sqlite3: skip the adapter per row
        self.rules = {self.columns.index(c): f for c, f in (merge or {}).items()}
        self.finalize = finalize
        self.fill_new = [(self.columns.index(c), i) for c, i in (fill_new or {}).items()]
        self.duplicates: list[tuple[int, str, int]] = []  # (row, key, first row) of last batch
        self.inserted_ids: dict = {}
        self._deferred: list = []  # (index name, CREATE statement)
        self._deferred_fks: list = []  # (table, constraint name, definition): PostgreSQL
        # Tables this transaction holds ACCESS EXCLUSIVE locks on (PostgreSQL, after
        # defer_indexes): no other connection can even read them until the import commits.
        self.locked_tables: set[str] = set()
        self.max_id_before = db.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        self.totals = Totals()
        cols = ", ".join(self._as_text(db, table))
        self._select = f"SELECT id, {key}, {cols} FROM {table} WHERE " + db.in_list(key, "keys")
        self._ins_cols = [key, *self.columns, "created_at", "updated_at"]
        self._insert_new = (
            f"INSERT INTO {table} ({', '.join(self._ins_cols)}) VALUES "
            f"({', '.join([db.ph] * len(self._ins_cols))}) ON CONFLICT ({key}) DO NOTHING"
        )
        # SQLite only: PostgreSQL loads new rows with COPY, which cannot skip existing keys
        self.optimistic = False
        self._update = (
            f"UPDATE {table} SET "
            + ", ".join(f"{c} = {db.ph}" for c in self.columns)
            + f", updated_at = {db.ph} WHERE id = {db.ph}"
        )

    def defer_indexes(self, expected_rows: int, also: Sequence[str] = ()) -> None:
        """For a load that is large next to the table (a first import, a migration), drop the
        secondary indexes of the table (and of the `also` tables filled with it, such as
        member_tags) now and rebuild them in finish(): building an index once is several times
        cheaper than updating it row by row in random order (measured here: 5 of 12 s per
        million members). On PostgreSQL the foreign keys go too and come back validated in one
        set-based check each: row by row, their triggers lock the referenced store or guide for
        every row, a third of a first import. (SQLite skips those checks during any import:
        see engine.run_import.) Readers of SQLite keep their snapshot; on PostgreSQL the tables
        are locked for the rest of the import, acceptable only because they are small next to
        the file. Dropping a foreign key also locks the table it references (its triggers go):
        `locked_tables` lists what no other connection (the import's worker) may read now."""
        if expected_rows < 100_000 or expected_rows < self.max_id_before:
            return
        db = self.db
        for table in (self.table, *also):
            if db.is_pg:
                fks = db.execute(
                    "SELECT conname, pg_get_constraintdef(oid), CAST(confrelid AS regclass)::text"
                    " FROM pg_constraint WHERE conrelid = CAST(:t AS regclass) AND contype = 'f'",
                    {"t": table},
                ).fetchall()
                self.locked_tables.add(table)
                for name, definition, referenced in fks:
                    db.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
                    self._deferred_fks.append((table, name, definition))
                    self.locked_tables.add(referenced)
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
            indexes = db.execute(sql, {"t": table}).fetchall()
            for name, _ in indexes:
                db.execute(f"DROP INDEX {name}")
            self._deferred += indexes

    def finish(self) -> None:
        for _, sql in self._deferred:
            self.db.execute(sql)
        for table, name, definition in self._deferred_fks:
            self.db.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        self._deferred, self._deferred_fks = [], []

    def _as_text(self, db: Database, table: str) -> list[str]:
        """Select expressions for the columns, dates and times as the ISO text the normalizers
        produce (PostgreSQL returns date objects; converting them in SQL beats a Python call
        per value)."""
        if not db.is_pg:
            return self.columns
        types = db.column_types(table)
        formats = {"date": "YYYY-MM-DD", "timestamp without time zone": "YYYY-MM-DD HH24:MI:SS"}
        return [
            f"to_char({c}, '{formats[types[c]]}')" if types.get(c) in formats else c
            for c in self.columns
        ]

    def lookup(self, keys, upto: int | None = None) -> dict:
        """key -> stored row (id, key, values...), of rows with id <= `upto` if given."""
        sql, params = self._select, {"keys": self.db.list_param(keys)}
        if upto is not None:
            sql, params["top"] = sql + " AND id <= :top", upto
        return {r[1]: r for r in self.db.execute(sql, params).fetchall()}

    def land(
        self,
        rows: list[tuple],
        duplicates: list[tuple[int, str, int]],
        force: Callable[[tuple, int | None], bool] | None = None,
        prepare: Callable[[dict], None] | None = None,
    ) -> Landed:
        """Merge one batch, collapsed by `collapse` (unique keys, key order). `prepare(stored)`
        sees the stored rows first (key -> (id, key, values...)); `force(row, id)` marks a row
        changed for reasons outside the columns (e.g. its tags). A row equal to the stored one
        is unchanged without merging (a daily re-import of the full member list is mostly such
        rows)."""
        self.duplicates = duplicates
        self.inserted_ids = {}
        keys = [r[1] for r in rows]
        t, end, finalize = self.totals, 2 + len(self.columns), self.finalize
        new: list[tuple] = []  # new rows still to insert
        inserted: list[tuple] = []  # new rows already inserted
        updates: dict = {}  # id -> values
        existing: list = []
        if self.optimistic:
            # The last batch held only new keys (a first import, new orders): insert this one
            # straight away, skipping keys that exist, instead of looking every key up first
            # (an index probe and a result row per key: a fifth of a first import's time).
            db, nows = self.db, (self.now, self.now)
            top = db.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")
            n = db.executemany(self._insert_new, [v + nows for v in self._new_values(rows)])
            t.inserted += n
            if n == len(rows):
                # SQLite gives each new row max(rowid) + 1, and this transaction holds the
                # write lock: the ids are known without asking
                self.inserted_ids = {k: top + i for i, k in enumerate(keys, 1)}
                if prepare:
                    prepare({})
                return Landed(rows, [])
            # Some keys were there: merge those as usual, and look up first from now on.
            self.optimistic = False
            stored = self.lookup(keys, upto=top)
            inserted = [r for r in rows if r[1] not in stored]
            self.inserted_ids = dict(
                db.execute(f"SELECT {self.key}, id FROM {self.table} WHERE id > :top", {"top": top})
            )
            rows = [r for r in rows if r[1] in stored]
        else:
            stored = self.lookup(keys)
            self.optimistic = not stored and not self.db.is_pg
        if prepare:
            prepare(stored)
        rules = self.rules
        for row in rows:
            cur = stored.get(row[1])
            if cur is None:
                new.append(row)
                continue
            mid, old = cur[0], cur[2:]
            if row[2:end] == old and (force is None or not force(row, mid)):
                existing.append((row, mid, old, old, False))
                continue
            old = list(old)
            merged = [o if v is None else v for v, o in zip(row[2:end], old)]
            for i, f in rules.items():
                merged[i] = f(row[2 + i], old[i])
            if finalize:
                finalize(merged, row, False)
            changed = merged != old or (force is not None and force(row, mid))
            if changed:
                updates[mid] = merged
            existing.append((row, mid, old, merged, changed))
        t.inserted += len(new)
        t.updated += len(updates)
        t.unchanged += len(existing) - len(updates)
        self._write(new, self._new_values(new) if new else [], updates)
        return Landed(inserted + new, existing)

    def _new_values(self, rows: list[tuple]) -> list[tuple]:
        """(key, values...) to insert for new rows."""
        end = 2 + len(self.columns)
        out = [r[1:end] for r in rows]
        for c, i in self.fill_new:
            c += 1  # (key, values...)
            out = [
                v if v[c] is not None else (*v[:c], r[i], *v[c + 1 :]) for v, r in zip(out, rows)
            ]
        if self.finalize is None:
            return out
        finalize = self.finalize
        for n, r in enumerate(rows):
            values = list(out[n][1:])
            finalize(values, r, True)
            out[n] = (r[1], *values)
        return out

    def _write(self, new: list[tuple], insert: list[tuple], updates: dict) -> None:
        """`insert`: (key, values...) for the `new` rows, in key order."""
        db, now = self.db, self.now
        if insert:
            top = None if db.is_pg else db.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")
            nows = (now, now)
            db.bulk_load(self.table, self._ins_cols, [r + nows for r in insert])
            if top is not None:
                # SQLite gives each new row max(rowid) + 1, and this transaction holds the
                # write lock: the ids are known without asking
                self.inserted_ids = {r[1]: top + i for i, r in enumerate(new, 1)}
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
