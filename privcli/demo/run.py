"""`privcli demo`: build a demo database from samples/ and walk through what privcli does,
printing each command before running it, exactly as a user would type it. Its side files (error
reports, the transfer plan, the export) go to one folder, and it ends by saying how to point
later commands at its database."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from privcli.base.errors import PrivcliError
from privcli.base.messages import t

DEFAULT_DEMO_DB = "privcli-demo.db"


def samples_dir() -> Path:
    """The sample spreadsheets, shipped in the package as privcli/samples (in a checkout, a link
    to ../samples)."""
    from importlib.resources import files

    base = Path(str(files("privcli").joinpath("samples")))
    if not (base / "members.xlsx").exists():
        raise PrivcliError(t("demo.no_samples"))
    return base


def files_dir(db: str) -> Path:
    """The one folder the demo writes its side files to (error reports, the transfer plan, the
    export): ./privcli-demo/ beside ./privcli-demo.db, or named after the --db file given."""
    if "://" in db:
        return Path(Path(DEFAULT_DEMO_DB).stem)
    p = Path(db)
    return p.parent / p.stem


def _prepare(db: str) -> Path:
    folder = files_dir(db)
    if folder.exists() and not folder.is_dir():
        raise PrivcliError(t("demo.not_a_folder", path=folder), hint=t("demo.not_a_folder_hint"))
    if "://" in db:
        return folder
    p = Path(db)
    if p.exists():
        if p.name != DEFAULT_DEMO_DB:
            raise PrivcliError(
                t("demo.exists", path=p), hint=t("demo.exists_hint", default=DEFAULT_DEMO_DB)
            )
        for suffix in ("", "-wal", "-shm"):
            Path(str(p) + suffix).unlink(missing_ok=True)
    return folder


def steps(s: Path, out: Path) -> list[tuple[str, list[str]]]:
    """The demo's command lines, under their titles in the message language: samples from `s`,
    side files into `out`."""
    return [
        (
            t("demo.step_load_chain"),
            ["import", "stores", str(s / "stores.xlsx")],
        ),
        ("", ["import", "guides", str(s / "guides.csv")]),
        (
            t("demo.step_import_members"),
            [
                "import",
                "members",
                str(s / "members.xlsx"),
                "--errors",
                str(out / "member-errors.xlsx"),
            ],
        ),
        (
            t("demo.step_import_orders"),
            [
                "import",
                "orders",
                str(s / "orders_pos.csv"),
                "--errors",
                str(out / "order-errors.csv"),
            ],
        ),
        (
            "",
            [
                "import",
                "orders",
                str(s / "orders_tmall.csv"),
                "--errors",
                str(out / "tmall-errors.csv"),
            ],
        ),
        (
            t("demo.step_import_again"),
            [
                "import",
                "orders",
                str(s / "orders_pos.csv"),
                "--json",
                "--errors",
                str(out / "order-errors.csv"),
            ],
        ),
        (
            t("demo.step_look_up"),
            ["members", "list", "--store", "SH01", "--limit", "5"],
        ),
        ("", ["members", "show", "18235085396"]),
        (
            t("demo.step_departed"),
            ["guides", "list", "--status", "departed"],
        ),
        (
            t("demo.step_plan"),
            ["transfer", "--all-departed", "--dry-run"],
        ),
        (
            t("demo.step_transfer"),
            ["transfer", "--all-departed", "--export", str(out / "transfer-plan.xlsx")],
        ),
        ("", ["transfer", "log"]),
        ("", ["guides", "list", "--store", "SH01"]),
        (t("demo.step_undo"), ["transfer", "undo", "1"]),
        (
            t("demo.step_export"),
            ["export", "members", str(out / "members.xlsx"), "--lang", "zh"],
        ),
    ]


def _shown_url(db: str) -> str:
    """The database as the user may type it: a file as an absolute path, a URL without its
    password (never printed)."""
    if "://" not in db:
        return str(Path(db).resolve())
    from urllib.parse import urlsplit, urlunsplit

    u = urlsplit(db)
    if u.password:
        netloc = f"{u.username}:PASSWORD@{u.hostname}" + (f":{u.port}" if u.port else "")
        return urlunsplit(u._replace(netloc=netloc))
    return db


def run(db: str, invoke: Callable[[list[str]], int | None]) -> None:
    """Run the demo steps against `db`; `invoke(args)` runs one privcli command line."""
    out = _prepare(db)
    s = samples_dir()
    print(t("demo.building", db=db, samples=s, files=out) + "\n")
    for title, args in steps(s, out):
        if title:
            print(f"\n## {title}")
        shown = " ".join(
            shlex.quote(a if not a.startswith(str(s)) else "samples/" + Path(a).name) for a in args
        )
        print(f"$ privcli {shown}", flush=True)
        code = invoke(["--db", db, *args])
        sys.stdout.flush()
        if code not in (None, 0, 3):
            raise PrivcliError(t("demo.step_failed", command=shown, code=code))
    url = _shown_url(db)
    print("\n" + t("demo.done", db=url, files=f"{out}{os.sep}"))
    print(t("demo.point_at_it"))
    print(f"    export PRIVCLI_DB={shlex.quote(url)}")
    print("    privcli members list --limit 5")
