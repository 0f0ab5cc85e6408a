"""privcli: command-line toolkit for retail private-domain operations."""

__version__ = "0.1.0"
