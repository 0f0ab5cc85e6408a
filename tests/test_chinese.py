"""The Chinese interface: under PRIVCLI_LANG=zh (or --lang zh) what people read is Chinese.

A representative walk through every command group runs on the demo chain with PRIVCLI_LANG=zh,
in table and plain output and on its error paths, and fails on any English word left in what it
prints, beyond an allow-list: ids and codes (they hold digits), option names, file names, the
command lines of hints (`privcli segments list`), the data itself, and the acronyms people use as
they are (CSV, JSON, WeCom, SOP, ...). JSON keys and CSV/JSON values stay English: that is the
machine contract, checked too. A static check keeps English sentences out of the code: messages
live in the catalogues.
"""

from __future__ import annotations

import ast
import getpass
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from privcli.base import messages
from privcli.cli import app

ROOT = Path(__file__).resolve().parent.parent / "privcli"

# Words a Chinese user reads as they are: formats, systems, acronyms, units.
ALLOWED = {
    "privcli", "CSV", "TSV", "JSON", "csv", "tsv", "json", "xlsx", "Excel", "WeCom", "SOP",
    "PII", "ROI", "VIP", "AOV", "RFM", "PK", "POS", "CRM", "ERP", "HR", "GBK", "UTF", "BOM",
    "TOML", "SQLite", "PostgreSQL", "URL", "API", "ID", "id", "AgentId", "corp_id", "agent_id",
    "secret", "app_secret", "contact_secret", "token", "webhook", "base_url", "rate", "timeout",
    "retries", "token_cache", "errcode", "errmsg", "table", "plain", "markdown", "en", "zh",
    "Asia", "Shanghai", "PRIVCLI_DB", "PRIVCLI_TZ", "PRIVCLI_LANG", "PRIVCLI_CONFIG", "F", "M",
    "yyyy", "mm", "dd", "hh", "ss", "YYYY", "MM", "DD", "Qn", "Tmall", "tmall", "jd", "pos",
    "wechat", "miniprogram", "offline", "online", "douyin", "taobao", "pdd",
}  # fmt: skip

_WORD = re.compile(r"[A-Za-z][A-Za-z_']*")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_SKIP = [
    re.compile(r"`[^`]*`"),  # a command or value quoted in a hint
    re.compile(r"\bprivcli(?: [a-z][\w-]*| [A-Z]+\b)+"),  # a command line a hint names
    re.compile(r"(?<![\w-])--?[a-z][\w-]*(?: [a-z][\w-]*)?"),  # options and their values
    re.compile(r"\[\w+\]"),  # a section of the config file ([wecom])
    re.compile(r"\bexport (?=PRIVCLI_)"),  # the shell line the demo ends with
    re.compile(r"'[^'\n]*'|\"[^\"\n]*\""),  # a value as typed, quoted
    re.compile(r"\S*[/\\.@=]\S*"),  # paths, file names, URLs, key=value
    re.compile(r"\b[A-Z0-9]{4,}(?:-[A-Z0-9]{4,})+\b"),  # coupon codes (8E9EH-K5PMM-JNBWS)
    re.compile(r"\S*\d\S*"),  # ids, codes, dates, amounts (GSH0101, LY2021…, 2026-12-01)
    re.compile(r"\bPRIVCLI_\w+"),  # environment variables
]


def english_words(output: str, data: set[str] = frozenset()) -> list[str]:
    """The English words a Chinese user would read in `output`, beyond the allow-list and the
    `data` (values of the database itself: tags, channel names)."""
    found = []
    for line in output.splitlines():
        line = _CJK.sub(" ", line)  # Chinese runs without spaces: split at it, not around it
        for skip in _SKIP:
            line = skip.sub(" ", line)
        for w in _WORD.findall(line):
            w = w.strip("'_")
            if len(w) > 1 and w not in ALLOWED and w not in data:
                found.append(w)
    return found


def test_the_word_finder_skips_ids_options_and_hints():
    text = (
        "GSH0101  高诗玲  ../x.xlsx  --limit 0  查看：privcli segments list  `privcli init`\n"
        "值 'abc'，原因：expected a date"
    )
    assert english_words(text) == ["expected", "date"]


# -- the walk -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """The demo chain, built once for the module (SQLite), with a coupon batch, a contest, a
    target, a segment and a profile added."""
    folder = tmp_path_factory.mktemp("zh")
    db = folder / "demo.db"
    runner = CliRunner()
    r = runner.invoke(app, ["demo", "--db", str(db)], env={"PRIVCLI_LANG": "zh"})
    assert r.exit_code == 0, r.output
    for args in (
        ["coupons", "create", "双11满199减30", "--kind", "cash", "--value", "30",
         "--min-spend", "199", "--quantity", "500", "--valid-days", "30"],
        ["coupons", "issue", "双11满199减30", "--store", "SH01", "--holdout", "10"],
        ["contest", "create", "双11门店PK", "--from", "2026-11-01", "--to", "2026-11-11",
         "--team", "A=SH01,SH02", "--team", "B=GZ01"],
        ["targets", "set", "2026-11", "--store", "SH01", "300000"],
        ["segments", "save", "沉睡VIP", "--tag", "VIP", "--inactive-days", "30"],
        ["profiles", "save", "海鼎POS", "--kind", "orders", "--map", "小票号=order_no"],
        ["tasks", "generate"],
    ):  # fmt: skip
        r = runner.invoke(app, ["--db", str(db), *args], env={"PRIVCLI_LANG": "zh"})
        assert r.exit_code in (0, 3), (args, r.output)
    return db


# Commands people run, each in table and plain output (stdout and stderr both read).
WALK = [
    ["members", "list", "--limit", "5"],
    ["members", "show", "18235085396"],
    ["guides", "list"],
    ["guides", "list", "--status", "departed"],
    ["transfer", "--all-departed", "--dry-run"],
    ["transfer", "log"],
    ["segments", "list"],
    ["segments", "show", "沉睡VIP"],
    ["profiles", "list"],
    ["profiles", "show", "海鼎POS"],
    ["coupons", "list"],
    ["coupons", "show", "双11满199减30"],
    ["coupons", "report"],
    ["coupons", "expiring", "--days", "60"],
    ["leaderboard", "--period", "2026-11"],
    ["leaderboard", "--by", "store", "--period", "2026-11"],
    ["contest", "list"],
    ["contest", "show", "双11门店PK"],
    ["targets", "list"],
    ["targets", "report", "2026-11"],
    ["report", "channels", "--period", "2026-11"],
    ["report", "repurchase"],
    ["report", "lifecycle"],
    ["report", "rfm"],
    ["channels", "list"],
    ["tasks", "generate", "--dry-run"],
    ["tasks", "list", "--limit", "5"],
    ["tasks", "explain", "18235085396"],
    ["tasks", "report"],
    ["config"],
    ["import", "members", "MEMBERS_BAD", "--dry-run"],
]

# Error paths: unknown values, bad files, a missing database, WeCom without settings.
ERRORS = [
    ["guides", "list", "--store", "XX99"],
    ["members", "show", "13900000000"],
    ["transfer", "undo", "99"],
    ["coupons", "show", "没有这个批次"],
    ["segments", "show", "没有"],
    ["members", "list", "--tag", "没有这个标签"],
    ["transfer", "GSH0101"],
    ["import", "members", "missing.xlsx"],
    ["import", "members", "NOT_A_SHEET"],
    ["wecom", "check"],
    ["wecom", "stats"],
    ["--db", "nowhere.db", "members", "list"],
]


def _data_words(db: Path) -> set[str]:
    """English words that are data in the demo chain (tags, levels, channels, names)."""
    import sqlite3

    words: set[str] = set()
    con = sqlite3.connect(db)
    for sql in (
        "SELECT DISTINCT tag FROM member_tags",
        "SELECT DISTINCT channel FROM orders",
        "SELECT DISTINCT channel FROM members",
        "SELECT DISTINCT level FROM members",
    ):
        for (v,) in con.execute(sql):
            words.update(_WORD.findall(str(v or "")))
    con.close()
    # rule names: the keys of the rules file, named by the chain (the default file's here)
    from importlib.resources import files

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    rules = tomllib.loads(files("privcli.tasks").joinpath("default_rules.toml").read_text("utf-8"))
    for name in rules["rules"]:
        words.update(_WORD.findall(name))
    # what orders' channel cells say (the mapping `channels list` shows), and the operator
    from privcli.orders.channels import BUILT_IN, KEYWORDS

    for value in [*BUILT_IN, *(word for word, _ in KEYWORDS)]:
        words.update(_WORD.findall(value))
    words.add(getpass.getuser())
    return words


def _run(db: Path, args: list[str], tmp_path: Path, *extra: str):
    bad = tmp_path / "members-bad.csv"
    bad.write_text("手机号,姓名,生日\n1381234567,王芳,1990-13-01\n13812345678,李四,1990-02-30\n")
    (tmp_path / "not-a-sheet.xlsx").write_bytes(b"not a zip")
    args = [
        {"MEMBERS_BAD": str(bad), "NOT_A_SHEET": str(tmp_path / "not-a-sheet.xlsx")}.get(a, a)
        for a in args
    ]
    db_args = [] if args[0] == "--db" else ["--db", str(db)]
    return CliRunner().invoke(
        app, [*db_args, *args, *extra], env={"PRIVCLI_LANG": "zh", "COLUMNS": "250"}
    )


@pytest.mark.parametrize("fmt", ["table", "plain"])
@pytest.mark.parametrize("args", WALK, ids=" ".join)
def test_a_chinese_user_reads_chinese(demo_db, tmp_path, monkeypatch, args, fmt):
    monkeypatch.chdir(tmp_path)
    r = _run(demo_db, args, tmp_path, "--format", fmt)
    assert r.exit_code in (0, 3), r.output
    assert r.output.strip()
    assert english_words(r.output, _data_words(demo_db)) == [], r.output


@pytest.mark.parametrize("args", ERRORS, ids=" ".join)
def test_errors_and_hints_are_chinese(demo_db, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    r = _run(demo_db, args, tmp_path)
    assert r.exit_code in (1, 2), r.output
    assert english_words(r.output) == [], r.output


def test_the_demo_speaks_chinese(demo_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["--lang", "zh", "demo", "--db", str(tmp_path / "d.db")])
    assert r.exit_code == 0, r.output
    assert "## 导入门店和导购" in r.output
    assert english_words(r.output, _data_words(demo_db)) == [], r.output


def test_json_keys_and_machine_values_stay_english(demo_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = _run(demo_db, ["guides", "list", "--status", "departed"], tmp_path, "--format", "json")
    rows = json.loads(r.stdout)
    assert {row["status"] for row in rows} == {"departed"}
    assert "guide_id" in rows[0]
    r = _run(demo_db, ["guides", "list", "--status", "departed"], tmp_path, "--format", "csv")
    assert r.stdout.splitlines()[0].startswith("guide_id,")
    assert ",departed," in r.stdout
    r = _run(demo_db, ["guides", "list", "--status", "departed"], tmp_path, "--format", "plain")
    assert "离职" in r.stdout and "工号" in r.stdout and "departed" not in r.stdout


def test_english_stays_the_default(demo_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRIVCLI_LANG", raising=False)
    r = CliRunner().invoke(app, ["--db", str(demo_db), "guides", "list", "--format", "plain"])
    assert r.stdout.split()[0] == "guide_id" and "departed" in r.stdout


def test_the_global_lang_option(demo_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRIVCLI_LANG", raising=False)
    args = ["--db", str(demo_db), "--lang", "zh", "guides", "list", "--format", "plain"]
    r = CliRunner().invoke(app, args)
    assert "离职" in r.stdout
    r = CliRunner().invoke(app, ["--lang", "fr", "config"])
    assert r.exit_code == 2


# -- on both databases: a listing and the error report ----------------------------------------
def test_listing_and_error_report_in_chinese_on_each_database(chain, tmp_path, monkeypatch):
    """Through the `cli` fixture (SQLite and PostgreSQL): headings and statuses of a listing,
    and the reasons of an import's error report, which ops staff fix and re-import."""
    monkeypatch.setenv("PRIVCLI_LANG", "zh")
    r = chain("guides", "list", "--format", "plain")
    assert r.exit_code == 0, r.output
    head, *rows = r.stdout.splitlines()
    assert head.split()[:3] == ["导购工号", "名称", "门店编码"]
    assert any("离职" in row for row in rows) and any("在职" in row for row in rows)
    assert english_words(r.output) == []
    bad = tmp_path / "members.csv"
    bad.write_text(
        "手机号,姓名,生日,所属门店\n1381234567,王芳,1990-13-01,SH01\n13812345678,李四,1990-02-30,XX9\n"
    )
    report = tmp_path / "errors.csv"
    r = chain("import", "members", bad, "--errors", report)
    assert r.exit_code == 3, r.output
    assert english_words(r.output) == [], r.output
    import csv

    with open(report, encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    assert lines[0][:5] == ["错误行号", "错误级别", "错误字段", "错误值", "错误原因"]
    reasons = " ".join(line[4] for line in lines[1:])
    assert "应为 11 位数字" in reasons and "没有这一天" in reasons and "未知门店" in reasons
    assert english_words(reasons) == []
    monkeypatch.setenv("PRIVCLI_LANG", "en")
    r = chain("import", "members", bad, "--errors", report, "--force")
    with open(report, encoding="utf-8-sig") as f:
        assert "expected 11 digits, got 10" in f.read()


# -- the vocabularies ---------------------------------------------------------------------------
def test_a_heading_or_value_means_one_thing_everywhere():
    """Headings and values are merged from every catalogue: the same name in two catalogues
    must read the same, or a column would change its Chinese with the command."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for name, catalogue in messages.catalogues().items():
        for key, (_, zh) in catalogue.items():
            parts = key.split(".", 3)
            if parts[0] == "column":
                what = "column " + key.split(".", 1)[1]
            elif len(parts) >= 3 and parts[1] == "column":
                what = "column " + key.split(".", 2)[2]
            elif len(parts) == 4 and parts[1] == "value":
                what = f"value {parts[2]}={parts[3]}"
            else:
                continue
            if what in seen and seen[what][1] != zh:
                clashes.append(f"{what}: {seen[what][0]} says {seen[what][1]!r}, {name} {zh!r}")
            seen.setdefault(what, (name, zh))
    assert not clashes, "\n".join(clashes)


# -- no English sentences in the code -----------------------------------------------------------
_SENTENCE = re.compile(r"[A-Za-z]+ [a-z]+ [a-z]+")


def _english_literals(path: Path) -> list[str]:
    """Lines raising an error or printing a diagnostic with an English literal sentence."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if name in BUILTIN_ERRORS:
            continue  # a broken contract between modules, for developers (never shown as is)
        if not (name.endswith(("Error", "NotFound", "Bad")) or name in ("info", "output.info")):
            continue
        for arg in [*node.args, *(k.value for k in node.keywords if k.arg == "hint")]:
            for s in ast.walk(arg):
                if (
                    isinstance(s, ast.Constant)
                    and isinstance(s.value, str)
                    and _SENTENCE.search(s.value)
                ):
                    bad.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} {s.value!r}")
    return bad


BUILTIN_ERRORS = {"ValueError", "TypeError", "KeyError", "RuntimeError", "AssertionError"}
# Messages for developers, not users: a capability or export declared wrong (column kinds, a
# sheet name), a schema step out of order, an event nobody declared.
DEVELOPER_ONLY = (
    "base/capability.py",
    "base/schema.py",
    "base/events.py",
    "io/blocks.py",
    "io/xlsx_writer.py",
)


def test_no_english_sentences_outside_the_catalogues():
    bad = []
    for p in sorted(ROOT.rglob("*.py")):
        rel = p.relative_to(ROOT).as_posix()
        if p.name == "messages.py" or rel.startswith(("tasks/", "samples/")):
            continue
        if rel in DEVELOPER_ONLY:
            continue
        bad += _english_literals(p)
    assert not bad, "English sentences outside the message catalogues:\n" + "\n".join(bad)
