#!/usr/bin/env python3
"""SIGINT/SIGTERM during `journeysim decide --force` over an earlier decision: exit 130/143, the
earlier directory byte-identical, no temporary file beside it (the checks of interrupt_test.py,
through tests/cli/interrupt_support.py). A run that finishes before its signal fails."""
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from interrupt_support import check, digest, failures, interrupt_runs, report  # noqa: E402

BINARY = sys.argv[1]
MODEL = "scenarios/b2b-saas/journey.yaml"
FIXES = "scenarios/b2b-saas/fixes.yaml"


def decide(out, replicates, *extra):
    return [BINARY, "decide", MODEL, "--fixes", FIXES, "--budget", "3M", "--out", out, "--quiet", "--force",
            "--replicates", str(replicates), "--seed", "3", *extra]


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "result")
    first = subprocess.run(decide(out, 20), capture_output=True, text=True, timeout=120)
    check(first.returncode == 0, f"first run: exit {first.returncode}: {first.stderr}")
    before = digest(out)
    check({"decision.json", "frontier.csv", "fixes.csv", "portfolios.csv", "tornado.csv", "summary.json"} <= set(before),
          f"first run wrote {sorted(before)}")
    # Individual mode with many replicates: minutes of work, so every signal lands mid-run.
    schedule = ((signal.SIGINT, 0.5), (signal.SIGTERM, 1.5))
    interrupted = interrupt_runs(decide(out, 100000, "--mode", "individual", "--threads", "2"), schedule,
                                 {out: before}, failures)
    check(interrupted == len(schedule), f"only {interrupted} of {len(schedule)} runs were interrupted")
    left = sorted(n for n in os.listdir(tmp) if n != "result")
    check(not left, f"left {left} beside the output")

report("ok: decide interrupted twice (SIGINT, SIGTERM), exit 130/143, earlier decision intact, no temporary files")
