"""WeCom (企业微信): configuration, the one API client, customer sync, contact statistics, and
executing transfer batches through WeCom. Optional: privcli works fully offline until WeCom is
configured (PRIVCLI_WECOM_* or [wecom] in the --config file)."""

from privcli.base.capability import Capability
from privcli.wecom import commands, schema

CAPABILITY = Capability(
    name="wecom",
    schema=schema.STEPS,
    commands=commands.register,
    provides={
        "transfer.push": "privcli.wecom.transfers:TransferPush",
        "markdown.post": "privcli.wecom.messaging:GroupPost",
    },
)
