#!/usr/bin/env python3
"""calibrate writes a 95% interval for every cell of every time-in-stage bucket (issue #11), and
the model file reads them back.

A log drawn by synth from tests/data/time_in_stage/onboarding.yaml, calibrated with
`--time-in-stage 1-3,4+ --interval wilson`: for each bucket of each stage, calibration.intervals
holds [low, high] for each destination the bucket estimated, equal (to the 6 significant digits
written) to the Wilson score interval (Wilson 1927) computed here from the bucket's counts in
calibration.counts: centre (p + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p(1−p)/n + z²/4n²),
z = 1.959963984540054. The written model validates, and a bucket label the stage lacks is
refused at its line and column (exit 2).
"""
import math
import os
import subprocess
import sys
import tempfile

import yaml

from cli_check import finish

BINARY = sys.argv[1]
TEMPLATE = "tests/data/time_in_stage/onboarding.yaml"
Z = 1.959963984540054
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(*args, expect=0):
    result = subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=300)
    check(result.returncode == expect, f"{' '.join(args)}: exit {result.returncode}: {result.stderr}")
    return result


def wilson(k, n):
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


with tempfile.TemporaryDirectory() as tmp:
    log, model = os.path.join(tmp, "log.csv"), os.path.join(tmp, "calibrated.yaml")
    run("synth", TEMPLATE, "--customers", "5000", "--periods", "24", "--seed", "3", "--out", log)
    run("calibrate", "--events", log, "--model", TEMPLATE, "--out", model, "--interval", "wilson",
        "--time-in-stage", "1-3,4+")
    calibration = yaml.safe_load(open(model))["calibration"]
    checked = 0
    for stage, row in calibration["counts"].items():
        if not isinstance(row, dict) or "time_in_stage" not in row:
            continue
        intervals = calibration["intervals"].get(stage, {}).get("time_in_stage", {})
        check(set(intervals) == set(row["time_in_stage"]), f"{stage}: interval buckets {sorted(intervals)}")
        for label, counts in row["time_in_stage"].items():
            n = sum(counts.values())
            for to, k in counts.items():
                got = intervals.get(label, {}).get(to)
                want = wilson(k, n)
                checked += 1
                if got is None or any(abs(g - w) > 5e-6 * max(w, 1e-3) for g, w in zip(got, want)):
                    failures.append(f"{stage} {label} -> {to}: interval {got}, Wilson from {k}/{n} gives {want}")
    check(checked >= 8, f"only {checked} bucket cells checked")
    run("validate", model)
    text = open(model).read()
    bad = os.path.join(tmp, "bad.yaml")
    with open(bad, "w") as f:
        f.write(text.replace('        "4+": {onboarding: [', '        "5+": {onboarding: [', 1))
    result = run("validate", bad, expect=2)
    check("'5+'" in result.stderr and "is not a bucket of 'onboarding'" in result.stderr and "bad.yaml:" in result.stderr,
          f"a wrong bucket label: {result.stderr}")

finish("bucket_intervals_test", failures)
