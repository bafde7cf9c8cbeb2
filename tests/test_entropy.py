"""Entropy and cross-entropy from the engine, against the oracle's quadrature or sum
of −log p (and −log q), at 25+ digits; every atom expectation against the oracle."""

import mpmath
import pytest
import sympy as sp

import klsym
from klsym import dist
from klsym.records import registry
from klsym.crosscheck import cases_for
from klsym.derive import derive_entropy
from klsym.exact.entropy import cross_entropy, entropy
from klsym.records.record import X
from klsym.oracle import expectation, numeric_cross_entropy
from klsym.exact.series import InfiniteSum, infinite_sums
from klsym.references import lookup
from klsym.references.rows import entropy_defined

NAMES = registry.names()


def _sum_in_log_h(fam) -> bool:
    """From the record: log h depends on x, on an infinite discrete support, in no entry of T
    (so E[log h(X)] is an infinite series, with no closed form from ∇A)."""
    ef = fam.ef
    x = fam.variable if fam.multivariate else X  # the count vector of the negative multinomial
    return (ef is not None and fam.discrete and fam.support.upper == sp.oo and ef.log_h.has(x)
            and not any(t.has(x) and not sp.simplify(ef.log_h / t).has(x) for t in ef.T))


def _stated_series_in_log_h(fam) -> bool:
    """From the record: an atom of log h whose stated expectation is a series (logit_normal's
    E[log X], E[log(1 - X)]: the logistic-normal integral has no closed form)."""
    ef = fam.ef
    return (ef is not None and ef.log_h.has(X)
            and any(value.has(sp.Sum) and ef.log_h.has(pattern) for pattern, value, _ in fam.expectations))


#: families whose E[log h] is an infinite sum without a closed form (read from the records)
INFINITE_SUMS = {n for n in NAMES if _sum_in_log_h(registry.get(n))}
#: families whose E[log h] holds a stated series (read from the records)
STATED_SERIES = {n for n in NAMES if _stated_series_in_log_h(registry.get(n))}
#: the multivariate families are checked against their oracle in tests/test_multivariate.py;
#: categorical (a probability vector, summed exactly) has its own test below
UNIVARIATE_ALL = [n for n in NAMES if registry.get(n).length_symbol is None and not registry.get(n).multivariate]
#: families whose entropy does not exist (the log-Cauchy law: E[log X] is undefined), read from the records:
#: H and the cross-entropy raise ValueError saying so, and the store holds no entropy rows for them
UNDEFINED = [n for n in UNIVARIATE_ALL if not entropy_defined(n)]
UNIVARIATE = [n for n in UNIVARIATE_ALL if n not in UNDEFINED]
#: exponential families with a derived entropy (the logistic normal has none: its log h is not affine in T)
EF_WITH_ENTROPY = [n for n in NAMES if registry.get(n).ef is not None and entropy_defined(n)]


def _agree(closed, oracle, what):
    with mpmath.workdps(50):
        c = mpmath.mpf(str(sp.N(closed, 50, maxn=400)))
        scale = max(abs(c), 1)
        assert abs(c - oracle) <= mpmath.mpf(10) ** -25 * scale, f"{what}: closed {c}, oracle {oracle}"


def _stored(p, q=None):
    """The oracle's stored value of KL(p‖q), or of H(p) without q (klsym/references/data/;
    tests/test_check.py keeps it current, the live lane recomputes it)."""
    ref = lookup(p, q)
    assert ref is not None, f"{'KL' if q is not None else 'H'} of {p}, {q} is not among the stored oracle values"
    return ref.mp_value()


def _interior_cases(name, k=3):
    out = []
    for p, q, _ in cases_for(name)[:k]:
        if p.is_interior() and q.is_interior():
            out.append((p, q))
    return out


@pytest.mark.parametrize("name", UNIVARIATE)
def test_entropy_matches_the_oracle(name):
    for p, q in _interior_cases(name):
        for d in (p, q):
            _agree(entropy(d), _stored(d), f"H({d})")


def test_undefined_entropies_are_those_of_a_stated_nan_expectation():
    """H does not exist exactly where the record states an atom of its own log-density to have no mean."""
    stated = {n for n in UNIVARIATE_ALL for _, value, _ in registry.get(n).expectations if value is sp.nan}
    assert set(UNDEFINED) == stated and "log_cauchy" in stated


@pytest.mark.parametrize("name", UNDEFINED)
def test_an_entropy_that_does_not_exist_is_refused_and_kl_is_finite(name):
    says = f"of {name} does not exist"
    for ask in (lambda: entropy(name), lambda: cross_entropy(name)):
        with pytest.raises(ValueError, match=says):
            ask()
    for p, q in _interior_cases(name):
        for ask in (lambda: entropy(p), lambda: cross_entropy(p, q)):
            with pytest.raises(ValueError, match=says):  # never a silent nan
                ask()
        assert klsym.kl(p, q).is_finite  # log p - log q has a mean: the undefined atom cancels in it
        assert lookup(p) is None  # no entropy row is stored (the oracle's quadrature would give a number)


def test_categorical_entropy_matches_the_oracle():
    for p, q in _interior_cases("categorical"):
        for d in (p, q):
            exact = -sum(v * sp.log(v) for v in d.params["p"])
            # a log next to 1 is handed out through atanh (klsym.exact.evaluate.near_one_logs): back to logs
            assert sp.simplify((entropy(d) - exact).rewrite(sp.log)) == 0


def test_infinite_sums_are_read_from_the_records():
    assert INFINITE_SUMS >= {"poisson", "negative_binomial", "logarithmic"}


def test_the_exponential_families_without_an_entropy_form_are_known():
    """An exponential family loses its entropy rows only with a reason: a new one here must be looked at."""
    assert {n for n in NAMES if registry.get(n).ef is not None} - set(EF_WITH_ENTROPY) == {"logistic_normal"}


@pytest.mark.parametrize("name", EF_WITH_ENTROPY)
def test_the_entropy_has_an_infinite_sum_exactly_when_the_record_says_so(name):
    """Two readings agree: the record (log h outside T on an infinite support) and the
    derived entropy (a Sum over an infinite range)."""
    h = entropy(name)
    infinite = any(lim == sp.oo for s in h.atoms(sp.Sum) for (_, _, lim) in s.limits)
    assert infinite == (name in INFINITE_SUMS | STATED_SERIES), name


def test_stated_series_are_read_from_the_records():
    assert STATED_SERIES >= {"logit_normal"}
    assert not STATED_SERIES & INFINITE_SUMS


@pytest.mark.parametrize("name", sorted(STATED_SERIES))
def test_stated_series_expectations_match_the_oracle(name):
    """The atoms of log h whose stated value is a series (skipped by the atom test below),
    evaluated by the series evaluator, against the oracle's E[g(X)]."""
    atoms = [a for a in derive_entropy(name).atoms if a.value.has(sp.Sum)]
    assert atoms, name
    for atom in atoms:
        for p, _ in _interior_cases(name):
            subs = p.substitution()
            value = infinite_sums(atom.value.subs(subs))
            assert value.atoms(InfiniteSum), value
            _agree(value, expectation(p, atom.atom.subs(subs), dps=30).value, f"{name}: E[{atom.atom}] at {p}")


@pytest.mark.parametrize("name", sorted(INFINITE_SUMS))
def test_infinite_sums_stay_exact_and_are_evaluated_by_the_series_evaluator(name):
    assert entropy(name).has(sp.Sum)
    p = cases_for(name)[0][0]
    value = entropy(p)
    sums = value.atoms(InfiniteSum)
    assert sums and all(s.doit() is s for s in sums)  # not summed symbolically
    if p.record.multivariate:
        return  # series over one count of a count vector: tests/test_counts.py sums the whole law instead
    # the value of each series against an independent summation (the oracle's E[g(X)])
    for s in sums:
        summand = s.function / sp.exp(p.record.logpdf.subs(p.substitution()))
        with mpmath.workdps(50):
            series = mpmath.mpf(str(sp.N(s, 50)))
            oracle = expectation(p, sp.simplify(summand), dps=30).value
            assert abs(series - oracle) <= mpmath.mpf(10) ** -25 * abs(oracle), (series, oracle)


@pytest.mark.parametrize("name", UNIVARIATE)
def test_cross_entropy_is_entropy_plus_kl_and_matches_the_oracle(name):
    p, q = _interior_cases(name, 1)[0]
    value = cross_entropy(p, q)
    assert sp.simplify(value - entropy(p) - klsym.kl(p, q)) == 0
    with mpmath.workdps(50):
        oracle = _stored(p) + _stored(p, q)  # −E_P[log q] = H(P) + KL(P‖Q), each from the oracle
    _agree(value, oracle, f"H({p}, {q})")


@pytest.mark.live
@pytest.mark.parametrize("name", UNIVARIATE)
def test_cross_entropy_matches_the_oracle_computed_directly(name):
    p, q = _interior_cases(name, 1)[0]
    _agree(cross_entropy(p, q), numeric_cross_entropy(p, q, dps=30).value, f"H({p}, {q})")


# the expectation route's atoms (families without an exponential-family record) are
# checked in test_expectation.py
@pytest.mark.parametrize("name", EF_WITH_ENTROPY)
def test_every_atom_expectation_matches_the_oracle(name):
    fam = registry.get(name)
    for atom in derive_entropy(name).atoms:
        if atom.value.has(sp.Sum):
            continue
        for p, _ in _interior_cases(name):
            subs = p.substitution()
            g = atom.atom.subs(subs)  # a fixed parameter in the atom (levy: log(x - mu)) takes P's value
            _agree(atom.value.subs(subs), expectation(p, g, dps=30).value, f"{name}: E[{g}] at {p} ({atom.how})")


def test_symbolic_cross_entropy_is_entropy_plus_kl():
    form = cross_entropy("gamma", "gamma")
    p, q = dist("gamma", alpha=3, beta=2), dist("gamma", alpha="1/2", beta=5)
    subs = {**p.substitution("p"), **q.substitution("q")}
    assert sp.N(form.subs(subs) - cross_entropy(p, q), 40) == 0


def test_boundary_parameters():
    assert entropy(dist("bernoulli", p=0)) == 0
    assert entropy(dist("poisson", lam=0)) == 0
    assert entropy(dist("geometric", p=1)) == 0
    assert sp.simplify(entropy(dist("categorical", p=["1/2", "0", "1/2"])) - sp.log(2)) == 0
    # Nakagami m = 1/2 is the half-normal with sigma^2 = omega
    assert sp.simplify(entropy(dist("nakagami", m="1/2", omega=4)) - entropy(dist("half_normal", sigma=2))) == 0


def test_textbook_values():
    assert sp.simplify(entropy(dist("normal", mu=3, sigma=2)) - sp.log(2 * sp.sqrt(2 * sp.pi * sp.E))) == 0
    assert sp.simplify(entropy(dist("laplace", mu=0, b=3)) - (1 + sp.log(6))) == 0
    assert sp.simplify(entropy(dist("exponential", lam=2)) - (1 - sp.log(2))) == 0
    assert cross_entropy(dist("binomial", n=3, p="1/2"), dist("binomial", n=2, p="1/2")) == sp.oo


def test_public_api():
    assert {"entropy", "cross_entropy"} <= set(klsym.__all__)
    assert klsym.entropy is entropy and klsym.cross_entropy is cross_entropy
