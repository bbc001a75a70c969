#!/usr/bin/env python3
"""Fixes limited to a range of time in stage (issue #12 §2; docs/reference/fixes-file.md, "Time in
stage"): `time_in_stage: "A-B"` makes a fix's effects act only in periods A..B of a customer's
stay in the effects' stage.

The journey: onboarding moves 20% a month to adoption (revenue 100, margin 1, no discounting),
loses 10%; adoption loses 5%. 1000 in onboarding and 200 in adoption at as_of, 100 arriving in
onboarding each month; horizon 12. Guided onboarding raises the move to adoption to 0.35 in the
first two months of onboarding only, at 2 per customer worked with.

1. By hand: expected mode's incremental margin and cost match a recursion over months in
   onboarding written here (customers by tenure; the as_of customers are in their first month,
   arrivals enter month 1 in the period after they are counted). Relative 1e-12.
2. The same rows written into the model as time-in-stage buckets (onboarding "1-2" with the
   raised move, "3+" as before) give the same trajectories as the range fix on the plain
   model: two routes through the engine (the model's bucket layout, the scenario's range layout).
3. `time_in_stage: "1+"` is the plain fix: byte-identical replicates.csv in all three modes, also
   when two of its effects are clamped (clamped_effects counts each).
4. Cohort and individual mode's mean incremental margin is within 4 standard errors of the
   expected one.
5. A range and a rule on one stage: a welcome call in the first month (`after: 0`, `lasts: 1`,
   to 0.5) on top of the range gives, in month 1, the call's row (it is applied after the
   range: effects apply in fix order, and the rule's treated copies keep the range's rows);
   matched against the recursion with both.
7. validate warns about a range no customer reaches within the horizon (periods 13-14 of a
   12-month horizon: customers at as_of are in period 1), not about one they reach (period 12).
6. A range's effects apply after a plain fix's on the same cell whatever order a portfolio lists
   them in: portfolios [range, plain] and [plain, range] give the same replicates.
"""
import csv
import math
import os
import subprocess
import sys
import tempfile

from cli_check import finish

BINARY = sys.argv[1]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


MODEL = """journey: {name: ranges, period: month, horizon: 12, discount_rate: 0, gross_margin: 1}
stages:
  - {id: onboarding}
  - {id: adoption, revenue_per_period: 100}
  - {id: churned, terminal: true}
transitions:
  onboarding: ROWS
  adoption: {churned: 0.05}
population: {initial: {onboarding: 1000, adoption: 200}, inflow: {onboarding: 100}}
"""
PLAIN_ROWS = "{adoption: 0.2, churned: 0.1}"
BUCKET_ROWS = """
    time_in_stage:
      "1-2": {adoption: 0.35, churned: 0.1}
      "3+": {adoption: 0.2, churned: 0.1}"""
FIXES = """model: model.yaml
fixes:
  - id: guided
    cost: {per_customer: 2}
    time_in_stage: "RANGE"
    effects: [{transition: onboarding -> adoption, to: 0.35}]
"""
BOTH = """model: model.yaml
fixes:
  - id: guided
    cost: {per_customer: 2}
    time_in_stage: "1-2"
    effects: [{transition: onboarding -> adoption, to: 0.35}]
  - id: welcome
    trigger: {stage: onboarding, after: 0, lasts: 1}
    effects: [{transition: onboarding -> adoption, to: 0.5}]
portfolios:
  - {id: both, fixes: [guided, welcome]}
"""
PLAIN_FIX = """model: model.yaml
fixes:
  - id: guided
    cost: {per_customer: 2}
    effects: [{transition: onboarding -> adoption, to: 0.35}]
"""
HORIZON = 12


def by_tenure(move_of):
    """Revenue over the horizon and customer-months in onboarding months 1-2, when a customer in
    month p of onboarding moves to adoption with move_of(p) and churns with 0.1."""
    onboarding, adoption, revenue, in_range = {1: 1000.0}, 200.0, 0.0, 0.0
    for t in range(HORIZON):
        revenue += 100 * adoption
        in_range += onboarding.get(1, 0.0) + onboarding.get(2, 0.0)
        if t == HORIZON - 1:
            break
        stayed, moved = {}, 0.0
        for p, n in onboarding.items():
            move = move_of(p)
            moved += n * move
            stayed[p + 1] = stayed.get(p + 1, 0.0) + n * (1 - move - 0.1)
        adoption = adoption * 0.95 + moved
        stayed[1] = stayed.get(1, 0.0) + 100  # arrivals after period t
        onboarding = stayed
    return revenue, in_range


def write(directory, name, text):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "w") as f:
        f.write(text)


def simulate(directory, fixes, mode, replicates, seed=7):
    out = os.path.join(directory, f"out-{os.path.basename(fixes)}-{mode}-{replicates}")
    result = subprocess.run([BINARY, "simulate", os.path.join(directory, "model.yaml"), "--fixes", fixes, "--out", out,
                             "--mode", mode, "--replicates", str(replicates), "--seed", str(seed), "--quiet"],
                            capture_output=True, text=True, timeout=600)
    check(result.returncode == 0, f"simulate {fixes} --mode {mode}: exit {result.returncode}: {result.stderr}")
    return out


def rows_of(out, name="replicates.csv"):
    with open(os.path.join(out, name)) as f:
        return list(csv.DictReader(f))


def row(out, scenario, replicate=0):
    return next(r for r in rows_of(out) if r["scenario"] == scenario and r["segment"] == "all"
                and r["replicate"] == str(replicate))


def close(a, b, relative):
    return abs(a - b) <= relative * max(abs(a), abs(b), 1.0)


def mean_and_se(values):
    n = len(values)
    mean = sum(values) / n
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1) / n)


with tempfile.TemporaryDirectory() as tmp:
    plain = os.path.join(tmp, "plain")
    write(plain, "model.yaml", MODEL.replace("ROWS", PLAIN_ROWS))
    write(plain, "range.yaml", FIXES.replace("RANGE", "1-2"))

    # 1: by hand.
    out = simulate(plain, os.path.join(plain, "range.yaml"), "expected", 1)
    base_revenue, _ = by_tenure(lambda p: 0.2)
    revenue, in_range = by_tenure(lambda p: 0.35 if p <= 2 else 0.2)
    guided = row(out, "guided")
    check(close(float(guided["incremental_margin_pv"]), revenue - base_revenue, 1e-12),
          f"incremental margin {guided['incremental_margin_pv']}, by tenure {revenue - base_revenue}")
    check(close(float(guided["cost_pv"]), 2 * in_range, 1e-12),
          f"cost {guided['cost_pv']}, by tenure 2 x {in_range} customer-months in months 1-2")

    # 2: the same rows as model buckets.
    buckets = os.path.join(tmp, "buckets")
    write(buckets, "model.yaml", MODEL.replace("ROWS", BUCKET_ROWS))
    write(buckets, "none.yaml", "model: model.yaml\nfixes:\n  - id: nothing\n"
                                "    effects: [{transition: adoption -> churned, relative: 0}]\n")
    bucket_out = simulate(buckets, os.path.join(buckets, "none.yaml"), "expected", 1)
    with open(os.path.join(out, "trajectories.csv")) as f:
        range_rows = [r for r in csv.DictReader(f) if r["scenario"] == "guided" and r.get("segment", "all") == "all"]
    with open(os.path.join(bucket_out, "trajectories.csv")) as f:
        bucket_rows = [r for r in csv.DictReader(f) if r["scenario"] == "baseline" and r.get("segment", "all") == "all"]
    check(len(range_rows) == len(bucket_rows) and len(range_rows) > 0,
          f"trajectories: {len(range_rows)} rows with the range, {len(bucket_rows)} with buckets")
    numeric = [k for k in (range_rows[0] if range_rows else {}) if k not in ("scenario", "segment", "stage", "period", "quantile", "statistic")]
    for a, b in zip(range_rows, bucket_rows):
        for k in numeric:
            try:
                x, y = float(a[k]), float(b[k])
            except (TypeError, ValueError):
                continue
            if not close(x, y, 1e-12):
                check(False, f"trajectories {k} at {a}: range {x}, buckets {y}")
                break

    # 3: "1+" is the plain fix, byte for byte, in every mode.
    write(plain, "whole.yaml", FIXES.replace("RANGE", "1+"))
    write(plain, "plainfix.yaml", PLAIN_FIX)
    clamping = """model: model.yaml
fixes:
  - id: guided
    RANGE
    effects:
      - {transition: onboarding -> adoption, absolute: 0.9}
      - {transition: onboarding -> churned, absolute: 0.9}
"""
    write(plain, "whole-clamped.yaml", clamping.replace("RANGE", 'time_in_stage: "1+"'))
    write(plain, "plain-clamped.yaml", clamping.replace("RANGE", "name: guided"))
    for whole, plain_fix in (("whole.yaml", "plainfix.yaml"), ("whole-clamped.yaml", "plain-clamped.yaml")):
        for mode, replicates in (("expected", 1), ("cohort", 20), ("individual", 4)):
            a = simulate(plain, os.path.join(plain, whole), mode, replicates)
            b = simulate(plain, os.path.join(plain, plain_fix), mode, replicates)
            with open(os.path.join(a, "replicates.csv")) as f, open(os.path.join(b, "replicates.csv")) as g:
                check(f.read() == g.read(), f"{mode}: {whole} (time_in_stage \"1+\") differs from {plain_fix}")
    clamped = row(os.path.join(plain, "out-whole-clamped.yaml-expected-1"), "guided")
    check(clamped["clamped_effects"] == "2", f"clamped effects of the range: {clamped['clamped_effects']}, expected 2")

    # 4: the stochastic modes agree in expectation.
    expected_margin = float(guided["incremental_margin_pv"])
    for mode, replicates in (("cohort", 400), ("individual", 100)):
        stochastic = simulate(plain, os.path.join(plain, "range.yaml"), mode, replicates)
        margins = [float(r["incremental_margin_pv"]) for r in rows_of(stochastic)
                   if r["scenario"] == "guided" and r["segment"] == "all"]
        mean, se = mean_and_se(margins)
        check(len(margins) == replicates and abs(mean - expected_margin) <= 4 * se,
              f"{mode}: mean incremental margin {mean} ± {se}, expected {expected_margin}")

    # 5: a range and a rule on one stage.
    write(plain, "both.yaml", BOTH)
    out = simulate(plain, os.path.join(plain, "both.yaml"), "expected", 1)
    revenue, _ = by_tenure(lambda p: 0.5 if p == 1 else 0.35 if p == 2 else 0.2)
    both = row(out, "both")
    check(close(float(both["incremental_margin_pv"]), revenue - base_revenue, 1e-12),
          f"range and rule: incremental margin {both['incremental_margin_pv']}, by tenure {revenue - base_revenue}")

    # 6: a range after a plain fix, whatever the portfolio's order.
    write(plain, "order.yaml", """model: model.yaml
fixes:
  - id: guided
    time_in_stage: "1-2"
    effects: [{transition: onboarding -> adoption, relative: 0.5}]
  - id: webinar
    effects: [{transition: onboarding -> adoption, to: 0.4}]
portfolios:
  - {id: range-first, fixes: [guided, webinar]}
  - {id: plain-first, fixes: [webinar, guided]}
""")
    out = simulate(plain, os.path.join(plain, "order.yaml"), "expected", 1)
    first, second = row(out, "range-first"), row(out, "plain-first")
    check(first["revenue_total"] == second["revenue_total"],
          f"portfolio order: {first['revenue_total']} with the range first, {second['revenue_total']} with it last")
    revenue, _ = by_tenure(lambda p: 0.6 if p <= 2 else 0.4)  # 0.4 · 1.5 in months 1-2
    check(close(float(first["incremental_margin_pv"]), revenue - base_revenue, 1e-12),
          f"range after plain: incremental margin {first['incremental_margin_pv']}, by tenure {revenue - base_revenue}")

    # 7: a range past the horizon.
    for text, warned in (('"13-14"', True), ('"12"', False)):
        write(plain, "far.yaml", FIXES.replace('"RANGE"', text))
        result = subprocess.run([BINARY, "validate", os.path.join(plain, "model.yaml"), os.path.join(plain, "far.yaml")],
                                capture_output=True, text=True, timeout=60)
        said = "which no customer reaches within the horizon" in result.stderr
        check(result.returncode == 0 and said == warned,
              f"validate with time_in_stage {text}: exit {result.returncode}, warned {said}: {result.stderr}")

finish("stage_range_test", failures)
