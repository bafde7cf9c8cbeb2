"""Name → family record, with helpful errors for unknown names."""

from __future__ import annotations

import difflib

from .catalogue import ALL
from .record import Family

__all__ = ["get", "names"]

_BY_NAME: dict[str, Family] = {f.name: f for f in ALL}


def names() -> list[str]:
    """Names of every family klsym knows, in catalogue order."""
    return list(_BY_NAME)


def get(name: str) -> Family:
    """The record called ``name``; ``ValueError`` naming the known families otherwise."""
    if isinstance(name, Family):
        return name
    try:
        return _BY_NAME[name]
    except (KeyError, TypeError):
        close = difflib.get_close_matches(str(name), _BY_NAME, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise ValueError(
            f"unknown family {name!r}.{hint} Known families: {', '.join(_BY_NAME)}."
        ) from None
