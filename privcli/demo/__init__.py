"""`privcli demo`: a demo chain built from samples/, walked through command by command."""

from privcli.base.capability import Capability
from privcli.demo import commands

CAPABILITY = Capability(name="demo", commands=commands.register)
