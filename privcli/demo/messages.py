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
}
