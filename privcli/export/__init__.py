"""`privcli export`: any table a capability declares, to .csv or .xlsx."""

from privcli.base.capability import Capability
from privcli.export import commands

CAPABILITY = Capability(name="export", commands=commands.register)
