#!/usr/bin/env python3
"""Uncertain fix costs (issue #12 §3): NPV's mean and variance against their analytic combination
on a deterministic journey, and the draws shared by every scenario with the fix.

Model: one paying stage (revenue 100, no cost to serve, gross margin 0.8: margin 80 per customer
and month) churning 10% a month into an absorbing stage; 1,000 customers, no inflow, horizon 12,
no discounting, no parameter uncertainty. The fix `save-desk` lowers churn to 5% from period 0
(no ramp). In expected mode the paths are exact: x(t) = 1000·0.9^t without the fix and
1000·0.95^t with it (x(0) = 1000 in both; the fix first moves x(1)). So, by hand:

  B = Σ_{t<12} 80·1000·(0.95^t − 0.9^t)          incremental margin
  S = Σ_{t<12} 1000·0.95^t                         customer-periods in the affected stage
  NPV = B − U − 12·P − S·C                          U upfront, P per period, C per customer

With U ~ triangular(1000, 2000, 6000), P ~ uniform(100, 500), C ~ lognormal(0, 0.25), drawn
independently once per replicate, NPV's mean and variance follow from the three distributions'
moments (mean, variance, fourth central moment; formulas from the distributions' definitions:
triangular excess kurtosis −3/5, uniform −6/5, lognormal e^{4s²} + 2e^{3s²} + 3e^{2s²} − 6).
The sample mean must lie within 4 standard errors of the analytic mean, and the sample variance
within 4 standard errors of the analytic variance (SE² of a sample variance ≈ (μ4 − σ⁴)/R).
"""
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

from cli_check import finish
from save_desk_model import B, MODEL, S

BINARY = sys.argv[1]
FIXES = """model: model.yaml
fixes:
  - id: save-desk
    cost:
      upfront: {triangular: [1000, 2000, 6000]}
      per_period: {uniform: [100, 500]}
      per_customer: {lognormal: {mean: 0, sd: 0.25}}
    effects:
      - {transition: paying -> churned, absolute: -0.05}
  - id: fixed-fee
    cost: {upfront: 500}
    effects:
      - {revenue: paying, relative: 0}
  - id: launch
    cost:
      upfront: {pert: [0, 1000, 5000]}
      per_period: {uniform: [0, 50]}
    effects:
      - {revenue: paying, relative: 0}
portfolios:
  - {id: both, fixes: [save-desk, fixed-fee]}
"""
DETERMINISTIC = """model: model.yaml
fixes:
  - id: save-desk
    cost: {upfront: 3000, per_period: 300, per_customer: 1.25}
    effects:
      - {transition: paying -> churned, absolute: -0.05}
"""
REPLICATES = 4000
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)




def triangular(a, c, b):
    mean = (a + b + c) / 3
    var = (a * a + b * b + c * c - a * b - a * c - b * c) / 18
    return mean, var, (3 - 0.6) * var * var


def uniform(a, b):
    var = (b - a) ** 2 / 12
    return (a + b) / 2, var, (3 - 1.2) * var * var


def lognormal(m, s):
    mean = math.exp(m + s * s / 2)
    var = (math.exp(s * s) - 1) * math.exp(2 * m + s * s)
    excess = math.exp(4 * s * s) + 2 * math.exp(3 * s * s) + 3 * math.exp(2 * s * s) - 6
    return mean, var, (3 + excess) * var * var


def combination(terms):
    """Mean, variance and fourth central moment of Σ w·X for independent X = (mean, var, μ4)."""
    mean = sum(w * x[0] for w, x in terms)
    var = sum(w * w * x[1] for w, x in terms)
    mu4 = sum(w ** 4 * x[2] for w, x in terms)
    for i in range(len(terms)):
        for j in range(i + 1, len(terms)):
            mu4 += 6 * terms[i][0] ** 2 * terms[i][1][1] * terms[j][0] ** 2 * terms[j][1][1]
    return mean, var, mu4


def replicate_column(run, scenario, column):
    """scenario's total-population `column` by replicate, from replicates.csv (the total is the
    last row of a replicate and scenario: segments first, then `all`)."""
    values = {}
    with open(os.path.join(run, "replicates.csv")) as f:
        for row in csv.DictReader(f):
            if row["scenario"] == scenario:
                values[int(row["replicate"])] = float(row[column])
    return [values[r] for r in sorted(values)]


with tempfile.TemporaryDirectory() as tmp:
    model = os.path.join(tmp, "model.yaml")
    with open(model, "w") as f:
        f.write(MODEL)

    def simulate(fixes_text, name, *extra):
        fixes = os.path.join(tmp, name + ".yaml")
        with open(fixes, "w") as f:
            f.write(fixes_text)
        out = os.path.join(tmp, name)
        result = subprocess.run([BINARY, "simulate", model, "--fixes", fixes, "--out", out, "--seed", "7", *extra],
                                capture_output=True, text=True, timeout=300)
        check(result.returncode == 0, f"simulate {name}: exit {result.returncode}: {result.stderr}")
        return out

    # The hand-derived B and S, on constant costs: NPV = B − U − 12P − S·C exactly.
    fixed = simulate(DETERMINISTIC, "deterministic", "--mode", "expected", "--replicates", "2")
    want = B - 3000 - 12 * 300 - S * 1.25
    for npv in replicate_column(fixed, "save-desk", "npv"):
        check(abs(npv - want) <= 1e-9 * abs(want), f"constant costs: NPV {npv}, by hand {want}")

    run = simulate(FIXES, "uncertain", "--mode", "expected", "--replicates", str(REPLICATES))
    npv = replicate_column(run, "save-desk", "npv")
    check(len(npv) == REPLICATES, f"{len(npv)} replicates of save-desk in replicates.csv, want {REPLICATES}")
    mean, var, mu4 = combination([(-1, triangular(1000, 2000, 6000)), (-12, uniform(100, 500)),
                                  (-S, lognormal(0, 0.25))])
    mean += B
    got_mean = sum(npv) / len(npv)
    got_var = sum((x - got_mean) ** 2 for x in npv) / (len(npv) - 1)
    se_mean = math.sqrt(var / len(npv))
    se_var = math.sqrt((mu4 - var * var) / len(npv))
    check(abs(got_mean - mean) <= 4 * se_mean,
          f"NPV mean {got_mean:.2f}, analytic {mean:.2f} (4 SE = {4 * se_mean:.2f})")
    check(abs(got_var - var) <= 4 * se_var, f"NPV variance {got_var:.1f}, analytic {var:.1f} (4 SE = {4 * se_var:.1f})")
    summary = json.load(open(os.path.join(run, "summary.json")))
    by_id = {s["id"]: s for s in summary["scenarios"]}
    check(abs(by_id["save-desk"]["vs_baseline"]["npv"]["mean"] - got_mean) <= 1e-6 * abs(got_mean),
          "summary.json's NPV mean is the replicates' mean")
    # The costs really vary: a constant would pass the mean test but not this one.
    check(got_var > 0.5 * var, f"NPV variance {got_var:.1f} is far below the costs' {var:.1f}")

    # Drawn once per replicate and shared by every scenario with the fix: the portfolio pays
    # exactly save-desk's drawn costs plus fixed-fee's 500, replicate by replicate.
    alone = replicate_column(run, "save-desk", "cost_pv")
    both = replicate_column(run, "both", "cost_pv")
    fee = replicate_column(run, "fixed-fee", "cost_pv")
    check(all(c == 500 for c in fee), "a constant cost is paid as written in every replicate")
    check(all(abs(p - (a + 500)) <= 1e-9 * p for a, p in zip(alone, both)),
          "portfolio cost = its fixes' drawn costs in every replicate")
    check(len(set(alone)) > REPLICATES // 2, "save-desk's cost is drawn anew in each replicate")

    # Upfront and per-period draws do not depend on the mode (keyed streams): a fix without a
    # per-customer cost pays the same in every replicate of expected and cohort mode.
    cohort = simulate(FIXES, "cohort", "--mode", "cohort", "--replicates", "50")
    expected = simulate(FIXES, "expected50", "--mode", "expected", "--replicates", "50")
    check(replicate_column(cohort, "launch", "cost_pv") == replicate_column(expected, "launch", "cost_pv"),
          "the same cost draws in expected and cohort mode")
    launch = replicate_column(expected, "launch", "cost_pv")
    check(all(0 <= c <= 5000 + 12 * 50 for c in launch), "PERT and uniform costs stay in their ranges")

finish("uncertain_cost_test", failures)
