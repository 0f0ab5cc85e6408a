"""privcli: command-line toolkit for retail private-domain operations."""

__version__ = "0.3.0.dev0"
