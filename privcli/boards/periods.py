"""Periods as ops staff name them: `today`, `week`, `last-month`, `2026-11`, `2026-W47`,
`2026-11-01..2026-11-15` for boards and reports; `2026`, `2026-11`, `2026-Q4` for targets.

Days are business days (config.today(), Asia/Shanghai unless PRIVCLI_TZ); weeks start on Monday
(ISO weeks). A period is a range of whole days; a period still running (this week, this month)
is compared with the same number of days at the start of the previous one, so that the tenth
of the month is measured against the first ten days of last month, not all of it.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from privcli.base import config
from privcli.base.errors import UsageError
from privcli.base.messages import t

BOARD_FORMS = "today, yesterday, week, last-week, month, last-month, YYYY-MM, YYYY-Www, FROM..TO"
TARGET_FORMS = "YYYY, YYYY-MM, YYYY-Qn"


@dataclass(frozen=True)
class Period:
    """Whole days `start`..`end` (inclusive). `unit`: day | week | month | quarter | year |
    range, what "the previous period" steps back by. `full_end`: the last day of the calendar
    unit when the period is cut at today (a month in progress), else `end`."""

    label: str
    start: date
    end: date
    unit: str
    full_end: date | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as wall-clock times, for comparisons with stored timestamps."""
        return at_midnight(self.start), at_midnight(self.end + timedelta(days=1))

    @property
    def target_period(self) -> str | None:
        """The target period (YYYY-MM) this period is, when it is a calendar month."""
        if self.unit == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return None

    def previous(self) -> Period:
        """The period before, of equal length: the previous day, week or month (cut to as
        many days as this one has when this one is still running), or for a range the as
        many days just before it."""
        n = self.days
        if self.unit == "month":
            first = (self.start.replace(day=1) - timedelta(days=1)).replace(day=1)
            last_day = monthrange(first.year, first.month)[1]
            full = self.full_end is None or self.end >= self.full_end
            end = first.replace(day=last_day) if full else first.replace(day=min(n, last_day))
            return Period(f"{first:%Y-%m}", first, end, "month")
        step = {"day": 1, "week": 7}.get(self.unit, n)
        start = self.start - timedelta(days=step)
        return Period(
            _label(start, start + timedelta(days=n - 1)),
            start,
            start + timedelta(days=n - 1),
            self.unit if self.unit in ("day", "week") else "range",
        )

    def describe(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def at_midnight(d: date) -> datetime:
    return datetime.combine(d, time.min)


def _label(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


def _to_date(text: str, forms: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            t("boards.bad_period", value=text), hint=t("boards.period_forms", forms=forms)
        ) from None


def _running(p: Period, today: date) -> Period:
    """A calendar unit that contains today ends today (what has happened so far)."""
    if p.start <= today < p.end:
        return Period(p.label, p.start, today, p.unit, full_end=p.end)
    return p


def board_period(text: str, today: date | None = None) -> Period:
    """Parse a board/report period; an impossible one is refused with the accepted forms."""
    today = today or config.today()
    s = (text or "").strip().lower()
    monday = today - timedelta(days=today.weekday())
    if s == "today":
        return Period("today", today, today, "day")
    if s == "yesterday":
        y = today - timedelta(days=1)
        return Period("yesterday", y, y, "day")
    if s == "week":
        return _running(Period("week", monday, monday + timedelta(days=6), "week"), today)
    if s == "last-week":
        m = monday - timedelta(days=7)
        return Period("last-week", m, m + timedelta(days=6), "week")
    if s == "month":
        return _running(month_period(today.year, today.month, "month"), today)
    if s == "last-month":
        last = today.replace(day=1) - timedelta(days=1)
        return month_period(last.year, last.month, "last-month")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", s):
        return _running(month_period(int(m[1]), int(m[2]), text.strip()), today)
    if m := re.fullmatch(r"(\d{4})-?w(\d{1,2})", s):
        year, week = int(m[1]), int(m[2])
        try:
            start = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise UsageError(
                t("boards.bad_period", value=text),
                hint=t("boards.period_forms", forms=BOARD_FORMS),
            ) from None
        label = f"{year}-W{week:02d}"
        return _running(Period(label, start, start + timedelta(days=6), "week"), today)
    if ".." in s:
        a, _, b = s.partition("..")
        start, end = _to_date(a, BOARD_FORMS), _to_date(b, BOARD_FORMS)
        if end < start:
            raise UsageError(
                t("boards.backwards_period", value=text),
                hint=t("boards.period_forms", forms=BOARD_FORMS),
            )
        return Period(_label(start, end), start, end, "range")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        d = _to_date(s, BOARD_FORMS)
        return Period(d.isoformat(), d, d, "day")
    raise UsageError(
        t("boards.bad_period", value=text), hint=t("boards.period_forms", forms=BOARD_FORMS)
    )


def month_period(year: int, month: int, label: str | None = None) -> Period:
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        raise UsageError(
            t("boards.bad_period", value=label or f"{year}-{month}"),
            hint=t("boards.period_forms", forms=BOARD_FORMS),
        )
    start = date(year, month, 1)
    end = start.replace(day=monthrange(year, month)[1])
    return Period(label or f"{year:04d}-{month:02d}", start, end, "month")


def target_period(text: str) -> Period:
    """A target period: YYYY, YYYY-MM or YYYY-Qn (also 2026年, 2026年3月, 2026Q1). The label is
    the canonical form targets are stored under."""
    s = re.sub(r"\s+", "", str(text or "")).upper().replace("年", "-").replace("月", "")
    s = s.rstrip("-")
    if m := re.fullmatch(r"(\d{4})", s):
        y = int(m[1])
        return Period(f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year")
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", s):
        y, q = int(m[1]), int(m[2])
        start = date(y, 3 * q - 2, 1)
        end_month = 3 * q
        end = date(y, end_month, monthrange(y, end_month)[1])
        return Period(f"{y:04d}-Q{q}", start, end, "quarter")
    if (m := re.fullmatch(r"(\d{4})-?(\d{1,2})", s)) and 1 <= int(m[2]) <= 12:
        return month_period(int(m[1]), int(m[2]))
    raise UsageError(
        t("boards.bad_target_period", value=text),
        hint=t("boards.period_forms", forms=TARGET_FORMS),
    )
