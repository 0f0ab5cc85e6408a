"""Segments as people see them: filters as typed, and the members they hold today."""

from __future__ import annotations

from privcli.base.db import Database, iso
from privcli.base.messages import t
from privcli.base.output import Listing, Record
from privcli.base.selection import Selection, load_segment, save_segment, segments
from privcli.members.logic import count


def save_and_count(db: Database, name: str, sel: Selection, note: str | None) -> tuple[bool, int]:
    replaced = save_segment(db, name, sel, note)
    return replaced, count(db, Selection(segment=name))


def listing(db: Database) -> Listing:
    rows = []
    for s in segments(db):
        sel = Selection.from_json(s["filters"])
        rows.append([s["name"], sel.describe(), count(db, sel), s["note"], iso(s["updated_at"])])
    return Listing(
        ["name", "filters", "members", "note", "updated_at"], rows, title=t("segments.title")
    )


def record(db: Database, name: str) -> Record:
    sel = load_segment(db, name)
    row = db.one("SELECT note, created_at, updated_at FROM segments WHERE name = :n", {"n": name})
    assert row is not None
    return Record(
        {
            "name": name,
            "filters": sel.describe(),
            "members": count(db, sel),
            "note": row["note"],
            "created_at": iso(row["created_at"]),
            "updated_at": iso(row["updated_at"]),
        },
        title=t("segments.one_title"),
    )
