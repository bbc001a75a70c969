"""Helpers for tests/cli/interrupt_*_test.py: send SIGINT/SIGTERM to a long journeysim run and
check what it leaves behind (the same checks tests/cli/interrupt_test.py makes for simulate)."""
import hashlib
import os
import signal
import subprocess
import sys
import time

failures = []  # every test's findings; report() prints them


def check(condition, message):
    if not condition:
        failures.append(message)


def report(ok_message):
    """Exits 1 with the findings, or prints `ok_message`."""
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print(ok_message)


def digest(directory):
    """Name → sha256 of every file in a directory (so an extra file shows up as a new name)."""
    return {name: hashlib.sha256(open(os.path.join(directory, name), "rb").read()).hexdigest()
            for name in sorted(os.listdir(directory))}


def interrupt_runs(command, schedule, watched, failures):
    """Starts `command` once per (signal, delay) in `schedule` and sends the signal after delay
    seconds. Each run must still be going when the signal arrives (a run that finished first is
    a failure: the input is too small, and the test would pass vacuously), then stop within 5 s
    with exit 128 + signal, nothing on stdout and exactly `journeysim: interrupted by SIG...` on
    stderr, and leave every directory in `watched` (path → digest() taken before) as it was:
    the earlier output byte-identical and no temporary file beside it.
    Returns how many runs were interrupted mid-run."""
    interrupted = 0
    for sig, delay in schedule:
        label = f"{signal.Signals(sig).name} after {delay} s"
        started = time.monotonic()
        run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        run.send_signal(sig)
        try:
            stdout, stderr = run.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            run.kill()
            run.communicate()
            failures.append(f"{label}: still running 30 s later")
            continue
        took = time.monotonic() - started
        # Under ThreadSanitizer the runtime's symbolizer may add its own line; it is not ours.
        stderr = "".join(line for line in stderr.splitlines(True) if not line.startswith("LLVMSymbolizer:"))
        for directory, before in watched.items():
            after = digest(directory)
            if after != before:
                changed = sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
                failures.append(f"{label}: {directory} changed: {changed}")
        if run.returncode == 0:
            failures.append(f"{label}: the run finished before the signal ({took:.1f} s); make it longer")
            continue
        name = signal.Signals(sig).name
        if run.returncode == 128 + sig:
            interrupted += 1
        else:
            failures.append(f"{label}: exit {run.returncode}, expected {128 + sig}; stderr {stderr[-500:]!r}")
            continue
        if stderr != f"journeysim: interrupted by {name}\n":
            failures.append(f"{label}: stderr {stderr!r}")
        if stdout != "":
            failures.append(f"{label}: stdout {stdout!r}")
        if took > delay + 5:
            failures.append(f"{label}: took {took:.1f} s to stop")
    return interrupted
