#!/usr/bin/env python3
"""calibrate --heterogeneity beta against known truths, through the CLI (issue #11 §4).

Oracles (none of them the code under test):
- Recovery: synth draws a log from tests/data/heterogeneity/subscription.yaml, whose paying customers
  each churn with their own θ ~ Beta(0.8, 4). The written α and β are within 4 of their own standard
  errors of the truth (fixed seed), and the trial stage, whose losses are one probability, is not
  given a propensity.
- Maximum: the written (α, β) maximise the sBG log-likelihood of tallies counted here by a Python
  walk of the log (stage at each month end = its last event by then; period in stage 1 in the month
  entered; spells under way in the log's first month left out), evaluated in closed form with
  lgamma; moving either shape by 2% lowers it.
- A log from the homogeneous chain (tests/data/heterogeneity/homogeneous.yaml) gets no propensity.
- Hold-out: calibrated on the first 36 of 48 months and forecast 12 months on, the heterogeneous model
  puts the actual paying customers at month 48 inside its 90% band and nearer than the homogeneous
  model, which decays geometrically (Fader & Hardie 2007's point).
- Round trip: the written model validates and reads back its propensity; bad --heterogeneity values and
  the latent-class mode, not built yet, exit 2 with a message.
Run as: heterogeneity_calibrate_test.py BINARY (from the repository root).
"""
import csv
import math
import os
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from log_support import month_index, run  # noqa: E402

MODEL = "tests/data/heterogeneity/subscription.yaml"
HOMOGENEOUS = "tests/data/heterogeneity/homogeneous.yaml"
ALPHA, BETA = 0.8, 4.0


def stages_at_month_ends(path):
    """customer -> (first month, {month: stage at its end}) from the first event to the last month seen."""
    events = {}
    last = 0
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            m = month_index(row["timestamp"])
            last = max(last, m)
            events.setdefault(row["customer_id"], []).append((row["timestamp"], m, row["stage"]))
    out = {}
    for customer, rows in events.items():
        rows.sort()
        by_month = {}
        for _, m, stage in rows:
            by_month[m] = stage  # the last event of the month wins
        first = rows[0][1]
        stage, ends = None, {}
        for m in range(first, last + 1):
            stage = by_month.get(m, stage)
            ends[m] = stage
        out[customer] = (first, ends)
    return out, min(f for f, _ in out.values()), last


def paying_tallies(path, last_month=None):
    """Per month in paying: (left to churned, did not), spells under way in the log's first month left out."""
    customers, first_month, last = stages_at_month_ends(path)
    last = last if last_month is None else last_month
    exits, survivals = {}, {}
    for first, ends in customers.values():
        tenure, known = 0, True
        for m in range(first, last):
            stage, nxt = ends[m], ends[m + 1]
            if stage in ("churned", "lost"):
                break
            if stage == "paying":
                if tenure == 0:  # entered paying at this month end (or first seen there)
                    known = not (m == first_month and first == first_month)
                tenure += 1
                if known:
                    (exits if nxt == "churned" else survivals)[tenure] = (
                        (exits if nxt == "churned" else survivals).get(tenure, 0) + 1)
                if nxt != "paying":
                    tenure = 0
            else:
                tenure = 0
    return exits, survivals


def log_beta(a, b):
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def log_likelihood(a, b, exits, survivals):
    """Σ exits_t ln h(t) + survivals_t ln(1 − h(t)) with h(t) = B(α+1, β+t−1)/B(α, β+t−1) (lgamma)."""
    ll = 0.0
    for t in set(exits) | set(survivals):
        log_h = log_beta(a + 1, b + t - 1) - log_beta(a, b + t - 1)
        ll += exits.get(t, 0) * log_h + survivals.get(t, 0) * math.log1p(-math.exp(log_h))
    return ll


def paying_at(path, month):
    customers, _, _ = stages_at_month_ends(path)
    return sum(1 for first, ends in customers.values() if first <= month and ends.get(month) == "paying")


def main():
    binary = os.path.abspath(sys.argv[1])
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        events = os.path.join(tmp, "events.csv")
        run(binary, "synth", MODEL, "--customers", "20000", "--periods", "36", "--seed", "3", "--out", events)
        out = os.path.join(tmp, "calibrated.yaml")
        printed = run(binary, "calibrate", "--events", events, "--model", MODEL, "--out", out,
                      "--heterogeneity", "beta").stdout
        model = yaml.safe_load(open(out))
        beta = model.get("heterogeneity", {}).get("paying", {}).get("churned", {}).get("beta")
        if not beta:
            sys.exit(f"no propensity written for paying:\n{printed}")
        for key, truth in (("alpha", ALPHA), ("beta", BETA)):
            z = (beta[key] - truth) / beta[key + "_se"]
            print(f"{key}: {beta[key]:.4f} ± {beta[key + '_se']:.4f} (truth {truth}, {z:+.2f} SE)")
            if abs(z) > 4:
                failures.append(f"{key} {beta[key]} is {z:.1f} SE from {truth}")
        if "trial" in model.get("heterogeneity", {}):
            failures.append("trial, whose losses are one probability, was given a propensity")
        if "Beta propensity" not in printed or "Customers who differ" not in printed:
            failures.append("calibrate did not print the heterogeneity table")

        # The written shapes maximise the likelihood of tallies counted here.
        exits, survivals = paying_tallies(events)
        best = log_likelihood(beta["alpha"], beta["beta"], exits, survivals)
        for da, db in ((1.02, 1), (0.98, 1), (1, 1.02), (1, 0.98), (1.02, 1.02), (0.98, 0.98)):
            other = log_likelihood(beta["alpha"] * da, beta["beta"] * db, exits, survivals)
            if not other < best:
                failures.append(f"log-likelihood at α×{da}, β×{db} ({other:.3f}) is not below the fit's ({best:.3f})")

        # Round trip.
        shown = run(binary, "validate", out).stdout
        if "customers differ: paying -> churned Beta(" not in shown:
            failures.append(f"validate does not show the propensity:\n{shown}")

        # A homogeneous log gets no propensity.
        flat_events = os.path.join(tmp, "flat.csv")
        run(binary, "synth", HOMOGENEOUS, "--customers", "20000", "--periods", "36", "--seed", "4", "--out", flat_events)
        flat_out = os.path.join(tmp, "flat.yaml")
        flat = run(binary, "calibrate", "--events", flat_events, "--model", HOMOGENEOUS, "--out", flat_out,
                   "--heterogeneity", "beta").stdout
        if "heterogeneity" in yaml.safe_load(open(flat_out)):
            failures.append(f"a homogeneous log was given a propensity:\n{flat}")

        # Hold-out: 48 months of history, calibrated on the first 36, forecast to month 48.
        long_events = os.path.join(tmp, "long.csv")
        run(binary, "synth", MODEL, "--customers", "24000", "--periods", "48", "--seed", "8", "--out", long_events)
        customers, first_month, last = stages_at_month_ends(long_events)
        actual = paying_at(long_events, first_month + 47)
        forecasts = {}
        for mode in ("beta", "none"):
            model_out = os.path.join(tmp, f"holdout-{mode}.yaml")
            run(binary, "calibrate", "--events", long_events, "--model", MODEL, "--out", model_out,
                "--as-of", "2026-12-31", "--heterogeneity", mode)
            run_dir = os.path.join(tmp, f"run-{mode}")
            run(binary, "simulate", model_out, "--mode", "cohort", "--replicates", "400", "--seed", "1",
                "--horizon", "13", "--out", run_dir)
            with open(os.path.join(run_dir, "trajectories.csv"), newline="") as f:
                row = next(r for r in csv.DictReader(f)
                           if r["scenario"] == "baseline" and r["period"] == "12" and r["stage"] == "paying")
            forecasts[mode] = (float(row["mean"]), float(row["p05"]), float(row["p95"]))
            print(f"hold-out {mode}: mean {forecasts[mode][0]:.0f} [{forecasts[mode][1]:.0f}, "
                  f"{forecasts[mode][2]:.0f}], actual {actual}")
        mean, low, high = forecasts["beta"]
        if not low <= actual <= high:
            failures.append(f"actual paying at month 48 ({actual}) is outside the heterogeneous 90% band [{low}, {high}]")
        if not abs(mean - actual) < abs(forecasts["none"][0] - actual):
            failures.append(f"the heterogeneous forecast ({mean:.0f}) is not nearer {actual} than the homogeneous one "
                            f"({forecasts['none'][0]:.0f})")

        # Bad values.
        for value, words in (("classes:2", "latent classes are not built yet"), ("gamma", "is not none, beta or classes:K"),
                             ("classes:1", "from 2 to 10")):
            result = run(binary, "calibrate", "--events", events, "--model", MODEL, "--out", os.path.join(tmp, "x.yaml"),
                         "--heterogeneity", value, expect=2)
            if words not in result.stderr:
                failures.append(f"--heterogeneity {value}: {result.stderr!r} lacks {words!r}")
            if os.path.exists(os.path.join(tmp, "x.yaml")):
                failures.append(f"--heterogeneity {value} wrote a model")
    if failures:
        sys.exit("\n".join(failures))
    print("ok")


if __name__ == "__main__":
    main()
