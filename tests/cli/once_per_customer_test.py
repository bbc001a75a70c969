#!/usr/bin/env python3
"""Eligibility of triggered fixes (issue #12 §1; docs/reference/fixes-file.md#triggers): once per
stay (the default), once per customer (`once_per: customer`), or again after a cooldown.

1. A journey customers re-enter: trial moves 30% a month to paused and 20% to paying (revenue 100,
   margin 1, no discounting); paused customers return to trial at 40% a month, 10% churn; paying
   churns 5%. 1000 in trial at as_of, 100 arriving a month, horizon 12. A welcome call in a
   customer's first month of each trial stay (`after: 0`, `lasts: 1`) lifts the move to paying
   to 0.4, with a 20% hold-out and at most 150 calls a month. Expected mode matches a recursion
   written here over (stage, fired already, months in trial), relative 1e-12: once per stay every
   return to trial fires again; once per customer nobody who fired (served, held out or
   unserved) fires again. Cohort and individual mode's mean triggered customers and incremental
   margin are within 4 standard errors of it.
2. Hand simulations in individual mode with a fixed seed, on journeys whose moves are certain (so
   every customer's path is known): 10 customers at as_of, no arrivals, horizon 8.
   - Trial and paused alternate every month: a rule on entering trial fires at t = 0, 2, 4, 6 for
     each customer once per stay (40 firings), once per customer only at t = 0 (10), hold-out
     0.5 included: the held-out have fired too.
   - A stage nobody leaves, a nudge in months 2, 5, 8 in the stage (`after: 1`, `cooldown: 3`,
     `lasts: 1`): firings at t = 1, 4, 7 (30); with at most 4 a month, 12 served, 18 unserved.
   Expected and cohort mode give the same counts (the moves are certain).
3. A bad `once_per` value, and `once_per: customer` with a cooldown, are refused (exit 2).
"""
import csv
import json
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


REENTRY_MODEL = """journey: {name: reentry, period: month, horizon: 12, discount_rate: 0, gross_margin: 1}
stages:
  - {id: trial}
  - {id: paused}
  - {id: paying, revenue_per_period: 100}
  - {id: churned, terminal: true}
transitions:
  trial: {paused: 0.3, paying: 0.2}
  paused: {trial: 0.4, churned: 0.1}
  paying: {churned: 0.05}
population: {initial: {trial: 1000}, inflow: {trial: 100}}
"""
WELCOME = """model: model.yaml
fixes:
  - id: welcome
    trigger: {stage: trial, after: 0, lasts: 1, hold_out: 0.2, capacity: 150ONCE}
    effects: [{transition: trial -> paying, to: 0.4}]
"""
HOLD_OUT, CAPACITY, HORIZON = 0.2, 150.0, 12


def by_stay(once, winback=False):
    """Revenue, customers the welcome call triggered and those the win-back call triggered, when
    a customer fires the welcome call in its first month of a trial stay (once per customer:
    unless it fired before; None: no call) and, with `winback`, a win-back call in its first
    month of each paused stay. Customers by (fired the welcome call, months in the stage)."""
    trial, paused, paying = {(False, 1): 1000.0}, {}, 0.0
    revenue, triggered, won = 0.0, 0.0, 0.0
    for t in range(HORIZON):
        revenue += 100 * paying
        firing = sum(n for (fired, p), n in trial.items() if p == 1 and not (once and fired)) if once is not None else 0.0
        triggered += firing
        if winback:
            won += sum(n for (fired, q), n in paused.items() if q == 1)
        held = HOLD_OUT * firing
        served = min(CAPACITY, firing - held)
        if t == HORIZON - 1:
            break
        next_trial, next_paused, moved = {}, {}, 0.0

        def enter(stage, key, n):
            stage[key] = stage.get(key, 0.0) + n

        for (fired, p), n in trial.items():
            fires = once is not None and p == 1 and not (once and fired)
            # the served share moves with 0.4, the held out and unserved with the baseline 0.2
            groups = [(n * served / firing, 0.4), (n * (1 - served / firing), 0.2)] if fires and firing > 0 else [(n, 0.2)]
            for size, move in groups:
                moved += size * move
                enter(next_paused, (fired or fires, 1), size * 0.3)
                enter(next_trial, (fired or fires, p + 1), size * (1 - move - 0.3))
        for (fired, q), n in paused.items():
            back = 0.6 if winback and q == 1 else 0.4
            enter(next_paused, (fired, q + 1), n * (1 - back - 0.1))
            enter(next_trial, (fired, 1), n * back)
        enter(next_trial, (False, 1), 100.0)  # arrivals after period t
        paying = paying * 0.95 + moved
        trial, paused = next_trial, next_paused
    return revenue, triggered, won


def write(directory, name, text):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "w") as f:
        f.write(text)


def simulate(directory, fixes, mode, replicates, seed=11, expect_exit=0):
    out = os.path.join(directory, f"out-{os.path.basename(fixes)}-{mode}-{replicates}")
    result = subprocess.run([BINARY, "simulate", os.path.join(directory, "model.yaml"), "--fixes", fixes, "--out", out,
                             "--mode", mode, "--replicates", str(replicates), "--seed", str(seed), "--quiet"],
                            capture_output=True, text=True, timeout=600)
    check(result.returncode == expect_exit, f"simulate {fixes} --mode {mode}: exit {result.returncode}: {result.stderr}")
    if expect_exit != 0:
        check(not os.path.exists(out), f"{fixes}: refused, yet {out} exists")
        return result.stderr, None
    with open(os.path.join(out, "replicates.csv")) as f:
        return [r for r in csv.DictReader(f) if r["segment"] == "all" and r["scenario"] != "baseline"], out


def mean_and_se(values):
    n = len(values)
    mean = sum(values) / n
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1) / n)


def close(a, b, relative):
    return abs(a - b) <= relative * max(abs(a), abs(b), 1.0)


with tempfile.TemporaryDirectory() as tmp:
    # 1: re-entry, against the recursion.
    reentry = os.path.join(tmp, "reentry")
    write(reentry, "model.yaml", REENTRY_MODEL)
    base_revenue = by_stay(None)[0]
    for once in (False, True):
        name = "once.yaml" if once else "stay.yaml"
        write(reentry, name, WELCOME.replace("ONCE", ", once_per: customer" if once else ""))
        revenue, triggered, _ = by_stay(once)
        rows, _ = simulate(reentry, os.path.join(reentry, name), "expected", 1)
        row = rows[0]
        check(close(float(row["incremental_margin_pv"]), revenue - base_revenue, 1e-12),
              f"{name}: incremental margin {row['incremental_margin_pv']}, by stay {revenue - base_revenue}")
        check(close(float(row["triggered"]), triggered, 1e-12),
              f"{name}: triggered {row['triggered']}, by stay {triggered}")
        for mode, replicates in (("cohort", 300), ("individual", 60)):
            rows, _ = simulate(reentry, os.path.join(reentry, name), mode, replicates)
            for column, target in (("triggered", triggered), ("incremental_margin_pv", revenue - base_revenue)):
                mean, se = mean_and_se([float(r[column]) for r in rows])
                check(len(rows) == replicates and abs(mean - target) <= 4 * se,
                      f"{name} {mode}: mean {column} {mean} ± {se}, by stay {target}")
            served = [float(r["trigger_served"]) for r in rows]
            check(all(s <= CAPACITY * HORIZON for s in served), f"{name} {mode}: more served than capacity allows")
    once_triggered, stay_triggered = by_stay(True)[1], by_stay(False)[1]
    check(once_triggered < stay_triggered, f"the recursion: once per customer {once_triggered}, per stay {stay_triggered}")

    # 1b: a win-back call on entering paused fires for the customers who fired the welcome call
    # too (in the states the once-per-customer rule copies for them).
    write(reentry, "both.yaml", WELCOME.replace("ONCE", ", once_per: customer") + """  - id: winback
    trigger: {stage: paused, after: 0, lasts: 1}
    effects: [{transition: paused -> trial, to: 0.6}]
portfolios:
  - {id: both, fixes: [welcome, winback]}
""")
    rows, both_out = simulate(reentry, os.path.join(reentry, "both.yaml"), "expected", 1)
    both = [r for r in rows if r["scenario"] == "both"]
    revenue, _, won = by_stay(True, winback=True)
    _, _, won_alone = by_stay(None, winback=True)
    check(len(both) == 1 and close(float(both[0]["incremental_margin_pv"]), revenue - base_revenue, 1e-12),
          f"welcome and win-back: incremental margin {both[0]['incremental_margin_pv'] if both else None}, "
          f"by stay {revenue - base_revenue}")
    with open(os.path.join(both_out, "summary.json")) as f:
        summary = json.load(f)
    counts = {t["fix"]: t for sc in summary["scenarios"] if sc["id"] == "both" for t in sc["triggers"]}
    check("winback" in counts and close(counts["winback"]["triggered"]["mean"], won, 1e-12),
          f"win-back triggered {counts.get('winback', {}).get('triggered')}, by stay {won}")
    check(won != won_alone, "the test should tell the win-back calls with and without the welcome call apart")

    # 2: hand simulations with certain moves.
    alternate = os.path.join(tmp, "alternate")
    write(alternate, "model.yaml", """journey: {name: alternate, period: month, horizon: 8, discount_rate: 0}
stages:
  - {id: trial, revenue_per_period: 1}
  - {id: paused}
  - {id: gone, terminal: true}
transitions:
  trial: {paused: 1}
  paused: {trial: 1}
population: {initial: {trial: 10}, inflow: {trial: 0}}
""")
    rule = """model: model.yaml
fixes:
  - id: call
    trigger: {stage: trial, after: 0, hold_out: 0.5ONCE}
    effects: [{transition: trial -> gone, to: 0}]
"""
    for once, firings in ((False, 40), (True, 10)):
        name = "once.yaml" if once else "stay.yaml"
        write(alternate, name, rule.replace("ONCE", ", once_per: customer" if once else ""))
        for mode in ("individual", "cohort", "expected"):
            rows, _ = simulate(alternate, os.path.join(alternate, name), mode, 3)
            for r in rows:
                check(float(r["triggered"]) == firings and
                      float(r["trigger_held_out"]) + float(r["trigger_served"]) == firings,
                      f"alternating {name} {mode}: triggered {r['triggered']}, held out {r['trigger_held_out']}, "
                      f"served {r['trigger_served']}; by hand {firings}")

    still = os.path.join(tmp, "still")
    write(still, "model.yaml", """journey: {name: still, period: month, horizon: 8, discount_rate: 0}
stages:
  - {id: onboarding, revenue_per_period: 1}
  - {id: gone, terminal: true}
transitions:
  onboarding: {gone: 0}
population: {initial: {onboarding: 10}, inflow: {onboarding: 0}}
""")
    nudge = """model: model.yaml
fixes:
  - id: nudge
    trigger: {stage: onboarding, after: 1, cooldown: 3, lasts: 1CAPACITY}
    effects: [{transition: onboarding -> gone, to: 0}]
"""
    for capacity, served in (("", 30), (", capacity: 4", 12)):
        name = "limited.yaml" if capacity else "unlimited.yaml"
        write(still, name, nudge.replace("CAPACITY", capacity))
        for mode in ("individual", "cohort", "expected"):
            rows, _ = simulate(still, os.path.join(still, name), mode, 3)
            for r in rows:
                check((float(r["triggered"]), float(r["trigger_served"]), float(r["trigger_unserved"])) == (30, served, 30 - served),
                      f"cooldown {name} {mode}: triggered {r['triggered']}, served {r['trigger_served']}, "
                      f"unserved {r['trigger_unserved']}; by hand 30, {served}, {30 - served}")

    # 3: refused.
    write(reentry, "bad.yaml", WELCOME.replace("ONCE", ", once_per: person"))
    stderr, _ = simulate(reentry, os.path.join(reentry, "bad.yaml"), "expected", 1, expect_exit=2)
    check("once_per" in stderr and "customer" in stderr and "bad.yaml:4:" in stderr, f"bad once_per: {stderr}")
    write(still, "both.yaml", nudge.replace("CAPACITY", ", once_per: customer"))
    stderr, _ = simulate(still, os.path.join(still, "both.yaml"), "expected", 1, expect_exit=2)
    check("cooldown" in stderr and "both.yaml:4:" in stderr, f"once per customer with a cooldown: {stderr}")

finish("once_per_customer_test", failures)
