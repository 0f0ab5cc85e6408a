"""The export engine: any table a capability declares (ExportSpec) to a .csv or .xlsx file, or
CSV on standard output (`-`).

Rows stream from the database to the writer a chunk at a time (a server-side cursor on
PostgreSQL), so exporting 20 M members needs no more memory than exporting 20. Personal data is
masked column by column (the spec says which columns) unless --show-pii, and a --show-pii file
is created readable by its owner only; every text cell is guarded against formulas by the
writer. The .xlsx gets the spec's column kinds (ids text, dates real dates, amounts #,##0.00)
and its sheet name in the header language. A failed export leaves no file behind (an older
file of the same name stays as it was).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path

from privcli.base.capability import ExportSpec, load
from privcli.base.db import Database
from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.base.pii import mask_birthdays, mask_names, mask_phones
from privcli.base.selection import Selection
from privcli.io.writers import open_writer

CHUNK = 2000
_COLUMN_MASKS: dict[str, Callable[[list], list]] = {
    "phone": mask_phones,
    "name": mask_names,
    "birthday": mask_birthdays,
}


def _columns(spec: ExportSpec, db: Database, sel: Selection, lang: str, **period) -> Iterator[list]:
    """The spec's rows as chunks of columns."""
    produce = load(spec.rows)
    if spec.columnar:
        yield from produce(db, sel, lang=lang, **period)
        return
    it = produce(db, sel, lang=lang, **period)
    while chunk := list(islice(it, CHUNK)):
        yield [list(c) for c in zip(*chunk)]


def check_period(spec: ExportSpec, registry_exports=()) -> None:
    """Refuse --since/--until on an export whose rows are not dated."""
    if not spec.period:
        dated = ", ".join(f"{e.name}: {e.period}" for e in registry_exports if e.period)
        raise UsageError(
            t("export.no_period", what=spec.name, dated=dated or "-"),
            hint=t("export.no_period_hint"),
        )


def export(
    db: Database,
    spec: ExportSpec,
    path: str | Path,
    sel: Selection,
    *,
    show_pii: bool = False,
    lang: str = "en",
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """Write the selected rows of `spec` to a .csv or .xlsx file (`-`: CSV on standard output).
    `since`/`until`: only rows whose `spec.period` is in [since, until) (either may be open).
    Returns the number of rows."""
    sel.refuse(spec.filters, f"export {spec.name}")
    period = {}
    if since is not None or until is not None:
        check_period(spec)
        period = {"since": since, "until": until}
    sel.check(db)
    masks = [] if show_pii else [(i, _COLUMN_MASKS[kind]) for i, kind in spec.pii.items()]
    writer = open_writer(
        path,
        spec.headers[lang],
        sheet=spec.sheet.get(lang, spec.name),
        kinds=spec.types or None,
        private=show_pii,
    )
    n = 0
    # An export allocates millions of short-lived row tuples and makes no reference cycles:
    # without the cycle collector running every few hundred allocations it is ~10% faster.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        with db.transaction(write=False):
            for chunk in _columns(spec, db, sel, lang, **period):
                for i, mask in masks:
                    chunk[i] = mask(chunk[i])
                writer.writecolumns(chunk)
                n += len(chunk[0])
        writer.close()
    except BaseException:
        writer.abort()
        raise
    finally:
        if gc_was_enabled:
            gc.enable()
    return n
