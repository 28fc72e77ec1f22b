"""Our Writer: absolute, script-free feeds."""

from .writer import register

__all__ = ["register"]
