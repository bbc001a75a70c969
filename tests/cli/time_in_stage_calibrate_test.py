#!/usr/bin/env python3
"""calibrate --time-in-stage LIST|auto against known truths, through the CLI (issue #11 §3).

Oracles (none of them the code under test):
- Recovery: synth draws a log from tests/data/time_in_stage/onboarding.yaml (onboarding churn 15%/month
  in months 1-3, 2% after; adoption moves differing by bucket). Calibrated with the same buckets, every
  bucket's every probability is within 4 binomial standard errors sqrt(p(1-p)/N_bucket) of the model's
  (fixed seed; 16 cells, so a chance failure is ~1e-3 even without the seed).
- Counting rule: a brute-force Python walk of the log (stage at each month end = its last event by
  then; period in stage 1 in the month entered; the first spell of a customer first seen in the log's
  first month left out) gives exactly the bucket counts the calibration block holds, and the number of
  spells left out that calibrate prints.
- Left truncation: a 48-month synthetic history cut to its last 24 months, every customer still in the
  journey at the cut given a snapshot row at the cut (as a CRM extract holds), is calibrated within
  4 SE of the truth because the snapshot spells (unknown time in stage) are left out. Counting them as
  month 1 instead (the same walk with the exclusion off) pulls the month-1 churn of onboarding several
  SE low (long-tenure customers churn at 2%, not 15%); the test asserts that bias too, so it shows
  what the exclusion buys (seed 21: excluded, every cell within 1.9 SE; counted as month 1, the
  month-1 churn is 13.8% against the true 15%, 6.8 SE low).
- Round trip: the written model validates and simulates; its probabilities are its counts / row total.
- auto keeps buckets on the bucketed truth and one row on a log from a homogeneous chain.
Run as: time_in_stage_calibrate_test.py BINARY (from the repository root).
"""
import calendar
import csv
import math
import os
import re
import subprocess
import sys
import tempfile

import yaml

MODEL = "tests/data/time_in_stage/onboarding.yaml"
LIST = "1,2-3,4-12,13+"
BUCKETS = [(1, 1), (2, 3), (4, 12), (13, None)]
TERMINAL = {"churned"}


def run(binary, *args, expect=0):
    result = subprocess.run([binary, *args], capture_output=True, text=True, timeout=300)
    if result.returncode != expect:
        sys.exit(f"{' '.join(args)}: exit {result.returncode}, expected {expect}\n{result.stdout}\n{result.stderr}")
    return result


def truth_row(model, stage, first):
    """The model's row of `stage` at period in stage `first` (every LIST bucket lies inside one model bucket)."""
    for label, cells in model["transitions"][stage]["time_in_stage"].items():
        lo, hi = (int(label[:-1]), None) if label.endswith("+") else (
            tuple(int(x) for x in label.split("-")) if "-" in label else (int(label), int(label)))
        if first >= lo and (hi is None or first <= hi):
            row = dict(cells)
            row[stage] = 1 - sum(cells.values())
            return row
    raise AssertionError(f"no bucket of {stage} holds period {first}")


def month_index(timestamp):
    return int(timestamp[0:4]) * 12 + int(timestamp[5:7]) - 1


def read_events(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return rows


def brute_force_counts(rows, last_complete, exclude_truncated):
    """Bucket counts {stage: [ {dest: n} per bucket ]} and truncated spells per stage, by the documented rule."""
    by_customer = {}
    for row in rows:  # file order kept within a customer; sorted by time below (stable)
        by_customer.setdefault(row["customer_id"], []).append((row["timestamp"], row["stage"]))
    log_first = min(month_index(r["timestamp"]) for r in rows)
    counts, truncated = {}, {}
    for events in by_customer.values():
        events.sort(key=lambda e: e[0])
        kept = []
        for event in events:
            kept.append(event)
            if event[1] in TERMINAL:
                break
        end_stage = {}
        for timestamp, stage in kept:
            end_stage[month_index(timestamp)] = stage  # the last event of a month wins
        first = month_index(kept[0][0])
        if first > last_complete:
            continue
        a, entered = end_stage[first], first
        unknown = first == log_first
        if unknown and a not in TERMINAL:
            truncated[a] = truncated.get(a, 0) + 1
        for q in range(first + 1, last_complete + 1):
            if a in TERMINAL:
                break
            b = end_stage.get(q, a)
            tenure = q - 1 - entered + 1
            if not (unknown and exclude_truncated):
                index = next(i for i, (lo, hi) in enumerate(BUCKETS) if tenure >= lo and (hi is None or tenure <= hi))
                cell = counts.setdefault(a, [dict() for _ in BUCKETS])[index]
                cell[b] = cell.get(b, 0) + 1
            if b != a:
                entered, unknown = q, False
            a = b
    return counts, truncated


def written_counts(calibrated):
    out = {}
    for stage, value in calibrated["calibration"]["counts"].items():
        buckets = value["time_in_stage"]
        assert list(buckets) == ["1", "2-3", "4-12", "13+"], buckets
        out[stage] = [dict(buckets[label]) for label in buckets]
    return out


def check_within_4se(model, counts, what):
    worst = 0.0
    for stage, per_bucket in counts.items():
        for (lo, _), cells in zip(BUCKETS, per_bucket):
            n = sum(cells.values())
            truth = truth_row(model, stage, lo)
            for dest, p in truth.items():
                se = math.sqrt(p * (1 - p) / n)
                z = (cells.get(dest, 0) / n - p) / se
                worst = max(worst, abs(z))
                assert abs(z) < 4, f"{what}: {stage} bucket {lo}: {dest} {cells.get(dest, 0) / n:.4f} vs {p} ({z:.1f} SE)"
    return worst


def last_day(month):
    year, m = divmod(month, 12)
    return f"{year:04d}-{m + 1:02d}-{calendar.monthrange(year, m + 1)[1]:02d}"


def recovery(binary, tmp, model):
    events = os.path.join(tmp, "events.csv")
    run(binary, "synth", MODEL, "--customers", "40000", "--periods", "30", "--seed", "11", "--start", "2024-01-01",
        "--out", events)
    rows = read_events(events)
    last_complete = month_index("2024-01-01") + 28  # the 30th month holds as-of: the 29th is the last complete
    out = os.path.join(tmp, "calibrated.yaml")
    result = run(binary, "calibrate", "--events", events, "--model", MODEL, "--out", out, "--time-in-stage", LIST,
                 "--as-of", last_day(last_complete))
    with open(out) as f:
        calibrated = yaml.safe_load(f)
    counts = written_counts(calibrated)
    expected, truncated = brute_force_counts(rows, last_complete, exclude_truncated=True)
    assert counts == expected, f"bucket counts differ from the brute-force walk:\n{counts}\n{expected}"
    for stage, spells in truncated.items():
        assert re.search(rf"\b{stage} {spells:,} customers", result.stdout), (stage, spells, result.stdout)
    worst = check_within_4se(model, counts, "recovery")
    # The written rows are the MLE of the written counts (prior 0).
    for stage, per_bucket in counts.items():
        for label, cells in zip(["1", "2-3", "4-12", "13+"], per_bucket):
            n = sum(cells.values())
            for dest, p in calibrated["transitions"][stage]["time_in_stage"][label].items():
                assert abs(p - cells.get(dest, 0) / n) < 1e-9, (stage, label, dest, p)
    # Tallies by period in stage are integers summed by lane: the same bytes for any thread
    # count and any split of the log into passes.
    with open(out, "rb") as f:
        reference = f.read()
    for extra in (["--threads", "1"], ["--threads", "2", "--event-memory", "1"]):
        again = os.path.join(tmp, "again.yaml")
        passes = run(binary, "calibrate", "--events", events, "--model", MODEL, "--out", again, "--time-in-stage",
                     LIST, "--as-of", last_day(last_complete), *extra)
        with open(again, "rb") as f:
            assert f.read() == reference, f"calibrate --time-in-stage output depends on {extra}"
        os.remove(again)
    assert "  passes:" in passes.stdout, "--event-memory 1 should need several passes over this log"
    run(binary, "validate", out)
    # Parameter uncertainty comes from the bucket counts read back (parameters.cpp draws a Dirichlet
    # per bucket from TimeInStageRows::counts; the plain counts are not used for bucketed stages):
    # in expected mode, with only that uncertainty, the band is open with the counts and closed
    # without them.
    spread = {}
    for name, path in (("counts", out), ("exact", os.path.join(tmp, "exact.yaml"))):
        if name == "exact":
            with open(out) as f:
                text = f.read()
            with open(path, "w") as f:
                f.write(text[:text.index("\ncalibration:")] + "\n")
        run(binary, "simulate", path, "--out", os.path.join(tmp, "run_" + name), "--replicates", "50",
            "--mode", "expected")
        with open(os.path.join(tmp, "run_" + name, "trajectories.csv"), newline="") as f:
            last = [r for r in csv.DictReader(f) if r["stage"] == "adoption" and r["period"] == "23"][0]
        spread[name] = float(last["p95"]) - float(last["p05"])
    assert spread["counts"] > 0 and spread["exact"] == 0, spread
    print(f"recovery: every bucket within {worst:.2f} SE")
    return events


def truncation(binary, tmp, model):
    full = os.path.join(tmp, "full.csv")
    run(binary, "synth", MODEL, "--customers", "60000", "--periods", "48", "--seed", "21", "--start", "2022-01-01",
        "--out", full)
    cut = "2024-01-01T00:00:00Z"
    by_customer = {}
    for row in read_events(full):
        by_customer.setdefault(row["customer_id"], []).append(row)
    rows = []
    for events in by_customer.values():
        before = [r for r in events if r["timestamp"] < cut]
        after = [r for r in events if r["timestamp"] >= cut]
        if before and before[-1]["stage"] not in TERMINAL:  # in the journey at the cut: a snapshot row
            rows.append({"customer_id": before[0]["customer_id"], "timestamp": cut, "stage": before[-1]["stage"]})
        if before and before[-1]["stage"] in TERMINAL:
            continue
        rows.extend({k: r[k] for k in ("customer_id", "timestamp", "stage")} for r in after)
    events = os.path.join(tmp, "cut.csv")
    with open(events, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["customer_id", "timestamp", "stage"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    last_complete = month_index(cut) + 22
    out = os.path.join(tmp, "cut_calibrated.yaml")
    result = run(binary, "calibrate", "--events", events, "--model", MODEL, "--out", out, "--time-in-stage", LIST,
                 "--as-of", last_day(last_complete))
    with open(out) as f:
        counts = written_counts(yaml.safe_load(f))
    expected, truncated = brute_force_counts(rows, last_complete, exclude_truncated=True)
    assert counts == expected, "bucket counts of the cut log differ from the brute-force walk"
    assert truncated["onboarding"] > 1000, truncated  # the snapshot spells are many: the test has teeth
    assert re.search(rf"onboarding {truncated['onboarding']:,} customers", result.stdout), result.stdout
    worst = check_within_4se(model, counts, "cut log")
    naive, _ = brute_force_counts(rows, last_complete, exclude_truncated=False)
    cells = naive["onboarding"][0]
    n = sum(cells.values())
    churn = cells.get("churned", 0) / n
    bias = (churn - 0.15) / math.sqrt(0.15 * 0.85 / n)
    assert bias < -4, f"counting snapshot spells as month 1 should bias month-1 churn low; got {churn:.4f} ({bias:.1f} SE)"
    print(f"truncation: within {worst:.2f} SE; counting them as month 1: churn {churn:.4f} vs 0.15 ({bias:.1f} SE)")


def automatic(binary, tmp, events):
    out = os.path.join(tmp, "auto.yaml")
    result = run(binary, "calibrate", "--events", events, "--model", MODEL, "--out", out, "--time-in-stage", "auto")
    with open(out) as f:
        calibrated = yaml.safe_load(f)
    assert "time_in_stage" in calibrated["transitions"]["onboarding"], calibrated["transitions"]
    assert re.search(r"^onboarding +1,2,3,4-6,7-12,13\+ .* by time in stage$", result.stdout, re.M), result.stdout
    # A homogeneous chain: no stage's buckets are significant after Holm (seeded), one row each.
    plain = os.path.join(tmp, "plain.yaml")
    with open(plain, "w") as f:
        f.write("journey: {name: plain, period: month, horizon: 24}\n"
                "stages:\n  - id: onboarding\n  - id: adoption\n  - id: churned\n    terminal: true\n"
                "transitions:\n  onboarding: {adoption: 0.1, churned: 0.05}\n"
                "  adoption: {onboarding: 0.02, churned: 0.03}\n"
                "population:\n  initial: {onboarding: 100}\n  inflow: {onboarding: 1000}\n")
    plain_events = os.path.join(tmp, "plain.csv")
    run(binary, "synth", plain, "--customers", "40000", "--periods", "30", "--seed", "2", "--out", plain_events)
    result = run(binary, "calibrate", "--events", plain_events, "--model", plain, "--out", out,
                 "--time-in-stage", "auto")
    with open(out) as f:
        calibrated = yaml.safe_load(f)
    for stage in ("onboarding", "adoption"):
        assert "time_in_stage" not in calibrated["transitions"][stage], calibrated["transitions"]
        assert re.search(rf"^{stage} .* one row$", result.stdout, re.M), result.stdout


def main():
    binary = sys.argv[1]
    with open(MODEL) as f:
        model = yaml.safe_load(f)
    with tempfile.TemporaryDirectory() as tmp:
        events = recovery(binary, tmp, model)
        truncation(binary, tmp, model)
        automatic(binary, tmp, events)
        # A log with segments: all customers' rows by bucket, the segments' rows of those stages
        # left out with a warning (calibrate does not estimate them yet); the model still runs.
        seg_events, seg_out = os.path.join(tmp, "seg.csv"), os.path.join(tmp, "seg.yaml")
        run(binary, "synth", "scenarios/b2b-saas/journey.yaml", "--customers", "5000", "--periods", "12", "--seed", "3",
            "--segment-column", "--out", seg_events)
        result = run(binary, "calibrate", "--events", seg_events, "--model", "scenarios/b2b-saas/journey.yaml",
                     "--out", seg_out, "--time-in-stage", "1,2-3,4+")
        assert "calibrate does not estimate segments' rows by time in stage yet" in result.stderr, result.stderr
        with open(seg_out) as f:
            calibrated = yaml.safe_load(f)
        assert "time_in_stage" in calibrated["transitions"]["onboarding"], calibrated["transitions"]
        assert all("onboarding" not in s.get("transitions", {}) for s in calibrated["segments"]), calibrated["segments"]
        run(binary, "simulate", seg_out, "--out", os.path.join(tmp, "seg_run"), "--replicates", "10", "--mode",
            "individual")
        # --time-in-stage off writes one row per stage, as before.
        out = os.path.join(tmp, "off.yaml")
        run(binary, "calibrate", "--events", events, "--model", MODEL, "--out", out, "--time-in-stage", "off")
        with open(out) as f:
            calibrated = yaml.safe_load(f)
        assert all("time_in_stage" not in row for row in calibrated["transitions"].values()), calibrated["transitions"]
        # Without the option, the template's own bucketed stages keep their buckets (the rest: one row).
        out = os.path.join(tmp, "template.yaml")
        run(binary, "calibrate", "--events", events, "--model", MODEL, "--out", out)
        with open(out) as f:
            calibrated = yaml.safe_load(f)
        with open(MODEL) as f:
            template = yaml.safe_load(f)
        for stage, row in template["transitions"].items():
            if "time_in_stage" in row:
                assert list(calibrated["transitions"][stage]["time_in_stage"]) == list(row["time_in_stage"]), (
                    stage, calibrated["transitions"][stage])
            else:
                assert "time_in_stage" not in calibrated["transitions"][stage], (stage, calibrated["transitions"][stage])
    print("ok")


if __name__ == "__main__":
    main()
