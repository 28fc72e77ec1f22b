"""A share bar of plain links: no third-party script, no request until a click."""

from .share_bar import register

__all__ = ["register"]
