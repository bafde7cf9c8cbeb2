"""The LaTeX the derivation pages write: SymPy's printer with the few notations it lacks."""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter

__all__ = ["math_block", "tex"]


class _Latex(LatexPrinter):
    """SymPy's LaTeX, with Q.positive_definite(G) written G ≻ 0 (the matrix conditions of the
    multivariate Rényi forms), a row of ones (a 1 x d ``OneMatrix``, which is how SymPy
    holds the transpose of a column of ones) written 𝟏ᵀ (𝟏ᵀμ is the sum of μ's entries), and
    log or exp applied to each entry of a vector written log(x), exp(x)."""

    def _print_AppliedPredicate(self, expr):
        if expr.function == sp.Q.positive_definite:
            return self._print(expr.arguments[0]) + r" \succ 0"
        return super()._print_AppliedPredicate(expr)

    def _print_ElementwiseApplyFunction(self, expr):
        # f applied to each entry (the lognormal's log x): written f(x), as the page's text says componentwise
        f = expr.function
        for g in (sp.log, sp.exp):
            if isinstance(f, sp.Lambda) and f.expr == g(f.variables[0]):
                return rf"\{g.__name__}{{\left({self._print(expr.expr)}\right)}}"
        return super()._print_ElementwiseApplyFunction(expr)

    def _print_OneMatrix(self, expr):
        return r"\mathbf{1}^{T}" if expr.shape[0] == 1 and expr.shape[1] != 1 else r"\mathbf{1}"


def tex(expr: sp.Expr) -> str:
    r"""The LaTeX of ``expr`` as the pages write it.

    >>> tex(sp.OneMatrix(1, sp.Symbol("d")) * sp.MatrixSymbol("mu", sp.Symbol("d"), 1))
    '\\mathbf{1}^{T} \\mu'
    """
    return _Latex().doprint(expr)


def math_block(expr: sp.Expr | str) -> str:
    """A display-math block of ``expr`` (LaTeX text as it is)."""
    body = expr if isinstance(expr, str) else tex(expr)
    return f"$$\n{body}\n$$"
