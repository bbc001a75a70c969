#!/usr/bin/env python3
"""`simulate --terminal-value` (issue #15 §3): the value of the customers present at the horizon,
against a closed form derived by hand.

Model: one paying stage (revenue 100, cost 10 per month, gross margin 0.8, so margin m = 70)
that churns with probability c into an absorbing stage; 1,000 customers, no inflow, horizon 12,
discount rate 12% a year (δ = 1.12^(−1/12) per month). In expected mode the path is exact:
x(t) = 1000·(1 − c)^t. Customers at the horizon move once more, x(12) = 1000·(1 − c)^12, and
then each is worth v = m / (1 − δ(1 − c)) (v = m + δ(1 − c)v), discounted by δ^12:
TV = δ^12 · 1000·(1 − c)^12 · m / (1 − δ(1 − c)).
"""
import json
import os
import subprocess
import sys
import tempfile

from cli_check import finish

BINARY = sys.argv[1]
MODEL = """journey: {name: terminal value, period: month, horizon: 12, discount_rate: %s, gross_margin: 0.8}
stages:
  - {id: paying, revenue_per_period: 100, cost_per_period: 10}
  - {id: churned, terminal: true}
transitions:
  paying: {churned: 0.05}
population: {initial: {paying: 1000}}
"""
FIXES = """model: model.yaml
fixes:
  - id: save-desk
    cost: {upfront: 5000}
    effects:
      - {transition: paying -> churned, absolute: -0.02}
"""
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def close(got, want, message, rel=1e-9):
    check(abs(got - want) <= rel * max(1.0, abs(want)), f"{message}: got {got}, want {want}")


def tv(churn):
    delta = 1.12 ** (-1 / 12)
    return delta ** 12 * 1000 * (1 - churn) ** 12 * 70 / (1 - delta * (1 - churn))


with tempfile.TemporaryDirectory() as tmp:
    model = os.path.join(tmp, "model.yaml")
    fixes = os.path.join(tmp, "fixes.yaml")
    with open(model, "w") as f:
        f.write(MODEL % "0.12")
    with open(fixes, "w") as f:
        f.write(FIXES)

    def simulate(out, *extra):
        result = subprocess.run([BINARY, "simulate", model, "--fixes", fixes, "--out", out, "--mode", "expected",
                                 "--replicates", "3", "--seed", "1", *extra], capture_output=True, text=True, timeout=120)
        check(result.returncode == 0, f"simulate {extra}: exit {result.returncode}: {result.stderr}")
        return result

    with_tv = os.path.join(tmp, "with")
    without = os.path.join(tmp, "without")
    printed = simulate(with_tv, "--terminal-value").stdout
    simulate(without)
    on = json.load(open(os.path.join(with_tv, "summary.json")))
    off = json.load(open(os.path.join(without, "summary.json")))
    check(on["terminal_value"] is True and off["terminal_value"] is False, "summary.json says whether TV is in")
    check("terminal_value" not in off["scenarios"][0]["metrics"], "no terminal value unless asked for")
    base, fix = on["scenarios"][0], on["scenarios"][1]
    close(base["metrics"]["terminal_value"]["mean"], tv(0.05), "baseline terminal value")
    close(fix["metrics"]["terminal_value"]["mean"], tv(0.03), "fix terminal value")
    close(fix["vs_baseline"]["incremental_terminal_value"]["mean"], tv(0.03) - tv(0.05), "incremental terminal value")
    close(fix["vs_baseline"]["npv"]["mean"],
          off["scenarios"][1]["vs_baseline"]["npv"]["mean"] + tv(0.03) - tv(0.05), "NPV = horizon NPV + ΔTV")
    close(fix["vs_baseline"]["incremental_margin_pv"]["mean"],
          off["scenarios"][1]["vs_baseline"]["incremental_margin_pv"]["mean"], "margin within the horizon unchanged")
    check("include the terminal value" in printed, "the ranking says NPV includes the terminal value:\n" + printed)
    with open(os.path.join(with_tv, "replicates.csv")) as f:
        header = f.readline().strip().split(",")
    check(header[-2:] == ["terminal_value", "incremental_terminal_value"], f"replicates.csv header {header}")
    with open(os.path.join(without, "replicates.csv")) as f:
        check("terminal_value" not in f.readline(), "replicates.csv unchanged without the flag")

    report = subprocess.run([BINARY, "report", with_tv], capture_output=True, text=True, timeout=120)
    check(report.returncode == 0, f"report: {report.stderr}")
    page = open(os.path.join(with_tv, "report.html"), encoding="utf-8").read()
    check("plus the terminal value" in page, "the report labels NPV as including the terminal value")

    # Several transient stages, a cost on a non-paying stage, two terminal stages: the terminal
    # value by an independent computation here (the trace by hand, v by value iteration, no
    # matrix inverse). A new user's run of such a model once gave 1e+205 (a row vector
    # subtracted from a column vector: undefined in Eigen's release build).
    multi = os.path.join(tmp, "multi.yaml")
    with open(multi, "w") as f:
        f.write("""journey: {name: multi, period: month, horizon: 12, discount_rate: 0.1, gross_margin: 0.9}
stages:
  - {id: trial, cost_per_period: 5}
  - {id: active, revenue_per_period: 100, cost_per_period: 10}
  - {id: lost, terminal: true}
  - {id: churned, terminal: true}
transitions:
  trial: {active: 0.3, lost: 0.2}
  active: {churned: 0.1}
population: {initial: {trial: 500, active: 1000}}
""")
    stages = ["trial", "active", "lost", "churned"]
    P = [[0.5, 0.3, 0.2, 0], [0, 0.9, 0, 0.1], [0, 0, 1, 0], [0, 0, 0, 1]]
    m = [-5, 0.9 * 100 - 10, 0, 0]
    x = [500, 1000, 0, 0]
    step = lambda v: [sum(v[i] * P[i][j] for i in range(4)) for j in range(4)]
    for _ in range(11):  # x(0) = initial (the as-of convention), x(11) is the last period
        x = step(x)
    x = step(x)  # one more move: the customers present after the horizon
    delta = 1.1 ** (-1 / 12)
    v = [0.0] * 4
    for _ in range(3000):
        v = [m[i] + delta * sum(P[i][j] * v[j] for j in range(4)) for i in range(4)]
    want = delta ** 12 * sum(x[j] * v[j] for j in range(4))
    out_multi = os.path.join(tmp, "multi-run")
    result = subprocess.run([BINARY, "simulate", multi, "--out", out_multi, "--mode", "expected", "--replicates", "4",
                             "--terminal-value", "--quiet"], capture_output=True, text=True, timeout=120)
    check(result.returncode == 0, f"multi-stage: {result.stderr}")
    got = json.load(open(os.path.join(out_multi, "summary.json")))["scenarios"][0]["metrics"]["terminal_value"]
    close(got["mean"], want, "multi-stage terminal value (value iteration)")
    check(got["sd"] == 0, f"a hand-written model in expected mode: every replicate alike, sd {got['sd']}")

    # Without discounting the sum diverges for customers who stay: refused before running.
    with open(model, "w") as f:
        f.write(MODEL % "0")
    refused = os.path.join(tmp, "refused")
    result = subprocess.run([BINARY, "simulate", model, "--out", refused, "--terminal-value"], capture_output=True,
                            text=True, timeout=60)
    check(result.returncode == 2, f"discount 0: exit {result.returncode}")
    check("positive discount_rate" in result.stderr, f"discount 0: {result.stderr}")
    check(not os.path.exists(refused), "discount 0: nothing written")

finish("terminal_value_test", failures)
