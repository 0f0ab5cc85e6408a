"""Orders (订单): keyed by order number; what sales, conversion and attribution are counted from."""

from privcli.base.capability import Capability
from privcli.orders import commands, schema, spec

CAPABILITY = Capability(
    name="orders",
    schema=schema.STEPS,
    kinds=(spec.ORDERS,),
    exports=(spec.ORDERS_EXPORT,),
    commands=commands.register,
)
