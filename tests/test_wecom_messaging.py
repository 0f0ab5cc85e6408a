"""Messages to staff within WeCom's byte limits: app messages (textcard + text) and group-bot
Markdown, sent to the fake WeCom server, which refuses anything over a limit."""

from __future__ import annotations

import pytest
from fake_wecom import User

from privcli.wecom.client import WecomError
from privcli.wecom.messaging import (
    TEXT_BYTES,
    WEBHOOK_MARKDOWN_BYTES,
    clip,
    post_markdown,
    send_card_and_lines,
    split_lines,
    textcard,
)
from privcli.wecom.settings import load

LINES = [
    f"{i + 1}. 联系 王女士（138****{i:04d}）：生日关怀，送 50 元券，顺便邀请到店试穿新款"
    for i in range(120)
]


def client():
    from privcli.wecom.client import WecomClient

    return WecomClient(load())


def test_split_lines_fits_the_byte_limit_and_repeats_the_header():
    parts = split_lines(LINES, TEXT_BYTES, header=["今日任务（续）"])
    assert len(parts) > 1
    assert all(len(p.encode()) <= TEXT_BYTES for p in parts)
    assert all(p.startswith("今日任务（续）\n") for p in parts)
    body = [line for p in parts for line in p.split("\n")[1:]]
    assert body == LINES  # every line once, in order, none cut


def test_a_line_longer_than_a_message_is_cut_on_character_boundaries():
    long = "长" * 1000  # 3,000 bytes
    parts = split_lines([long], TEXT_BYTES)
    assert len(parts) == 2 and "".join(parts) == long
    assert all(len(p.encode()) <= TEXT_BYTES for p in parts)
    assert clip("会员" * 100, 128).endswith("…") and len(clip("会员" * 100, 128).encode()) <= 128


def test_a_guide_gets_the_card_then_the_list_in_text_messages(wecom):
    fake = wecom.fake
    fake.users = {"G1": User("G1"), "G9": User("G9", licensed=False)}
    card = textcard(
        "今日任务 " * 30, "共 120 项：生日关怀 40、沉睡唤醒 80。" * 20, "https://example.com/t"
    )
    with client() as c:
        got = send_card_and_lines(c, "G1", card, LINES, header=["今日任务"])
        assert got.sent == ["G1"]
        texts = [b for b in fake.sent if b["msgtype"] == "text"]
        assert len(texts) == len(split_lines(LINES, TEXT_BYTES, ["今日任务"])) > 1
        assert fake.sent[0]["msgtype"] == "textcard" and fake.sent[0]["agentid"] == 1000002
        # guides WeCom cannot reach are reported and get nothing more
        before = len(fake.sent)
        assert send_card_and_lines(c, "nobody", card, LINES).invalid == ["nobody"]
        assert send_card_and_lines(c, "G9", card, LINES).unlicensed == ["G9"]
        assert len(fake.sent) == before


def test_markdown_to_a_group_bot_is_split_to_fit(wecom):
    fake = wecom.fake
    fake.webhook_keys = {"bot-key-1"}
    url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bot-key-1"
    rows = [f"| {i} | 导购{i:04d} | 上海南京西路店 | {i * 37 % 1000} |" for i in range(300)]
    with client() as c:
        n = post_markdown(
            c,
            url,
            rows,
            header=["**本周新增客户榜**", "| 名次 | 导购 | 门店 | 新增 |", "|---|---|---|---|"],
        )
    assert n == len(fake.posted) > 1
    assert all(
        len(p["markdown"]["content"].encode()) <= WEBHOOK_MARKDOWN_BYTES for p in fake.posted
    )
    with client() as c, pytest.raises(WecomError) as e:
        post_markdown(c, url.replace("bot-key-1", "stale-key"), rows[:3])
    assert "93000" in e.value.message and "stale-key" not in e.value.message + (e.value.hint or "")
