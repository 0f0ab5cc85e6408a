"""Cell normalizers for messy real-world exports.

Each function takes a raw cell (str/int/float/date/datetime/None, after `clean`) and returns the
canonical value, or raises `Bad(reason)`. They are on the hot path of million-row imports, so each
has a fast path for the common well-formed value before the general parsing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from privcli.base.messages import t

EMPTY_MARKERS = frozenset({"", "暂无", "未支付", "-", "--", "——", "—", "null", "NULL", "None"})
_EXCEL_EPOCH = datetime(1899, 12, 30)


class Bad(ValueError):
    """A cell that cannot be normalized; the message says what was expected."""


def clean(v):
    """Strip export artefacts: a leading ' or tab (text-forcing), a ="…" wrapper (Taobao), and
    the placeholders that mean "no value" (暂无, -, --, ——, 未支付, a lone space)."""
    if v.__class__ is not str:
        return v
    s = v.strip()
    if not s:
        return None
    c = s[0]
    if c == "'" or c == "\t" or c == "`":
        s = s[1:].strip()
    elif c == "=" and s.startswith('="') and s.endswith('"'):
        s = s[2:-1].strip()
    if s in EMPTY_MARKERS:
        return None
    return s


def fold(s: str) -> str:
    """Full-width → half-width (NFKC), so that １３８ and （元） compare as 138 and (元)."""
    return unicodedata.normalize("NFKC", s)


# -- phone ----------------------------------------------------------------------------------------
_PHONE_STRIP = re.compile(r"[\s\-()（）.·]")
_FLOAT_TEXT = re.compile(r"(\+?\d+)\.0+")


def is_masked(v) -> bool:
    return v.__class__ is str and "*" in v


def phone(v) -> str:
    """Mainland mobile: 11 digits, 1[3-9]…, after removing spaces, dashes and +86/86/0086."""
    if v.__class__ is str:
        if len(v) == 11 and v.isascii() and v.isdigit() and v[0] == "1" and v[1] in "3456789":
            return v
        s = fold(v).strip()
        if "*" in s:
            raise Bad(t("io.masked_phone"))
        if s.endswith("0") and (m := _FLOAT_TEXT.fullmatch(s)):
            s = m[1]  # a numeric cell saved as text: 13800138000.0
        s = _PHONE_STRIP.sub("", s)
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        if isinstance(v, float) and not v.is_integer():
            raise Bad(t("io.not_phone"))
        s = str(int(v))
    else:
        raise Bad(t("io.not_phone"))
    if s.startswith("+"):
        s = s[1:]
    if len(s) == 15 and s.startswith("0086"):
        s = s[4:]
    elif len(s) == 13 and s.startswith("86"):
        s = s[2:]
    if not s.isdigit() or not s.isascii():
        raise Bad(t("io.phone_11"))
    if len(s) != 11:
        raise Bad(t("io.phone_digits", n=len(s)))
    if s[0] != "1" or s[1] not in "3456789":
        raise Bad(t("io.phone_prefix"))
    return s


# -- dates ----------------------------------------------------------------------------------------
_DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.\d+)?)?秒?)?\s*$"
)
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2}):?(\d{2})?)?$")
_BARE_NUMBER = re.compile(r"[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")
FIRST_DAY = "1900-01-01"  # no business date is older (birthdays, registrations, payments)


def _from_serial(x: float) -> datetime:
    if not 1 <= x < 2958466:
        raise Bad(t("io.excel_date_range"))
    return _EXCEL_EPOCH + timedelta(days=x)


def _parse_dt(v) -> datetime:
    if isinstance(v, datetime):
        return v.replace(tzinfo=None, microsecond=0)
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if 19000101 <= v <= 21001231 and float(v).is_integer():
            return _parse_dt(str(int(v)))
        return _from_serial(float(v)).replace(microsecond=0)
    if v.__class__ is not str:
        raise Bad(t("io.expected_date"))
    s = fold(v).strip()
    m = _DATE_RE.match(s) or _COMPACT_RE.match(s)
    if m:
        y, mo, d, hh, mi, ss = m.groups()
        try:
            return datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0))
        except ValueError:
            raise Bad(t("io.no_such_date")) from None
    if _BARE_NUMBER.fullmatch(s):
        # 45000 is an Excel serial only in a number cell of an .xlsx (float, handled above);
        # as text (any CSV cell) it is as likely an amount or a code typed in the wrong column
        raise Bad(t("io.bare_number_date"))
    raise Bad(t("io.date_such_as"))


def day(v) -> str:
    """A calendar date as ISO text (YYYY-MM-DD)."""
    if v.__class__ is str and len(v) == 10 and v[4] == "-" and v[7] == "-":
        try:
            date.fromisoformat(v)
            return v
        except ValueError:
            pass
    return _parse_dt(v).date().isoformat()


def moment(v) -> str:
    """A wall-clock timestamp as ISO text (YYYY-MM-DD HH:MM:SS), in the business zone as given."""
    if v.__class__ is str and len(v) == 19 and v[16] == ":" and v[10] == " ":
        try:
            datetime.fromisoformat(v)
            return v
        except ValueError:
            pass
    return _parse_dt(v).isoformat(" ")


def business_period(today: date) -> Callable[[str], str]:
    """A check of a normalized timestamp (moment()): from 1900 to the day after `today`, the
    import day (a clock a day ahead is tolerated, a registration or payment in 2099 is not).
    Raises Bad naming the range; returns the value."""
    last = (today + timedelta(days=1)).isoformat()
    stop = (today + timedelta(days=2)).isoformat()  # ISO text compares in time order

    def check(m: str) -> str:
        if FIRST_DAY <= m < stop:
            return m
        when = t("io.before_1900" if m < FIRST_DAY else "io.in_future")
        raise Bad(t("io.out_of_period", when=when, first=FIRST_DAY, last=last))

    check.stop = stop  # type: ignore[attr-defined]  (for callers that compare inline)
    return check


def birthday(v, today: date) -> str:
    d = day(v)
    if not ("1900-01-01" <= d <= today.isoformat()):
        raise Bad(t("io.birthday_range"))
    return d


# -- numbers --------------------------------------------------------------------------------------
BIGINT_MAX = 2**63 - 1  # orders.amount_fen is a BIGINT (signed 64-bit) on both databases
INT32_MAX = 2**31 - 1  # members.points is an INTEGER: 32-bit on PostgreSQL (models.py)
_AMOUNT_FAST = re.compile(r"([0-9]{1,15})(?:\.([0-9][0-9]?))?")  # 88, 129.5, 1299.00
# One optional sign (before or after a leading currency mark), one optional currency mark on
# either side, and a number: plain (1299.5), grouped by thousands (1,299.00: groups of exactly
# 3), or European (1.299,00: dot-grouped with a comma decimal of 1-2 digits; the only
# unambiguous form). Whether decimals beyond the second are zeros is checked after the match.
_AMOUNT = re.compile(
    r"\s*(-)?\s*(?:(?:¥|RMB|CNY|元)\s*(-)?\s*)?"
    r"(?:([0-9]+(?:\.[0-9]+)?|\.[0-9]+)"  # 3 plain
    r"|([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?)"  # 4 thousands grouped by commas
    r"|([0-9]{1,3}(?:\.[0-9]{3})+,[0-9]{1,2}))"  # 5 European
    r"\s*(?:元|RMB|CNY)?\s*",
    re.I,
)
_AMOUNT_SCI = re.compile(r"[^eE]*[0-9][eE][-+]?[0-9]+\D*")
_AMOUNT_TEXT_MAX = 64  # longer text is no amount (and is never memoized as one)


def _fen_range(f: int) -> int:
    if -BIGINT_MAX <= f <= BIGINT_MAX:
        return f
    raise Bad(t("io.amount_range"))


def fen(v) -> int:
    """Money to integer fen: ¥1,299.00, 1299.5元, -12, 1.299,00, numeric cells. Anything else
    raises Bad rather than guess: 1,2,3 or 1e-10 are not money, and 1.299,00 is ¥1,299, not
    ¥1.30. More than 2 decimals only when the extra ones are zeros (a float from Excel
    arithmetic, 12.34999999999, counts as 12.35)."""
    if v.__class__ is str:
        m = _AMOUNT_FAST.fullmatch(v)
        if m is not None:
            d = m[2]
            return int(m[1]) * 100 + (0 if d is None else int(d) * 10 if len(d) == 1 else int(d))
        if len(v) > _AMOUNT_TEXT_MAX:
            raise Bad(t("io.amount_expected"))
        s = fold(v).replace("\u2212", "-")  # NFKC keeps the minus sign −
        m = _AMOUNT.fullmatch(s)
        if m is None or (m[1] and m[2]):
            if s.count("-") + s.count("+") > 1:
                raise Bad(t("io.amount_signs", expected=t("io.amount_expected")))
            if _AMOUNT_SCI.fullmatch(s):
                raise Bad(t("io.amount_scientific", expected=t("io.amount_expected")))
            raise Bad(t("io.amount_expected"))
        if m[3] is not None:
            whole, _, frac = m[3].partition(".")
        elif m[4] is not None:
            whole, _, frac = m[4].replace(",", "").partition(".")
        else:
            whole, _, frac = m[5].replace(".", "").partition(",")
        if len(frac) > 2:
            if frac[2:].strip("0"):
                raise Bad(t("io.amount_decimals"))
            frac = frac[:2]
        f = int(whole or "0") * 100 + int(frac.ljust(2, "0"))
        return _fen_range(-f if m[1] or m[2] else f)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise Bad(t("io.amount_expected"))
        r = round(v, 2)
        if abs(v - r) > 1e-6:  # not a 2-decimal value, nor a binary-float artefact of one
            raise Bad(t("io.amount_decimals"))
        return _fen_range(int((Decimal(repr(r)) * 100).to_integral_value(ROUND_HALF_UP)))
    if isinstance(v, int) and not isinstance(v, bool):
        return _fen_range(v * 100)
    raise Bad(t("io.amount_expected"))


def integer(v) -> int:
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, float):
        if v.is_integer():
            return int(v)
        raise Bad(t("io.whole_number"))
    if v.__class__ is str:
        s = fold(v).replace(",", "").replace(" ", "")
        if len(s) > 40:  # (int() refuses 4,300+ digits with a ValueError, not a Bad)
            raise Bad(t("io.whole_number"))
        if s.isdigit():
            return int(s)
        try:
            f = float(s)
        except ValueError:
            raise Bad(t("io.whole_number")) from None
        if f.is_integer():
            return int(f)
    raise Bad(t("io.whole_number"))


def points(v) -> int:
    """Loyalty points: a whole number that fits the points column, an INTEGER (32-bit on
    PostgreSQL; SQLite would take 64 bits, and beyond that raised OverflowError)."""
    n = integer(v)
    if not -INT32_MAX - 1 <= n <= INT32_MAX:
        raise Bad(t("io.points_range", max=f"{INT32_MAX:,}"))
    return n


def text(v) -> str:
    """Free text; numeric cells become their integer form (a card number typed as a number)."""
    if v.__class__ is str:
        return v
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.isoformat(" ")
    return str(v)


def code(v) -> str:
    """An identifier cell (store code, guide id, order number): text, folded to half-width."""
    s = text(v)
    return s if s.isascii() else fold(s).strip()


_GENDER = {
    "男": "M",
    "m": "M",
    "male": "M",
    "1": "M",
    "先生": "M",
    "女": "F",
    "f": "F",
    "female": "F",
    "2": "F",
    "女士": "F",
}


def gender(v) -> str | None:
    """M / F, anything else unknown (None): never a reason to reject or warn."""
    return _GENDER.get(text(v).strip().lower())


_TAG_SPLIT = re.compile(r"[,，;；、]")


def tags(v) -> list[str]:
    out: list[str] = []
    for tag in _TAG_SPLIT.split(text(v)):
        tag = tag.strip()
        if tag and tag not in out:
            out.append(tag)
    return out


# -- order fields ---------------------------------------------------------------------------------
_PAID = {
    "销售",
    "正常",
    "交易成功",
    "交易完成",
    "已完成",
    "已付款",
    "待发货",
    "已发货",
    "待收货",
    "已收货",
    "买家已付款,等待卖家发货",
    "卖家已发货,等待买家确认",
    "已支付",
    "paid",
    "completed",
    # JD, Pinduoduo, Douyin, Youzan fulfilment states: paid, not yet delivered
    "完成",
    "等待出库",
    "等待确认收货",
    "已发货,待收货",
    "已签收",
    "备货中",
    "待出库",
    "已发货,待签收",
    "待签收",
}
_CANCELLED = {"已关闭", "交易关闭", "已取消", "待付款", "等待买家付款", "cancelled", "closed"}
_REFUNDED = {"已退款", "退货", "已退货", "退款成功", "退货成功", "refunded"}
# paid, but money may still go back: imported as paid with a warning (re-import when settled)
AFTERSALE, PARTIAL = "paid?aftersale", "paid?partial"
_AFTERSALE = {"售后中", "退款中", "退货中", "申请退款", "退款处理中"}
_PARTIAL = {"部分退款", "部分退货"}
_SCI = re.compile(r"\d(\.\d+)?e\+?\d+", re.I)


def order_status(v) -> str:
    """paid | refunded | cancelled, or AFTERSALE / PARTIAL: paid, with money that may go or
    has gone back in part (the orders kind warns, or reads the refunded amount)."""
    s = fold(text(v)).replace(" ", "")
    if s in _PAID:
        return "paid"
    if s in _PARTIAL:
        return PARTIAL
    if s in _AFTERSALE:
        return AFTERSALE
    if s in _REFUNDED or "退款成功" in s:
        return "refunded"
    if s in _CANCELLED:
        return "cancelled"
    raise Bad(t("io.unknown_status"))


_RETURN_DOCS = {"退货", "退款", "退货单", "退款单", "销售退货", "退单", "退", "return", "refund"}
_SALE_DOCS = {"销售", "销售单", "零售", "正常", "销售出库", "sale", "sales"}


def doc_type(v) -> str:
    """A POS document type (单据类型 / 交易类型): sale or return."""
    s = fold(text(v)).replace(" ", "").lower()
    if s in _RETURN_DOCS:
        return "return"
    if s in _SALE_DOCS:
        return "sale"
    raise Bad(t("io.unknown_doc_type"))


def order_no(v) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        # Excel keeps 15 significant digits and zeroes the rest; a program writing xlsx keeps
        # up to 2**53 exactly. So a number cell is an order number only when it is whole, exact,
        # and not a 16+-digit value ending in the zeros Excel leaves.
        n = int(v) if not isinstance(v, float) or v.is_integer() else None
        digits = len(str(abs(n))) if n is not None else 0
        if n is None or abs(n) >= 2**53 or (digits > 15 and n % 10 ** (digits - 15) == 0):
            raise Bad(t("io.order_no_number"))
        return str(n)
    s = code(v)
    if _SCI.fullmatch(s):
        raise Bad(t("io.order_no_scientific"))
    return s


# HR systems' 在职状态: on probation (试用) and interns are at work; 待离职 (notice given) too, until
# the day they leave (the guides import warns about it).
_GUIDE_ACTIVE = {
    "在职",
    "active",
    "正常",
    "启用",
    "1",
    "试用",
    "试用期",
    "试用中",
    "实习",
    "实习期",
    "实习生",
    "正式",
    "转正",
}
GUIDE_LEAVING = {"待离职", "离职中", "离职交接中"}
_GUIDE_DEPARTED = {"离职", "departed", "已离职", "停用", "禁用", "0", "inactive"}


def guide_status(v) -> str:
    s = fold(text(v)).strip().lower()
    if s in _GUIDE_ACTIVE or s in GUIDE_LEAVING:
        return "active"
    if s in _GUIDE_DEPARTED:
        return "departed"
    raise Bad(t("io.guide_status"))


def guide_role(v) -> str:
    s = fold(text(v)).strip().lower()
    if s in ("店长", "manager", "副店长"):
        return "manager"
    if s in ("分销员", "distributor", "小b", "koc"):
        return "distributor"
    return "guide"
