#!/usr/bin/env python3
"""SIGINT/SIGTERM during `simulate` (run from the repository root, argv[1] = binary).

A first run writes OUT. Then long runs with --force over OUT are interrupted at several
moments, by SIGINT and by SIGTERM. Each must stop with exit 130/143, the one line
`journeysim: interrupted by SIG...` on stderr, OUT byte-identical to the earlier result, and no
temporary file or directory left beside it (checks shared with the calibrate and report tests:
interrupt_support.py). A run that finishes before its signal fails, so the test cannot pass
vacuously.
"""
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interrupt_support import check, digest, failures, interrupt_runs, report  # noqa: E402

BINARY = sys.argv[1]
MODEL = "tests/data/fixes/model.yaml"


def simulate(out, replicates, *extra):
    return [BINARY, "simulate", MODEL, "--out", out, "--quiet", "--force", "--mode", "individual",
            "--replicates", str(replicates), "--seed", "3", *extra]


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "result")
    first = subprocess.run(simulate(out, 20), capture_output=True, text=True, timeout=120)
    check(first.returncode == 0, f"first run: exit {first.returncode}: {first.stderr}")
    before = digest(out)
    check(set(before) == {".journeysim-run", "model.yaml", "summary.json", "trajectories.csv", "revenue.csv",
                           "replicates.csv"},
          f"first run wrote {sorted(before)}")
    # ~10^9 customer-periods: minutes of work, so every signal below lands mid-run.
    schedule = ((signal.SIGINT, 0.5), (signal.SIGTERM, 0.5), (signal.SIGINT, 1.5), (signal.SIGTERM, 3.0))
    interrupted = interrupt_runs(simulate(out, 200000, "--threads", "2"), schedule, {out: before}, failures)
    check(interrupted == len(schedule), f"only {interrupted} of {len(schedule)} runs were interrupted")
    left = sorted(n for n in os.listdir(tmp) if n != "result")
    check(not left, f"left {left} beside the output")

report("ok: 4 interruptions (SIGINT, SIGTERM), exit 130/143, earlier output intact, no temporary files")
