"""Spreadsheet imports: stores, guides, members, orders."""

from __future__ import annotations

from privcli.core.imports.engine import ImportResult, run_import


def kind_for(name: str, db):
    from privcli.core.imports.directory import Guides, Stores
    from privcli.core.imports.members import Members
    from privcli.core.imports.orders import Orders

    return {"stores": Stores, "guides": Guides, "members": Members, "orders": Orders}[name](db)


def import_file(db, kind: str, path, **options) -> ImportResult:
    return run_import(db, kind_for(kind, db), path, **options)


__all__ = ["ImportResult", "import_file", "kind_for"]
