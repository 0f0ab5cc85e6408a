"""Sales targets (目标拆解与追踪): set, import, split a chain's year into stores and months, track
them against actual sales."""

from privcli.base.capability import Capability
from privcli.targets import commands, schema, spec

CAPABILITY = Capability(
    name="targets",
    schema=schema.STEPS,
    kinds=(spec.TARGETS,),
    commands=commands.register,
)
