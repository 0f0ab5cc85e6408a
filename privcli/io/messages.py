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
    # -- why a cell was refused (the error report's reason) --------------------------------------
    "io.masked_phone": (
        "masked phone number (has *) is no identity",
        "打码的手机号（含 *）不能识别会员",
    ),
    "io.not_phone": ("not a phone number", "不是手机号"),
    "io.phone_11": ("expected an 11-digit mainland mobile number", "应为 11 位大陆手机号"),
    "io.phone_digits": ("expected 11 digits, got {n}", "应为 11 位数字，实际 {n} 位"),
    "io.phone_prefix": (
        "not a mainland mobile number (must start 13–19)",
        "不是大陆手机号（应以 13–19 开头）",
    ),
    "io.excel_date_range": ("number out of range for an Excel date", "数字超出 Excel 日期的范围"),
    "io.expected_date": ("expected a date", "应为日期"),
    "io.no_such_date": ("no such date", "没有这一天"),
    "io.bare_number_date": (
        "a bare number is no date in text (expected a date such as 2023-01-05)",
        "文本里的纯数字不是日期（应为 2023-01-05 这样的日期）",
    ),
    "io.date_such_as": ("expected a date such as 2023-01-05", "应为 2023-01-05 这样的日期"),
    "io.birthday_range": ("birthday out of range", "生日超出范围"),
    "io.amount_range": (
        "amount out of range (at most ±92,233,720,368,547,758.07 yuan, a 64-bit BIGINT)",
        "金额超出范围（最多 ±92,233,720,368,547,758.07 元，64 位 BIGINT）",
    ),
    "io.amount_signs": (
        "amount with more than one sign ({expected})",
        "金额有多个正负号（{expected}）",
    ),
    "io.amount_scientific": (
        "amount in scientific notation ({expected})",
        "金额是科学计数法（{expected}）",
    ),
    "io.amount_expected": (
        "expected an amount such as 1299.00, 1,299.00, ¥88 or -12.50元",
        "应为 1299.00、1,299.00、¥88 或 -12.50元 这样的金额",
    ),
    "io.amount_decimals": (
        "amount with more than 2 decimals (expected fen at most, e.g. 12.34)",
        "金额超过两位小数（最多到分，例如 12.34）",
    ),
    "io.whole_number": ("expected a whole number", "应为整数"),
    "io.points_range": (
        "points out of range (at most {max}, a 32-bit INTEGER column)",
        "积分超出范围（最多 {max}，32 位 INTEGER 列）",
    ),
    "io.unknown_status": (
        "unknown order status (expected e.g. 交易成功, 已退款, 已关闭; --map-status 'VALUE=paid|refunded|cancelled|unpaid' maps others)",
        "未知的订单状态（应为 交易成功、已退款、已关闭 等；其他值用 --map-status 'VALUE=paid|refunded|cancelled|unpaid' 映射）",
    ),
    "io.unknown_doc_type": (
        "unknown document type (expected 销售 or 退货/退款)",
        "未知的单据类型（应为 销售 或 退货/退款）",
    ),
    "io.order_no_number": (
        "Excel turned the order number into a number (digits lost); export again with the column formatted as text",
        "Excel 把订单号变成了数字（丢了位数）；请把该列设为文本后重新导出",
    ),
    "io.order_no_scientific": (
        "Excel turned the order number into scientific notation (digits lost); export again with the column formatted as text",
        "Excel 把订单号变成了科学计数法（丢了位数）；请把该列设为文本后重新导出",
    ),
    "io.guide_status": (
        "expected 在职, 试用, 实习, 待离职 or 离职",
        "应为 在职、试用、实习、待离职 或 离职",
    ),
    "io.before_1900": ("before 1900", "早于 1900 年"),
    "io.in_future": ("in the future", "在未来"),
    "io.out_of_period": (
        "{when} (expected {first} to {last}, the day after the import)",
        "{when}（应在 {first} 到 {last}，即导入次日之间）",
    ),
    # -- headers -------------------------------------------------------------------------------
    "io.map_form": ("--map {item}: expected COLUMN=field", "--map {item}：格式应为 列名=字段"),
    "io.map_no_field": (
        "--map {item}: {kind} have no field {field}",
        "--map {item}：{kind} 没有字段 {field}",
    ),
    "io.map_fields": ("fields: {fields}", "可用字段：{fields}"),
    "io.no_header": (
        "{file}: no header row found in the first {n} rows",
        "{file}：前 {n} 行里找不到表头行",
    ),
    "io.no_header_hint": (
        "expected {kind} columns such as {columns}; use --map 'COLUMN=field' for other names",
        "应有 {kind} 的列，例如 {columns}；其他列名用 --map '列名=字段' 映射",
    ),
    "io.header_twice": (
        "header {header} appears twice (columns {a} and {b}); using column {a}",
        "表头 {header} 出现两次（第 {a} 列和第 {b} 列）；使用第 {a} 列",
    ),
    "io.none_found": ("(none)", "（无）"),
    "io.required_missing": (
        "{file}: required column missing: {names}. Headers found on row {row}: {found}",
        "{file}：缺少必需的列：{names}。第 {row} 行的表头：{found}",
    ),
    "io.required_missing_hint": (
        "rename the column or map it: --map 'YOUR HEADER={field}'",
        "请改列名或做映射：--map '你的表头={field}'",
    ),
    # -- reading files -------------------------------------------------------------------------
    "io.line_too_long": (
        "{file}: line {line} is longer than {mb} MB; privcli stops reading here",
        "{file}：第 {line} 行超过 {mb} MB；privcli 在此停止读取",
    ),
    "io.line_too_long_hint": (
        "a spreadsheet cell holds at most 32,767 characters: check that the file is a CSV export with line ends",
        "表格的一个单元格最多 32,767 个字符：请确认文件是带换行的 CSV 导出",
    ),
    "io.line": ("line {line}", "第 {line} 行"),
    "io.the_file": ("the file", "文件"),
    "io.cannot_decode": (
        "{file}: cannot decode {where} as {encoding}",
        "{file}：无法按 {encoding} 解码{where}",
    ),
    "io.save_utf8": (
        "save the file as UTF-8 (Excel: 另存为 → CSV UTF-8) and import again",
        "请把文件另存为 UTF-8（Excel：另存为 → CSV UTF-8）后重新导入",
    ),
    "io.cell_too_long": (
        "{file}: {where}: a cell longer than {n} characters; privcli stops reading here",
        "{file}：{where}：有单元格超过 {n} 个字符；privcli 在此停止读取",
    ),
    "io.cell_too_long_hint": (
        'a spreadsheet cell holds at most 32,767 characters: look for a quote (") that is opened and never closed before that line',
        '表格的一个单元格最多 32,767 个字符：请在该行之前找一个只开不关的引号（"）',
    ),
    "io.bad_csv": (
        "{file}: cannot read {where} as CSV ({error})",
        "{file}：无法按 CSV 读取{where}（{error}）",
    ),
    "io.no_sheet": ("{file}: no sheet named {sheet}", "{file}：没有名为 {sheet} 的工作表"),
    "io.sheets_in_file": ("sheets in this file: {names}", "这个文件里的工作表：{names}"),
    "io.calamine_grid": (
        "{file}: sheet {sheet} spans {rows} rows of {width} columns: python-calamine would hold a grid of {cells} cells",
        "{file}：工作表 {sheet} 跨 {rows} 行 {width} 列：python-calamine 要占用 {cells} 个单元格的网格",
    ),
    "io.calamine_grid_hint": (
        "unset {env}: privcli's own reader streams the sheet",
        "取消设置 {env}：privcli 自带的读取器会流式读取该表",
    ),
    "io.bad_xlsx": (
        "{file}: cannot read as .xlsx ({error})",
        "{file}：无法按 .xlsx 读取（{error}）",
    ),
    "io.bad_sheet": (
        "{file}: cannot read sheet {sheet} ({error})",
        "{file}：无法读取工作表 {sheet}（{error}）",
    ),
    "io.bad_sheet_after": (
        "{file}: cannot read sheet {sheet} after row {row} ({error})",
        "{file}：工作表 {sheet} 在第 {row} 行之后无法读取（{error}）",
    ),
    "io.stream_instead": (
        "{env}=1 reads the file with privcli's own reader instead",
        "{env}=1 改用 privcli 自带的读取器",
    ),
    "io.not_found": ("file not found: {path}", "找不到文件：{path}"),
    "io.is_directory": ("{path} is a directory, not a spreadsheet", "{path} 是文件夹，不是表格"),
    "io.legacy_xls": (
        "{file} is a legacy Excel .xls workbook, which privcli does not read",
        "{file} 是旧版 Excel .xls 工作簿，privcli 不读取这种格式",
    ),
    "io.legacy_xls_hint": (
        "open it in Excel or WPS and save as .xlsx (or CSV UTF-8), then import that file",
        "请用 Excel 或 WPS 打开并另存为 .xlsx（或 CSV UTF-8），再导入该文件",
    ),
    "io.not_xlsx": (
        "{file} has an .xlsx name but is not an .xlsx workbook",
        "{file} 的扩展名是 .xlsx，但不是 .xlsx 工作簿",
    ),
    "io.unsupported_type": (
        "{file}: unsupported file type {ext}",
        "{file}：不支持的文件类型 {ext}",
    ),
    "io.supported_types": (
        "privcli imports .xlsx, .csv and .txt files",
        "privcli 可导入 .xlsx、.csv 和 .txt 文件",
    ),
    "io.not_text": (
        "{file} is not a text file (UTF-16 or binary?)",
        "{file} 不是文本文件（UTF-16 或二进制？）",
    ),
    "io.save_csv_utf8": ("save as CSV UTF-8", "请另存为 CSV UTF-8"),
    # -- a damaged .xlsx ---------------------------------------------------------------------
    "io.no_sheets": ("the workbook lists no sheets", "工作簿里没有工作表"),
    "io.part_missing": ("part {part} is missing", "缺少部件 {part}"),
    "io.part_too_big": (
        "part {part} is {mb} MB, more than any workbook needs",
        "部件 {part} 有 {mb} MB，超出任何工作簿的需要",
    ),
    "io.sheet_data_missing": (
        "{file}: the data of sheet {sheet} is missing from the file ({part}); the file is damaged or was not written completely",
        "{file}：文件里缺少工作表 {sheet} 的数据（{part}）；文件已损坏或没有写完整",
    ),
    "io.save_again": (
        "open it in Excel or WPS and save it again, then import that file",
        "请用 Excel 或 WPS 打开并重新保存，再导入该文件",
    ),
    "io.damaged": (
        "{file}: the file is damaged, reading stopped ({error})",
        "{file}：文件已损坏，读取已停止（{error}）",
    ),
    "io.sst_cut": (
        "{file}: the shared strings end inside a string (damaged file?)",
        "{file}：共享字符串在一个字符串中间结束（文件损坏？）",
    ),
    "io.sst_too_big": (
        "{file}: its shared-strings table needs more than {mb} MB of memory ({n} texts read so far), more than privcli holds for one workbook",
        "{file}：共享字符串表需要超过 {mb} MB 内存（已读 {n} 条文本），超出 privcli 为一个工作簿保留的内存",
    ),
    "io.save_as_csv": (
        "save the sheet as CSV UTF-8 (Excel: 另存为 → CSV UTF-8) and import that file",
        "请把该表另存为 CSV UTF-8（Excel：另存为 → CSV UTF-8），再导入该文件",
    ),
    "io.too_many_styles": (
        "{file}: more cell formats than Excel allows ({max}); it was not saved by a spreadsheet program",
        "{file}：单元格格式超过 Excel 的上限（{max}）；不是表格软件保存的文件",
    ),
    "io.sheet_problem": ("{file}: sheet {sheet}: {what}", "{file}：工作表 {sheet}：{what}"),
    "io.beyond": (
        "{file}: sheet {sheet}: {what}, beyond what a spreadsheet holds ({rows} rows of {cols} columns, A to XFD)",
        "{file}：工作表 {sheet}：{what}，超出表格的容量（{rows} 行 × {cols} 列，A 到 XFD）",
    ),
    "io.beyond_hint": (
        "the file was not written by Excel or WPS: export the data again",
        "这个文件不是 Excel 或 WPS 写的：请重新导出数据",
    ),
    "io.row_too_big": (
        "the row after row {prev} holds more than {mb} MB of XML, more than a spreadsheet row can; privcli stops reading here",
        "第 {prev} 行之后的一行有超过 {mb} MB 的 XML，超出表格一行的容量；privcli 在此停止读取",
    ),
    "io.bad_shared_string": (
        "cell {ref} points to shared string {v}, the file has {n}",
        "单元格 {ref} 指向第 {v} 个共享字符串，文件只有 {n} 个",
    ),
    "io.malformed_xml": (
        "malformed XML after row {prev} ({error})",
        "第 {prev} 行之后的 XML 格式错误（{error}）",
    ),
    "io.row_number": ("row number {value}", "行号 {value}"),
    "io.cell": ("cell {ref}", "单元格 {ref}"),
    "io.cell_of_row": ("cell {ref} of row {row}", "第 {row} 行的单元格 {ref}"),
    "io.row": ("row {row}", "第 {row} 行"),
    "io.not_a_worksheet": (
        "it is not a worksheet (a chart sheet?), or its XML is cut short",
        "它不是工作表（是图表页？），或者 XML 被截断",
    ),
    "io.xml_ends": (
        "the sheet XML ends in the middle (damaged file?)",
        "工作表的 XML 在中途结束（文件损坏？）",
    ),
}
