#!/usr/bin/env python3
"""decide's pilot of a fix limited to segments learns at those segments' rows (issue #14 §4, #12 §2).

Two segments of equal share: smb moves from trial to paying at 0.3 and churns at 0.2 (the pooled
rows); enterprise moves at 0.1 and churns at 0.1 (its own rows: stay 0.8). The fix, for enterprise
only, adds an uncertain absolute amount to trial → paying, triangular(−0.05, 0.05, 0.15), mean 0.05.
Its pilot enrols enterprise customers entering trial; by the Fisher information of
docs/reference/outputs.md#pilot, with n per arm followed m periods, occ = Σ_{k<m} 0.8^k expected
periods in trial, p = 0.1 and p_treated = 0.15:

  estimate_se² = 1/(n · occ/(0.15 · 0.85)) + 1/(n · occ/(0.1 · 0.9))

for the n and m the pilot reports (relative 1e-9). The pooled rows (0.3, stay 0.5) would give a
larger error: the check fails if the pilot learned at them.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

from cli_check import finish

BINARY = sys.argv[1]
MODEL = """journey: {name: segments, period: month, horizon: 12, discount_rate: 0.1, gross_margin: 0.8}
stages:
  - {id: trial}
  - {id: paying, revenue_per_period: 100}
  - {id: churned, terminal: true}
transitions:
  trial: {paying: 0.3, churned: 0.2}
  paying: {churned: 0.05}
population: {initial: {trial: 1000, paying: 500}, inflow: {trial: 200}}
segments:
  - {id: smb, share: 0.5}
  - id: enterprise
    share: 0.5
    transitions:
      trial: {paying: 0.1, churned: 0.1}
"""
FIXES = """model: model.yaml
fixes:
  - id: for-enterprise
    segments: [enterprise]
    cost: {upfront: 1000}
    effects:
      - {transition: trial -> paying, absolute: {triangular: [-0.05, 0.05, 0.15]}}
"""
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def se_at(n, m, p, stay, effect=0.05):
    occupancy = sum(stay ** k for k in range(m))
    treated = p + effect
    return math.sqrt(treated * (1 - treated) / (n * occupancy) + p * (1 - p) / (n * occupancy))


with tempfile.TemporaryDirectory() as tmp:
    for name, text in (("model.yaml", MODEL), ("fixes.yaml", FIXES)):
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)
    out = os.path.join(tmp, "decision")
    result = subprocess.run([BINARY, "decide", os.path.join(tmp, "model.yaml"), "--fixes", os.path.join(tmp, "fixes.yaml"),
                             "--budget", "1M", "--mode", "expected", "--replicates", "200", "--out", out, "--quiet"],
                            capture_output=True, text=True, timeout=300)
    check(result.returncode == 0, f"decide: exit {result.returncode}: {result.stderr}")
    pilot = json.load(open(os.path.join(out, "decision.json")))["pilot"] if result.returncode == 0 else None
    check(pilot is not None and pilot["fix"] == "for-enterprise", f"a pilot of the fix is planned: {pilot}")
    if pilot:
        n, m = pilot["customers_per_arm"], pilot["follow_periods"]
        want = se_at(n, m, 0.1, 0.8)
        got = pilot["estimate_se"]
        check(abs(got - want) <= 1e-9 * want, f"estimate_se {got} with n = {n}, m = {m}; enterprise's rows give {want}")
        pooled = se_at(n, m, 0.3, 0.5)
        check(abs(pooled - want) > 0.1 * want, f"the test cannot tell enterprise's rows ({want}) from the pooled ({pooled})")

finish("pilot_segment_test", failures)
