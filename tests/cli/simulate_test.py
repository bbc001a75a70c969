#!/usr/bin/env python3
"""End-to-end checks of `journeysim simulate` (run from the repository root, argv[1] = binary).

- same seed => byte-identical summary.json, trajectories.csv and replicates.csv for 1, 2 and 8
  threads, in every mode;
- outputs match SPEC §6 (columns, statistics, scenarios) and agree with each other;
- --precision stops deterministically; a non-empty --out is refused without --force; a bad
  fixes file writes nothing.
"""
import csv
import filecmp
import json
import os
import subprocess
import sys
import tempfile

BINARY = sys.argv[1]
MODEL = "tests/data/fixes/model.yaml"
FIXES_TEXT = """model: model.yaml
fixes:
  - id: faster-setup
    owner: Product
    cost: {upfront: 2000, per_period: 100}
    start: 1
    ramp: 2
    effects:
      - {transition: onboarding -> adoption, relative: {triangular: [0.0, 0.2, 0.4]}}
  - id: health-alerts
    owner: Customer Success
    cost: {per_period: 300, per_customer: 0.5}
    addresses: ["Health alerts"]
    effects:
      - {transition: adoption -> churned, relative: {normal: {mean: -0.2, sd: 0.1}}}
portfolios:
  - {id: both, fixes: [faster-setup, health-alerts]}
"""
STATISTIC_KEYS = ["mean", "sd", "mcse", "p05", "p10", "p50", "p90", "p95"]  # the default --quantiles
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def simulate(out, *extra, expect=0):
    result = subprocess.run([BINARY, "simulate", MODEL, "--fixes", FIXES, "--out", out, "--quiet", *extra],
                            capture_output=True, text=True, timeout=300)
    check(result.returncode == expect, f"simulate {extra}: exit {result.returncode}: {result.stderr}")
    return result


with tempfile.TemporaryDirectory() as tmp:
    FIXES = os.path.join(tmp, "fixes.yaml")
    with open(FIXES, "w") as f:
        f.write(FIXES_TEXT)
    # The fixes file says model: model.yaml relative to itself; the CLI uses MODEL as given.

    for mode, replicates in (("expected", "200"), ("cohort", "100"), ("individual", "20")):
        outs = []
        for threads in ("1", "2", "8"):
            out = os.path.join(tmp, f"{mode}-{threads}")
            simulate(out, "--mode", mode, "--replicates", replicates, "--seed", "42", "--threads", threads)
            outs.append(out)
        for name in ("summary.json", "trajectories.csv", "replicates.csv"):
            for other in outs[1:]:
                check(filecmp.cmp(os.path.join(outs[0], name), os.path.join(other, name), shallow=False),
                      f"{mode}: {name} differs between 1 thread and {other}")

    out = os.path.join(tmp, "cohort-1")
    summary = json.load(open(os.path.join(out, "summary.json")))
    check(summary["mode"] == "cohort" and summary["replicates"] == 100 and summary["seed"] == 42,
          "summary metadata")
    check(summary["boost_version"].startswith("1."), "boost version recorded")
    check([s["id"] for s in summary["scenarios"]] == ["baseline", "faster-setup", "health-alerts", "both"],
          "scenario order: baseline, each fix, each portfolio")
    check(summary["scenarios"][3]["fixes"] == ["faster-setup", "health-alerts"], "portfolio lists its fixes")
    for scenario in summary["scenarios"]:
        for name, stat in scenario["metrics"].items():
            check(list(stat.keys()) == STATISTIC_KEYS, f"{scenario['id']}.{name} has S keys")
            check(stat["p05"] <= stat["p10"] <= stat["p50"] <= stat["p90"] <= stat["p95"],
                  f"{scenario['id']}.{name} quantiles ordered")
        if scenario["id"] != "baseline":
            vs = scenario["vs_baseline"]
            for key in ("incremental_revenue", "incremental_margin_pv", "cost_pv", "npv", "roi", "retained_arr",
                        "payback_period"):
                check(list(vs[key].keys()) == STATISTIC_KEYS, f"{scenario['id']}.vs_baseline.{key}")
            check(abs(vs["npv"]["mean"] - (vs["incremental_margin_pv"]["mean"] - vs["cost_pv"]["mean"]))
                  <= 1e-6 * max(1, abs(vs["npv"]["mean"])), f"{scenario['id']}: npv = margin_pv - cost_pv")
            check(0 <= vs["prob_npv_positive"] <= 1, "probability in [0, 1]")

    # replicates.csv: one row per replicate and scenario (no segments: segment 'all'); means match.
    rows = list(csv.DictReader(open(os.path.join(out, "replicates.csv"))))
    check(len(rows) == 100 * 4, f"replicates.csv rows: {len(rows)}")
    npv = [float(r["npv"]) for r in rows if r["scenario"] == "both"]
    check(abs(sum(npv) / len(npv) - summary["scenarios"][3]["vs_baseline"]["npv"]["mean"]) <= 1e-6 * abs(
        summary["scenarios"][3]["vs_baseline"]["npv"]["mean"]), "replicates.csv agrees with summary.json")
    traj = list(csv.DictReader(open(os.path.join(out, "trajectories.csv"))))
    check(list(traj[0].keys()) == ["scenario", "segment", "period", "stage", "mean", "p05", "p10", "p50", "p90", "p95"],
          "trajectories.csv columns")
    check(len(traj) == 4 * 12 * 3, f"trajectories rows: {len(traj)}")  # scenarios × periods × 3 stages
    check(all(r["stage"] in ("onboarding", "adoption", "churned") for r in traj), "trajectories.csv holds stages only")
    revenue = list(csv.DictReader(open(os.path.join(out, "revenue.csv"))))
    check(list(revenue[0].keys()) == ["scenario", "segment", "period", "mean", "p05", "p10", "p50", "p90", "p95"],
          "revenue.csv columns")
    check(len(revenue) == 4 * 12, f"revenue rows: {len(revenue)}")  # scenarios × periods
    # Revenue in period t = Σ customers × revenue per period; its total over the horizon is
    # summary.json's revenue_total (means are linear, so the mean of the sums is the sum of means).
    total = sum(float(r["mean"]) for r in revenue if r["scenario"] == "baseline")
    want = summary["scenarios"][0]["metrics"]["revenue_total"]["mean"]
    check(abs(total - want) <= 1e-5 * abs(want), f"revenue.csv sums to {total}, summary.json says {want}")

    # --precision: deterministic, and it reports what happened.
    a = os.path.join(tmp, "precise-a")
    b = os.path.join(tmp, "precise-b")
    for target, threads in ((a, "1"), (b, "2")):
        simulate(target, "--mode", "cohort", "--replicates", "50", "--precision", "0.05", "--max-replicates", "400",
                 "--seed", "3", "--threads", threads)
    check(filecmp.cmp(os.path.join(a, "summary.json"), os.path.join(b, "summary.json"), shallow=False),
          "--precision run is deterministic across thread counts")
    precise = json.load(open(os.path.join(a, "summary.json")))
    check(precise["convergence"]["precision"] == 0.05, "convergence recorded")
    check(precise["replicates"] % 50 == 0 and precise["replicates"] <= 400, "batches of --replicates")
    if precise["convergence"]["reached"]:
        for s in precise["scenarios"][1:]:
            npv = s["vs_baseline"]["npv"]
            check(npv["mcse"] <= 0.05 * abs(npv["mean"]), f"{s['id']}: precision reached as claimed")

    # A non-empty output directory is refused without --force, and left untouched.
    result = simulate(out, "--replicates", "5", expect=2)
    check("not empty" in result.stderr and "--force" in result.stderr, "refusal names --force: " + result.stderr)
    check(json.load(open(os.path.join(out, "summary.json")))["replicates"] == 100, "refused run left outputs intact")
    simulate(out, "--replicates", "5", "--force")
    check(json.load(open(os.path.join(out, "summary.json")))["replicates"] == 5, "--force replaced the outputs")

    # A bad fixes file: exit 2, nothing written, no temporary left behind.
    with open(FIXES, "w") as f:
        f.write(FIXES_TEXT.replace("onboarding -> adoption", "onboarding -> adopton"))
    fresh = os.path.join(tmp, "never")
    result = simulate(fresh, expect=2)
    check("did you mean 'adoption'" in result.stderr, "bad fixes file error: " + result.stderr)
    check(not os.path.exists(fresh), "no output directory after an error")
    check(not [n for n in os.listdir(tmp) if ".tmp-" in n], "no temporary files left: " + str(os.listdir(tmp)))

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("simulate end-to-end: all checks passed")
