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
