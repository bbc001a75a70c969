#!/usr/bin/env python3
"""`journeysim analyze --json` on the chains in tests/data against exact answers.

The oracle is computed here, independently of journeysim, in exact rational arithmetic
(fractions.Fraction): Gauss-Jordan inverses for N, (I - dP)^-1 for the discounted value, the
trace by iteration, and leverage by recomputing the whole trace with the changed row. The
hand-derived values of the textbook chain (Grinstead & Snell, Introduction to Probability,
Example 11.13-11.15) and of the hand chain are also asserted literally, so the oracle itself is
checked. Every number must match to 1e-12 relative. The JSON keys must be exactly the binding
ones (include/journeysim/report/analysis_json.hpp) plus the documented optional extras.

Usage: analyze_json_test.py JOURNEYSIM_BINARY   (run from the repository root)
"""
import json
import math
import subprocess
import sys
from fractions import Fraction as F

REL = 1e-12
BINDING_KEYS = ["stages", "transient", "terminal", "fundamental_matrix",
                "expected_periods_to_absorption", "absorption_probabilities",
                "expected_revenue_per_customer", "expected_revenue_per_customer_pv", "trace",
                "leverage"]
OPTIONAL_KEYS = {"never_absorbed", "stationary", "stationary_note", "moments_of_truth"}
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def close(got, want, what, scale=None):
    """got (JSON float) vs want (Fraction or float), relative 1e-12 with an absolute floor."""
    if want is None or got is None:
        check(got is None and want is None, f"{what}: got {got}, want {want}")
        return
    want = float(want)
    floor = REL * (abs(scale) if scale else 0.0)
    check(isinstance(got, (int, float)) and math.isfinite(got)
          and abs(got - want) <= max(REL * abs(want), floor, 1e-300),
          f"{what}: got {got!r}, want {want!r}")


def inverse(m):
    n = len(m)
    a = [list(row) + [F(int(i == j)) for j in range(n)] for i, row in enumerate(m)]
    for c in range(n):
        pivot = next(r for r in range(c, n) if a[r][c] != 0)
        a[c], a[pivot] = a[pivot], a[c]
        p = a[c][c]
        a[c] = [v / p for v in a[c]]
        for r in range(n):
            if r != c and a[r][c] != 0:
                f = a[r][c]
                a[r] = [v - f * w for v, w in zip(a[r], a[c])]
    return [row[n:] for row in a]


def matvec(m, v):
    return [sum(x * y for x, y in zip(row, v)) for row in m]


class Chain:
    """A chain as the oracle sees it: P with the stay on the diagonal, exact fractions."""

    def __init__(self, file, ids, terminal, rows, revenue, initial, inflow, horizon, delta, periods_per_year=12):
        self.file, self.ids, self.terminal = file, ids, terminal
        # The leverage step: one percentage point a month, in the model's period (×12 / k).
        self.step = F(12, 100 * periods_per_year)
        n = len(ids)
        self.p = [[F(0)] * n for _ in range(n)]
        for a, cells in rows.items():
            for b, prob in cells.items():
                self.p[ids.index(a)][ids.index(b)] = F(prob)
        for i in range(n):
            self.p[i][i] = 1 - sum(self.p[i][j] for j in range(n) if j != i)
        self.r = [F(revenue.get(s, 0)) for s in ids]
        self.x0 = [F(initial.get(s, 0)) for s in ids]
        self.inflow = [F(inflow.get(s, 0)) for s in ids]
        self.horizon, self.delta = horizon, delta

    def pv(self, p):
        x = list(self.x0)  # the as-of convention: x(0) = initial, each step adds the inflow
        n, total, revenue = len(x), F(0), []
        for t in range(self.horizon):
            if t > 0:
                x = [sum(x[i] * p[i][j] for i in range(n)) + self.inflow[j] for j in range(n)]
            rev = sum(a * b for a, b in zip(x, self.r))
            revenue.append((list(x), rev, rev * self.delta ** t))
            total += rev * self.delta ** t
        return total, revenue


def run(binary, chain):
    result = subprocess.run([binary, "analyze", "--json", chain.file], capture_output=True, text=True,
                            timeout=60)
    check(result.returncode == 0, f"{chain.file}: exit {result.returncode}: {result.stderr}")
    check("NaN" not in result.stdout and "Infinity" not in result.stdout, f"{chain.file}: NaN/inf in JSON")
    return json.loads(result.stdout)


def check_keys(doc, name):
    keys = list(doc.keys())
    binding = [k for k in keys if k not in OPTIONAL_KEYS]
    check(binding == BINDING_KEYS, f"{name}: binding keys {binding} != {BINDING_KEYS}")
    check(set(keys) - set(BINDING_KEYS) <= OPTIONAL_KEYS, f"{name}: unexpected keys {keys}")
    check(list(doc["fundamental_matrix"].keys()) == ["rows", "values"], f"{name}: fundamental_matrix keys")
    for entry in doc["trace"]:
        check(list(entry.keys()) == ["period", "stages", "revenue", "revenue_pv"], f"{name}: trace keys")
    for entry in doc["leverage"]:
        check(list(entry.keys()) == ["from", "to", "delta_revenue_pv", "step", "limited"],
              f"{name}: leverage keys")


def check_chain(binary, chain, fundamental, unbounded_periods=(), unbounded_value=(), stationary=None):
    """`fundamental`: the stages N is taken over; the `unbounded_*` stages must be null."""
    doc = run(binary, chain)
    name = chain.file
    check_keys(doc, name)
    ids, n = chain.ids, len(chain.ids)
    terminals = [s for s in ids if s in chain.terminal]
    check(doc["stages"] == ids, f"{name}: stages")
    check(doc["terminal"] == terminals, f"{name}: terminal")
    check(doc["transient"] == [s for s in ids if s not in chain.terminal], f"{name}: transient")
    idx = [ids.index(s) for s in fundamental]
    nmat = inverse([[F(int(i == j)) - chain.p[i][j] for j in idx] for i in idx]) if idx else []
    check(doc["fundamental_matrix"]["rows"] == fundamental, f"{name}: N rows")
    for a in range(len(idx)):
        for b in range(len(idx)):
            close(doc["fundamental_matrix"]["values"][a][b], nmat[a][b], f"{name}: N[{a}][{b}]")
    t = {s: sum(nmat[k]) for k, s in enumerate(fundamental)}
    value = dict(zip(fundamental, matvec(nmat, [chain.r[i] for i in idx])))
    for s in ids:
        k = ids.index(s)
        want_t = F(0) if s in chain.terminal else (None if s in unbounded_periods else t[s])
        close(doc["expected_periods_to_absorption"][s], want_t, f"{name}: t[{s}]")
        want_v = F(0) if s in chain.terminal else (None if s in unbounded_value else value.get(s, F(0)))
        close(doc["expected_revenue_per_customer"][s], want_v, f"{name}: value[{s}]")
        for term in terminals:
            j = ids.index(term)
            want_b = F(int(s == term)) if s in chain.terminal else (
                sum(nmat[fundamental.index(s)][m] * chain.p[idx[m]][j] for m in range(len(idx)))
                if s in fundamental else F(0))
            close(doc["absorption_probabilities"][s][term], want_b, f"{name}: B[{s}][{term}]")
    # Discounted value: (I - dP) v = r over all stages.
    if chain.delta != 1:
        inv = inverse([[F(int(i == j)) - chain.delta * chain.p[i][j] for j in range(n)] for i in range(n)])
        for s, v in zip(ids, matvec(inv, chain.r)):
            close(doc["expected_revenue_per_customer_pv"][s], v, f"{name}: PV[{s}]")
    if stationary is not None:
        for s, want in stationary.items():
            close(doc["stationary"][s], want, f"{name}: stationary[{s}]")
    total, per_period = chain.pv(chain.p)
    check(len(doc["trace"]) == chain.horizon, f"{name}: trace length")
    for t_, (entry, (x, rev, rev_pv)) in enumerate(zip(doc["trace"], per_period)):
        check(entry["period"] == t_, f"{name}: period {t_}")
        for s, v in zip(ids, x):
            close(entry["stages"][s], v, f"{name}: x({t_})[{s}]")
        close(entry["revenue"], rev, f"{name}: revenue({t_})")
        close(entry["revenue_pv"], rev_pv, f"{name}: revenue_pv({t_})")
    # Leverage by brute force: the whole trace again with min(step, stay) moved to the cell.
    expected = []
    for a in range(n):
        if ids[a] in chain.terminal:
            continue
        for b in range(n):
            if a == b or chain.p[a][b] == 0:
                continue
            step = min(chain.step, chain.p[a][a])
            q = [row[:] for row in chain.p]
            q[a][b] += step
            q[a][a] -= step
            expected.append((ids[a], ids[b], chain.pv(q)[0] - total, step, chain.p[a][a] < chain.step))
    got = {(e["from"], e["to"]): e for e in doc["leverage"]}
    check(len(got) == len(expected) == len(doc["leverage"]), f"{name}: leverage count")
    for a, b, delta, step, limited in expected:
        e = got.get((a, b))
        if e is None:
            failures.append(f"{name}: no leverage for {a} -> {b}")
            continue
        close(e["delta_revenue_pv"], delta, f"{name}: leverage {a}->{b}", scale=float(total))
        close(e["step"], step, f"{name}: step {a}->{b}")
        check(e["limited"] == limited, f"{name}: limited {a}->{b}")
    deltas = [e["delta_revenue_pv"] for e in doc["leverage"]]
    check([abs(d) for d in deltas] == sorted((abs(d) for d in deltas), reverse=True), f"{name}: leverage not ranked")
    return doc


def main() -> int:
    binary = sys.argv[1]
    half = F(1, 2)
    walk = Chain("tests/data/drunkards_walk.yaml", ["home", "corner1", "corner2", "corner3", "bar"],
                 {"home", "bar"},
                 {"corner1": {"home": half, "corner2": half}, "corner2": {"corner1": half, "corner3": half},
                  "corner3": {"corner2": half, "bar": half}},
                 {"corner1": 1, "corner2": 1, "corner3": 1}, {"corner2": 64}, {}, 6, F(1))
    doc = check_chain(binary, walk, ["corner1", "corner2", "corner3"])
    # Grinstead & Snell's published values, literally.
    n_book = [[1.5, 1, 0.5], [1, 2, 1], [0.5, 1, 1.5]]
    for i in range(3):
        for j in range(3):
            close(doc["fundamental_matrix"]["values"][i][j], n_book[i][j], f"walk: book N[{i}][{j}]")
    for s, t in {"corner1": 3, "corner2": 4, "corner3": 3}.items():
        close(doc["expected_periods_to_absorption"][s], t, f"walk: book t[{s}]")
    for s, (home, bar) in {"corner1": (0.75, 0.25), "corner2": (0.5, 0.5), "corner3": (0.25, 0.75)}.items():
        close(doc["absorption_probabilities"][s]["home"], home, f"walk: book B[{s}][home]")
        close(doc["absorption_probabilities"][s]["bar"], bar, f"walk: book B[{s}][bar]")

    hand = Chain("tests/data/hand_chain.yaml", ["a", "b", "x"], {"x"},
                 {"a": {"b": F(1, 2), "x": F(1, 4)}, "b": {"x": F(1, 2)}}, {"a": 10, "b": 20},
                 {"a": 100}, {"a": 10}, 3, F(4, 5), periods_per_year=4)
    doc = check_chain(binary, hand, ["a", "b"])
    # The hand derivation in tests/unit/analytic, literally.
    close(doc["expected_revenue_per_customer_pv"]["a"], F(175, 6), "hand: PV[a]")
    close(doc["expected_revenue_per_customer_pv"]["b"], F(100, 3), "hand: PV[b]")
    close(sum(e["revenue_pv"] for e in doc["trace"]), 2744, "hand: PV total")  # x(0) = initial (as-of convention)
    check(all(e["step"] == 0.03 for e in doc["leverage"]), "hand: a quarterly model's step is 3pp")

    cycle = Chain("tests/data/stationary_chain.yaml", ["a", "b"], set(),
                  {"a": {"b": F(1, 5)}, "b": {"a": F(3, 10)}}, {"a": 10}, {"a": 50, "b": 50}, {}, 4, F(4, 5), periods_per_year=4)
    doc = check_chain(binary, cycle, [], unbounded_periods={"a", "b"}, unbounded_value={"a", "b"},
                      stationary={"a": F(3, 5), "b": F(2, 5)})
    close(doc["expected_revenue_per_customer_pv"]["a"], F(110, 3), "cycle: PV[a]")

    weekly = 1.05 ** (-1 / 52)  # not rational: the same double journeysim computes
    stuck = Chain("tests/data/never_absorbed.yaml", ["a", "b", "c", "x"], {"x"},
                  {"a": {"b": F(1, 5), "x": F(1, 10)}, "b": {"c": half}, "c": {"b": 1}},
                  {"a": 1, "b": 2}, {"a": 10}, {}, 5, F(weekly), periods_per_year=52)
    doc = check_chain(binary, stuck, ["a"], unbounded_periods={"a", "b", "c"},
                      unbounded_value={"a", "b", "c"})
    check(doc.get("never_absorbed") == ["b", "c"], f"never_absorbed: {doc.get('never_absorbed')}")

    limited = Chain("tests/data/limited_leverage.yaml", ["c", "d", "x"], {"x"},
                    {"c": {"d": F(995, 1000)}, "d": {"x": F(1, 10)}}, {"d": 10}, {"c": 100}, {}, 2, F(1))
    doc = check_chain(binary, limited, ["c", "d"])
    top = doc["leverage"][0]
    check((top["from"], top["to"], top["limited"]) == ("c", "d", True), f"limited: {top}")
    close(top["step"], F(5, 1000), "limited: step")
    close(top["delta_revenue_pv"], 5, "limited: delta", scale=995)

    if failures:
        print("\n".join(failures))
        return 1
    print("ok: 5 chains match the exact oracle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
