"""`--since D --until D`: a range of whole days in the business time zone, both days included.

D takes the date forms imports read (2026-12-01, 2026/12/1, 2026.12.1, 2026年12月1日, 20261201)
and the words a daily cron line needs: `today` and `yesterday` (今天, 昨天), meant in the business
zone (PRIVCLI_TZ, Asia/Shanghai by default), not the server's: a cron job at 00:30 in Shanghai
on a UTC server still gets yesterday in Shanghai.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from privcli.base import config
from privcli.base.errors import UsageError
from privcli.base.messages import t
from privcli.io import normalize

_WORDS = {"today": 0, "今天": 0, "yesterday": 1, "昨天": 1}


def parse_day(option: str, value: str, today: date | None = None) -> date:
    """A day given on the command line."""
    word = value.strip().lower()
    if word in _WORDS:
        return (today or config.today()) - timedelta(days=_WORDS[word])
    try:
        # a bare number is not an Excel serial on a command line: only 8 digits (20261201)
        if word.isdigit() and len(word) != 8:
            raise normalize.Bad(t("export.date_such_as"))
        return date.fromisoformat(normalize.day(value))
    except normalize.Bad as e:
        raise UsageError(
            t("export.bad_day", option=option, value=value, reason=str(e)),
            hint=t("export.bad_day_hint"),
        ) from None


def period(
    since: str | None, until: str | None, today: date | None = None
) -> tuple[datetime | None, datetime | None]:
    """(start, end) of the days from `since` to `until` inclusive, as wall-clock datetimes: rows
    dated `start <= at < end`. Either may be open (None)."""
    first = parse_day("--since", since, today) if since else None
    last = parse_day("--until", until, today) if until else None
    if first and last and first > last:
        raise UsageError(
            t("export.empty_period", since=first, until=last), hint=t("export.empty_period_hint")
        )
    start = datetime.combine(first, datetime.min.time()) if first else None
    end = datetime.combine(last + timedelta(days=1), datetime.min.time()) if last else None
    return start, end
