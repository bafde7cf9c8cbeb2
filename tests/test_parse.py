"""klsym.records.parse: exact values, refusals naming the parameter and the limit,
and payloads that must never run."""

from decimal import Decimal
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from klsym.records.parse import (
    MAX_ENTRIES,
    MAX_LENGTH,
    MAX_OPERATIONS,
    parse_number,
    parse_sequence,
)

R = sp.Rational

VALUES = [
    ("12", 12), ("-3", -3), ("+4", 4), ("1_000", 1000), ("0.1", R(1, 10)), (".5", R(1, 2)),
    ("1.", 1), ("1e-300", R(1, 10**300)), ("2.5E+10", 25_000_000_000), ("1.5e-3", R(3, 2000)),
    ("3/2", R(3, 2)), ("2^10", 1024), ("2**10", 1024), ("2^-1", R(1, 2)), ("-2^2", -4),
    ("2^3^2", 512), ("(1+2)*3", 9), ("1 - 2 - 3", -4), ("12/2/3", 2), (" 1 / 3 ", R(1, 3)),
    ("\u22122", -2), ("-(-(-1))", -1), ("0^0", 1), ("3/10^300", R(3, 10**300)),
    ("6032057205060441/2^1049", R(6032057205060441, 2**1049)), ("1e3999", 10**3999),
    ("sqrt(2)/2", sp.sqrt(2) / 2), ("2**0.5", sp.sqrt(2)), ("-pi", -sp.pi), ("pi/4", sp.pi / 4),
    ("E", sp.E), ("exp(1)", sp.E), ("exp(-1)", sp.exp(-1)), ("log(3)", sp.log(3)), ("log(E)", 1),
    ("sqrt(12)", 2 * sp.sqrt(3)), ("8^(1/3)", 2), ("(4/9)^(3/2)", R(8, 27)),
    ("sqrt(1e-300)", R(1, 10**150)), ("exp(log(2)*3)", 8), ("2^pi", 2**sp.pi),
    ("exp(-1) + log(3)", sp.exp(-1) + sp.log(3)), ("sqrt(pi - 3)", sp.sqrt(sp.pi - 3)),
    ("sqrt(10^3998)", 10**1999), ("(3^6000)^(1/3)", 3**2000), ("exp(sqrt(2))", sp.exp(sp.sqrt(2))),
]


@pytest.mark.parametrize("text, expected", VALUES)
def test_values_are_exact(text, expected):
    value = parse_number(text, "mu")
    assert value == sp.sympify(expected)
    assert isinstance(value, sp.Expr)
    if isinstance(expected, (int, sp.Rational)):
        assert isinstance(value, sp.Rational)


@pytest.mark.parametrize("text, expected", [("inf", sp.oo), ("-inf", -sp.oo), ("+oo", sp.oo),
                                            ("infinity", sp.oo), ("\u2212 inf", -sp.oo)])
def test_infinity_only_when_allowed(text, expected):
    assert parse_number(text, "b", allow_infinity=True) == expected
    with pytest.raises(ValueError, match="parameter b: .*infinity is not allowed"):
        parse_number(text, "b")


REFUSED = [
    ("", "empty"), ("   ", "empty"), ("__import__('os')", "unknown name '__import__'"),
    ("foo", "unknown name 'foo'"), ("e", "unknown name 'e'"), ("Pi", "unknown name 'Pi'"),
    ("abs(2)", "unknown name 'abs'"), ("True", "unknown name 'True'"), ("lambda: 1", "lambdas"),
    ("x.y", "attribute access"), ("().__class__", "unexpected"), ("'2'", "strings"), ('"2"', "strings"),
    ("[1, 2]", "a list is not a number"), ("2[0]", "unexpected '\\['"), ("1 < 2", "comparisons"),
    ("1 == 1", "comparisons"), ("1 if 2 else 3", "missing operator"), ("nan", "nan is not a number"),
    ("inf", "infinity"), ("oo", "infinity"), ("1+inf", "infinity"), ("1/0", "division by zero"),
    ("0**-1", "division by zero"), ("0^(-1/2)", "power of zero"), ("sqrt(-1)", "non-negative"),
    ("log(0)", "positive"), ("log(-1)", "positive"), ("(-8)^(1/3)", "non-negative"),
    ("log(2, 3)", "exactly one argument"), ("sqrt 2", "parentheses"), ("2pi", "missing operator"),
    ("2(3)", "missing operator"), ("1 2", "missing operator"), ("0x10", "missing operator"),
    ("1j", "missing operator"), ("(1", "end of text"), ("1)", "unexpected '\\)'"), ("1+", "end of text"),
    ("*1", "unexpected '\\*'"), ("1,2", "unexpected ','"), ("\x00", "unexpected character"),
    ("\uff11", "unexpected character"), ("\u03c0", "unexpected character"),
    ("1/((1+sqrt(2))*(sqrt(2)-1)-1)", "cannot decide"),
]


@pytest.mark.parametrize("text, fragment", REFUSED)
def test_refusals_name_the_parameter_and_the_rule(text, fragment):
    with pytest.raises(ValueError, match=f"^parameter mu: cannot read .* as a number: .*{fragment}"):
        parse_number(text, "mu")


def test_default_name_and_wrong_type():
    with pytest.raises(ValueError, match="^parameter value: "):
        parse_number("foo")
    with pytest.raises(ValueError, match="parameter sigma: expected text"):
        parse_number(1.5, "sigma")


def primes(n):
    return list(sp.primerange(2, sp.prime(n) + 1))


LIMITS = [
    ("1e999999999", "MAX_EXPONENT"), ("10**10**10", "MAX_DIGITS"), ("9**9**9", "MAX_DIGITS"),
    ("1e5000*1e5000", "MAX_EXPONENT"), ("(" * 10000, "MAX_LENGTH"), ("1" * 1001, "MAX_LENGTH"),
    ("(" * 60 + "1" + ")" * 60, "MAX_DEPTH"), ("-" * 60 + "1", "MAX_DEPTH"), ("1e4000", "MAX_DIGITS"),
    ("1e-4000", "MAX_DIGITS"), ("2^(10^100)", "MAX_DIGITS"), ("(1+1e-9)^(10^9)", "MAX_DIGITS"),
    ("(1/2)^(10^9)", "MAX_DIGITS"), ("3^8000*2^6000", "MAX_DIGITS"), ("exp(10^9)", "MAX_EXPONENT"),
    ("exp(-10^4)", "MAX_EXPONENT"), ("pi^13000", "MAX_EXPONENT"), ("2^(1/101)", "MAX_ROOT"),
    ("sqrt(10^200+1)", "MAX_ROOT_DIGITS"), ("sqrt(10^99+1)*sqrt(10^99+3)", "MAX_ROOT_DIGITS"),
    ("exp(log(10^400+1)/2)", "MAX_ROOT_DIGITS"), ("E^(10^5*log(1+1e-9))", "MAX_DIGITS"),
    ("sqrt(3+" * 10 + "2" + ")" * 10, "MAX_NESTING"), ("(1+sqrt(2))^40", "MAX_TERMS"),
    ("+".join(f"sqrt({p})" for p in primes(30)), "MAX_NODES"),
    # SymPy's exp() expands products of sums (2^16 terms here) when it looks at this:
    ("exp(sqrt(10)*sqrt(log(" + "*".join(f"(exp(1/{j})+{j})" for j in range(2, 18)) + "*E)))", "MAX_TERMS"),
]


@pytest.mark.parametrize("text, limit", LIMITS)
def test_explosive_inputs_are_refused_naming_the_limit(text, limit):
    with pytest.raises(ValueError, match=f"^parameter n: .*\\(limit {limit}\\)"):
        parse_number(text, "n")


def test_factorial_is_not_a_name():
    with pytest.raises(ValueError, match="unknown name 'factorial'"):
        parse_number("factorial(10**7)", "n")


def test_sequences():
    assert parse_sequence("[1/2, 1/3, 1/6]", "p") == [R(1, 2), R(1, 3), R(1, 6)]
    assert parse_sequence("[[1, 0], [0, 1]]", "cov") == [[1, 0], [0, 1]]
    assert parse_sequence("[\n [sqrt(2), -1e-3],\n [pi, 2^10]\n]", "m") == [[sp.sqrt(2), R(-1, 1000)], [sp.pi, 1024]]
    assert parse_sequence("[[[1]]]", "t") == [[[1]]]


@pytest.mark.parametrize("text, fragment", [
    ("[]", "empty list"), ("[1,]", "unexpected '\\]'"), ("[1, [2]]", "mixed"), ("[[1], [2, 3]]", "different lengths"),
    ("[[1, 2], [[1], [2]]]", "different lengths"), ("1/2", "expected a list"), ("[1 2]", "missing operator"),
    ("[1, 2", "end of text"), ("[1] 2", "missing operator"), ("[inf]", "infinity"), ("[__import__]", "unknown name"),
    ("[" * 60 + "1" + "]" * 60, "MAX_DEPTH"), ("[" + ",".join(["1"] * (MAX_ENTRIES + 1)) + "]", "MAX_ENTRIES"),
    ("[" + "1," * 150_000 + "1]", "MAX_SEQUENCE_LENGTH"), ("[" + "+".join(["1"] * MAX_LENGTH) + "]", "MAX_LENGTH"),
    ("[" + ",".join(["9^4000"] * 300) + "]", "MAX_TOTAL_DIGITS"),
    ("[" + ",".join(["sqrt(2)/2"] * MAX_OPERATIONS) + "]", "MAX_OPERATIONS"),
])
def test_sequence_refusals(text, fragment):
    with pytest.raises(ValueError, match=f"^parameter alpha: cannot read .* as a list of numbers: .*{fragment}"):
        parse_sequence(text, "alpha")


def payloads(marker):
    return [
        f"__import__('os').system('touch {marker}')",
        f"open('{marker}', 'w').close()",
        "().__class__.__bases__[0].__subclasses__()",
        f"(lambda: open('{marker}', 'w'))()",
        f"f'{{open(\"{marker}\", \"w\")}}'",
        f"exec(\"open('{marker}', 'w')\")",
        f"eval(\"open('{marker}', 'w')\")",
        f"compile(\"open('{marker}', 'w')\", 'x', 'exec')",
        f"[open('{marker}', 'w') for _ in [0]]",
        f"sqrt(__import__('os').system('touch {marker}'))",
        f"1 + open('{marker}', 'w').write('x')",
        f"Symbol('x').__class__.__init__.__globals__['__builtins__']['open']('{marker}', 'w')",
        f"exp(1)\n__import__('os').system('touch {marker}')",
    ]


def test_payloads_never_run(tmp_path):
    marker = tmp_path / "pwned"
    exec(payloads(marker)[1])  # the control: this payload, run as Python, does create the marker
    assert marker.exists()
    marker.unlink()
    for payload in payloads(marker):
        for reader, text in [(parse_number, payload), (parse_sequence, payload), (parse_sequence, f"[{payload}]"),
                             (parse_sequence, f"[1, {payload}]")]:
            with pytest.raises(ValueError, match="^parameter mu: "):
                reader(text, "mu")
        assert not marker.exists()


def test_no_text_reaches_sympys_parser(monkeypatch):
    import sympy.parsing.sympy_parser as sympy_parser

    def refuse(*args, **kwargs):
        raise AssertionError("a string reached sympy's parser")

    monkeypatch.setattr(sympy_parser, "parse_expr", refuse)
    assert parse_number("sqrt(2)/2 + pi - log(3) + exp(-1) + 0.1") == sp.sqrt(2) / 2 + sp.pi - sp.log(3) + sp.exp(-1) + R(1, 10)
    assert parse_sequence("[[1e-3, E], [2^10, 3/2]]") == [[R(1, 1000), sp.E], [1024, R(3, 2)]]


def test_global_mpmath_state_is_untouched():
    before = (mpmath.mp.prec, mpmath.iv.prec)
    parse_number("sqrt(pi - 3) * exp(1/3) / log(2)")
    assert (mpmath.mp.prec, mpmath.iv.prec) == before


@pytest.fixture(scope="module")
def marker(tmp_path_factory):
    return tmp_path_factory.mktemp("parse") / "pwned"


def outcome(reader, text):
    try:
        value = reader(text, "x")
    except ValueError as exc:
        assert str(exc).startswith("parameter x: cannot read ")
        return None
    return value


FRAGMENTS = ["__import__", "('os')", ".system(", "'touch ", "open(", "'w')", "lambda", ":", "eval", "exec",
             "[", "]", "(", ")", ",", "1", "2.5", "e", "E", "pi", "sqrt", "exp", "log", "**", "^", "/", "*",
             "-", "+", "9", "99", "1e999", " ", "inf", "nan", "_", ".", "'", '"', "f'", "{", "}"]


@given(st.text(max_size=200))
def test_random_text_is_a_number_or_a_value_error(marker, text):
    for reader in (parse_number, parse_sequence):
        value = outcome(reader, text)
        assert value is None or isinstance(value, (sp.Expr, list))
    assert not marker.exists()


@given(st.text(alphabet="0123456789+-*/^().eE _,[]pisqrtxlogn", max_size=60))
def test_random_formulas_are_numbers_or_value_errors(marker, text):
    value = outcome(parse_number, text)
    assert value is None or (isinstance(value, sp.Expr) and value.is_number)
    value = outcome(parse_sequence, "[" + text + "]")
    assert value is None or isinstance(value, list)
    assert not marker.exists()


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_payload_like_text_never_runs(marker, parts):
    text = "".join(parts).replace("'touch ", f"'touch {marker}")
    for reader in (parse_number, parse_sequence):
        outcome(reader, text)
    assert not marker.exists()


@given(st.one_of(st.integers(), st.fractions()))
def test_round_trip_of_ints_and_fractions(x):
    assert parse_number(str(x)) == R(x.numerator, x.denominator)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_round_trip_of_float_reprs(x):
    assert parse_number(repr(x)) == R(Fraction(Decimal(repr(x))))


@given(st.lists(st.fractions(), min_size=1, max_size=20))
def test_round_trip_of_lists(xs):
    assert parse_sequence("[" + ", ".join(map(str, xs)) + "]") == [R(x.numerator, x.denominator) for x in xs]


@given(st.integers(1, 4).flatmap(lambda n: st.lists(st.lists(st.integers(-99, 99), min_size=n, max_size=n), min_size=1, max_size=4)))
def test_round_trip_of_matrices(rows):
    assert parse_sequence(str(rows)) == rows


def test_the_largest_values_can_still_be_printed():
    assert len(str(parse_number("9.99e3999"))) == 4000  # CPython refuses int -> str beyond 4300 digits
