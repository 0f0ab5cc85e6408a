"""Leaderboards (排行榜) and PK contests (门店 PK / 导购 PK)."""

from privcli.base.capability import Capability
from privcli.base.events import IMPORT_FINISHED, OWNER_CHANGED
from privcli.boards import commands, schema

CAPABILITY = Capability(
    name="boards",
    schema=schema.STEPS,
    subscriptions=(
        (OWNER_CHANGED, "privcli.boards.handlers:owners_moved"),
        (IMPORT_FINISHED, "privcli.boards.handlers:import_finished"),
    ),
    commands=commands.register,
)
