"""What an import says when it is done: the counts, then the first problems on stderr."""

from __future__ import annotations

from privcli.base.output import Record
from privcli.imports.engine import ImportResult

SHOWN = 10  # problems listed on the terminal; the error report holds them all


def summary(result: ImportResult, show_pii: bool = False) -> Record:
    """The six counts (what `--format json` prints and scripts rely on), with notes naming the
    first problems (masked by the renderer's rules unless --show-pii) and the error report."""
    notes = []
    if result.dry_run:
        notes.append("dry run: nothing was written")
    if result.members_created:
        verb = "would be added" if result.dry_run else "were added"
        notes.append(f"{result.members_created} order buyers were not members yet and {verb}")
    for p in result.problems[:SHOWN]:
        notes.append(p.describe(show_pii))
    more = result.rejected + result.warnings - min(SHOWN, len(result.problems))
    if more > 0:
        notes.append(f"… and {more} more")
    if result.errors_path:
        notes.append(f"error report: {result.errors_path}")
    title = f"{result.kind} ← {result.file}" + (
        " (dry run: nothing written)" if result.dry_run else ""
    )
    return Record(result.summary(), title=title, notes=notes, partial=bool(result.rejected))
