"""`privcli tasks rules|generate|explain`: the rules file, a day's tasks, and why a member got
the task it got."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from privcli.base.options import FormatOpt, JsonOpt, ShowPii, emit, fmt_or_json, get_db

_DAY = ["%Y-%m-%d"]
DateOpt = Annotated[
    datetime | None,
    typer.Option("--date", formats=_DAY, help="The task day (default: today, business zone)."),
]
RulesOpt = Annotated[
    Path | None,
    typer.Option("--rules", help="A rules file (TOML); default: the one privcli ships."),
]


def rules() -> None:
    """Print the default rules file, with comments: copy it, edit it, pass it with --rules.

    Examples: privcli tasks rules > rules.toml · privcli tasks generate --rules rules.toml
    """
    import sys

    from privcli.tasks.rules import default_text

    sys.stdout.write(default_text())


def generate(
    ctx: typer.Context,
    date: DateOpt = None,
    rules_file: RulesOpt = None,
    budget_minutes: Annotated[
        int | None,
        typer.Option(min=0, help="Each guide's minutes a day (default: the rules file's, 30)."),
    ] = None,
    store: Annotated[
        str | None, typer.Option("--store", help="Only the guides (and customers) of this store.")
    ] = None,
    holdout: Annotated[
        int | None,
        typer.Option(
            min=0,
            max=90,
            help="Percent of each rule's eligible members kept untasked as its control group "
            "(default: the rules file's, 0).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count what would be generated; write nothing.")
    ] = False,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Generate a day's tasks for every guide from the rules: per guide, highest priority
    first up to the time budget, one task per member, cooldowns, do-not-disturb, control
    groups. Generating a day again replaces its pending tasks and keeps those worked.

    Examples: privcli tasks generate · privcli tasks generate --date 2026-12-03 --json ·
    privcli tasks generate --rules rules.toml --store SH01 --holdout 10 --dry-run
    """
    from privcli.tasks import generate_results
    from privcli.tasks.generate import generate as run
    from privcli.tasks.rules import load

    db = get_db(ctx)
    loaded = load(rules_file)
    result = run(
        db,
        loaded,
        day=date.date() if date else None,
        budget_minutes=budget_minutes,
        holdout=holdout,
        store=store,
        dry_run=dry_run,
    )
    emit(generate_results.generated(result), fmt_or_json(fmt, as_json))


def explain(
    ctx: typer.Context,
    phone: Annotated[str, typer.Argument(help="The member's phone number.")],
    date: DateOpt = None,
    rules_file: RulesOpt = None,
    show_pii: ShowPii = False,
    as_json: JsonOpt = False,
    fmt: FormatOpt = None,
) -> None:
    """Why a member got the task they got: every rule they match on the day, and for each one
    not chosen, why (another rule first, budget full, cooldown, do-not-disturb, control group,
    no active guide, already worked that day).

    Examples: privcli tasks explain 13812345678 · privcli tasks explain 13812345678
    --date 2026-12-03 --json
    """
    from privcli.tasks import generate_results
    from privcli.tasks.explain import explain as run
    from privcli.tasks.rules import load

    db = get_db(ctx)
    loaded = load(rules_file)
    with db.transaction(rollback=True):
        result = run(db, loaded, phone, day=date.date() if date else None)
    emit(generate_results.explained(result), fmt_or_json(fmt, as_json), show_pii)


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
    app.command("generate")(generate)
    app.command("explain")(explain)
