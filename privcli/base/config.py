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


# -- the config file (--config FILE / PRIVCLI_CONFIG) -------------------------------------------
# A TOML file whose sections hold the same settings as the environment, in lower case without
# the PRIVCLI_<SECTION>_ prefix ([wecom] corp_id = "..." is PRIVCLI_WECOM_CORP_ID). The
# environment wins over the file, so a cron line can override one value of a shared file.
_config_path: str | None = None


def set_config_file(path: str | None) -> None:
    """The root command's --config; None falls back to PRIVCLI_CONFIG."""
    global _config_path
    _config_path = path
    _file_sections.cache_clear()


def config_file() -> str | None:
    return _config_path or os.environ.get("PRIVCLI_CONFIG") or None


@lru_cache(maxsize=4)
def _file_sections(path: str) -> dict:
    from privcli.base.errors import UsageError
    from privcli.base.messages import t

    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise UsageError(t("config.not_found", path=path), hint=t("config.check")) from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(t("config.bad_toml", path=path, error=e), hint=t("config.fix")) from None


def setting(section: str, name: str) -> tuple[str | None, str]:
    """(value, where it came from) of PRIVCLI_<SECTION>_<NAME>: the environment, else `name`
    under [section] of the config file, else (None, "default")."""
    env = f"PRIVCLI_{section.upper()}_{name.upper()}"
    value = os.environ.get(env)
    if value not in (None, ""):
        return value, f"env {env}"
    path = config_file()
    if path:
        value = _file_sections(path).get(section, {}).get(name)
        if value not in (None, ""):
            return str(value), f"{path} [{section}] {name}"
    return None, "default"


def wecom_configured() -> bool:
    """True when privcli talks to WeCom: a corp id and a secret are set. The transfer engine
    asks this to decide which moves count toward WeCom's transfer limit (see transfer.plan)."""
    corp, _ = setting("wecom", "corp_id")
    app, _ = setting("wecom", "app_secret")
    contact, _ = setting("wecom", "contact_secret")
    return bool(corp and (app or contact))
