#!/usr/bin/env python3
"""SIGINT/SIGTERM during `simulate` (run from the repository root, argv[1] = binary).

A first run writes OUT. Then long runs with --force over OUT are interrupted at several
moments, by SIGINT and by SIGTERM. Each must either finish normally (exit 0, OUT complete)
or stop with exit 130/143, the one line `journeysim: interrupted by SIG...` on stderr, OUT
byte-identical to the earlier result, and no temporary file or directory left beside it.
At least the early interruptions must land mid-run, so the test cannot pass vacuously.
"""
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time

BINARY = sys.argv[1]
MODEL = "tests/data/fixes/model.yaml"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def digest(directory):
    """Name → sha256 of every file in a directory."""
    return {name: hashlib.sha256(open(os.path.join(directory, name), "rb").read()).hexdigest()
            for name in sorted(os.listdir(directory))}


def simulate(out, replicates, *extra):
    return [BINARY, "simulate", MODEL, "--out", out, "--quiet", "--force", "--mode", "individual",
            "--replicates", str(replicates), "--seed", "3", *extra]


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "result")
    first = subprocess.run(simulate(out, 20), capture_output=True, text=True, timeout=120)
    check(first.returncode == 0, f"first run: exit {first.returncode}: {first.stderr}")
    before = digest(out)
    check(set(before) == {"summary.json", "trajectories.csv", "replicates.csv"}, f"first run wrote {sorted(before)}")

    interrupted = 0
    # ~10^9 customer-periods: minutes of work, so every signal below lands mid-run.
    for sig, delay in ((signal.SIGINT, 0.5), (signal.SIGTERM, 0.5), (signal.SIGINT, 1.5), (signal.SIGTERM, 3.0)):
        name = signal.Signals(sig).name
        started = time.monotonic()
        run = subprocess.Popen(simulate(out, 200000, "--threads", "2"), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        run.send_signal(sig)
        try:
            stdout, stderr = run.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            run.kill()
            failures.append(f"{name} after {delay} s: still running 30 s later")
            continue
        took = time.monotonic() - started
        # Under ThreadSanitizer the runtime's symbolizer may add its own line; it is not ours.
        stderr = "".join(line for line in stderr.splitlines(True) if not line.startswith("LLVMSymbolizer:"))
        left = sorted(n for n in os.listdir(tmp) if n != "result")
        check(not left, f"{name} after {delay} s: left {left} beside the output")
        if run.returncode == 0:
            failures.append(f"{name} after {delay} s: the run finished before the signal ({took:.1f} s); make it longer")
            continue
        interrupted += 1
        check(run.returncode == 128 + sig, f"{name} after {delay} s: exit {run.returncode}, expected {128 + sig}")
        check(stderr == f"journeysim: interrupted by {name}\n", f"{name} after {delay} s: stderr {stderr!r}")
        check(stdout == "", f"{name} after {delay} s: stdout {stdout!r}")
        check(digest(out) == before, f"{name} after {delay} s: the earlier output changed")
        check(took < delay + 5, f"{name} after {delay} s: took {took:.1f} s to stop")
    check(interrupted == 4, f"only {interrupted} of 4 runs were interrupted")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok: 4 interruptions (SIGINT, SIGTERM), exit 130/143, earlier output intact, no temporary files")
