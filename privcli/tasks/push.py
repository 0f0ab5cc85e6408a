"""`privcli tasks push`: each guide's pending tasks of a day, sent to the guide's WeCom as app
messages (message/send): a summary (a textcard when a link is configured, else a text message),
then the list in text messages of at most 2048 bytes (privcli.wecom.messaging splits them).

Never twice: every guide's outcome is written to task_pushes (sent | invalid | failed, errcode
kept) in its own transaction as soon as WeCom has answered for that guide, so a run stopped
half-way (Ctrl-C, WeCom unreachable, throttled past the retries) resumes with the next run:
guides already `sent` for the date are skipped unless --resend, `invalid` and `failed` ones are
tried again. Messages also ask WeCom's duplicate check (4 hours, the most it allows), so a
guide whose list stopped after two of five messages does not get those two again when the run
is repeated that morning; --resend turns the check off, to send the same content on purpose.

Whom: a guide's WeCom userid is the guides import's 企微账号 column, else the guide id, as for
sync and transfers (privcli.wecom.contacts.guide_userids). A guide whose id is taken by another
guide's 企微账号 has no userid of their own: listed as not linked, never sent. Recipients WeCom
cannot reach (invaliduser, unlicenseduser, errcode 81013) are listed and stay unsent.

Personal data: the guide must recognise the customer, and privcli masks names and phones in
everything it shows (PIPL). A guide's own customers are in their WeCom contacts, remarked with
the phone number, so "王* 138****8000" is enough to find the customer: that is the default. A
chain that wants full names and numbers in the guides' messages opts in with [tasks] push_pii
(PRIVCLI_TASKS_PUSH_PII=1). The suggested message carries the customer's name; when masking,
that name is masked in it too (the guide addresses the customer in WeCom, not by copy-paste of
a name privcli would otherwise have sent out in full).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from privcli.base import config
from privcli.base.db import Database, iso, load_sql
from privcli.base.errors import NotFound
from privcli.base.messages import lookup, t
from privcli.base.output import Document, Listing, Record
from privcli.base.pii import mask_name, mask_phone
from privcli.guides.logic import load_guides, resolve
from privcli.wecom.client import WecomClient, WecomError, explain
from privcli.wecom.contacts import guide_userids
from privcli.wecom.messaging import TEXT_BYTES, clip, split_lines, textcard

DUPLICATE_CHECK_SECONDS = 4 * 3600  # message/send duplicate_check_interval: 4 hours at most
TOP_ITEMS = 5  # tasks named in the summary
# WeCom delivers at most 30 app messages a minute to one member and drops the rest silently;
# a guide's day stays well under that, leaving room for the chain's other app messages
MESSAGES_PER_GUIDE = 20
ITEM_BYTES = 100  # one summary line at most
# errcodes that say nothing about the guide being sent to (the secret, the app's rights, the
# network, WeCom's limits after the client's retries): the run stops, the rest stays queued
STOP_CODES = frozenset({None, -1, 6000, 40001, 40013, 40014, 40056, 40091, 41001, 42001, 45009,
                        45033, 48002, 60020, 301002})  # fmt: skip
STOP_AFTER_FAILURES = 5  # consecutive guides WeCom refused: something is wrong for all of them
SHOWN = 20  # problem guides named in the notes
TRUE = {"1", "true", "yes", "on", "y"}


@dataclass(frozen=True)
class Style:
    """How the guides' messages look: the textcard link, full personal data or masked, and the
    language (the guides', not the operator's: Chinese unless [tasks] push_lang says en)."""

    url: str | None = None
    show_pii: bool = False
    lang: str = "zh"

    @classmethod
    def load(cls) -> Style:
        url, _ = config.setting("tasks", "push_url")
        pii, _ = config.setting("tasks", "push_pii")
        lang, _ = config.setting("tasks", "push_lang")
        return cls(
            url=url or None,
            show_pii=(pii or "").strip().lower() in TRUE,
            lang="en" if (lang or "").strip().lower().startswith("en") else "zh",
        )

    def say(self, key: str, **values: object) -> str:
        """A message of the catalogue in the guides' language."""
        return _template(key, self.lang).format(**values)


@functools.lru_cache(maxsize=64)
def _template(key: str, lang: str) -> str:
    """The catalogue's text, looked up once: a guide's list says it tens of times."""
    en, zh = lookup(key)
    return zh if lang == "zh" else en


@dataclass
class Task:
    id: int
    name: str | None
    phone: str | None
    rule: str
    minutes: int | None
    priority: int | None
    reason: str | None
    message: str | None
    coupon_code: str | None


@dataclass
class GuidePush:
    """One guide's day: the tasks, what would be sent, and what happened."""

    guide_id: int
    code: str
    name: str | None
    store: str | None
    userid: str | None
    tasks: list[Task] = field(default_factory=list)
    previous: str | None = None  # task_pushes.status of an earlier run
    parts: list[tuple[str, dict]] = field(default_factory=list)  # (msgtype, payload)
    cut: int = 0  # tasks left out of the list to stay within MESSAGES_PER_GUIDE
    status: str = "waiting"
    errcode: int | None = None
    detail: str | None = None
    delivered: int = 0

    @property
    def minutes(self) -> int:
        return sum(task.minutes or 0 for task in self.tasks)

    @property
    def bytes(self) -> int:
        return sum(len("".join(str(v) for v in p.values()).encode()) for _, p in self.parts)


@dataclass
class PushResult:
    day: date
    dry_run: bool
    resend: bool
    guides: list[GuidePush]
    departed_tasks: int = 0
    calls: int = 0
    stopped: WecomError | None = None
    unknown_userid: dict[int, tuple[str, str]] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for g in self.guides if g.status == status)


# -- what to send -------------------------------------------------------------------------------
def _store_ids(db: Database, codes: Sequence[str]) -> list[int]:
    found = dict(
        db.execute(
            "SELECT code, id FROM stores WHERE " + db.in_list("code", "codes"),
            {"codes": db.list_param(list(codes))},
        ).fetchall()
    )
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise NotFound(t("tasks.push_unknown_store", stores=", ".join(unknown)))
    return [found[c] for c in codes]


def collect(
    db: Database, day: date, *, stores: Sequence[str] = (), guides: Sequence[str] = ()
) -> tuple[list[GuidePush], dict[int, tuple[str, str]], int]:
    """The guides to push for `day` with their tasks (one query), each with their WeCom userid
    (None when another guide's 企微账号 took theirs) and the status of an earlier push.
    Also: guide id → (their would-be userid, the guide who has it) for the unlinked ones, and
    the pending tasks of departed guides (in scope), which nobody will get."""
    where, params = "", {"day": iso(day)}
    if stores:
        where += " AND " + db.in_list("g.store_id", "stores")
        params["stores"] = db.list_param(_store_ids(db, stores))
    if guides:
        ids = [g.id for g in resolve(load_guides(db), list(guides))]
        where += " AND " + db.in_list("g.id", "guides")
        params["guides"] = db.list_param(ids)
    by_userid = guide_userids(db)
    userid_of = {gid: uid for uid, gid in by_userid.items()}
    out: dict[int, GuidePush] = {}
    for row in db.execute(load_sql("tasks/push_tasks").replace("/*where*/", where), params):
        gid, code, name, store, *task = row
        g = out.get(gid)
        if g is None:
            g = out[gid] = GuidePush(gid, code, name, store, userid_of.get(gid))
        g.tasks.append(Task(*task))
    unlinked: dict[int, tuple[str, str]] = {}
    missing = [g.guide_id for g in out.values() if g.userid is None]
    if missing:
        codes = dict(db.execute("SELECT id, code FROM guides").fetchall())
        wanted = db.execute(
            "SELECT id, COALESCE(NULLIF(wecom_userid, ''), code) FROM guides WHERE "
            + db.in_list("id", "ids"),
            {"ids": db.list_param(missing)},
        ).fetchall()
        for gid, uid in wanted:
            unlinked[gid] = (uid, codes.get(by_userid.get(uid), ""))
    if out:
        previous = db.execute(
            "SELECT guide_id, status FROM task_pushes WHERE due_on = :day", {"day": iso(day)}
        ).fetchall()
        for gid, status in previous:
            if gid in out:
                out[gid].previous = status
    departed = db.scalar(
        "SELECT COUNT(*) FROM tasks t JOIN guides g ON g.id = t.guide_id WHERE t.due_on = :day"
        " AND t.status = 'pending' AND g.status <> 'active'" + where,
        params,
    )
    return list(out.values()), unlinked, int(departed or 0)


def _masked_in(text: str | None, name: str | None, shown: str | None) -> str | None:
    """`text` with the customer's full name replaced by what the guide is shown."""
    if not text or not name or shown == name:
        return text
    return text.replace(name, shown or "")


def compose(g: GuidePush, day: date, style: Style) -> None:
    """The guide's messages: the summary (textcard with the configured link, else text), then
    the task list in text messages within 2048 bytes, each headed so that it reads alone."""
    lines, top = [], []
    for i, task in enumerate(g.tasks, 1):
        name = task.name if style.show_pii else mask_name(task.name)
        phone = task.phone if style.show_pii else mask_phone(task.phone)
        who = " ".join(v for v in (name, phone) if v)
        what = _masked_in(task.reason, task.name, name) or task.rule
        block = [style.say("tasks.push_item", i=i, who=who, minutes=task.minutes or 0)]
        block.append(what)
        if task.message:
            text = _masked_in(task.message, task.name, name)
            block.append(style.say("tasks.push_item_message", message=text))
        if task.coupon_code:
            block.append(style.say("tasks.push_item_coupon", code=task.coupon_code))
        lines.append("\n".join(block) + "\n")  # a blank line between two tasks
        if i <= TOP_ITEMS:
            top.append(clip(f"{i}. {who}：{what}", ITEM_BYTES))
    when = day.isoformat()
    title = style.say("tasks.push_title", date=when, n=len(g.tasks), minutes=g.minutes)
    description = "\n".join([style.say("tasks.push_top"), *top])
    if len(g.tasks) > TOP_ITEMS:
        description += "\n" + style.say("tasks.push_more", n=len(g.tasks) - TOP_ITEMS)
    if style.url:
        g.parts = [
            ("textcard", textcard(title, description, style.url, style.say("tasks.push_button")))
        ]
    else:  # WeCom requires a textcard's url: without a link, the summary is a text message
        g.parts = [("text", {"content": clip(f"{title}\n{description}", TEXT_BYTES)})]
    header = [style.say("tasks.push_list_header", date=when, name=g.name or g.code)]
    texts = split_lines(lines, TEXT_BYTES, header)
    if len(texts) > MESSAGES_PER_GUIDE - 1:
        # WeCom silently drops what one member receives beyond 30 messages a minute: the list
        # stops at the last task that fits, and says how many are left out
        keep = _fitting(lines, header, MESSAGES_PER_GUIDE - 2)
        texts = split_lines(lines[:keep], TEXT_BYTES, header)
        texts.append(style.say("tasks.push_cut", n=len(lines) - keep, shown=keep))
        g.cut = len(lines) - keep
    g.parts += [("text", {"content": part}) for part in texts]


def _fitting(lines: list[str], header: list[str], most: int) -> int:
    """How many of the first `lines` fit in `most` text messages (binary search)."""
    low, high = 0, len(lines)
    while low < high:
        mid = (low + high + 1) // 2
        if len(split_lines(lines[:mid], TEXT_BYTES, header)) <= most:
            low = mid
        else:
            high = mid - 1
    return low


# -- sending ------------------------------------------------------------------------------------
def _send(client: WecomClient, userid: str, msgtype: str, payload: dict, dedupe: bool) -> str:
    """One app message to one guide: "sent", "invalid" or "unlicensed" (WeCom lists recipients
    it cannot reach rather than failing, unless all are: 81013)."""
    body = {
        "touser": userid,
        "msgtype": msgtype,
        "agentid": client.settings.agent_id,
        msgtype: payload,
        "safe": 0,
        "enable_duplicate_check": 1 if dedupe else 0,
        "duplicate_check_interval": DUPLICATE_CHECK_SECONDS,
    }
    data = client.post("message/send", body, app="app")
    if userid in (data.get("invaliduser") or "").split("|"):
        return "invalid"
    if userid in (data.get("unlicenseduser") or "").split("|"):
        return "unlicensed"
    return "sent"


def deliver(client: WecomClient, g: GuidePush, *, dedupe: bool = True) -> None:
    """Send the guide's messages in order; stop at the first one WeCom refuses. Sets the
    guide's status: sent, invalid (detail invaliduser / unlicenseduser, or errcode 81013) or
    failed (errcode, detail "k of n messages sent"). Raises the WecomError when it is about the
    run, not the guide (STOP_CODES), after setting the status."""
    assert g.userid is not None
    for msgtype, payload in g.parts:
        try:
            answer = _send(client, g.userid, msgtype, payload, dedupe)
        except WecomError as e:
            if e.errcode == 81013:
                g.status, g.errcode, g.detail = "invalid", 81013, "invaliduser"
                return
            g.status, g.errcode = "failed", e.errcode
            g.detail = f"{g.delivered}/{len(g.parts)}"
            if e.errcode in STOP_CODES:
                raise
            return
        if answer != "sent":
            g.status, g.detail = "invalid", f"{answer}user"
            return
        g.delivered += 1
    g.status = "sent"


def _record(db: Database, day: date, g: GuidePush) -> None:
    """The guide's outcome, committed at once (what makes a stopped run resumable)."""
    with db.transaction():
        db.execute(
            "INSERT INTO task_pushes (due_on, guide_id, pushed_at, status, tasks, errcode, detail)"
            " VALUES (:day, :g, :now, :status, :n, :code, :detail)"
            " ON CONFLICT (due_on, guide_id) DO UPDATE SET pushed_at = excluded.pushed_at,"
            " status = excluded.status, tasks = excluded.tasks, errcode = excluded.errcode,"
            " detail = excluded.detail",
            {"day": iso(day), "g": g.guide_id, "now": config.now(), "status": g.status,
             "n": len(g.tasks), "code": g.errcode, "detail": g.detail},
        )  # fmt: skip


def push(
    db: Database,
    client: WecomClient | None,
    day: date,
    *,
    stores: Sequence[str] = (),
    guides: Sequence[str] = (),
    resend: bool = False,
    dry_run: bool = False,
    style: Style | None = None,
    progress: Callable[[int], None] | None = None,
) -> PushResult:
    """Push `day`'s pending tasks to their guides (see the module docstring). With `dry_run`
    (client may be None) nothing is sent or written: each guide's status says what would
    happen (would_send, already_sent, not_linked) with the messages and bytes it would take."""
    style = style or Style.load()
    todo, unlinked, departed = collect(db, day, stores=stores, guides=guides)
    result = PushResult(day, dry_run, resend, todo, departed, unknown_userid=unlinked)
    failures = done = 0
    for g in todo:
        if g.userid is None:
            g.status = "not_linked"
            continue
        if g.previous == "sent" and not resend:
            g.status = "already_sent"
            continue
        compose(g, day, style)
        if dry_run:
            g.status = "would_send"
            continue
        if result.stopped is not None:
            continue  # stays "waiting": the next run sends it
        assert client is not None
        if not done:
            client.token("app")  # a bad secret (40001) fails the command before any guide
        try:
            deliver(client, g, dedupe=not resend)
        except WecomError as e:
            result.stopped = e
        _record(db, day, g)
        failures = failures + 1 if g.status == "failed" else 0
        if failures >= STOP_AFTER_FAILURES and result.stopped is None:
            result.stopped = WecomError(
                t("tasks.push_too_many_failures", n=failures), errcode=g.errcode
            )
        done += 1
        if progress is not None:
            progress(done)
    result.calls = client.calls if client is not None else 0
    return result


# -- the summary --------------------------------------------------------------------------------
STATUSES = (
    "sent",
    "already_sent",
    "would_send",
    "invalid",
    "not_linked",
    "failed",
    "waiting",
)
COLUMNS = ["guide", "store", "userid", "tasks", "minutes", "messages", "bytes", "left_out",
           "status", "errcode", "detail"]  # fmt: skip


def _why(result: PushResult, g: GuidePush) -> str:
    if g.status == "not_linked":
        uid, other = result.unknown_userid.get(g.guide_id, (g.code, ""))
        return t("tasks.push_not_linked_line", guide=g.code, userid=uid, other=other)
    if g.status == "invalid":
        key = (
            "tasks.push_unlicensed_line"
            if g.detail == "unlicenseduser"
            else "tasks.push_invalid_line"
        )
        return t(key, guide=g.code, userid=g.userid)
    message = explain(g.errcode, "message/send").message if g.errcode is not None else ""
    return t(
        "tasks.push_failed_line", guide=g.code, userid=g.userid, sent=g.detail, message=message
    )


def summary(result: PushResult) -> Document:
    """The run: counts (JSON top level and a record), every guide with what it got (a table in
    a dry run; for machines otherwise, people read the problem guides in the notes)."""
    counts = {s: result.count(s) for s in STATUSES}
    attempted = [g for g in result.guides if g.parts and g.status not in ("would_send", "waiting")]
    messages = sum(g.delivered for g in attempted)
    if result.dry_run:
        messages = sum(len(g.parts) for g in result.guides if g.status == "would_send")
    fields = {
        "date": result.day.isoformat(),
        "guides": len(result.guides),
        "tasks": sum(len(g.tasks) for g in result.guides),
        **counts,
        "messages": messages,
        "bytes": sum(g.bytes for g in result.guides if g.status in ("sent", "would_send")),
        "calls": result.calls,
    }
    if result.dry_run:
        fields["dry_run"] = True
    rows = [
        [g.code, g.store, g.userid, len(g.tasks), g.minutes, len(g.parts) or None,
         g.bytes or None, g.cut or None, g.status, g.errcode, g.detail]
        for g in result.guides
    ]  # fmt: skip
    notes = []
    problems = [g for g in result.guides if g.status in ("invalid", "not_linked", "failed")]
    notes += [_why(result, g) for g in problems[:SHOWN]]
    cut = [g for g in result.guides if g.cut]
    notes += [
        t("tasks.push_cut_line", guide=g.code, n=len(g.tasks), most=MESSAGES_PER_GUIDE,
          shown=len(g.tasks) - g.cut)
        for g in cut[:SHOWN]
    ]  # fmt: skip
    if len(problems) > SHOWN:
        notes.append(t("tasks.push_more_problems", n=len(problems) - SHOWN))
    if result.departed_tasks:
        notes.append(t("tasks.push_departed", n=result.departed_tasks))
    if not result.guides:
        notes.append(t("tasks.push_nothing", date=fields["date"]))
    key = "tasks.push_dry_summary" if result.dry_run else "tasks.push_summary"
    notes.append(t(key, **fields))
    if result.stopped is not None:
        notes.append(
            t("tasks.push_stopped", error=result.stopped.message, waiting=counts["waiting"])
        )
    partial = bool(result.stopped or problems) and not result.dry_run
    return Document(
        [
            ("push", Record(fields, title=t("tasks.push_title_record"))),
            (
                "recipients",
                Listing(
                    COLUMNS,
                    rows,
                    detail=not result.dry_run,
                    display={"status": lambda s: t(f"tasks.push_status.{s}")},
                ),
            ),
        ],
        meta={**fields, "stopped": result.stopped.message if result.stopped else None},
        notes=notes,
        partial=partial,
    )
