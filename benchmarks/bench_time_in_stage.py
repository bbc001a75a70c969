#!/usr/bin/python3
"""What time-in-stage rows and customers who differ cost (issue #11), as a Markdown table for benchmarks/RESULTS.md.

The example (scenarios/b2b-saas, 10 fixes, 2 portfolios, 2 segments, 36 months) against the same
journey with onboarding and adoption written by periods in stage — onboarding "1", "2", "3+" and
adoption "1", "2-3", "4-12", "13+", every bucket holding the stage's own row — so the chain grows
from 7 to 21 states while every result stays the same in expectation. The bench checks that:
expected mode's baseline revenue must agree to 1e-9 relative between the two models. A third model
gives adoption's churn a Beta(0.3, 19.7) propensity per customer (mean 1.5%, the plain row's), so
adoption becomes one state per month of the horizon and one more (37; 43 states in all); its results
differ (churn falls with tenure), only its cost is compared.
Jobs, each on both models: expected 10,000 replicates and individual 4 replicates on 2 threads
(the example), cohort 500 replicates at 100,000 customers (benchmarks/data/cohort_100k.yaml).
Usage: bench_time_in_stage.py BUILD_DIR [--runs N]
"""
import argparse
import json
import os
import tempfile

from bench_simulate import FIXES, MODEL, COHORT_MODEL, simulate

PLAIN_ONBOARDING = "  onboarding:    {adoption: 0.35, churned: 0.06}\n"
PLAIN_ADOPTION = "  adoption:      {expansion: 0.04, advocacy: 0.02, churned: 0.015}\n"


def bucketed(text):
    if PLAIN_ONBOARDING not in text or PLAIN_ADOPTION not in text:
        raise SystemExit("the example's onboarding or adoption row changed: update bench_time_in_stage.py")
    onboarding = "".join(f'      "{b}": {{adoption: 0.35, churned: 0.06}}\n' for b in ("1", "2", "3+"))
    adoption = "".join(f'      "{b}": {{expansion: 0.04, advocacy: 0.02, churned: 0.015}}\n'
                       for b in ("1", "2-3", "4-12", "13+"))
    text = text.replace(PLAIN_ONBOARDING, "  onboarding:\n    time_in_stage:\n" + onboarding)
    return text.replace(PLAIN_ADOPTION, "  adoption:\n    time_in_stage:\n" + adoption)


def heterogeneous(text):
    if PLAIN_ADOPTION not in text:
        raise SystemExit("the example's adoption row changed: update bench_time_in_stage.py")
    block = "heterogeneity:\n  adoption: {churned: {beta: {alpha: 0.3, beta: 19.7}}}\n\n"
    return text.replace("\npopulation:", "\n" + block + "population:", 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.join(args.build, "journeysim")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        models = {}
        for name, source in (("example", MODEL), ("cohort_100k", COHORT_MODEL)):
            text = open(source).read()
            plain = os.path.join(tmp, name + "-plain.yaml")
            tis = os.path.join(tmp, name + "-tis.yaml")
            differ = os.path.join(tmp, name + "-differ.yaml")
            open(plain, "w").write(text)
            open(tis, "w").write(bucketed(text))
            open(differ, "w").write(heterogeneous(text))
            models[name] = (plain, tis, differ)
        fixes = os.path.join(tmp, "fixes.yaml")
        open(fixes, "w").write(open(FIXES).read().replace("model: journey.yaml", "model: example-plain.yaml"))
        out = os.path.join(tmp, "out")
        revenue = {}
        for label, index in (("plain rows (7 states)", 0), ("time in stage (21 states)", 1),
                             ("adoption's churn a Beta propensity (43 states)", 2)):
            exp = simulate(binary, out, models["example"][index], "expected", 10000, 2, args.runs, fixes)
            revenue[index] = json.load(open(os.path.join(out, "summary.json")))["scenarios"][0]["metrics"]["revenue_total"]["mean"]
            ind = simulate(binary, out, models["example"][index], "individual", 4, 2, args.runs, fixes)
            coh = simulate(binary, out, models["cohort_100k"][index], "cohort", 500, 2, args.runs, fixes)
            rows.append((label, exp["core"], 10000 / exp["core"], ind["core"],
                         ind["customer_periods"] / ind["core"] / 1e6, coh["core"], 500 / coh["core"]))
    agree = abs(revenue[0] - revenue[1]) <= 1e-9 * abs(revenue[0])
    print("| model | expected 10k: simulation s | replicates/s | individual 4: simulation s | M customer-periods/s "
          "| cohort 100k, 500: simulation s | replicates/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, es, er, is_, ir, cs, cr in rows:
        print(f"| {label} | {es:.2f} | {er:.0f} | {is_:.2f} | {ir:.0f} | {cs:.2f} | {cr:.0f} |")
    print()
    print(f"Cost of time in stage (simulation seconds, 21 / 7 states): expected {rows[1][1] / rows[0][1]:.2f}x, "
          f"individual {rows[1][3] / rows[0][3]:.2f}x, cohort {rows[1][5] / rows[0][5]:.2f}x. "
          f"Baseline revenue (expected mode) {'equal to 1e-9' if agree else 'DIFFERS'}: "
          f"{revenue[0]:.6e} vs {revenue[1]:.6e}")
    print(f"Cost of a Beta propensity on adoption (43 / 7 states): expected {rows[2][1] / rows[0][1]:.2f}x, "
          f"individual {rows[2][3] / rows[0][3]:.2f}x, cohort {rows[2][5] / rows[0][5]:.2f}x.")


if __name__ == "__main__":
    main()
