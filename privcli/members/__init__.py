"""Members (会员): keyed by phone, the identity customers and stores agree on."""

from privcli.base.capability import Capability
from privcli.members import commands, schema, spec

CAPABILITY = Capability(
    name="members",
    schema=schema.STEPS,
    kinds=(spec.MEMBERS,),
    exports=(spec.MEMBERS_EXPORT,),
    commands=commands.register,
)
