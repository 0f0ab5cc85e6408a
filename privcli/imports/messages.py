"""What the import engine says: problem lines, the summary's notes, header and sheet hints."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- one problem, on the terminal ------------------------------------------------------------
    "imports.rejected": ("rejected", "拒绝"),
    "imports.warning": ("warning", "警告"),
    "imports.at_row": ("row {row}", "第 {row} 行"),
    "imports.at_file": ("file", "文件"),
    "imports.in_column": (", column {column}", "，列 {column}"),
    "imports.with_value": (", value {value}", "，值 {value}"),
    "imports.problem": (
        "{level}: {where}{column}{value}: {reason}",
        "{level}：{where}{column}{value}，原因：{reason}",
    ),
    "imports.masked": (
        " (masked; --show-pii shows it whole)",
        "（已打码；加 --show-pii 显示完整的值）",
    ),
    # -- problems the engine finds ---------------------------------------------------------------
    "imports.duplicate": (
        "same {field} as row {first}: merged, later non-empty values win",
        "与第 {first} 行的 {field} 相同：已合并，以后面的非空值为准",
    ),
    "imports.duplicate_earlier": (
        "same {field} as an earlier row of this file: merged, later non-empty values win",
        "与本文件前面某行的 {field} 相同：已合并，以后面的非空值为准",
    ),
    "imports.total_like": (
        "starts with {start} like a total row, but has a valid {column}: imported as a row",
        "以“{start}”开头像合计行，但有有效的{column}：已作为普通行导入",
    ),
    "imports.header_repeated": (
        "the header row again (files joined by hand?): skipped",
        "又一行表头（多个文件手工拼接？）：已跳过",
    ),
    "imports.map_missing": (
        "--map {item!r}: the file has no column {column!r}; headers found on row {row}: {found}",
        "--map {item!r}：文件中没有 {column!r} 这一列；第 {row} 行的表头：{found}",
    ),
    "imports.errors_suffix": (
        "--errors {path}: the error report is a .csv or .xlsx file (or 'none')",
        "--errors {path}：错误报告应为 .csv 或 .xlsx 文件（或 none）",
    ),
    "imports.errors_not_a_file": (
        "--errors {path}: cannot be written there (a folder, or a file in the way)",
        "--errors {path}：无法写到这里（是文件夹，或路径中有同名文件）",
    ),
    "imports.report_at": ("error report: {path}", "错误报告：{path}"),
    "imports.report_failed": (
        "the import is done, but its error report could not be written to {path}: {error}",
        "导入已完成，但错误报告无法写入 {path}：{error}",
    ),
    "imports.report_failed_hint": (
        "import the file again with --dry-run --errors PATH to get the report",
        "用 --dry-run --errors 路径 再导入一次即可得到错误报告",
    ),
    # -- a workbook whose first sheet is not the expected kind -----------------------------------
    "imports.sheets": ("sheets in {file}: {sheets}", "{file} 的工作表：{sheets}"),
    "imports.sheet_looks_like": (
        "{sheet} (looks like {kind}: header on row {row})",
        "{sheet}（像是{kind}：表头在第 {row} 行）",
    ),
    "imports.sheet_pick": ("import it with --sheet {sheet}", "用 --sheet {sheet} 导入这张表"),
    "imports.sheet_none": (
        "none of them looks like {kind}",
        "没有一张像是{kind}",
    ),
    # -- the summary -----------------------------------------------------------------------------
    "imports.dry_run": ("dry run: nothing was written", "试运行：没有写入任何数据"),
    "imports.title_dry_run": (" (dry run: nothing written)", "（试运行：未写入）"),
    "imports.buyers_added": (
        "{n} order buyers were not members yet and were added",
        "{n} 位下单人原来不是会员，已新增为会员",
    ),
    "imports.buyers_would_be_added": (
        "{n} order buyers were not members yet and would be added",
        "{n} 位下单人原来不是会员，将新增为会员",
    ),
    "imports.more_problems": (
        "… and {more} more (all of them in the error report)",
        "……还有 {more} 条（错误报告里有全部）",
    ),
    "imports.more_problems_no_report": (
        "… and {more} more (--errors PATH writes them all)",
        "……还有 {more} 条（用 --errors 路径 写出全部）",
    ),
    "imports.no_value_map": (
        "{option} does not apply to {kind} imports (their rows have no status to map)",
        "{kind} 导入不支持 {option}（这类数据没有可映射的状态）",
    ),
    "imports.value_map_form": (
        "--map-status {item!r}: expected VALUE=status, status one of {choices}",
        "--map-status {item!r}：格式应为 值=状态，状态为 {choices} 之一",
    ),
    "imports.value_map_target": (
        "--map-status {item!r}: {target!r} is no status; expected one of {choices}",
        "--map-status {item!r}：{target!r} 不是可用的状态；应为 {choices} 之一",
    ),
    # -- why a cell was refused --------------------------------------------------------------------
    "imports.left_empty": ("{reason}; left empty", "{reason}；已留空"),
    "imports.store_ambiguous": (
        "store name matches {n} stores; use the store code",
        "门店名称对应 {n} 家门店；请用门店编码",
    ),
    "imports.unknown_store": (
        "unknown store (import stores first, or check the code)",
        "未知门店（请先导入门店，或检查编码）",
    ),
    "imports.guide_ambiguous": (
        "guide name matches {n} guides; use the guide id (工号)",
        "导购姓名对应 {n} 位导购；请用工号",
    ),
    "imports.unknown_guide": (
        "unknown guide (import guides first, or check the id)",
        "未知导购（请先导入导购，或检查工号）",
    ),
    # -- the worker process ------------------------------------------------------------------------
    "imports.worker_silent": (
        "the process reading the file sent nothing for {seconds} s; the import stopped instead of waiting any longer",
        "读取文件的进程 {seconds} 秒没有发来数据；导入已停止，不再等待",
    ),
    "imports.worker_died": (
        "the process reading the file ended unexpectedly (out of memory?)",
        "读取文件的进程意外结束（内存不足？）",
    ),
    "imports.worker_off_hint": (
        "import again with PRIVCLI_IMPORT_WORKER=off to read in one process",
        "用 PRIVCLI_IMPORT_WORKER=off 重新导入，在一个进程里读取",
    ),
}
