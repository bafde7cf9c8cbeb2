"""The records are consistent with themselves: log-densities derived from (or written
against) the exponential-family parts, densities that integrate to 1, moments derived
from ∇A that match the textbook ones and the oracle, parameterizations whose stated
density is the record's, and parameter symbols that belong to one record each."""

import ast
import re
from pathlib import Path

import mpmath
import pytest
import sympy as sp
from mpmath import mp
from sympy.codegen.cfunctions import log1p

from klsym.records import registry
from klsym.crosscheck import cases_for
from klsym.records.derived import affine_statistic, moments
from klsym.records.record import D, X
from klsym.records.special import SpecialFunction
from klsym.oracle import expectation
from klsym.oracle.density import log_density

NAMES = registry.names()
#: the multivariate records have their own versions of these checks (tests/test_multivariate.py)
UNIVARIATE = [n for n in NAMES if not registry.get(n).multivariate]
EXPONENTIAL = [n for n in UNIVARIATE if registry.get(n).ef is not None]
CATALOGUE = Path(__file__).resolve().parent.parent / "klsym" / "records" / "catalogue"


def _parts(fam):
    """η(θ)·T − A(η(θ)) + log h, substituted as it stands (no tidying)."""
    ef = fam.ef
    dot = sp.Add(*[e * t for e, t in zip(ef.eta, ef.T)])
    return dot, ef.A.subs(dict(zip(ef.eta_symbols, ef.eta)), simultaneous=True), ef.log_h


@pytest.mark.parametrize("name", EXPONENTIAL)
def test_exponential_family_parts_give_the_log_density(name):
    """Derived log-densities were tidied (logs split, roots simplified): the tidy form has the
    value of the parts; written ones (the index-sum categorical) are the parts too."""
    fam = registry.get(name)
    ef = fam.ef
    dot, A, log_h = _parts(fam)
    if ef.index is not None:
        # check at a concrete length and every outcome
        K = fam.length_symbol
        for k in (2, 3, 5):
            for x in range(1, k + 1):
                lhs = fam.logpdf.subs(X, x)
                rhs = sp.Sum(dot, ef.index).subs(K, k).doit().subs(X, x) - ef.A + ef.log_h
                assert sp.simplify(lhs - rhs) == 0
        return
    diff = fam.logpdf - (dot - A + log_h)
    # exact parameter values from the check cases, several outcomes each
    for p, _, _ in cases_for(name):
        lo, _hi = p.support_bounds()
        xs = [lo + k for k in range(4)] if fam.discrete else [sp.Rational(1, 3), sp.Rational(7, 2), sp.Integer(11)]
        for x in xs:
            if not fam.discrete and lo == 0 and fam.support.upper == 1:
                x = 1 / (1 + x)
            value = sp.N(diff.subs(p.substitution()).subs(X, x), 50)
            assert abs(value) < 1e-45, f"{name} at {p}, x = {x}: parts differ by {value}"


@pytest.mark.parametrize("name", ["normal_gamma", "normal_inverse_gamma"])
def test_normal_gamma_written_log_density_is_its_parts(name):
    fam = registry.get(name)
    dot, A, log_h = _parts(fam)
    x, tau = fam.variable
    for p, _, _ in cases_for(name):
        for point in ((sp.Rational(1, 3), sp.Rational(1, 2)), (-3, 5), (sp.Rational(7, 2), sp.Rational(1, 100))):
            at = {**p.substitution(), x: point[0], tau: point[1]}
            assert abs(sp.N((fam.logpdf - (dot - A + log_h)).subs(at), 50)) < 1e-45, (p, point)


@pytest.mark.parametrize("name", EXPONENTIAL)
def test_univariate_exponential_families_derive_their_log_density(name):
    """One statement of each density: a univariate exponential family writes η, T, A, log h
    and not its log-density (only index sums may write it: see discrete.categorical)."""
    fam = registry.get(name)
    assert ("logpdf" in fam.derived) == (fam.ef.index is None), name


@pytest.mark.parametrize("name", UNIVARIATE)
def test_density_integrates_to_one(name):
    for p, q, _ in cases_for(name)[:3]:
        for d in (p, q):
            r = expectation(d, None, dps=30)
            with mp.workdps(40):
                assert abs(r.value - 1) < mpmath.mpf(10) ** -28, f"{d}: total mass {r.value}"


# ------------------------------------------------------------------ moments
#: the means and variances these records stated by hand before they were derived from ∇A, ∇²A
#: (textbook values), in the record's own symbols
TEXTBOOK_MOMENTS = {
    "normal": lambda s: (s["mu"], s["sigma"] ** 2),
    "exponential": lambda s: (1 / s["lam"], 1 / s["lam"] ** 2),
    "gamma": lambda s: (s["alpha"] / s["beta"], s["alpha"] / s["beta"] ** 2),
    "log_gamma": lambda s: (sp.digamma(s["alpha"]) - sp.log(s["beta"]), sp.polygamma(1, s["alpha"])),
    "inverse_gaussian": lambda s: (s["mu"], s["mu"] ** 3 / s["lam"]),
    "bernoulli": lambda s: (s["p"], s["p"] * (1 - s["p"])),
    "binomial": lambda s: (s["n"] * s["p"], s["n"] * s["p"] * (1 - s["p"])),
    "poisson": lambda s: (s["lam"], s["lam"]),
    "geometric": lambda s: (1 / s["p"], (1 - s["p"]) / s["p"] ** 2),
    "negative_binomial": lambda s: (s["r"] * (1 - s["p"]) / s["p"], s["r"] * (1 - s["p"]) / s["p"] ** 2),
    "logarithmic": lambda s: (-s["p"] / ((1 - s["p"]) * sp.log(1 - s["p"])),
                              -s["p"] * (s["p"] + sp.log(1 - s["p"])) / ((1 - s["p"]) ** 2 * sp.log(1 - s["p"]) ** 2)),
    "erlang": lambda s: (s["k"] / s["lam"], s["k"] / s["lam"] ** 2),
    "shifted_exponential": lambda s: (s["loc"] + 1 / s["lam"], 1 / s["lam"] ** 2),
    "lindley": lambda s: ((s["theta"] + 2) / (s["theta"] * (s["theta"] + 1)),
                          (s["theta"] ** 2 + 4 * s["theta"] + 2) / (s["theta"] ** 2 * (s["theta"] + 1) ** 2)),
    "truncated_normal": lambda s: _truncated_normal_moments(s["mu"], s["sigma"], s["a"], s["b"]),
}


def _truncated_normal_moments(mu, sigma, a, b):
    """Mean and variance of N(mu, sigma^2) on [a, b] as textbooks write them, with the standard
    normal density phi and CDF Phi at the standardised ends (Johnson, Kotz & Balakrishnan,
    Continuous Univariate Distributions 1, ch. 13)."""
    lo, hi = (a - mu) / sigma, (b - mu) / sigma
    phi = lambda z: sp.exp(-z ** 2 / 2) / sp.sqrt(2 * sp.pi)      # noqa: E731
    cdf = lambda z: (1 + sp.erf(z / sp.sqrt(2))) / 2              # noqa: E731
    z = cdf(hi) - cdf(lo)
    shift = (phi(lo) - phi(hi)) / z
    return mu + sigma * shift, sigma ** 2 * (1 + (lo * phi(lo) - hi * phi(hi)) / z - shift ** 2)


def _derivable(fam) -> bool:
    ef = fam.ef
    return (ef is not None and ef.index is None and not fam.multivariate and affine_statistic(ef.T, X) is not None
            and not any(isinstance(f, SpecialFunction) for f in ef.A.atoms(sp.Function)))


#: derivable moments the record states instead, in a form that stays finite in floats: the
#: derivation from grad A multiplies and divides by exp(a^2/(2 sigma^2)) exp(b^2/(2 sigma^2));
#: the test below proves the statement equal to the derivation
STATED_MOMENTS = {"truncated_normal"}


def test_moments_are_derived_wherever_x_is_affine_in_a_statistic():
    derivable = {n for n in NAMES if _derivable(registry.get(n))}
    assert derivable == set(TEXTBOOK_MOMENTS)
    for n in NAMES:
        fam = registry.get(n)
        if n in STATED_MOMENTS:
            ef = fam.ef
            derived = moments(ef.eta_symbols, ef.eta, ef.T, ef.A, X)
            assert all(sp.simplify(d - s) == 0 for d, s in zip(derived, (fam.mean, fam.variance))), n
            continue
        assert ({"mean", "variance"} <= fam.derived) == (n in derivable), n


@pytest.mark.parametrize("name", sorted(TEXTBOOK_MOMENTS))
def test_derived_moments_equal_the_textbook_ones(name):
    fam = registry.get(name)
    mean, variance = TEXTBOOK_MOMENTS[name](fam.symbols())
    for derived, textbook in ((fam.mean, mean), (fam.variance, variance)):
        assert sp.simplify(derived.replace(log1p, lambda z: sp.log(1 + z)) - textbook) == 0, (name, derived)


@pytest.mark.parametrize("name", [n for n in NAMES if registry.get(n).mean is not None])
def test_recorded_mean_and_variance(name):
    fam = registry.get(name)
    p = cases_for(name)[0][0]
    subs = p.substitution()
    with mp.workdps(40):
        mean = mpmath.mpf(sp.N(fam.mean.subs(subs), 40))
        got = expectation(p, X, dps=30).value
        assert abs(got - mean) <= mpmath.mpf(10) ** -26 * max(1, abs(mean))
        if fam.variance is not None:
            var = mpmath.mpf(sp.N(fam.variance.subs(subs), 40))
            second = expectation(p, (X - sp.Float(str(mean), 40)) ** 2, dps=30).value
            assert abs(second - var) <= mpmath.mpf(10) ** -24 * max(1, abs(var))


# ------------------------------------------------------------------ stated parameterizations
class _Formula:
    """A reader of the plain notation the parameterizations state densities in, evaluated by
    mpmath as it reads (no eval): numbers, names, + - * / ^, juxtaposition (``2 pi x``),
    ``f(...)``, ``|...|``, ``k!`` and ``p[i]``. Juxtaposition binds like ``*``."""

    FUNCTIONS = {"exp": mpmath.exp, "log": mpmath.log, "sqrt": mpmath.sqrt, "Gamma": mpmath.gamma,
                 "B": mpmath.beta, "I0": lambda z: mpmath.besseli(0, z), "atanh": mpmath.atanh,
                 "zeta": mpmath.zeta, "cos": mpmath.cos, "sin": mpmath.sin, "C": mpmath.binomial,
                 "max": max, "min": min, "erf": mpmath.erf}
    TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_][A-Za-z_0-9]*)|(\S))")

    def __init__(self, text: str, values: dict):
        self.tokens = [m.group(1) or m.group(2) or m.group(3) for m in self.TOKEN.finditer(text) if m.group(0).strip()]
        self.values, self.pos, self.in_abs = values, 0, 0

    def value(self):
        v = self._sum()
        assert self.pos == len(self.tokens), f"unread {self.tokens[self.pos:]}"
        return v

    def _peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self, expected=None):
        tok = self._peek()
        assert tok is not None and (expected is None or tok == expected), f"expected {expected}, got {tok}"
        self.pos += 1
        return tok

    def _sum(self):
        v = self._product()
        while self._peek() in ("+", "-"):
            v = v + self._product() if self._take() == "+" else v - self._product()
        return v

    def _starts_factor(self, tok) -> bool:
        return tok is not None and (tok[0].isalnum() or tok == "(" or (tok == "|" and not self.in_abs))

    def _product(self):
        v = self._signed()
        while True:
            tok = self._peek()
            if tok in ("*", "/"):
                self._take()
                v = v * self._signed() if tok == "*" else v / self._signed()
            elif self._starts_factor(tok):
                v = v * self._power()
            else:
                return v

    def _signed(self):
        if self._peek() == "-":
            self._take()
            return -self._signed()
        return self._power()

    def _power(self):
        base = self._postfix()
        if self._peek() == "^":
            self._take()
            return mpmath.power(base, self._signed())
        return base

    def _postfix(self):
        v = self._atom()
        while self._peek() == "!":
            self._take()
            v = mpmath.factorial(v)
        return v

    def _atom(self):
        tok = self._take()
        if tok.isdigit():
            return mpmath.mpf(int(tok))
        if tok == "(":
            v = self._sum()
            self._take(")")
            return v
        if tok == "|":
            self.in_abs += 1
            v = abs(self._sum())
            self._take("|")
            self.in_abs -= 1
            return v
        if tok in self.FUNCTIONS and self._peek() == "(":
            self._take("(")
            args = [self._sum()]
            while self._peek() == ",":
                self._take()
                args.append(self._sum())
            self._take(")")
            return self.FUNCTIONS[tok](*args)
        if tok == "pi":
            return +mpmath.pi
        assert tok in self.values, f"unknown name {tok!r}"
        v = self.values[tok]
        if self._peek() == "[":  # an entry of a vector parameter, p[i]
            self._take()
            i = self._sum()
            self._take("]")
            return v[int(i) - 1]
        return v


def _stated(fam):
    """(variable, stated density, stated support) read from the parameterization."""
    text = fam.parameterization
    if fam.discrete:
        m = re.search(r"P\(X = (\w)\) = (.+?) for \1 = (.+?)(?:[;:]|, K = |$)", text)
        assert m, f"{fam.name}: the parameterization states no 'P(X = k) = ... for k = ...'"
        return m.group(1), m.group(2), m.group(3)
    m = re.search(r"density (.+?) on (.+)", text)
    assert m, f"{fam.name}: the parameterization states no 'density ... on ...'"
    return "x", m.group(1), m.group(2)


def _stated_bounds(fam, support: str, values: dict):
    """(lower, upper) of the support as the text states it, evaluated."""
    read = lambda t: _Formula(t, values).value()  # noqa: E731
    if fam.discrete:
        parts = [s.strip() for s in re.split(r",(?![^(]*\))", support)]  # commas outside max(0, ...)
        if parts[-1] == "...":  # "0, 1, ..." or "1, 2, ..."
            assert read(parts[1]) == read(parts[0]) + 1, support
            return read(parts[0]), mpmath.inf
        return read(parts[0]), read(parts[-1])  # "0, ..., n" or "0, 1"
    if support.startswith("the real line"):
        return -mpmath.inf, mpmath.inf
    m = re.match(r"(?:the closed interval |the circle, written on )?[\[(](.+?), (.+?)[\])]", support)
    if m:
        return read(m.group(1)), read(m.group(2))
    m = re.match(r"x >=? (.+?)[;:,.]?(?:\s|$)", support)
    if m:
        return read(m.group(1)), mpmath.inf
    m = re.match(r"(\S+) <=? x <=? (.+?)[;:,.]?(?:\s|$)", support)
    assert m, f"{fam.name}: cannot read the support from {support!r}"
    return read(m.group(1)), read(m.group(2))


def _points(fam, lo, hi):
    """A few points of the support [lo, hi] (hi may be oo)."""
    if fam.discrete:
        return [lo + k for k in range(4) if hi == sp.oo or lo + k <= hi]
    if lo.is_finite and hi.is_finite:
        return [lo + (hi - lo) * f for f in (sp.Rational(1, 7), sp.Rational(1, 2), sp.Rational(5, 6))]
    if lo.is_finite:
        return [lo + t for t in (sp.Rational(1, 3), 1, sp.Rational(7, 2))]
    return [sp.Integer(-2), sp.Rational(1, 3), sp.Integer(3)]


def _values(d):
    """Parameter values by name (vectors as lists), and the length K of a vector parameter."""
    out = {}
    for name, v in d.params.items():
        if isinstance(v, (tuple, list)):
            out[name] = [mpmath.mpf(sp.N(e, 50)) for e in v]
            out[str(d.record.length_symbol)] = mpmath.mpf(len(v))
        else:
            out[name] = mpmath.mpf(sp.N(v, 50))
    return out


@pytest.mark.parametrize("name", NAMES)
def test_every_parameterization_names_its_parameters(name):
    fam = registry.get(name)
    for p in fam.params:
        assert p.meaning and p.rule
        assert re.search(rf"(?<!\w){re.escape(p.name)}(?!\w)", fam.parameterization), (name, p.name)
    if fam.multivariate:
        assert fam.support_text, name


@pytest.mark.parametrize("name", UNIVARIATE)
def test_the_stated_density_is_the_records(name):
    """The density and support the parameterization states, read by a small evaluator of its
    plain notation, against the record's log-density (the oracle's evaluation of it) and support."""
    fam = registry.get(name)
    var, formula, support = _stated(fam)
    compared = 0
    with mp.workdps(50):
        for p, q, _ in cases_for(name)[:3]:
            for d in (p, q):
                if not d.is_interior():
                    continue
                values = _values(d)
                lo, hi = d.support_bounds()
                stated = _stated_bounds(fam, support, values)
                for got, bound in zip(stated, (lo, hi)):
                    want = mpmath.mpf(sp.N(bound, 50)) if bound.is_finite else mpmath.inf * sp.sign(bound)
                    assert got == want or mpmath.almosteq(got, want, 1e-45), (d, support, stated)
                logf = log_density(d)
                for x in _points(fam, lo, hi):
                    x_mp = mpmath.mpf(sp.N(x, 50))
                    try:
                        f = _Formula(formula, {**values, var: x_mp}).value()
                    except ZeroDivisionError:  # 0/0 of a removable singularity (continuous Bernoulli at 1/2)
                        continue
                    record = logf(int(x) if fam.discrete else x_mp)
                    assert abs(mpmath.log(f) - record) <= mpmath.mpf(10) ** -25 * max(1, abs(record)), (
                        f"{name} at {d}, x = {x}: stated log f {mpmath.log(f)}, record {record}")
                    compared += 1
    assert compared >= 6, f"{name}: only {compared} points compared"


# ------------------------------------------------------------------ symbols
def _blocks(path: Path):
    """(block number, statement) of a catalogue module; block 0 is the shared part above the
    first ``# -----`` record marker, block k the k-th record's."""
    source = path.read_text(encoding="utf-8")
    starts = [i + 1 for i, line in enumerate(source.splitlines()) if line.startswith("# ----")]
    for stmt in ast.parse(source).body:
        yield sum(1 for s in starts if s < stmt.lineno), stmt


_SYMBOL_MAKERS = {"symbol", "eta", "Symbol", "symbols", "IndexedBase", "MatrixSymbol", "Wild"}


def _makes_symbol(node) -> bool:
    return any(isinstance(n, ast.Call) and (getattr(n.func, "attr", None) or getattr(n.func, "id", None)) in _SYMBOL_MAKERS
               for n in ast.walk(node))


@pytest.mark.parametrize("path", sorted(CATALOGUE.glob("*.py")), ids=lambda p: p.name)
def test_no_symbol_is_used_outside_the_record_block_that_defines_it(path):
    """A record's symbols (its parameters', its natural parameters', its variable's) are its own:
    a name bound to a new symbol in one record block may not appear in another block (symbols
    meant to be shared, such as x and the index symbols, are defined above the first block)."""
    owner, leaks = {}, []
    for block, stmt in _blocks(path):
        record = isinstance(stmt.value, ast.Call) and getattr(stmt.value.func, "id", "") == "Family" \
            if isinstance(stmt, ast.Assign) else False
        if block and isinstance(stmt, ast.Assign) and not record and _makes_symbol(stmt.value):
            for target in stmt.targets:
                for n in ast.walk(target):
                    if isinstance(n, ast.Name):
                        if owner.get(n.id, block) != block:
                            leaks.append(f"line {n.lineno}: {n.id} bound in blocks {owner[n.id]} and {block}")
                        owner[n.id] = block
    for block, stmt in _blocks(path):
        if isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
            continue  # their own scopes (argument names may repeat a record's symbol names)
        for n in ast.walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and owner.get(n.id, block) != block:
                leaks.append(f"line {n.lineno}: {n.id} (defined in block {owner[n.id]}, used in block {block})")
    assert not leaks, "\n".join(leaks)


def _expressions(fam):
    ef = fam.ef
    yield from (fam.logpdf, fam.mean, fam.variance, fam.median, fam.support.lower, fam.support.upper, *fam.kinks)
    for _, value, _ in fam.expectations:
        yield value
    if ef is not None:
        yield from (*ef.eta, *ef.T, ef.A, ef.log_h, *(ef.mean_T or ()))


def _names_of(s):
    return s.base.label if isinstance(s, sp.Indexed) else s


@pytest.mark.parametrize("name", NAMES)
def test_record_expressions_use_their_own_parameter_symbols(name):
    """Every free symbol of a record's expressions is one of its own parameter symbols (same name
    AND same assumptions), its variable, its natural-parameter or index symbols, or d."""
    fam = registry.get(name)
    own = {(s.label if isinstance(s, sp.IndexedBase) else s) for s in fam.symbols().values()}
    var = fam.variable
    allowed = own | {D}
    for s in fam.symbols().values():  # the sizes of the record's matrix symbols (a d x k matrix's k)
        if isinstance(s, sp.MatrixSymbol):
            allowed |= set().union(*(sp.sympify(n).free_symbols for n in s.shape))
    if var is None:
        allowed.add(X)
    elif isinstance(var, tuple):
        allowed |= set(var)
    else:  # a matrix symbol, or an IndexedBase (its entries x[i] are read by their label)
        allowed |= {var, var.label} if isinstance(var, sp.IndexedBase) else {var}
    if fam.length_symbol is not None:
        allowed.add(fam.length_symbol)
    if isinstance(var, sp.IndexedBase):  # the index of the sums over the counts (a support per count: x[i] <= K[i])
        allowed |= {s.limits[0][0] for s in fam.logpdf.atoms(sp.Sum) if s.has(var)}
    if fam.ef is not None:
        allowed |= {_names_of(s) if isinstance(s, sp.Indexed) else s for s in fam.ef.eta_symbols}
        if fam.ef.index is not None:
            allowed.add(fam.ef.index[0])
    for expr in _expressions(fam):
        if expr is None:
            continue
        for s in sp.sympify(expr).free_symbols:
            s = _names_of(s)
            if isinstance(s, sp.Wild) or s in allowed:
                continue
            same_name = [o for o in own if str(o) == str(s)]
            detail = f"not the record's own {same_name[0]!r} ({same_name[0].assumptions0})" if same_name else "unknown"
            raise AssertionError(f"{name}: symbol {s} {getattr(s, 'assumptions0', '')} in {expr}: {detail}")
