"""Messages to staff: app messages (message/send: a textcard, then text messages) and group-chat
bot posts (webhook, Markdown), each split to fit WeCom's byte limits.

These are what `privcli tasks push` (a guide's day: a textcard summary plus the task list in
text messages) and `privcli leaderboard --post` (the board as Markdown) are built on; the
commands themselves belong to the tasks and leaderboard capabilities.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from privcli.wecom.client import WecomClient, WecomError

TEXT_BYTES = 2048  # message/send text.content and markdown.content
CARD_TITLE_BYTES, CARD_DESCRIPTION_BYTES, CARD_URL_BYTES = 128, 512, 2048
CARD_BUTTON_CHARS = 4
WEBHOOK_MARKDOWN_BYTES = 4096  # group bot markdown.content
RECIPIENTS_PER_CALL = 1000


def clip(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` UTF-8 bytes, on a character boundary, marked with "…"."""
    if len(text.encode()) <= limit:
        return text
    room = limit - len(ellipsis.encode())
    cut = text.encode()[:room].decode("utf-8", errors="ignore")
    return cut + ellipsis


def _pieces(line: str, limit: int) -> Iterable[str]:
    """A line longer than `limit` bytes in pieces that fit (never splitting a character)."""
    data = line.encode()
    while len(data) > limit:
        cut = data[:limit].decode("utf-8", errors="ignore")
        yield cut
        data = data[len(cut.encode()) :]
    yield data.decode()


def split_lines(lines: Sequence[str], limit: int, header: Sequence[str] = ()) -> list[str]:
    """Lines joined with newlines into as few messages as fit `limit` bytes each, never
    splitting a line unless it alone is too long; each message starts with `header` (a
    title, a table's header rows) so that every part reads on its own."""
    head = "\n".join(header)
    head_bytes = len(head.encode()) + (1 if head else 0)
    if head_bytes >= limit // 2:
        raise ValueError("header takes half the message or more")
    room = limit - head_bytes
    out: list[str] = []
    body: list[str] = []
    size = 0
    for line in lines:
        for piece in _pieces(line, room):
            n = len(piece.encode()) + (1 if body else 0)
            if body and size + n > room:
                out.append("\n".join([*header, *body]))
                body, size = [], 0
                n = len(piece.encode())
            body.append(piece)
            size += n
    if body or not out:
        out.append("\n".join([*header, *body]))
    return out


def textcard(title: str, description: str, url: str, button: str = "详情") -> dict:
    """A textcard body within its limits (title 128 bytes, description 512, url 2048)."""
    if len(url.encode()) > CARD_URL_BYTES:
        raise ValueError("textcard url over 2048 bytes")
    return {
        "title": clip(title, CARD_TITLE_BYTES),
        "description": clip(description, CARD_DESCRIPTION_BYTES),
        "url": url,
        "btntxt": button[:CARD_BUTTON_CHARS],
    }


@dataclass
class Delivery:
    """Who got an app message: WeCom lists the recipients it could not reach."""

    sent: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    unlicensed: list[str] = field(default_factory=list)
    msgids: list[str] = field(default_factory=list)


def send_app_message(
    client: WecomClient, userids: Sequence[str], msgtype: str, payload: dict
) -> Delivery:
    """message/send to staff, at most 1000 recipients per call. Recipients WeCom cannot reach
    (invaliduser, unlicenseduser, or all of them: 81013) are reported, not raised."""
    settings = client.settings
    settings.require("agent_id", "app_secret")
    out = Delivery()
    for i in range(0, len(userids), RECIPIENTS_PER_CALL):
        part = list(userids[i : i + RECIPIENTS_PER_CALL])
        body = {"touser": "|".join(part), "msgtype": msgtype, "agentid": settings.agent_id,
                msgtype: payload, "safe": 0}  # fmt: skip
        try:
            data = client.post("message/send", body, app="app")
        except WecomError as e:
            if e.errcode != 81013:
                raise
            out.invalid += part
            continue
        invalid = {u for u in (data.get("invaliduser") or "").split("|") if u}
        unlicensed = {u for u in (data.get("unlicenseduser") or "").split("|") if u}
        out.invalid += [u for u in part if u in invalid]
        out.unlicensed += [u for u in part if u in unlicensed and u not in invalid]
        out.sent += [u for u in part if u not in invalid and u not in unlicensed]
        if data.get("msgid"):
            out.msgids.append(data["msgid"])
    return out


def send_card_and_lines(
    client: WecomClient, userid: str, card: dict, lines: Sequence[str], header: Sequence[str] = ()
) -> Delivery:
    """One guide's message: the textcard, then `lines` as text messages within 2048 bytes each.
    A guide WeCom cannot reach gets nothing more after the card."""
    first = send_app_message(client, [userid], "textcard", card)
    if not first.sent:
        return first
    for text in split_lines(lines, TEXT_BYTES, header) if lines else ():
        more = send_app_message(client, [userid], "text", {"content": text})
        first.msgids += more.msgids
    return first


def post_markdown(
    client: WecomClient, url: str, lines: Sequence[str], header: Sequence[str] = ()
) -> int:
    """Post Markdown to a group-chat bot, split into messages of at most 4096 bytes (each
    repeating `header`); returns how many messages were posted."""
    parts = split_lines(lines, WEBHOOK_MARKDOWN_BYTES, header)
    for text in parts:
        client.webhook(url, {"msgtype": "markdown", "markdown": {"content": text}})
    return len(parts)


class GroupPost:
    """The `markdown.post` service (privcli.base.capability): post Markdown lines to a group-chat
    bot, for capabilities that must not import WeCom's code (`privcli leaderboard --post`)."""

    @staticmethod
    def post(url: str | None, lines: Sequence[str], header: Sequence[str] = ()) -> int:
        """`url`: the bot's webhook URL, or None for the configured one (PRIVCLI_WECOM_WEBHOOK,
        [wecom] webhook). Returns the number of messages posted."""
        from privcli.wecom.settings import load

        settings = load()
        if url is None:
            settings.require("webhook")
            url = settings.webhook
        assert url is not None
        with WecomClient(settings) as client:
            return post_markdown(client, url, lines, header)
