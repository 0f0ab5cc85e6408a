"""The data store: one connection wrapper over SQLite (default) or PostgreSQL.

privcli talks to the database through the DB-API drivers directly (sqlite3, psycopg) rather than
through an ORM session: bulk paths need executemany/COPY, and small commands must start fast
(SQLAlchemy/SQLModel are imported only to create or upgrade the schema, see migrations.py).
SQL is written once with `:name` parameters and adapted to the driver's style here.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from privcli.base import config
from privcli.base.errors import PrivcliError
from privcli.base.messages import t

sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(datetime, lambda d: d.isoformat(" "))

_TRACE = bool(os.environ.get("PRIVCLI_TRACE_SQL"))  # statement timings on stderr, for profiling
_PG_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2")


def parse_url(url: str) -> tuple[str, str]:
    """Return (dialect, target): a file path for SQLite, a libpq conninfo URL for PostgreSQL."""
    if "://" not in url:
        return "sqlite", url
    scheme, rest = url.split("://", 1)
    scheme = scheme.lower()
    if scheme.startswith("sqlite"):
        # sqlite:///relative.db, sqlite:////abs/path.db, sqlite:// (memory)
        path = rest[1:] if rest.startswith("/") else rest
        return "sqlite", path or ":memory:"
    if scheme in _PG_SCHEMES:
        return "postgresql", "postgresql://" + rest
    raise PrivcliError(t("db.bad_scheme", scheme=repr(scheme)), hint=t("db.bad_scheme_hint"))


@lru_cache(maxsize=256)
def _to_pyformat(sql: str) -> str:
    """`:name` → `%(name)s` for psycopg, leaving `::type` casts and string literals alone."""
    out, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c == "-" and sql.startswith("--", i):  # comment: may hold apostrophes or colons
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(sql[i:j].replace("%", "%%"))
            i = j
            continue
        if c == "'":
            j = sql.index("'", i + 1) + 1 if "'" in sql[i + 1 :] else n
            out.append(sql[i:j].replace("%", "%%"))
            i = j
            continue
        if c == ":" and i + 1 < n and sql[i + 1] == ":":
            out.append("::")
            i += 2
            continue
        if c == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_"):
            m = re.match(r"[A-Za-z_]\w*", sql[i + 1 :])
            assert m
            out.append(f"%({m.group(0)})s")
            i += 1 + m.end()
            continue
        out.append("%%" if c == "%" else c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=128)
def load_sql(name: str) -> str:
    """A query from the top-level sql/ folder, one folder per capability ("members/show"):
    readable files, shipped in the package as privcli/sql (in a checkout, privcli/sql is a
    link to ../sql)."""
    from importlib.resources import files

    return files("privcli").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


class Database:
    """A single connection plus the few dialect differences privcli needs."""

    def __init__(self, url: str):
        self.url = url
        self.dialect, target = parse_url(url)
        self._in_tx = False
        if self.dialect == "sqlite":
            if target != ":memory:" and not Path(target).parent.exists():
                raise PrivcliError(t("db.no_directory", path=Path(target).parent))
            try:
                self.conn: Any = sqlite3.connect(
                    target, isolation_level=None, timeout=config.busy_timeout_ms() / 1000
                )
                # The first statement reads the file's header and schema: where a file that is
                # not a database (a spreadsheet given as --db, a truncated copy) shows.
                # WAL: a cron import and an interactive command can overlap; readers never block.
                c = self.conn
                c.execute("PRAGMA journal_mode=WAL")
                c.execute(f"PRAGMA busy_timeout={config.busy_timeout_ms()}")
                c.execute("PRAGMA synchronous=NORMAL")
                c.execute("PRAGMA foreign_keys=ON")
                c.execute("PRAGMA cache_size=-65536")
            except sqlite3.DatabaseError as e:
                if hasattr(self, "conn"):
                    self.conn.close()
                error = unusable_file(target, e)
                if error is None:
                    raise
                raise error from None
        else:
            try:
                import psycopg
            except ImportError as e:  # pragma: no cover - psycopg is a dependency
                raise PrivcliError(t("db.no_psycopg")) from e
            try:
                self.conn = psycopg.connect(target, autocommit=True)
            except psycopg.OperationalError as e:
                raise PrivcliError(
                    t("db.cannot_connect", error=str(e).strip().splitlines()[0]),
                    hint=t("db.cannot_connect_hint"),
                ) from e

    # -- dialect helpers ---------------------------------------------------------------------
    @property
    def is_pg(self) -> bool:
        return self.dialect == "postgresql"

    @property
    def ph(self) -> str:
        """Positional placeholder for executemany over tuples."""
        return "%s" if self.is_pg else "?"

    def _sql(self, sql: str) -> str:
        return _to_pyformat(sql) if self.is_pg else sql

    # -- statements ----------------------------------------------------------------------------
    def execute(self, sql: str, params: dict | Sequence | None = None):
        cur = self.conn.cursor()
        t = time.perf_counter() if _TRACE else 0.0
        if isinstance(params, dict) or params is None:
            cur.execute(self._sql(sql), params or {})
        else:
            cur.execute(sql, params)
        if _TRACE:
            print(
                f"[sql {time.perf_counter() - t:7.3f}s] {' '.join(sql.split())[:160]}",
                file=sys.stderr,
            )
        return cur

    def executemany(self, sql: str, rows: Iterable[Sequence]) -> int:
        """Positional-parameter executemany (use `db.ph` placeholders). Returns the number of
        rows the statement changed."""
        cur = self.conn.cursor()
        cur.executemany(sql, rows)
        return cur.rowcount

    def query(self, sql: str, params: dict | None = None) -> list[dict]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=False)) for r in cur.fetchall()]

    def one(self, sql: str, params: dict | None = None) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: dict | None = None) -> Any:
        row = self.execute(sql, params).fetchone()
        return row[0] if row else None

    def stream(self, sql: str, params: dict | None = None, size: int = 5000) -> Iterator[tuple]:
        """Yield rows without holding the result in memory: a server-side cursor on PostgreSQL.
        The first item is the list of column names."""
        if self.is_pg:
            self._cursors = getattr(self, "_cursors", 0) + 1
            name = f"privcli_stream_{self._cursors}"
            with self.transaction(), self.conn.cursor(name=name) as cur:
                cur.itersize = size
                cur.execute(self._sql(sql), params or {})
                yield [d[0] for d in cur.description]
                yield from cur
        else:
            cur = self.execute(sql, params)
            yield [d[0] for d in cur.description]
            while batch := cur.fetchmany(size):
                yield from batch

    def chunks(self, sql: str, params: dict | None = None, size: int = 2000) -> Iterator[list]:
        """The rows of a query, a list of up to `size` at a time (a server-side cursor on
        PostgreSQL): what bulk exports read."""
        if self.is_pg:
            stream = self.stream(sql, params, size)
            next(stream)
            while chunk := list(islice(stream, size)):
                yield chunk
        else:
            cur = self.execute(sql, params)
            while chunk := cur.fetchmany(size):
                yield chunk

    @contextmanager
    def transaction(self, write: bool = True, rollback: bool = False) -> Iterator[Database]:
        """One transaction; nested calls join the outer one. On SQLite a writing transaction takes
        the write lock up front (BEGIN IMMEDIATE) so that it waits for a concurrent writer instead
        of failing half-way with "database is locked". `rollback=True` runs everything and then
        rolls it back (--dry-run: every check and count, nothing kept)."""
        if self._in_tx:
            yield self
            return
        self._in_tx = True
        try:
            if self.is_pg:
                import psycopg

                with self.conn.transaction():
                    yield self
                    if rollback:
                        raise psycopg.Rollback()
            else:
                try:
                    self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                except sqlite3.OperationalError as e:
                    if "locked" not in str(e) and "busy" not in str(e):
                        raise
                    raise PrivcliError(
                        t("db.busy", seconds=config.busy_timeout_ms() // 1000),
                        hint=t("db.busy_hint"),
                    ) from None
                try:
                    yield self
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
                self.conn.execute("ROLLBACK" if rollback else "COMMIT")
        finally:
            self._in_tx = False

    def bulk_load(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
        """Append rows to a (staging) table as fast as the driver allows: COPY on PostgreSQL,
        executemany with a prepared statement on SQLite."""
        cols = ", ".join(columns)
        if self.is_pg:
            with self.conn.cursor().copy(f"COPY {table} ({cols}) FROM STDIN") as cp:
                for r in rows:
                    cp.write_row(r)
        else:
            marks = ", ".join("?" * len(columns))
            self.conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)

    def temp_table(self, name: str, ddl_columns: str) -> None:
        """(Re)create a connection-local staging table."""
        self.execute(f"DROP TABLE IF EXISTS {name}")
        self.execute(f"CREATE TEMP TABLE {name} ({ddl_columns})")

    def in_list(self, column: str, name: str) -> str:
        """`column IN <list bound as :name>`: one parameter however long the list (use
        list_param for the value)."""
        if self.is_pg:
            return f"{column} = ANY(:{name})"
        return f"{column} IN (SELECT value FROM json_each(:{name}))"

    def list_param(self, values) -> object:
        return list(values) if self.is_pg else json.dumps(list(values), ensure_ascii=False)

    @property
    def distinct(self) -> str:
        """Null-safe inequality."""
        return "IS DISTINCT FROM" if self.is_pg else "IS NOT"

    @property
    def same(self) -> str:
        """Null-safe equality."""
        return "IS NOT DISTINCT FROM" if self.is_pg else "IS"

    def column_types(self, table: str) -> dict[str, str]:
        """Column name -> declared type (lower case) of a table in the current schema."""
        if self.is_pg:
            rows = self.execute(
                "SELECT column_name, data_type FROM information_schema.columns"
                " WHERE table_name = :t AND table_schema = current_schema()",
                {"t": table},
            ).fetchall()
        else:
            rows = [(r[1], r[2]) for r in self.execute(f"PRAGMA table_info({table})").fetchall()]
        return {name: (kind or "").lower() for name, kind in rows}

    def close(self) -> None:
        self.conn.close()


def unusable_file(path: str, e: sqlite3.DatabaseError) -> PrivcliError | None:
    """The error to show when SQLite cannot use `path` as a database at all (not an SQLite
    file, damaged, a directory) instead of a traceback; None for any other error (such as a
    lock held past the busy timeout), which is not the file's fault."""
    name = getattr(e, "sqlite_errorname", "") or ""  # Python 3.11+; else the message text
    text = str(e)
    if name == "SQLITE_NOTADB" or "file is not a database" in text:
        message = t("db.not_a_database", path=path)
    elif name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        message = t("db.damaged", path=path)
    elif name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        message = t("db.cannot_open", path=path)
    else:
        return None
    return PrivcliError(message, hint=t("db.unusable_hint"))


def open_db(url: str | None = None) -> Database:
    """Open the store named by --db / PRIVCLI_DB. Opening never changes the schema: the command
    layer brings it up to date once per command (privcli.capabilities.prepare)."""
    return Database(url or config.db_url_from_env())


def iso(v):
    """A value read from either database as privcli shows it: dates and times as ISO text
    (PostgreSQL returns date objects, SQLite the text it stored)."""
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.isoformat(" ")
    if isinstance(v, date):
        return v.isoformat()
    return v
