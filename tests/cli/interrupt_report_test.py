#!/usr/bin/env python3
"""SIGINT/SIGTERM during `report` (run from the repository root, argv[1] = binary).

A first report of a small run writes OUT. Then reports of a run of a 900-stage journey (the
dense n×n analysis takes ≈4 s of one core; the run itself is 0.2 MB and simulates in ≈0.4 s)
with the same --out are interrupted, by SIGINT and by SIGTERM, 0.3 s and 1.0 s after they
start. Each must stop with exit 130/143, nothing on stdout, the one line
`journeysim: interrupted by SIG...` on stderr, OUT byte-identical to the first page and nothing
beside it, and the run directory untouched. A run that finished before its signal fails the
test, so it cannot pass vacuously.
"""
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interrupt_support import check, digest, failures, interrupt_runs, report  # noqa: E402

BINARY = sys.argv[1]
STAGES = 900  # the limit is 1000 (include/journeysim/model/limits.hpp)


def chain_model(path, stages):
    """s0 → s1 → … → s{n-1}, each stage also losing 5% a period to `lost`."""
    lines = ["journey: {name: long chain, period: month, horizon: 12}", "stages:"]
    lines += [f"  - {{id: s{i}, revenue_per_period: {i + 1}}}" for i in range(stages)]
    lines += ["  - {id: lost, terminal: true}", "transitions:"]
    lines += [f"  s{i}: {{s{i + 1}: 0.3, lost: 0.05}}" for i in range(stages - 1)]
    lines += [f"  s{stages - 1}: {{lost: 0.05}}", "population: {initial: {s0: 1000}, inflow: {s0: 100}}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def simulate(model, out, *extra):
    run = subprocess.run([BINARY, "simulate", model, "--out", out, "--quiet", "--mode", "expected", "--replicates",
                          "20", "--seed", "1", *extra], capture_output=True, text=True, timeout=120)
    check(run.returncode == 0, f"simulate {model}: exit {run.returncode}: {run.stderr}")


with tempfile.TemporaryDirectory() as tmp:
    small_run, large_run = os.path.join(tmp, "small-run"), os.path.join(tmp, "large-run")
    large_model = os.path.join(tmp, "chain.yaml")
    out_dir = os.path.join(tmp, "out")
    os.mkdir(out_dir)
    out = os.path.join(out_dir, "report.html")

    simulate("scenarios/b2b-saas/journey.yaml", small_run, "--fixes", "scenarios/b2b-saas/fixes.yaml")
    first = subprocess.run([BINARY, "report", small_run, "--out", out], capture_output=True, text=True, timeout=120)
    check(first.returncode == 0, f"first run: exit {first.returncode}: {first.stderr}")
    before = digest(out_dir)
    check(set(before) == {"report.html"}, f"first run wrote {sorted(before)}")

    chain_model(large_model, STAGES)
    simulate(large_model, large_run)
    if not failures:
        watched = {out_dir: before, large_run: digest(large_run)}
        schedule = ((signal.SIGINT, 0.3), (signal.SIGTERM, 0.3), (signal.SIGINT, 1.0), (signal.SIGTERM, 1.0))
        interrupted = interrupt_runs([BINARY, "report", large_run, "--out", out], schedule, watched, failures)
        check(interrupted == len(schedule), f"only {interrupted} of {len(schedule)} runs were interrupted")
        left = sorted(set(os.listdir(tmp)) - {"small-run", "large-run", "chain.yaml", "out"})
        check(not left, f"left {left} in the temporary directory")

report(f"ok: report of a {STAGES}-stage journey interrupted 4 times mid-run (SIGINT, SIGTERM), exit 130/143, "
      "earlier page intact, no temporary files")
