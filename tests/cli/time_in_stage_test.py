#!/usr/bin/env python3
"""Time in stage end to end (issue #11 §3): `analyze --json` on a model whose onboarding and
active rows depend on the periods spent there equals a numpy fundamental matrix of the expanded
chain built here from the model's stated meaning (not from journeysim's layout code), to 1e-12;
`simulate` keeps one trajectories.csv row per model stage in every mode; the report's moments of
truth hold analyze's values.

The meaning, from docs/reference/model.md: period k in a stage (1 = the period of entry) uses
the row of the bucket holding k; staying makes the customer one period older (the open-ended
bucket keeps it there); any move to another stage, including a return, starts at period 1.

Usage: time_in_stage_test.py JOURNEYSIM_BINARY
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

from cli_check import finish

MODEL = """journey: {name: tenure oracle, period: month, horizon: 24, discount_rate: 0.12}
stages:
  - {id: onboarding, revenue_per_period: 50}
  - {id: active, revenue_per_period: 100}
  - {id: expansion, revenue_per_period: 250}
  - {id: churned, terminal: true}
  - {id: lost, terminal: true}
transitions:
  onboarding:
    time_in_stage:
      "1": {lost: 0.20, active: 0.05}
      "2-3": {lost: 0.10, active: 0.25}
      "4+": {lost: 0.03, active: 0.08}
  active:
    time_in_stage:
      "1-2": {churned: 0.06, expansion: 0.01, onboarding: 0.02}
      "3+": {churned: 0.015, expansion: 0.03}
  expansion: {churned: 0.01, active: 0.05}
population: {initial: {onboarding: 400, active: 300}, inflow: {onboarding: 60}}
"""

# (stage, [(first period, last period or None, {destination: p})]) as written above
BUCKETS = {
    "onboarding": [(1, 1, {"lost": 0.20, "active": 0.05}), (2, 3, {"lost": 0.10, "active": 0.25}),
                   (4, None, {"lost": 0.03, "active": 0.08})],
    "active": [(1, 2, {"churned": 0.06, "expansion": 0.01, "onboarding": 0.02}),
               (3, None, {"churned": 0.015, "expansion": 0.03})],
    "expansion": [(1, None, {"churned": 0.01, "active": 0.05})],
}
STAGES = ["onboarding", "active", "expansion", "churned", "lost"]
TERMINAL = ["churned", "lost"]
REVENUE = {"onboarding": 50, "active": 100, "expansion": 250}


def expanded_chain():
    """States (stage, k) for k up to the open bucket's first period; P over them."""
    states = []
    for stage in STAGES:
        periods = BUCKETS[stage][-1][0] if stage in BUCKETS else 1
        states += [(stage, k) for k in range(1, periods + 1)]
    index = {s: i for i, s in enumerate(states)}
    p = np.zeros((len(states), len(states)))
    for (stage, k), i in index.items():
        if stage in TERMINAL:
            p[i, i] = 1
            continue
        row = next(r for first, last, r in BUCKETS[stage] if k >= first and (last is None or k <= last))
        for to, prob in row.items():
            p[i, index[(to, 1)]] += prob
        open_first = BUCKETS[stage][-1][0]
        p[i, index[(stage, min(k + 1, open_first))]] += 1 - sum(row.values())
    return states, index, p


def close(a, b, rel=1e-12):
    return abs(a - b) <= rel * max(1.0, abs(b))


def check_analytics(binary, directory, failures):
    path = os.path.join(directory, "journey.yaml")
    result = subprocess.run([binary, "analyze", path, "--json"], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        failures.append(f"analyze exited {result.returncode}: {result.stderr}")
        return
    got = json.loads(result.stdout)
    states, index, p = expanded_chain()
    transient = [i for i, (stage, _) in enumerate(states) if stage not in TERMINAL]
    absorbing = [index[(t, 1)] for t in TERMINAL]
    q = p[np.ix_(transient, transient)]
    n = np.linalg.inv(np.eye(len(transient)) - q)
    pos = {state: j for j, state in enumerate(transient)}
    b = n @ p[np.ix_(transient, absorbing)]
    steps = n @ np.ones(len(transient))
    delta = (1 + 0.12) ** (-1 / 12)
    value_pv = np.linalg.solve(np.eye(len(states)) - delta * p,
                               np.array([REVENUE.get(stage, 0) for stage, _ in states], dtype=float))
    rows = got["fundamental_matrix"]["rows"]
    if rows != ["onboarding", "active", "expansion"]:
        failures.append(f"fundamental matrix rows {rows}")
        return
    for i, a in enumerate(rows):
        entry = pos[index[(a, 1)]]
        for j, c in enumerate(rows):
            want = sum(n[entry, pos[index[s]]] for s in states if s[0] == c)
            have = got["fundamental_matrix"]["values"][i][j]
            if not close(have, want):
                failures.append(f"N[{a}][{c}] = {have}, numpy {want}")
        if not close(got["expected_periods_to_absorption"][a], steps[entry]):
            failures.append(f"periods to absorption from {a}: {got['expected_periods_to_absorption'][a]}, numpy {steps[entry]}")
        for k, t in enumerate(TERMINAL):
            if not close(got["absorption_probabilities"][a][t], b[entry, k]):
                failures.append(f"P({a} -> {t}) = {got['absorption_probabilities'][a][t]}, numpy {b[entry, k]}")
        if not close(got["expected_revenue_per_customer_pv"][a], value_pv[index[(a, 1)]]):
            failures.append(f"PV per customer from {a}: {got['expected_revenue_per_customer_pv'][a]}, numpy {value_pv[index[(a, 1)]]}")
    # The trace from x(0) (customers who have just entered) with 60 arrivals a month, by stage.
    x = np.zeros(len(states))
    x[index[("onboarding", 1)]] = 400
    x[index[("active", 1)]] = 300
    inflow = np.zeros(len(states))
    inflow[index[("onboarding", 1)]] = 60
    for t in range(24):
        if t > 0:
            x = x @ p + inflow
        for stage in STAGES:
            want = sum(x[i] for i, s in enumerate(states) if s[0] == stage)
            have = got["trace"][t]["stages"][stage]
            if not close(have, want, 1e-11):
                failures.append(f"trace {stage} period {t}: {have}, numpy {want}")


def check_trajectory_rows(binary, directory, failures):
    for mode in ("expected", "cohort", "individual"):
        out = os.path.join(directory, "sim-" + mode)
        result = subprocess.run([binary, "simulate", os.path.join(directory, "journey.yaml"), "--out", out, "--mode", mode,
                                 "--replicates", "20", "--seed", "3", "--quiet"], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            failures.append(f"simulate --mode {mode} exited {result.returncode}: {result.stderr}")
            continue
        with open(os.path.join(out, "trajectories.csv"), newline="") as f:
            seen = {row["stage"] for row in csv.DictReader(f)}
        if seen != set(STAGES):
            failures.append(f"{mode}: trajectories.csv stages {sorted(seen)}, want the model's {sorted(STAGES)}")


def check_report(binary, directory, failures):
    """The report's moments-of-truth table holds analyze's exact values (data-value attributes)."""
    run_dir = os.path.join(directory, "sim-expected")
    result = subprocess.run([binary, "report", run_dir], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        failures.append(f"report exited {result.returncode}: {result.stderr}")
        return
    page = open(os.path.join(run_dir, "report.html"), encoding="utf-8").read()
    start = page.find('id="moments-of-truth"')
    if start < 0:
        failures.append("report: no moments-of-truth table")
        return
    table = page[start:page.find("</table>", start)]
    analysis = json.loads(subprocess.run([binary, "analyze", os.path.join(directory, "journey.yaml"), "--json"],
                                         capture_output=True, text=True, timeout=60, check=True).stdout)
    # The journey map's rate rows, by stage in file order: a bucketed stage shows its first
    # period's rate; plain stages their row (they were read by stage from the state matrix).
    want_rates = {"lane-move": [0.05, 0.02 + 0.01, 0.05], "lane-loss": [0.20, 0.06, 0.01]}
    for lane, want in want_rates.items():
        at = page.find(f'class="data-lane {lane}"')
        row = page[at:page.find("</tr>", at)] if at >= 0 else ""
        values = [float(v) for v in re.findall(r'data-value="([^"]+)"', row)]
        if not values or any(not close(v, w) for v, w in zip(values, want)) or len(values) < len(want):
            failures.append(f"report {lane}: {values}, want {want} (onboarding, active, expansion)")
    rows = table.split("<tr>")[2:]
    if len(rows) != len(analysis["moments_of_truth"]):
        failures.append(f"report: {len(rows)} moments of truth, analyze has {len(analysis['moments_of_truth'])}")
        return
    for row, m in zip(rows, analysis["moments_of_truth"]):
        values = [float(v) for v in re.findall(r'data-value="([^"]+)"', row)]
        want = [m["share_within"], m["retention_within"], m["share_later"], m["retention_later"]]
        if len(values) != 4 or any(not close(v, w) for v, w in zip(values, want)):
            failures.append(f"report row {values} != analyze {want}")


FIX_WARN_MODEL = """journey: {name: warn, period: month, horizon: 12}
stages:
  - {id: onboarding, revenue_per_period: 50}
  - {id: adoption, revenue_per_period: 80}
  - {id: lost, terminal: true}
transitions:
  onboarding:
    time_in_stage:
      "1": {lost: 0.5}
      "2+": {adoption: 0.5, lost: 0.45}
  adoption: {lost: 0.03}
population: {initial: {onboarding: 100}, inflow: {onboarding: 100}}
"""


def check_fix_warnings(binary, directory, failures):
    """A fix is warned about when its mean effect is clamped in some bucket, judged bucket by
    bucket: +0.2 to onboarding -> adoption fits period 1 (stay 0.5) but not 2+ (stay 0.05);
    +0.04 fits both. (The merged pattern row, stay 0, warned about both.)"""
    model = os.path.join(directory, "warn.yaml")
    with open(model, "w") as f:
        f.write(FIX_WARN_MODEL)
    for amount, warned in (("0.2", True), ("0.04", False)):
        fixes = os.path.join(directory, f"warn-{amount}.yaml")
        with open(fixes, "w") as f:
            f.write("model: warn.yaml\nfixes:\n  - id: nudge\n    cost: {upfront: 1000}\n    start: 0\n"
                    f"    effects:\n      - transition: onboarding -> adoption\n        absolute: {amount}\n")
        result = subprocess.run([binary, "validate", model, fixes], capture_output=True, text=True, timeout=60)
        said = "clamped in most replicates" in result.stderr
        if result.returncode != 0 or said != warned:
            failures.append(f"fix absolute {amount}: exit {result.returncode}, warned {said}, want {warned}: {result.stderr}")


def main():
    binary = os.path.abspath(sys.argv[1])
    failures = []
    with tempfile.TemporaryDirectory() as directory:
        with open(os.path.join(directory, "journey.yaml"), "w") as f:
            f.write(MODEL)
        check_analytics(binary, directory, failures)
        check_trajectory_rows(binary, directory, failures)
        check_report(binary, directory, failures)
        check_fix_warnings(binary, directory, failures)
    finish("time_in_stage_test", failures)


if __name__ == "__main__":
    main()
