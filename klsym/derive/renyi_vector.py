"""Rényi log-affinities of the records with vector, matrix and index-sum natural parameters.

The same substitution as :mod:`klsym.derive.renyi`, L(α) = A(η_α) − α A(η_P) − (1 − α) A(η_Q)
with η_α = α η_P + (1 − α) η_Q, where η holds d x 1 and d x d matrix symbols of symbolic
size d (multivariate normal, Wishart, inverse Wishart) or index-sum entries η[i], i = 1..K
(Dirichlet). No gradient is taken.

A matrix natural parameter of most of these records is c·S or c·S⁻¹ for an SPD parameter S and a
scalar c, so its η_α is c·G_α (or c·G_α with G_α = α S_P⁻¹ + (1 − α) S_Q⁻¹) with

    G_α = α S_P + (1 − α) S_Q   or   α S_P⁻¹ + (1 − α) S_Q⁻¹,

symmetric. A(η_α) is simplified with G_α held as one symmetric matrix symbol (so that
log det(c G) = d log c + log det G and (c G)⁻¹ = G⁻¹/c apply), and G_α is put back at the end.

The natural-space condition is the record's parameter domain at θ_α, where η(θ_α) = η_α:
S_α = G_α (or G_α⁻¹) must be symmetric positive definite, ``Q.positive_definite(G_α)``; a
vector parameter with real entries (the normal mean, μ_α = S_α η1_α) exists for every η1_α;
a scalar parameter is solved for by SymPy and must lie in its domain, degrees of freedom
ν_α > d − 1 (the records' rule). Any other matrix natural parameter (the normal-Wishart's
−(W⁻¹ + λ μ μᵀ)/2) is held whole, and each log-determinant of a matrix expression in it in
A(η_α) (−2 η₁ + η₂η₂ᵀ/(2 η₃) for the normal-Wishart) is held as one symmetric matrix G, which
must be positive definite: that is where A(η_α) is finite. For an index-sum record every entry
θ_α[i] must lie in the domain: :class:`ForEvery` states the condition for each i in 1..K.
"""

from __future__ import annotations

import sympy as sp
from sympy.logic.boolalg import Boolean

from ..records.kinds import DEGREES_OF_FREEDOM, REAL_VECTOR, RealVector, SPDMatrix
from ..records.record import D, Family
from .kronecker import has_kronecker, unfold_kronecker
from .matrix import in_theta, matrix_canonical, spd_symbols, unit_norms
from .relations import positive_form
from .sides import side_map

__all__ = ["ForEvery", "derive_vector_parts", "spd_condition_values"]


class ForEvery(Boolean):
    """``rel`` holds for every integer ``i`` in ``lo..hi`` (a condition on each entry of an
    index-sum vector). :meth:`doit` writes it out as an ``And`` once the range is numeric.

    >>> i, K = sp.Symbol("i", integer=True), sp.Symbol("K", integer=True)
    >>> a = sp.IndexedBase("a")
    >>> c = ForEvery(sp.Gt(a[i], 0), sp.Tuple(i, 1, K))
    >>> c
    ForEvery(a[i] > 0, (i, 1, K))
    >>> c.xreplace({K: 2}).doit()
    (a[1] > 0) & (a[2] > 0)
    """

    def __new__(cls, rel, limits):
        if rel in (sp.true, sp.false):  # a condition that holds (fails) for every entry alike
            return rel
        return Boolean.__new__(cls, rel, sp.Tuple(*limits))

    @property
    def free_symbols(self):
        i = self.args[1][0]
        return (self.args[0].free_symbols - {i}) | self.args[1][2].free_symbols

    def doit(self, **hints):
        rel, (i, lo, hi) = self.args
        if not (lo.is_Integer and hi.is_Integer):
            return self
        return sp.And(*[rel.xreplace({i: sp.Integer(j)}) for j in range(int(lo), int(hi) + 1)])

    def _sympystr(self, printer):
        rel, (i, lo, hi) = self.args
        return f"ForEvery({printer._print(rel)}, ({i}, {lo}, {hi}))"

    def _latex(self, printer):
        rel, (i, lo, hi) = self.args
        return rf"{printer._print(rel)} \text{{ for every }} {printer._print(i)} = {printer._print(lo)}, \dots, {printer._print(hi)}"


def _power_of(e, own: dict) -> tuple[sp.Expr, object, int] | None:
    """(c, S, k) with e = c·S^k, S an SPD parameter symbol and k = ±1, or None."""
    c, rest = e.as_coeff_mmul()
    factors = rest.args if isinstance(rest, sp.MatMul) else (rest,)
    scal = [f for f in factors if not getattr(f, "is_Matrix", False)]
    mats = [f for f in factors if getattr(f, "is_Matrix", False)]
    c = c * sp.Mul(*scal)
    if len(mats) != 1:
        return None
    m = mats[0]
    if m in own.values():
        return c, m, 1
    if isinstance(m, sp.Inverse) and m.arg in own.values():
        return c, m.arg, -1
    return None


def spd_condition_values(cond: sp.Basic) -> sp.Basic:
    """Each ``Q.positive_definite(M)`` of an explicit symmetric matrix M replaced by Sylvester's
    criterion, every leading principal minor > 0 (exact; a decision where M is numeric).

    >>> spd_condition_values(sp.Q.positive_definite(sp.ImmutableMatrix([[2, 1], [1, 1]])))
    True
    """
    def criterion(pred):
        m = pred.arguments[0]
        if not isinstance(m, sp.MatrixBase):
            return pred
        m = sp.Matrix(m)
        return sp.And(*[sp.Gt(sp.factor(sp.cancel(m[:k, :k].det(method="berkowitz"))), 0)
                        for k in range(1, m.rows + 1)])

    return cond.replace(lambda e: isinstance(e, sp.assumptions.assume.AppliedPredicate)
                        and e.function == sp.Q.positive_definite, criterion)


def _matrix_parts(fam: Family, order: sp.Symbol):
    ef = fam.ef
    own = {p.name: p.symbol() for p in fam.params}
    mp_, mq = side_map(fam, "p"), side_map(fam, "q")
    sym_p, sym_q = fam.symbols_for("p"), fam.symbols_for("q")
    spd = spd_symbols(fam)
    eta_a, held, conds, whole = [], {}, [], []
    for k, e in enumerate(ef.eta):
        ep, eq = e.subs(mp_), e.subs(mq)
        if getattr(e, "is_Matrix", False) and e.shape[1] != 1:
            part = _power_of(e, {n: s for n, s in own.items() if isinstance(s, sp.MatrixSymbol)})
            if part is None:
                # held whole (the normal-Wishart's -(W^-1 + lam mu mu^T)/2): A's log-determinants of it are held below
                h = sp.MatrixSymbol(f"H{k}", D, D)
                held[h] = order * ep + (1 - order) * eq
                whole.append(h)
                eta_a.append(h)
                continue
            c, S, power = part
            name = next(n for n, s in own.items() if s == S)
            G = order * sym_p[name] ** power + (1 - order) * sym_q[name] ** power
            g = sp.MatrixSymbol(f"G{k}", D, D)  # G_alpha held as one symmetric matrix
            held[g] = G
            spd.add(g)
            eta_a.append(c * g)
            conds.append(sp.Q.positive_definite(G))
        elif getattr(e, "is_Matrix", False):
            # a vector natural parameter: S^-1 times a vector parameter with real entries (or a direction, times
            # its concentration: the von Mises-Fisher's kappa mu, whose A reads |eta| alone)
            vec = [p for p in fam.params if isinstance(p.kind, RealVector) and e.has(own[p.name])]
            if len(vec) != 1:
                raise NotImplementedError(f"{fam.name}: eta_{k + 1} = {e}: no vector parameter to solve for")
            b = sp.MatrixSymbol(f"b{k}", D, 1)  # eta_alpha held as one vector
            held[b] = order * ep + (1 - order) * eq
            eta_a.append(b)
        else:
            scalars = [p for p in fam.free_params
                       if not isinstance(p.kind, SPDMatrix) and p.kind is not REAL_VECTOR and e.has(own[p.name])]
            if len(scalars) != 1:
                raise NotImplementedError(f"{fam.name}: eta_{k + 1} = {e} is not in one scalar parameter")
            p = scalars[0]
            value = sp.expand(order * ep + (1 - order) * eq)
            E = sp.Symbol("E", real=True)
            solved = sp.solve(sp.Eq(e, E), own[p.name])
            if len(solved) != 1:
                raise NotImplementedError(f"{fam.name}: eta_{k + 1} = E has no unique solution for {p.name}")
            theta = sp.expand(solved[0].xreplace({E: value}))
            domain = sp.Interval.open(D - 1, sp.oo) if p.kind is DEGREES_OF_FREEDOM else p.domain
            conds.append(domain.contains(theta))
            eta_a.append(value)
    A_a = ef.A.subs(dict(zip(ef.eta_symbols, eta_a)))
    for det in sorted((t for t in A_a.atoms(sp.Determinant) if t.arg.has(*whole)), key=sp.default_sort_key):
        # the argument of a log-determinant in a natural parameter held whole: one symmetric matrix G, which must be
        # positive definite for A(eta_alpha) to be finite
        g = sp.MatrixSymbol(f"G{len(held)}", D, D)
        held[g] = _gathered(det.arg.xreplace(held), [(sym_p[p.name], sym_q[p.name]) for p in fam.params
                                                     if p.kind is REAL_VECTOR])
        spd.add(g)
        conds.append(sp.Q.positive_definite(held[g]))
        A_a = A_a.xreplace({det: sp.Determinant(g)})
    if A_a.has(*whole):
        raise NotImplementedError(f"{fam.name}: A(eta_alpha) holds a matrix natural parameter outside a log-determinant")
    eta_shown, L = _log_affinity(fam, A_a, eta_a, held, spd, order)
    cond = sp.And(*conds).replace(lambda e: isinstance(e, sp.core.relational.Relational), positive_form)
    return eta_shown, L, cond


def _log_affinity(fam: Family, A_a: sp.Expr, eta_a: list, held: dict, spd: set, order: sp.Symbol,
                  unfold: bool = False) -> tuple[tuple, sp.Expr]:
    """(η_α, L(α) = A(η_α) − α A(η_P) − (1 − α) A(η_Q)) with the held matrices put back; A(η_α) has its
    inverses of products carried out, and A(η_P), A(η_Q) are written in the parameters (Kronecker products
    and vec's written out first with ``unfold``: :mod:`klsym.derive.kronecker`)."""
    ef = fam.ef
    A_a = matrix_canonical(A_a.replace(lambda m: isinstance(m, sp.Inverse) and isinstance(m.arg, sp.MatMul),
                                       lambda m: m.doit()), spd)
    A_theta = in_theta(ef.A, fam)
    sides = (A_theta.subs(side_map(fam, side)) for side in ("p", "q"))
    A_p, A_q = (matrix_canonical(unfold_kronecker(a, spd) if unfold else a, spd) for a in sides)
    L = _collect(sp.expand(A_a - order * A_p - (1 - order) * A_q)).xreplace(held)
    # |eta_alpha|^2 with the held vector put back: its 1 x 1 forms in canonical terms, mu^T mu = 1 (a family
    # without a unit-vector parameter is returned as it is)
    L = unit_norms(L, fam, ("_p", "_q"))
    return tuple(x.xreplace(held) for x in eta_a), L


def _gathered(m, vectors: list[tuple]) -> object:
    """A matrix expression as a sum of distinct matrix products with factored scalar coefficients, and
    c (v_P v_Pᵀ + v_Q v_Qᵀ − v_P v_Qᵀ − v_Q v_Pᵀ) written c (v_P − v_Q)(v_P − v_Q)ᵀ for each vector parameter v."""
    parts: dict = {}
    for term in sp.Add.make_args(sp.expand(m)):
        factors = term.args if isinstance(term, sp.MatMul) else (term,)
        matrices = [f for f in factors if getattr(f, "is_Matrix", False)]
        key = sp.MatMul(*matrices).doit() if len(matrices) > 1 else matrices[0]
        parts[key] = parts.get(key, 0) + sp.Mul(*[f for f in factors if not getattr(f, "is_Matrix", False)])
    parts = {k: sp.factor(c) for k, c in parts.items() if sp.simplify(c) != 0}
    for vp, vq in vectors:
        outer = [(vp * vp.T).doit(), (vq * vq.T).doit(), (vp * vq.T).doit(), (vq * vp.T).doit()]
        c = parts.get(outer[0])
        if c is not None and [parts.get(o) for o in outer[1:]] == [c, -c, -c]:
            for o in outer:
                del parts[o]
            parts[(vp - vq) * (vp - vq).T] = c
    return sp.MatAdd(*[c * k for k, c in parts.items()])


def _collect(L: sp.Expr) -> sp.Expr:
    """The terms of L gathered by their log-determinant, quadratic form, or sum of log-gammas,
    each coefficient factored: −(α ν_P + (1 − α) ν_Q)/2 · log det G_α, not three terms."""
    atoms = sorted({t for t in L.atoms(sp.log, sp.Sum, sp.loggamma) if t.has(sp.Determinant) or isinstance(t, sp.Sum)}
                   | {t for t in L.atoms(sp.Basic) if type(t).__name__ == "MatrixElement" and t.parent.shape == (1, 1)},
                   key=sp.default_sort_key)
    return sp.collect(L, atoms, func=sp.factor)


def _index_parts(fam: Family, order: sp.Symbol):
    """η_α = α η_P + (1 − α) η_Q entry by entry for each index-sum natural parameter η_k[i], L(α) from
    A, and the natural space: for each η_k, the one free parameter it is a function of, solved for at
    η_α and kept in that parameter's domain for every i (or the record's stated space)."""
    ef = fam.ef
    i, lo, hi = ef.index
    mp_, mq = side_map(fam, "p"), side_map(fam, "q")
    bases = [e.base for e in ef.eta_symbols]
    eta_a = tuple(sp.expand(order * e.subs(mp_) + (1 - order) * e.subs(mq)) for e in ef.eta)

    def put(expr, values):
        for base, value in zip(bases, values):
            expr = expr.replace(lambda t, base=base: isinstance(t, sp.Indexed) and t.base == base,
                                lambda t, value=value: value.xreplace({i: t.indices[0]}))
        return expr

    A_a = put(ef.A, eta_a)
    A_p = put(ef.A, [e.subs(mp_) for e in ef.eta])
    A_q = put(ef.A, [e.subs(mq) for e in ef.eta])
    L = A_a - order * A_p - (1 - order) * A_q
    L = sp.expand(L).replace(lambda t: isinstance(t, sp.Sum), lambda t: sp.Sum(sp.expand(t.function), *t.limits))
    # a sum of sums over one range inside log-gamma (Σ_j (α a_P[j] + (1 − α) a_Q[j]), written out by expand) as one sum
    L = L.replace(lambda t: isinstance(t, sp.loggamma) and isinstance(t.args[0], sp.Add)
                  and all(isinstance(a, sp.Sum) for a in t.args[0].args)
                  and len({a.limits for a in t.args[0].args}) == 1,
                  lambda t: sp.loggamma(sp.Sum(sp.factor(sp.Add(*[a.function for a in t.args[0].args])),
                                               *t.args[0].args[0].limits)))
    L = _collect(L)
    if ef.natural_space is not None:
        # a space the entries do not describe one by one (the negative multinomial: sum exp(eta_i) < 1)
        return eta_a, L, put(ef.natural_space[0], eta_a)
    # theta_alpha[i] from eta(theta)[i] = eta_alpha[i], in the parameter's domain, for every i
    conds = []
    E = sp.Symbol("E", real=True)
    for e_own, value in zip(ef.eta, eta_a):
        pars = [p for p in fam.free_params if e_own.has(p.symbol())]
        if len(pars) != 1:
            raise NotImplementedError(f"{fam.name}: the natural parameter {e_own} is not a function of one parameter")
        (par,) = pars
        solved = sp.solve(sp.Eq(e_own, E), par.symbol()[i])
        if len(solved) != 1:
            raise NotImplementedError(f"{fam.name}: eta[i] = E has no unique solution for {par.name}[i]")
        theta = sp.expand(solved[0].xreplace({E: value}))
        conds.append(ForEvery(positive_form(par.domain.contains(theta)), (i, lo, hi)))
    return eta_a, L, sp.And(*conds)


def _kronecker_parts(fam: Family, order: sp.Symbol):
    """η_α, L(α) and the natural space of a record whose natural parameters are Kronecker products and
    vec's (the matrix normal: η₁ = (V ⊗ U)⁻¹ vec M, η₂ = −(V ⊗ U)⁻¹/2). η₁_α is held as one vector b and
    η₂_α = c·G_α, G_α = α (V_P ⊗ U_P)⁻¹ + (1 − α) (V_Q ⊗ U_Q)⁻¹ (not a Kronecker product itself), as one
    symmetric matrix, which must be positive definite: A(η_α) is then the normal's log-partition of
    dimension d k at (b, c·G_α), written with b and G_α; A(η_P) and A(η_Q) are written out in U, V and
    M (:mod:`klsym.derive.kronecker`)."""
    ef = fam.ef
    mp_, mq = side_map(fam, "p"), side_map(fam, "q")
    spd = spd_symbols(fam)
    eta_a, held, conds = [], {}, []
    for k, (e, symbol) in enumerate(zip(ef.eta, ef.eta_symbols)):
        ep, eq = e.subs(mp_), e.subs(mq)
        if symbol.shape[1] == 1:
            b = sp.MatrixSymbol(f"b{k}", *symbol.shape)
            held[b] = order * ep + (1 - order) * eq
            eta_a.append(b)
            continue
        c, rest = e.as_coeff_mmul()
        g = sp.MatrixSymbol(f"G{k}", *symbol.shape)
        held[g] = order * rest.subs(mp_) + (1 - order) * rest.subs(mq)
        spd.add(g)
        eta_a.append(c * g)
        conds.append(sp.Q.positive_definite(held[g]))
    A_a = ef.A.subs(dict(zip(ef.eta_symbols, eta_a)))
    eta_shown, L = _log_affinity(fam, A_a, eta_a, held, spd, order, unfold=True)
    return eta_shown, L, sp.And(*conds)


def derive_vector_parts(fam: Family, order: sp.Symbol) -> tuple[tuple, sp.Expr, sp.Basic]:
    """(η_α, L(α), the natural-space condition) of a record with matrix or index-sum natural
    parameters, by substitution into its log-partition A."""
    if fam.ef.index is not None:
        return _index_parts(fam, order)
    if has_kronecker(sp.Tuple(*fam.ef.eta)):
        return _kronecker_parts(fam, order)
    return _matrix_parts(fam, order)
