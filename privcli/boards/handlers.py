"""How the boards capability keeps its summary exact as the rest of privcli changes members."""

from __future__ import annotations

from privcli.base.db import Database
from privcli.boards import customers


def owners_moved(db: Database, **_) -> None:
    """A transfer, an undo or an import changed owners: move the customers between guides."""
    customers.owners_moved(db)


def import_finished(db: Database, *, dry_run: bool = False, **_) -> None:
    """An import may have added members (a members import, or buyers of an orders import):
    count them in."""
    if not dry_run:
        customers.catch_up(db)
