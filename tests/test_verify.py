"""The verifier catches deliberately broken implementations and passes a careful one."""

from __future__ import annotations

import csv
import io
import json
import math
import threading
import time
from decimal import Decimal
from fractions import Fraction

import mpmath
import pytest

import klsym
from klsym import dist, kl_float, verify, verify_pairs
from klsym.cli import main
from klsym.verification.verifier import DEFAULT_RTOL, FAILING_FLAGS, FLAGS, Report, float_ulps
from klsym.verification.vectors import vectors

N_RANDOM = 8  # the CLI draws 25 per family; the grid is run in full here


# ----------------------------------------------------------------- implementations under test
def careful_normal_kl(mu_p: float, sigma_p: float, mu_q: float, sigma_q: float) -> float:
    """KL between normals without cancellation: (d²)/2 + f(t), t = log(σp/σq), f(t) = (e^{2t} − 1 − 2t)/2."""
    d = (mu_p - mu_q) / sigma_q
    r = sigma_p / sigma_q
    if 0.5 < r < 2:
        t = math.log1p((sigma_p - sigma_q) / sigma_q)  # the difference is exact here (Sterbenz)
    elif 2.2250738585072014e-308 <= r < math.inf:
        t = math.log(r)
    else:
        t = math.log(sigma_p) - math.log(sigma_q)
    if abs(t) < 0.5:
        term, f, k = 2 * t, 0.0, 1
        while True:  # f = Σ_{k≥2} (2t)^k / (2 k!)
            k += 1
            term *= 2 * t / k
            f_new = f + term / 2
            if f_new == f:
                break
            f = f_new
    elif t > 354:  # e^{2t} beyond float64: so is f
        f = math.inf
    else:
        f = 0.5 * math.expm1(2 * t) - t
    return 0.5 * d * d + f


def naive_normal_kl(mu_p, sigma_p, mu_q, sigma_q):
    """The textbook formula, whose terms cancel when P ≈ Q."""
    return math.log(sigma_q / sigma_p) + (sigma_p**2 + (mu_p - mu_q) ** 2) / (2 * sigma_q**2) - 0.5


def normal_kl_in_bits(mu_p, sigma_p, mu_q, sigma_q):
    """Off by a constant factor: bits instead of nats."""
    return careful_normal_kl(mu_p, sigma_p, mu_q, sigma_q) / math.log(2)


def clamped_bernoulli_kl(p_p, p_q):
    """Probabilities clamped to [1e-7, 1 − 1e-7] 'for stability'."""
    eps = 1e-7
    a, b = min(max(p_p, eps), 1 - eps), min(max(p_q, eps), 1 - eps)
    return a * math.log(a / b) + (1 - a) * math.log((1 - a) / (1 - b))


def naive_poisson_kl(lam_p, lam_q):
    """NaN at the support edge lam_p = 0 (0 · log 0)."""
    if lam_q == 0:
        return math.inf if lam_p > 0 else math.nan
    return lam_p * (math.log(lam_p) - math.log(lam_q)) - lam_p + lam_q if lam_p > 0 else math.nan


# ----------------------------------------------------------------- the four broken ones are caught
def test_clamped_probabilities_are_caught():
    report = verify(clamped_bernoulli_kl, "bernoulli", n_random=N_RANDOM)
    assert not report.passed
    failed = {c.label for c in report.failures}
    assert "q below eps (reported 17.33)" in failed
    assert "finite_where_inf" in report.flag_counts()  # Q = 0 or 1 should give inf


def test_naive_cancelling_formula_is_caught():
    report = verify(naive_normal_kl, "normal", n_random=N_RANDOM)
    assert not report.passed
    near_equal = [c for c in report.failures if "rel 1e-8" in c.label or "1 ulp" in c.label]
    assert near_equal, report.table()
    assert report.worst[0].rel > 0.1


def test_nan_at_the_support_edge_is_caught():
    report = verify(naive_poisson_kl, "poisson", n_random=N_RANDOM)
    assert not report.passed
    nan_cases = [c for c in report.cases if "nan" in c.flags]
    assert any(c.params_p == {"lam": 0.0} and c.params_q == {"lam": 1.0} for c in nan_cases)
    assert "nan" in report.worst[0].flags  # failing flags sort first


def test_constant_factor_is_caught():
    report = verify(normal_kl_in_bits, "normal", n_random=N_RANDOM)
    assert not report.passed
    finite_positive = [c for c in report.cases if 0 < c.oracle < math.inf and c.oracle > 1e-300]
    assert all(not c.passed for c in finite_positive)
    assert all(abs(c.rel - (1 / math.log(2) - 1)) < 1e-12 for c in finite_positive if c.value not in (0.0, math.inf))


def test_careful_implementation_passes():
    report = verify(careful_normal_kl, "normal", n_random=2 * N_RANDOM)
    assert report.passed, report.summary() + "\n" + report.table()
    assert max(c.ulps for c in report.cases if math.isfinite(c.oracle) and c.oracle > 1e-300) <= 16


def test_careful_implementation_by_keyword():
    def by_name(*, mu_p, sigma_p, mu_q, sigma_q):
        return careful_normal_kl(mu_p, sigma_p, mu_q, sigma_q)

    assert verify(by_name, "normal", call="keyword", n_random=0).passed


# ----------------------------------------------------------------- the report
def test_report_contents_and_json():
    report = verify(naive_poisson_kl, "poisson", n_random=3, rtol=1e-10)
    assert report.rtol == 1e-10
    assert len(report.cases) >= 50 and {c.source for c in report.cases} == {"grid", "hypothesis"}
    case = report.worst[0]
    for attr in ("params_p", "params_q", "value", "oracle", "ulps", "rel", "flags"):
        assert hasattr(case, attr)
    keys = [(c.passed, not (set(c.flags) & FAILING_FLAGS)) for c in report.worst]
    assert keys == sorted(keys), "failing cases, those with failing flags first, come first"
    data = json.loads(report.to_json())
    assert data["passed"] is False and len(data["cases"]) == len(report.cases)
    assert data["cases"][0]["value"] == "nan"
    text = report.table(limit=3)
    assert "oracle" in text and len(text.splitlines()) == 4
    assert report.summary().startswith("FAIL")


def test_flags():
    def signs(lam_p, lam_q):
        if lam_p == lam_q:
            return -0.0
        return -1.0 if lam_p < lam_q else math.inf

    report = verify(signs, "exponential", n_random=0)
    counts = report.flag_counts()
    assert counts["negative_zero"] and counts["negative"] and counts["inf_where_finite"]
    identical = [c for c in report.cases if c.params_p == c.params_q]
    assert identical and all(c.passed and c.flags == ["negative_zero"] for c in identical)


def test_tolerance_is_honoured():
    def slightly_off(lam_p, lam_q):
        return kl_float(dist("exponential", lam=lam_p), dist("exponential", lam=lam_q)) * (1 + 1e-12)

    assert not verify(slightly_off, "exponential", n_random=0).passed
    assert verify(slightly_off, "exponential", n_random=0, rtol=1e-11).passed
    with pytest.raises(ValueError, match="rtol"):
        verify(slightly_off, "exponential", rtol=-1)


def test_float_ulps():
    assert float_ulps(1.0, math.nextafter(1.0, 2)) == 1
    assert float_ulps(-5e-324, 5e-324) == 2
    assert float_ulps(math.inf, math.inf) == 0 and float_ulps(math.nan, 1.0) == math.inf
    assert DEFAULT_RTOL == 256 * 2.0**-52


# ----------------------------------------------------------------- no vacuous pass, hostile implementations
def exact_exponential(lam_p, lam_q):
    return kl_float(dist("exponential", lam=lam_p), dist("exponential", lam=lam_q))


def test_zero_cases_is_an_error_not_a_pass(capsys, monkeypatch):
    with pytest.raises(ValueError, match="no cases for KL.exponential ‖ gamma.*cannot pass"):
        verify(exact_exponential, "exponential", "gamma")
    with pytest.raises(ValueError, match="grid=False and n_random=0"):
        verify(exact_exponential, "exponential", grid=False, n_random=0)
    import klsym.verification.judge as judge

    def unsettled(p, q, kind="kl", alpha=None):
        raise ArithmeticError("the oracle could not settle it")  # as an OracleLimitError says

    monkeypatch.setattr(judge, "reference_divergence", unsettled)  # in this process: jobs=1
    across = [({"lam": 1.0}, {"alpha": 2.0, "beta": 1.0}, "no reference")]
    with pytest.raises(ValueError, match="answered none of the 1 cases"):
        verify(exact_exponential, "exponential", "gamma", extra=across, jobs=1)
    monkeypatch.undo()
    assert not Report("impl", "exponential", "exponential", DEFAULT_RTOL, 0.0, []).passed
    assert main(["verify", "math:log", "exponential", "gamma"]) == 2
    captured = capsys.readouterr()
    assert "PASS" not in captured.out and "no cases" in captured.err


def mutating_categorical(p_p, p_q):
    """Correct, then scribbles over its arguments."""
    value = kl_float(dist("categorical", p=p_p), dist("categorical", p=p_q))
    p_p.reverse()
    p_p[0] = 0.0
    p_q.append(0.5)
    return value


def test_each_case_gets_its_own_inputs():
    honest = verify(lambda p_p, p_q: kl_float(dist("categorical", p=p_p), dist("categorical", p=p_q)),
                    "categorical", n_random=3)
    report = verify(mutating_categorical, "categorical", n_random=3)
    assert report.passed, report.table()
    assert [(c.params_p, c.params_q, c.oracle, c.value) for c in report.cases] == \
        [(c.params_p, c.params_q, c.oracle, c.value) for c in honest.cases]


@pytest.mark.parametrize("wrap, what", [
    (str, "str"), (lambda v: True, "bool"), (lambda v: None, "None"), (lambda v: {"kl": v}, "dict"),
    (lambda v: [v], "list"), (lambda v: complex(v, 0.0), "complex"), (lambda v: (v, v), "tuple"),
])
def test_answers_that_are_not_numbers_are_flagged(wrap, what):
    report = verify(lambda lam_p, lam_q: wrap(exact_exponential(lam_p, lam_q)), "exponential", n_random=0)
    assert not report.passed
    assert all(c.flags == ["not_a_number"] and c.value is None and not c.passed for c in report.cases)
    assert what in report.cases[0].error and "raised" not in report.flag_counts()
    assert "not_a_number" in report.table(limit=1)


@pytest.mark.parametrize("wrap", [float, Fraction, Decimal, lambda v: __import__("numpy").float64(v),
                                  lambda v: __import__("numpy").array([v]), lambda v: __import__("mpmath").mpf(v)])
def test_real_numbers_of_any_type_are_read(wrap):
    assert verify(lambda lam_p, lam_q: wrap(exact_exponential(lam_p, lam_q)), "exponential", n_random=0).passed


def hangs_on_identical_unit_rates(lam_p, lam_q):
    if lam_p == lam_q == 1.0:
        while True:  # a series that never converges
            pass
    return exact_exponential(lam_p, lam_q)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hanging_implementation_is_reported_and_the_sweep_goes_on(jobs):
    before = threading.active_count()
    start = time.perf_counter()
    report = verify(hangs_on_identical_unit_rates, "exponential", n_random=0, timeout=0.5, jobs=jobs)
    assert time.perf_counter() - start < 60
    hung = [c for c in report.cases if "timeout" in c.flags]
    assert [(c.params_p, c.params_q) for c in hung] == [({"lam": 1.0}, {"lam": 1.0})]
    assert not hung[0].passed and "0.5 s" in hung[0].error
    assert all(c.passed for c in report.cases if c not in hung) and len(report.cases) > 50
    deadline = time.perf_counter() + 5
    while threading.active_count() > before and time.perf_counter() < deadline:
        time.sleep(0.05)
    assert threading.active_count() <= before, "the hung call was stopped, not left spinning"


@pytest.mark.parametrize("kwargs, name", [
    ({"n_random": -1}, "n_random"), ({"n_random": 2.5}, "n_random"), ({"rtol": "1e-3"}, "rtol"),
    ({"rtol": math.inf}, "rtol"), ({"rtol": math.nan}, "rtol"), ({"atol": -1.0}, "atol"), ({"rtol": True}, "rtol"),
    ({"call": "named"}, "call"), ({"timeout": 0}, "timeout"), ({"timeout": "10"}, "timeout"),
    ({"seed": 1.5}, "seed"), ({"grid": "yes"}, "grid"), ({"extra": [({"lam": 1.0},)]}, "extra"),
    ({"jobs": 0}, "jobs"),
])
def test_bad_arguments_are_refused_up_front(kwargs, name):
    with pytest.raises(ValueError, match=name):
        verify(exact_exponential, "exponential", **kwargs)


def test_an_implementation_must_be_callable():
    with pytest.raises(ValueError, match="impl must be callable"):
        verify(42, "exponential")
    with pytest.raises(ValueError, match="cannot be pickled"):
        verify(lambda a, b: 0.0, "exponential", jobs=2)


def sign_and_type_errors(lam_p, lam_q):
    """One impl that trips every flag, on chosen grid points of the exponential."""
    if lam_p == lam_q == 1.0:
        return -0.0  # negative_zero (passes: the error is judged)
    if lam_p == lam_q == 1e-300:
        raise RuntimeError("boom")  # raised
    if lam_p == lam_q == 1e300:
        return "0"  # not_a_number
    if lam_p == lam_q == 1e-8:
        time.sleep(5)  # timeout
    if lam_p == 1.0 and lam_q == 2.0:
        return math.nan  # nan
    if lam_p == 1.0 and lam_q == 1000.0:
        return math.inf  # inf_where_finite
    if lam_p == 1.0 and lam_q == 0.5:
        return -1.0  # negative
    if lam_p == 1.0 and lam_q == 1.00000001:
        return 0.0  # zero_where_positive
    return exact_exponential(lam_p, lam_q)


def test_every_flag_is_documented_and_found():
    report = verify(sign_and_type_errors, "exponential", n_random=0, timeout=0.5, jobs=1)
    counts = report.flag_counts()
    found = set(counts) | {"finite_where_inf"}  # the exponential has no infinite KL: shown on bernoulli below
    assert found == set(FLAGS) and FAILING_FLAGS <= set(FLAGS)
    assert all(counts[f] >= 1 for f in counts)
    edge = verify(lambda p_p, p_q: 1.0, "bernoulli", n_random=0, extra=[({"p": 0.5}, {"p": 0.0}, "q = 0")])
    assert "finite_where_inf" in edge.flag_counts()
    assert all(not c.passed for c in report.cases if set(c.flags) & FAILING_FLAGS)
    assert all(c.passed for c in report.cases if c.flags == ["negative_zero"])


def test_cli_timeout_and_bad_arguments(impl_module, capsys):
    assert main(["verify", f"{impl_module}:textbook", "exponential", "--n", "0", "--timeout", "-1"]) == 2
    assert "--timeout" in capsys.readouterr().err
    assert main(["verify", f"{impl_module}:textbook", "exponential", "--n", "-3"]) == 2
    assert "n_random" in capsys.readouterr().err


# ----------------------------------------------------------------- command line
@pytest.fixture
def impl_module(tmp_path, monkeypatch):
    (tmp_path / "kl_impls_for_test.py").write_text(
        "import math\n"
        "def textbook(lam_p, lam_q):\n    return math.log(lam_p / lam_q) + lam_q / lam_p - 1\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    return "kl_impls_for_test"


def test_cli_exit_status_and_json(impl_module, capsys):
    assert main(["verify", f"{impl_module}:textbook", "exponential", "--n", "2"]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "zero_where_positive" in out
    assert main(["verify", f"{impl_module}:textbook", "exponential", "--n", "0", "--rtol", "1e-3", "--json", "-"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data[0]["family_p"] == "exponential"


def test_cli_passes_within_a_loose_tolerance(impl_module, capsys):
    # the textbook formula gives 0 for KL ~ 1e-17: only an absolute tolerance lets it pass
    assert main(["verify", f"{impl_module}:textbook", "exponential", "--n", "0", "--atol", "1e-15",
                 "--rtol", "1e-6"]) == 0
    assert "PASS" in capsys.readouterr().out


def test_cli_bad_target(capsys):
    assert main(["verify", "no_such_module_here:f", "normal"]) == 2
    assert "cannot import" in capsys.readouterr().err


def test_cli_unwritable_output_is_refused_before_the_run(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for args in (["vectors", "normal", "--n", "0", "--no-grid", "--out", str(blocker / "v.csv")],
                 ["verify", "scipy", "normal", "--n", "0", "--no-grid", "--json", str(blocker / "r.json")]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert "cannot write" in err and "a-file" in err and len(err.strip().splitlines()) == 1


# ----------------------------------------------------------------- test vectors
def test_vectors_csv_round_trip(capsys):
    assert main(["vectors", "bernoulli", "--n", "3", "--dps", "25", "--format", "csv"]) == 0
    text = capsys.readouterr().out
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header and "generated by klsym" in header[0] and any("25 significant digits" in h for h in header)
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    assert any(r["label"] == "q below eps (reported 17.33)" for r in rows)
    for r in rows:
        p = Decimal(r["params_p"].split("=")[1])
        q = Decimal(r["params_q"].split("=")[1])
        assert Decimal(float(p)) == p and Decimal(float(q)) == q, "inputs are exact float64 values"
        expected = kl_float(dist("bernoulli", p=float(p)), dist("bernoulli", p=float(q)))
        if r["kl"] == "inf":
            assert expected == math.inf
        else:
            assert float(r["kl"]) == expected or abs(float(r["kl"]) - expected) <= 2**-52 * expected


def test_vectors_json_and_digits():
    rows = vectors("exponential", n=0, dps=40)
    one = next(r for r in rows if r["params_p"] == {"lam": "1"} and r["params_q"] == {"lam": "2"})
    assert one["kl"] == "0.3068528194400546905827678785418234319245"  # 1 - log 2
    capture = io.StringIO()
    from klsym.verification.vectors import format_vectors

    capture.write(format_vectors(rows, "json", dps=40))
    data = json.loads(capture.getvalue())
    assert data["dps"] == 40 and data["origin"][0].startswith("generated by klsym")


# ----------------------------------------------------------------- scipy adapters
SCIPY_POINTS = {
    "normal": ({"mu": 0.5, "sigma": 2.0}, [-1.0, 4.0]),
    "lognormal": ({"mu": 0.5, "sigma": 0.7}, [0.2, 5.0]),
    "exponential": ({"lam": 3.0}, [0.1, 2.0]),
    "gamma": ({"alpha": 2.5, "beta": 4.0}, [0.1, 1.5]),
    "inverse_gamma": ({"alpha": 2.5, "beta": 4.0}, [0.3, 2.0]),
    "beta": ({"alpha": 2.5, "beta": 0.5}, [0.1, 0.9]),
    "chi_squared": ({"k": 3.5}, [0.5, 6.0]),
    "inverse_chi_squared": ({"k": 3.5}, [0.1, 0.4, 5.0]),
    "rayleigh": ({"sigma": 1.5}, [0.2, 3.0]),
    "half_normal": ({"sigma": 1.5}, [0.2, 3.0]),
    "inverse_gaussian": ({"mu": 1.5, "lam": 2.0}, [0.3, 4.0]),
    "weibull": ({"k": 1.7, "lam": 2.5}, [0.3, 4.0]),
    "pareto": ({"xm": 1.5, "alpha": 2.5}, [1.6, 9.0]),
    "laplace": ({"mu": 0.5, "b": 2.0}, [-3.0, 0.5, 4.0]),
    "chi": ({"k": 3.5}, [0.2, 2.5]),
    "maxwell": ({"a": 1.5}, [0.2, 3.0]),
    "beta_prime": ({"alpha": 2.5, "beta": 1.5}, [0.2, 7.0]),
    "nakagami": ({"m": 1.5, "omega": 2.0}, [0.2, 2.5]),
    "von_mises": ({"mu": 0.5, "kappa": 2.0}, [-3.0, 0.5, 3.1]),
    "erlang": ({"k": 3, "lam": 2.5}, [0.1, 1.5, 9.0]),
    "scaled_inverse_chi_squared": ({"nu": 3.5, "tau2": 0.7}, [0.1, 0.7, 20.0]),
    "logarithmic": ({"p": 0.3}, [1, 2, 9]),
    "zeta": ({"s": 2.5}, [1, 2, 40]),
    "uniform": ({"a": -0.5, "b": 2.0}, [-0.25, 1.5]),
    "cauchy": ({"x0": 0.5, "gamma": 2.0}, [-3.0, 0.5, 40.0]),
    "gumbel": ({"mu": 0.5, "beta": 2.0}, [-3.0, 0.5, 9.0]),
    "log_gamma": ({"alpha": 2.5, "beta": 4.0}, [-6.0, -1.0, 1.5]),
    "log_laplace": ({"mu": 0.5, "b": 2.0}, [0.05, 1.7, 40.0]),
    "half_cauchy": ({"gamma": 2.0}, [0.1, 2.0, 40.0]),
    "half_logistic": ({"s": 2.0}, [0.0, 2.0, 40.0, 1500.0]),
    "moyal": ({"mu": 0.5, "sigma": 2.0}, [-3.0, 0.5, 9.0]),
    "logistic": ({"mu": 0.5, "s": 2.0}, [-800.0, 0.5, 9.0]),
    "bernoulli": ({"p": 0.3}, [0, 1]),
    "binomial": ({"n": 7, "p": 0.3}, [0, 7]),
    "poisson": ({"lam": 2.5}, [0, 4]),
    "geometric": ({"p": 0.3}, [1, 6]),
    "negative_binomial": ({"r": 2.5, "p": 0.3}, [0, 7]),
    "generalized_gamma": ({"a": 1.5, "d": 2.5, "p": 1.7}, [0.2, 4.0]),
    "frechet": ({"alpha": 1.7, "s": 2.5}, [0.3, 9.0]),
    "levy": ({"mu": 0.5, "c": 2.0}, [0.7, 40.0]),
    "burr": ({"c": 1.7, "k": 2.5}, [0.2, 4.0]),
    "lomax": ({"alpha": 2.5, "lam": 1.5}, [0.2, 9.0]),
    "asymmetric_laplace": ({"mu": 0.5, "b": 2.0, "kappa": 1.7}, [-3.0, 0.5, 4.0]),
    "generalized_normal": ({"mu": 0.5, "alpha": 2.0, "beta": 1.7}, [-3.0, 0.5, 4.0]),
    "exponentiated_exponential": ({"alpha": 2.5, "lam": 1.5}, [0.2, 4.0]),
    "gompertz": ({"eta": 0.7, "b": 1.5}, [0.2, 3.0]),
    "discrete_uniform": ({"a": -2, "b": 7}, [-2, 3, 7]),
    "hypergeometric": ({"N": 50, "K": 20, "n": 10}, [0, 4, 10]),
    "beta_binomial": ({"n": 12, "alpha": 2.5, "beta": 0.5}, [0, 7, 12]),
    "shifted_exponential": ({"loc": -1.5, "lam": 2.5}, [-1.4, 0.5, 3.0]),
    "log_uniform": ({"a": 0.5, "b": 40.0}, [0.6, 3.0, 39.0]),
    "log_logistic": ({"alpha": 2.5, "beta": 3.5}, [0.01, 2.5, 40.0]),
    "truncated_normal": ({"mu": 0.5, "sigma": 2.0, "a": -1.0, "b": 3.0}, [-1.0, 0.5, 2.9]),
    "beta4": ({"alpha": 2.5, "beta": 0.5, "a": -1.0, "b": 3.0}, [-0.9, 0.5, 2.9]),
    "triangular": ({"a": -1.0, "c": 0.5, "b": 3.0}, [-0.9, 0.5, 1.7, 2.9]),
}


@pytest.mark.parametrize("family", sorted(SCIPY_POINTS))
def test_scipy_mapping_matches_klsym_density(family):
    from klsym.verification.scipy_adapters import scipy_distribution

    params, points = SCIPY_POINTS[family]
    d, s = dist(family, **params), scipy_distribution(family, params)
    for x in points:
        got = s.logpmf(x) if d.record.discrete else s.logpdf(x)
        assert float(got) == pytest.approx(float(d.logpdf(x).evalf(30)), rel=1e-12), f"{family} at {x}"


def test_plain_scipy_kl_is_verified():
    from klsym.verification.scipy_adapters import scipy_kl

    impl = scipy_kl("poisson")
    assert impl(1.0, 2.0) == pytest.approx(kl_float(dist("poisson", lam=1.0), dist("poisson", lam=2.0)), rel=1e-14)
    report = verify(impl, "poisson", n_random=0)
    assert not report.passed and report.flag_counts().get("raised")  # 1e12 has too many terms to sum


def test_torch_run_without_torch_is_skipped_with_a_message(monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now raises ImportError
    assert main(["verify", "torch"]) == 0
    assert "skipped, torch is not installed" in capsys.readouterr().err


def test_torch_with_no_family_to_verify_is_an_error(monkeypatch, capsys):
    pytest.importorskip("torch")
    import klsym.verification.adapters as adapters
    from klsym.verification.verifier import verify_torch

    monkeypatch.setattr(adapters, "torch_families", lambda: [])  # a torch that registers no KL,
    monkeypatch.setattr(adapters, "torch_cross_pairs", lambda: [])  # neither within nor across families
    assert main(["verify", "torch"]) == 2
    assert "no family to verify" in capsys.readouterr().err
    with pytest.raises(ValueError, match="nothing to verify"):
        verify_torch()


# ------------------------------------------------------------------ other divergences
def renyi_normal_half(mu_p, sigma_p, mu_q, sigma_q):
    """D_1/2 of two normals (Gil, Alajaji & Linder 2013, Table 2): with s² = (σ_p² + σ_q²)/2,
    (μ_p − μ_q)²/(4 s²) + log(s² / (σ_p σ_q))."""
    s2 = (sigma_p**2 + sigma_q**2) / 2
    return (mu_p - mu_q) ** 2 / (4 * s2) + math.log(s2 / (sigma_p * sigma_q))


def renyi_normal_half_wrong(mu_p, sigma_p, mu_q, sigma_q):
    """The same with the mean term of KL, (μ_p − μ_q)²/(2σ_q²): a plausible slip."""
    s2 = (sigma_p**2 + sigma_q**2) / 2
    return (mu_p - mu_q) ** 2 / (2 * sigma_q**2) + math.log(s2 / (sigma_p * sigma_q))


RENYI_CASES = [({"mu": 0.0, "sigma": 1.0}, {"mu": 1.0, "sigma": 2.0}, "moderate"),
               ({"mu": -3.0, "sigma": 0.5}, {"mu": 2.5, "sigma": 0.25}, "moderate"),
               ({"mu": 1e3, "sigma": 10.0}, {"mu": 0.0, "sigma": 1e3}, "wide"),
               ({"mu": 0.0, "sigma": 1.0}, {"mu": 0.0, "sigma": 3.0}, "same mean")]


def test_a_renyi_implementation_is_verified_against_divergence_float():
    good = verify(renyi_normal_half, "normal", divergence="renyi", alpha="1/2", grid=False, n_random=0,
                  extra=RENYI_CASES, rtol=1e-12, jobs=1)
    assert good.passed, good.summary()
    assert good.summary().startswith("PASS renyi_normal_half on renyi(alpha=1/2)(normal ‖ normal): 4 cases")
    bad = verify(renyi_normal_half_wrong, "normal", divergence="renyi", alpha="1/2", grid=False, n_random=0,
                 extra=RENYI_CASES, jobs=1)
    assert not bad.passed and bad.as_dict()["divergence"] == "renyi(alpha=1/2)"
    assert [c.label for c in bad.failures] == ["moderate", "moderate", "wide"]  # equal means: the slip is invisible


@pytest.mark.parametrize("kwargs, match", [({"divergence": "tv"}, "divergence must be one of"),
                                           ({"divergence": "renyi"}, "alpha"),
                                           ({"divergence": "hellinger", "alpha": 2}, "alpha")])
def test_verify_refuses_a_bad_divergence(kwargs, match):
    with pytest.raises(ValueError, match=match):
        verify(renyi_normal_half, "normal", grid=False, n_random=2, jobs=1, **kwargs)


def test_cli_verifies_a_renyi_function(capsys):
    code = main(["verify", "test_verify:renyi_normal_half", "normal", "--divergence", "renyi", "--alpha", "1/2",
                 "--no-grid", "--n", "3", "--jobs", "1"])
    out = capsys.readouterr().out
    # the textbook formula squares sigma: at sigma = 1e-300 or 6e299 it raises (OverflowError, ZeroDivisionError)
    assert code == 1 and "FAIL test_verify:renyi_normal_half on renyi(alpha=1/2)(normal ‖ normal)" in out, out
    assert "raised" in out
    assert main(["verify", "scipy", "normal", "--divergence", "hellinger"]) == 2


# ------------------------------------------------------------------ mixtures: given pairs of klsym objects
def _normal_logpdf(x, mu, sigma):
    return -0.5 * ((x - mu) / sigma) ** 2 - math.log(sigma) - 0.5 * math.log(2 * math.pi)


def _mixture_logpdf(m, x):
    if not hasattr(m, "components"):
        return _normal_logpdf(x, float(m.params["mu"]), float(m.params["sigma"]))
    terms = [math.log(float(w)) + _normal_logpdf(x, float(c.params["mu"]), float(c.params["sigma"]))
             for w, c in zip(m.weights, m.components)]
    top = max(terms)
    return top + math.log(sum(math.exp(t - top) for t in terms))


def monte_carlo_kl(p, q, n=4000):
    """The estimator people ship: the mean of log p(X) - log q(X) over X ~ P (seeded)."""
    import random

    rng = random.Random(1)
    total = 0.0
    for _ in range(n):
        c = rng.choices(p.components, weights=[float(w) for w in p.weights])[0]
        x = rng.gauss(float(c.params["mu"]), float(c.params["sigma"]))
        total += _mixture_logpdf(p, x) - _mixture_logpdf(q, x)
    return total / n


MIXTURE_PAIRS = [
    (klsym.mixture([0.5, 0.5], [dist("normal", mu=-1.0, sigma=1.0), dist("normal", mu=1.0, sigma=1.0)]),
     dist("normal", mu=0.0, sigma=2.0), "two modes against one wide normal"),
    (klsym.mixture([0.3, 0.7], [dist("normal", mu=-2.0, sigma=0.5), dist("normal", mu=1.0, sigma=1.0)]),
     klsym.mixture([0.5, 0.5], [dist("normal", mu=-1.0, sigma=1.0), dist("normal", mu=1.0, sigma=2.0)]),
     "two mixtures"),
]


def test_a_monte_carlo_estimator_of_mixture_kl_is_judged_against_the_reference():
    strict = verify_pairs(monte_carlo_kl, MIXTURE_PAIRS, jobs=1)
    assert not strict.passed and len(strict.cases) == 2  # 4000 samples: a few percent, not 256 ulps
    assert strict.summary().startswith("FAIL monte_carlo_kl on KL(mixture ‖ mixture/normal): 2 cases (2 given)")
    loose = verify_pairs(monte_carlo_kl, MIXTURE_PAIRS, rtol=0.2, jobs=1)
    assert loose.passed, loose.summary()
    for case in loose.cases:  # the reference is kl_float, the oracle's value correctly rounded
        p, q = next((p, q) for p, q, label in MIXTURE_PAIRS if label == case.label)
        assert case.oracle == kl_float(p, q)


def test_verify_pairs_refuses_what_it_cannot_judge():
    p, q, _ = MIXTURE_PAIRS[0]
    with pytest.raises(ValueError, match="no pairs"):
        verify_pairs(monte_carlo_kl, [], jobs=1)
    with pytest.raises(ValueError, match="P and Q klsym distributions or mixtures"):
        verify_pairs(monte_carlo_kl, [({"mu": 0}, q, "dict")], jobs=1)
    with pytest.raises(ValueError, match="mixtures are verified for KL"):
        verify_pairs(monte_carlo_kl, [(p, q, "x")], divergence="hellinger", jobs=1)


# ----------------------------------------------------------------- laws of vectors and matrices
#: a law of vectors or matrices: its parameters (floats, ints for counts) and points
SCIPY_VECTOR_POINTS = {
    "multivariate_normal": ({"mu": [0.5, -1.0], "Sigma": [[2.0, 0.5], [0.5, 1.0]]}, [[0.1, 0.2], [3.0, -4.0]]),
    "dirichlet": ({"alpha": [2.5, 0.5, 1.5]}, [[0.2, 0.3, 0.5], [0.25, 0.25, 0.5]]),
    "matrix_normal": ({"M": [[0.0, 1.0, 2.0], [1.0, 0.0, -1.0]], "U": [[2.0, 1.0], [1.0, 2.0]],
                       "V": [[1.0, 0.5, 0.0], [0.5, 2.0, 0.0], [0.0, 0.0, 3.0]]},
                      [[[0.5, -1.0, 2.5], [3.0, 0.0, 1.0]], [[-4.0, 2.0, 0.0], [1.0, 1.0, 7.0]]]),
    "wishart": ({"nu": 4.0, "V": [[2.0, 1.0], [1.0, 2.0]]}, [[[1.0, 0.5], [0.5, 2.0]], [[9.0, -1.0], [-1.0, 0.5]]]),
    "inverse_wishart": ({"nu": 4.0, "Psi": [[2.0, 1.0], [1.0, 2.0]]}, [[[1.0, 0.5], [0.5, 2.0]]]),
    "multinomial": ({"n": 5, "p": [0.2, 0.3, 0.5]}, [[1, 1, 3], [0, 0, 5]]),
    "dirichlet_multinomial": ({"n": 4, "alpha": [1.5, 3.0, 2.0]}, [[2, 1, 1], [0, 4, 0]]),
    "multivariate_hypergeometric": ({"K": [5, 3, 2], "n": 4}, [[2, 1, 1], [4, 0, 0]]),
    # a direction whose floats are exactly of norm 1 (klsym checks the rule exactly), points on the sphere
    "von_mises_fisher": ({"mu": [0.0, 0.0, 1.0], "kappa": 2.5}, [[0.0, 0.6, 0.8], [0.48, 0.6, -0.64]]),
}


def _log_density(d, x) -> float:
    """klsym's log-density at a vector, a symmetric matrix (read by its upper triangle) or a d x k matrix
    (read row by row), by the record."""
    from klsym.oracle.multivariate import log_density_point

    var = d.record.variable
    if isinstance(x[0], list) and var.shape[0] != var.shape[1]:
        x = [v for row in x for v in row]
    elif isinstance(x[0], list):
        x = [x[i][j] for i in range(len(x)) for j in range(i, len(x))]
    with mpmath.workdps(30):
        return float(log_density_point(d, [mpmath.mpf(v) for v in x]))


@pytest.mark.parametrize("family", sorted(SCIPY_VECTOR_POINTS))
def test_scipy_mapping_of_vector_and_matrix_laws_matches_klsym_density(family):
    import numpy as np

    from klsym.verification.scipy_adapters import scipy_distribution

    params, points = SCIPY_VECTOR_POINTS[family]
    d, s = dist(family, **params), scipy_distribution(family, params)
    for x in points:
        got = s.logpmf(x) if d.record.discrete else s.logpdf(np.array(x))
        assert float(got) == pytest.approx(_log_density(d, x), rel=1e-12), f"{family} at {x}"


@pytest.mark.parametrize("family, p, q", [
    ("multinomial", {"n": 10, "p": [0.25, 0.25, 0.5]}, {"n": 10, "p": [0.5, 0.25, 0.25]}),
    ("multinomial", {"n": 10, "p": [0.25, 0.25, 0.5]}, {"n": 10, "p": [0.5, 0.5, 0.0]}),  # +inf
    ("dirichlet_multinomial", {"n": 12, "alpha": [0.5, 2.0, 7.0]}, {"n": 12, "alpha": [1.0, 1.0, 1.0]}),
    ("multivariate_hypergeometric", {"K": [5, 3, 2], "n": 4}, {"K": [4, 4, 3], "n": 4}),
    ("multivariate_hypergeometric", {"K": [5, 3, 2], "n": 4}, {"K": [3, 5, 2], "n": 4}),  # x[1] = 4 under P only: +inf
])
def test_plain_scipy_kl_of_count_vectors_sums_every_count_vector(family, p, q):
    from klsym.verification.scipy_adapters import scipy_kl

    names = list(p)
    got = scipy_kl(family)(*[p[k] for k in names], *[q[k] for k in names])
    expected = kl_float(dist(family, **p), dist(family, **q))
    assert got == expected if math.isinf(expected) else got == pytest.approx(expected, rel=1e-12)


def test_plain_scipy_kl_refuses_what_it_cannot_sum_or_integrate():
    from klsym.verification.scipy_adapters import MAX_COUNT_VECTORS, scipy_kl

    with pytest.raises(ValueError, match="MAX_COUNT_VECTORS"):
        scipy_kl("multinomial")(10**6, [0.25, 0.25, 0.25, 0.25], 10**6, [0.25, 0.25, 0.25, 0.25])
    assert MAX_COUNT_VECTORS >= 10**5
    for family in ("wishart", "matrix_normal"):
        with pytest.raises(ValueError, match=f"no plain scipy KL for {family}"):
            scipy_kl(family)


def test_verify_scipy_refuses_a_law_without_a_plain_kl_before_running(capsys):
    assert main(["verify", "scipy", "wishart", "--n", "0"]) == 2
    assert "no plain scipy KL for wishart" in capsys.readouterr().err


def test_the_grid_of_vector_and_matrix_laws_moves_every_parameter_and_stays_valid():
    from klsym.verification.grid import hard_grid

    for family, names in (("multivariate_normal", {"mu", "Sigma"}), ("dirichlet", {"alpha"}),
                          ("multivariate_hypergeometric", {"K", "n"}), ("dirichlet_multinomial", {"n", "alpha"})):
        pairs = hard_grid(family)
        moved = {k for p, q, _ in pairs for k in p if p[k] != q[k]}
        assert moved == names, family
        for p, q, _ in pairs:  # every pair valid, and P and Q of one dimension
            dist(family, **p), dist(family, **q)
            assert all(len(p[k]) == len(q[k]) for k in p if isinstance(p[k], list))


def test_verify_finds_the_plain_scipy_dirichlet_multinomial_kl_negative():
    """scipy's Dirichlet-multinomial pmf near the multinomial (large concentrations) loses the
    differences of its log-gammas: the plain sum comes out negative where KL is 2.5e-16."""
    from klsym.verification.scipy_adapters import scipy_kl

    p, q = {"n": 20, "alpha": [1000000.0099999999, 1e6]}, {"n": 20, "alpha": [1e6, 1e6]}
    report = verify(scipy_kl("dirichlet_multinomial"), "dirichlet_multinomial", grid=False, n_random=0,
                    extra=[(p, q, "large concentrations")])
    case, = report.cases
    assert "negative" in case.flags and not case.passed
    assert case.oracle == pytest.approx(2.4999762e-16, rel=1e-6)


def test_kl_float_takes_vector_and_matrix_parameters():
    # (1e-8)^2 / 2 times (Sigma^-1)_11 = 8/7, for the exact binary value of 1e-8
    sigma = [[1.0, 0.5], [0.5, 2.0]]
    got = kl_float(dist("multivariate_normal", mu=[0.0, 0.0], Sigma=sigma),
                   dist("multivariate_normal", mu=[1e-8, 0.0], Sigma=sigma))
    assert got == float(Fraction(1e-8) ** 2 / 2 * Fraction(8, 7))
    # the one-ulp move of a mean: KL = 2^-2149 (8/7)/2, far below the least subnormal
    assert kl_float(dist("multivariate_normal", mu=[0.0, 0.0], Sigma=sigma),
                    dist("multivariate_normal", mu=[5e-324, 0.0], Sigma=sigma)) == 0.0
    w = kl_float(dist("wishart", nu=4.0, V=[[2.0, 1.0], [1.0, 2.0]]), dist("wishart", nu=5.0, V=[[1.0, 0.0], [0.0, 1.0]]))
    assert w > 0 and math.isfinite(w)
