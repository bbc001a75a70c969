#!/usr/bin/env python3
"""A calibrated model carries its as-of state by period in stage (issue #11 §3), through the CLI.

Oracles (none of them the code under test):
- Hand-built log: fourteen customers with known entry dates, calibrated with --time-in-stage 1,2,3+
  at as_of 2024-06-30 (log from January 2024). Each customer's period in stage in June was derived
  by hand below from the documented rule (period 1 = the month the stage was entered, the stage at a
  month's end = its last event by then; a spell under way since the log's first month counted at the
  months observed, 6); the written population.initial must be exactly those counts, the unknown
  ones reported. Again at as_of 2024-06-15, inside June (state at as_of, its period June).
- Round trip: the per-stage sums equal the plain counts calibrate writes without --time-in-stage,
  the model reads back through validate, analyze and simulate, and simulate's expected period 1 is
  x(1) = x(0)·P + inflow computed here by hand from the written rows, bucket by bucket (with every
  customer at period 1, as before, it would differ).
- Backtest: tests/data/time_in_stage/onboarding.yaml (onboarding churn 15%/month in months 1-3, 2%
  after) synthesised over 30 months, calibrated at as_of six months before the end with the true
  buckets, forecast in expected mode; the alive customers six months later in the held-out log are
  within 4 standard deviations of the forecast, the deviation combining binomial noise (var ≤
  Σ p(1−p) ≤ the forecast count itself, a bound) with parameter uncertainty (the forecast's own
  90% band / 3.29). With every as-of customer at period 1 (main before this change) the forecast is
  far outside that. Seed 5, 40000 customers: held-out 18435 alive; by period in stage 18558.7
  (+0.72 sd, sd 170.8); everyone at period 1 16816.6 (−9.48 sd, 9% low). Seeds 1-8 gave |z| ≤ 0.95
  by period in stage and −9.3 … −11.3 sd at period 1 (the sd is an upper bound, so |z| runs small).
Run as: time_in_stage_as_of_test.py BINARY (from the repository root).
"""
import csv
import math
import os
import re
import subprocess
import sys
import tempfile

import yaml

TEMPLATE = """journey: {name: as-of by period, period: month, horizon: 6}
stages:
  - id: trial
    revenue_per_period: 10
  - id: paying
    revenue_per_period: 50
  - id: churned
    terminal: true
transitions:
  trial: {paying: 0.2, churned: 0.1}
  paying: {trial: 0.05, churned: 0.05}
population:
  initial: {trial: 1}
  inflow: {trial: 1}
"""

# (customer, timestamp, stage); as_of 2024-06-30 (end of June), the log begins in January.
EVENTS = [
    ("c01", "2024-01-10", "trial"),    # trial since the first month: unknown, 6 months observed -> 3+
    ("c02", "2024-06-05", "trial"),    # trial, period 1
    ("c03", "2024-05-20", "trial"),    # trial, period 2
    ("c04", "2024-04-02", "trial"),    # trial, period 3 -> 3+
    ("c05", "2024-02-01", "trial"), ("c05", "2024-05-15", "paying"),  # paying, period 2
    ("c06", "2024-03-01", "trial"), ("c06", "2024-06-30", "paying"),  # paying, period 1
    ("c07", "2024-01-05", "trial"), ("c07", "2024-03-03", "paying"),  # paying since March: period 4 -> 3+ (known)
    ("c08", "2024-01-20", "paying"),   # paying since the first month: unknown -> 3+
    ("c09", "2024-02-10", "trial"), ("c09", "2024-04-01", "churned"),  # gone: not counted
    ("c10", "2024-05-03", "trial"), ("c10", "2024-07-02", "paying"),  # after as_of: trial, period 2
    # April ends in trial again (the net move of the month): the trial spell runs from March, period 4 -> 3+
    ("c11", "2024-03-10", "trial"), ("c11", "2024-04-05", "paying"), ("c11", "2024-04-25", "trial"),
    ("c12", "2024-02-03", "paying"), ("c12", "2024-05-01", "trial"), ("c12", "2024-06-10", "paying"),  # re-entry: 1
    ("c13", "2024-01-31", "trial"), ("c13", "2024-02-01", "paying"),  # paying since February: period 5 -> 3+ (known)
    ("c14", "2024-01-15", "trial"), ("c14", "2024-03-15", "trial"),  # a repeated event: still unknown -> 3+
]
EXPECTED = {"trial": {"1": 1, "2": 2, "3+": 4}, "paying": {"1": 2, "2": 1, "3+": 3}}
UNKNOWN = {"trial": 2, "paying": 1}  # c01, c14; c08
# as_of 2024-06-15, inside June (the last complete month is May; the state is at as_of, in June):
# c06's paying event of June 30 is after as_of, so it is in trial since March (period 4 -> 3+);
# c12 paying since June 10 (period 1); c10 still trial, period 2; the others as at June 30.
EXPECTED_MID = {"trial": {"1": 1, "2": 2, "3+": 5}, "paying": {"1": 1, "2": 1, "3+": 3}}


def run(binary, *args, expect=0):
    result = subprocess.run([binary, *args], capture_output=True, text=True, timeout=300)
    if result.returncode != expect:
        sys.exit(f"{' '.join(args)}: exit {result.returncode}, expected {expect}\n{result.stdout}\n{result.stderr}")
    return result


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def row_of(model, stage, period):
    """The written row of `stage` at period in stage `period` (with its stay), from the file."""
    spec = model["transitions"][stage]
    if "time_in_stage" not in spec:
        cells = dict(spec)
    else:
        cells = None
        for label, bucket in spec["time_in_stage"].items():
            lo, hi = (int(label[:-1]), math.inf) if label.endswith("+") else (
                tuple(int(x) for x in label.split("-")) if "-" in label else (int(label), int(label)))
            if lo <= period <= hi:
                cells = dict(bucket)
        assert cells is not None, (stage, period)
    cells[stage] = 1 - sum(cells.values())
    return cells


def first_step_by_hand(model):
    """x(1) by stage = Σ over stages and periods in stage of n · row(period) + inflow."""
    x = {}
    for stage, value in model["population"]["initial"].items():
        by_period = value["time_in_stage"] if isinstance(value, dict) else {"1": value}
        for label, n in by_period.items():
            for dest, p in row_of(model, stage, int(label.rstrip("+"))).items():
                x[dest] = x.get(dest, 0) + n * p
    for stage, n in model["population"]["inflow"].items():
        x[stage] = x.get(stage, 0) + n
    return x


def trajectory(run_dir, stage, period, column="mean"):
    with open(os.path.join(run_dir, "trajectories.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r["stage"] == stage and r["period"] == str(period) and r.get("scenario", "baseline") == "baseline" \
                    and r.get("segment", "all") in ("all", ""):
                return float(r[column])
    raise AssertionError(f"no trajectory row for {stage} at {period}")


def hand_built(binary, tmp, as_of="2024-06-30", expected=EXPECTED):
    os.makedirs(tmp, exist_ok=True)
    template = os.path.join(tmp, "template.yaml")
    with open(template, "w") as f:
        f.write(TEMPLATE)
    events = os.path.join(tmp, "events.csv")
    with open(events, "w") as f:
        f.write("customer_id,timestamp,stage\n")
        f.writelines(f"{c},{t},{s}\n" for c, t, s in EVENTS)
    out = os.path.join(tmp, "calibrated.yaml")
    result = run(binary, "calibrate", "--events", events, "--model", template, "--out", out, "--time-in-stage", "1,2,3+",
                 "--as-of", as_of)
    model = load(out)
    for stage in EXPECTED:
        assert list(model["transitions"][stage]["time_in_stage"]) == ["1", "2", "3+"], model["transitions"]
    initial = {stage: value["time_in_stage"] for stage, value in model["population"]["initial"].items()}
    assert initial == expected, f"population.initial by period in stage:\n{initial}\nexpected {expected}"
    for stage, n in UNKNOWN.items():
        total = sum(expected[stage].values())
        assert re.search(rf"\b{stage} {total} customers \(1:\d+ 2:\d+ 3\+:\d+\), of which {n} of unknown", result.stdout), \
            result.stdout
    # The plain counts, as calibrate wrote them before (and still does without --time-in-stage).
    plain_out = os.path.join(tmp, "plain.yaml")
    run(binary, "calibrate", "--events", events, "--model", template, "--out", plain_out, "--as-of", as_of)
    plain = load(plain_out)["population"]["initial"]
    assert plain == {stage: sum(c.values()) for stage, c in expected.items()}, plain
    if as_of != "2024-06-30":
        return
    run(binary, "validate", out)
    run(binary, "analyze", out, "--json")
    run_dir = os.path.join(tmp, "run")
    run(binary, "simulate", out, "--out", os.path.join(tmp, "run_counts"), "--mode", "expected", "--replicates", "20")
    # Without the calibration block the rows are exact (no Dirichlet draws): x(1) is the point step.
    exact = os.path.join(tmp, "exact.yaml")
    with open(out) as f:
        text = f.read()
    with open(exact, "w") as f:
        f.write(text[:text.index("\ncalibration:")] + "\n")
    run(binary, "simulate", exact, "--out", run_dir, "--mode", "expected", "--replicates", "1")
    for stage, n in plain.items():
        assert abs(trajectory(run_dir, stage, 0) - n) < 1e-9, (stage, n)
    expected_step = first_step_by_hand(model)
    for stage, n in expected_step.items():
        got = trajectory(run_dir, stage, 1)
        assert abs(got - n) < 1e-6 * max(1, n), f"x(1) of {stage}: simulate {got}, by hand {n}"
    # The same step with everyone at period 1 (the plain counts) differs: the test tells them apart.
    as_new = dict(model, population=dict(model["population"], initial=plain))
    assert any(abs(first_step_by_hand(as_new)[s] - expected_step[s]) > 1e-3 for s in expected_step), expected_step
    print("hand-built: by-period initial exact; x(1) by hand")


def alive_at(events_path, month_end, terminal):
    """Customers whose last event by `month_end` (YYYY-MM-DD, inclusive) is in a non-terminal stage."""
    last = {}
    with open(events_path, newline="") as f:
        for r in csv.DictReader(f):
            if r["timestamp"][:10] <= month_end:
                previous = last.get(r["customer_id"])
                if previous is None or r["timestamp"] >= previous[0]:
                    last[r["customer_id"]] = (r["timestamp"], r["stage"])
    return sum(1 for _, stage in last.values() if stage not in terminal)


def backtest(binary, tmp):
    truth = "tests/data/time_in_stage/onboarding.yaml"
    events = os.path.join(tmp, "synth.csv")
    run(binary, "synth", truth, "--customers", os.environ.get("BT_N", "40000"), "--periods", "30", "--seed", os.environ.get("BT_SEED", "5"), "--start", "2024-01-01",
        "--out", events)
    as_of, target = "2025-12-31", "2026-06-30"  # month 24 of 30, and six months later
    out = os.path.join(tmp, "backtest.yaml")
    run(binary, "calibrate", "--events", events, "--model", truth, "--out", out, "--time-in-stage", "1,2-3,4-12,13+",
        "--as-of", as_of)
    model = load(out)
    assert isinstance(model["population"]["initial"]["onboarding"], dict), model["population"]
    actual = alive_at(events, target, {"churned"})

    def forecast(path, name):
        run_dir = os.path.join(tmp, name)
        run(binary, "simulate", path, "--out", run_dir, "--mode", "expected", "--replicates", "200", "--seed", "1",
            "--horizon", "7")
        mean = sum(trajectory(run_dir, s, 6) for s in ("onboarding", "adoption"))
        band = sum(trajectory(run_dir, s, 6, "p95") - trajectory(run_dir, s, 6, "p05") for s in ("onboarding", "adoption"))
        return mean, band

    mean, band = forecast(out, "by_period")
    # Binomial noise of the held-out count: var ≤ Σ p(1−p) ≤ the expected count; parameter
    # uncertainty: the 90% band / 3.29, summed over the two stages (so an upper bound).
    sd = math.sqrt(mean + (band / 3.29) ** 2)
    plain_path = os.path.join(tmp, "as_new.yaml")
    with open(out) as f:
        text = f.read()
    plain_initial = {s: (sum(v["time_in_stage"].values()) if isinstance(v, dict) else v)
                     for s, v in model["population"]["initial"].items()}
    new_line = "  initial: {" + ", ".join(f"{s}: {n}" for s, n in plain_initial.items()) + "}"
    text = re.sub(r"^  initial: .*$", new_line, text, count=1, flags=re.M)
    with open(plain_path, "w") as f:
        f.write(text)
    naive, _ = forecast(plain_path, "as_new")
    z, z_naive = (mean - actual) / sd, (naive - actual) / sd
    print(f"backtest: held-out alive {actual}; forecast by period in stage {mean:.1f} ({z:+.2f} sd), "
          f"everyone at period 1 {naive:.1f} ({z_naive:+.2f} sd); sd {sd:.1f}")
    assert abs(z) < 4, f"forecast {mean:.1f} vs held-out {actual}: {z:.2f} sd"
    assert z_naive < -(abs(z) + 6), f"period-1 forecast {naive:.1f} should be clearly worse ({z_naive:.2f} sd)"


def segmented(binary, tmp):
    """With segments: the journey's as-of state by period in stage, no segment initial counts (they would
    make the segments' customers new), and every stage's total at period 0 what the plain calibration
    writes (segments are scaled from the journey by share, and the shares add up)."""
    events, out, plain_out = (os.path.join(tmp, name) for name in ("seg.csv", "seg.yaml", "seg_plain.yaml"))
    journey = "scenarios/b2b-saas/journey.yaml"
    run(binary, "synth", journey, "--customers", "5000", "--periods", "12", "--seed", "3", "--segment-column",
        "--out", events)
    result = run(binary, "calibrate", "--events", events, "--model", journey, "--out", out, "--time-in-stage", "1,2-3,4+")
    assert "segments cannot have initial customers by time in stage yet" in result.stderr, result.stderr
    run(binary, "calibrate", "--events", events, "--model", journey, "--out", plain_out)
    model, plain = load(out), load(plain_out)["population"]["initial"]
    assert all("initial" not in s.get("population", {}) for s in model["segments"]), model["segments"]
    assert all("initial" in s["population"] for s in load(plain_out)["segments"])  # written without buckets
    initial = model["population"]["initial"]
    assert {s: sum(v["time_in_stage"].values()) for s, v in initial.items()} == plain, (initial, plain)
    run_dir = os.path.join(tmp, "seg_run")
    run(binary, "simulate", out, "--out", run_dir, "--mode", "expected", "--replicates", "1")
    for stage, n in plain.items():
        assert abs(trajectory(run_dir, stage, 0) - n) < 1e-3, (stage, n, trajectory(run_dir, stage, 0))
    print("segmented: totals at period 0 as written without --time-in-stage")


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        hand_built(binary, tmp)
        hand_built(binary, os.path.join(tmp, "mid"), "2024-06-15", EXPECTED_MID)
        segmented(binary, tmp)
        backtest(binary, tmp)
    print("ok")


if __name__ == "__main__":
    main()
