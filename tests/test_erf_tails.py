"""A value the library hands out evaluates right with SymPy's own evalf, far in a normal tail.

Truncated normals on [-17, -16] have normalisers erf(b') − erf(a') of two numbers within
10^−180 of −1: written so, SymPy's ``N`` returned 1017 (and −2.58 at another precision) for a
KL of 0.0066. The exact side writes such erf values through erfc
(:func:`klsym.exact.evaluate.erf_tails`), so ``sp.N`` and ``float`` of ``klsym.kl``,
``klsym.entropy`` and the divergences agree with the oracle's independent digits.
"""

from __future__ import annotations

import pytest
import sympy as sp
from mpmath import mp, mpf

import klsym
from klsym.exact.evaluate import erf_tails
from klsym.oracle.api import numeric_cross_entropy

P = klsym.dist("truncated_normal", mu=sp.Rational(83, 2), sigma=2, a=-17, b=-16)
Q = klsym.dist("truncated_normal", mu=0, sigma=1, a=-17, b=-16)
N01 = klsym.dist("normal", mu=0, sigma=1)


def _agree(expr: sp.Expr, reference: mpf, digits: int = 28) -> None:
    assert not expr.has(sp.erf), expr  # every erf here is far in a tail
    got = sp.N(expr, 35)
    with mp.workdps(40):
        assert abs(mpf(str(got)) - reference) <= abs(reference) * mpf(10) ** -digits, (got, reference)
    assert float(expr) == pytest.approx(float(reference), rel=1e-14)


@pytest.mark.parametrize("p, q", [(P, Q), (Q, P), (P, N01)], ids=["P|Q", "Q|P", "P|normal"])
def test_kl_evaluates_right_in_the_tail(p, q):
    _agree(klsym.kl(p, q), klsym.numeric_kl(p, q, dps=35).value)


@pytest.mark.parametrize("kind, alpha", [("renyi", sp.Rational(1, 2)), ("renyi", 3), ("hellinger", None),
                                         ("chi_square", None)])
def test_divergences_evaluate_right_in_the_tail(kind, alpha):
    value = klsym.renyi(P, Q, alpha) if kind == "renyi" else getattr(klsym, kind)(P, Q)
    _agree(value, klsym.numeric_divergence(P, Q, kind, alpha, dps=35).value)


def test_entropy_evaluates_right_in_the_tail():
    # the oracle's cross-entropy of P with itself is its entropy, by its own quadrature of the record
    _agree(klsym.entropy(P), numeric_cross_entropy(P, dps=35).value)


def test_the_rewrite_keeps_the_value_and_leaves_the_middle_and_symbols_alone():
    x = sp.Symbol("x", real=True)
    expr = sp.erf(3) - sp.erf(-sp.Rational(5, 2)) + sp.erf(sp.Rational(1, 3)) + sp.erf(x)
    out = erf_tails(expr)
    assert out.has(sp.erf(sp.Rational(1, 3)), sp.erf(x)) and not out.has(sp.erf(3))
    assert sp.simplify(out.rewrite(sp.erf) - expr) == 0
    # the symbolic form of the family pair is left as derived
    assert klsym.kl("truncated_normal", "truncated_normal").has(sp.erf)
