"""The capabilities privcli is made of, in one explicit list. Adding a capability is one new
package plus one line here: the root registers its commands, the schema runner applies its
steps (in this order, so a capability comes after the ones whose tables it references), and its
event handlers are subscribed."""

from __future__ import annotations

from privcli import (
    boards,
    coupons,
    demo,
    export,
    guides,
    imports,
    members,
    orders,
    profiles,
    reports,
    segments,
    targets,
    tasks,
    transfer,
    wecom,
)
from privcli.base import events, schema
from privcli.base.capability import Capability, Registry
from privcli.base.db import Database

CAPABILITIES: tuple[Capability, ...] = (
    guides.CAPABILITY,
    members.CAPABILITY,
    segments.CAPABILITY,
    imports.CAPABILITY,
    profiles.CAPABILITY,
    orders.CAPABILITY,
    export.CAPABILITY,
    transfer.CAPABILITY,
    coupons.CAPABILITY,
    tasks.CAPABILITY,
    wecom.CAPABILITY,
    boards.CAPABILITY,
    targets.CAPABILITY,
    reports.CAPABILITY,
    demo.CAPABILITY,
)

REGISTRY = Registry(CAPABILITIES)


def install() -> Registry:
    """Subscribe every capability's event handlers (idempotent)."""
    for event, handler in REGISTRY.subscriptions():
        events.subscribe(event, handler)
    return REGISTRY


def prepare(db: Database) -> None:
    """Bring a freshly opened database up to this release's schema: once per command."""
    install()
    schema.migrate(db, REGISTRY.schema())


def open_store(url: str | None = None) -> Database:
    """Open and prepare a database (for library use and tests; commands use base.options.get_db)."""
    from privcli.base.db import open_db

    db = open_db(url)
    try:
        prepare(db)
    except BaseException:
        db.close()
        raise
    return db
