#!/usr/bin/env python3
"""End-to-end checks of `journeysim decide` (run from the repository root, argv[1] = binary).

Oracles (none of them is decide's own code):
- brute force: every subset of a 6-fix case declared as a portfolio and run by `simulate` with
  2R replicates; the screening values are the means over replicates [0, R), the re-scored ones
  over [R, 2R), and the constraints are checked here in Python. decide's feasible set, its
  screening best, its leaders and its recommendation must equal what this brute force gives;
- EVPI equals its definition computed from the same replicates (and is >= 0);
- the frontier never falls as the budget grows and never exceeds its budget level;
- interactions: two fixes setting the same transition are worth one of them (constant effects,
  expected mode: exact); decide counts the joint value, not the sum, and funds the other pair;
- optimizer's curse: 12 identically distributed fixes, 10 fixed seeds: the screening best's
  screening value is biased up (so the case exercises the curse); the recommendation's
  confirmed value (replicates no choice saw) is not, within 3 standard errors of the mean of
  its differences to an independent estimate of the common true value (simulate, own seed);
- tornado: pinned-effect NPVs equal simulate of the pinned portfolio (exact, expected mode); the
  model side's quantiles are Beta quantiles and its tail means E[g(p) | tail] integrated here
  over simulate of pinned models, within Monte Carlo standard errors;
- value of information: 0 <= EVPPI <= EVPI for every effect, 0 <= the pilot's EVSI <= its
  effect's EVPPI; the pilot's entries per period, estimate standard error, wait and net benefit
  recomputed here by hand from the model's chain (docs/reference/outputs.md#pilot);
- same seed => byte-identical outputs for --threads 1 and 2.
"""
import csv
import filecmp
import itertools
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from cli_check import finish  # noqa: E402

BINARY = sys.argv[1]
JOURNEY = os.path.abspath("scenarios/b2b-saas/journey.yaml")
SIX = ["transparent-pricing", "re-engagement-email", "qbr-programme", "trust-center", "prefilled-trial",
       "industry-pages"]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def run(args, expect=0):
    p = subprocess.run([BINARY] + args, capture_output=True, text=True)
    if p.returncode != expect:
        failures.append(f"{' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stderr}")
    return p


def six_fixes_text(decision_block=""):
    """The example's fixes file reduced to SIX, with every subset declared as a portfolio."""
    with open("scenarios/b2b-saas/fixes.yaml", encoding="utf-8") as f:
        text = f.read()
    fixes_part = text.split("portfolios:")[0].replace("model: journey.yaml", f"model: {JOURNEY}")
    blocks = fixes_part.split("\n  - id: ")
    kept = [blocks[0]] + [b for b in blocks[1:] if b.split("\n")[0].strip() in SIX]
    out = "\n  - id: ".join(kept) + "portfolios:\n"
    for size in range(2, len(SIX) + 1):
        for subset in itertools.combinations(SIX, size):
            out += f"  - {{id: p-{'-'.join(str(SIX.index(f)) for f in subset)}, fixes: [{', '.join(subset)}]}}\n"
    return out + decision_block


def mean(values):
    total = 0.0
    for v in values:
        total += v
    return total / len(values)


def brute_force_values(directory, replicates):
    """mask -> (screening npv mean, screening cost_pv mean, rescored npv mean) from simulate."""
    per = {}
    with open(os.path.join(directory, "replicates.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["segment"] != "all" or row["scenario"] == "baseline":
                continue
            per.setdefault(row["scenario"], []).append((int(row["replicate"]), float(row["npv"]),
                                                        float(row["cost_pv"])))
    values = {0: (0.0, 0.0, 0.0, [0.0] * replicates)}
    for scenario, rows in per.items():
        rows.sort()
        if scenario.startswith("p-"):
            mask = sum(1 << int(i) for i in scenario[2:].split("-"))
        else:
            mask = 1 << SIX.index(scenario)
        first = [r for r in rows if r[0] < replicates]
        second = [r for r in rows if replicates <= r[0] < 2 * replicates]
        values[mask] = (mean([r[1] for r in first]), mean([r[2] for r in first]), mean([r[1] for r in second]),
                        [r[1] for r in first])
    return values


def feasible(mask, cost, budget, rules):
    ids = {SIX[i] for i in range(len(SIX)) if mask >> i & 1}
    if not set(rules.get("required", [])) <= ids or len(ids) > rules.get("max_fixes", 99):
        return False
    if any(len(ids & set(group)) > 1 for group in rules.get("exclusive", [])):
        return False
    if any(len(ids & set(fixes)) > limit for fixes, limit in rules.get("capacity", [])):
        return False
    return cost <= budget * (1 + 1e-12)


def ranked(masks, value, cost):
    return sorted(masks, key=lambda m: (-value[m], cost[m], m))


def mask_of(ids):
    return sum(1 << SIX.index(i) for i in ids)


def portfolios_csv(directory):
    rows = {}
    with open(os.path.join(directory, "portfolios.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[mask_of(row["fixes"].split("+") if row["fixes"] else [])] = row
    return rows


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def check_against_brute_force(label, values, decision_dir, budget, rules):
    with open(os.path.join(decision_dir, "decision.json"), encoding="utf-8") as f:
        decision = json.load(f)
    rows = portfolios_csv(decision_dir)
    screen = {m: v[0] for m, v in values.items()}
    cost = {m: v[1] for m, v in values.items()}
    fresh = {m: v[2] for m, v in values.items()}
    ok = [m for m in values if feasible(m, cost[m], budget, rules)]
    check(3 <= len(ok) < 64, f"{label}: {len(ok)} feasible portfolios: the case does not test the constraints")
    print(f"{label}: {len(ok)} of 64 portfolios feasible")
    listed = {m for m, row in rows.items() if row["feasible"] == "1"}
    check(listed == set(ok), f"{label}: decide's feasible set differs from brute force "
                             f"(missing {sorted(set(ok) - listed)}, extra {sorted(listed - set(ok))})")
    for m, row in rows.items():
        check(close(float(row["npv_mean"]), screen[m]), f"{label}: screening NPV of mask {m} is {row['npv_mean']}, "
                                                        f"simulate gives {screen[m]}")
    best = ranked(ok, screen, cost)[0]
    check(mask_of(decision["screening_best"]["fixes"]) == best, f"{label}: screening best differs from brute force")
    leaders = set()
    for k in range(1, 11):
        level = budget * k / 10
        leaders |= set([m for m in ranked(ok, screen, cost) if cost[m] <= level * (1 + 1e-12)][:10])
    check({mask_of(p["fixes"]) for p in decision["leaders"]} == leaders, f"{label}: leaders differ from brute force")
    winner = ranked(sorted(leaders), fresh, cost)[0]
    check(mask_of(decision["recommended"]) == winner,
          f"{label}: recommended {decision['recommended']}, brute force picks mask {winner}")
    got = decision["recommended_portfolio"]["rescored"]["npv_mean"]
    check(close(got, fresh[winner]), f"{label}: re-scored NPV {got}, brute force {fresh[winner]}")
    # EVPI by its definition: E[max over feasible portfolios of NPV] − max over them of E[NPV].
    replicates = len(values[0][3])
    evpi = mean([max(values[m][3][r] for m in ok) for r in range(replicates)]) - max(screen[m] for m in ok)
    check(close(decision["evpi"], evpi) and evpi >= 0, f"{label}: EVPI {decision['evpi']}, by definition {evpi}")
    return decision


def test_brute_force():
    replicates, budget = 60, 3e6
    with tempfile.TemporaryDirectory() as tmp:
        rules_text = ("decision:\n  exclusive: [[transparent-pricing, industry-pages]]\n"
                      "  required: [re-engagement-email]\n  capacity: {Product: 1}\n")
        fixes = os.path.join(tmp, "fixes.yaml")
        with open(fixes, "w", encoding="utf-8") as f:
            f.write(six_fixes_text(rules_text))
        sim = os.path.join(tmp, "sim")
        run(["simulate", JOURNEY, "--fixes", fixes, "--out", sim, "--replicates", str(2 * replicates), "--seed", "11",
             "--quiet"])
        values = brute_force_values(sim, replicates)
        check(len(values) == 64, f"brute force has {len(values)} portfolios, expected 64")
        # Unconstrained: the same file without its decision block.
        plain = os.path.join(tmp, "plain.yaml")
        with open(plain, "w", encoding="utf-8") as f:
            f.write(six_fixes_text())
        out = os.path.join(tmp, "d-plain")
        run(["decide", JOURNEY, "--fixes", plain, "--budget", "3M", "--out", out, "--replicates", str(replicates),
             "--seed", "11", "--quiet"])
        decision = check_against_brute_force("unconstrained", values, out, budget, {})
        check_frontier("unconstrained", decision, budget)
        out = os.path.join(tmp, "d-rules")
        run(["decide", JOURNEY, "--fixes", fixes, "--budget", "3M", "--max-fixes", "3", "--out", out, "--replicates",
             str(replicates), "--seed", "11", "--quiet"])
        rules = {"required": ["re-engagement-email"], "max_fixes": 3,
                 "exclusive": [["transparent-pricing", "industry-pages"]],
                 "capacity": [(["re-engagement-email", "prefilled-trial"], 1)]}
        decision = check_against_brute_force("constrained", values, out, budget, rules)
        check_frontier("constrained", decision, budget)
        for point in decision["frontier"] + [decision["recommended_portfolio"]]:
            m = mask_of(point["fixes"])
            check(feasible(m, values[m][1], budget, rules), f"constrained: {point['fixes']} violates a constraint")
        check_objective_and_risk(tmp, plain, values, replicates, budget)


def p10(samples):
    return statistics.quantiles(samples, n=10, method="inclusive")[0]  # type 7, as numpy's default


def check_objective_and_risk(tmp, fixes, values, replicates, budget):
    """--objective p10 picks the brute force's best P10; --min-p-positive is never violated."""
    out = os.path.join(tmp, "d-p10")
    run(["decide", JOURNEY, "--fixes", fixes, "--budget", "3M", "--objective", "p10", "--min-p-positive", "0.9",
         "--out", out, "--replicates", str(replicates), "--seed", "11", "--quiet"])
    with open(os.path.join(out, "decision.json"), encoding="utf-8") as f:
        decision = json.load(f)
    positive = {m: sum(1 for v in values[m][3] if v > 0) / replicates for m in values}
    ok = [m for m in values if feasible(m, values[m][1], budget, {}) and (m == 0 or positive[m] >= 0.9)]
    check(3 <= len(ok) < 18, f"risk: {len(ok)} portfolios meet P(NPV>0) >= 0.9: the case does not test it")
    rows = portfolios_csv(out)
    check({m for m, row in rows.items() if row["feasible"] == "1"} == set(ok), "risk: feasible set differs")
    score = {m: p10(values[m][3]) for m in values}
    cost = {m: values[m][1] for m in values}
    best = ranked(ok, score, cost)[0]
    check(mask_of(decision["screening_best"]["fixes"]) == best and
          close(decision["screening_best"]["screening"]["objective"], score[best]),
          f"p10: screening best {decision['screening_best']['fixes']}, brute force mask {best}")
    chosen = decision["recommended_portfolio"]
    check(not chosen["fixes"] or chosen["rescored"]["prob_npv_positive"] >= 0.9,
          "risk: the recommendation breaks P(NPV>0) >= 0.9 on the re-scoring replicates")


def check_frontier(label, decision, budget):
    frontier = decision["frontier"]
    check(len(frontier) >= 5, f"{label}: frontier has {len(frontier)} points")
    for a, b in zip(frontier, frontier[1:]):
        check(b["budget"] > a["budget"] and b["rescored"]["objective"] >= a["rescored"]["objective"],
              f"{label}: frontier falls from {a['budget']} to {b['budget']}")
    for p in frontier:
        check(p["budget_cost"] <= p["budget"] * (1 + 1e-12), f"{label}: frontier point over its budget level")
    check(math.isclose(frontier[-1]["budget"], budget) and frontier[-1]["fixes"] == decision["recommended"],
          f"{label}: the frontier's last point is not the recommendation")


INTERACTION_FIXES = """model: {model}
fixes:
  - id: churn-a
    cost: {{upfront: 1000}}
    effects: [{{transition: adoption -> churned, to: 0.005}}]
  - id: churn-b
    cost: {{upfront: 1100}}
    effects: [{{transition: adoption -> churned, to: 0.005}}]
  - id: setup
    cost: {{upfront: 1000}}
    effects: [{{transition: onboarding -> adoption, relative: 0.2}}]
"""


def test_interaction():
    model = os.path.abspath("tests/data/fixes/model.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        fixes = os.path.join(tmp, "fixes.yaml")
        with open(fixes, "w", encoding="utf-8") as f:
            f.write(INTERACTION_FIXES.format(model=model))
        out = os.path.join(tmp, "d")
        run(["decide", model, "--fixes", fixes, "--budget", "2500", "--out", out, "--mode", "expected",
             "--replicates", "4", "--quiet"])
        with open(os.path.join(out, "decision.json"), encoding="utf-8") as f:
            decision = json.load(f)
        rows = {r["fixes"]: r for r in csv.DictReader(open(os.path.join(out, "portfolios.csv"), encoding="utf-8"))}
        a, b, c = (float(rows[k]["npv_mean"]) for k in ("churn-a", "churn-b", "setup"))
        ab = float(rows["churn-a+churn-b"]["npv_mean"])
        # Both set the same probability: together they are churn-a plus churn-b's cost.
        check(math.isclose(ab, a - 1100, rel_tol=1e-9), f"joint NPV {ab}, expected churn-a's {a} less 1100")
        check(a + b > a + c, "test setup: by the sum, churn-a + churn-b would win")
        check(decision["recommended"] == ["churn-a", "setup"], f"recommended {decision['recommended']}, "
                                                               "expected churn-a + setup (the joint value)")
        pairs = {(i["a"], i["b"]): i["npv_mean"] for i in decision["interactions"]}
        check(("churn-a", "churn-b") in pairs and math.isclose(pairs[("churn-a", "churn-b")], ab - a - b, rel_tol=1e-9),
              f"interaction of churn-a and churn-b missing or wrong: {pairs}")


CURSE_FIX = """  - id: variant-{i}
    cost: {{upfront: 1000}}
    effects: [{{transition: adoption -> churned, relative: {{uniform: [-0.8, 0.4]}}}}]
"""


def test_optimizers_curse():
    model = os.path.abspath("tests/data/fixes/model.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        fixes = os.path.join(tmp, "fixes.yaml")
        with open(fixes, "w", encoding="utf-8") as f:
            f.write(f"model: {model}\nfixes:\n" + "".join(CURSE_FIX.format(i=i) for i in range(12)))
        # The common true value, on a seed of its own (independent of every decide run).
        one = os.path.join(tmp, "one.yaml")
        with open(one, "w", encoding="utf-8") as f:
            f.write(f"model: {model}\nfixes:\n" + CURSE_FIX.format(i=0))
        sim = os.path.join(tmp, "sim")
        run(["simulate", model, "--fixes", one, "--out", sim, "--mode", "expected", "--replicates", "20000",
             "--seed", "999", "--quiet"])
        with open(os.path.join(sim, "summary.json"), encoding="utf-8") as f:
            npv = json.load(f)["scenarios"][1]["vs_baseline"]["npv"]
        truth, truth_se = npv["mean"], npv["mcse"]
        screening, confirmed = [], []
        for seed in range(1, 11):
            out = os.path.join(tmp, f"d{seed}")
            run(["decide", model, "--fixes", fixes, "--budget", "1500", "--max-fixes", "1", "--out", out, "--mode",
                 "expected", "--replicates", "100", "--seed", str(seed), "--quiet"])
            with open(os.path.join(out, "decision.json"), encoding="utf-8") as f:
                decision = json.load(f)
            chosen = decision["recommended_portfolio"]
            check(len(chosen["fixes"]) == 1, f"seed {seed}: expected one variant funded, got {chosen['fixes']}")
            screening.append(decision["screening_best"]["screening"]["npv_mean"] - truth)
            confirmed.append(chosen["confirmed"]["npv_mean"] - truth)
        bound = lambda d: 3 * math.sqrt(statistics.variance(d) / len(d) + truth_se ** 2)  # noqa: E731
        check(statistics.mean(screening) > bound(screening),
              f"screening winner not biased up ({statistics.mean(screening)} vs bound {bound(screening)}): "
              "the case does not exercise the curse")
        check(abs(statistics.mean(confirmed)) < bound(confirmed),
              f"confirmed winner biased: mean error {statistics.mean(confirmed)}, bound {bound(confirmed)}")


TORNADO_FIXES = """model: {model}
fixes:
  - id: alerts
    cost: {{upfront: 1000}}
    effects: [{{transition: adoption -> churned, relative: {alerts}}}]
  - id: setup
    cost: {{upfront: 1000}}
    effects: [{{transition: onboarding -> adoption, relative: 0.2}}]
portfolios:
  - {{id: both, fixes: [alerts, setup]}}
"""


def test_tornado():
    """Each bar is the recommendation's NPV with one effect pinned at its P10/P90; expected mode with
    no other uncertainty makes simulate of the pinned portfolio an exact oracle. Triangular
    quantiles by hand: a + sqrt(q(b-a)(c-a)) below the mode, b - sqrt((1-q)(b-a)(b-c)) above."""
    model = os.path.abspath("tests/data/fixes/model.yaml")
    low = -0.5 + math.sqrt(0.1 * 0.4 * 0.2)
    high = -0.1 - math.sqrt(0.1 * 0.4 * 0.2)
    with tempfile.TemporaryDirectory() as tmp:
        fixes = os.path.join(tmp, "fixes.yaml")
        with open(fixes, "w", encoding="utf-8") as f:
            f.write(TORNADO_FIXES.format(model=model, alerts="{triangular: [-0.5, -0.3, -0.1]}"))
        out = os.path.join(tmp, "d")
        run(["decide", model, "--fixes", fixes, "--budget", "1e6", "--out", out, "--mode", "expected",
             "--replicates", "20", "--quiet"])
        with open(os.path.join(out, "decision.json"), encoding="utf-8") as f:
            decision = json.load(f)
        check(decision["recommended"] == ["alerts", "setup"], f"tornado case funds {decision['recommended']}")
        bars = decision["tornado"]
        check(len(bars) == 1 and bars[0]["fix"] == "alerts", f"tornado bars: {bars}")
        if not bars:
            return
        check(close(bars[0]["p10"], low) and close(bars[0]["p90"], high),
              f"triangular P10/P90 {bars[0]['p10']}, {bars[0]['p90']}, by hand {low}, {high}")
        for value, key in ((low, "npv_mean_at_p10"), (high, "npv_mean_at_p90")):
            pinned = os.path.join(tmp, f"pinned{key}.yaml")
            with open(pinned, "w", encoding="utf-8") as f:
                f.write(TORNADO_FIXES.format(model=model, alerts=repr(value)))
            sim = os.path.join(tmp, f"sim{key}")
            run(["simulate", model, "--fixes", pinned, "--out", sim, "--mode", "expected", "--replicates", "3",
                 "--quiet"])
            with open(os.path.join(sim, "summary.json"), encoding="utf-8") as f:
                both = [s for s in json.load(f)["scenarios"] if s["id"] == "both"][0]["vs_baseline"]["npv"]
            check(both["sd"] <= 1e-9 * abs(both["mean"]) and math.isclose(bars[0][key], both["mean"], rel_tol=1e-9),
                  f"tornado {key} = {bars[0][key]}, simulate of the pinned portfolio = {both['mean']}")


MODEL_TORNADO_MODEL = """journey: {{name: model tornado, period: month, horizon: 12}}
stages:
  - {{id: onboarding, revenue_per_period: 100}}
  - {{id: adoption, revenue_per_period: 200}}
  - {{id: churned, terminal: true}}
transitions:
  onboarding: {{adoption: 0.3, churned: 0.1}}
  adoption: {{churned: {churn}}}
population: {{initial: {{onboarding: 100, adoption: 500}}}}
{calibration}"""

# Only adoption's row is counted: its churn draws Beta(10, 490) per replicate, nothing else varies.
MODEL_TORNADO_COUNTS = """calibration:
  source: "hand counts"
  as_of: "2024-01-01"
  period: month
  prior: 0
  customers: 500
  events: 500
  interval_method: "dirichlet-posterior"
  counts:
    adoption: {adoption: 490, churned: 10}
"""


def beta_grid(a, b, top, points=200000):
    """Beta(a, b) density and CDF on a uniform grid of [0, top] (trapezoid rule), for quantiles
    and tail means without scipy; `top` must hold all but a negligible share of the mass."""
    h = top / points
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    xs = [i * h for i in range(points + 1)]
    pdf = [0.0] + [math.exp(log_norm + (a - 1) * math.log(x) + (b - 1) * math.log1p(-x)) for x in xs[1:]]
    cdf = [0.0]
    for i in range(1, points + 1):
        cdf.append(cdf[-1] + 0.5 * h * (pdf[i - 1] + pdf[i]))
    return xs, pdf, cdf


def grid_quantile(xs, cdf, q):
    i = next(k for k in range(len(cdf)) if cdf[k] >= q)
    return xs[i - 1] + (xs[i] - xs[i - 1]) * (q - cdf[i - 1]) / (cdf[i] - cdf[i - 1])


def test_model_tornado():
    """The tornado's model side against quantities nobody here computed with decide's code. With
    constant fix effects, expected mode and only adoption's churn drawn (Beta(10, 490), the
    Dirichlet row of its counts), the recommendation's NPV is a function g(p) of that one draw:
    - P10 and P90 of the draws are Beta quantiles (numerical integration here), within 4 standard
      errors of a sample quantile, sqrt(q(1-q)/n)/f(x_q) (Serfling 1980, 2.3.3);
    - the NPV means over the draws at or below P10 and at or above P90 are E[g(p) | tail], with
      g from simulate of the portfolio on models with p pinned (interpolated quadratically between 7 nodes) and
      the tail integral taken here, within 4 standard errors of a mean over the tail's replicates;
    - alerts cut churn, so more churn means a larger NPV: the high tail is worth more;
    - g depends on nothing else, so the input's first-order share of the NPV variance is 1."""
    replicates = 400
    a, b = 10, 490
    xs, pdf, cdf = beta_grid(a, b, 0.1)
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "model.yaml")
        with open(model, "w", encoding="utf-8") as f:
            f.write(MODEL_TORNADO_MODEL.format(churn=0.02, calibration=MODEL_TORNADO_COUNTS))
        fixes = os.path.join(tmp, "fixes.yaml")
        with open(fixes, "w", encoding="utf-8") as f:
            f.write(TORNADO_FIXES.format(model=model, alerts="-0.3"))
        out = os.path.join(tmp, "d")
        run(["decide", model, "--fixes", fixes, "--budget", "1e6", "--out", out, "--mode", "expected",
             "--replicates", str(replicates), "--quiet"])
        with open(os.path.join(out, "decision.json"), encoding="utf-8") as f:
            decision = json.load(f)
        check(decision["recommended"] == ["alerts", "setup"], f"model tornado case funds {decision['recommended']}")
        swings = decision["model_tornado"]
        check([s["input"] for s in swings] == ["adoption → churned"], f"model tornado inputs: {swings}")
        if len(swings) != 1:
            return
        swing = swings[0]
        for q, key in ((0.1, "p10"), (0.9, "p90")):
            exact = grid_quantile(xs, cdf, q)
            density = pdf[round(exact / (xs[1] - xs[0]))]
            se = math.sqrt(q * (1 - q) / replicates) / density
            check(abs(swing[key] - exact) <= 4 * se, f"model tornado {key} {swing[key]}, Beta quantile {exact} (se {se})")

        def npv_with_churn(churn):
            pinned_model = os.path.join(tmp, f"pinned{churn}.yaml")
            with open(pinned_model, "w", encoding="utf-8") as f:
                f.write(MODEL_TORNADO_MODEL.format(churn=repr(churn), calibration=""))
            sim = os.path.join(tmp, f"sim{churn}")
            run(["simulate", pinned_model, "--fixes", fixes, "--out", sim, "--mode", "expected", "--replicates",
                 "2", "--quiet"])
            with open(os.path.join(sim, "summary.json"), encoding="utf-8") as f:
                return [s for s in json.load(f)["scenarios"] if s["id"] == "both"][0]["vs_baseline"]["npv"]["mean"]

        nodes = [0.002 + 0.007 * k for k in range(7)]  # 0.002 .. 0.044: P(p > 0.044) is below 1e-5
        values = [npv_with_churn(p) for p in nodes]

        def g(p):  # quadratic through the three nearest nodes (g is smooth and slightly concave)
            k = min(max(round((p - nodes[0]) / 0.007) - 1, 0), len(nodes) - 3)
            total = 0.0
            for i in range(k, k + 3):
                term = values[i]
                for j in range(k, k + 3):
                    if j != i:
                        term *= (p - nodes[j]) / (nodes[i] - nodes[j])
                total += term
            return total

        for low_tail, limit, key in ((True, swing["p10"], "npv_mean_at_or_below_p10"),
                                     (False, swing["p90"], "npv_mean_at_or_above_p90")):
            weights = [pdf[i] if (xs[i] <= limit) == low_tail else 0.0 for i in range(len(xs))]
            mass = sum(weights)
            tail_mean = sum(w * g(x) for w, x in zip(weights, xs) if w) / mass
            tail_sd = math.sqrt(max(sum(w * (g(x) - tail_mean) ** 2 for w, x in zip(weights, xs) if w) / mass, 0))
            se = tail_sd / math.sqrt(0.1 * replicates)
            check(abs(swing[key] - tail_mean) <= 4 * se + 1e-6 * abs(tail_mean),
                  f"model tornado {key} {swing[key]}, E[g(p) | tail] {tail_mean} (se {se})")
        check(swing["npv_mean_at_or_above_p90"] > swing["npv_mean_at_or_below_p10"],
              f"more churn should make alerts worth more: {swing}")
        check(0.95 <= swing["variance_share"] <= 1.0 + 1e-9,
              f"the only input's variance share is {swing['variance_share']}, expected 1")
        with open(os.path.join(out, "model_tornado.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        check(len(rows) == 1 and rows[0]["input"] == swing["input"]
              and all(close(float(rows[0][k]), swing[k]) for k in ("p10", "p90", "npv_mean_at_or_below_p10",
                                                                   "npv_mean_at_or_above_p90", "variance_share"))
              and close(float(rows[0]["swing"]), swing["npv_mean_at_or_above_p90"] - swing["npv_mean_at_or_below_p10"]),
              f"model_tornado.csv {rows} differs from decision.json {swing}")
        import re
        run(["report", out])
        with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
            page = f.read()
        table = page.split('id="model-tornado"')[1].split("</table>")[0] if 'id="model-tornado"' in page else ""
        shown = [float(v) for v in re.findall(r'data-value="([^"]+)"', table)]
        expected = [swing[k] for k in ("p10", "p90", "npv_mean_at_or_below_p10", "npv_mean_at_or_above_p90",
                                       "variance_share")]
        check(len(shown) == 5 and all(close(x, y) for x, y in zip(shown, expected)) and "adoption → churned" in table,
              f"the report's model tornado table {shown} differs from decision.json {expected}")


def test_value_of_information():
    """The pilot's bookkeeping by hand on tests/data/fixes/model.yaml (onboarding -> adoption 0.3,
    -> churned 0.1; adoption -> churned 0.02; 100 in onboarding, 500 in adoption, no inflow,
    12 months, the default 10% a year discount rate): customers enter adoption only from
    onboarding, 0.3 * 100 * 0.6^t in period t."""
    model = os.path.abspath("tests/data/fixes/model.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        fixes = os.path.join(tmp, "fixes.yaml")
        with open(fixes, "w", encoding="utf-8") as f:
            f.write(TORNADO_FIXES.format(model=model, alerts="{triangular: [-0.5, -0.3, -0.1]}"))
        out = os.path.join(tmp, "d")
        run(["decide", model, "--fixes", fixes, "--budget", "1e6", "--out", out, "--replicates", "400", "--quiet"])
        with open(os.path.join(out, "decision.json"), encoding="utf-8") as f:
            decision = json.load(f)
        evpi = decision["evpi"]
        check(evpi >= 0 and decision["evppi"], f"EVPI {evpi}, EVPPI list {decision['evppi']}")
        for info in decision["evppi"]:
            check(-1e-9 <= info["evppi"] <= evpi * (1 + 1e-12) + 1e-9, f"EVPPI {info} outside [0, EVPI {evpi}]")
            check(0 <= info["variance_share"] <= 1, f"variance share {info}")
        pilot = decision["pilot"]
        if not check(pilot is not None and pilot["fix"] == "alerts" and pilot["stage"] == "adoption",
                     f"pilot {pilot}"):
            return
        effect_evppi = next(i["evppi"] for i in decision["evppi"] if i["fix"] == "alerts")
        check(0 <= pilot["evsi"] <= effect_evppi + 1e-9, f"pilot EVSI {pilot['evsi']} vs EVPPI {effect_evppi}")
        horizon = 12
        entries = sum(0.3 * 100 * 0.6 ** t for t in range(horizon - 1)) / (horizon - 1)
        check(close(pilot["entries_per_period"], entries), f"entries {pilot['entries_per_period']}, by hand {entries}")
        n, follow = pilot["customers_per_arm"], pilot["follow_periods"]
        occupancy = sum(0.98 ** k for k in range(follow))
        p, treated = 0.02, 0.02 * (1 - 0.3)  # the triangular's mean effect is -0.3
        # Fisher information of a relative effect per customer-period: (dp/dx)^2 / (p(1-p)), dp/dx = p.
        info_treated, info_control = occupancy * p * p / (treated * (1 - treated)), occupancy * p * p / (p * (1 - p))
        se = math.sqrt(1 / (n * info_treated) + 1 / (n * info_control))
        check(close(pilot["estimate_se"], se), f"pilot standard error {pilot['estimate_se']}, by hand {se}")
        wait = math.ceil(2 * n / entries) - 1 + follow
        check(pilot["wait_periods"] == wait, f"pilot wait {pilot['wait_periods']}, by hand {wait}")
        with open(os.path.join(out, "portfolios.csv"), encoding="utf-8") as f:
            best_now = max(float(r["npv_mean"]) for r in csv.DictReader(f) if r["feasible"] == "1")
        keep = 1.1 ** (-wait / 12) * (horizon - wait) / horizon
        check(close(pilot["wait_cost"], (1 - keep) * (best_now + pilot["evsi"])),
              f"wait cost {pilot['wait_cost']}, by hand {(1 - keep) * (best_now + pilot['evsi'])}")
        check(close(pilot["expected_net_benefit"], pilot["evsi"] - pilot["wait_cost"] - pilot["direct_cost"]),
              f"net benefit {pilot}")
        check(pilot["worth_running"] == (pilot["expected_net_benefit"] > 0), f"worth_running {pilot}")
        check(pilot["sentence"].startswith("Pilot alerts on " if pilot["worth_running"] else "Fund now, without a pilot"),
              f"pilot sentence {pilot['sentence']!r}")


def test_threads():
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for threads in ("1", "2"):
            out = os.path.join(tmp, f"t{threads}")
            run(["decide", JOURNEY, "--fixes", "scenarios/b2b-saas/fixes.yaml", "--budget", "3M", "--max-fixes", "4",
                 "--out", out, "--replicates", "50", "--seed", "5", "--threads", threads, "--quiet"])
            outs.append(out)
        for name in ("decision.json", "frontier.csv", "fixes.csv", "portfolios.csv", "tornado.csv", "model_tornado.csv", "summary.json",
                     "replicates.csv", "trajectories.csv"):
            check(filecmp.cmp(os.path.join(outs[0], name), os.path.join(outs[1], name), shallow=False),
                  f"{name} differs between --threads 1 and 2")


def test_report():
    """The decide directory is a simulate run too: report renders it, headline from the decision."""
    import re
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "d")
        run(["decide", JOURNEY, "--fixes", "scenarios/b2b-saas/fixes.yaml", "--budget", "3M", "--out", out,
             "--replicates", "40", "--quiet"])
        run(["report", out])
        with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
            page = f.read()
        with open(os.path.join(out, "decision.json"), encoding="utf-8") as f:
            decision = json.load(f)
        headline = re.search(r'<p class="headline" id="headline">([^<]*)</p>', page)
        check(headline and headline.group(1).startswith("Fund ") and "of the $3.00M budget" in headline.group(1),
              f"headline does not come from the decision: {headline and headline.group(1)}")
        funded = re.findall(r'<li data-scenario="([^"]+)">', page.split('id="fund-first"')[1].split("</ol>")[0])
        check(sorted(funded) == sorted(decision["recommended"]),
              f"Fund first lists {funded}, the decision funds {decision['recommended']}")
        check('<section id="what-to-fund"' in page and "What to fund with $3.00M" in page, "no What to fund section")
        # The directory's simulate run is on the confirmation replicates: its "recommended"
        # scenario has exactly decision.json's value (one figure for the recommendation on the page).
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            summary = json.load(f)
        rec = next(s for s in summary["scenarios"] if s["name"] == "Recommended by decide")
        check(close(rec["vs_baseline"]["npv"]["mean"], decision["recommended_portfolio"]["confirmed"]["npv_mean"]),
              f"recommended NPV in summary.json {rec['vs_baseline']['npv']['mean']}, decision.json "
              f"{decision['recommended_portfolio']['confirmed']['npv_mean']}")
        table = page.split('id="frontier"')[1].split("</table>")[0] if 'id="frontier"' in page else ""
        values = [float(v) for v in re.findall(r'data-value="([^"]+)"', table)]
        expected = []
        for p in decision["frontier"]:
            c = p["confirmed"]
            expected += [p["budget"], p["budget_cost"], c["npv_mean"], c["npv_p10"], c["npv_p90"],
                         c["prob_npv_positive"]]
        check(len(values) == len(expected) and all(close(a, b) for a, b in zip(values, expected)),
              "the report's frontier table differs from decision.json")
        table = page.split('id="tornado"')[1].split("</table>")[0] if 'id="tornado"' in page else ""
        values = [float(v) for v in re.findall(r'data-value="([^"]+)"', table)]
        expected = [x for b in decision["tornado"] for x in (b["p10"], b["p90"], b["npv_mean_at_p10"],
                                                              b["npv_mean_at_p90"])]
        check(expected and len(values) == len(expected) and all(close(a, b) for a, b in zip(values, expected)),
              "the report's tornado table differs from decision.json")


def test_summary_line():
    with tempfile.TemporaryDirectory() as tmp:
        p = run(["decide", JOURNEY, "--fixes", "scenarios/b2b-saas/fixes.yaml", "--budget", "3M", "--out",
                 os.path.join(tmp, "d"), "--replicates", "30"])
        check(p.stdout.startswith("Fund: ") and "of $3.00M budget" in p.stdout and "P(NPV>0)" in p.stdout,
              f"summary line missing: {p.stdout!r}")


test_brute_force()
test_interaction()
test_optimizers_curse()
test_tornado()
test_model_tornado()
test_value_of_information()
test_threads()
test_report()
test_summary_line()
finish("decide_test", failures)
