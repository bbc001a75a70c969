#!/usr/bin/env python3
"""`simulate --quantiles` (issue #15 §3): finance's P10/P50/P90 as a setting, named alike in
summary.json, trajectories.csv, the console ranking and the report.

Oracle: Python's statistics.quantiles(method="inclusive") is R's type 7 (numpy's default), the
definition journeysim documents; it is applied to the replicate values in replicates.csv.
"""
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile

from cli_check import finish

BINARY = sys.argv[1]
MODEL = "tests/data/fixes/model.yaml"
FIXES_TEXT = """model: model.yaml
fixes:
  - id: faster-setup
    owner: Product
    cost: {upfront: 2000, per_period: 100}
    effects:
      - {transition: onboarding -> adoption, relative: {triangular: [0.0, 0.2, 0.4]}}
"""
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(*args):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=300)


def type7(values, level):
    """R's type-7 quantile by its definition: (n − 1)·q, linear between neighbours."""
    v = sorted(values)
    h = (len(v) - 1) * level
    lo = int(h)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (h - lo) * (v[hi] - v[lo])


with tempfile.TemporaryDirectory() as tmp:
    fixes = os.path.join(tmp, "fixes.yaml")
    with open(fixes, "w") as f:
        f.write(FIXES_TEXT)
    out = os.path.join(tmp, "run")
    result = run("simulate", MODEL, "--fixes", fixes, "--out", out, "--replicates", "101", "--seed", "5",
                 "--quantiles", "0.9,0.1")
    check(result.returncode == 0, f"simulate --quantiles: exit {result.returncode}: {result.stderr}")
    summary = json.load(open(os.path.join(out, "summary.json")))
    check(summary["quantiles"] == [0.1, 0.5, 0.9], f"summary.json quantiles {summary.get('quantiles')}")
    npv = summary["scenarios"][1]["vs_baseline"]["npv"]
    check(list(npv.keys()) == ["mean", "sd", "mcse", "p10", "p50", "p90"], f"statistic keys {list(npv.keys())}")
    rows = list(csv.DictReader(open(os.path.join(out, "replicates.csv"))))
    values = [float(r["npv"]) for r in rows if r["scenario"] == "faster-setup" and r["segment"] == "all"]
    check(len(values) == 101, f"{len(values)} replicate NPVs")
    for key, level in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
        want = type7(values, level)
        check(abs(npv[key] - want) <= 1e-9 * max(1.0, abs(want)), f"{key} = {npv[key]}, type 7 gives {want}")
    # statistics.quantiles agrees with the hand definition (deciles 1 and 9 are p10 and p90).
    deciles = statistics.quantiles(values, n=10, method="inclusive")
    check(abs(deciles[0] - npv["p10"]) <= 1e-9 * max(1.0, abs(npv["p10"])), "p10 = statistics decile 1")
    check(abs(deciles[8] - npv["p90"]) <= 1e-9 * max(1.0, abs(npv["p90"])), "p90 = statistics decile 9")

    with open(os.path.join(out, "trajectories.csv")) as f:
        header = f.readline().strip()
    check(header == "scenario,segment,period,stage,mean,p10,p50,p90", f"trajectories.csv header {header}")
    check("NPV mean [p10, p90]" in result.stdout, "the ranking names its interval:\n" + result.stdout)

    report = run("report", out)
    check(report.returncode == 0, f"report: exit {report.returncode}: {report.stderr}")
    page = open(os.path.join(out, "report.html"), encoding="utf-8").read()
    check("NPV [P10, P90]" in page, "the report's ranking shows P10 and P90")
    check("P95" not in page, "the report shows no level the run did not compute")

    # Bad levels: exit 2, a message that says what is allowed, nothing written.
    for bad, words in (("0,0.5", "strictly between 0 and 1"), ("0.1234", "multiples of 0.001"),
                       ("ten", "got 'ten'"), ("0.1,,0.9", "got ''")):
        target = os.path.join(tmp, "bad")
        result = run("simulate", MODEL, "--out", target, "--quantiles", bad)
        check(result.returncode == 2, f"--quantiles {bad}: exit {result.returncode}")
        check(words in result.stderr, f"--quantiles {bad}: message {result.stderr!r}")
        check(not os.path.exists(target), f"--quantiles {bad}: wrote {target}")

finish("quantiles_test", failures)
