#!/usr/bin/env python3
"""decide's tornado swings the discount rate and the gross margin (issue #14 §3), against closed forms.

Model (tests/cli/save_desk_model.py): one paying stage, revenue 100 a month, gross margin 0.8,
churn 10% into an absorbing stage, 1,000 customers, no inflow, horizon 12, no discounting, no
parameter uncertainty; the one fix lowers churn to 5% with a certain effect and certain costs
(upfront U = 2000, per period P = 300, per customer 1). In expected mode, with margin m and annual
discount rate r, period t discounted by d(t) = (1 + r)^(−t/12) (docs/reference/model-file.md):

  NPV(m, r) = Σ_{t<12} d(t)·[m·100·1000·(0.95^t − 0.9^t) − P − 1000·0.95^t] − U

The model's margin 0.8 swings to 0.7 and 0.9; its rate 0 to 0 (floored) and 0.05. The decision's
economics_tornado (decision.json, economics_tornado.csv, the report's table) must hold these NPVs
(relative 1e-9): every replicate is the same path, so the mean is exact.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

from cli_check import finish
from save_desk_model import MODEL

BINARY = sys.argv[1]
FIXES = """model: model.yaml
fixes:
  - id: save-desk
    cost: {upfront: 2000, per_period: 300, per_customer: 1}
    effects:
      - {transition: paying -> churned, absolute: -0.05}
"""
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def close(got, want, message, rel=1e-9):
    check(abs(got - want) <= rel * max(1.0, abs(want)), f"{message}: got {got}, want {want}")


def npv(margin, rate):
    return sum((1 + rate) ** (-t / 12) * (margin * 100 * 1000 * (0.95 ** t - 0.9 ** t) - 300 - 1000 * 0.95 ** t)
               for t in range(12)) - 2000


with tempfile.TemporaryDirectory() as tmp:
    for name, text in (("model.yaml", MODEL), ("fixes.yaml", FIXES)):
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)
    out = os.path.join(tmp, "decision")
    result = subprocess.run([BINARY, "decide", os.path.join(tmp, "model.yaml"), "--fixes", os.path.join(tmp, "fixes.yaml"),
                             "--budget", "1M", "--mode", "expected", "--replicates", "20", "--rescore-replicates", "20",
                             "--seed", "3", "--out", out, "--quiet"],
                            capture_output=True, text=True, timeout=300)
    check(result.returncode == 0, f"decide: exit {result.returncode}: {result.stderr}")
    decision = json.load(open(os.path.join(out, "decision.json")))
    check(decision["recommended_portfolio"]["fixes"] == ["save-desk"], "the fix is funded")
    close(decision["recommended_portfolio"]["confirmed"]["npv_mean"], npv(0.8, 0), "the recommendation's NPV at the model's values")
    swings = {s["input"]: s for s in decision.get("economics_tornado", [])}
    check(set(swings) == {"discount_rate", "gross_margin"}, f"economics_tornado inputs: {sorted(swings)}")
    if set(swings) == {"discount_rate", "gross_margin"}:
        rate, margin = swings["discount_rate"], swings["gross_margin"]
        check((rate["value"], rate["low"], rate["high"]) == (0, 0, 0.05), f"discount rate range {rate}")
        close(margin["value"], 0.8, "margin value")
        close(margin["low"], 0.7, "margin low")
        close(margin["high"], 0.9, "margin high")
        close(rate["npv_mean_at_low"], npv(0.8, 0), "NPV at a discount rate of 0")
        close(rate["npv_mean_at_high"], npv(0.8, 0.05), "NPV at a discount rate of 5%")
        close(margin["npv_mean_at_low"], npv(0.7, 0), "NPV at a margin of 0.7")
        close(margin["npv_mean_at_high"], npv(0.9, 0), "NPV at a margin of 0.9")
        rows = list(csv.DictReader(open(os.path.join(out, "economics_tornado.csv"))))
        check([r["input"] for r in rows] == ["discount_rate", "gross_margin"], "economics_tornado.csv rows")
        if len(rows) == 2:
            close(float(rows[1]["swing"]), abs(npv(0.9, 0) - npv(0.7, 0)), "the margin's swing in the CSV", rel=1e-6)
    page = os.path.join(tmp, "report.html")
    rendered = subprocess.run([BINARY, "report", out, "--out", page], capture_output=True, text=True, timeout=300)
    check(rendered.returncode == 0, f"report: exit {rendered.returncode}: {rendered.stderr}")
    html = open(page, encoding="utf-8").read() if os.path.exists(page) else ""
    table = html[html.find('id="economics-tornado"'):]
    table = table[:table.find("</table>")]
    check("<td>gross margin</td>" in table and "<td>discount rate (a year)</td>" in table,
          "the report's economics table names both assumptions")

    # A budget above the fix's upfront and per-period costs (5,600) but below its simulated total
    # with the per-customer cost (5,600 + S ≈ 14,600): nothing is funded, and decide says why.
    tight = subprocess.run([BINARY, "decide", os.path.join(tmp, "model.yaml"), "--fixes", os.path.join(tmp, "fixes.yaml"),
                            "--budget", "8000", "--mode", "expected", "--replicates", "20", "--rescore-replicates", "20",
                            "--out", os.path.join(tmp, "tight")], capture_output=True, text=True, timeout=300)
    check(tight.returncode == 0 and "Fund: nothing (no fix fits the budget" in tight.stdout,
          f"a budget below the simulated cost: exit {tight.returncode}: {tight.stdout[:300]} {tight.stderr}")
    check("economics_tornado.csv" in tight.stdout, "decide's 'Wrote' line names economics_tornado.csv")

finish("decide_economics_test", failures)
