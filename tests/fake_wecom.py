"""An in-process fake WeCom server: the endpoints privcli calls, implemented with the request and
response shapes of /work/shared/docs/WECOM.md, served through an httpx transport.

It is WeCom's protocol done locally, not a mock of privcli: tokens are issued per secret and
expire, every call is checked for its token and the app's permission, lists are paginated with
opaque cursors, transfers check each customer (follower, 2-per-90-days, pending, receiver
capacity) and answer per item, transfer results are paged, message/send checks byte limits and
reports invalid users. Faults are switched on by tests: `throttle` (45009 for a while),
`expire_tokens` (every issued token becomes 42001), `expire_every` (tokens live N calls),
`fail_network` (the next N requests raise a transport error), `item_errors` / `pair_errors`.

Used by tests/ (through `privcli.wecom.client.use_transport(fake.transport())`) and by
bench/bench_wecom.py, which also reads `cpu` (the server's own CPU time) for its floor.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import httpx

DAY = 86_400
WINDOW = 90 * DAY


@dataclass
class App:
    secret: str
    agentid: int | None = None
    contact: bool = False  # listed under 客户联系 → 可调用接口的应用
    visible: set[str] | None = None  # the app's visible range (None: everyone)


@dataclass
class User:
    userid: str
    status: str = "active"  # active | resigned
    contact: bool = True  # 客户联系 enabled
    licensed: bool = True
    cap: int = 50_000


class Book:
    """Who follows which customer: {userid: [(external_contact, follow_info), ...]}."""

    def __init__(self, data: dict[str, list[tuple[dict, dict]]] | None = None):
        self.data = data or {}
        self.index: dict[str, dict[str, dict]] = defaultdict(dict)
        for uid, items in self.data.items():
            for ext, follow in items:
                self.index[ext["external_userid"]][uid] = follow
        self.contacts = {
            ext["external_userid"]: ext for items in self.data.values() for ext, _ in items
        }

    def count(self, userid: str) -> int:
        return len(self.data.get(userid, ()))

    def slice(self, userid: str, start: int, stop: int) -> Sequence[tuple[dict, dict]]:
        return self.data.get(userid, [])[start:stop]

    def followers(self, external_userid: str) -> set[str]:
        return set(self.index.get(external_userid, ()))

    def exists(self, external_userid: str) -> bool:
        return external_userid in self.contacts


def contact(ext: str, userid: str, *, mobiles=(), name="客户", tags=(), createtime=1_700_000_000,
            add_way=1, remark="") -> tuple[dict, dict]:  # fmt: skip
    """One (external_contact, follow_info) pair as batch/get_by_user returns it."""
    return (
        {"external_userid": ext, "name": name, "type": 1, "gender": 0, "avatar": "",
         "unionid": "", "corp_name": "", "corp_full_name": ""},
        {"userid": userid, "remark": remark, "description": "", "createtime": createtime,
         "tag_id": list(tags), "remark_corp_name": "", "remark_mobiles": list(mobiles),
         "oper_userid": userid, "add_way": add_way, "state": ""},
    )  # fmt: skip


def _cursor(**state) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


def _uncursor(c: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(c + "=" * (-len(c) % 4))) if c else {}


@dataclass
class FakeWecom:
    corp_id: str = "ww0000fake"
    apps: list[App] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    book: Book = field(default_factory=Book)
    tags: list[dict] = field(default_factory=list)  # tag_group[] of get_corp_tag_list
    # (userid, day start epoch) → behavior_data row without stat_time; or a function
    behavior: Callable[[str, int], dict] | None = None
    result_page: int = 1000
    now: float = field(default_factory=time.time)

    def __post_init__(self):
        self.tokens: dict[str, list] = {}  # token → [app, uses left or None, expired]
        self.calls: Counter = Counter()  # api → calls answered
        self.log: list[tuple[str, dict]] = []  # (api, body) of every call but gettoken
        self.throttles: dict[str, list[int]] = {}
        self.expire_every: int | None = None
        self.network_failures = 0
        self.item_errors: dict[str, int] = {}
        self.pair_errors: dict[tuple[str, str], int] = {}
        self.moves: dict[str, set[str]] = {}  # external_userid → followers after takeovers
        self.transfers: dict[tuple[str, str, str], dict[str, dict]] = defaultdict(dict)
        self.history: dict[str, list[float]] = defaultdict(list)  # accepted transfer times
        self.received: list[tuple[str, str]] = []  # (api, external_userid) accepted
        self.sent: list[dict] = []  # message/send bodies accepted
        self.posted: list[dict] = []  # webhook bodies accepted
        self.webhook_keys: set[str] = set()
        self.pending: set[str] = set()  # customers in a takeover not yet decided
        self.taken: Counter = Counter()  # userid → customers taken over (pending or done)
        self.cpu = 0.0

    # -- switches tests use ---------------------------------------------------------------------
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def throttle(self, api: str, after: int = 0, times: int = 10**9) -> None:
        """Answer 45009 to `api` after `after` more successful calls, `times` times."""
        self.throttles[api] = [after, times]

    def expire_tokens(self) -> None:
        for entry in self.tokens.values():
            entry[2] = True

    def fail_network(self, times: int) -> None:
        self.network_failures = times

    def settle(self, decisions: dict[str, int]) -> None:
        """Customers decide: external_userid → status (1 accepted, 3 refused, 4 receiver full)."""
        for (kind, handover, takeover), items in self.transfers.items():
            for ext, item in items.items():
                if ext in decisions and item["status"] == 2:
                    item["status"] = decisions[ext]
                    self.pending.discard(ext)
                    if decisions[ext] != 1:
                        self.taken[takeover] -= 1
                    followers = self.followers(ext)
                    if decisions[ext] == 1:
                        followers.discard(handover)
                        followers.add(takeover)
                    elif kind == "resigned":
                        followers.discard(handover)  # a resigned member's customer is lost
                    self.moves[ext] = followers

    def followers(self, ext: str) -> set[str]:
        return set(self.moves[ext]) if ext in self.moves else self.book.followers(ext)

    # -- the server -----------------------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        t0 = time.thread_time()
        try:
            if self.network_failures:
                self.network_failures -= 1
                raise httpx.ConnectError("connection refused", request=request)
            body = json.loads(request.content) if request.content else {}
            query = {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}
            path = request.url.path.split("/cgi-bin/", 1)[-1]
            data = self.answer(path, request.method, query, body)
            data.setdefault("errcode", 0)
            data.setdefault("errmsg", "ok")
            return httpx.Response(200, json=data)
        finally:
            self.cpu += time.thread_time() - t0

    @staticmethod
    def error(code: int, msg: str = "error") -> dict:
        return {"errcode": code, "errmsg": f"{msg}, hint: [{secrets.token_hex(4)}], from ip: "
                f"203.0.113.9, more info at https://open.work.weixin.qq.com/devtool/query?e={code}"}  # fmt: skip

    def answer(self, path: str, method: str, query: dict, body: dict) -> dict:
        if path == "gettoken":
            return self.gettoken(query)
        if path == "webhook/send":
            if query.get("key") not in self.webhook_keys:
                return self.error(93000, "invalid webhook url")
            return self.webhook(body)
        app, err = self.authorize(query.get("access_token"))
        if err:
            return err
        self.log.append((path, body or {k: v for k, v in query.items() if k != "access_token"}))
        if path in self.throttles:
            after, times = self.throttles[path]
            if after > 0:
                self.throttles[path][0] -= 1
            elif times > 0:
                self.throttles[path][1] -= 1
                return self.error(45009, "api freq out of limit")
        self.calls[path] += 1
        handler = ROUTES.get(path)
        if handler is None:
            return self.error(60001 if method else 0, f"unknown api {path}")
        return handler(self, app, query, body)

    def gettoken(self, query: dict) -> dict:
        self.calls["gettoken"] += 1
        if query.get("corpid") != self.corp_id:
            return self.error(40013, "invalid corpid")
        app = next((a for a in self.apps if a.secret == query.get("corpsecret")), None)
        if app is None:
            return self.error(40001, "invalid credential")
        token = secrets.token_urlsafe(48)
        self.tokens[token] = [app, self.expire_every, False]
        return {"access_token": token, "expires_in": 7200}

    def authorize(self, token: str | None) -> tuple[App | None, dict | None]:
        if not token:
            return None, self.error(41001, "access_token missing")
        entry = self.tokens.get(token)
        if entry is None:
            return None, self.error(40014, "invalid access_token")
        if entry[2] or entry[1] == 0:
            return None, self.error(42001, "access_token expired")
        if entry[1] is not None:
            entry[1] -= 1
        return entry[0], None

    # -- endpoints ------------------------------------------------------------------------------
    def visible(self, app: App, userid: str) -> bool:
        return app.visible is None or userid in app.visible

    def agent_get(self, app: App, query: dict, body: dict) -> dict:
        if app.agentid is None or str(app.agentid) != query.get("agentid"):
            return self.error(301002, "not allow to operate another agent")
        users = [u for u in self.users if self.visible(app, u)]
        return {"agentid": app.agentid, "name": "privcli", "close": 0,
                "allow_userinfos": {"user": [{"userid": u} for u in users]},
                "allow_partys": {"partyid": []}, "allow_tags": {"tagid": []}}  # fmt: skip

    def follow_user_list(self, app: App, query: dict, body: dict) -> dict:
        if not app.contact:
            return self.error(48002, "api forbidden")
        return {
            "follow_user": [
                u.userid for u in self.users.values() if u.contact and self.visible(app, u.userid)
            ]
        }

    def get_by_user(self, app: App, query: dict, body: dict) -> dict:
        if not app.contact:
            return self.error(48002, "api forbidden")
        userids = body.get("userid_list") or []
        if not userids or len(userids) > 100:
            return self.error(40058, "userid_list size must be 1..100")
        limit = min(int(body.get("limit") or 50), 100)
        state = _uncursor(body.get("cursor") or "")
        ui, offset = state.get("u", 0), state.get("o", 0)
        out: list[dict] = []
        while ui < len(userids) and len(out) < limit:
            uid = userids[ui]
            if not self.visible(app, uid):
                ui, offset = ui + 1, 0
                continue
            items = self.book.slice(uid, offset, offset + limit - len(out))
            for ext, follow in items:
                if uid in self.followers(ext["external_userid"]):
                    out.append({"external_contact": ext, "follow_info": follow})
            offset += len(items)
            if offset >= self.book.count(uid):
                ui, offset = ui + 1, 0
        more = ui < len(userids)
        return {
            "external_contact_list": out,
            "next_cursor": _cursor(u=ui, o=offset) if more else "",
        }

    def corp_tags(self, app: App, query: dict, body: dict) -> dict:
        if not app.contact:
            return self.error(48002, "api forbidden")
        groups = self.tags
        if body.get("group_id"):
            groups = [g for g in groups if g["group_id"] in body["group_id"]]
        return {"tag_group": groups}

    def behavior_data(self, app: App, query: dict, body: dict) -> dict:
        if not app.contact:
            return self.error(48002, "api forbidden")
        users, start, end = body.get("userid") or [], body.get("start_time"), body.get("end_time")
        if not users and not body.get("partyid"):
            return self.error(40058, "userid and partyid cannot both be empty")
        if len(users) > 100 or start is None or end is None or end < start:
            return self.error(40058, "invalid parameter")
        start, end = start - start % DAY, end - end % DAY  # rounded down to 00:00 (UTC here)
        if (end - start) // DAY + 1 > 30 or start < self.now - 180 * DAY:
            return self.error(40058, "time range out of limit")
        rows = []
        for day in range(start, end + 1, DAY):
            agg: Counter = Counter()
            reply = []
            for u in users:
                r = self.behavior(u, day) if self.behavior else {}
                for k in ("chat_cnt", "message_cnt", "negative_feedback_cnt", "new_apply_cnt",
                          "new_contact_cnt"):  # fmt: skip
                    agg[k] += r.get(k, 0)
                if "reply_percentage" in r:
                    reply.append((r["reply_percentage"], r.get("avg_reply_time", 0)))
            row = {"stat_time": day, **{k: agg[k] for k in (
                "chat_cnt", "message_cnt", "negative_feedback_cnt", "new_apply_cnt",
                "new_contact_cnt")}}  # fmt: skip
            if agg["chat_cnt"] and reply:
                row["reply_percentage"] = round(sum(p for p, _ in reply) / len(reply), 2)
                row["avg_reply_time"] = round(sum(a for _, a in reply) / len(reply))
            rows.append(row)
        return {"behavior_data": rows}

    def transfer(self, kind: str, app: App, body: dict) -> dict:
        if not app.contact:
            return self.error(48002, "api forbidden")
        handover, takeover = body.get("handover_userid"), body.get("takeover_userid")
        ids = body.get("external_userid") or []
        if not ids:
            return self.error(41035, "external_userid missing")
        if len(ids) > 100:
            return self.error(40058, "external_userid size must be 1..100")
        giver, taker = self.users.get(handover), self.users.get(takeover)
        if giver is None or taker is None:
            return self.error(60111, "userid not found")
        if handover == takeover:
            return self.error(40130, "handover and takeover are the same")
        if kind == "resigned" and giver.status != "resigned":
            return self.error(40097, "handover user not resigned")
        if kind == "in_service" and giver.status == "resigned":
            return self.error(40097, "handover user resigned: use resigned/transfer_customer")
        if taker.status != "active" or not self.visible(app, takeover):
            return self.error(60011, "no privilege to access takeover user")
        if (handover, takeover) in self.pair_errors:
            return self.error(self.pair_errors[(handover, takeover)])
        load = self.book.count(takeover) + self.taken[takeover]
        out = []
        for ext in ids:
            code = self.item_errors.get(ext, 0)
            recent = [t for t in self.history[ext] if t > self.now - WINDOW]
            if code:
                pass
            elif not self.book.exists(ext):
                code = 40096
            elif handover not in self.followers(ext):
                code = 40131
            elif ext in self.pending:
                code = 40129
            elif len(recent) >= 2:
                code = 40128
            elif load >= taker.cap:
                code = 40099
            if not code:
                load += 1
                self.taken[takeover] += 1
                self.pending.add(ext)
                self.history[ext].append(self.now)
                self.transfers[(kind, handover, takeover)][ext] = {
                    "external_userid": ext, "status": 2, "takeover_time": int(self.now + DAY)}  # fmt: skip
                self.received.append((kind, ext))
            out.append({"external_userid": ext, "errcode": code})
        return {"customer": out}

    def transfer_result(self, kind: str, app: App, body: dict) -> dict:
        if not app.contact:
            return self.error(48002, "api forbidden")
        key = (kind, body.get("handover_userid"), body.get("takeover_userid"))
        items = list(self.transfers.get(key, {}).values())
        start = _uncursor(body.get("cursor") or "").get("o", 0)
        page = items[start : start + self.result_page]
        more = start + len(page) < len(items)
        return {
            "customer": [dict(i) for i in page],
            "next_cursor": _cursor(o=start + len(page)) if more else "",
        }

    def message_send(self, app: App, query: dict, body: dict) -> dict:
        if app.agentid is None or body.get("agentid") != app.agentid:
            return self.error(301002, "not allow to operate another agent")
        kind = body.get("msgtype")
        limits = {"text": {"content": 2048}, "markdown": {"content": 2048},
                  "textcard": {"title": 128, "description": 512, "url": 2048}}  # fmt: skip
        if kind not in limits or not isinstance(body.get(kind), dict):
            return self.error(40008, "invalid message type")
        for key, most in limits[kind].items():
            if len(str(body[kind].get(key, "")).encode()) > most:
                return self.error(45002, f"{kind}.{key} size out of limit")
        if kind == "textcard" and len(body[kind].get("btntxt", "")) > 4:
            return self.error(45002, "btntxt size out of limit")
        to = [u for u in (body.get("touser") or "").split("|") if u]
        if len(to) > 1000:
            return self.error(40058, "touser over 1000")
        invalid = [u for u in to if u not in self.users or not self.visible(app, u)]
        unlicensed = [u for u in to if u not in invalid and not self.users[u].licensed]
        reached = [u for u in to if u not in invalid and u not in unlicensed]
        if not reached and not unlicensed:
            return self.error(81013, "user & party & tag all invalid")
        if reached:
            self.sent.append(body)
        return {"invaliduser": "|".join(invalid), "invalidparty": "", "invalidtag": "",
                "unlicenseduser": "|".join(unlicensed), "msgid": secrets.token_hex(8)}  # fmt: skip

    def webhook(self, body: dict) -> dict:
        if body.get("msgtype") != "markdown" or "content" not in body.get("markdown", {}):
            return self.error(40008, "invalid message type")
        if len(body["markdown"]["content"].encode()) > 4096:
            return self.error(45002, "content size out of limit")
        self.posted.append(body)
        return {}


ROUTES: dict[str, Callable[[FakeWecom, App, dict, dict], dict]] = {
    "agent/get": FakeWecom.agent_get,
    "externalcontact/get_follow_user_list": FakeWecom.follow_user_list,
    "externalcontact/batch/get_by_user": FakeWecom.get_by_user,
    "externalcontact/get_corp_tag_list": FakeWecom.corp_tags,
    "externalcontact/get_user_behavior_data": FakeWecom.behavior_data,
    "externalcontact/transfer_customer": lambda f, a, q, b: f.transfer("in_service", a, b),
    "externalcontact/resigned/transfer_customer": lambda f, a, q, b: f.transfer("resigned", a, b),
    "externalcontact/transfer_result": lambda f, a, q, b: f.transfer_result("in_service", a, b),
    "externalcontact/resigned/transfer_result": lambda f, a, q, b: f.transfer_result(
        "resigned", a, b
    ),
    "message/send": FakeWecom.message_send,
}
