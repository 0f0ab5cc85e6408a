"""What the transfer commands say."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "transfer.nothing": ("nothing to transfer", "没有需要转移的客户"),
    "transfer.nothing_moved": (
        "nothing moved, no batch written",
        "没有客户被转移，未生成批次",
    ),
}
