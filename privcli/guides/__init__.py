"""Guides (导购) and stores (门店): the org chart every other capability hangs off."""

from privcli.base.capability import Capability
from privcli.guides import commands, schema, spec

CAPABILITY = Capability(
    name="guides",
    schema=schema.STEPS,
    kinds=(spec.STORES, spec.GUIDES),
    exports=(spec.GUIDES_EXPORT, spec.STORES_EXPORT),
    commands=commands.register,
)
