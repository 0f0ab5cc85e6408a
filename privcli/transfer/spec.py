"""What the transfer capability declares: the files it writes besides exports."""

from __future__ import annotations

PLAN_HEADERS = [
    "store_code",
    "from_guide",
    "to_guide",
    "phone",
    "name",
    "status",
    "reason",
    "eligible_on",
]
PLAN_HEADERS_ZH = ["门店编码", "原导购", "新导购", "手机号", "姓名", "状态", "原因", "可转移日期"]
