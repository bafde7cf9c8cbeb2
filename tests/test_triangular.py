"""The triangular law: a piecewise log-density whose expectations the engine derives by splitting
the integral at the breakpoints (klsym/derive/piecewise.py), checked against the oracle."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import klsym
from klsym import dist
from klsym.derive.expectation import derive_by_expectation
from klsym.derive.pairs import Verdict, derive_pair
from klsym.derive.piecewise import guard_vanishing_logs, piecewise_expectation
from klsym.records import registry
from klsym.records.record import X


def _tri(a, c, b):
    return dist("triangular", a=a, c=c, b=b)


def test_the_entropy_is_the_textbook_one():
    fam = registry.get("triangular")
    own = fam.symbols()
    assert sp.simplify(derive_by_expectation("triangular").entropy
                       - (sp.Rational(1, 2) + sp.log((own["b"] - own["a"]) / 2))) == 0


def test_the_kl_form_is_a_piecewise_in_where_q_mode_sits():
    d = derive_by_expectation("triangular")
    assert isinstance(d.kl, sp.Piecewise) and len(d.kl.args) == 4
    assert d.condition == (sp.Le(d.symbols_q["a"], d.symbols_p["a"]) & sp.Le(d.symbols_p["b"], d.symbols_q["b"]))


@pytest.mark.parametrize("p, q", [
    ((0, 1, 3), (0, 2, 3)),  # shared ends: u^2 log u at u = 0, guarded
    ((0, 2, 3), (0, 1, 3)),
    ((1, 2, 4), (0, 1, 5)),  # Q's mode on P's lower end
    ((0, 1, 3), (-1, 3, 4)),  # Q's mode on P's upper end
    ((0, 1, 3), (0, 1, 4)),  # equal modes, one end shared
    ((1, 3, 4), (0, 2, 5)),
])
def test_exact_kl_matches_the_oracle(p, q):
    P, Q = _tri(*p), _tri(*q)
    value = klsym.kl(P, Q)
    assert not value.has(sp.nan, sp.zoo, sp.I, sp.Piecewise)
    numeric = klsym.numeric_kl(P, Q)
    with mpmath.mp.workdps(40):
        assert abs(mpmath.mpf(sp.N(value, 40)._mpf_) - numeric.value) < mpmath.mpf(10) ** -28


def test_support_mismatch_is_infinite_with_a_reason():
    assert klsym.kl(_tri(0, 1, 3), _tri("1/2", 1, 3)) == sp.oo
    assert "not inside" in klsym.infinite_reason(_tri(0, 1, 3), _tri("1/2", 1, 3))


def test_piecewise_expectation_of_a_plain_atom():
    a, c, b = sp.symbols("a c b", real=True)
    tri = sp.log(2) - sp.log(b - a) + sp.Piecewise((sp.log(X - a) - sp.log(c - a), X <= c),
                                                     (sp.log(b - X) - sp.log(b - c), True))
    second = piecewise_expectation(tri, a, b, X**2)
    variance = registry.get("triangular").variance.subs(
        {s: t for s, t in zip(registry.get("triangular").symbols().values(), (a, c, b))})
    assert sp.simplify(second - (variance + ((a + b + c) / 3) ** 2)) == 0


def test_guard_leaves_logs_that_do_not_vanish():
    u, v = sp.symbols("u v", real=True)
    expr = sp.log(u - v) + (u - v) ** 2 * sp.log(u - v)  # the coefficient 1 + (u - v)^2 does not vanish
    assert guard_vanishing_logs(expr, [u - v]) == expr


def test_no_renyi_form_and_no_closed_pair_across_families():
    """SymPy's integrals of sqrt((x - a_P)(b_Q - x)) and the like came out wrong for some orders of the ends
    and modes (the divergence check found it), and the split integrals across families hold 0 log 0 where
    the supports share an end (the pair sweep found it): neither is offered."""
    with pytest.raises(NotImplementedError, match="no Rényi form"):
        klsym.renyi(_tri(1, 3, 4), _tri(0, 2, 5), "1/2")
    for p, q in (("uniform", "triangular"), ("triangular", "uniform"), ("triangular", "beta4")):
        d = derive_pair(p, q)
        assert d.verdict is not Verdict.CLOSED and ("piecewise" in d.reason or d.verdict is Verdict.INFINITE), d.reason
    with mpmath.workdps(40):  # the oracle's digits remain: 1 - log 2 (the closed pair gave 1 - 2 log 2)
        assert abs(klsym.numeric_kl(dist("uniform", a=0, b=1), _tri(0, "1/2", 1)).value - (1 - mpmath.log(2))) < 1e-28
