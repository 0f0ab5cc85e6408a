"""The coupon bank (卡券银行): batches, issuance through guides, redemption, ROI with a holdout."""

from privcli.base.capability import Capability
from privcli.coupons import schema

CAPABILITY = Capability(name="coupons", schema=schema.STEPS)
