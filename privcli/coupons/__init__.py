"""The coupon bank (卡券银行): batches, issuance through guides, redemption, ROI with a holdout."""

from privcli.base.capability import Capability
from privcli.base.events import IMPORT_BATCH_LANDED, OWNER_CHANGED
from privcli.coupons import commands, schema

CAPABILITY = Capability(
    name="coupons",
    schema=schema.STEPS,
    subscriptions=(
        (IMPORT_BATCH_LANDED, "privcli.coupons.handlers:redeem_imported"),
        (OWNER_CHANGED, "privcli.coupons.handlers:follow_owner"),
    ),
    commands=commands.register,
)
