#!/usr/bin/env python3
"""Every read is bounded before it happens (issue #15 §1 item 5).

`validate /dev/zero`, an endless YAML stream on stdin, a 1.5 GB (sparse) model file: exit 2 at
once with the size limit, in little memory (the file was read whole before the 1 MiB check).
A bad event log read from a FIFO: exit 2 without hanging (the error printer used to open the
path again to show the line under the caret, which blocks on a FIFO, and reads /dev/zero
forever).

Usage: input_bounds_test.py JOURNEYSIM_BINARY (from the repository root)
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

BINARY = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIMIT = "limited to 1048576 bytes"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def measured(args, **kwargs):
    """Runs the binary in a child that reports its own peak RSS (KiB) on the last stderr line."""
    wrapper = ("import resource, subprocess, sys\n"
               "r = subprocess.run(sys.argv[1:], stdin=sys.stdin)\n"
               "sys.stderr.write('\\nmaxrss %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "sys.exit(r.returncode)\n")
    # Its own session, so a timeout kills the binary too (not only the wrapper holding the pipes).
    process = subprocess.Popen([sys.executable, "-c", wrapper, BINARY, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True, **kwargs)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    stderr, _, rss = err.rpartition("\nmaxrss ")
    return process.returncode, stderr, int(rss) if rss.strip().isdigit() else -1


def bounded(args, what, must_say=LIMIT, **kwargs):
    try:
        code, stderr, rss = measured(args, **kwargs)
    except subprocess.TimeoutExpired:
        failures.append(f"{what}: still running after 30 s")
        return
    check(code == 2, f"{what}: exit {code}, expected 2\n{stderr[:300]}")
    check(must_say in stderr, f"{what}: message lacks {must_say!r}: {stderr[:300]}")
    check(0 < rss < 200 * 1024, f"{what}: peak memory {rss} KiB")


def main():
    work = tempfile.mkdtemp(prefix="journeysim-bounds-")
    try:
        bounded(["validate", "/dev/zero"], "validate /dev/zero", "more than 1048576 bytes; model and fixes files are " + LIMIT)
        endless = subprocess.Popen(["yes", "key: value"], stdout=subprocess.PIPE)
        try:
            bounded(["validate", "/dev/stdin"], "an endless YAML stream on stdin", stdin=endless.stdout)
        finally:
            endless.kill()
            endless.wait()
        sparse = os.path.join(work, "huge.yaml")
        with open(sparse, "wb") as f:
            f.truncate(1536 * 1024 * 1024)
        bounded(["validate", sparse], "a 1.5 GB model file", "the file is 1610612736 bytes; model and fixes files are " + LIMIT)
        template = os.path.join(ROOT, "scenarios", "b2b-saas", "journey.yaml")
        bounded(["simulate", template, "--fixes", "/dev/zero", "--out", os.path.join(work, "run")], "fixes from /dev/zero")

        # A bad event log from a FIFO: the error names the line without opening the FIFO again.
        fifo = os.path.join(work, "events.csv")
        os.mkfifo(fifo)
        def feed():
            with open(fifo, "w") as f:
                f.write("customer_id,timestamp,stage\nc1,2024-13-01,trial\n")
        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        try:
            code, stderr, _ = measured(["calibrate", "--events", fifo, "--model", template, "--out",
                                        os.path.join(work, "out.yaml")])
            check(code == 2, f"bad log from a FIFO: exit {code}: {stderr}")
            check(stderr.startswith(f"journeysim: {fifo}:2:"), f"bad log from a FIFO: {stderr}")
        except subprocess.TimeoutExpired:
            failures.append("a bad event log from a FIFO: calibrate hung after the error")
        writer.join(timeout=5)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
