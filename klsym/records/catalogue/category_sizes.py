"""The parameter kind of a vector of category sizes: integers K[1..c] >= 0, c >= 2.

:data:`CATEGORY_SIZES` is the population of an urn by colour (the multivariate
hypergeometric law's K): each entry an integer >= 0, at least two entries. A size 0 is an
empty colour, whose count is always 0; the law's forms hold for it as for any other size,
so no value of the kind is a boundary case. Like
:mod:`klsym.records.catalogue.subprobability` it sits with the catalogue and is registered
in :data:`klsym.records.kinds.KINDS` (a kind pickles by name): the stored oracle values'
fingerprints take the catalogue record by record, and a new kind should not make every
stored value stale.

>>> from klsym.records import registry
>>> K = registry.get("multivariate_hypergeometric").param("K")
>>> K.kind.rule(K)
'every entry of K an integer >= 0, length >= 2'
>>> K.kind.read(K, [3, "0", 5])
(3, 0, 5)
>>> K.kind.read(K, [3, "1/2"])
Traceback (most recent call last):
...
ValueError: parameter K[1] = 1/2 breaks the rule every entry of K an integer >= 0, length >= 2 (not an integer)
"""

from __future__ import annotations

from typing import Any, Sequence

import sympy as sp

from ..convert import as_list, to_exact
from ..kinds import KINDS, ParamLike, PositiveVector
from ..scalars import check_entry

__all__ = ["CategorySizes", "CATEGORY_SIZES"]


class CategorySizes(PositiveVector):
    """Integers K[1..c] >= 0 (c >= 2): the index-sum entries of the positive vectors, read as
    integers, with their own rule, draws and transforms."""

    name = "category_sizes"

    def rule(self, param: ParamLike) -> str:
        return f"every entry of {param.name} an integer >= 0, length >= 2"

    def read(self, param: ParamLike, raw: Any) -> tuple:
        items = as_list(raw, param.name)
        if len(items) < 2:
            raise ValueError(f"parameter {param.name}: needs length >= 2, got {len(items)} "
                             f"(the rule is {self.rule(param)})")
        values = [to_exact(v, f"{param.name}[{j}]") for j, v in enumerate(items)]
        for j, v in enumerate(values):
            check_entry(f"{param.name}[{j}]", v, sp.Interval(0, sp.oo), True, self.rule(param))
        return tuple(values)

    def is_interior(self, param: ParamLike, value: Any) -> bool:
        return True  # an empty colour (K[i] = 0) is an ordinary value: see the module docstring

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        from hypothesis import strategies as st

        lo, hi = (2, 4) if size is None else (size, size)
        # sizes from max_magnitude up: a number of draws n <= max_magnitude is then possible under every
        # drawn law, and a pair drawn independently has nested supports (min(n, K_P[i]) <= K_Q[i])
        m = max_magnitude
        return st.lists(st.integers(m, 3 * m).map(sp.Integer), min_size=lo, max_size=hi)

    def to_unconstrained(self, param: ParamLike, value: Sequence[float], size: int | None = None) -> list[float]:
        raise NotImplementedError(f"parameter {param.name}: integer category sizes have no continuous search")

    def from_unconstrained(self, param: ParamLike, u: Sequence[float], size: int | None = None) -> list[float]:
        raise NotImplementedError(f"parameter {param.name}: integer category sizes have no continuous search")


CATEGORY_SIZES = CategorySizes()
KINDS.setdefault(CATEGORY_SIZES.name, CATEGORY_SIZES)
