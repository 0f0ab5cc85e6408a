"""The member selection: the one place that knows how ops staff pick members (store, region, guide,
level, tag, registered since, inactive days, bought within, birthday month, a file of phones, a
named segment), how those filters are validated (a typo gets the closest known values), and the
SQL they compile to.

Every command that selects members (members list, export, transfer, transfer log, coupons, tasks)
takes the filters through one option bundle (privcli.base.options.selection_options) and hands
the resulting `Selection` to its logic, which appends `sel.where(db)` to a query over
`members m LEFT JOIN stores s ON s.id = m.store_id LEFT JOIN guides g ON g.id = m.guide_id`.

Named segments (`privcli segments save NAME [filters]`) are stored filters, evaluated when used:
a segment of "inactive 90 days" means the members inactive on the day it is used.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from privcli.base import config
from privcli.base.errors import NotFound, UsageError
from privcli.base.messages import t

if TYPE_CHECKING:
    from privcli.base.db import Database

# Filter name → its option on the command line (for messages that name what the user typed).
OPTION = {
    "stores": "--store",
    "regions": "--region",
    "guides": "--guide",
    "levels": "--level",
    "tags": "--tag",
    "registered_since": "--registered-since",
    "inactive_days": "--inactive-days",
    "bought_within": "--bought-within",
    "birthday_month": "--birthday-month",
    "phones_file": "--phones",
    "segment": "--segment",
}
FILTERS = tuple(OPTION)


def filters_except(*names: str) -> tuple[str, ...]:
    """Every member filter but `names` (what a command that takes the others declares)."""
    return tuple(f for f in FILTERS if f not in names)


@dataclass(frozen=True)
class Selection:
    """Which members. Each filter narrows the selection (AND); a repeated filter accepts any of
    its values (--store SH01 --store SH02: members of either store)."""

    stores: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    guides: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    registered_since: date | None = None
    inactive_days: int | None = None  # no paid order in the last N days (or never)
    bought_within: int | None = None  # a paid order in the last N days
    birthday_month: int | None = None
    phones_file: str | None = None
    segment: str | None = None
    _phones_table: str = field(default="", repr=False, compare=False)

    # -- what was asked --------------------------------------------------------------------------
    def given(self) -> list[str]:
        """The filters that are set, by name."""
        return [f for f in FILTERS if getattr(self, f) not in (None, (), "")]

    def __bool__(self) -> bool:
        return bool(self.given())

    def refuse(self, allowed: frozenset[str] | set[str], command: str) -> None:
        """A filter that does not apply to `command` is an error, never silently ignored."""
        bad = [f for f in self.given() if f not in allowed]
        if bad:
            takes = ", ".join(OPTION[f] for f in FILTERS if f in allowed) or t("selection.none")
            raise UsageError(
                t(
                    "selection.not_applicable",
                    options=", ".join(OPTION[f] for f in bad),
                    command=command,
                ),
                hint=t("selection.takes", command=command, options=takes),
            )

    def describe(self) -> str:
        """The filters as they would be typed, for summaries and batch records."""
        parts = []
        for f in self.given():
            v = getattr(self, f)
            for item in v if isinstance(v, tuple) else (v,):
                parts.append(f"{OPTION[f]} {item}")
        return " ".join(parts)

    # -- storage (segments) ----------------------------------------------------------------------
    def to_json(self) -> str:
        d = {k: v for k, v in asdict(self).items() if k in FILTERS and v not in (None, (), "")}
        if self.registered_since:
            d["registered_since"] = self.registered_since.isoformat()
        return json.dumps(d, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Selection:
        d: dict[str, Any] = json.loads(text)
        for k, v in list(d.items()):
            if isinstance(v, list):
                d[k] = tuple(v)
        if d.get("registered_since"):
            d["registered_since"] = date.fromisoformat(d["registered_since"])
        return cls(**{k: v for k, v in d.items() if k in FILTERS})

    # -- validation ------------------------------------------------------------------------------
    def check(self, db: Database) -> Selection:
        """Validate against the database; returns the selection with its segment expanded into
        `_segment` filters. Unknown codes are typos, not empty results: say so, with the closest
        known values."""
        _known(db, "stores", "code", self.stores, "--store", "privcli export stores -")
        _known(db, "guides", "code", self.guides, "--guide", "privcli guides list")
        _known(db, "stores", "region", self.regions, "--region", "privcli export stores -")
        _known(db, "members", "level", self.levels, "--level", "privcli members list")
        _known(db, "member_tags", "tag", self.tags, "--tag", "privcli members show PHONE")
        if self.birthday_month is not None and not 1 <= self.birthday_month <= 12:
            raise UsageError(t("selection.bad_month", value=self.birthday_month))
        for name in ("inactive_days", "bought_within"):
            v = getattr(self, name)
            if v is not None and v < 0:
                raise UsageError(t("selection.negative", option=OPTION[name], value=v))
        if self.phones_file and not Path(self.phones_file).is_file():
            raise NotFound(t("selection.no_phones_file", path=self.phones_file))
        if self.segment:
            load_segment(db, self.segment).check(db)
        return self

    # -- SQL ---------------------------------------------------------------------------------------
    def where(self, db: Database, prefix: str = "sel") -> tuple[str, dict]:
        """`" AND ..."` conditions over the aliases m (members), s (the store) and g (the guide),
        with bound parameters named `{prefix}_...`. A phones file is loaded into a temporary
        table here, so call this inside the transaction that runs the query."""
        conds: list[str] = []
        params: dict[str, Any] = {}

        def in_list(column: str, name: str, values) -> None:
            key = f"{prefix}_{name}"
            conds.append(db.in_list(column, key))
            params[key] = db.list_param(values)

        if self.stores:
            in_list("s.code", "stores", self.stores)
        if self.regions:
            in_list("s.region", "regions", self.regions)
        if self.guides:
            in_list("g.code", "guides", self.guides)
        if self.levels:
            in_list("m.level", "levels", self.levels)
        if self.tags:
            key = f"{prefix}_tags"
            conds.append(
                "EXISTS (SELECT 1 FROM member_tags st WHERE st.member_id = m.id AND "
                + db.in_list("st.tag", key)
                + ")"
            )
            params[key] = db.list_param(self.tags)
        if self.registered_since:
            conds.append(f"m.registered_at >= :{prefix}_registered")
            params[f"{prefix}_registered"] = datetime.combine(
                self.registered_since, datetime.min.time()
            )
        today = config.today()
        paid_since = (
            "EXISTS (SELECT 1 FROM orders so WHERE so.member_id = m.id AND so.status = 'paid'"
            " AND so.paid_at >= :{key})"
        )
        if self.inactive_days is not None:
            key = f"{prefix}_inactive"
            conds.append("NOT " + paid_since.format(key=key))
            params[key] = datetime.combine(
                today - timedelta(days=self.inactive_days), datetime.min.time()
            )
        if self.bought_within is not None:
            key = f"{prefix}_bought"
            conds.append(paid_since.format(key=key))
            params[key] = datetime.combine(
                today - timedelta(days=self.bought_within), datetime.min.time()
            )
        if self.birthday_month is not None:
            key = f"{prefix}_month"
            if db.is_pg:
                conds.append(f"EXTRACT(MONTH FROM m.birthday) = :{key}")
                params[key] = self.birthday_month
            else:
                conds.append(f"substr(m.birthday, 6, 2) = :{key}")
                params[key] = f"{self.birthday_month:02d}"
        if self.phones_file:
            table = _load_phones(db, self.phones_file, f"{prefix}_phones")
            conds.append(f"EXISTS (SELECT 1 FROM {table} sp WHERE sp.phone = m.phone)")
        if self.segment:
            where, more = load_segment(db, self.segment).where(db, prefix=f"{prefix}_seg")
            conds.append("1 = 1" + where)
            params.update(more)
        return "".join(" AND " + c for c in conds), params


def _known(db: Database, table: str, column: str, values, option: str, how: str) -> None:
    """Every value exists in table.column (one indexed probe each); else NotFound with the
    closest known values (the slow DISTINCT runs only on this error path)."""
    for v in values:
        if db.scalar(f"SELECT 1 FROM {table} WHERE {column} = :v LIMIT 1", {"v": v}):
            continue
        known = [
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL"
            ).fetchall()
        ]
        same = [k for k in known if isinstance(k, str) and k.casefold() == v.casefold()]
        close = same or difflib.get_close_matches(v, known, n=3, cutoff=0.5)
        raise NotFound(
            t("selection.unknown", option=option, value=v),
            hint=t("selection.did_you_mean", values=", ".join(close))
            if close
            else t("selection.see", how=how),
        )


def _load_phones(db: Database, path: str, table: str) -> str:
    """A file of phone numbers (one per line, or a spreadsheet with a phone column) into a
    temporary table; lines that are not mainland mobiles are ignored."""
    from privcli.io import normalize
    from privcli.io.readers import open_sheet

    phones = set()
    for _, cells in open_sheet(path).rows:
        for c in cells:
            c = normalize.clean(c)
            if c is None:
                continue
            try:
                phones.add(normalize.phone(c))
            except normalize.Bad:
                continue
            break
    db.temp_table(table, "phone VARCHAR PRIMARY KEY")
    db.bulk_load(table, ["phone"], [(p,) for p in sorted(phones)])
    return table


# -- named segments ---------------------------------------------------------------------------
def load_segment(db: Database, name: str) -> Selection:
    row = db.one("SELECT filters FROM segments WHERE name = :n", {"n": name})
    if row is None:
        names = [r[0] for r in db.execute("SELECT name FROM segments").fetchall()]
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        raise NotFound(
            t("segments.unknown", name=name),
            hint=t("selection.did_you_mean", values=", ".join(close))
            if close
            else t("segments.see"),
        )
    return Selection.from_json(row["filters"])


def save_segment(db: Database, name: str, sel: Selection, note: str | None = None) -> bool:
    """Store (or replace) a named segment. Returns True when it replaced one."""
    if not name.strip():
        raise UsageError(t("segments.empty_name"))
    if sel.segment:
        raise UsageError(t("segments.nested"))
    if not sel:
        raise UsageError(t("segments.no_filters"))
    if sel.phones_file:
        sel = replace(sel, phones_file=str(Path(sel.phones_file).resolve()))
    sel.check(db)
    now = config.now()
    with db.transaction():
        existed = db.scalar("SELECT 1 FROM segments WHERE name = :n", {"n": name})
        if existed:
            db.execute(
                "UPDATE segments SET filters = :f, note = :note, updated_at = :t WHERE name = :n",
                {"f": sel.to_json(), "note": note, "t": now, "n": name},
            )
        else:
            db.execute(
                "INSERT INTO segments (name, filters, note, created_at, updated_at)"
                " VALUES (:n, :f, :note, :t, :t)",
                {"n": name, "f": sel.to_json(), "note": note, "t": now},
            )
    return bool(existed)


def delete_segment(db: Database, name: str) -> None:
    load_segment(db, name)  # NotFound with suggestions
    with db.transaction():
        db.execute("DELETE FROM segments WHERE name = :n", {"n": name})


def segments(db: Database) -> list[dict]:
    return db.query(
        "SELECT name, filters, note, created_at, updated_at FROM segments ORDER BY name"
    )


FIELD_NAMES = {f.name for f in fields(Selection)}
