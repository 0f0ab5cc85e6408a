"""What the transfer commands say (older transfer messages are still being moved here)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "transfer.rule_wecom": (
        "transfer limit: {limit} per {window} days per customer, counting the transfers WeCom accepted (WeCom is configured)",
        "转接上限：每位客户 {window} 天内 {limit} 次，按企业微信已接受的转接计算（已配置企业微信）",
    ),
    "transfer.rule_local": (
        "transfer limit: {limit} per {window} days per customer, counting every transfer and undo privcli logged (WeCom is not configured)",
        "转接上限：每位客户 {window} 天内 {limit} 次，按 privcli 记录的每次转接和撤销计算（未配置企业微信）",
    ),
    "transfer.push_unavailable": (
        "--push needs the WeCom capability, which this privcli does not have",
        "--push 需要企业微信功能，当前 privcli 不包含该功能",
    ),
    "transfer.push_dry_run": (
        "--push and --dry-run cannot be combined: a dry run writes nothing to push",
        "--push 不能与 --dry-run 同时使用：试运行不写入任何内容，没有可推送的批次",
    ),
    "transfer.nothing": ("nothing to transfer", "没有需要转移的客户"),
    "transfer.nothing_moved": (
        "nothing moved, no batch written",
        "没有客户被转移，未生成批次",
    ),
}
