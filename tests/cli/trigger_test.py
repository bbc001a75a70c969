#!/usr/bin/env python3
"""Triggered fixes (issue #12 §1, docs/reference/fixes-file.md#triggers).

1. A trigger that fires in a customer's first period in the stage (`after: 0`), for everyone
   (no hold-out, no capacity), is the same fix written as a plain stage effect: equal in
   expected mode (relative 1e-12: the trigger's chain has more states, so sums run in another
   order), equal in individual mode (the served customer's uniforms land on the same stages:
   sim/step.hpp destination_order), and within 4 standard errors of the paired difference in
   cohort mode (whose added states draw their own binomials).
2. Hold-out. In expected mode without capacity the dynamics are linear in the split, so a
   hold-out share h gives exactly (1 − h) of the fix's incremental margin: the held-out follow
   the baseline rows. In cohort and individual mode the held-out share of all triggered
   customers is within 4 binomial standard errors of h.
3. Capacity, derived by hand. One onboarding stage that moves half its customers a month to a
   paying stage nobody leaves (revenue 100, margin 1, no discounting); 100 customers at as_of and
   100 arriving each month; horizon 6. A rule fires in a customer's 2nd month in onboarding
   (`after: 1`), keeps 20% as control, serves at most 30 a month, and lifts the move to 0.7 in
   the firing month only (`lasts: 1`), at 10 per customer served.
   - In periods t = 1..5, 50 customers reach their 2nd month (half of each 100 stayed): 250
     triggered, 50 held out; of the 40 eligible a month 30 are served (150), 10 unserved (50).
     With capacity 60 all 40 are (200 served, 0 unserved).
   - Each customer served at t moves with 0.7 instead of 0.5: 0.2 more of them are paying at
     t + 1, customers who would otherwise have stayed and moved at 0.5 a month. So a firing of
     c served at t adds 0.2·c·0.5^(τ−t−1) paying customers at every τ = t+1..5, and the
     incremental margin is Σ_t Σ_τ 100·0.2·c·0.5^(τ−t−1). The cost is 10 per served customer.
   - In cohort and individual mode no replicate serves more than 30 a month (150 in all).
   - One team serves every segment: with two half segments (25 firing a month each, 20 of them
     eligible), capacity 30 serves all 20 of the first segment the model lists and 10 of the
     second, so their margins are the formula above with 20 and with 10 a month.
   - Individual mode steps customers period by period when a capacity is shared
     (sim/individual_by_period.cpp), with the streams a walk alone uses: with a capacity nobody
     reaches it writes the same replicates.csv, byte for byte, as without a capacity.
   - The report's rule table shows those counts, its chart the capacity line, and its journey
     map's "Rules that fire here" lane names the rule under onboarding.
4. A trigger limited to segments (`segments:`) leaves the others' rows exactly the baseline's.
5. Two rules on one stage, one after the other (the capacity journey): a welcome call in the
   first month (`after: 0`, `lasts: 1`, move 0.6) and a rescue call in the third (`after: 2`,
   at most 20 a month, move 0.7). Expected mode matches a recursion over months in onboarding
   written here (no states, no chain: customers by tenure, each rule applied where it fires).
6. A rule with a cooldown (the capacity journey): a nudge in months 2, 4, 6, … in onboarding
   (`after: 1`, `cooldown: 2`, `lasts: 1`, move 0.7), at most 20 a month shared by all its
   firings, the earliest firing first. Expected mode matches the recursion by tenure; cohort and
   individual mode's mean triggered customers and incremental margin are within 4 standard errors
   of it (individual mode serves a period's firings in the same order as the others).
7. Rules on one stage that never meet may overlap: variants in disjoint segments, or in one
   `exclusive` group of the decision block, are read; a portfolio holding both exclusive
   variants is refused (exit 2, naming both).
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


TRIAL_MODEL = """journey: {name: triggers, period: month, horizon: 12, discount_rate: 0.1, gross_margin: 0.8}
stages:
  - {id: trial}
  - {id: paying, revenue_per_period: 100}
  - {id: churned, terminal: true}
transitions:
  trial: {paying: 0.3, churned: 0.2}
  paying: {churned: 0.05}
population: {initial: {trial: 1000, paying: 500}, inflow: {trial: 200}}
"""
TRIAL_FIXES = """model: model.yaml
fixes:
  - id: plain
    cost: {upfront: 1000}
    effects:
      - {transition: trial -> paying, relative: 0.2}
  - id: rule
    cost: {upfront: 1000}
    trigger: {stage: trial, after: 0}
    effects:
      - {transition: trial -> paying, relative: 0.2}
  - id: rule-held
    cost: {upfront: 1000}
    trigger: {stage: paying, after: 1, hold_out: 0.25}
    effects:
      - {transition: paying -> churned, relative: -0.4}
  - id: rule-all
    cost: {upfront: 1000}
    trigger: {stage: paying, after: 1}
    effects:
      - {transition: paying -> churned, relative: -0.4}
"""
# rule-held and rule-all watch the same stage, so they live in two files (one rule per stage).
TRIAL_FIXES_ALL = TRIAL_FIXES.split("  - id: rule-held")[0] + "  - id: rule-all" + TRIAL_FIXES.split("  - id: rule-all")[1]
TRIAL_FIXES_HELD = TRIAL_FIXES.split("  - id: rule-all")[0]

CAPACITY_MODEL = """journey: {name: capacity, period: month, horizon: 6, discount_rate: 0, gross_margin: 1}
stages:
  - {id: onboarding}
  - {id: paying, revenue_per_period: 100}
  - {id: gone, terminal: true}
transitions:
  onboarding: {paying: 0.5}
population: {initial: {onboarding: 100}, inflow: {onboarding: 100}}
"""
CAPACITY_FIXES = """model: model.yaml
fixes:
  - id: rescue
    cost: {per_trigger: 10}
    trigger: {stage: onboarding, after: 1, hold_out: 0.2, capacity: CAPACITY, lasts: 1}
    effects:
      - {transition: onboarding -> paying, to: 0.7}
"""

SEGMENT_MODEL = TRIAL_MODEL + """segments:
  - {id: smb, share: 0.5}
  - {id: enterprise, share: 0.5}
"""
SEGMENT_FIXES = """model: model.yaml
fixes:
  - id: rule
    segments: [enterprise]
    trigger: {stage: trial, after: 1, hold_out: 0.1}
    effects:
      - {transition: trial -> paying, relative: 0.2}
"""
SAME_COLUMNS = ["revenue_total", "revenue_pv", "arr_end", "active_end", "churned_total", "lost_total"]


def write(directory, name, text):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "w") as f:
        f.write(text)


def simulate(directory, fixes, mode, replicates, seed=5):
    out = os.path.join(directory, f"out-{os.path.basename(fixes)}-{mode}-{replicates}")
    result = subprocess.run([BINARY, "simulate", os.path.join(directory, "model.yaml"), "--fixes", fixes, "--out", out,
                             "--mode", mode, "--replicates", str(replicates), "--seed", str(seed), "--quiet"],
                            capture_output=True, text=True, timeout=600)
    check(result.returncode == 0, f"simulate {fixes} --mode {mode}: exit {result.returncode}: {result.stderr}")
    with open(os.path.join(out, "replicates.csv")) as f:
        rows = {(r["scenario"], r["segment"], r["replicate"]): r for r in csv.DictReader(f)}
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    return rows, summary


def column(rows, scenario, name, replicates, segment="all"):
    return [float(rows[(scenario, segment, str(r))][name]) for r in range(replicates)]


def mean_and_se(values):
    n = len(values)
    mean = sum(values) / n
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, math.sqrt(variance / n)


def close(a, b, relative):
    return abs(a - b) <= relative * max(abs(a), abs(b), 1.0)


with tempfile.TemporaryDirectory() as tmp:
    # 1 and 2: the trial journey.
    trial = os.path.join(tmp, "trial")
    write(trial, "model.yaml", TRIAL_MODEL)
    write(trial, "all.yaml", TRIAL_FIXES_ALL)
    write(trial, "held.yaml", TRIAL_FIXES_HELD)
    replicates = {"expected": 3, "cohort": 2000, "individual": 200}
    for mode, n in replicates.items():
        rows, _ = simulate(trial, os.path.join(trial, "all.yaml"), mode, n)
        plain, rule = column(rows, "plain", "npv", n), column(rows, "rule", "npv", n)
        if mode == "expected":
            for r in range(n):
                for name in SAME_COLUMNS + ["incremental_margin_pv", "cost_pv", "npv"]:
                    a = float(rows[("plain", "all", str(r))][name])
                    b = float(rows[("rule", "all", str(r))][name])
                    check(close(a, b, 1e-12), f"expected, replicate {r}: {name} {b} (trigger at entry) is not {a} (plain)")
        elif mode == "individual":
            check(plain == rule, f"individual: the trigger at entry's NPVs differ from the plain fix's "
                                 f"(first: {rule[0]} vs {plain[0]})")
        else:
            mean, se = mean_and_se([b - a for a, b in zip(plain, rule)])
            check(abs(mean) <= 4 * se, f"cohort: trigger at entry minus plain fix: mean NPV difference {mean:.1f}, "
                                       f"4 SE = {4 * se:.1f}")

    held_rows, held_summary = simulate(trial, os.path.join(trial, "held.yaml"), "expected", 2)
    all_rows, _ = simulate(trial, os.path.join(trial, "all.yaml"), "expected", 2)
    held = column(held_rows, "rule-held", "incremental_margin_pv", 2)
    full = column(all_rows, "rule-all", "incremental_margin_pv", 2)
    check(full[0] > 0, f"the paying rule gains margin ({full[0]})")
    check(close(held[0], 0.75 * full[0], 1e-9),
          f"expected: hold-out 0.25 gives margin {held[0]}, not 0.75 × {full[0]} = {0.75 * full[0]}")
    for mode in ("cohort", "individual"):
        n = 400 if mode == "cohort" else 40
        rows, summary = simulate(trial, os.path.join(trial, "held.yaml"), mode, n)
        triggered = sum(column(rows, "rule-held", "triggered", n))
        held_out = sum(column(rows, "rule-held", "trigger_held_out", n))
        served = sum(column(rows, "rule-held", "trigger_served", n))
        share, se = held_out / triggered, math.sqrt(0.25 * 0.75 / triggered)
        check(abs(share - 0.25) <= 4 * se, f"{mode}: held-out share {share:.4f} of {triggered:.0f} triggered is not "
                                           f"0.25 within 4 SE ({4 * se:.4f})")
        check(held_out + served == triggered, f"{mode}: without capacity everyone not held out is served")
        entry = [s for s in summary["scenarios"] if s["id"] == "rule-held"][0]["triggers"][0]
        check(entry["fix"] == "rule-held" and abs(entry["trigger_held_out"]["mean"] - held_out / n) < 1e-6 * held_out,
              f"{mode}: summary.json's trigger counts {entry} do not match replicates.csv")

    # 3: capacity, by hand.
    capacity = os.path.join(tmp, "capacity")
    write(capacity, "model.yaml", CAPACITY_MODEL)
    for limit, served_each in ((30, 30), (60, 40)):
        fixes = os.path.join(capacity, f"limit-{limit}.yaml")
        write(capacity, f"limit-{limit}.yaml", CAPACITY_FIXES.replace("CAPACITY", str(limit)))
        rows, summary = simulate(capacity, fixes, "expected", 1)
        row = rows[("rescue", "all", "0")]
        expected_counts = {"triggered": 250, "trigger_held_out": 50, "trigger_served": 5 * served_each,
                           "trigger_unserved": 5 * (40 - served_each)}
        for name, value in expected_counts.items():
            check(close(float(row[name]), value, 1e-12), f"capacity {limit}: {name} {row[name]}, by hand {value}")
        margin = sum(100 * 0.2 * served_each * 0.5 ** (tau - t - 1) for t in range(1, 6) for tau in range(t + 1, 6))
        check(close(float(row["incremental_margin_pv"]), margin, 1e-12),
              f"capacity {limit}: incremental margin {row['incremental_margin_pv']}, by hand {margin}")
        check(close(float(row["cost_pv"]), 10 * 5 * served_each, 1e-12),
              f"capacity {limit}: cost {row['cost_pv']}, by hand {10 * 5 * served_each}")
        if limit == 30:
            for mode, n in (("cohort", 300), ("individual", 100)):
                rows, _ = simulate(capacity, fixes, mode, n)
                most = max(column(rows, "rescue", "trigger_served", n))
                check(most <= 150, f"{mode}: a replicate served {most} customers, more than 30 a month for 5 months")
                check(most == 150, f"{mode}: with about 40 eligible a month the capacity binds in some replicate ({most})")
    report = subprocess.run([BINARY, "report", os.path.join(capacity, "out-limit-30.yaml-expected-1")],
                            capture_output=True, text=True, timeout=300)
    check(report.returncode == 0, f"report: exit {report.returncode}: {report.stderr}")
    with open(os.path.join(capacity, "out-limit-30.yaml-expected-1", "report.html")) as f:
        page = f.read()
    row = page[page.find('<tr data-rule="rescue">'):]
    row = row[:row.find("</tr>")]
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in row.split("<td")[1:]]
    check(cells[2:] == ["250", "50", "150", "50"], f"report: the rule's row reads {cells}, not 250, 50, 150, 50")
    check("at most 30 a month" in cells[1] and "capacity 30" in page,
          f"report: the rule's capacity is not shown ({cells[1]!r})")
    lane = page[page.find('<tr class="data-lane lane-rules">'):]
    lane = lane[:lane.find("</tr>")]
    check('data-rule="rescue"' in lane and "(after 1 month)" in lane,
          f"report: the map's rules lane does not mark the rescue rule: {lane[:300]!r}")
    shared = os.path.join(tmp, "shared")
    write(shared, "model.yaml", CAPACITY_MODEL + "segments:\n  - {id: first, share: 0.5}\n  - {id: second, share: 0.5}\n")
    write(shared, "fixes.yaml", CAPACITY_FIXES.replace("CAPACITY", "30"))
    rows, _ = simulate(shared, os.path.join(shared, "fixes.yaml"), "expected", 1)
    check(close(float(rows[("rescue", "all", "0")]["trigger_served"]), 150, 1e-12),
          f"shared capacity: served {rows[('rescue', 'all', '0')]['trigger_served']}, by hand 150")
    for segment, served_each in (("first", 20), ("second", 10)):
        margin = sum(100 * 0.2 * served_each * 0.5 ** (tau - t - 1) for t in range(1, 6) for tau in range(t + 1, 6))
        got = float(rows[("rescue", segment, "0")]["incremental_margin_pv"])
        check(close(got, margin, 1e-12), f"shared capacity: {segment}'s margin {got}, by hand {margin} "
                                         f"({served_each} served a month)")
    unlimited = CAPACITY_FIXES.replace(", capacity: CAPACITY", "")
    write(capacity, "unlimited.yaml", unlimited)
    write(capacity, "unreached.yaml", CAPACITY_FIXES.replace("CAPACITY", "1000000000"))
    outputs = []
    for name in ("unlimited.yaml", "unreached.yaml"):
        simulate(capacity, os.path.join(capacity, name), "individual", 50)
        with open(os.path.join(capacity, f"out-{name}-individual-50", "replicates.csv")) as f:
            outputs.append(f.read())
    check(outputs[0] == outputs[1], "individual: a capacity nobody reaches changes replicates.csv (the period-by-period "
                                    "form must draw what the walk draws)")

    # 5: two rules on one stage, against a recursion by tenure.
    write(capacity, "sequence.yaml", """model: model.yaml
fixes:
  - id: welcome
    trigger: {stage: onboarding, after: 0, lasts: 1}
    effects: [{transition: onboarding -> paying, to: 0.6}]
  - id: rescue
    trigger: {stage: onboarding, after: 2, capacity: 20, lasts: 1}
    effects: [{transition: onboarding -> paying, to: 0.7}]
portfolios:
  - {id: both, fixes: [rescue, welcome]}
""")

    def by_tenure(welcome, rescue):
        """Revenue over the horizon and the rescue rule's (triggered, served) customers."""
        onboarding, paying, revenue, triggered, served_total = {1: 100.0}, 0.0, 0.0, 0.0, 0.0
        for t in range(6):
            revenue += 100 * paying
            if rescue and 3 in onboarding:
                triggered += onboarding[3]
                served_total += min(20.0, onboarding[3])
            if t == 5:
                break
            stayed, moved = {}, 0.0
            for p, n in onboarding.items():
                if p == 1 and welcome:
                    groups = [(n, 0.6)]
                elif p == 3 and rescue:
                    served = min(20.0, n)
                    groups = [(served, 0.7), (n - served, 0.5)]
                else:
                    groups = [(n, 0.5)]
                for size, move in groups:
                    moved += size * move
                    stayed[p + 1] = stayed.get(p + 1, 0.0) + size * (1 - move)
            paying += moved
            stayed[1] = stayed.get(1, 0.0) + 100  # arrivals after period t
            onboarding = stayed
        return revenue, triggered, served_total

    rows, _ = simulate(capacity, os.path.join(capacity, "sequence.yaml"), "expected", 1)
    base_revenue = by_tenure(False, False)[0]
    for scenario, welcome, rescue in (("welcome", True, False), ("rescue", False, True), ("both", True, True)):
        revenue, triggered, served = by_tenure(welcome, rescue)
        row = rows[(scenario, "all", "0")]
        check(close(float(row["incremental_margin_pv"]), revenue - base_revenue, 1e-12),
              f"{scenario}: incremental margin {row['incremental_margin_pv']}, by tenure {revenue - base_revenue}")
        if scenario == "rescue":
            check(close(float(row["triggered"]), triggered, 1e-12) and close(float(row["trigger_served"]), served, 1e-12),
                  f"rescue: triggered {row['triggered']}, served {row['trigger_served']}; by tenure {triggered}, {served}")

    # 6: a cooldown, against the recursion by tenure.
    write(capacity, "cooldown.yaml", """model: model.yaml
fixes:
  - id: nudge
    trigger: {stage: onboarding, after: 1, cooldown: 2, lasts: 1, capacity: 20}
    effects: [{transition: onboarding -> paying, to: 0.7}]
""")

    def with_cooldown(rule):
        """Revenue, triggered and served customers with a nudge at tenures 2, 4, 6, …"""
        onboarding, paying, revenue, triggered, served_total = {1: 100.0}, 0.0, 0.0, 0.0, 0.0
        for t in range(6):
            revenue += 100 * paying
            served, left = {}, 20.0
            for p in sorted(onboarding):
                if rule and p >= 2 and (p - 2) % 2 == 0:
                    served[p] = min(left, onboarding[p])
                    left -= served[p]
                    triggered += onboarding[p]
                    served_total += served[p]
            if t == 5:
                break
            stayed, moved = {}, 0.0
            for p, n in onboarding.items():
                for size, move in ((served.get(p, 0.0), 0.7), (n - served.get(p, 0.0), 0.5)):
                    moved += size * move
                    stayed[p + 1] = stayed.get(p + 1, 0.0) + size * (1 - move)
            paying += moved
            stayed[1] = stayed.get(1, 0.0) + 100
            onboarding = stayed
        return revenue, triggered, served_total

    revenue, triggered, served = with_cooldown(True)
    margin = revenue - with_cooldown(False)[0]
    rows, _ = simulate(capacity, os.path.join(capacity, "cooldown.yaml"), "expected", 1)
    row = rows[("nudge", "all", "0")]
    for name, value in (("incremental_margin_pv", margin), ("triggered", triggered), ("trigger_served", served)):
        check(close(float(row[name]), value, 1e-12), f"cooldown: {name} {row[name]}, by tenure {value}")
    for mode, n in (("cohort", 400), ("individual", 400)):
        rows, _ = simulate(capacity, os.path.join(capacity, "cooldown.yaml"), mode, n)
        mean, se = mean_and_se(column(rows, "nudge", "triggered", n))
        check(abs(mean - triggered) <= 4 * se, f"cooldown, {mode}: {mean:.2f} triggered on average, by tenure "
                                               f"{triggered:.2f} (4 SE = {4 * se:.2f})")
        most = max(column(rows, "nudge", "trigger_served", n))
        check(most <= 100, f"cooldown, {mode}: a replicate served {most}, more than 20 a month")
        mean, se = mean_and_se(column(rows, "nudge", "incremental_margin_pv", n))
        check(abs(mean - margin) <= 4 * se, f"cooldown, {mode}: incremental margin {mean:.1f} on average, by tenure "
                                            f"{margin:.1f} (4 SE = {4 * se:.1f})")

    # 7: rules that never meet.
    variants = """model: model.yaml
fixes:
  - id: call-smb
    segments: [smb]
    trigger: {stage: trial, after: 1}
    effects: [{transition: trial -> paying, relative: 0.2}]
  - id: call-enterprise
    segments: [enterprise]
    trigger: {stage: trial, after: 1}
    effects: [{transition: trial -> paying, relative: 0.3}]
  - id: call
    trigger: {stage: trial, after: 2}
    effects: [{transition: trial -> paying, relative: 0.2}]
  - id: call-lite
    trigger: {stage: trial, after: 2, lasts: 1}
    effects: [{transition: trial -> paying, relative: 0.1}]
decision:
  exclusive: [[call, call-lite], [call, call-smb], [call, call-enterprise], [call-lite, call-smb], [call-lite, call-enterprise]]
"""
    seg_dir = os.path.join(tmp, "variants")
    write(seg_dir, "model.yaml", SEGMENT_MODEL)
    write(seg_dir, "ok.yaml", variants + "portfolios:\n  - {id: both-segments, fixes: [call-smb, call-enterprise]}\n")
    write(seg_dir, "bad.yaml", variants + "portfolios:\n  - {id: both-variants, fixes: [call, call-lite]}\n")
    rows, _ = simulate(seg_dir, os.path.join(seg_dir, "ok.yaml"), "expected", 1)
    for segment, single in (("smb", "call-smb"), ("enterprise", "call-enterprise")):
        a = rows[("both-segments", segment, "0")]["incremental_margin_pv"]
        b = rows[(single, segment, "0")]["incremental_margin_pv"]
        check(a == b, f"variants in disjoint segments: the portfolio's {segment} margin {a} is not {single}'s {b}")
    bad = subprocess.run([BINARY, "validate", os.path.join(seg_dir, "model.yaml"), os.path.join(seg_dir, "bad.yaml")],
                         capture_output=True, text=True, timeout=60)
    check(bad.returncode == 2 and "'call-lite'" in bad.stderr and "'call'" in bad.stderr,
          f"a portfolio of two overlapping rules: exit {bad.returncode}, {bad.stderr!r}")

    # 4: segments the trigger does not reach are the baseline's, in every mode.
    segments = os.path.join(tmp, "segments")
    write(segments, "model.yaml", SEGMENT_MODEL)
    write(segments, "fixes.yaml", SEGMENT_FIXES)
    for mode, n in (("expected", 2), ("cohort", 20), ("individual", 4)):
        rows, _ = simulate(segments, os.path.join(segments, "fixes.yaml"), mode, n)
        for r in range(n):
            for name in SAME_COLUMNS:
                base, fix = rows[("baseline", "smb", str(r))][name], rows[("rule", "smb", str(r))][name]
                check(base == fix, f"{mode}, replicate {r}: smb's {name} {fix} is not the baseline's {base}")
        # Inside, the rule gains margin on average (a cohort replicate's difference is noisy: the
        # trigger's added states draw their own binomials).
        inside = sum(column(rows, "rule", "incremental_margin_pv", n, "enterprise")) / n
        check(inside > 0, f"{mode}: the rule acts on enterprise (mean incremental margin {inside})")

finish("trigger", failures)
