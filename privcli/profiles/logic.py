"""Import profiles: the --map, --map-status and --sheet options one source system needs, saved
under a name, so that a cron line reads `privcli import orders pos.csv --profile 海鼎POS`."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

from privcli.base import config
from privcli.base.capability import Registry
from privcli.base.db import Database, iso
from privcli.base.errors import NotFound, UsageError
from privcli.base.messages import t
from privcli.base.output import Listing, Record
from privcli.imports.engine import parse_value_maps
from privcli.io.headers import parse_mapping


@dataclass
class Profile:
    name: str
    kind: str | None = None
    sheet: str | None = None
    maps: list[str] = field(default_factory=list)
    status_maps: list[str] = field(default_factory=list)
    note: str | None = None

    def options(self) -> str:
        """The options as they would be typed."""
        parts = [f"--map '{m}'" for m in self.maps] + [
            f"--map-status '{m}'" for m in self.status_maps
        ]
        return " ".join(parts + ([f"--sheet '{self.sheet}'"] if self.sheet else []))


def _check(registry: Registry, p: Profile) -> None:
    """The items parse, and fit the kind when the profile names one."""
    if p.kind is not None:
        if p.kind not in registry.kinds:
            raise UsageError(
                t("profiles.unknown_kind", kind=p.kind, kinds=", ".join(registry.kinds))
            )
        spec = registry.kinds[p.kind]
        parse_mapping(spec, p.maps)
        parse_value_maps(spec, "status", p.status_maps)
        return
    for item in p.maps:
        if "=" not in item or not item.rpartition("=")[0].strip():
            raise UsageError(t("profiles.bad_map", item=item))
    for item in p.status_maps:
        if "=" not in item or not item.rpartition("=")[0].strip():
            raise UsageError(t("profiles.bad_map", item=item))
    if not (p.maps or p.status_maps or p.sheet):
        raise UsageError(t("profiles.empty"))


def save(db: Database, registry: Registry, p: Profile) -> bool:
    """Store (or replace) a profile; True when it replaced one."""
    if not p.name.strip():
        raise UsageError(t("profiles.no_name"))
    _check(registry, p)
    now = config.now()
    values = {"n": p.name, "k": p.kind, "s": p.sheet, "m": json.dumps(p.maps, ensure_ascii=False),
              "sm": json.dumps(p.status_maps, ensure_ascii=False), "note": p.note, "t": now}  # fmt: skip
    with db.transaction():
        existed = db.scalar("SELECT 1 FROM import_profiles WHERE name = :n", {"n": p.name})
        if existed:
            db.execute(
                "UPDATE import_profiles SET kind = :k, sheet = :s, maps = :m, status_maps = :sm,"
                " note = :note, updated_at = :t WHERE name = :n",
                values,
            )
        else:
            db.execute(
                "INSERT INTO import_profiles (name, kind, sheet, maps, status_maps, note,"
                " created_at, updated_at) VALUES (:n, :k, :s, :m, :sm, :note, :t, :t)",
                values,
            )
    return bool(existed)


def load(db: Database, name: str, kind: str | None = None) -> Profile:
    """A saved profile; NotFound with the closest names; refused for another kind than its own."""
    row = db.one("SELECT * FROM import_profiles WHERE name = :n", {"n": name})
    if row is None:
        names = [r[0] for r in db.execute("SELECT name FROM import_profiles").fetchall()]
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        raise NotFound(
            t("profiles.unknown", name=name),
            hint=t("selection.did_you_mean", values=", ".join(close))
            if close
            else t("profiles.see"),
        )
    p = Profile(row["name"], row["kind"], row["sheet"], json.loads(row["maps"]),
                json.loads(row["status_maps"]), row["note"])  # fmt: skip
    if kind is not None and p.kind is not None and p.kind != kind:
        raise UsageError(t("profiles.other_kind", name=name, kind=p.kind, used=kind))
    return p


def delete(db: Database, name: str) -> None:
    load(db, name)
    with db.transaction():
        db.execute("DELETE FROM import_profiles WHERE name = :n", {"n": name})


def listing(db: Database) -> Listing:
    rows = [
        [r["name"], r["kind"], Profile(r["name"], r["kind"], r["sheet"], json.loads(r["maps"]),
                                       json.loads(r["status_maps"])).options(),
         r["note"], iso(r["updated_at"])]
        for r in db.query("SELECT * FROM import_profiles ORDER BY name")
    ]  # fmt: skip
    return Listing(["name", "kind", "options", "note", "updated_at"], rows)


def record(db: Database, name: str) -> Record:
    p = load(db, name)
    return Record({"name": p.name, "kind": p.kind, "sheet": p.sheet, "maps": p.maps,
                   "status_maps": p.status_maps, "options": p.options(), "note": p.note})  # fmt: skip
