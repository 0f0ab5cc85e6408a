"""What an import says when it is done: the counts and the error report's path, then the first
problems on stderr."""

from __future__ import annotations

from privcli.base.messages import t, value_labels
from privcli.base.output import Record
from privcli.imports.engine import ImportResult

SHOWN = 10  # problems listed on the terminal; the error report holds them all
SIX = ("rows", "inserted", "updated", "unchanged", "rejected", "warnings")


def summary(result: ImportResult, show_pii: bool = False, counts_only: bool = False) -> Record:
    """The six counts, the kind's own counts (orders: refunds) and `error_report` (the report's
    path, or None: no problem, or --errors none): what `--format json` prints. Notes name the
    first problems (personal data masked unless --show-pii, the wrong part kept in sight).

    `counts_only` (`--json`): exactly the six counts, the summary scripts have parsed since
    0.1 and the import conformance kit pins key for key; the report's path then goes to stderr
    with the notes, so nothing is lost to a person reading the cron mail."""
    notes = []
    if result.dry_run:
        notes.append(t("imports.dry_run"))
    if result.members_created:
        key = "imports.buyers_would_be_added" if result.dry_run else "imports.buyers_added"
        notes.append(t(key, n=result.members_created))
    for p in result.problems[:SHOWN]:
        notes.append(p.describe(show_pii))
    more = result.rejected + result.warnings - min(SHOWN, len(result.problems))
    if more > 0:
        key = "imports.more_problems" if result.errors_path else "imports.more_problems_no_report"
        notes.append(t(key, more=more))
    kind = (value_labels("kind") or {}).get(result.kind, result.kind)
    title = f"{kind} ← {result.file}" + (t("imports.title_dry_run") if result.dry_run else "")
    fields: dict[str, object] = dict(result.summary())
    if counts_only:
        fields = {k: fields[k] for k in SIX}
        if result.errors_path:
            notes.append(t("imports.report_at", path=result.errors_path))
    else:
        fields["error_report"] = str(result.errors_path) if result.errors_path else None
    return Record(fields, title=title, notes=notes, partial=bool(result.rejected))
