"""The agreement the relation tests ask of two exact values (shared by the tests of one record against
another: tests/test_lkj_dirichlet_multinomial.py, tests/test_multivariate_hypergeometric.py,
tests/test_normal_wishart.py), and the check of a law of count vectors' stated atoms against the sum
over every count vector."""

import mpmath
import sympy as sp

from klsym.crosscheck import agreed_digits
from klsym.derive.expectation import derive_by_expectation
from klsym.exact.counts import count_vectors
from klsym.records.values import substitute


def agree(a, b, digits: int = 40) -> None:
    """Two exact values to ``digits`` significant digits; +oo on both sides counts as agreement."""
    if sp.oo in (a, b):
        assert a == b, f"{a} != {b}"
        return
    with mpmath.workdps(digits + 20):
        x, y = (mpmath.mpf(str(sp.N(v, digits + 20))) for v in (a, b))
        assert agreed_digits(x, y) >= digits, f"{a} = {x} != {b} = {y}"


def atoms_agree_with_the_sums_over_count_vectors(p, q) -> None:
    """Each atom the expectation route states for P's law of count vectors (a sum over i of a function
    of x[i], its mean by one count's law) against the defining sum over every count vector of P's
    probabilities, exactly; those probabilities sum to 1."""
    d = derive_by_expectation(p.family)
    values = {**d.values(p, "p"), **d.values(q, "q")}
    x, c = p.record.variable, p.record.length_symbol
    k = next(len(v) for v in p.params.values() if isinstance(v, (list, tuple, sp.MatrixBase)))
    vectors = [v for v in count_vectors(int(p.params["n"]), k) if p.logpdf(v) != -sp.oo]
    weights = [sp.exp(p.logpdf(v)) for v in vectors]
    assert sp.nsimplify(sum(weights)) == 1
    for a in d.atoms:
        atom = a.atom.subs(c, k).doit()
        by_vectors = sum(w * atom.xreplace({x[i + 1]: v for i, v in enumerate(vec)}).xreplace(values)
                         for w, vec in zip(weights, vectors))
        agree(substitute(a.value, values, c), by_vectors)
