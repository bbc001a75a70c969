#!/usr/bin/env python3
"""SIGINT/SIGTERM during `calibrate` (run from the repository root, argv[1] = binary).

A first calibrate of a small log writes OUT. Then calibrate runs of a large log (≈7.0M rows,
283 MB, read in ≈6 passes on 1 thread: ≈3 s) with the same --out are interrupted, by SIGINT and by SIGTERM,
0.3 s and 0.6 s after they start. Each must stop with exit 130/143, nothing on stdout, the one
line `journeysim: interrupted by SIG...` on stderr, OUT byte-identical to the first result and
nothing beside it. The large log gives a different model, so a run that wrote OUT would show;
a run that finished before its signal fails the test, so it cannot pass vacuously.
"""
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interrupt_support import check, digest, failures, interrupt_runs, report  # noqa: E402

BINARY = sys.argv[1]
MODEL = "scenarios/b2b-saas/journey.yaml"


def synth(out, customers, seed):
    run = subprocess.run([BINARY, "synth", MODEL, "--customers", str(customers), "--periods", "24", "--seed", str(seed),
                          "--out", out], capture_output=True, text=True, timeout=120)
    check(run.returncode == 0, f"synth {customers}: exit {run.returncode}: {run.stderr}")


def calibrate(events, out, *extra):
    return [BINARY, "calibrate", "--events", events, "--model", MODEL, "--out", out, *extra]


with tempfile.TemporaryDirectory() as tmp:
    small, large = os.path.join(tmp, "small.csv"), os.path.join(tmp, "large.csv")
    out_dir = os.path.join(tmp, "out")
    os.mkdir(out_dir)
    out = os.path.join(out_dir, "calibrated.yaml")

    synth(small, 20000, 1)
    first = subprocess.run(calibrate(small, out), capture_output=True, text=True, timeout=120)
    check(first.returncode == 0, f"first run: exit {first.returncode}: {first.stderr}")
    before = digest(out_dir)
    check(set(before) == {"calibrated.yaml"}, f"first run wrote {sorted(before)}")

    # 3,000,000 customers: 6,988,337 rows; synth takes ≈1 s. A full calibrate on 2 threads
    # takes ≈0.7 s, too close to the later signals, so the interrupted runs read the log in
    # several passes (--event-memory 32: ≈6) on 1 thread: ≈3 s, and signals land in any pass.
    synth(large, 3000000, 2)
    if not failures:
        schedule = ((signal.SIGINT, 0.3), (signal.SIGTERM, 0.3), (signal.SIGINT, 0.6), (signal.SIGTERM, 0.6))
        interrupted = interrupt_runs(calibrate(large, out, "--threads", "1", "--event-memory", "32"), schedule,
                                     {out_dir: before}, failures)
        check(interrupted == len(schedule), f"only {interrupted} of {len(schedule)} runs were interrupted")
        left = sorted(set(os.listdir(tmp)) - {"small.csv", "large.csv", "out"})
        check(not left, f"left {left} in the temporary directory")

report("ok: calibrate interrupted 4 times mid-run (SIGINT, SIGTERM), exit 130/143, earlier output intact, "
      "no temporary files")
