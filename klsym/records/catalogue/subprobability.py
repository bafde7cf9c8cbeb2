"""The parameter kind of a vector of probabilities that leaves some mass out.

:data:`SUB_PROBABILITY_VECTOR`: entries p[1..K] in (0, 1) whose sum is below 1, the rest
1 − Σ p[i] being the probability of an outcome the vector does not list (the success
probability of the negative multinomial). It is a :class:`~klsym.records.kinds.Kind` like
those of :mod:`klsym.records.kinds` and is registered in its ``KINDS`` (a kind pickles by
name). It sits with the catalogue, whose modules enter the stored oracle values' fingerprints
record by record (:mod:`klsym.references.fingerprints`): a kind only reads and checks values,
and a new one should not make every stored value stale.

>>> from klsym.records import registry
>>> p = registry.get("negative_multinomial").param("p")
>>> p.kind.rule(p)
'every entry of p in (0, 1), entries summing to less than 1, length >= 2'
>>> p.kind.read(p, ["1/4", "1/2"])
(1/4, 1/2)
>>> p.kind.read(p, ["1/2", "1/2"])
Traceback (most recent call last):
...
ValueError: parameter p: entries sum to 1, not less than 1 (the rule is every entry of p in (0, 1), entries summing to less than 1, length >= 2)
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import sympy as sp

from ..kinds import KINDS, ParamLike, PositiveVector

__all__ = ["SubProbabilityVector", "SUB_PROBABILITY_VECTOR"]


class SubProbabilityVector(PositiveVector):
    """Probabilities p[1..K] (K >= 2), each in (0, 1), summing to less than 1 (positive entries
    with a rule on their sum: the positive vectors' reading of entries, its own rule, draws and
    transforms)."""

    name = "sub_probability_vector"

    def rule(self, param: ParamLike) -> str:
        return f"every entry of {param.name} in (0, 1), entries summing to less than 1, length >= 2"

    def read(self, param: ParamLike, raw: Any) -> tuple:
        # each entry exact and inside the parameter's domain (0, 1), checked by the positive vectors' reading
        _, values = self._read_entries(param, raw)
        total = sp.Add(*values)
        if not (total < 1):
            raise ValueError(f"parameter {param.name}: entries sum to {total}, not less than 1 "
                             f"(the rule is {self.rule(param)})")
        return tuple(values)

    def is_interior(self, param: ParamLike, value: Any) -> bool:
        return True  # the rule admits no end point

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        from hypothesis import strategies as st

        lo, hi = (2, 4) if size is None else (size, size)
        # weights of the K listed outcomes and of the one left out, each >= 1
        return st.tuples(st.lists(st.integers(1, max_magnitude), min_size=lo, max_size=hi),
                         st.integers(1, max_magnitude)).map(
            lambda t: [sp.Rational(w, sum(t[0]) + t[1]) for w in t[0]])

    def free_size(self, size: int | None) -> int:
        return size

    def to_unconstrained(self, param: ParamLike, value: Sequence[float], size: int | None = None) -> list[float]:
        rest = math.log1p(-math.fsum(value))
        return [math.log(v) - rest for v in value]

    def from_unconstrained(self, param: ParamLike, u: Sequence[float], size: int | None = None) -> list[float]:
        top = max(list(u) + [0.0])
        e = [math.exp(v - top) for v in u]
        s = math.fsum(e) + math.exp(-top)
        return [v / s for v in e]


SUB_PROBABILITY_VECTOR = SubProbabilityVector()
KINDS.setdefault(SUB_PROBABILITY_VECTOR.name, SUB_PROBABILITY_VECTOR)
