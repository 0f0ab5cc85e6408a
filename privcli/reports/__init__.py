"""The analyses head office reads (报表): channels, repurchase intervals, lifecycle stages, RFM."""

from privcli.base.capability import Capability
from privcli.reports import commands

CAPABILITY = Capability(name="reports", commands=commands.register)
