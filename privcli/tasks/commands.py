"""`privcli tasks ...`: each guide's daily work list (SOP).

The group is assembled from three modules so that each part of the capability keeps its own
commands: `generate_commands` (rules, generate, explain), `worklist_commands` (list, export,
done, import-results, report) and `push_commands` (push to WeCom)."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Daily guide tasks (每日任务): SOP rules turned into each guide's 15–30 minute work "
    "list, worked through, measured against a holdout, pushed to WeCom.\n\n"
    "Examples: privcli tasks generate --date 2026-12-03 · privcli tasks explain 13812345678 · "
    "privcli tasks export tasks.xlsx --by store",
    no_args_is_help=True,
)


def register(root: typer.Typer, registry) -> None:
    import importlib

    for name in ("generate_commands", "worklist_commands", "push_commands"):
        importlib.import_module(f"privcli.tasks.{name}").register(app)
    root.add_typer(app, name="tasks")
