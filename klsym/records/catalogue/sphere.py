"""Laws on the unit sphere S^(d-1) of R^d (data only), and the kind of their direction parameter.

:data:`UNIT_VECTOR` is a real vector mu of length d >= 2 with mu^T mu = 1, checked exactly. It
is registered in :data:`klsym.records.kinds.KINDS` (a kind pickles by name) and sits with the
catalogue, whose modules enter the stored oracle values' fingerprints record by record: a new
kind should not make every stored value stale. The derivation engine reads its rule through
:attr:`UnitVector.unit_norm`: mu^T mu is 1 wherever it appears in a form.

* ``von_mises_fisher``: density C_d(kappa) exp(kappa mu^T x) on S^(d-1), any d >= 2.

>>> from klsym.records import registry
>>> mu = registry.get("von_mises_fisher").param("mu")
>>> mu.kind.rule(mu)
'mu is a real unit vector (mu^T mu = 1, exactly) of length d >= 2'
>>> mu.kind.read(mu, ["3/5", 0, "4/5"]).T
Matrix([[3/5, 0, 4/5]])
>>> mu.kind.read(mu, [0.6, 0.8])
Traceback (most recent call last):
...
ValueError: parameter mu: mu^T mu = 1 + 4.4e-17, not 1 (the rule is mu is a real unit vector (mu^T mu = 1, exactly) of length d >= 2); write exact entries, e.g. ["3/5", "4/5"] or ["sqrt(2)/2", "sqrt(2)/2"]: a float is read as the binary number it holds
"""

from __future__ import annotations

from typing import Any, Sequence

import mpmath
import sympy as sp
from sympy import besseli, log, pi, sqrt
from sympy.matrices.expressions.matexpr import MatrixElement

from ..kinds import KINDS, ParamLike, RealVector
from ..record import D, ExpFamily, Family, Param, Support
from .domains import POSITIVE, REAL

__all__ = ["UnitVector", "UNIT_VECTOR", "RECORDS"]


def _stereographic(u: Sequence) -> list:
    """The point of the unit sphere S^(len(u)) whose stereographic projection from (-1, 0, ..., 0) is u:
    ((1 - |u|^2), 2 u) / (1 + |u|^2), exact for rational u."""
    s = sum(v * v for v in u)
    return [(1 - s) / (1 + s)] + [2 * v / (1 + s) for v in u]


class UnitVector(RealVector):
    """A real vector mu of length d >= 2 with mu^T mu = 1 exactly (a d x 1 matrix)."""

    name = "unit_vector"
    #: the derivation engine writes mu^T mu as 1 for a parameter of this kind
    unit_norm = True
    #: the smallest length (the strategies draw from it)
    min_size = 2

    def rule(self, param: ParamLike) -> str:
        return f"{param.name} is a real unit vector ({param.name}^T {param.name} = 1, exactly) of length d >= 2"

    def read(self, param: ParamLike, raw: Any) -> sp.ImmutableMatrix:
        value = super().read(param, raw)
        n = param.name
        if value.shape[0] < 2:
            raise ValueError(f"parameter {n}: a direction needs length d >= 2, got length {value.shape[0]} "
                             f"(the rule is {self.rule(param)})")
        total = sp.expand(sum(v * v for v in value))
        if total.free_symbols:
            return value  # a symbolic direction: the rule is the engine's, mu^T mu = 1
        if total != 1 and (total - 1).equals(0) is not True:
            off = total - 1
            short = off.is_Rational and len(str(off)) < 20
            shown = str(abs(off)) if short else mpmath.nstr(mpmath.mpf(sp.N(abs(off), 5)), 2)
            hint = ""
            if any(isinstance(v, sp.Rational) and v.q & (v.q - 1) == 0 and v.q > 2**20 for v in value):
                hint = (f'; write exact entries, e.g. ["3/5", "4/5"] or ["sqrt(2)/2", "sqrt(2)/2"]: a float is read '
                        "as the binary number it holds")
            raise ValueError(f"parameter {n}: {n}^T {n} = 1 {'+' if off > 0 else '-'} {shown}, not 1 "
                             f"(the rule is {self.rule(param)}){hint}")
        return value

    def strategy(self, param: ParamLike, max_magnitude: int = 20, size: int | None = None) -> Any:
        from hypothesis import strategies as st

        dims = st.just(size) if size is not None else st.integers(2, 4)
        m = max_magnitude
        # exact rational points of the sphere: the inverse stereographic projection of rational u
        entries = st.fractions(-m, m, max_denominator=m).map(lambda f: sp.Rational(f.numerator, f.denominator))
        return dims.flatmap(lambda n: st.lists(entries, min_size=n - 1, max_size=n - 1).map(_stereographic))

    def free_size(self, size: int | None) -> int:
        return size - 1

    def to_unconstrained(self, param: ParamLike, value: Sequence[float], size: int | None = None) -> list[float]:
        raise NotImplementedError(f"parameter {param.name}: a unit vector has no float64 search (floats are not "
                                  "exactly of norm 1, and the rule is checked exactly)")

    def from_unconstrained(self, param: ParamLike, u: Sequence[float], size: int | None = None) -> list[float]:
        raise NotImplementedError(f"parameter {param.name}: a unit vector has no float64 search (floats are not "
                                  "exactly of norm 1, and the rule is checked exactly)")


UNIT_VECTOR = UnitVector()
KINDS.setdefault(UNIT_VECTOR.name, UNIT_VECTOR)


# --------------------------------------------------------------------------- von Mises-Fisher
_vmf_mu = Param("mu", REAL, "mean direction (a unit vector of length d >= 2)", kind=UNIT_VECTOR)
_vmf_kappa = Param("kappa", POSITIVE, "concentration")
vmf_mu, vmf_kappa = _vmf_mu.symbol(), _vmf_kappa.symbol()
vmf_x = sp.MatrixSymbol("x", D, 1)
vmf_eta = sp.MatrixSymbol("eta1", D, 1)
#: |eta| = sqrt(eta^T eta), the concentration
_vmf_norm = sqrt(MatrixElement(vmf_eta.T * vmf_eta, 0, 0))
#: the order of the Bessel function in the normaliser, d/2 - 1
_vmf_order = D / 2 - 1

von_mises_fisher = Family(
    name="von_mises_fisher",
    title="von Mises-Fisher",
    params=(_vmf_mu, _vmf_kappa),
    support=Support(-1, 1, discrete=False),
    logpdf=(vmf_kappa * MatrixElement(vmf_mu.T * vmf_x, 0, 0) + _vmf_order * log(vmf_kappa)
            - D * log(2 * pi) / 2 - log(besseli(_vmf_order, vmf_kappa))),
    parameterization=(
        "vMF_d(mu, kappa) on the unit sphere S^(d-1) = {x in R^d : x^T x = 1}, any d >= 2: density "
        "C_d(kappa) exp(kappa mu^T x) with respect to the sphere's surface measure (total 2 pi^(d/2)/Gamma(d/2)), "
        "C_d(kappa) = kappa^(d/2-1) / ((2 pi)^(d/2) I_(d/2-1)(kappa)), I the modified Bessel function of the "
        "first kind. mu the mean direction, a unit vector (mu^T mu = 1, checked exactly: give exact entries such "
        "as 3/5 or sqrt(2)/2); kappa > 0 the concentration. d = 2 is von_mises with mu = (cos m, sin m). "
        "Natural parameter eta = kappa mu with T(x) = x and A(eta) = log I_(d/2-1)(|eta|) - (d/2-1) log |eta| "
        "+ (d/2) log(2 pi), so that E[x] = A_d(kappa) mu with A_d = I_(d/2)/I_(d/2-1)."
    ),
    ef=ExpFamily(
        eta_symbols=(vmf_eta,),
        eta=(vmf_kappa * vmf_mu,),
        T=(vmf_x,),
        A=log(besseli(_vmf_order, _vmf_norm)) - _vmf_order * log(_vmf_norm) + D * log(2 * pi) / 2,
        log_h=sp.Integer(0),
    ),
    example={"mu": [0, 0, 1], "kappa": 2},
    variable=vmf_x,
    support_text="the unit sphere S^(d-1) (column vectors x of length d with x^T x = 1)",
    # multivariate rows: the oracle integrates over x . mu_P and the direction of mu_Q around it
    # (klsym.oracle.coordinates), in any dimension
    cases=(
        ({"mu": ["3/5", "4/5"], "kappa": 2}, {"mu": [1, 0], "kappa": 5}, "d = 2 (von Mises): moderate"),
        ({"mu": [0, 0, 1], "kappa": 2}, {"mu": ["2/3", "1/3", "2/3"], "kappa": 5}, "d = 3 moderate"),
        ({"mu": [0, 0, 1], "kappa": "1/10^6"}, {"mu": [1, 0, 0], "kappa": "1/1000"}, "d = 3 nearly uniform"),
        ({"mu": [0, 0, 1], "kappa": 10**4}, {"mu": ["1/10^3", 0, "sqrt(1-1/10^6)"], "kappa": 10**5},
         "d = 3 huge concentrations, directions 10^-3 apart"),
        ({"mu": [0, 0, 1], "kappa": 3}, {"mu": [0, 0, -1], "kappa": 3}, "d = 3 opposite directions"),
        ({"mu": ["1/2", "1/2", "1/2", "1/2"], "kappa": 100},
         {"mu": ["1/2", "1/2", "1/2", "1/2"], "kappa": "100+1/10^6"},
         "d = 4 near-equal concentrations"),
        ({"mu": [1, 0, 0, 0, 0], "kappa": 7}, {"mu": ["3/5", "4/5", 0, 0, 0], "kappa": "1/2"}, "d = 5"),
        ({"mu": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], "kappa": 50}, {"mu": [0, 0, 0, 0, 0, 0, 0, 0, 1, 0], "kappa": 50},
         "d = 10 orthogonal directions"),
    ),
)

RECORDS = (von_mises_fisher,)
