"""Settings read from the environment, so that cron jobs and tests configure privcli the same way."""

from __future__ import annotations

import os
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

DEFAULT_DB = "privcli.db"


def db_url_from_env() -> str:
    return os.environ.get("PRIVCLI_DB") or DEFAULT_DB


@lru_cache(maxsize=1)
def business_tz() -> ZoneInfo:
    """The zone in which "today" and stored wall-clock times are meant (PRIVCLI_TZ)."""
    return ZoneInfo(os.environ.get("PRIVCLI_TZ") or "Asia/Shanghai")


def now() -> datetime:
    """Current wall-clock time in the business zone, naive: that is how times are stored."""
    return datetime.now(business_tz()).replace(tzinfo=None, microsecond=0)


def today() -> date:
    return now().date()


def busy_timeout_ms() -> int:
    """How long SQLite waits for another writer (a cron import) before giving up."""
    return int(os.environ.get("PRIVCLI_BUSY_TIMEOUT_MS") or 300_000)


def guide_cap() -> int:
    """Most customers one guide may hold: WeCom refuses a takeover beyond the member's contact
    limit (errcode 40099); 50,000 per wechatpy, unconfirmed officially, so configurable."""
    return int(os.environ.get("PRIVCLI_GUIDE_CAP") or 50_000)


def transfer_limit() -> tuple[int, int]:
    """WeCom lets one customer be transferred at most N times per D natural days (2 per 90)."""
    return (
        int(os.environ.get("PRIVCLI_TRANSFER_LIMIT") or 2),
        int(os.environ.get("PRIVCLI_TRANSFER_WINDOW_DAYS") or 90),
    )


def import_worker() -> str:
    """PRIVCLI_IMPORT_WORKER: `auto` (default: a worker process normalizes rows for large files
    on a multi-core machine), `on` (always, where fork exists) or `off` (one process)."""
    v = (os.environ.get("PRIVCLI_IMPORT_WORKER") or "auto").strip().lower()
    return {"1": "on", "0": "off", "true": "on", "false": "off"}.get(v, v)
