#!/usr/bin/env python3
"""decide's EVPPI covers uncertain fix costs (issues #14 §4 and #12 §3), against a closed form.

Model (tests/cli/save_desk_model.py): the save-desk journey, whose one fix has certain effects and
costs except its upfront cost U ~ uniform(a, b) = uniform(100000, 200000); per period 300, per
customer 1. In expected mode NPV = K − U with K = B − 12·300 − S derived by hand, and funding
nothing is worth 0, so with U the only uncertain input:

  EVPI = EVPPI(U) = E[max(0, K − U)] − max(0, K − E[U]) = (K − a)² / (2(b − a)) − max(0, K − (a + b)/2)

for a < K < b (here K ≈ 148,575: not funding is the better choice on average, and learning U pays
when it turns out below K). Checks:
- decision.json's EVPI is within 4 Monte Carlo standard errors of the closed form (the SE of the
  mean of max(0, K − U) over the screening replicates, from its closed-form variance
  (K − a)³/(3(b − a)) − E[max(0, K − U)]²);
- the cost's EVPPI entry (`cost: "upfront"`, `effect` null) satisfies 0 ≤ EVPI − EVPPI ≤ the
  binning loss: the estimator averages NPV within √n equal-count bins of U, which loses only in
  the bin holding K, at most (bin's share) × (bin's width) ≈ (b − a)/bins²; we allow twice that
  for the spread of a sample bin's width;
- the report's EVPPI table names the cost.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

from cli_check import finish
from save_desk_model import B, MODEL, S

BINARY = sys.argv[1]
A, B_HIGH, REPLICATES = 100000.0, 200000.0, 2000
FIXES = """model: model.yaml
fixes:
  - id: save-desk
    cost: {upfront: {uniform: [100000, 200000]}, per_period: 300, per_customer: 1}
    effects:
      - {transition: paying -> churned, absolute: -0.05}
"""
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


K = B - 12 * 300 - S
gain = (K - A) ** 2 / (2 * (B_HIGH - A))  # E[max(0, K − U)]
closed = gain - max(0.0, K - (A + B_HIGH) / 2)
se = math.sqrt((K - A) ** 3 / (3 * (B_HIGH - A)) - gain ** 2) / math.sqrt(REPLICATES)
bins = int(math.sqrt(REPLICATES))

with tempfile.TemporaryDirectory() as tmp:
    for name, text in (("model.yaml", MODEL), ("fixes.yaml", FIXES)):
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)
    out = os.path.join(tmp, "decision")
    result = subprocess.run([BINARY, "decide", os.path.join(tmp, "model.yaml"), "--fixes", os.path.join(tmp, "fixes.yaml"),
                             "--budget", "1M", "--mode", "expected", "--replicates", str(REPLICATES),
                             "--rescore-replicates", "200", "--seed", "5", "--out", out, "--quiet"],
                            capture_output=True, text=True, timeout=300)
    check(result.returncode == 0, f"decide: exit {result.returncode}: {result.stderr}")
    decision = json.load(open(os.path.join(out, "decision.json")))
    evpi = decision["evpi"]
    check(abs(evpi - closed) <= 4 * se, f"EVPI {evpi:.1f}, closed form {closed:.1f} (4 SE = {4 * se:.1f})")
    costs = [e for e in decision["evppi"] if e.get("cost") == "upfront"]
    check(len(costs) == 1, f"one EVPPI entry for the upfront cost, got {decision['evppi']}")
    if costs:
        entry = costs[0]
        check(entry["effect"] is None and entry["fix"] == "save-desk" and entry["distribution"] == "uniform[1e+05, 2e+05]",
              f"the cost's entry: {entry}")
        loss = 2 * (B_HIGH - A) / bins ** 2
        check(0 <= evpi - entry["evppi"] <= loss,
              f"EVPI {evpi:.2f} − EVPPI {entry['evppi']:.2f} outside [0, {loss:.1f}] (the binning loss)")
    page = os.path.join(tmp, "report.html")
    rendered = subprocess.run([BINARY, "report", out, "--out", page], capture_output=True, text=True, timeout=300)
    check(rendered.returncode == 0, f"report: exit {rendered.returncode}: {rendered.stderr}")
    html = open(page, encoding="utf-8").read() if os.path.exists(page) else ""
    table = html[html.find('id="evppi"'):]
    table = table[:table.find("</table>")]
    check("<td>upfront cost: uniform[1e+05, 2e+05]</td>" in table, "the report's EVPPI table names the upfront cost")

finish("decide_cost_evppi_test", failures)
