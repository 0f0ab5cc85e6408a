"""`privcli wecom stats --period P`: per-guide contact statistics (get_user_behavior_data), one
guide per call because WeCom aggregates several userids into one series, stored per guide and
day in `wecom_stats`.

The leaderboard's WeCom metrics read that table: new_contacts (new_contact_cnt), chats
(chat_cnt), reply_rate (reply_percentage: percent of chats the guide replied to, NULL on days
without chats, so a period's rate is SUM(reply_rate * chats) / SUM(chats) over days with chats)
and deletions (negative_feedback_cnt: customers who deleted or blocked the guide).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from privcli.base import config
from privcli.base.db import Database
from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.base.output import Record
from privcli.wecom.client import WecomClient
from privcli.wecom.contacts import follow_users, target_userids

MAX_SPAN = 30  # days per call
MAX_BACK = 180  # days WeCom keeps


def parse_period(text: str, today: date | None = None) -> tuple[date, date]:
    """yesterday | today | 7d (the last 7 days up to yesterday) | 2026-11 (a month) |
    2026-11-01 | 2026-11-01..2026-11-15."""
    today = today or config.today()
    p = text.strip().lower()
    if p in ("yesterday", "today"):
        d = today - timedelta(days=1 if p == "yesterday" else 0)
        first, last = d, d
    elif m := re.fullmatch(r"(\d{1,3})d", p):
        n = int(m[1])
        first, last = today - timedelta(days=n), today - timedelta(days=1)
    elif (m := re.fullmatch(r"(\d{4})-(\d{1,2})", p)) and 1 <= int(m[2]) <= 12:
        first = date(int(m[1]), int(m[2]), 1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    else:
        try:
            a, _, b = p.partition("..")
            first = date.fromisoformat(a)
            last = date.fromisoformat(b) if b else first
        except ValueError:
            raise UsageError(
                t("wecom.bad_period", period=text), hint=t("wecom.period_forms")
            ) from None
    last = min(last, today)
    if first > last:
        raise UsageError(t("wecom.bad_period", period=text), hint=t("wecom.period_forms"))
    if first < today - timedelta(days=MAX_BACK):
        raise UsageError(
            t("wecom.period_too_old", period=text, days=MAX_BACK), hint=t("wecom.period_forms")
        )
    return first, last


def _windows(first: date, last: date):
    while first <= last:
        end = min(last, first + timedelta(days=MAX_SPAN - 1))
        yield first, end
        first = end + timedelta(days=1)


def _epoch(day: date) -> int:
    return int(datetime.combine(day, datetime.min.time(), config.business_tz()).timestamp())


def _day(epoch) -> date:
    return datetime.fromtimestamp(int(epoch), config.business_tz()).date()


def pull_stats(
    db: Database,
    client: WecomClient,
    period: str,
    guides: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Record:
    first, last = parse_period(period)
    userids, notes = target_userids(db, client, guides) if guides else (follow_users(client), [])
    from privcli.wecom.contacts import guide_userids

    to_guide = guide_userids(db)
    rows = []
    skipped = 0
    for i, uid in enumerate(userids):
        gid = to_guide.get(uid)
        if gid is None:
            skipped += 1
            continue
        for a, b in _windows(first, last):
            data = client.post(
                "externalcontact/get_user_behavior_data",
                {"userid": [uid], "start_time": _epoch(a), "end_time": _epoch(b)},
            )
            for r in data.get("behavior_data") or ():
                rows.append(
                    (
                        gid,
                        _day(r["stat_time"]),
                        int(r.get("new_contact_cnt") or 0),
                        int(r.get("chat_cnt") or 0),
                        int(r.get("message_cnt") or 0),
                        r.get("reply_percentage"),
                        r.get("avg_reply_time"),
                        int(r.get("negative_feedback_cnt") or 0),
                        int(r.get("new_apply_cnt") or 0),
                    )
                )
        if progress:
            progress(i + 1)
    now = config.now()
    with db.transaction():
        db.temp_table("stage_stats", "guide_id BIGINT, day DATE")
        db.bulk_load("stage_stats", ["guide_id", "day"], {(r[0], r[1]) for r in rows})
        db.execute(
            "DELETE FROM wecom_stats WHERE EXISTS (SELECT 1 FROM stage_stats s"
            " WHERE s.guide_id = wecom_stats.guide_id AND s.day = wecom_stats.day)"
        )
        db.bulk_load(
            "wecom_stats",
            ["guide_id", "day", "new_contacts", "chats", "messages", "reply_rate",
             "avg_reply_minutes", "deletions", "new_applies", "synced_at"],
            (r + (now,) for r in rows),
        )  # fmt: skip
        db.execute("DROP TABLE stage_stats")
    if skipped:
        notes.append(t("wecom.stats_not_guides", n=skipped))
    return Record(
        {
            "first_day": first.isoformat(),
            "last_day": last.isoformat(),
            "guides": len(userids) - skipped,
            "rows": len(rows),
            "new_contacts": sum(r[2] for r in rows),
            "chats": sum(r[3] for r in rows),
            "deletions": sum(r[7] for r in rows),
            "calls": client.calls,
        },
        title=t("wecom.stats_title"),
        notes=notes,
    )
