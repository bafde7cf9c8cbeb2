"""A value the library hands out evaluates right with SymPy's own evalf (and ``float``).

* Far in a normal tail: truncated normals on [-17, -16] have normalisers erf(b') − erf(a') of
  two numbers within 10^−180 of −1; written so, SymPy's ``N`` returned 1017 (and −2.58 at
  another precision) for a KL of 0.0066. The exact side writes such erf values through erfc
  (:func:`klsym.exact.evaluate.erf_tails`).
* Next to 1: a logarithmic law with p = 10^−300 has log(1 − p) in its forms, whose SymPy evalf
  is −8.7·10^−165 (not −10^−300); ``sp.N`` printed a KL of 301 for 0.939 and the entropy's series
  divided by zero. The exact side writes such logs through atanh
  (:func:`klsym.exact.evaluate.near_one_logs`).

``sp.N`` and ``float`` of ``klsym.kl``, ``klsym.entropy`` and the divergences then agree with the
oracle's independent digits (every stored check row was surveyed so; these were the cases that
did not), and, at pairs drawn for every family, with the library's interval evaluation.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from mpmath import mp, mpf

import klsym
from hypothesis import given

from klsym import strategies
from klsym.exact.evaluate import erf_tails
from klsym.oracle.api import numeric_cross_entropy
from klsym.records import registry
from klsym.verification.floats import kl_value

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


TINY = klsym.dist("logarithmic", p=sp.Rational(1, 10**300))
NINE = klsym.dist("logarithmic", p=sp.Rational(9, 10))


@pytest.mark.parametrize("p, q", [(TINY, NINE), (NINE, TINY)], ids=["tiny|9/10", "9/10|tiny"])
def test_kl_evaluates_right_next_to_one(p, q):
    _agree(klsym.kl(p, q), klsym.numeric_kl(p, q, dps=35).value)


@pytest.mark.parametrize("kind, alpha", [("renyi", sp.Rational(1, 2)), ("hellinger", None), ("chi_square", None)])
def test_divergences_evaluate_right_next_to_one(kind, alpha):
    value = klsym.renyi(TINY, NINE, alpha) if kind == "renyi" else getattr(klsym, kind)(TINY, NINE)
    _agree(value, klsym.numeric_divergence(TINY, NINE, kind, alpha, dps=35).value)


def test_entropy_next_to_one_prints_and_evaluates():
    # the oracle's own value for this entropy is a known problem of its quadrature (references.store);
    # the reference here is the defining sum -Σ p(k) log p(k), p(k) = -p^k/(k log(1 - p)), at 800 digits
    h = klsym.entropy(TINY)
    assert str(h)  # SymPy's printer evaluates terms to order them: it divided by zero before
    with mp.workdps(800):
        p = mpf(1) / mpf(10) ** 300
        pk = [-p**k / (k * mpmath.log1p(-p)) for k in range(1, 12)]
        reference = -mpmath.fsum(v * mpmath.log(v) for v in pk)
        _agree(h, reference)


@pytest.mark.rotating(3)  # three families a day in the README's test command, every family in the live lane
@pytest.mark.parametrize("name", registry.names())
def test_evalf_of_a_drawn_value_agrees_with_its_interval_value(name):
    # what a user does with an exact value: sp.N and float, against the library's own interval evaluation
    @given(strategies.kl_pairs(name))
    def prop(pair):
        p, q = pair
        value = klsym.kl(p, q)
        if value == sp.oo:
            return
        with mp.workdps(45):
            reference = kl_value(p, q, 40, value)
            got = mpf(str(sp.N(value, 30)))
            assert abs(got - reference) <= mpf(10) ** -25 * max(abs(reference), mpf(10) ** -30), \
                f"KL({p} ‖ {q}): sp.N gives {got}, the interval value is {reference}"
        # a value that is exactly 0 in a form that does not show it: float's 15-digit evalf leaves about 10^-123
        assert float(value) == pytest.approx(float(reference), rel=1e-12, abs=1e-100)

    prop()
