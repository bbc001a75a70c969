#!/usr/bin/python3
"""Simulation benchmarks (issue #4), printed as a Markdown table for benchmarks/RESULTS.md.

1. expected mode, the example with its 10 fixes and 2 portfolios, 10,000 replicates, 36 months,
   1 and 2 threads; the same job in numpy (benchmarks/peers/numpy_expected.py), cross-checked:
   baseline revenue must agree to 1e-9 and every scenario's mean NPV within 4 combined MCSE;
2. individual mode: customer-periods per second, 1 and 2 threads, against the RNG + transition
   step alone (bench_individual_step);
3. cohort mode: replicates per second at a 100,000-customer population.
Usage: bench_simulate.py BUILD_DIR [--runs N]
"""
import argparse
import json
import math
import os
import re
import subprocess
import tempfile

from timing import run

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODEL = os.path.join(ROOT, "scenarios", "b2b-saas", "journey.yaml")
FIXES = os.path.join(ROOT, "scenarios", "b2b-saas", "fixes.yaml")
COHORT_MODEL = os.path.join(HERE, "data", "cohort_100k.yaml")


def median_run(command, runs):
    results = [run(command) for _ in range(runs)]
    results.sort(key=lambda r: r["wall"])
    return results[len(results) // 2]


def simulate(binary, out, model, mode, replicates, threads, runs, fixes=FIXES):
    command = [binary, "simulate", model, "--fixes", fixes, "--out", out, "--force", "--mode", mode,
               "--replicates", str(replicates), "--threads", str(threads), "--seed", "1"]
    r = median_run(command, runs)
    core = re.search(r"seed 1, ([0-9.e+-]+) s", r["stdout"])
    written = re.search(r"replicates.csv in ([0-9.e+-]+) s", r["stdout"])
    steps = re.search(r"([0-9]+) customer-periods", r["stdout"])
    r["core"] = float(core.group(1)) if core else float("nan")
    r["writing"] = float(written.group(1)) if written else float("nan")
    r["customer_periods"] = int(steps.group(1)) if steps else 0
    return r


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.join(args.build, "journeysim")
    step_bench = os.path.join(args.build, "benchmarks", "bench_individual_step")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        # 1. expected mode and the numpy peer.
        exp = {k: simulate(binary, out, MODEL, "expected", 10000, k, args.runs) for k in (1, 2)}
        ours = json.load(open(os.path.join(out, "summary.json")))
        numpy_run = median_run(["/usr/bin/python3", os.path.join(HERE, "peers", "numpy_expected.py"), MODEL, FIXES,
                                "10000", "1"], args.runs)
        peer = json.loads(numpy_run["stdout"])
        base_ours = ours["scenarios"][0]["metrics"]["revenue_total"]["mean"]
        base_peer = peer["scenarios"]["baseline"]["revenue_total"]
        agree = abs(base_ours - base_peer) <= 1e-9 * abs(base_ours)
        worst = 0.0
        for s in ours["scenarios"][1:]:
            p = peer["scenarios"][s["id"]]
            se = math.hypot(s["vs_baseline"]["npv"]["mcse"], p["npv_sd"] / math.sqrt(10000))
            worst = max(worst, abs(s["vs_baseline"]["npv"]["mean"] - p["npv_mean"]) / se)
        rows.append(("expected, 10k replicates, 1 thread", exp[1]["wall"], exp[1]["core"], exp[1]["writing"], exp[1]["cpu"], exp[1]["peak_mb"], ""))
        rows.append(("expected, 10k replicates, 2 threads", exp[2]["wall"], exp[2]["core"], exp[2]["writing"], exp[2]["cpu"], exp[2]["peak_mb"],
                     f"numpy / journeysim wall: {numpy_run['wall'] / exp[2]['wall']:.1f}x"))
        rows.append(("numpy peer (vectorised over replicates)", numpy_run["wall"], peer["seconds_simulation"], float("nan"),
                     numpy_run["cpu"], numpy_run["peak_mb"],
                     f"baseline revenue {'equal' if agree else 'DIFFERS'}; NPV means within {worst:.1f} MCSE"))
        # 2. individual mode.
        ind = {k: simulate(binary, out, MODEL, "individual", 4, k, args.runs) for k in (1, 2)}
        limit = subprocess.run([step_bench, MODEL], capture_output=True, text=True, check=True).stdout
        limits = dict(re.findall(r"threads=(\d+) .*million_per_s=([0-9.]+)", limit))
        for k in (1, 2):
            rate = ind[k]["customer_periods"] / ind[k]["core"] / 1e6
            rows.append((f"individual, 4 replicates, {k} thread{'s' if k > 1 else ''}", ind[k]["wall"], ind[k]["core"],
                         ind[k]["writing"], ind[k]["cpu"], ind[k]["peak_mb"],
                         f"{rate:.0f}M customer-periods/s ({ind[k]['customer_periods']:,} stepped)"))
        # 3. cohort mode at 100k customers.
        coh = simulate(binary, out, COHORT_MODEL, "cohort", 500, 2, args.runs)
        rows.append(("cohort, 100k customers, 500 replicates, 2 threads", coh["wall"], coh["core"], coh["writing"], coh["cpu"],
                     coh["peak_mb"], f"{500 / coh['core']:.0f} replicates/s (13 scenarios × 2 segments each)"))
    print("| job | wall s | simulation s | writing outputs s | CPU s | peak MB | note |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, wall, core, writing, cpu, peak, note in rows:
        fmt = lambda v: "–" if v != v else f"{v:.2f}"
        print(f"| {name} | {fmt(wall)} | {fmt(core)} | {fmt(writing)} | {fmt(cpu)} | {peak:.0f} | {note} |")
    print()
    print(f"Thread scaling 1 → 2 (simulation seconds): expected {exp[1]['core'] / exp[2]['core']:.2f}x, "
          f"individual {ind[1]['core'] / ind[2]['core']:.2f}x")
    print(f"RNG + transition step alone (bench_individual_step): {limits.get('1', '?')}M/s on 1 thread, "
          f"{limits.get('2', '?')}M/s on 2")


if __name__ == "__main__":
    main()
