"""Parameter values put into record expressions, without blow-up.

SymPy evaluates ``loggamma(10**6)`` as ``log(999999!)`` and
``polygamma(0, 10**6)`` as an exact harmonic number: millions of digits, or
memory exhaustion for 10**15. A power of rationals such as ``lam**k`` with
float values (a 2^52 denominator in both) is worse: SymPy extracts perfect
powers from the base's factors with exponents up to k's numerator, an integer
of ~10^15 digits. :func:`substitute` puts parameter values into a closed form
but leaves such special-function values and powers unevaluated (they stay
exact symbols that ``evalf`` and interval arithmetic compute by mpmath in microseconds).
"""

from __future__ import annotations

from typing import Mapping

import sympy as sp

__all__ = ["HeldNumber", "expand_finite_sums", "substitute", "substitute_matrices", "LARGE", "POWER_BITS"]

#: special functions whose exact evaluation at large rational arguments explodes
_GUARDED = (sp.loggamma, sp.polygamma, sp.gamma, sp.factorial, sp.harmonic)
#: rational arguments larger than this stay unevaluated
LARGE = 50


#: a power b**e of rationals (b not 0 or ±1) stays unevaluated when the bits of b's
#: numerator and denominator times those of e's exceed this: SymPy's exact evaluation
#: builds integers of about that many digits (e = p/q non-integer: up to b**(p mod q))
POWER_BITS = 4096


class HeldNumber(sp.UnevaluatedExpr):
    """A number SymPy does not combine with others (the base of a guarded power):
    it prints as the number, ``evalf`` gives the number's value, and its sign is the number's.

    >>> b = HeldNumber(sp.Rational(3, 2))
    >>> b**sp.Rational(1, 3), sp.N(b**sp.Rational(1, 3), 15), (b**sp.Rational(1, 3)).is_positive
    ((3/2)**(1/3), 1.14471424255333, True)
    """

    def _eval_evalf(self, prec):
        return self.args[0]._eval_evalf(prec)

    @staticmethod
    def _mp(value):
        """The value itself (for evaluators that call a function's ``_mp`` on its evaluated arguments)."""
        return value

    def _eval_is_positive(self):
        return self.args[0].is_positive

    def _eval_is_negative(self):
        return self.args[0].is_negative

    def _eval_is_zero(self):
        return self.args[0].is_zero

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _eval_is_finite(self):
        return self.args[0].is_finite


def _large(value: sp.Expr) -> bool:
    return bool(value.is_Rational and abs(value) > LARGE)


def _large_power(base: sp.Expr, exp: sp.Expr) -> bool:
    """True when SymPy's exact evaluation of ``base**exp`` (both rational) could explode."""
    if not (base.is_Rational and exp.is_Rational) or base in (0, 1, -1):
        return False
    base_bits = int(base.p).bit_length() + int(base.q).bit_length()
    exp_size = max(abs(int(exp.p)), int(exp.q))
    return base_bits * exp_size > POWER_BITS


def _held_exp(arg: sp.Expr) -> sp.Expr:
    """exp(arg), where terms c·log(b) of arg whose power b**c could explode
    (:func:`_large_power`) become guarded powers instead of exact ones.

    >>> _held_exp(10**6 * sp.log(sp.Rational(2, 3)) + sp.Symbol("x"))
    exp(x)*(2/3)**1000000
    """
    held, rest = [], []
    for term in sp.Add.make_args(arg):
        c, f = term.as_coeff_Mul()
        if isinstance(f, sp.log) and _large_power(f.args[0], c):
            held.append(sp.Pow(HeldNumber(f.args[0]), c))
        else:
            rest.append(term)
    return sp.Mul(*held, sp.exp(sp.Add(*rest))) if held else sp.exp(arg)


def _numeric_range(e: sp.Basic) -> bool:
    """A plain Sum whose outermost range is numeric and finite (subclasses, such as
    klsym.exact.series.InfiniteSum, are kept on purpose)."""
    if type(e) is not sp.Sum:
        return False
    _, a, b = e.limits[-1]
    return a.is_Integer and b.is_Integer and b >= a - 1


def _inner(s: sp.Sum) -> sp.Expr:
    """The summand of the outermost limit: the function, or the sum over the inner limits."""
    return sp.Sum(s.function, *s.limits[:-1]) if len(s.limits) > 1 else s.function


def _write_out(s: sp.Sum) -> sp.Expr:
    i, a, b = s.limits[-1]
    return sp.Add(*[expand_finite_sums(substitute(_inner(s), {i: sp.Integer(j)})) for j in range(int(a), int(b) + 1)])


def expand_finite_sums(expr: sp.Expr) -> sp.Expr:
    """Every sum over a numeric finite range written out term by term (inner sums
    whose range is still symbolic stay), each term by :func:`substitute` (special
    functions at large arguments left unevaluated). Unlike ``Sum.doit`` no closed
    form is searched for first (which, for a few hundred terms, takes minutes).

    >>> i, k, m = sp.symbols("i k m", integer=True)
    >>> p = sp.IndexedBase("p")
    >>> expand_finite_sums(sp.Sum(p[i] * sp.Sum(sp.log(k + i), (k, 0, m)), (i, 1, 2)))
    p[1]*Sum(log(k + 1), (k, 0, m)) + p[2]*Sum(log(k + 2), (k, 0, m))
    """
    return expr.replace(_numeric_range, _write_out)


def substitute(expr: sp.Expr, values: Mapping, length: sp.Symbol | None = None) -> sp.Expr:
    """``expr`` with ``values`` (symbol or indexed entry → value) substituted.

    ``length`` names the index-sum length symbol (categorical K): the sums over
    i = 1..K are written out with the entries ``p[i]`` put in term by term.

    >>> a = sp.Symbol("a", positive=True)
    >>> substitute(sp.loggamma(a) - sp.loggamma(a + 1), {a: 10**15})
    -loggamma(1000000000000001) + loggamma(1000000000000000)
    >>> substitute(sp.loggamma(a), {a: 5})
    log(24)
    >>> substitute(a ** sp.Rational(1, 2), {a: 8}), substitute(a**a, {a: sp.Rational(2**60 + 1, 2**59)})
    (2*sqrt(2), (1152921504606846977/576460752303423488)**(1152921504606846977/576460752303423488))
    >>> i, K, p = sp.Symbol("i", integer=True), sp.Symbol("K", integer=True), sp.IndexedBase("p")
    >>> substitute(sp.loggamma(sp.Sum(p[i], (i, 1, K))), {K: 3, p[1]: 20, p[2]: 20, p[3]: 20}, K)
    loggamma(60)
    """
    # a SymPy Float is put in as its exact binary value: SymPy would otherwise carry its
    # 15-17 digits into every result it touches (exp(-lam) to 17 digits)
    values = {k: (sp.Rational(v) if isinstance(v, sp.Float) else sp.sympify(v, strict=True)) for k, v in values.items()}
    n = int(values[length]) if length is not None and length in values else None
    # index-sum entries by (base name, index): cheaper to look up than Indexed objects
    entries = {(str(k.base), int(k.indices[0])): v for k, v in values.items()
               if isinstance(k, sp.Indexed) and len(k.indices) == 1 and k.indices[0].is_Integer}

    done: dict = {}

    def rebuild(e: sp.Basic, at: dict) -> sp.Basic:
        # memo: a sum over j inside the body of a sum over i is written out once, not once per i
        key = (e, tuple((s, v) for s, v in at.items() if s in e.free_symbols)) if at else (e, ())
        if key not in done:
            done[key] = _rebuild(e, at)
        return done[key]

    def _rebuild(e: sp.Basic, at: dict) -> sp.Basic:
        if at and e in at:
            return at[e]
        if isinstance(e, sp.Indexed) and len(e.indices) == 1:
            j = at.get(e.indices[0], e.indices[0])
            if j.is_Integer:
                found = entries.get((str(e.base), int(j)))
                if found is not None:
                    return found
                return e.base[j] if e.indices[0] in at else e
        if e in values:
            return values[e]
        if not e.args:
            return e
        if n is not None and type(e) is sp.Sum and e.limits[-1][2] == length:
            i, lo, _ = e.limits[-1]
            return sp.Add(*[rebuild(_inner(e), {**at, i: sp.Integer(j)}) for j in range(int(rebuild(lo, at)), n + 1)])
        args = [rebuild(a, at) for a in e.args]
        if isinstance(e, _GUARDED) and any(_large(a) for a in args):
            return e.func(*args, evaluate=False)
        if isinstance(e, sp.exp):
            return _held_exp(args[0])
        if isinstance(e, sp.Pow) and _large_power(*args):
            # the base held: products of such powers are not merged (and evaluated) either
            return sp.Pow(HeldNumber(args[0]), args[1])
        return e.func(*args)

    return rebuild(expr, {})


def substitute_matrices(expr: sp.Expr, values: Mapping, dimension: sp.Symbol) -> tuple[sp.Expr, dict]:
    """Put explicit matrices into a form written with matrix symbols of symbolic size.

    ``values`` maps matrix symbols (of size ``dimension``) to explicit matrices
    and ``dimension`` to its value; the size is substituted first, then the
    matrices, and traces, determinants, inverses, products and the index sums
    over 1..d are carried out exactly. Returns the expression and the remaining
    (scalar) values, to be put in by :func:`substitute`.

    >>> d = sp.Symbol("d", integer=True, positive=True)
    >>> S = sp.MatrixSymbol("S", d, d)
    >>> substitute_matrices(sp.log(sp.Determinant(S)) + d, {S: sp.Matrix([[2, 1], [1, 2]]), d: 2}, d)[0]
    log(3) + 2
    """
    if dimension not in values:
        return expr, dict(values)
    n = int(values[dimension])
    mats = {}
    rest = {}
    for k, v in values.items():
        if isinstance(k, sp.MatrixSymbol):
            rows, cols = (sp.sympify(s).subs(dimension, n) for s in k.shape)
            mats[sp.MatrixSymbol(k.name, rows, cols)] = sp.ImmutableMatrix(v)
        elif k != dimension:
            rest[k] = v
    expr = expr.subs(dimension, n).xreplace(mats)
    expr = expr.replace(lambda e: isinstance(e, sp.Sum), lambda e: e.doit())
    expr = expr.replace(lambda e: isinstance(e, (sp.Trace, sp.Determinant)) or (
        getattr(e, "is_Matrix", False) and not isinstance(e, sp.MatrixSymbol)), lambda e: e.doit())
    expr = expr.replace(lambda e: type(e).__name__ == "MatrixElement", lambda e: e.doit())
    return expr, rest
