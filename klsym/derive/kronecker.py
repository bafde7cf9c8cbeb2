"""Kronecker products and vec in the matrix Bregman engine (the matrix normal law).

A law whose vectorised variable vec X is normal with a covariance V ⊗ U (the matrix normal)
is a member of the normal family of dimension d k: its natural parameters are
η₁ = (V ⊗ U)⁻¹ vec M and η₂ = −(V ⊗ U)⁻¹/2, and the Bregman divergence of the normal's
log-partition is taken in those as for any normal (:mod:`klsym.derive.matrix`). What comes out
is a scalar in 1 x 1 products, traces and log-determinants of Kronecker products and vec's.
:func:`unfold_kronecker` writes it in ordinary d x d, d x k and k x k matrices by four
identities of the Kronecker product (e.g. Magnus & Neudecker, *Matrix Differential Calculus*,
3rd ed. 2019, ch. 2), each checked on explicit matrices by the test suite:

* (B ⊗ C)(E ⊗ F) = BE ⊗ CF, (B ⊗ C)ᵀ = Bᵀ ⊗ Cᵀ, (B ⊗ C)⁻¹ = B⁻¹ ⊗ C⁻¹;
* vec(A)ᵀ (B ⊗ C) vec(E) = trace(Aᵀ C E Bᵀ), and vec(A)ᵀ vec(E) = trace(Aᵀ E);
* trace(B ⊗ C) = trace(B) trace(C);
* det(B ⊗ C) = det(B)^d det(C)^k for B k x k and C d x d.

>>> import sympy as sp
>>> d, k = sp.Symbol("d", integer=True, positive=True), sp.Symbol("k", integer=True, positive=True)
>>> M, U, V = sp.MatrixSymbol("M", d, k), sp.MatrixSymbol("U", d, d), sp.MatrixSymbol("V", k, k)
>>> from sympy.matrices.expressions.kronecker import KroneckerProduct
>>> from sympy.matrices.expressions.matexpr import MatrixElement
>>> from klsym.records.catalogue.rectangular_kinds import Vec
>>> unfold_kronecker(MatrixElement(Vec(M).T * KroneckerProduct(V.I, U.I) * Vec(M), 0, 0), {U, V})
Trace(M.T*U**(-1)*M*V**(-1))
>>> unfold_kronecker(sp.log(sp.Determinant(2 * KroneckerProduct(V, U))))
d*k*log(2) + d*log(Determinant(V)) + k*log(Determinant(U))
"""

from __future__ import annotations

from typing import Callable

import sympy as sp
from sympy.matrices.expressions.kronecker import KroneckerProduct
from sympy.matrices.expressions.matexpr import MatrixElement

from ..records.catalogue.rectangular_kinds import Vec

__all__ = ["IDENTITIES", "has_kronecker", "unfold_kronecker"]

#: the identities :func:`unfold_kronecker` applies, in words (for the derivation pages)
IDENTITIES = ("(B ⊗ C)(E ⊗ F) = BE ⊗ CF, (B ⊗ C)ᵀ = Bᵀ ⊗ Cᵀ, (B ⊗ C)⁻¹ = B⁻¹ ⊗ C⁻¹, "
              "vec(A)ᵀ (B ⊗ C) vec(E) = tr(Aᵀ C E Bᵀ), vec(A)ᵀ vec(E) = tr(Aᵀ E), tr(B ⊗ C) = tr(B) tr(C) and "
              "det(B ⊗ C) = det(B)^d det(C)^k for B k x k, C d x d (Magnus & Neudecker, Matrix Differential "
              "Calculus, ch. 2)")

Terms = list[tuple[sp.Expr, list]]


def has_kronecker(expr: sp.Basic) -> bool:
    """True when ``expr`` holds a Kronecker product or a vec."""
    return bool(expr.atoms(KroneckerProduct) or expr.atoms(Vec))


def _invert(f: sp.MatrixExpr) -> sp.MatrixExpr:
    if isinstance(f, KroneckerProduct):
        return KroneckerProduct(*[_invert(a) for a in f.args])
    if isinstance(f, sp.Inverse):
        return f.arg
    if isinstance(f, sp.MatMul):
        return sp.MatMul(*[_invert(a) for a in reversed(f.args)])
    return sp.Inverse(f)


def _transpose(f: sp.MatrixExpr, symmetric: set) -> sp.MatrixExpr:
    if isinstance(f, KroneckerProduct):
        return KroneckerProduct(*[_transpose(a, symmetric) for a in f.args])
    if isinstance(f, sp.Transpose):
        return f.arg
    if isinstance(f, sp.Inverse):
        return sp.Inverse(_transpose(f.arg, symmetric))
    if isinstance(f, sp.MatMul):
        return sp.MatMul(*[_transpose(a, symmetric) for a in reversed(f.args)])
    if f in symmetric:
        return f
    return sp.Transpose(f)


def _terms(m: sp.MatrixExpr, symmetric: set) -> Terms:
    """``m`` as a sum of (scalar, [matrix factors]) terms, products distributed."""
    if isinstance(m, sp.MatAdd):
        return [t for a in m.args for t in _terms(a, symmetric)]
    if isinstance(m, sp.MatMul):
        out: Terms = [(sp.Integer(1), [])]
        for a in m.args:
            if not getattr(a, "is_Matrix", False):
                out = [(c * a, fs) for c, fs in out]
                continue
            out = [(c * c2, fs + fs2) for c, fs in out for c2, fs2 in _terms(a, symmetric)]
        return out
    if isinstance(m, sp.MatPow) and m.exp == -1:
        m = sp.Inverse(m.base)
    if isinstance(m, sp.Inverse):
        inner = _terms(m.arg, symmetric)
        if len(inner) != 1:
            raise NotImplementedError(f"the inverse of a sum: {m}")
        (c, fs), = inner
        return [(1 / c, [_invert(f) for f in reversed(fs)])]
    if isinstance(m, sp.Transpose):
        return [(c, [_transpose(f, symmetric) for f in reversed(fs)]) for c, fs in _terms(m.arg, symmetric)]
    if isinstance(m, KroneckerProduct):
        parts = [_terms(a, symmetric) for a in m.args]
        if any(len(p) != 1 for p in parts):
            raise NotImplementedError(f"a Kronecker product of sums: {m}")
        coeff = sp.Mul(*[p[0][0] for p in parts])
        return [(coeff, [KroneckerProduct(*[sp.MatMul(*p[0][1]).doit() for p in parts])])]
    return [(sp.Integer(1), [m])]


def _merged(fs: list) -> list:
    """Adjacent Kronecker products of conforming factors multiplied factor by factor; identities dropped."""
    out: list = []
    for f in fs:
        if (out and isinstance(f, KroneckerProduct) and isinstance(out[-1], KroneckerProduct)
                and len(f.args) == len(out[-1].args)
                and all(a.shape[1] == b.shape[0] for a, b in zip(out[-1].args, f.args))):
            f = KroneckerProduct(*[sp.MatMul(a, b).doit() for a, b in zip(out.pop().args, f.args)])
        if isinstance(f, sp.Identity) or (isinstance(f, KroneckerProduct)
                                           and all(isinstance(a, sp.Identity) for a in f.args)):
            continue
        out.append(f)
    return out


def _unvec(fs: list, symmetric: set) -> sp.Expr:
    """vec(A)ᵀ [B ⊗ C] vec(E) as trace(Aᵀ C E Bᵀ) (trace(Aᵀ E) without a middle factor)."""
    first, *middle, last = fs
    if not (isinstance(first, sp.Transpose) and isinstance(first.arg, Vec) and isinstance(last, Vec)):
        raise NotImplementedError(f"a product of vec's not of the form vec(A)^T (B x C) vec(E): {fs}")
    a, e = first.arg.arg, last.arg
    if not middle:
        return sp.Trace(_transpose(a, symmetric) * e)
    if len(middle) != 1 or not isinstance(middle[0], KroneckerProduct):
        raise NotImplementedError(f"vec(A)^T M vec(E) with M = {middle}: not one Kronecker product")
    b, c = middle[0].args
    return sp.Trace(_transpose(a, symmetric) * c * e * _transpose(b, symmetric))


def _trace(fs: list, size: sp.Expr, symmetric: set) -> sp.Expr:
    """The trace of a product of factors: rotated to vec(A)ᵀ ... vec(E) where it holds vec's,
    trace(B) trace(C) for one Kronecker product B ⊗ C, ``size`` for no factor left (the identity)."""
    for k, f in enumerate(fs):
        if isinstance(f, sp.Transpose) and isinstance(f.arg, Vec):
            return _unvec(fs[k:] + fs[:k], symmetric)
    if not fs:
        return size  # the identity of that size
    if len(fs) == 1 and isinstance(fs[0], KroneckerProduct):
        b, c = fs[0].args
        return sp.Trace(b) * sp.Trace(c)
    return sp.Trace(sp.MatMul(*fs))


def _log_det(fs: list) -> sp.Expr:
    """log det of a product of square factors, a Kronecker product B ⊗ C (B k x k, C d x d) as
    d log det B + k log det C."""
    out = sp.Integer(0)
    for f in fs:
        if isinstance(f, KroneckerProduct):
            b, c = f.args
            out += c.shape[0] * _log_det([b]) + b.shape[0] * _log_det([c])
        elif isinstance(f, sp.Inverse):
            out -= _log_det([f.arg])
        elif isinstance(f, sp.MatMul):
            out += _log_det(list(f.args))
        else:
            out += sp.log(sp.Determinant(f))
    return out


def unfold_kronecker(expr: sp.Expr, symmetric: set | None = None,
                     drop: Callable[[sp.Basic], sp.Basic] | None = None) -> sp.Expr:
    """``expr`` (a scalar in 1 x 1 products, traces and log-determinants) with every Kronecker product
    and vec written out in ordinary matrices by the identities of the module docstring. ``symmetric``:
    matrix symbols S with Sᵀ = S; ``drop``, where given, removes their transposes first."""
    symmetric = set(symmetric or ())
    if drop is not None:
        expr = drop(expr)

    def element(t: MatrixElement) -> sp.Expr:
        return sp.Add(*[c * _unvec(_merged(fs), symmetric) for c, fs in _terms(t.parent, symmetric)])

    def trace(t: sp.Trace) -> sp.Expr:
        return sp.Add(*[c * _trace(_merged(fs), t.arg.shape[0], symmetric) for c, fs in _terms(t.arg, symmetric)])

    def log_det(t: sp.log) -> sp.Expr:
        terms = _terms(t.args[0].arg, symmetric)
        if len(terms) != 1:
            raise NotImplementedError(f"log det of a sum: {t}")
        (c, fs), = terms
        if not (c > 0) is sp.true:
            raise NotImplementedError(f"log det of {t.args[0].arg}: coefficient {c} not positive")
        fs = _merged(fs)
        size = t.args[0].arg.shape[0]
        return (size * sp.log(c) if c != 1 else sp.Integer(0)) + _log_det(fs)

    def holds(t: sp.Basic) -> bool:
        return has_kronecker(t)

    expr = expr.replace(lambda t: isinstance(t, sp.log) and isinstance(t.args[0], sp.Determinant) and holds(t),
                        log_det)
    expr = expr.replace(lambda t: isinstance(t, sp.Trace) and holds(t), trace)
    expr = expr.replace(lambda t: isinstance(t, MatrixElement) and t.parent.shape == (1, 1) and holds(t), element)
    return sp.expand(expr)
