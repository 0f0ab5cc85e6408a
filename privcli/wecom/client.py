"""The one WeCom client: every call privcli makes to WeCom goes through `WecomClient`.

What it does for every caller, so no feature does it twice:
- access tokens, one per secret (the 客户联系 app and the message app), cached in memory and in
  a file only its owner can read (`TokenCache`), refreshed 5 minutes before expiry, and when
  WeCom says the token is invalid or expired (40014 / 42001): the call is then retried once;
- 40001 (the secret is wrong) stops at once: retrying a bad secret only gets the IP banned;
- network errors, HTTP 5xx, -1 (busy), 6000 (version conflict), 45009 (frequency limit) and
  45033 (concurrency limit) are retried with exponential backoff and jitter, `retries` times;
- calls are paced to the configured rate (calls per second) and have a timeout;
- cursor pagination (`pages`) is written once;
- every errcode becomes a `WecomError` whose message says what the operator should do (en/zh,
  privcli/wecom/messages.py).

Secrets and tokens never leave the client: error messages are built from the errcode and the
API name, WeCom's errmsg is masked before it is shown, httpx's own request log line (which holds
the full URL, access_token included) is masked by a logging filter, and transport exceptions are
replaced by a WecomError (`from None`, so the request and its URL are not chained).

Tests and bench/ run the client against an in-process fake WeCom server: `use_transport(t)`
makes every client created inside the block send its requests to the httpx transport `t` (and
optionally sleep through a fake `sleep`), nothing else changes. Commands never call it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from privcli import __version__
from privcli.base.errors import PrivcliError
from privcli.base.messages import lookup, t
from privcli.wecom.settings import Settings, mask_url

# errcodes that mean "fetch a new token and try the call again, once"
TOKEN_CODES = frozenset({40014, 42001, 41001})
# errcodes worth waiting for: busy, data version conflict, frequency and concurrency limits
RETRY_CODES = frozenset({-1, 6000, 45009, 45033})
BAD_SECRET = frozenset({40001, 40013, 40091})
REFRESH_MARGIN = 300  # seconds before expiry a cached token is replaced
BACKOFF_BASE, BACKOFF_CAP = 1.0, 60.0

_injected: dict[str, Any] = {}


@contextmanager
def use_transport(transport, *, sleep: Callable[[float], None] | None = None) -> Iterator[None]:
    """Tests and bench/ only: clients created inside talk to `transport` (an httpx transport,
    e.g. the fake WeCom server) and wait with `sleep`."""
    before = dict(_injected)
    _injected.update(transport=transport, sleep=sleep)
    try:
        yield
    finally:
        _injected.clear()
        _injected.update(before)


class WecomError(PrivcliError):
    """A WeCom call that failed for good. `errcode` is WeCom's (None for network/HTTP errors)."""

    def __init__(self, message: str, hint: str | None = None, *, errcode: int | None = None):
        super().__init__(message, hint)
        self.errcode = errcode

    def __reduce__(self):
        return (self.__class__, (self.message, self.hint), {"errcode": self.errcode})


def explain(errcode: int, api: str, errmsg: str = "") -> WecomError:
    """The operator-facing error for an errcode: what happened and what to do."""
    key = f"wecom.err.{errcode}"
    try:
        lookup(key)
    except KeyError:
        return WecomError(
            t("wecom.err.other", code=errcode, api=api, errmsg=mask_url(errmsg)[:200]),
            t("wecom.fix.other", code=errcode),
            errcode=errcode,
        )
    return WecomError(
        t(key, code=errcode, api=api), t(f"wecom.fix.{errcode}", code=errcode), errcode=errcode
    )


class _RedactFilter(logging.Filter):
    """httpx logs every request's full URL at INFO (access_token, corpsecret, webhook key)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_url(record.getMessage())
        record.args = None
        return True


_REDACT = _RedactFilter()


def _quiet_http_logs() -> None:
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if _REDACT not in logger.filters:
            logger.addFilter(_REDACT)


class TokenCache:
    """Access tokens on disk, one file per (corp, secret), named by a hash of both, readable by
    its owner only (directory 0700, file 0600, written atomically). A file someone else could
    read is not trusted: it is removed and the token fetched again."""

    def __init__(self, directory: Path):
        self.dir = Path(directory)

    def path(self, corp_id: str, secret: str) -> Path:
        name = hashlib.sha256(f"{corp_id}\0{secret}".encode()).hexdigest()[:32]
        return self.dir / f"{name}.json"

    def get(self, corp_id: str, secret: str, now: float) -> tuple[str, float] | None:
        p = self.path(corp_id, secret)
        try:
            st = p.stat()
            if st.st_mode & 0o077 or st.st_uid != os.getuid():
                p.unlink()
                return None
            data = json.loads(p.read_text(encoding="utf-8"))
            token, expires = str(data["access_token"]), float(data["expires_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return (token, expires) if expires - REFRESH_MARGIN > now else None

    def put(self, corp_id: str, secret: str, token: str, expires_at: float) -> None:
        self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.dir, 0o700)
        p = self.path(corp_id, secret)
        tmp = p.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, json.dumps({"access_token": token, "expires_at": expires_at}).encode())
        finally:
            os.close(fd)
        os.replace(tmp, p)

    def drop(self, corp_id: str, secret: str) -> None:
        self.path(corp_id, secret).unlink(missing_ok=True)


class _Transient(Exception):
    """A failure worth retrying (network, HTTP 5xx): `what` names it, without any URL."""

    def __init__(self, what: str):
        self.what = what


class WecomClient:
    """Calls WeCom for one configuration. `app` selects the secret: "contact" (the app allowed
    to call 客户联系 APIs) or "app" (the self-built app that sends app messages)."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport=None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ):
        import httpx

        self.settings = settings
        self.cache = TokenCache(settings.token_dir)
        self.sleep = sleep or _injected.get("sleep") or time.sleep
        self.clock, self.wall = clock, wall
        self.interval = 1.0 / settings.rate
        self._next = 0.0
        self._tokens: dict[str, tuple[str, float]] = {}
        # counters, for summaries and bench/
        self.calls = self.retries = self.refreshes = 0
        self.waited = 0.0
        _quiet_http_logs()
        self.http = httpx.Client(
            base_url=settings.base_url,
            timeout=httpx.Timeout(settings.timeout),
            transport=transport or _injected.get("transport"),
            follow_redirects=False,
            headers={"User-Agent": f"privcli/{__version__}"},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> WecomClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- public calls --------------------------------------------------------------------------
    def get(self, api: str, params: dict | None = None, *, app: str = "contact") -> dict:
        return self._call("GET", api, params=params, app=app)

    def post(self, api: str, body: dict, *, app: str = "contact", once: bool = False) -> dict:
        """`once`: a call that must not be repeated blindly (a transfer): a network error is
        raised at once (errcode None) for the caller to find out what WeCom did."""
        return self._call("POST", api, body=body, app=app, once=once)

    def pages(
        self,
        api: str,
        body: dict | None = None,
        *,
        app: str = "contact",
        cursor: str = "cursor",
        next_cursor: str = "next_cursor",
    ) -> Iterator[dict]:
        """Every page of a cursor-paginated POST API, the first with an empty cursor, until
        WeCom returns no next cursor (or is_last)."""
        seen: set[str] = set()
        position = ""
        while True:
            data = self.post(api, {**(body or {}), cursor: position}, app=app)
            yield data
            position = data.get(next_cursor) or ""
            if not position or data.get("is_last"):
                return
            if position in seen:
                raise WecomError(t("wecom.cursor_loop", api=api), t("wecom.fix.retry_later"))
            seen.add(position)

    def webhook(self, url: str, body: dict) -> dict:
        """POST to a group-chat bot webhook (the URL carries its own key; no access token)."""
        return self._call("POST", url, body=body, app=None)

    # -- tokens --------------------------------------------------------------------------------
    def _secret(self, app: str) -> str:
        secret = self.settings.secret(app)
        if not secret:
            self.settings.require("app_secret" if app == "app" else "contact_secret")
        return secret  # type: ignore[return-value]

    def token(self, app: str) -> str:
        """A valid access token for `app`: from memory, the cache file, or gettoken."""
        self.settings.require("corp_id")
        now = self.wall()
        held = self._tokens.get(app)
        if held and held[1] - REFRESH_MARGIN > now:
            return held[0]
        corp, secret = self.settings.corp_id or "", self._secret(app)
        cached = self.cache.get(corp, secret, now)
        if cached is None:
            data = self._call(
                "GET",
                "gettoken",
                params={"corpid": corp, "corpsecret": secret},
                label=f"gettoken ({app} secret)",
            )
            token = str(data["access_token"])
            cached = (token, now + float(data.get("expires_in") or 7200))
            self.cache.put(corp, secret, *cached)
        self._tokens[app] = cached
        return cached[0]

    def _forget(self, app: str) -> None:
        self._tokens.pop(app, None)
        self.cache.drop(self.settings.corp_id or "", self._secret(app))

    # -- the call loop -------------------------------------------------------------------------
    def _call(
        self,
        method,
        api,
        *,
        params=None,
        body=None,
        app: str | None = None,
        label: str = "",
        once: bool = False,
    ) -> dict:
        name = label or _name(api)
        refreshed = False
        attempt = 0
        while True:
            query = dict(params or {})
            if app is not None:
                query["access_token"] = self.token(app)
            try:
                data = self._send(method, api, query, body)
            except _Transient as e:
                if once:
                    raise WecomError(
                        t("wecom.network", api=name, what=e.what, tries=1), t("wecom.fix.network")
                    ) from None
                attempt = self._backoff(name, attempt, None, e.what)
                continue
            code = data.get("errcode", 0)
            if not code:
                return data
            if code in TOKEN_CODES and app is not None and not refreshed:
                self._forget(app)
                refreshed = True
                self.refreshes += 1
                continue
            if code in RETRY_CODES:
                attempt = self._backoff(name, attempt, code, "")
                continue
            if code in BAD_SECRET and api == "gettoken":
                pass  # nothing cached yet; the error says which secret
            elif code in BAD_SECRET and app is not None:
                self._forget(app)
            raise explain(code, name, str(data.get("errmsg") or ""))

    def _send(self, method: str, api: str, query: dict, body: dict | None) -> dict:
        import httpx

        self._pace()
        self.calls += 1
        try:
            params = query or None  # None keeps a webhook URL's own ?key=
            if method == "GET":
                r = self.http.get(api, params=params)
            else:
                content = json.dumps(body or {}, ensure_ascii=False).encode()
                r = self.http.post(
                    api,
                    params=params,
                    content=content,
                    headers={"Content-Type": "application/json"},
                )
        except httpx.TimeoutException:
            raise _Transient("timeout") from None
        except httpx.TransportError as e:
            raise _Transient(type(e).__name__) from None
        if r.status_code >= 500 or r.status_code == 429:
            raise _Transient(f"HTTP {r.status_code}")
        if r.status_code != 200:
            raise WecomError(
                t("wecom.http_status", status=r.status_code, api=_name(api)),
                t("wecom.fix.base_url"),
            )
        try:
            data = r.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise WecomError(t("wecom.not_json", api=_name(api)), t("wecom.fix.base_url"))
        return data

    def _pace(self) -> None:
        now = self.clock()
        if self._next > now:
            self.waited += self._next - now
            self.sleep(self._next - now)
        self._next = max(now, self._next) + self.interval

    def _backoff(self, api: str, attempt: int, code: int | None, what: str) -> int:
        """Wait before retry `attempt` (exponential, with jitter), or give up."""
        if attempt >= self.settings.retries:
            if code is not None:
                raise explain(code, api)
            raise WecomError(
                t("wecom.network", api=api, what=what, tries=attempt + 1), t("wecom.fix.network")
            )
        delay = min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt)
        self.retries += 1
        self.sleep(delay / 2 + random.uniform(0, delay / 2))
        return attempt + 1


def _name(api: str) -> str:
    """An API as messages name it: a webhook URL (which holds its key) is just "webhook"."""
    return "webhook" if "://" in api else api


def open_client(settings: Settings | None = None) -> WecomClient:
    """A client for the effective settings (privcli.wecom.settings.load)."""
    from privcli.wecom.settings import load

    return WecomClient(settings or load())
