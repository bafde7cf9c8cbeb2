"""The result of an exact KL evaluation: the value, how it was obtained, and why it is +∞."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = ["KLAnswer"]


@dataclass(frozen=True)
class KLAnswer:
    """A KL value with how it was obtained and, for ``oo``, why."""

    value: sp.Expr
    method: str  # "closed form", "closed form (limit)", "exact sum", "closed form + series", "identical distributions", ...
    reason: str | None = None
