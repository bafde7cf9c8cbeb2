"""The derivation engine for vector and matrix parameters (multivariate families).

The same Bregman divergence as :mod:`klsym.derive.bregman`, with η and T made of d x 1
and d x d matrix symbols of symbolic size d: the pairing is aᵀb for vectors and
trace(aᵀB) for matrices. ∇A is taken by SymPy's matrix calculus, term by term;
SymPy has no rule for log det, so the one identity d log det(cE)/dE = E^(-T)
(Jacobi's formula) is applied here, and the result is checked against the
element-wise derivation in d = 1 and d = 2 by the test suite. The log-determinant of any
other matrix expression M(E) (the normal-Wishart's −2 η₁ + η₂η₂ᵀ/(2 η₃)) is differentiated by
the same formula in its general form, d log det M = trace(M⁻¹ dM): the gradient of
trace(N M(E)) with N held constant, then N = M⁻¹.
"""

from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from ..records.catalogue.rectangular_kinds import REAL_MATRIX
from ..records.kinds import REAL_VECTOR, SCALAR, SPDMatrix
from ..records.record import Family
from .bregman import Derivation
from .entropy import EntropyDerivation
from .kronecker import has_kronecker, unfold_kronecker
from .sides import side_map
from .tidy import bessel_recurrence, tidy

__all__ = ["derive_kl_matrix", "derive_entropy_matrix", "matrix_canonical", "spd_symbols", "unit_norms", "in_theta",
           "norm_symbol"]


def _pair(a, b) -> sp.Expr:
    """⟨a, b⟩: aᵀb for vectors, trace(aᵀb) for matrices, a·b for scalars."""
    if getattr(a, "is_Matrix", False):
        if a.shape[1] == 1:
            return MatrixElement(a.T * b, 0, 0)
        return sp.Trace(a.T * b)
    return a * b


def _scalar_derivative(m, e: sp.Symbol) -> object:
    """∂M/∂e for a number e and a matrix expression M, a sum of scalars times products of matrices
    free of e."""
    out = None
    for term in sp.Add.make_args(m):
        factors = term.args if isinstance(term, sp.MatMul) else (term,)
        matrices = [f for f in factors if getattr(f, "is_Matrix", False)]
        if any(f.has(e) for f in matrices):
            raise NotImplementedError(f"cannot differentiate {term} with respect to {e}")
        scalar = sp.Mul(*[f for f in factors if not getattr(f, "is_Matrix", False)])
        part = sp.diff(scalar, e) * sp.MatMul(*matrices)
        out = part if out is None else out + part
    return out


def _log_det_gradient(m, e) -> object:
    """∂ log det M/∂e by Jacobi's formula d log det M = trace(M⁻¹ dM): the gradient of trace(N M) with
    N held constant, then N = M⁻¹."""
    held = sp.MatrixSymbol("N_held", *m.shape)
    if isinstance(e, sp.MatrixSymbol):
        part = sp.diff(sp.Trace(held * m), e)
    else:
        part = sp.Trace(held * _scalar_derivative(m, e))
    return part.xreplace({held: sp.Inverse(m)})


def _is_log_det(f) -> bool:
    return isinstance(f, sp.log) and isinstance(f.args[0], sp.Determinant)


def _scalar_gradient(A: sp.Expr, e: sp.Symbol) -> sp.Expr:
    """∂A/∂e for a number e: SymPy's, but a log-determinant of a matrix expression in e by Jacobi's formula."""
    if not any(det.has(e) for det in A.atoms(sp.Determinant)):
        return sp.diff(A, e)
    total = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(A)):
        logs = [f for f in sp.Mul.make_args(term) if _is_log_det(f) and f.has(e)]
        if not logs:
            total += sp.diff(term, e)
            continue
        if len(logs) != 1:
            raise NotImplementedError(f"cannot differentiate {term} with respect to {e}")
        rest = sp.Mul(*[f for f in sp.Mul.make_args(term) if f is not logs[0]])
        total += sp.diff(rest, e) * logs[0] + rest * _log_det_gradient(logs[0].args[0].arg, e)
    return total


def _matrix_gradient(A: sp.Expr, e) -> object:
    """∂A/∂e for a scalar A built from 1 x 1 products, traces and log-determinants."""
    if not isinstance(e, sp.MatrixSymbol):
        return _scalar_gradient(A, e)
    total = sp.ZeroMatrix(*e.shape)
    for term in sp.Add.make_args(sp.expand(A)):
        if not term.has(e):
            continue
        inner = [f for f in sp.Mul.make_args(term) if f.has(e)]
        if len(inner) != 1:
            raise NotImplementedError(f"cannot differentiate {term} with respect to {e}")
        g = inner[0]
        coeff = sp.Mul(*[f for f in sp.Mul.make_args(term) if not f.has(e)])
        if isinstance(g, MatrixElement):
            part = sp.diff(g.parent, e)
        elif _is_log_det(g):
            m = g.args[0].arg
            c, rest = m.as_coeff_mmul()
            if (sp.MatMul(*rest.args).doit() if isinstance(rest, sp.MatMul) else rest) == e:
                part = sp.Inverse(sp.Transpose(e))  # Jacobi's formula for log det(c E)
            else:
                part = _log_det_gradient(m, e)
        elif isinstance(g, sp.Trace):
            part = sp.diff(g, e)
        else:
            total = total + _through_quadratic_form(term, e)
            continue
        total = total + coeff * part
    return total


def norm_symbol(e: sp.MatrixSymbol) -> sp.Symbol:
    """The scalar |e|² = eᵀe as one positive symbol, in which the gradients of
    :func:`_through_quadratic_form` are written: SymPy turns a 1 x 1 form eᵀe that multiplies a
    matrix into an explicit sum over its entries, so the form is held as this symbol until η(θ)
    is put in (:func:`in_theta`)."""
    return sp.Symbol(f"|{e.name}|^2", positive=True)


def _through_quadratic_form(term: sp.Expr, e: sp.MatrixSymbol) -> object:
    """∂term/∂e for a term that depends on e only through the quadratic form eᵀe (the von
    Mises-Fisher's log I_ν(|η|)): the chain rule, (∂term/∂q)(∂q/∂e) with ∂(eᵀe)/∂e = 2e, the
    form written as :func:`norm_symbol`."""
    q = MatrixElement(e.T * e, 0, 0)
    z = norm_symbol(e)
    held = term.xreplace({q: z})
    if held.has(e):
        raise NotImplementedError(f"cannot differentiate {term} with respect to {e}")
    return sp.simplify(bessel_recurrence(sp.diff(held, z))) * sp.diff(q.parent, e)


def in_theta(expr, fam: Family) -> object:
    """``expr`` (A, a gradient of A) with η(θ) put in for the natural parameters, each held
    form |η|² (:func:`norm_symbol`) as its value in θ, and the unit rule (:func:`unit_norms`). A
    gradient through |η|² has had its Bessel recurrence already (:func:`_through_quadratic_form`)."""
    ef = fam.ef
    to_eta = dict(zip(ef.eta_symbols, ef.eta))
    held = [e for e in to_eta if isinstance(e, sp.MatrixSymbol) and e.shape[1] == 1 and expr.has(norm_symbol(e))]
    norms = {norm_symbol(e): unit_norms(matrix_canonical(MatrixElement(to_eta[e].T * to_eta[e], 0, 0), set()), fam)
             for e in held}
    return unit_norms(expr.subs(to_eta).xreplace(norms), fam)


def unit_norms(expr, fam: Family, suffixes: tuple[str, ...] = ("",)) -> object:
    """``expr`` with uᵀu written as 1 for every unit-vector parameter u (a kind whose
    ``unit_norm`` is set: the von Mises-Fisher's mu), in the record's own symbols and in those
    of the sides named by ``suffixes`` ("_p", "_q"): the 1 x 1 forms are first put in canonical
    terms (scalars out), so (kappa mu)ᵀ(kappa mu) becomes kappa²."""
    units = [p.kind.symbol(p, s) for p in fam.params if getattr(p.kind, "unit_norm", False) for s in suffixes]
    if not units:
        return expr
    ones = {MatrixElement(u.T * u, 0, 0): sp.Integer(1) for u in units}
    reps = {}
    for m in expr.atoms(MatrixElement):
        if isinstance(m.parent, sp.MatrixSymbol):
            continue
        c = matrix_canonical(m, set()).xreplace(ones)
        if c != m:
            reps[m] = c
    return expr.xreplace(reps)


def _symmetric_rules(symmetric) -> list:
    """(pattern, replacement) pairs: Sᵀ = S and (S⁻¹)ᵀ = S⁻¹ for symmetric S."""
    return list(symmetric)


def _drop_transposes(expr, symmetric):
    """Replace Sᵀ by S and (S^k)ᵀ by S^k for the symmetric matrix symbols."""
    def is_sym(m):
        if m in symmetric:
            return True
        if isinstance(m, sp.Inverse) and is_sym(m.arg):
            return True
        if isinstance(m, sp.MatPow) and is_sym(m.base):
            return True
        if isinstance(m, sp.Transpose) and is_sym(m.arg):
            return True
        return False

    for _ in range(4):
        new = expr.replace(lambda m: isinstance(m, sp.Transpose) and is_sym(m.arg), lambda m: m.arg)
        new = new.replace(lambda m: isinstance(m, sp.Inverse) and isinstance(m.arg, sp.Transpose) and is_sym(m.arg.arg),
                          lambda m: sp.Inverse(m.arg.arg))
        if new == expr:
            break
        expr = new
    return expr


def _mat_terms(m) -> list[tuple[sp.Expr, object]]:
    """A matrix expression as (scalar coefficient, product of matrices) terms."""
    m = sp.expand(m)
    m = m.doit() if hasattr(m, "doit") else m
    out = []
    for t in (m.args if isinstance(m, sp.MatAdd) else (m,)):
        c, prod = t.as_coeff_mmul()
        prod = sp.MatMul(*prod.args).doit() if isinstance(prod, sp.MatMul) else prod
        if isinstance(prod, sp.MatMul):
            c2, prod = prod.as_coeff_mmul()
            c = c * c2
            prod = sp.MatMul(*prod.args) if len(prod.args) > 1 else prod.args[0]
        out.append((c, prod))
    return out


def _factors(prod) -> list:
    return list(prod.args) if isinstance(prod, sp.MatMul) else [prod]


def _canonical_quadratic(factors: list, symmetric) -> sp.Expr:
    """uᵀ M v (factors of a 1 x 1 product) as a scalar, in a canonical order."""
    a = sp.MatMul(*factors).doit() if len(factors) > 1 else factors[0]
    b = _drop_transposes(sp.Transpose(a).doit(), symmetric)
    b = sp.MatMul(*_factors(b)).doit() if isinstance(b, sp.MatMul) else b
    best = min((a, b), key=lambda e: sp.sstr(e))
    return MatrixElement(best, 0, 0)


def _scalar_of_trace(c, prod, symmetric) -> sp.Expr:
    fs = _factors(prod)
    if isinstance(prod, sp.Identity):
        return c * prod.shape[0]
    # an outer product u vᵀ inside the trace: rotate to vᵀ ... u (a 1 x 1 product)
    for k, f in enumerate(fs):
        if f.shape[1] == 1 and k + 1 < len(fs) + 1:
            rotated = fs[k + 1:] + fs[:k + 1]
            if rotated[0].shape[0] == 1:
                return c * _canonical_quadratic(rotated, symmetric)
    rotations = [sp.MatMul(*(fs[k:] + fs[:k])) for k in range(len(fs))] if len(fs) > 1 else [prod]
    return c * sp.Trace(min(rotations, key=sp.sstr))


def matrix_canonical(expr: sp.Expr, symmetric) -> sp.Expr:
    """A scalar expression in traces, 1 x 1 products and log-determinants, rewritten
    term by term: transposes of symmetric matrices dropped, S S⁻¹ = I, trace(I) = d,
    traces of outer products turned into quadratic forms, log det(c S^k) = d log c + k log det S."""
    expr = _drop_transposes(expr, symmetric)

    def trace_rule(t):
        return sp.Add(*[_scalar_of_trace(c, p, symmetric) for c, p in _mat_terms(_drop_transposes(t.arg, symmetric))])

    def element_rule(t):
        out = sp.Integer(0)
        for c, p in _mat_terms(_drop_transposes(t.parent, symmetric)):
            out += c * _canonical_quadratic(_factors(p), symmetric)
        return out

    def logdet_rule(t):
        m = _drop_transposes(t.args[0].arg, symmetric)
        m = m.doit()
        c, rest = m.as_coeff_mmul()
        rest = sp.MatMul(*rest.args).doit() if len(rest.args) > 1 else rest.args[0]
        if not (c > 0) is sp.true:
            raise NotImplementedError(f"log det of {m}: coefficient {c} not positive")
        n = rest.shape[0]
        out = n * sp.log(c) if c != 1 else sp.Integer(0)
        for f in _factors(rest):
            if isinstance(f, sp.Inverse):
                out -= sp.log(sp.Determinant(f.arg))
            elif isinstance(f, sp.MatPow) and f.exp.is_integer:
                out += f.exp * sp.log(sp.Determinant(f.base))
            else:
                out += sp.log(sp.Determinant(f))
        return out

    expr = expr.replace(lambda t: isinstance(t, sp.log) and isinstance(t.args[0], sp.Determinant), logdet_rule)
    expr = expr.replace(lambda t: isinstance(t, sp.Trace), trace_rule)
    expr = expr.replace(lambda t: isinstance(t, MatrixElement) and t.parent.shape == (1, 1)
                        and not isinstance(t.parent, sp.MatrixSymbol), element_rule)
    return sp.expand(expr)


def _gather_squares(expr: sp.Expr, vectors: list[tuple]) -> sp.Expr:
    """c(uᵀMu − uᵀMv − vᵀMu + vᵀMv) → c (u − v)ᵀ M (u − v) for each (u, v) pair."""
    terms = sp.Add.make_args(sp.expand(expr))
    for u, v in vectors:
        by_middle: dict = {}
        rest = []
        for t in terms:
            els = [f for f in sp.Mul.make_args(t) if isinstance(f, MatrixElement)]
            if len(els) == 1:
                fs = _factors(els[0].parent)
                if len(fs) == 3 and isinstance(fs[0], sp.Transpose) and fs[0].arg in (u, v) and fs[2] in (u, v):
                    coeff = sp.Mul(*[f for f in sp.Mul.make_args(t) if f is not els[0]])
                    key = fs[1]
                    by_middle.setdefault(key, {}).setdefault((fs[0].arg, fs[2]), []).append((coeff, t))
                    continue
            rest.append(t)
        for middle, cs in by_middle.items():
            get = lambda a, b: sp.Add(*[c for c, _ in cs.get((a, b), [])])
            c = get(u, u)
            cross = get(u, v) + get(v, u)
            if c != 0 and sp.simplify(get(v, v) - c) == 0 and sp.simplify(cross + 2 * c) == 0:
                rest.append(c * MatrixElement((u - v).T * middle * (u - v), 0, 0))
            else:
                rest += [t for group in cs.values() for _, t in group]
        terms = rest
    return sp.Add(*terms)


def _symmetric(fam: Family) -> set:
    """The record's own symmetric matrix symbols (its SPD parameters)."""
    return {p.symbol() for p in fam.params if isinstance(p.kind, SPDMatrix)}


def spd_symbols(fam: Family) -> set:
    """The symmetric matrix symbols of P's and Q's SPD parameters (suffixed ``_p`` and ``_q``)."""
    sides = (fam.symbols_for("p"), fam.symbols_for("q"))
    return {s[p.name] for s in sides for p in fam.params if isinstance(p.kind, SPDMatrix)}


def _unfolded(expr: sp.Expr, symmetric: set) -> sp.Expr:
    """Kronecker products and vec's written out in ordinary matrices (:mod:`klsym.derive.kronecker`)."""
    if not has_kronecker(expr):
        return expr
    return unfold_kronecker(expr, symmetric, lambda e: _drop_transposes(e, symmetric))


def _trace_either_way(t: sp.Trace, symmetric: set) -> sp.Expr:
    """trace(A) = trace(Aᵀ): of the canonical forms of the two, the first in SymPy's printed order."""
    turned = _drop_transposes(sp.Transpose(t.arg).doit(), symmetric)
    forms = [matrix_canonical(t, symmetric), matrix_canonical(sp.Trace(turned), symmetric)]
    return min(forms, key=sp.sstr)


def _gather_matrix_squares(expr: sp.Expr, pairs: list[tuple], symmetric: set) -> sp.Expr:
    """For each pair (A, B) of d x k matrices: where the form depends on them through A − B alone
    (written A = Δ + B, every term in B cancels, traces compared up to transposition), the form in
    Δ = A − B; otherwise the form as it is."""
    for a, b in pairs:
        delta = sp.MatrixSymbol("Delta_gathered", *a.shape)
        moved = matrix_canonical(expr.xreplace({a: delta + b}), symmetric)
        moved = sp.expand(moved.replace(lambda t: isinstance(t, sp.Trace), lambda t: _trace_either_way(t, symmetric)))
        if not moved.has(b):
            expr = moved.xreplace({delta: a - b})
    return expr


def _tidy_matrix(expr: sp.Expr, fam: Family) -> sp.Expr:
    """Canonical matrix terms, squares gathered, then the scalar :func:`tidy` with the
    matrix atoms held as opaque symbols."""
    sym_p, sym_q = fam.symbols_for("p"), fam.symbols_for("q")
    spd = spd_symbols(fam) | _symmetric(fam)
    expr = _unfolded(expr, spd)
    expr = unit_norms(matrix_canonical(expr, spd), fam, ("_p", "_q"))
    vecs = [(sym_p[p.name], sym_q[p.name]) for p in fam.params if p.kind is REAL_VECTOR]
    expr = _gather_squares(expr, vecs)
    mats = [(sym_p[p.name], sym_q[p.name]) for p in fam.params if p.kind is REAL_MATRIX]
    expr = _gather_matrix_squares(expr, mats, spd)
    atoms = {}
    for a in sorted(expr.atoms(MatrixElement, sp.Trace, sp.Determinant), key=sp.sstr):
        if isinstance(a, MatrixElement) and isinstance(a.parent, sp.MatrixSymbol):
            continue
        atoms[a] = sp.Dummy("m", positive=isinstance(a, sp.Determinant), real=True)
    held = expr.xreplace(atoms)
    pairs = [(sym_p[p.name], sym_q[p.name]) for p in fam.free_params if p.kind is SCALAR]
    out = tidy(held, pairs)
    return out.xreplace({v: k for k, v in atoms.items()})


def derive_kl_matrix(fam: Family) -> Derivation:
    ef = fam.ef
    to_eta = dict(zip(ef.eta_symbols, ef.eta))
    mp_, mq = side_map(fam, "p"), side_map(fam, "q")
    eta_p = tuple(e.subs(mp_) for e in ef.eta)
    eta_q = tuple(e.subs(mq) for e in ef.eta)
    spd_own = _symmetric(fam)
    A_theta = in_theta(ef.A, fam)
    A_p, A_q = A_theta.subs(mp_), A_theta.subs(mq)
    grad = tuple(_matrix_gradient(ef.A, e) for e in ef.eta_symbols)
    mean_T = tuple(_drop_transposes(sp.expand(in_theta(g, fam)), spd_own) for g in grad)
    mean_T = tuple(_simplify_mean(m, spd_own).subs(mp_) for m in mean_T)
    bregman = sp.Add(*[_pair(a - b, m) for a, b, m in zip(eta_p, eta_q, mean_T)]) - A_p + A_q
    result = _tidy_matrix(bregman, fam)
    notes = ("E_P[T] = grad A(eta_P), by SymPy's matrix calculus with Jacobi's formula "
             "d log det(cE)/dE = E^(-T) for the log-determinant.",)
    return Derivation(fam, fam.symbols_for("p"), fam.symbols_for("q"), eta_p, eta_q, A_p, A_q, mean_T, grad,
                      bregman, result, notes)


def _simplify_mean(m, symmetric):
    """A matrix-valued E[T] with products cancelled (S S⁻¹ = I) and scalars gathered."""
    if not getattr(m, "is_Matrix", False):
        return matrix_canonical(m, symmetric)
    out = None
    for c, prod in _mat_terms(m):
        term = sp.simplify(c) * prod
        out = term if out is None else out + term
    return out if out is not None else m


def _mean_through_statistics(fam: Family, mean_T: tuple) -> sp.Expr:
    """E[log h] for a log h that is free of the variable once the entries of T are held
    as symbols, and affine in them: that log h with each T entry replaced by its mean.

    The multivariate lognormal's log h = −d log(2π)/2 − 1ᵀ log x is affine in T₁ = log x,
    so E[log h] = −d log(2π)/2 − 1ᵀ E[T₁]. Anything else that depends on the variable is refused."""
    ef, var = fam.ef, fam.variable
    log_h = ef.log_h
    if var is None or not log_h.has(var):
        return log_h
    held, means = {}, {}
    for k, (t, m) in enumerate(zip(ef.T, mean_T)):
        if t.has(var):
            h = sp.MatrixSymbol(f"T{k + 1}", *t.shape) if getattr(t, "is_Matrix", False) else sp.Dummy(f"T{k + 1}")
            held[t], means[h] = h, m
    expr = log_h.xreplace(held)
    scale = sp.Dummy("s")
    scaled = expr.xreplace({h: scale * h for h in means})
    if expr.has(var) or sp.diff(scaled, scale, 2) != 0:
        raise NotImplementedError(f"{fam.name}: log h is not an affine function of the statistics T, so E[log h] does "
                                  "not follow from E[T]; no closed-form entropy is derived")
    return expr.xreplace(means)


def derive_entropy_matrix(fam: Family) -> EntropyDerivation:
    """H = A − ⟨η, E[T]⟩ − E[log h]; log h is free of the variable, or affine in the statistics T
    (:func:`_mean_through_statistics`)."""
    ef = fam.ef
    to_eta = dict(zip(ef.eta_symbols, ef.eta))
    spd_own = _symmetric(fam)
    A = in_theta(ef.A, fam)
    grad = tuple(_matrix_gradient(ef.A, e) for e in ef.eta_symbols)
    mean_T = tuple(_simplify_mean(_drop_transposes(sp.expand(in_theta(g, fam)), spd_own), spd_own) for g in grad)
    mean_log_h = _mean_through_statistics(fam, mean_T)
    raw = A - sp.Add(*[_pair(e, m) for e, m in zip(ef.eta, mean_T)]) - mean_log_h
    expr = unit_norms(matrix_canonical(_unfolded(raw, spd_own), spd_own), fam)
    atoms = {a: sp.Dummy("m", positive=isinstance(a, sp.Determinant), real=True)
             for a in expr.atoms(MatrixElement, sp.Trace, sp.Determinant)}
    result = tidy(expr.xreplace(atoms)).xreplace({v: k for k, v in atoms.items()})
    return EntropyDerivation(fam, A, tuple(ef.eta), mean_T, (), mean_log_h, result)
