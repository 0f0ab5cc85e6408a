"""Daily guide tasks (SOP): what each guide should do today, for which customer."""

from privcli.base.capability import Capability
from privcli.base.events import OWNER_CHANGED
from privcli.tasks import commands, schema, spec

CAPABILITY = Capability(
    name="tasks",
    schema=schema.STEPS,
    subscriptions=((OWNER_CHANGED, "privcli.tasks.handlers:follow_owner"),),
    commands=commands.register,
    file_headers=tuple(spec.HEADERS.values()),
)
