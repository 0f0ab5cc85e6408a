"""WeCom settings: from the environment (PRIVCLI_WECOM_*) or the [wecom] section of the config
file (--config / PRIVCLI_CONFIG), the environment winning. Each value remembers where it came
from, for `privcli config`. Secrets never leave this object except to the client, which sends
them to WeCom: its repr masks them and `describe` shows only a fingerprint."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from privcli.base import config
from privcli.base.errors import UsageError
from privcli.base.messages import t

DEFAULT_BASE_URL = "https://qyapi.weixin.qq.com/cgi-bin/"

# name (lower case, as under [wecom]; PRIVCLI_WECOM_<NAME> in the environment), default, secret
SPEC: tuple[tuple[str, str | None, bool], ...] = (
    ("corp_id", None, False),
    ("agent_id", None, False),
    ("app_secret", None, True),
    ("contact_secret", None, True),
    ("base_url", DEFAULT_BASE_URL, False),
    ("rate", "20", False),
    ("timeout", "10", False),
    ("retries", "6", False),
    ("token_cache", None, False),
    ("webhook", None, True),
)
SECRETS = frozenset(n for n, _, secret in SPEC if secret)


def fingerprint(secret: str) -> str:
    """What `privcli config` shows of a secret: enough to tell two apart, nothing to use."""
    return "****** (sha256 " + hashlib.sha256(secret.encode()).hexdigest()[:8] + ")"


_URL_SECRET = re.compile(r"((?:access_token|corpsecret|key)=)[^&\s\"']+")


def mask_url(text: str) -> str:
    """A URL or message with its access_token / corpsecret / key query values hidden."""
    return _URL_SECRET.sub(r"\1***", text)


def _default_token_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "privcli" / "wecom"


def _number(name: str, raw: str, source: str, kind=float, minimum: float = 0.0):
    try:
        v = kind(raw)
    except ValueError:
        v = None
    if v is None or v <= minimum:
        raise UsageError(
            t("wecom.bad_setting", name=name, value=raw, source=source),
            hint=t("wecom.see_config"),
        )
    return v


@dataclass(frozen=True)
class Settings:
    corp_id: str | None
    agent_id: int | None
    app_secret: str | None = field(repr=False)
    contact_secret: str | None = field(repr=False)  # falls back to app_secret
    base_url: str = DEFAULT_BASE_URL
    rate: float = 20.0
    timeout: float = 10.0
    retries: int = 6
    token_dir: Path = field(default_factory=_default_token_dir)
    webhook: str | None = field(default=None, repr=False)
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def configured(self) -> bool:
        return bool(self.corp_id and (self.app_secret or self.contact_secret))

    def secret(self, app: str) -> str | None:
        """The secret of `app`: "contact" (客户联系 APIs) or "app" (app messages)."""
        return self.contact_secret if app == "contact" else self.app_secret

    def require(self, *needs: str) -> None:
        """Refuse a command that needs WeCom when the settings it needs are missing."""
        missing = [n for n in needs if not getattr(self, n)]
        if missing:
            raise UsageError(
                t(
                    "wecom.not_configured",
                    names=", ".join(f"PRIVCLI_WECOM_{n.upper()}" for n in missing),
                ),
                hint=t("wecom.configure_hint"),
            )


def load() -> Settings:
    values: dict[str, str | None] = {}
    sources: dict[str, str] = {}
    for name, default, _ in SPEC:
        v, src = config.setting("wecom", name)
        values[name] = v if v is not None else default
        sources[name] = src
    contact = values["contact_secret"]
    if not contact and values["app_secret"]:
        contact = values["app_secret"]
        sources["contact_secret"] = "app_secret"
    agent = values["agent_id"]
    base = values["base_url"] or DEFAULT_BASE_URL
    return Settings(
        corp_id=values["corp_id"],
        agent_id=_number("agent_id", agent, sources["agent_id"], int, -1) if agent else None,
        app_secret=values["app_secret"],
        contact_secret=contact,
        base_url=base if base.endswith("/") else base + "/",
        rate=_number("rate", values["rate"], sources["rate"]),
        timeout=_number("timeout", values["timeout"], sources["timeout"]),
        retries=_number("retries", values["retries"], sources["retries"], int, -1),
        token_dir=Path(values["token_cache"]) if values["token_cache"] else _default_token_dir(),
        webhook=values["webhook"],
        sources=sources,
    )


def describe(s: Settings) -> list[list]:
    """Rows of (setting, value, source) for `privcli config`, secrets masked."""
    rows = []
    for name, _, secret in SPEC:
        key = "token_dir" if name == "token_cache" else name
        v = getattr(s, key)
        if v is not None and secret:
            v = mask_url(v) if name == "webhook" else fingerprint(v)
        rows.append([f"PRIVCLI_WECOM_{name.upper()}", "" if v is None else str(v), s.sources[name]])
    return rows


_URL_PASSWORD = re.compile(r"(://[^/:@]*:)[^@/]*@")

# the settings privcli reads outside WeCom: (name, default)
CORE = (
    ("PRIVCLI_TZ", "Asia/Shanghai"),
    ("PRIVCLI_LANG", "en"),
    ("PRIVCLI_BUSY_TIMEOUT_MS", "300000"),
    ("PRIVCLI_GUIDE_CAP", "50000"),
    ("PRIVCLI_TRANSFER_LIMIT", "2"),
    ("PRIVCLI_TRANSFER_WINDOW_DAYS", "90"),
    ("PRIVCLI_XLSX_STREAM", "by size"),
    ("PRIVCLI_IMPORT_WORKER", "auto"),
)


def shown_sources() -> dict:
    """`privcli config`'s source column as people read it ("env PRIVCLI_DB" →
    "环境变量 PRIVCLI_DB" under zh); JSON and CSV keep the words scripts match."""
    words = {
        "default": t("wecom.source_default"),
        "env": t("wecom.source_env"),
        "option": t("wecom.source_option"),
    }

    def source(v: object) -> str:
        word, _, rest = str(v or "").partition(" ")
        if word in words:
            return f"{words[word]} {rest}".strip()
        return t("wecom.source_file", where=v) if v else ""

    return {"source": source}


def core_rows(db_url: str, db_source: str, config_source: str) -> list[list]:
    """Rows of (setting, value, source) for the database, the config file and the core
    settings; a password in a database URL is masked."""
    rows = [
        ["PRIVCLI_DB", _URL_PASSWORD.sub(r"\1***@", db_url), db_source],
        ["PRIVCLI_CONFIG", config.config_file() or "", config_source],
    ]
    for name, default in CORE:
        v = os.environ.get(name)
        rows.append([name, v if v else default, f"env {name}" if v else "default"])
    return rows
