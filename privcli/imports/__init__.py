"""The import engine and `privcli import KIND FILE` for every kind a capability declares."""

from privcli.base.capability import Capability
from privcli.imports import commands, schema

CAPABILITY = Capability(name="imports", schema=schema.STEPS, commands=commands.register)
