"""Leaderboards (排行榜), PK contests (门店 PK / 导购 PK) and sales targets (目标拆解与追踪)."""

from privcli.base.capability import Capability
from privcli.base.events import IMPORT_FINISHED, OWNER_CHANGED
from privcli.boards import commands, schema, spec

CAPABILITY = Capability(
    name="boards",
    schema=schema.STEPS,
    kinds=(spec.TARGETS,),
    subscriptions=(
        (OWNER_CHANGED, "privcli.boards.handlers:owners_moved"),
        (IMPORT_FINISHED, "privcli.boards.handlers:import_finished"),
    ),
    commands=commands.register,
)
