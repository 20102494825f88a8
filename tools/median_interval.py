#!/usr/bin/env python3
"""The median of paired rounds with its distribution-free 95 % interval: the order statistics k and n+1-k, with k
the largest for which P(Binomial(n, 1/2) < k) <= 2.5 % (needs >= 6 values). Shared by the paired benchmarks
(tools/bench-overhead, tools/bench-overhead-sliced, tools/bench-search-pair.py).

As a command: reads one number per line and prints one JSON line, {"of": NAME, "rounds", "median",
"ci95_low_high", "coverage", "min", "max"}:  printf '%s\\n' 0.1 0.2 ... | tools/median_interval.py overhead
"""
import json
import math
import sys


def median_interval(values):
    """(median, low, high, coverage); low and high are None (coverage 0) with fewer than 6 values."""
    xs = sorted(values)
    n = len(xs)
    median = (xs[(n - 1) // 2] + xs[n // 2]) / 2
    below, k = 0.0, 0
    while k < n and below + math.comb(n, k) / 2 ** n <= 0.025:
        below += math.comb(n, k) / 2 ** n
        k += 1
    if k == 0:
        return median, None, None, 0.0
    return median, xs[k - 1], xs[n - k], 1 - 2 * below


def main():
    xs = [float(line) for line in sys.stdin if line.strip()]
    median, low, high, coverage = median_interval(xs)
    print(json.dumps({"of": sys.argv[1], "rounds": len(xs), "median": round(median, 3),
                      "ci95_low_high": None if low is None else [round(low, 3), round(high, 3)],
                      "coverage": round(coverage, 3), "min": round(min(xs), 3), "max": round(max(xs), 3)}))


if __name__ == "__main__":
    main()
