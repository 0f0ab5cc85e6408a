"""What the demo says."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "demo.building": (
        "privcli demo: building {db} from {samples}; files go to {files}",
        "privcli demo：用 {samples} 的样例建立 {db}；生成的文件放在 {files}",
    ),
    "demo.done": (
        "Done. The demo database: {db}; its files (error reports, transfer plan, export): {files}",
        "完成。演示数据库：{db}；生成的文件（错误报告、转移计划、导出）：{files}",
    ),
    "demo.point_at_it": (
        "Point later commands at it (or give --db each time):",
        "之后的命令要用这个数据库（或每次加 --db）：",
    ),
    "demo.step_load_chain": (
        "Load the chain: stores and guides (an ERP export with title rows; an HR roster)",
        "导入门店和导购（带标题行的 ERP 导出；HR 花名册）",
    ),
    "demo.step_import_members": (
        "Import members from a CRM export: messy rows are fixed, bad ones reported, never half-written",
        "导入 CRM 导出的会员：不规范的行自动修正，错误行写进报告，绝不写入一半",
    ),
    "demo.step_import_orders": (
        "Import two months of POS orders (GBK) and a Tmall 订单报表",
        "导入两个月的 POS 订单（GBK 编码）和一份天猫订单报表",
    ),
    "demo.step_import_again": (
        "Importing the same file again changes nothing",
        "再次导入同一个文件，什么都不会改变",
    ),
    "demo.step_look_up": (
        "Look members up (phones and names masked unless --show-pii)",
        "查询会员（手机号和姓名默认打码，加 --show-pii 显示完整）",
    ),
    "demo.step_departed": (
        "Two guides have left (离职): who still owns customers?",
        "两位导购已离职：谁名下还有客户？",
    ),
    "demo.step_plan": (
        "Plan the handover (离职继承) without writing anything",
        "规划离职继承，不写入任何内容",
    ),
    "demo.step_transfer": (
        "Do it: a batch, audited member by member",
        "执行：一个批次，每位会员都有记录可查",
    ),
    "demo.step_undo": (
        "Changed your mind? Undo the batch",
        "改主意了？撤销这个批次",
    ),
    "demo.step_export": (
        "Export for Excel (masked; formulas neutralised)",
        "导出给 Excel（已打码；公式已中和）",
    ),
    "demo.no_samples": (
        "the sample spreadsheets are missing from this installation",
        "这个安装里缺少样例表格",
    ),
    "demo.not_a_folder": (
        "{path} exists and is not a folder; the demo writes its files there",
        "{path} 已存在且不是文件夹；演示要把文件写在那里",
    ),
    "demo.not_a_folder_hint": ("move it away, or pass another --db", "请移走它，或换一个 --db"),
    "demo.exists": (
        "{path} already exists; the demo builds a new database",
        "{path} 已存在；演示要新建一个数据库",
    ),
    "demo.exists_hint": (
        "pass a new path, or omit --db to use ./{default}",
        "请给一个新路径，或去掉 --db 使用 ./{default}",
    ),
    "demo.step_failed": (
        "demo step failed: privcli {command} (exit {code})",
        "演示步骤失败：privcli {command}（退出码 {code}）",
    ),
}
