"""Import profiles: the --map / --map-status / --sheet options of one source system, by name."""

from privcli.base.capability import Capability
from privcli.profiles import commands, schema

CAPABILITY = Capability(name="profiles", schema=schema.STEPS, commands=commands.register)
