"""The task rules file (TOML): its settings and rules, checked before anything is generated.

Head office edits a copy of `default_rules.toml` (`privcli tasks rules` prints it) and passes it
with `--rules FILE`. A file with a mistake (an unknown rule type or key, a wrong type, a
negative number, a segment or coupon batch that does not exist) is refused with the file, the
line and the key at fault: tomllib gives values without positions, so the lines are found by
scanning the text (`_Lines`). Nothing is generated from a file that does not pass.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, Any

from privcli.base.errors import NotFound, UsageError
from privcli.base.messages import t

if TYPE_CHECKING:
    from privcli.base.db import Database
    from privcli.base.selection import Selection

DEFAULT_NAME = "default_rules.toml"
TYPES = (
    "welcome",
    "birthday",
    "post_purchase",
    "repurchase",
    "coupon_expiring",
    "dormant",
    "journey",
    "campaign",
)
PLACEHOLDERS = ("name", "level", "coupon", "guide", "store")
# type -> (priority, cooldown days) when the rule does not say
_DEFAULTS = {
    "welcome": (90, 365),
    "birthday": (80, 300),
    "post_purchase": (60, 14),
    "repurchase": (50, 21),
    "coupon_expiring": (70, 7),
    "dormant": (30, 30),
    "journey": (85, 0),
    "campaign": (95, None),  # None: the campaign's length (one contact per campaign)
}
_COMMON = {
    "type": str,
    "priority": int,
    "minutes": int,
    "cooldown_days": int,
    "message": str,
    "coupon": str,
    "enabled": bool,
}
# type -> its own keys: key -> (python type, default)
_KEYS: dict[str, dict[str, tuple[type, Any]]] = {
    "welcome": {"days_after": (int, 1)},
    "birthday": {"days_before": (int, 3), "feb29": (str, "feb28")},
    "post_purchase": {"days_after": (int, 3)},
    "repurchase": {"min_orders": (int, 3), "window_days": (int, 14), "default_days": (int, None)},
    "coupon_expiring": {"within_days": (int, 3)},
    "dormant": {"min_days": (int, 90), "max_days": (int, 180)},
    "journey": {
        "anchor": (str, "acquired"),
        "leave_on_purchase": (bool, True),
        "steps": (list, None),
    },
    "campaign": {
        "segment": (str, None),
        "filters": (dict, None),
        "start": (date, None),
        "end": (date, None),
    },
}
_STEP_KEYS = {"day": int, "message": str, "coupon": str, "minutes": int}
_SETTINGS = {
    "budget_minutes": (int, 30),
    "holdout_pct": (int, 0),
    "do_not_disturb": (list, ["勿扰"]),
    "repurchase_default_days": (int, 30),
    "conversion_days": (int, 7),
}
# campaign filters: the member selection's filters a rules file may use (not a phones file)
_FILTERS = {
    "stores": list,
    "regions": list,
    "guides": list,
    "levels": list,
    "tags": list,
    "registered_since": date,
    "inactive_days": int,
    "bought_within": int,
    "birthday_month": int,
}
_TYPE_NAMES = {
    int: "integer",
    str: "string",
    bool: "true/false",
    list: "list",
    dict: "table",
    date: "date",
}


@dataclass(frozen=True)
class Step:
    """One step of a journey: `day` days after the anchor."""

    day: int
    message: str
    coupon: str | None = None
    minutes: int | None = None


@dataclass
class Rule:
    name: str
    type: str
    seq: int  # its place in the file: breaks ties between rules of equal priority
    priority: int
    minutes: int
    cooldown_days: int
    message: str
    coupon: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    steps: tuple[Step, ...] = ()

    def step_for(self, day: int) -> Step | None:
        return next((s for s in self.steps if s.day == day), None)

    def batches(self) -> list[str]:
        """The coupon batches this rule hands out (a journey: per step)."""
        names = [self.coupon] if self.coupon else []
        names += [s.coupon for s in self.steps if s.coupon]
        return names


@dataclass
class Settings:
    budget_minutes: int = 30
    holdout_pct: int = 0
    do_not_disturb: tuple[str, ...] = ("勿扰",)
    repurchase_default_days: int = 30
    conversion_days: int = 7


@dataclass
class Rules:
    path: str  # the file, or "(default)"
    digest: str
    settings: Settings
    rules: list[Rule]
    text: str = field(default="", repr=False)

    def by_seq(self, seq: int) -> Rule:
        return self.rules[seq]


def default_text() -> str:
    """The rules file that ships with privcli, comments included."""
    return files("privcli.tasks").joinpath(DEFAULT_NAME).read_text(encoding="utf-8")


def load(path: str | Path | None = None, db: Database | None = None) -> Rules:
    """Read and check a rules file (the default one without `path`). With `db`, the segments
    and coupon batches the rules name must exist too."""
    if path is None:
        text, shown = default_text(), t("tasks.default_rules")
    else:
        try:
            text, shown = Path(path).read_text(encoding="utf-8-sig"), str(path)
        except FileNotFoundError:
            raise NotFound(t("tasks.rules_not_found", path=path)) from None
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(t("tasks.rules_unreadable", path=path, error=e)) from None
    rules = parse(text, shown)
    if db is not None:
        check_references(rules, db)
    return rules


def _toml():
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    return tomllib


def parse(text: str, path: str) -> Rules:
    """The rules of a file's text; UsageError naming path, line and key on the first problem."""
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UsageError(
            t("tasks.rules_bad_toml", path=path, error=e), hint=t("tasks.rules_fix")
        ) from None
    lines = _Lines(text)

    def fail(key: tuple, problem: str) -> UsageError:
        return UsageError(
            t(
                "tasks.rules_error",
                path=path,
                line=lines.find(key),
                key=".".join(str(k) for k in key),
                problem=problem,
            ),
            hint=t("tasks.rules_fix"),
        )

    def value(key: tuple, v: Any, kind: type) -> Any:
        ok = isinstance(v, kind) and not (kind is int and isinstance(v, bool))
        if kind is date and isinstance(v, date) and not hasattr(v, "hour"):
            ok = True
        elif kind is date:
            ok = False
        if not ok:
            raise fail(key, t("tasks.rules_wrong_type", expected=_TYPE_NAMES[kind], value=repr(v)))
        if kind is int and v < 0:
            raise fail(key, t("tasks.rules_negative", value=v))
        return v

    for top in data:
        if top not in ("settings", "rules"):
            raise fail((top,), t("tasks.rules_unknown_key", known="settings, rules"))
    raw_settings = data.get("settings", {})
    if not isinstance(raw_settings, dict):
        raise fail(("settings",), t("tasks.rules_wrong_type", expected="table", value="…"))
    settings = Settings()
    for k, v in raw_settings.items():
        if k not in _SETTINGS:
            raise fail(("settings", k), t("tasks.rules_unknown_key", known=", ".join(_SETTINGS)))
        value(("settings", k), v, _SETTINGS[k][0])
        if k == "do_not_disturb":
            for i, tag in enumerate(v):
                value(("settings", k, i), tag, str)
            v = tuple(v)
        setattr(settings, k, v)
    if settings.holdout_pct > 90:
        raise fail(
            ("settings", "holdout_pct"), t("tasks.rules_holdout_range", value=settings.holdout_pct)
        )

    raw_rules = data.get("rules", {})
    if not isinstance(raw_rules, dict) or not raw_rules:
        raise fail(("rules",), t("tasks.rules_none"))
    rules: list[Rule] = []
    for name, body in raw_rules.items():
        here = ("rules", name)
        if not isinstance(body, dict):
            raise fail(here, t("tasks.rules_wrong_type", expected="table", value=repr(body)))
        kind = body.get("type")
        if kind is None:
            raise fail(here, t("tasks.rules_missing", key="type"))
        value((*here, "type"), kind, str)
        if kind not in TYPES:
            raise fail(
                (*here, "type"), t("tasks.rules_unknown_type", value=kind, known=", ".join(TYPES))
            )
        own = _KEYS[kind]
        for k, v in body.items():
            if k in _COMMON:
                value((*here, k), v, _COMMON[k])
            elif k in own:
                value((*here, k), v, own[k][0])
            else:
                known = ", ".join([*_COMMON, *own])
                raise fail((*here, k), t("tasks.rules_unknown_key", known=known))
        if body.get("enabled", True) is False:
            continue
        params = {k: body.get(k, d) for k, (_, d) in own.items()}
        priority, cooldown = _DEFAULTS[kind]
        message = body.get("message")
        steps: tuple[Step, ...] = ()
        if kind == "birthday" and params["feb29"] not in ("feb28", "mar1"):
            raise fail(
                (*here, "feb29"),
                t("tasks.rules_choice", value=params["feb29"], known="feb28, mar1"),
            )
        if kind == "dormant" and params["min_days"] > params["max_days"]:
            raise fail((*here, "max_days"), t("tasks.rules_range", low="min_days", high="max_days"))
        if kind == "repurchase" and params["min_orders"] < 3:
            raise fail(
                (*here, "min_orders"), t("tasks.rules_min_orders", value=params["min_orders"])
            )
        if kind == "coupon_expiring" and "coupon" in body:
            raise fail((*here, "coupon"), t("tasks.rules_no_coupon"))
        if kind == "journey":
            if params["anchor"] not in ("acquired", "first_purchase"):
                raise fail(
                    (*here, "anchor"),
                    t(
                        "tasks.rules_choice",
                        value=params["anchor"],
                        known="acquired, first_purchase",
                    ),
                )
            steps = _steps(body.get("steps"), here, fail, value)
        if kind == "campaign":
            for k in ("start", "end"):
                if params[k] is None:
                    raise fail(here, t("tasks.rules_missing", key=k))
            if params["end"] < params["start"]:
                raise fail((*here, "end"), t("tasks.rules_range", low="start", high="end"))
            if params["segment"] is None and params["filters"] is None:
                raise fail(here, t("tasks.rules_missing", key="segment / filters"))
            for k, v in (params["filters"] or {}).items():
                if k not in _FILTERS:
                    raise fail(
                        (*here, "filters", k),
                        t("tasks.rules_unknown_key", known=", ".join(_FILTERS)),
                    )
                if _FILTERS[k] is list and isinstance(v, str):
                    v = [v]
                    params["filters"][k] = v
                value((*here, "filters", k), v, _FILTERS[k])
                if k == "birthday_month" and not 1 <= v <= 12:
                    raise fail((*here, "filters", k), t("tasks.rules_month", value=v))
            cooldown = (params["end"] - params["start"]).days + 1
        if message is None and kind != "journey":
            raise fail(here, t("tasks.rules_missing", key="message"))
        for key, text_ in [
            ((*here, "message"), message),
            *(((*here, "steps", i, "message"), s.message) for i, s in enumerate(steps)),
        ]:
            if text_ is not None:
                _check_template(text_, key, fail)
        rules.append(
            Rule(
                name=name,
                type=kind,
                seq=len(rules),
                priority=body.get("priority", priority),
                minutes=body.get("minutes", 5),
                cooldown_days=body.get("cooldown_days", cooldown),
                message=message or "",
                coupon=body.get("coupon"),
                params=params,
                steps=steps,
            )
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Rules(path=path, digest=digest, settings=settings, rules=rules, text=text)


def _steps(raw, here: tuple, fail, value) -> tuple[Step, ...]:
    if not raw:
        raise fail(here, t("tasks.rules_missing", key="steps"))
    steps = []
    for i, s in enumerate(raw):
        key = (*here, "steps", i)
        if not isinstance(s, dict):
            raise fail(key, t("tasks.rules_wrong_type", expected="table", value=repr(s)))
        for k, v in s.items():
            if k not in _STEP_KEYS:
                raise fail((*key, k), t("tasks.rules_unknown_key", known=", ".join(_STEP_KEYS)))
            value((*key, k), v, _STEP_KEYS[k])
        for k in ("day", "message"):
            if k not in s:
                raise fail(key, t("tasks.rules_missing", key=k))
        if any(p.day == s["day"] for p in steps):
            raise fail((*key, "day"), t("tasks.rules_step_twice", day=s["day"]))
        steps.append(Step(s["day"], s["message"], s.get("coupon"), s.get("minutes")))
    return tuple(steps)


def _check_template(text: str, key: tuple, fail) -> None:
    try:
        names = [f for _, f, _, _ in Formatter().parse(text) if f is not None]
    except ValueError as e:
        raise fail(key, t("tasks.rules_bad_template", error=e)) from None
    for n in names:
        if n not in PLACEHOLDERS:
            known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            raise fail(key, t("tasks.rules_bad_placeholder", name="{" + n + "}", known=known))


def check_references(rules: Rules, db: Database) -> None:
    """Every segment and coupon batch a rule names exists (and a campaign's filters name known
    stores, guides, levels and tags): else UsageError at the rule's line."""
    from privcli.base.selection import load_segment

    lines = _Lines(rules.text)

    def fail(key: tuple, problem: str, hint: str | None) -> UsageError:
        return UsageError(
            t(
                "tasks.rules_error",
                path=rules.path,
                line=lines.find(key),
                key=".".join(map(str, key)),
                problem=problem,
            ),
            hint=hint,
        )

    known = {n for (n,) in db.execute("SELECT name FROM coupon_batches").fetchall()}
    for r in rules.rules:
        here = ("rules", r.name)
        if r.coupon and r.coupon not in known:
            raise fail(
                (*here, "coupon"),
                t("tasks.rules_unknown_batch", name=r.coupon),
                t("tasks.rules_batches_hint"),
            )
        for i, s in enumerate(r.steps):
            if s.coupon and s.coupon not in known:
                raise fail(
                    (*here, "steps", i, "coupon"),
                    t("tasks.rules_unknown_batch", name=s.coupon),
                    t("tasks.rules_batches_hint"),
                )
        if r.type == "campaign":
            if r.params["segment"]:
                try:
                    load_segment(db, r.params["segment"])
                except NotFound as e:
                    raise fail((*here, "segment"), e.message, e.hint) from None
            try:
                campaign_selection(r).check(db)
            except (NotFound, UsageError) as e:
                raise fail((*here, "filters"), e.message, e.hint) from None


def campaign_selection(rule: Rule) -> Selection:
    """A campaign rule's members as a member selection (its segment narrowed by its filters)."""
    from privcli.base.selection import Selection

    values: dict[str, Any] = {}
    for k, v in (rule.params.get("filters") or {}).items():
        values[k] = tuple(v) if isinstance(v, list) else v
    if rule.params.get("segment"):
        values["segment"] = rule.params["segment"]
    return Selection(**values)


class _Lines:
    """Where each key of a TOML text is written: (table path..., key) -> line number. Tables
    ([a.b]) and arrays of tables ([[a.b]], numbered from 0) open a path; `key = ...` lines add
    to it; keys inside an inline table ({...}) are found at the line of the key holding it."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r'^\s*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_\-]+)\s*=')

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        path: tuple = ()
        counts: dict[tuple, int] = {}
        for n, line in enumerate(text.splitlines(), start=1):
            h = self._HEADER.match(line)
            if h and not self._KEY.match(line):
                names = tuple(_split_key(h.group(2)))
                if h.group(1) == "[[":
                    i = counts.get(names, -1) + 1
                    counts[names] = i
                    path = (*names, i)
                else:
                    path = names
                self.lines.setdefault(path, n)
                continue
            k = self._KEY.match(line)
            if k:
                self.lines.setdefault((*path, k.group(1).strip("\"'")), n)

    def find(self, key: tuple) -> int:
        """The line of `key`, else of the nearest enclosing table that is written; 1 if none."""
        key = tuple(key)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1


def _split_key(dotted: str) -> list[str]:
    parts, cur, quote = [], "", None
    for ch in dotted:
        if quote:
            if ch == quote:
                quote = None
            else:
                cur += ch
        elif ch in "\"'":
            quote = ch
        elif ch == ".":
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    parts.append(cur.strip())
    return parts
