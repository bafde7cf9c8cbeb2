"""Figures for reading values: dist() of long vectors and large matrices, the
grammar per number, and the refusal of a vector beyond MAX_ENTRIES. Prints
figures; asserts nothing.

    python benchmarks/bench_values.py
"""

from __future__ import annotations

import time
from fractions import Fraction


def best(f, repeats: int = 3) -> float:
    """The best wall time of ``repeats`` calls, in seconds."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    from klsym import dist
    from klsym.records.parse import MAX_ENTRIES, parse_number, parse_sequence

    n = MAX_ENTRIES
    fractions = [Fraction(1, n)] * n
    text = "[" + ", ".join(["1/10000"] * n) + "]"
    rows = [[2 if i == j else Fraction(1, 2 * 60) for j in range(60)] for i in range(60)]
    print(f"dist(categorical, {n} Fractions):           {best(lambda: dist('categorical', p=fractions)):8.3f} s")
    print(f"dist(categorical, {n} floats 1/n):          {best(lambda: dist('categorical', p=[1 / n] * n)):8.3f} s")
    print(f"dist(categorical, text of {n} entries):    {best(lambda: dist('categorical', p=text)):8.3f} s")
    print(f"parse_sequence of that text:                {best(lambda: parse_sequence(text, 'p')):8.3f} s")
    print(f"dist(wishart, 60 x 60 rational V):          {best(lambda: dist('wishart', nu=60, V=rows)):8.3f} s")
    one = best(lambda: [parse_number("3/2", "x") for _ in range(1000)]) / 1000
    irr = best(lambda: [parse_number("sqrt(2)/2 + exp(-1)", "x") for _ in range(100)]) / 100
    print(f"parse_number('3/2'):                        {one * 1e6:8.1f} us")
    print(f"parse_number('sqrt(2)/2 + exp(-1)'):        {irr * 1e6:8.1f} us")

    def refuse():
        try:
            dist("categorical", p=[Fraction(1, 10 * n)] * (10 * n))
        except ValueError:
            pass

    print(f"refusal of {10 * n} entries (MAX_ENTRIES):   {best(refuse) * 1e3:8.3f} ms")


if __name__ == "__main__":
    main()
