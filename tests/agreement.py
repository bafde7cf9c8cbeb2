"""The agreement the relation tests ask of two exact values (shared by the tests of one record against
another: tests/test_lkj_dirichlet_multinomial.py, tests/test_multivariate_hypergeometric.py,
tests/test_normal_wishart.py)."""

import mpmath
import sympy as sp

from klsym.crosscheck import agreed_digits


def agree(a, b, digits: int = 40) -> None:
    """Two exact values to ``digits`` significant digits; +oo on both sides counts as agreement."""
    if sp.oo in (a, b):
        assert a == b, f"{a} != {b}"
        return
    with mpmath.workdps(digits + 20):
        x, y = (mpmath.mpf(str(sp.N(v, digits + 20))) for v in (a, b))
        assert agreed_digits(x, y) >= digits, f"{a} = {x} != {b} = {y}"
