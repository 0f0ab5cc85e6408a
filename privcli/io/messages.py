"""What the spreadsheet writers say (see privcli.base.messages)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "io.cannot_write": ("cannot write {path}: {reason}", "无法写入 {path}：{reason}"),
    "io.cannot_write_hint": (
        "check that the folder exists and that you may write in it",
        "请确认文件夹存在且有写入权限",
    ),
    "io.bad_extension": (
        "{name}: can only write .csv or .xlsx (got {ext})",
        "{name}：只能写入 .csv 或 .xlsx 文件（收到 {ext}）",
    ),
    "io.bad_extension_hint": (
        "name the file .xlsx (Excel) or .csv, or give - to write CSV to standard output",
        "文件名请以 .xlsx（Excel）或 .csv 结尾，或用 - 把 CSV 输出到标准输出",
    ),
    "io.xlsx_on_stdout": (
        "- writes CSV to standard output; an .xlsx needs a file name",
        "- 表示把 CSV 输出到标准输出；.xlsx 需要给出文件名",
    ),
    "io.too_many_rows": (
        "an .xlsx sheet holds at most {limit:,} rows under its header; this export has more",
        "一个 .xlsx 工作表最多容纳表头下 {limit:,} 行，本次导出超过了这个数",
    ),
    "io.too_many_rows_hint": (
        "export to .csv, or narrow it down with --store/--guide/--tag/--level",
        "请导出为 .csv，或用 --store/--guide/--tag/--level 缩小范围",
    ),
    "io.stdin_is_terminal": (
        "- reads the spreadsheet from standard input, which is a terminal here",
        "- 表示从标准输入读取表格，但标准输入现在是终端",
    ),
    "io.stdin_is_terminal_hint": (
        "pipe a CSV in, e.g. cat members.csv | privcli import members -",
        "请通过管道传入 CSV，例如 cat members.csv | privcli import members -",
    ),
    "io.stdin_empty": (
        "standard input was empty: nothing to import",
        "标准输入为空：没有可导入的内容",
    ),
}
