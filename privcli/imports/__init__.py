"""The import engine and `privcli import KIND FILE` for every kind a capability declares."""

from privcli.base.capability import Capability
from privcli.imports import commands, schema, spec

CAPABILITY = Capability(
    name="imports",
    schema=schema.STEPS,
    commands=commands.register,
    file_headers=(spec.REPORT_HEADER,),
)
