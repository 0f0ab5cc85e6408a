"""The headers of the sheet guides work through (`tasks export`, read back by `tasks
import-results`), in each language: declared apart from the code that writes them so that the
capability's declaration can name them (privcli recognizes its own files before overwriting one)
without importing the writer."""

from __future__ import annotations

HEADERS = {
    "en": [
        "task_id", "date", "store", "guide_id", "guide", "customer", "phone", "rule", "reason",
        "message", "coupon_code", "minutes", "done", "result", "note",
    ],
    "zh": [
        "任务编号", "日期", "门店", "导购工号", "导购姓名", "客户", "手机号", "规则", "原因",
        "话术", "券码", "预计分钟", "是否完成", "结果", "备注",
    ],
}  # fmt: skip
