#!/usr/bin/env python3
"""decide's tornado swings uncertain costs too (issues #14 and #12 §3), against closed forms.

Model (as in uncertain_cost_test.py): one paying stage, margin 80 a month, churn 10% into an
absorbing stage, 1,000 customers, no inflow, horizon 12, no discounting, no parameter
uncertainty; the one fix lowers churn to 5% with a certain effect, so in expected mode
NPV = B − U − 12·P − S·1 with B and S derived by hand. Its upfront cost U ~ triangular(1000,
2000, 6000) and per-period cost P ~ uniform(100, 500) are the only uncertain inputs.

- The bars' P10 and P90 are the distributions' quantiles in closed form: for the triangular,
  q(p) = a + √(p(b − a)(c − a)) below the mode's CDF (c − a)/(b − a) = 0.2, and
  q(p) = b − √((1 − p)(b − a)(b − c)) above it; for the uniform, a + p(b − a).
- Pinning U at its P10 and then its P90 leaves every other draw the same in both runs (P is
  drawn from the same stream position in both), and NPV is linear in U: the two mean NPVs
  differ by exactly q90 − q10. For P the difference is 12·(q90 − q10) (U is drawn before P, so
  it is unchanged).
- The mean NPV with U pinned at its P10 is B − q10 − 12·E[P] − S, within 4 Monte Carlo
  standard errors (12·sd(P)/√R) of the confirmation replicates' mean.
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
      per_customer: 1
    effects:
      - {transition: paying -> churned, absolute: -0.05}
"""
RESCORE = 400
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def close(got, want, message, rel=1e-9):
    check(abs(got - want) <= rel * max(1.0, abs(want)), f"{message}: got {got}, want {want}")




def triangular_quantile(a, c, b, p):
    if p < (c - a) / (b - a):
        return a + math.sqrt(p * (b - a) * (c - a))
    return b - math.sqrt((1 - p) * (b - a) * (b - c))


with tempfile.TemporaryDirectory() as tmp:
    for name, text in (("model.yaml", MODEL), ("fixes.yaml", FIXES)):
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)
    out = os.path.join(tmp, "decision")
    result = subprocess.run([BINARY, "decide", os.path.join(tmp, "model.yaml"), "--fixes", os.path.join(tmp, "fixes.yaml"),
                             "--budget", "1M", "--mode", "expected", "--replicates", "200", "--rescore-replicates",
                             str(RESCORE), "--seed", "3", "--out", out, "--quiet"],
                            capture_output=True, text=True, timeout=300)
    check(result.returncode == 0, f"decide: exit {result.returncode}: {result.stderr}")
    decision = json.load(open(os.path.join(out, "decision.json")))
    check(decision["recommended_portfolio"]["fixes"] == ["save-desk"], "the fix is funded")
    bars = {bar.get("cost"): bar for bar in decision["tornado"]}
    check(set(bars) == {"upfront", "per_period"}, f"one bar per uncertain cost, got {sorted(map(str, bars))}")
    if set(bars) == {"upfront", "per_period"}:
        upfront, per_period = bars["upfront"], bars["per_period"]
        check(upfront["effect"] is None and per_period["effect"] is None, "a cost bar has no effect index")
        q10, q90 = triangular_quantile(1000, 2000, 6000, 0.1), triangular_quantile(1000, 2000, 6000, 0.9)
        close(upfront["p10"], q10, "upfront P10")
        close(upfront["p90"], q90, "upfront P90")
        close(per_period["p10"], 140, "per-period P10")
        close(per_period["p90"], 460, "per-period P90")
        close(upfront["npv_mean_at_p10"] - upfront["npv_mean_at_p90"], q90 - q10, "upfront swing", rel=1e-8)
        close(per_period["npv_mean_at_p10"] - per_period["npv_mean_at_p90"], 12 * (460 - 140), "per-period swing",
              rel=1e-8)
        want = B - q10 - 12 * 300 - S
        se = 12 * (400 / math.sqrt(12)) / math.sqrt(RESCORE)
        check(abs(upfront["npv_mean_at_p10"] - want) <= 4 * se,
              f"NPV with the upfront cost at its P10: {upfront['npv_mean_at_p10']:.1f}, by hand {want:.1f} "
              f"(4 SE = {4 * se:.1f})")
        check(decision["tornado"][0]["cost"] == "per_period", "widest swing first")
        check(upfront["distribution"] == "triangular[1000, 2000, 6000]", f"distribution {upfront['distribution']}")
    rows = list(csv.DictReader(open(os.path.join(out, "tornado.csv"))))
    check([r["cost"] for r in rows] == [b.get("cost", "") for b in decision["tornado"]], "tornado.csv names the costs")
    check(all(r["effect"] == "" for r in rows), "tornado.csv leaves a cost bar's effect empty")
    # The report names the cost and prints its quantiles as money.
    page = os.path.join(tmp, "report.html")
    rendered = subprocess.run([BINARY, "report", out, "--out", page], capture_output=True, text=True, timeout=300)
    check(rendered.returncode == 0, f"report: exit {rendered.returncode}: {rendered.stderr}")
    html = open(page, encoding="utf-8").read() if os.path.exists(page) else ""
    table = html[html.find('id="tornado"'):]
    table = table[:table.find("</table>")]
    check("<td>upfront cost: triangular[1000, 2000, 6000]</td>" in table, "the report's tornado names the upfront cost")
    check("<td>cost per period: uniform[100, 500]</td>" in table, "the report's tornado names the per-period cost")

finish("decide_cost_tornado_test", failures)
