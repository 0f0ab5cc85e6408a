"""Named segments (人群): saved member selections (the table is the members capability's)."""

from privcli.base.capability import Capability
from privcli.segments import commands

CAPABILITY = Capability(name="segments", commands=commands.register)
