"""E[g(X)] where the log-density or the atom is piecewise in x: the integral split at the breakpoints.

A log-density written as ``Piecewise((f_1, x <= t_1), (f_2, x <= t_2), ..., (f_k, True))`` (the
triangular law: log(x − a) below its mode c, log(b − x) above) is read as pieces on the
intervals [lo, t_1], [t_1, t_2], ..., [t_(k−1), hi], in the order the record writes them (its rule
says lo < t_1 < t_2 < ... < hi). An atom g of another member (log q under P) may be piecewise
too, with one breakpoint s of its own: where s sits among P's points is not known, so the
expectation is a Piecewise over the places of s — s <= lo (g's right piece everywhere), then
s <= t_1, ..., s <= hi, and s above hi (g's left piece everywhere). On each interval the
integrand is a piece of the density times a piece of g: a polynomial times the log of a linear
function, integrated once, indefinitely, by parts (:func:`_antiderivative`; SymPy's integral of
the whole Piecewise with symbolic breakpoints does not finish), and the bounds put in.

A value of the form u^k·log(u) at u = 0 (a_p − a_q when P and Q share an end of their support)
is 0 as a limit but nan when put in: :func:`guard_vanishing_logs` writes each log whose
coefficient vanishes with its argument as Piecewise((0, Eq(u, 0)), (log(u), True)).
"""

from __future__ import annotations

import sympy as sp

from ..records.record import X

__all__ = ["breakpoints", "guard_vanishing_logs", "is_piecewise", "piecewise_expectation"]


def is_piecewise(e: sp.Expr) -> bool:
    """True when ``e`` holds a Piecewise in x."""
    return any(p.has(X) for p in e.atoms(sp.Piecewise))


def _point(cond: sp.Basic) -> sp.Expr | None:
    """t for a condition x <= t (or x < t, t >= x, t > x), else None."""
    if isinstance(cond, (sp.LessThan, sp.StrictLessThan)) and cond.lhs == X and not cond.rhs.has(X):
        return cond.rhs
    if isinstance(cond, (sp.GreaterThan, sp.StrictGreaterThan)) and cond.rhs == X and not cond.lhs.has(X):
        return cond.lhs
    return None


def breakpoints(e: sp.Expr) -> tuple[list[sp.Expr], list[sp.Expr]] | None:
    """(pieces, points) of ``e`` = piece_1 for x <= t_1, piece_2 for x <= t_2, ..., the last
    piece elsewhere; a single piece and no point when ``e`` has no Piecewise in x; None for any
    other shape (a condition that is not x <= t, two Piecewise in x)."""
    if not is_piecewise(e):
        return [e], []
    folded = sp.piecewise_fold(e)
    if not isinstance(folded, sp.Piecewise) or folded.args[-1].cond is not sp.true:
        return None
    pieces, points = [], []
    for expr, cond in folded.args[:-1]:
        t = _point(cond)
        if t is None or expr.has(sp.Piecewise):
            return None
        pieces.append(expr)
        points.append(t)
    last = folded.args[-1].expr
    if last.has(sp.Piecewise):
        return None
    return pieces + [last], points


def _density_product(logpdf: sp.Expr) -> sp.Expr:
    """exp(logpdf) as a product: c·log u becomes u**c (a polynomial in x, not exp(log(x − a)))."""
    out = sp.Integer(1)
    for term in sp.Add.make_args(sp.expand(logpdf)):
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        out *= logs[0].args[0] ** sp.cancel(term / logs[0]) if len(logs) == 1 else sp.exp(term)
    return out


def _antiderivative(integrand: sp.Expr) -> sp.Expr:
    """An antiderivative in x of a sum of terms poly(x) and poly(x)·log(L(x)), L linear in x.

    For P(x)·log(α(x − r)) it is Q(x)·log(α(x − r)) − ∫ Q(x)/(x − r) dx with Q(x) = ∫_r^x P, whose
    quotient by x − r is a polynomial: the log keeps the argument the record writes (positive on
    the support; SymPy's own antiderivative turns log(b − x) into log(x − b), a complex branch), and
    Q(r) = 0 makes the term vanish where L does. Other terms go to SymPy."""
    out = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(integrand)):
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log) and f.has(X)]
        if len(logs) == 1 and sp.Poly(logs[0].args[0], X).degree() == 1:
            lg = logs[0]
            poly = sp.cancel(term / lg)
            if poly.is_polynomial(X):
                root = sp.solve(lg.args[0], X)[0]
                y = sp.Dummy("y")
                q = sp.integrate(poly.subs(X, y), (y, root, X))
                out += q * lg - sp.integrate(sp.cancel(q / (X - root)), X)
                continue
        if not term.is_polynomial(X):
            raise NotImplementedError(f"E[...]: the term {term} is not a polynomial times the log of a linear function")
        out += sp.integrate(term, X)
    return out


def _at(antiderivative: sp.Expr, point: sp.Expr) -> sp.Expr:
    """The antiderivative at ``point``: a term Q(x)·log(L(x)) whose L vanishes there is 0 (Q does too)."""
    out = sp.Integer(0)
    for term in sp.Add.make_args(antiderivative):
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log) and f.has(X)]
        if logs and any(sp.expand(f.args[0].subs(X, point)) == 0 for f in logs):
            continue
        out += term.subs(X, point)
    return out


class _Pieces:
    """Antiderivatives of density piece i times atom piece j, each computed once."""

    def __init__(self, densities: list[sp.Expr], atoms: list[sp.Expr]):
        self.densities, self.atoms, self.found = densities, atoms, {}

    def integral(self, i: int, j: int, lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
        if (i, j) not in self.found:
            self.found[(i, j)] = _antiderivative(_density_product(self.densities[i]) * self.atoms[j])
        anti = self.found[(i, j)]
        return _at(anti, hi) - _at(anti, lo)


def piecewise_expectation(logpdf: sp.Expr, lo: sp.Expr, hi: sp.Expr, g: sp.Expr) -> sp.Expr | None:
    """E[g(X)] for the density exp(``logpdf``) on [lo, hi] when either is piecewise in x (see the
    module docstring), or None when the shapes are not those read here.

    >>> a, c, b = sp.symbols("a c b", real=True)
    >>> tri = sp.log(2) - sp.log(b - a) + sp.Piecewise((sp.log(X - a) - sp.log(c - a), X <= c),
    ...                                                  (sp.log(b - X) - sp.log(b - c), True))
    >>> sp.factor(piecewise_expectation(tri, a, b, X))
    (a + b + c)/3
    """
    dens, g_parts = breakpoints(logpdf), breakpoints(g)
    if dens is None or g_parts is None or len(g_parts[1]) > 1:
        return None
    d_pieces, d_points = dens
    g_pieces, g_points = g_parts
    ends = [lo, *d_points, hi]
    pieces = _Pieces(d_pieces, g_pieces)

    def total(s: sp.Expr | None, k: int) -> sp.Expr:
        """The integral with g's breakpoint s inside density interval k (None: no breakpoint)."""
        out = sp.Integer(0)
        for i in range(len(d_pieces)):
            left, right = ends[i], ends[i + 1]
            if s is None or i < k:  # no breakpoint, or an interval wholly left of s: g's first piece
                out += pieces.integral(i, 0, left, right)
            elif i > k:
                out += pieces.integral(i, 1, left, right)
            else:
                out += pieces.integral(i, 0, left, s) + pieces.integral(i, 1, s, right)
        return out

    if not g_points:
        return total(None, 0)
    s = g_points[0]
    same = [i for i, e in enumerate(ends) if sp.expand(s - e) == 0]
    if same:  # g breaks where P's density does (log p under P): no case to tell
        k = same[0]
        if k == 0:
            return _whole(pieces, ends, 1)
        return total(None, 0) if k == len(ends) - 1 else total(s, k)
    branches = [(_whole(pieces, ends, 1), sp.Le(s, lo))]
    for k in range(len(d_pieces)):
        branches.append((total(s, k), sp.Le(s, ends[k + 1])))
    branches.append((_whole(pieces, ends, 0), True))
    return sp.Piecewise(*branches)


def _whole(pieces: _Pieces, ends: list[sp.Expr], j: int) -> sp.Expr:
    """The integral with atom piece j on the whole support."""
    return sp.Add(*[pieces.integral(i, j, ends[i], ends[i + 1]) for i in range(len(ends) - 1)])


def guard_vanishing_logs(expr: sp.Expr, edges) -> sp.Expr:
    """Each log(±u), u one of ``edges`` (the differences that are 0 on the edge of the support
    condition: a_p − a_q when P and Q share their lower end), whose coefficient vanishes where u
    does, written Piecewise((0, Eq(u, 0)), (log(±u), True)): its term (u² log u) is 0 there as a
    limit, and nan when the values are put in. Branches of a Piecewise are guarded one by one.

    >>> u, v = sp.symbols("u v", real=True)
    >>> guard_vanishing_logs((u - v) ** 2 * sp.log(u - v) + sp.log(u) + sp.log(v - u), [u - v])
    (u - v)**2*Piecewise((0, Eq(u - v, 0)), (log(u - v), True)) + log(u) + log(-u + v)
    """
    if isinstance(expr, sp.Piecewise):
        return sp.Piecewise(*[(guard_vanishing_logs(e, edges), c) for e, c in expr.args])
    out, expanded = expr, None
    for lg in sorted(expr.atoms(sp.log), key=sp.default_sort_key):
        u = lg.args[0]
        if not any(sp.expand(u - e) == 0 or sp.expand(u + e) == 0 for e in edges):
            continue
        if expanded is None:
            expanded = sp.expand(expr)
        coeff = expanded.coeff(lg)
        sym = sorted(u.free_symbols, key=sp.default_sort_key)[0]
        root = sp.solve(u, sym)
        if coeff == 0 or coeff.has(lg) or len(root) != 1 or sp.cancel(coeff.subs(sym, root[0])) != 0:
            continue
        out = out.xreplace({lg: sp.Piecewise((0, sp.Eq(u, 0)), (lg, True))})
    return out
