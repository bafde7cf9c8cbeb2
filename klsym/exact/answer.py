"""The result of an exact KL evaluation: the value, the route that gave it, and why it is +∞."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .resolve import Route

__all__ = ["KLAnswer"]


@dataclass(frozen=True)
class KLAnswer:
    """A KL value with the route that gave it and, for ``oo``, why.

    ``method`` is a :class:`klsym.exact.resolve.Route` (a ``str`` enum: ``str(method)``
    is the readable name, e.g. ``"exact sum over the support"``).
    """

    value: sp.Expr
    method: Route
    reason: str | None = None
