"""Customer handover (离职继承 / 在职继承): plans, batches, the owner log, undo."""

from privcli.base.capability import Capability
from privcli.base.events import OWNER_CHANGED
from privcli.transfer import commands, schema, spec

CAPABILITY = Capability(
    name="transfer",
    schema=schema.STEPS,
    subscriptions=((OWNER_CHANGED, "privcli.transfer.handlers:log_import_moves"),),
    commands=commands.register,
    file_headers=(spec.PLAN_HEADERS, spec.PLAN_HEADERS_ZH),
)
