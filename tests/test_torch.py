"""torch.distributions against the float64 oracle (skipped where torch is not installed).

Besides finding torch's bugs, these tests pin the parameter mappings of
klsym.verification.adapters: torch's log_prob must equal klsym's log-density.
"""

from __future__ import annotations

import math

import mpmath
import pytest

torch = pytest.importorskip("torch")

from klsym import dist, kl_float
from klsym.records import registry  # noqa: E402
from klsym.verification.adapters import TORCH_NAMES, torch_distribution, torch_families, torch_kl  # noqa: E402
from klsym.cli import main  # noqa: E402
from klsym.oracle.multivariate import log_density_point  # noqa: E402
from klsym.verification.verifier import verify_torch  # noqa: E402

MAPPING_POINTS = {
    "normal": ({"mu": 0.5, "sigma": 2.0}, [-1.0, 0.3, 4.0]),
    "lognormal": ({"mu": 0.5, "sigma": 0.7}, [0.2, 1.0, 5.0]),
    "exponential": ({"lam": 3.0}, [0.1, 2.0]),
    "gamma": ({"alpha": 2.5, "beta": 4.0}, [0.1, 1.5]),
    "inverse_gamma": ({"alpha": 2.5, "beta": 4.0}, [0.3, 2.0]),
    "beta": ({"alpha": 2.5, "beta": 0.5}, [0.1, 0.9]),
    "chi_squared": ({"k": 3.5}, [0.5, 6.0]),
    "half_normal": ({"sigma": 1.5}, [0.2, 3.0]),
    "weibull": ({"k": 1.7, "lam": 2.5}, [0.3, 4.0]),
    "pareto": ({"xm": 1.5, "alpha": 2.5}, [1.6, 9.0]),
    "laplace": ({"mu": 0.5, "b": 2.0}, [-3.0, 0.5, 4.0]),
    "continuous_bernoulli": ({"lam": 0.3}, [0.0, 0.25, 1.0]),
    "von_mises": ({"mu": 0.5, "kappa": 2.0}, [-3.0, 0.5, 3.1]),
    "uniform": ({"a": -0.5, "b": 2.0}, [-0.25, 1.5]),
    "cauchy": ({"x0": 0.5, "gamma": 2.0}, [-3.0, 0.5, 40.0]),
    "gumbel": ({"mu": 0.5, "beta": 2.0}, [-3.0, 0.5, 9.0]),
    "bernoulli": ({"p": 0.3}, [0, 1]),
    "binomial": ({"n": 7, "p": 0.3}, [0, 3, 7]),
    "poisson": ({"lam": 2.5}, [0, 4]),
    "geometric": ({"p": 0.3}, [1, 2, 6]),  # klsym counts trials; torch failures (x - 1)
    "negative_binomial": ({"r": 2.5, "p": 0.3}, [0, 1, 7]),
    "categorical": ({"p": [0.2, 0.3, 0.5]}, [1, 2, 3]),  # klsym 1..K; torch 0..K-1
    "multivariate_normal": ({"mu": [0.5, -1.0], "Sigma": [[2.0, 0.5], [0.5, 1.0]]}, [[0.1, 0.2], [3.0, -4.0]]),
    "dirichlet": ({"alpha": [2.5, 0.5, 1.5]}, [[0.2, 0.3, 0.5], [0.25, 0.25, 0.5]]),
}
SHIFT = {"geometric": 1, "categorical": 1}
# torch's VonMises evaluates log I0 by a polynomial fit (errors near 1e-9): enough to tell
# a wrong parameter mapping (errors of order 1), not a float64-accurate density
TOLERANCE = {"von_mises": 1e-8}


@pytest.mark.parametrize("family", sorted(TORCH_NAMES))
def test_parameter_mapping_matches_klsym_density(family):
    params, points = MAPPING_POINTS[family]
    d = dist(family, **params)
    t = torch_distribution(family, params)
    for x in points:
        if d.record.multivariate:  # a vector point: the record's log-density as the oracle reads it
            with mpmath.workdps(30):
                expected = float(log_density_point(d, [mpmath.mpf(v) for v in x]))
            got = float(t.log_prob(torch.tensor(x, dtype=torch.float64)))
        else:
            expected = float(d.logpdf(x).evalf(30))
            got = float(t.log_prob(torch.tensor(float(x - SHIFT.get(family, 0)), dtype=torch.float64)))
        assert got == pytest.approx(expected, rel=TOLERANCE.get(family, 1e-12), abs=1e-12), f"{family} at x = {x}"


def test_negative_binomial_probs_is_the_failure_probability_of_klsym():
    # klsym: failures before the r-th success, success probability p; torch: successes before
    # total_count failures, success probability probs. Same law when probs = 1 - p.
    t = torch_distribution("negative_binomial", {"r": 3.0, "p": 0.25})
    assert float(t.probs) == 0.75
    assert float(t.mean) == pytest.approx(3 * 0.75 / 0.25)  # klsym mean r(1-p)/p


def test_families_torch_registers():
    known = torch_families()
    assert {"normal", "gamma", "beta", "bernoulli", "binomial", "poisson", "geometric", "categorical"} <= set(known)
    assert {"multivariate_normal", "dirichlet"} <= set(known)
    assert "negative_binomial" not in known  # torch registers no NegativeBinomial KL
    assert all(f in registry.names() for f in known)


@pytest.fixture(scope="module")
def reports():
    # the families the tests below read; every torch family: test_every_torch_family_is_verified
    families = ["bernoulli", "geometric", "poisson", "binomial", "beta", "normal", "gamma"]
    return {r.family_p: r for r in verify_torch(families, n_random=5)}


def _case(report, p, q):
    return next(c for c in report.cases if c.params_p == p and c.params_q == q)


# each bug class of the issue, with torch 2.13's float64 value and the true one
@pytest.mark.parametrize(
    "family, p, q, check",
    [
        ("bernoulli", {"p": 0.5}, {"p": 1e-20}, lambda v, o: abs(v - 17.33) < 0.01 and abs(o - 22.33) < 0.01),
        ("geometric", {"p": 1e-20}, {"p": 2e-20}, lambda v, o: abs(v - 38.0) < 0.1 and abs(o - 0.3069) < 1e-4),
        ("poisson", {"lam": 0.0}, {"lam": 1.0}, lambda v, o: math.isnan(v) and o == 1.0),
        ("binomial", {"n": 50, "p": 1.0}, {"n": 50, "p": 0.5}, lambda v, o: v == -math.inf and abs(o - 34.657) < 1e-3),
        ("poisson", {"lam": 1e12}, {"lam": 1e12 + 1}, lambda v, o: abs(v + 0.0019) < 1e-4 and abs(o - 5e-13) < 1e-16),
        ("beta", {"alpha": 1e6, "beta": 1e6}, {"alpha": 1e6 + 1, "beta": 1e6}, lambda v, o: abs(v / o - 1.022) < 1e-3),
        ("normal", {"mu": 0.0, "sigma": 1.0}, {"mu": 1e-8, "sigma": 1.0}, lambda v, o: v == 0.0 and abs(o - 5e-17) < 1e-20),
    ],
)
def test_reported_torch_bugs_are_found(reports, family, p, q, check):
    case = _case(reports[family], p, q)
    assert not case.passed
    assert check(case.value, case.oracle), case


# torch 2.13's float64 KL of laws of vectors: negative by cancellation (the true value beside it)
@pytest.mark.parametrize("family, p, q, true", [
    ("multivariate_normal", {"mu": [0.0, 0.0], "Sigma": [[1.0, 0.9999999999], [0.9999999999, 1.0]]},
     {"mu": [0.0, 0.0], "Sigma": [[1.0, 0.9999999999], [0.9999999999, 1.0]]}, 0.0),
    ("multivariate_normal", {"mu": [0.0, 0.0], "Sigma": [[1.0, 0.0], [0.0, 1.0]]},
     {"mu": [0.0, 0.0], "Sigma": [[1.00000001, 0.0], [0.0, 1.00000001]]}, 4.999999872558626e-17),
    ("dirichlet", {"alpha": [1e15, 2.0]}, {"alpha": [1.0000000000000001e15, 2.0]}, 1.5624999999999982e-32),
    ("dirichlet", {"alpha": [1e6, 1e6, 1e6]}, {"alpha": [999999.9999999999, 1e6, 1e6]}, 4.5175120636967245e-27),
])
def test_torch_kl_of_vector_laws_goes_negative(family, p, q, true):
    value = torch_kl(family)(*p.values(), *q.values())
    assert value < 0
    assert kl_float(dist(family, **p), dist(family, **q)) == true


@pytest.mark.rotating(2)  # two families a day; every one in the live lane
@pytest.mark.parametrize("family", torch_families())
def test_every_torch_family_is_verified(family):
    report, = verify_torch([family], n_random=2)
    assert report.family_p == family and report.cases
    assert not [c for c in report.cases if math.isnan(c.oracle)]  # klsym's value is a number or +inf, never NaN


def test_gamma_near_equal_shapes_negative(reports):
    negative = [c for c in reports["gamma"].cases if "negative" in c.flags]
    assert any(c.params_p["beta"] == c.params_q["beta"] and c.params_p["alpha"] != c.params_q["alpha"] for c in negative)
    assert all(not c.passed for c in negative)


def test_bug_classes_found_across_the_run(reports):
    flags = set()
    for r in reports.values():
        flags |= set(r.flag_counts())
    assert {"nan", "negative", "inf_where_finite", "zero_where_positive", "raised"} <= flags
    # Binomial with n_p < n_q: finite KL, torch raises NotImplementedError
    raised = _case(reports["binomial"], {"n": 3, "p": 0.5}, {"n": 5, "p": 0.5})
    assert "raised" in raised.flags and raised.oracle == kl_float(dist("binomial", n=3, p=0.5), dist("binomial", n=5, p=0.5))
    # Geometric(1) against itself: torch says inf
    same = _case(reports["geometric"], {"p": 1.0}, {"p": 1.0})
    assert same.value == math.inf and same.oracle == 0.0


def test_adapter_by_keyword_and_arrays():
    impl = torch_kl("normal")
    assert impl(mu_p=0.0, sigma_p=1.0, mu_q=1.0, sigma_q=1.0) == pytest.approx(0.5)
    out = impl([0.0, 1.0], 1.0, 0.0, 1.0)
    assert out.shape == (2,) and out[0] == 0.0


def test_cli_torch_run_exits_nonzero(capsys):
    assert main(["verify", "torch", "poisson", "--n", "0", "--limit", "3"]) == 1
    out = capsys.readouterr().out
    assert "torch poisson" in out and "nan" in out
