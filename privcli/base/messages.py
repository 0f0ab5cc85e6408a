"""The message catalogue: every sentence privcli says to a person, in English and Chinese.

Ops staff read Chinese; scripts and the README are in English, which stays the default.
`PRIVCLI_LANG=zh` (or the global `--lang zh`) switches every message, hint, summary label and
status value. Messages are keyed by a dotted id and looked up with `t(id, **values)`; values
are formatted with str.format. The catalogue is this module's MESSAGES plus, for ids starting
with a capability's name ("coupons.created"), the MESSAGES of that capability's `messages`
module, so a new capability brings its sentences along without editing this file. A test fails
when a message lacks its Chinese text, so nothing reaches a Chinese user half translated.
"""

from __future__ import annotations

import importlib
import os

LANGS = ("en", "zh")
_lang: str | None = None


def set_lang(lang: str | None) -> None:
    global _lang
    _lang = lang


def lang() -> str:
    """en or zh: --lang, else PRIVCLI_LANG, else en."""
    v = (_lang or os.environ.get("PRIVCLI_LANG") or "en").strip().lower()
    return "zh" if v.startswith("zh") else "en"


def lookup(key: str) -> tuple[str, str]:
    """(English, Chinese) of a message id."""
    if key in MESSAGES:
        return MESSAGES[key]
    capability = key.split(".", 1)[0]
    module = importlib.import_module(f"privcli.{capability}.messages")
    return module.MESSAGES[key]


def t(key: str, /, **values: object) -> str:
    en, zh = lookup(key)
    template = zh if lang() == "zh" else en
    return template.format(**values) if values else template


# -- labels: column headings and status values as people read them ---------------------------
# Results name their columns and hold their status values in English (`guide_id`, `departed`):
# that is the machine contract of JSON and CSV. People read a table, plain text or markdown, so
# there a column's heading and its values are looked up once per listing in two vocabularies any
# catalogue may add to: "column.<name>" (base) or "<capability>.column.<name>" for a heading, and
# "<capability>.value.<column>.<value>" for a value of that column ("guides.value.status.departed":
# ("departed", "离职")). A column name means one thing across privcli, so the vocabularies are
# merged; tests/test_chinese.py fails when two catalogues label the same name differently.
_labels: tuple[dict[str, tuple[str, str]], dict[str, dict[str, tuple[str, str]]]] | None = None


def catalogues() -> dict[str, dict[str, tuple[str, str]]]:
    """Every catalogue: this module's and each capability's (`privcli/<name>/messages.py`)."""
    from pathlib import Path

    out = {"base": MESSAGES}
    for p in sorted(Path(__file__).resolve().parent.parent.glob("*/messages.py")):
        if p.parent.name != "base":
            module = importlib.import_module(f"privcli.{p.parent.name}.messages")
            out[p.parent.name] = module.MESSAGES
    return out


def label_vocabularies() -> tuple[
    dict[str, tuple[str, str]], dict[str, dict[str, tuple[str, str]]]
]:
    """(heading → (en, zh), column → {value → (en, zh)}) from every catalogue; built once."""
    global _labels
    if _labels is None:
        headings: dict[str, tuple[str, str]] = {}
        values: dict[str, dict[str, tuple[str, str]]] = {}
        for catalogue in catalogues().values():
            for key, pair in catalogue.items():
                parts = key.split(".", 3)
                if parts[0] == "column":
                    headings[key.split(".", 1)[1]] = pair
                elif len(parts) >= 3 and parts[1] == "column":
                    headings[key.split(".", 2)[2]] = pair
                elif len(parts) == 4 and parts[1] == "value":
                    values.setdefault(parts[2], {})[parts[3]] = pair
        _labels = (headings, values)
    return _labels


def heading(name: str) -> str:
    """A column, field or section name as people read it: its Chinese label under zh (the name
    itself when none is known), the name itself in English."""
    if lang() != "zh":
        return name
    pair = label_vocabularies()[0].get(name)
    return pair[1] if pair else name


def value_labels(column: str) -> dict[str, str] | None:
    """The values of `column` as people read them under zh ({"departed": "离职"}), resolved once
    for a whole listing; None in English or when the column has no vocabulary."""
    if lang() != "zh":
        return None
    vocabulary = label_vocabularies()[1].get(column)
    return {value: pair[1] for value, pair in vocabulary.items()} if vocabulary else None


# id: (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- the database ----------------------------------------------------------------------------
    "db.missing": ("no database at {path}", "数据库不存在：{path}"),
    "db.missing_hint": (
        "create it with `privcli --db {db} init` (or import a file into it), or point at "
        "yours with --db or PRIVCLI_DB (default ./{default})",
        "用 `privcli --db {db} init` 新建（导入文件也会新建），或用 --db / PRIVCLI_DB "
        "指向已有的数据库（默认 ./{default}）",
    ),
    "db.bad_scheme": (
        "unsupported database URL scheme {scheme}",
        "不支持的数据库 URL 协议 {scheme}",
    ),
    "db.bad_scheme_hint": (
        "use a file path (SQLite) or postgresql+psycopg://user@host/dbname",
        "请用文件路径（SQLite）或 postgresql+psycopg://user@host/dbname",
    ),
    "db.no_directory": (
        "database directory does not exist: {path}",
        "数据库所在的文件夹不存在：{path}",
    ),
    "db.no_psycopg": (
        "PostgreSQL support needs psycopg: pip install psycopg",
        "使用 PostgreSQL 需要 psycopg：pip install psycopg",
    ),
    "db.cannot_connect": ("cannot connect to PostgreSQL: {error}", "无法连接 PostgreSQL：{error}"),
    "db.cannot_connect_hint": (
        "check --db / PRIVCLI_DB and that the server is running",
        "请检查 --db / PRIVCLI_DB，以及数据库服务是否在运行",
    ),
    "db.busy": (
        "the database is busy: another privcli command has been writing to it for over {seconds} s (a large import?)",
        "数据库正忙：另一个 privcli 命令已经写入超过 {seconds} 秒（在做大批量导入？）",
    ),
    "db.busy_hint": (
        "run this again when it has finished, or set PRIVCLI_BUSY_TIMEOUT_MS",
        "等它结束后再运行，或设置 PRIVCLI_BUSY_TIMEOUT_MS",
    ),
    "db.not_a_database": (
        "{path} is not a privcli database (it is not an SQLite database file)",
        "{path} 不是 privcli 数据库（不是 SQLite 数据库文件）",
    ),
    "db.damaged": (
        "{path} is damaged: SQLite cannot read it (truncated or overwritten?)",
        "{path} 已损坏：SQLite 无法读取（被截断或被覆盖？）",
    ),
    "db.cannot_open": (
        "cannot open the database file {path} (a directory? no permission?)",
        "无法打开数据库文件 {path}（是文件夹？没有权限？）",
    ),
    "db.unusable_hint": (
        "--db / PRIVCLI_DB names the database file (not a spreadsheet to import); restore a damaged database from a backup",
        "--db / PRIVCLI_DB 指的是数据库文件（不是要导入的表格）；损坏的数据库请从备份恢复",
    ),
    # -- listings --------------------------------------------------------------------------------
    "output.more": ("… {more} more; --limit 0 for all", "……还有 {more} 行；--limit 0 显示全部"),
    "output.error": ("Error:", "错误："),
    "output.true": ("True", "是"),
    "output.false": ("False", "否"),
    "output.hint": ("Hint:", "提示："),
    "output.tables": (
        "this result has {n} tables ({names}); {format} holds exactly one",
        "这个结果有 {n} 张表（{names}）；{format} 只能放一张",
    ),
    "output.no_tables": (
        "this result has no tables; {format} holds exactly one",
        "这个结果没有表；{format} 只能放一张",
    ),
    "output.one_table_hint": (
        "use --format json for one document, or plain for people",
        "用 --format json 输出一个完整文档，或用 plain 给人看",
    ),
    "cli.interrupted": (
        "interrupted; the running transaction was rolled back",
        "已中断；正在进行的事务已回滚",
    ),
    "cli.db_ready": ("database ready: {url}", "数据库已就绪：{url}"),
    # -- member selection ------------------------------------------------------------------------
    "selection.none": ("no filters", "不接受筛选条件"),
    "selection.not_applicable": (
        "{options} does not apply to {command}",
        "{command} 不支持 {options}",
    ),
    "selection.takes": ("{command} takes {options}", "{command} 可用的筛选：{options}"),
    "selection.unknown": ("{option} {value!r}: no such value", "{option} {value!r}：没有这个值"),
    "selection.did_you_mean": ("did you mean {values}?", "是不是：{values}？"),
    "selection.see": ("known values: {how}", "查看已有的值：{how}"),
    "selection.bad_month": (
        "--birthday-month {value}: expected a month 1-12",
        "--birthday-month {value}：月份应为 1-12",
    ),
    "selection.negative": (
        "{option} {value}: expected a number of days, 0 or more",
        "{option} {value}：天数应为 0 或更大",
    ),
    "selection.no_phones_file": ("--phones: file not found: {path}", "--phones：找不到文件 {path}"),
    # -- files privcli writes ---------------------------------------------------------------------
    "paths.is_dir": (
        "{option} {path} is a directory; give a file name",
        "{option} {path} 是文件夹，请给出文件名",
    ),
    "paths.is_database": (
        "{option} {path} is the database: privcli never writes a report over it",
        "{option} {path} 是数据库文件：privcli 不会用报表覆盖它",
    ),
    "paths.is_input": (
        "{option} {path} is the file being read: privcli never writes over it",
        "{option} {path} 是正在读取的文件：privcli 不会覆盖它",
    ),
    "paths.not_ours": (
        "{option} {path} exists and was not written by privcli; nothing was written",
        "{option} {path} 已存在且不是 privcli 生成的文件；未写入任何内容",
    ),
    "paths.not_ours_hint": (
        "choose another file name, or pass --force to overwrite it",
        "请换一个文件名，或加 --force 覆盖它",
    ),
    # -- the config file (--config / PRIVCLI_CONFIG) -------------------------------------------
    "config.not_found": ("config file not found: {path}", "找不到配置文件：{path}"),
    "config.check": ("check --config / PRIVCLI_CONFIG", "请检查 --config / PRIVCLI_CONFIG"),
    "config.bad_toml": (
        "config file {path} is not valid TOML: {error}",
        "配置文件 {path} 不是有效的 TOML：{error}",
    ),
    "config.fix": ("fix the file, or drop --config", "请修正该文件，或去掉 --config"),
    "output.columns_left_out": (
        "{n} columns left out to fit the terminal ({columns}); --format plain or csv shows all",
        "为适应终端宽度省略了 {n} 列（{columns}）；--format plain 或 csv 显示全部",
    ),
    # -- segments --------------------------------------------------------------------------------
    "segments.unknown": ("no segment named {name!r}", "没有名为 {name!r} 的人群"),
    "segments.see": ("privcli segments list", "查看人群：privcli segments list"),
    "segments.empty_name": ("a segment needs a name", "人群需要一个名字"),
    "segments.nested": (
        "a segment is saved from filters, not from another segment",
        "人群只能由筛选条件保存，不能引用另一个人群",
    ),
    "segments.no_filters": (
        "give at least one filter (e.g. --tag VIP --inactive-days 90)",
        "至少给出一个筛选条件（例如 --tag VIP --inactive-days 90）",
    ),
    "segments.saved": (
        "segment {name!r} saved: {members} members now",
        "人群 {name!r} 已保存：当前 {members} 位会员",
    ),
    "segments.replaced": (
        "segment {name!r} replaced: {members} members now",
        "人群 {name!r} 已更新：当前 {members} 位会员",
    ),
    "segments.deleted": ("segment {name!r} deleted", "人群 {name!r} 已删除"),
    "segments.title": ("segments", "人群"),
    "segments.one_title": ("segment", "人群"),
}

# -- column headings people read (tables, plain, markdown; JSON keys and CSV stay English) ------
# One vocabulary for the column and field names every capability shares; a capability adds its
# own as "<capability>.column.<name>" and its status values as "<capability>.value.<column>.<v>".
MESSAGES.update(
    {
        f"column.{name}": pair
        for name, pair in {
            "field": ("field", "项目"),
            "value": ("value", "值"),
            "id": ("id", "编号"),
            "name": ("name", "名称"),
            "phone": ("phone", "手机号"),
            "member": ("member", "会员"),
            "member_no": ("member_no", "会员卡号"),
            "gender": ("gender", "性别"),
            "birthday": ("birthday", "生日"),
            "level": ("level", "等级"),
            "points": ("points", "积分"),
            "registered_at": ("registered_at", "注册时间"),
            "store": ("store", "门店"),
            "store_code": ("store_code", "门店编码"),
            "store_name": ("store_name", "门店名称"),
            "region": ("region", "大区"),
            "city": ("city", "城市"),
            "guide": ("guide", "导购"),
            "guide_id": ("guide_id", "导购工号"),
            "guide_name": ("guide_name", "导购姓名"),
            "guide_status": ("guide_status", "导购状态"),
            "acquired_by": ("acquired_by", "开发导购"),
            "channel": ("channel", "渠道"),
            "tag": ("tag", "标签"),
            "tags": ("tags", "标签"),
            "source": ("source", "来源"),
            "sources": ("sources", "来源"),
            "external_userid": ("external_userid", "企微外部联系人ID"),
            "created_at": ("created_at", "创建时间"),
            "updated_at": ("updated_at", "更新时间"),
            "status": ("status", "状态"),
            "state": ("state", "状态"),
            "kind": ("kind", "类型"),
            "role": ("role", "角色"),
            "note": ("note", "备注"),
            "reason": ("reason", "原因"),
            "scope": ("scope", "范围"),
            "code": ("code", "编码"),
            "date": ("date", "日期"),
            "day": ("day", "日期"),
            "period": ("period", "周期"),
            "from": ("from", "从"),
            "to": ("to", "至"),
            "through": ("through", "截至"),
            "customers": ("customers", "客户数"),
            "members": ("members", "会员数"),
            "orders": ("orders", "订单数"),
            "buyers": ("buyers", "购买人数"),
            "sales": ("sales", "销售额"),
            "amount": ("amount", "金额"),
            "aov": ("aov", "客单价"),
            "share": ("share", "占比"),
            "order_no": ("order_no", "订单号"),
            "paid_at": ("paid_at", "支付时间"),
            "hired_on": ("hired_on", "入职日期"),
            "departed_on": ("departed_on", "离职日期"),
            "batch": ("batch", "批次"),
            "batch_id": ("batch_id", "批次编号"),
            "operator": ("operator", "操作人"),
            "filters": ("filters", "筛选条件"),
            "setting": ("setting", "设置项"),
            "options": ("options", "选项"),
            "rank": ("rank", "排名"),
            "target": ("target", "目标"),
            "metric": ("metric", "指标"),
            "segment": ("segment", "人群"),
            "group": ("group", "分组"),
            "by": ("by", "分组方式"),
            "moved": ("moved", "已转接"),
            "skipped": ("skipped", "跳过"),
            "unplaced": ("unplaced", "未分配"),
            "rows": ("rows", "行数"),
            "inserted": ("inserted", "新增"),
            "updated": ("updated", "更新"),
            "unchanged": ("unchanged", "未变"),
            "rejected": ("rejected", "拒绝"),
            "warnings": ("warnings", "警告"),
            "refunds": ("refunds", "退款"),
            "error_report": ("error_report", "错误报告"),
            "dry_run": ("dry_run", "试运行"),
            "new_members": ("new_members", "新会员"),
            "conversion": ("conversion", "转化率"),
            "redemption": ("redemption", "核销率"),
            "task_completion": ("task_completion", "任务完成率"),
            "change": ("change", "变化"),
            "previous": ("previous", "上期"),
            "gap": ("gap", "差距"),
            "attainment": ("attainment", "达成率"),
        }.items()
    }
)
