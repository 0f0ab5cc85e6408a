"""`privcli demo`: build a demo database from samples/ and walk through what privcli does,
printing each command before running it, exactly as a user would type it."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from privcli.base.errors import PrivcliError

DEFAULT_DEMO_DB = "privcli-demo.db"


def samples_dir() -> Path:
    """The sample spreadsheets, shipped in the package as privcli/samples (in a checkout, a link
    to ../samples)."""
    from importlib.resources import files

    base = Path(str(files("privcli").joinpath("samples")))
    if not (base / "members.xlsx").exists():
        raise PrivcliError("the sample spreadsheets are missing from this installation")
    return base


def _prepare(db: str) -> None:
    if "://" in db:
        return
    p = Path(db)
    if p.exists():
        if p.name != DEFAULT_DEMO_DB:
            raise PrivcliError(
                f"{p} already exists; the demo builds a new database",
                hint=f"pass a new path, or omit --db to use ./{DEFAULT_DEMO_DB}",
            )
        for suffix in ("", "-wal", "-shm"):
            Path(str(p) + suffix).unlink(missing_ok=True)


def steps(s: Path) -> list[tuple[str, list[str]]]:
    return [
        (
            "Load the chain: stores and guides (an ERP export with title rows; an HR roster)",
            ["import", "stores", str(s / "stores.xlsx")],
        ),
        ("", ["import", "guides", str(s / "guides.csv")]),
        (
            "Import members from a CRM export: messy rows are fixed, bad ones reported, never half-written",
            ["import", "members", str(s / "members.xlsx"), "--errors", "demo-member-errors.csv"],
        ),
        (
            "Import two months of POS orders (GBK) and a Tmall 订单报表",
            ["import", "orders", str(s / "orders_pos.csv"), "--errors", "demo-order-errors.csv"],
        ),
        (
            "",
            ["import", "orders", str(s / "orders_tmall.csv"), "--errors", "demo-tmall-errors.csv"],
        ),
        (
            "Importing the same file again changes nothing",
            [
                "import",
                "orders",
                str(s / "orders_pos.csv"),
                "--json",
                "--errors",
                "demo-order-errors.csv",
            ],
        ),
        (
            "Look members up (phones and names masked unless --show-pii)",
            ["members", "list", "--store", "SH01", "--limit", "5"],
        ),
        ("", ["members", "show", "18235085396"]),
        (
            "Two guides have left (离职): who still owns customers?",
            ["guides", "list", "--status", "departed"],
        ),
        (
            "Plan the handover (离职继承) without writing anything",
            ["transfer", "--all-departed", "--dry-run"],
        ),
        (
            "Do it: a batch, audited member by member",
            ["transfer", "--all-departed", "--export", "demo-transfer-plan.xlsx"],
        ),
        ("", ["transfer", "log"]),
        ("", ["guides", "list", "--store", "SH01"]),
        ("Changed your mind? Undo the batch", ["transfer", "undo", "1"]),
        (
            "Export for Excel (masked; formulas neutralised)",
            ["export", "members", "demo-members.xlsx", "--lang", "zh"],
        ),
    ]


def run(db: str, invoke: Callable[[list[str]], int | None]) -> None:
    """Run the demo steps against `db`; `invoke(args)` runs one privcli command line."""
    _prepare(db)
    s = samples_dir()
    print(f"privcli demo: building {db} from {s}\n")
    for title, args in steps(s):
        if title:
            print(f"\n## {title}")
        shown = " ".join(
            shlex.quote(a if not a.startswith(str(s)) else "samples/" + Path(a).name) for a in args
        )
        print(f"$ privcli {shown}", flush=True)
        code = invoke(["--db", db, *args])
        sys.stdout.flush()
        if code not in (None, 0, 3):
            raise PrivcliError(f"demo step failed: privcli {shown} (exit {code})")
    print(f"\nDone. Explore on your own: privcli --db {db} --help")
