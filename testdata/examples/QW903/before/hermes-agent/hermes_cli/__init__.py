"""Hermes Agent (stand-in: only the version line qwlint reads)."""
__version__ = "0.19.0"
