"""Hostile and odd input, in Python and on the command line: every user error is a
ValueError naming the parameter (the CLI: status 2 and one line on stderr), odd
but meaningful values get their exact meaning, and no text is ever run as code."""

import ast
import contextlib
import io
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import klsym
from klsym import dist
from klsym.cli import main
from klsym.records.distribution import check_pair
from klsym.records.parse import MAX_ENTRIES

R = sp.Rational
PACKAGE = Path(klsym.__file__).resolve().parent


def payloads(marker: Path) -> list[str]:
    """Python text that creates ``marker`` when it is evaluated as code."""
    return [
        f"__import__('os').system('touch {marker}')",
        f"__import__('pathlib').Path('{marker}').touch()",
        f"exec(\"open('{marker}', 'w')\")",
        f"(lambda: __import__('os').system('touch {marker}'))()",
        f"1 + __import__('os').system('touch {marker}')",
    ]


@pytest.fixture
def marker(tmp_path):
    return tmp_path / "pwned"


def test_the_payloads_do_run_as_python(marker):
    """The control: evaluated as Python, a payload creates the marker."""
    for text in payloads(marker):
        eval(text)  # noqa: S307 - the control of this test
        assert marker.exists()
        marker.unlink()


def normal(**kw):
    return dist("normal", **{"mu": 0, "sigma": 1, **kw})


# ---------------------------------------------------------------- Python: refused
#: (what, call, fragments of the ValueError's message)
REFUSED = [
    ("text 1/0", lambda: normal(mu="1/0"), ["parameter mu", "division by zero"]),
    ("text (1,2)", lambda: normal(mu="(1,2)"), ["parameter mu"]),
    ("text [1]", lambda: normal(mu="[1]"), ["parameter mu", "a list is not a number"]),
    ("text '1'", lambda: normal(mu="'1'"), ["parameter mu", "strings are not allowed"]),
    ("text inf", lambda: normal(mu="inf"), ["parameter mu", "infinity"]),
    ("text Infinity", lambda: normal(mu="Infinity"), ["parameter mu", "unknown name"]),
    ("text NaN", lambda: normal(mu="NaN"), ["parameter mu", "unknown name"]),
    ("text x (a name)", lambda: dist("uniform", a="x", b="x"), ["parameter a", "unknown name 'x'"]),
    ("text 1e5000", lambda: normal(mu="1e5000"), ["parameter mu", "MAX_EXPONENT"]),
    ("int 10**5000", lambda: normal(mu=10**5000), ["parameter mu", "MAX_DIGITS"]),
    ("Fraction 1/10**5000", lambda: normal(sigma=Fraction(1, 10**5000)), ["parameter sigma", "MAX_DIGITS"]),
    ("Decimal 1e-999999", lambda: normal(sigma=Decimal("1e-999999")), ["parameter sigma", "MAX_DIGITS"]),
    ("Decimal NaN", lambda: normal(mu=Decimal("NaN")), ["parameter mu", "finite"]),
    ("float nan", lambda: normal(mu=float("nan")), ["parameter mu", "finite"]),
    ("complex", lambda: normal(mu=1 + 2j), ["parameter mu", "complex"]),
    ("numpy complex", lambda: normal(mu=np.complex128(1 + 2j)), ["parameter mu", "complex"]),
    ("bool", lambda: dist("bernoulli", p=True), ["parameter p", "bool"]),
    ("numpy bool", lambda: dist("bernoulli", p=np.bool_(True)), ["parameter p", "bool"]),
    ("one-element array", lambda: normal(mu=np.array([1.0])), ["parameter mu", "numpy array of shape (1,)"]),
    ("bytes", lambda: normal(mu=b"1"), ["parameter mu"]),
    ("list for a number", lambda: normal(mu=[1]), ["parameter mu", "list"]),
    ("SymPy I", lambda: normal(mu=sp.I), ["parameter mu", "not a real number"]),
    ("SymPy zoo", lambda: normal(mu=sp.zoo), ["parameter mu", "finite"]),
    ("SymPy matrix for a number", lambda: normal(mu=sp.Matrix([1])), ["parameter mu"]),
    ("a distribution for a number", lambda: normal(mu=normal()), ["parameter mu", "Distribution"]),
    ("set as a probability vector", lambda: dist("categorical", p={0.5, 0.25}), ["parameter p", "set"]),
    ("dict as a probability vector", lambda: dist("categorical", p={"a": 0.5, "b": 0.5}), ["parameter p", "dict"]),
    ("generator as a vector", lambda: dist("categorical", p=(x for x in [0.5, 0.5])), ["parameter p"]),
    ("entries nested deep", lambda: dist("categorical", p=[[[0.5]], 0.5]), ["parameter p", "entry 0"]),
    ("nested 10 000 deep", lambda: dist("categorical", p=_deep(10_000)), ["parameter p"]),
    ("too many entries", lambda: dist("categorical", p=[Fraction(1, 10**5)] * 10**5),
     ["parameter p", "MAX_ENTRIES"]),
    ("too many matrix entries", lambda: dist("wishart", nu=200, V=np.eye(101)), ["parameter V", "MAX_ENTRIES"]),
    ("3-d array as a matrix", lambda: dist("wishart", nu=3, V=np.ones((2, 2, 2))), ["parameter V", "3 dimensions"]),
    ("kl(name, distribution)", lambda: klsym.kl("normal", normal()), ["family name", "two distributions"]),
    ("reverse_kl(name, distribution)", lambda: klsym.reverse_kl("normal", normal()), ["family name"]),
    ("check_pair(distribution, text)", lambda: check_pair(normal(), "normal"), ["Q must be a klsym distribution"]),
    ("mixture weight 1/0", lambda: klsym.mixture(["1/2", "1/0"], [normal(), normal(mu=1)]),
     ["parameter weight[1]", "division by zero"]),
    ("mixture weights as a set", lambda: klsym.mixture({0.5, 0.25}, [normal(), normal(mu=1)]), ["set"]),
    ("mixture components as a set", lambda: klsym.mixture([1], {normal()}), ["components"]),
    ("project fixed n 5/2", lambda: klsym.project(dist("binomial", n=4, p="1/2"), "binomial", fixed={"n": "5/2"}),
     ["parameter n", "integer"]),
    ("project fixed K 2.5", lambda: klsym.project(dist("categorical", p=[0.5, 0.5]), "categorical",
                                                  fixed={"K": 2.5}), ["parameter K", "integer"]),
    ("project fixed as a list", lambda: klsym.project(dist("binomial", n=4, p="1/2"), "binomial", fixed=[4]),
     ["fixed"]),
]


def _deep(n: int) -> list:
    v: object = 0.5
    for _ in range(n):
        v = [v]
    return [v, 0.5]


@pytest.mark.parametrize("what, call, fragments", REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_input_is_a_value_error_naming_the_parameter(what, call, fragments):
    with pytest.raises(ValueError) as info:
        call()
    for fragment in fragments:
        assert fragment in str(info.value)
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------- Python: exact meaning
def _longdouble_third():
    third = np.longdouble(1) / 3
    return third, R(*third.as_integer_ratio())


#: (what, value given for bernoulli p / normal mu, the exact value it means)
EXACT = [
    ("Decimal", Decimal("0.1"), R(1, 10)),
    ("Decimal, many digits", Decimal("0.1234567890123456789012345"), R(1234567890123456789012345, 10**25)),
    ("float", 0.1, R(3602879701896397, 2**55)),
    ("numpy float32", np.float32(0.1), R(13421773, 2**27)),
    ("numpy int64", np.int64(-3), -3),
    ("numpy longdouble: every bit", _longdouble_third()[0], _longdouble_third()[1]),
    ("text with a power", "3/10^3", R(3, 1000)),
    ("text sqrt", "sqrt(2)/2", sp.sqrt(2) / 2),
    ("a SymPy symbol", sp.Symbol("m"), sp.Symbol("m")),
]


@pytest.mark.parametrize("what, given, expected", EXACT, ids=[r[0] for r in EXACT])
def test_numbers_mean_their_exact_value(what, given, expected):
    assert normal(mu=given).params["mu"] == expected


def test_a_long_double_is_not_squeezed_through_float64():
    third, exact = _longdouble_third()
    if exact == R(*float(third).as_integer_ratio()):
        pytest.skip("on this platform numpy.longdouble is float64")
    assert dist("bernoulli", p=third).params["p"] == exact


def test_vectors_and_matrices_from_text_arrays_and_columns():
    assert dist("categorical", p="[1/2, 1/3, 1/6]").params["p"] == (R(1, 2), R(1, 3), R(1, 6))
    assert dist("categorical", p=np.array([0.5, 0.5])).params["p"] == (R(1, 2), R(1, 2))
    mvn = dist("multivariate_normal", mu=[[0], [1]], Sigma="[[2, 1], [1, 2]]")
    assert mvn.params["mu"] == sp.ImmutableMatrix([0, 1]) and mvn.params["Sigma"] == sp.ImmutableMatrix([[2, 1], [1, 2]])
    with pytest.raises(ValueError, match="parameter Sigma is not positive definite .leading 2x2 minor = -3."):
        dist("multivariate_normal", mu=[0, 0], Sigma=[[1, 2], [2, 1]])


def test_a_categorical_at_the_entry_limit_is_read_exactly():
    p = [Fraction(1, MAX_ENTRIES)] * MAX_ENTRIES
    d = dist("categorical", p=p)
    assert len(d.params["p"]) == MAX_ENTRIES and sum(d.params["p"]) == 1
    floats = [1 / 1024] * 1024
    assert sum(dist("categorical", p=floats).params["p"]) == 1


# ---------------------------------------------------------------- no text runs
def test_payloads_never_run_through_dist_mixture_project_and_verify(marker):
    from klsym.verification.verifier import verify

    for text in payloads(marker):
        calls = [
            lambda: normal(mu=text),
            lambda: dist("categorical", p=[text, "1/2"]),
            lambda: dist("categorical", p=f"[{text}, 1/2]"),
            lambda: dist("multivariate_normal", mu=[0], Sigma=[[text]]),
            lambda: klsym.mixture([text, "1/2"], [normal(), normal(mu=1)]),
            lambda: klsym.project(dist("binomial", n=4, p="1/2"), "binomial", fixed={"n": text}),
            lambda: verify(lambda *a: 0.0, "normal", extra=[({"mu": text, "sigma": 1}, {"mu": 0, "sigma": 1}, "x")],
                           grid=False, n_random=0),
        ]
        for call in calls:
            with pytest.raises(ValueError):
                call()
        assert not marker.exists()


@given(st.text(max_size=80))
def test_random_text_is_a_value_or_a_value_error(tmp_path_factory, text):
    marker = tmp_path_factory.getbasetemp() / "pwned-random"
    for call in (lambda: normal(mu=text), lambda: dist("categorical", p=text),
                 lambda: dist("categorical", p=[text, "1/2"]), lambda: dist("wishart", nu=3, V=text)):
        try:
            call()
        except ValueError:
            pass
    assert not marker.exists()


FRAGMENTS = ["__import__", "('os')", ".system(", "'touch MARKER'", "open(", "lambda", ":", "eval", "exec",
             "[", "]", "(", ")", ",", "1", "2.5", "e", "E", "pi", "sqrt", "**", "^", "/", "-", "1e999", " ",
             "inf", "nan", "_", ".", "'", '"', "=", "mu", "sigma", "normal"]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25))
def test_payload_like_text_never_runs(tmp_path_factory, parts):
    marker = tmp_path_factory.getbasetemp() / "pwned-fragments"
    text = "".join(parts).replace("MARKER", str(marker))
    for call in (lambda: normal(mu=text), lambda: dist("categorical", p=text)):
        try:
            call()
        except ValueError:
            pass
    status, err = cli("value", f"normal(mu={text}, sigma=1)", "normal(mu=0, sigma=1)")
    assert status in (0, 2) and (status == 0 or one_line(err))
    assert not marker.exists()


def test_no_string_reaches_sympify_or_sympys_parser(monkeypatch):
    """Strings in every reading path, with SymPy's parser and klsym's sympify barred from strings."""
    import sympy.parsing.sympy_parser as sympy_parser
    from klsym.crosscheck import cases_for

    real = sp.sympify

    def sympify(a, *args, **kwargs):
        if isinstance(a, str):
            raise AssertionError(f"a string reached sympify: {a!r}")
        return real(a, *args, **kwargs)

    def parse_expr(*args, **kwargs):
        raise AssertionError("a string reached SymPy's parser")

    monkeypatch.setattr(sp, "sympify", sympify)
    monkeypatch.setattr(sympy_parser, "parse_expr", parse_expr)
    assert normal(mu="1/3", sigma="sqrt(2)").params == {"mu": R(1, 3), "sigma": sp.sqrt(2)}
    assert dist("wishart", nu="7/2", V="[[2, 1/2], [1/2, 1]]").params["V"][0, 1] == R(1, 2)
    assert klsym.mixture(["1/3", "2/3"], [normal(), normal(mu=1)]).weights == (R(1, 3), R(2, 3))
    cases = 0
    for family in klsym.families():
        with contextlib.suppress(ValueError):  # a family without check cases
            cases += len(cases_for(family))
    assert cases > 100
    assert cli("value", "gamma(alpha=3/2, beta=2)", "gamma(alpha=5, beta=1/3)")[0] == 0


# ---------------------------------------------------------------- the static check
#: sympify calls on internal values (support bounds of the records, matrix shapes,
#: values already read by dist()): (module, argument). Any other sympify call must
#: pass strict=True, which refuses strings.
INTERNAL_SYMPIFY = {
    ("derive/entropy.py", "fam.support.lower"), ("derive/entropy.py", "fam.support.upper"),
    ("derive/expectation.py", "fam.support.lower"), ("derive/expectation.py", "fam.support.upper"),
    ("exact/divergence.py", "sup.lower"), ("exact/divergence.py", "sup.upper"),
    ("records/distribution.py", "sup.lower"), ("records/distribution.py", "sup.upper"),
    ("records/record.py", "self.lower"), ("records/record.py", "self.upper"),
    ("fit/projection.py", "fam.support.lower"), ("fit/projection.py", "fam.support.upper"),
    ("exact/series.py", "b"), ("exact/series.py", "v"), ("exact/series.py", "hi"),  # bounds of Sum limits
    ("oracle/sums.py", "v"), ("oracle/quadrature.py", "k"),  # support bounds, record kinks
    ("oracle/multivariate.py", "s"), ("records/values.py", "s"),  # shapes of matrix symbols
    ("oracle/univariate.py", "v"), ("records/values.py", "v"),  # values of Distribution.substitution()
    ("oracle/factorised.py", "p.params['alpha']"), ("oracle/factorised.py", "p.params['beta']"),  # values read by dist()
}
BANNED = {"eval", "exec", "parse_expr", "literal_eval", "S", "parse_latex", "compile"}


def flagged(module: str, source: str) -> list[str]:
    """Calls in ``source`` that may evaluate text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        owner = ast.unparse(f.value) if isinstance(f, ast.Attribute) else ""
        text = f"{module}:{node.lineno}: {ast.unparse(node)[:80]}"
        if name in BANNED and not (name == "compile" and owner == "re"):
            found.append(text)
        elif name in ("Rational", "_sympify") and any(
                not isinstance(a, ast.Constant) or isinstance(a.value, str) for a in node.args[:1]) \
                and len(node.args) == 1 and (module, ast.unparse(node.args[0])) not in INTERNAL_NUMBERS:
            found.append(text)  # Rational(text) parses text
        elif name == "sympify":
            strict = any(k.arg == "strict" and isinstance(k.value, ast.Constant) and k.value.value is True
                         for k in node.keywords)
            if not strict and (module, ast.unparse(node.args[0])) not in INTERNAL_SYMPIFY:
                found.append(text)
    return found


#: one-argument Rational(...) of values that are never text: (module, argument)
INTERNAL_NUMBERS = {
    ("docs/figures.py", "d"),  # a float or a Rational separation
    ("verification/vectors.py", "obj"),  # an exact closed-form value
    ("records/values.py", "v"),  # a SymPy Float (checked just before)
    ("exact/renyi.py", "a"),  # a Rényi order read as a SymPy Float (checked just before)
}


def test_no_text_is_evaluated_anywhere_in_the_package():
    found = [f for path in sorted(PACKAGE.rglob("*.py"))
             for f in flagged(path.relative_to(PACKAGE).as_posix(), path.read_text())]
    assert not found, ("calls that may evaluate text (use klsym.records.parse, or sympify(..., strict=True)):\n"
                       + "\n".join(found))


@pytest.mark.parametrize("module, source", [
    ("cli.py", "sp.sympify(text.strip(), rational=True)"),
    ("records/distribution.py", "sp.sympify(value, rational=True)"),
    ("crosscheck.py", "sp.Rational(sp.sympify(val))"),
    ("records/distribution.py", "sp.Rational(value)"),
    ("cli.py", "sp.S(text)"), ("cli.py", "parse_expr(text)"), ("cli.py", "eval(text)"),
])
def test_the_static_check_flags_what_the_package_used_to_do(module, source):
    assert flagged(module, source)


# ---------------------------------------------------------------- the command line
def cli(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(list(args))
    return status, err.getvalue()


def one_line(err: str) -> bool:
    return len(err.strip().splitlines()) == 1 and err.startswith("klsym: error: ") and "Traceback" not in err


P, Q = "normal(mu=0, sigma=1)", "normal(mu=1, sigma=2)"
#: (command line, a fragment of the one-line error)
CLI_REFUSED = [
    (["value", "normal(mu=0, mu=1, sigma=1)", Q], "given twice"),
    (["value", "normal(mu=1/0, sigma=1)", Q], "division by zero"),
    (["value", "normal(mu=[1], sigma=1)", Q], "a list is not a number"),
    (["value", "normal(mu=x, sigma=1)", Q], "unknown name 'x'"),
    (["value", "normal(mu=inf, sigma=1)", Q], "infinity"),
    (["value", "normal(mu=1e5000, sigma=1)", Q], "MAX_EXPONENT"),
    (["value", "normal(mu=, sigma=1)", Q], "parameter mu"),
    (["value", "normal(=1, sigma=1)", Q], "not a parameter name"),
    (["value", "normal(mu=0, sigma=1", Q], "write FAMILY(name=value"),
    (["value", "categorical(p=[1/2, 1/2)", Q], "unclosed"),
    (["value", "categorical(p=[1/2, 1/2]])", Q], "unbalanced"),
    (["value", "multivariate_normal(mu=[0, 0], Sigma=[[1, 2], [2, 1]])", Q], "not positive definite"),
    (["value", P, Q, "--dps", "0"], "--dps"),
    (["value", P, Q, "--dps", "-3"], "--dps"),
    (["value", P, Q, "--dps", "30.5"], "--dps"),
    (["value", P, Q, "--dps", "abc"], "--dps"),
    (["value", P, Q, "--dps", "10000000"], "--dps"),
    (["check", "exponential", "--dps", "0"], "--dps"),
    (["vectors", "normal", "--dps", "0"], "--dps"),
    (["value", P], "required"),
    (["nosuch"], "invalid choice"),
    ([], "required"),
    (["show", "normal", "--format", "html"], "invalid choice"),
]


@pytest.mark.parametrize("args, fragment", CLI_REFUSED, ids=[" ".join(a)[:60] for a, _ in CLI_REFUSED])
def test_cli_user_errors_exit_2_with_one_line(args, fragment):
    status, err = cli(*args)
    assert status == 2 and one_line(err) and fragment in err, err


def test_cli_unwritable_paths_exit_2_with_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for args in (["derive", "--out", str(blocker / "pages")],
                 ["vectors", "normal", "--n", "0", "--no-grid", "--out", str(blocker / "v.csv")],
                 ["verify", "scipy", "normal", "--n", "0", "--no-grid", "--json", str(blocker / "r.json")]):
        status, err = cli(*args)
        assert status == 2 and one_line(err) and "a-file" in err, err


def test_cli_payloads_never_run(marker):
    for text in payloads(marker):
        for args in (["value", f"normal(mu={text}, sigma=1)", P], ["value", f"categorical(p=[{text}, 1/2])", P],
                     ["value", f"wishart(nu=3, V=[[{text}]])", P], ["value", P, Q, "--dps", text]):
            status, err = cli(*args)
            assert status == 2 and one_line(err), err
        assert not marker.exists()


@given(st.text(max_size=60))
def test_cli_random_text_gives_a_value_or_one_line(tmp_path_factory, text):
    marker = tmp_path_factory.getbasetemp() / "pwned-cli"
    for args in (["value", f"normal(mu={text}, sigma=1)", P], ["value", text, P]):
        status, err = cli(*args)
        assert status in (0, 2) and (status == 0 or one_line(err)), err
    assert not marker.exists()


def test_the_cli_module_still_runs_as_a_program():
    import subprocess

    result = subprocess.run([sys.executable, "-m", "klsym", "value", "normal(mu=0, mu=1)", Q],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 2 and one_line(result.stderr)
