#!/usr/bin/env python3
"""The example scenario validates and analyzes, and its analysis obeys the chain's identities.

Oracles that do not come from journeysim: customers are conserved (every step adds the
inflow), absorption probabilities of a stage sum to 1 when every stage reaches a terminal one,
the trace's first row is the initial population as written in the model file (the as-of
convention: no arrivals at period 0), leverage is ranked, and
the JSON holds no NaN. Text output is checked for its sections and the exit codes for 0.

Usage: example_test.py JOURNEYSIM_BINARY   (run from the repository root)
"""
import json
import math
import subprocess
import sys

import yaml

MODEL = "scenarios/b2b-saas/journey.yaml"
# As written in the model file (population block), read with an independent YAML parser.
with open(MODEL, encoding="utf-8") as f:
    _population = yaml.safe_load(f)["population"]
INITIAL = _population.get("initial", {})
INFLOW = _population.get("inflow", {})
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def run(binary, *args):
    result = subprocess.run([binary, *args], capture_output=True, text=True, timeout=60)
    check(result.returncode == 0, f"{' '.join(args)}: exit {result.returncode}\n{result.stderr}")
    return result


def main() -> int:
    binary = sys.argv[1]
    validate = run(binary, "validate", MODEL)
    check(validate.stdout.startswith(f"{MODEL}: ok\n"), f"validate stdout:\n{validate.stdout}")
    check("9 (7 in the journey, 2 terminal)" in validate.stdout, "validate: stage count")
    check("smb (70%) enterprise (30%)" in validate.stdout, "validate: segments")
    check(validate.stderr == "", f"validate warnings on the example:\n{validate.stderr}")

    text = run(binary, "analyze", MODEL).stdout
    for section in ("B2B SaaS: new logo to renewal", "months in stage", "P(churned)",
                    "Projection over 36 months", "Where the journey leaks",
                    "Segment smb", "Segment enterprise", "add up the segments' populations"):
        check(section in text, f"analyze text lacks '{section}'")
    check("nan" not in text.lower(), "analyze text shows NaN")

    out = run(binary, "analyze", "--json", MODEL).stdout
    check("NaN" not in out and "Infinity" not in out, "analyze --json holds NaN or Infinity")
    doc = json.loads(out)
    stages = doc["stages"]
    check(doc["terminal"] == ["lost", "churned"], f"terminal: {doc['terminal']}")
    check("never_absorbed" not in doc, "the example has no never-absorbed stage")
    for s in doc["transient"]:
        row = doc["absorption_probabilities"][s]
        check(abs(sum(row.values()) - 1) < 1e-12, f"absorption of {s} sums to {sum(row.values())}")
        t = doc["expected_periods_to_absorption"][s]
        check(t is not None and math.isfinite(t) and t >= 1, f"periods to absorption of {s}: {t}")
    total_inflow = sum(INFLOW.values())
    check(len(doc["trace"]) == 36, "trace covers the 36-month horizon")
    first = doc["trace"][0]["stages"]
    for s in stages:
        want = INITIAL.get(s, 0)
        check(first[s] == want, f"x(0)[{s}] = {first[s]}, want {want}")
    for entry in doc["trace"]:
        want = sum(INITIAL.values()) + entry["period"] * total_inflow
        got = sum(entry["stages"].values())
        check(abs(got - want) <= 1e-9 * want, f"customers in period {entry['period']}: {got}, want {want}")
    deltas = [e["delta_revenue_pv"] for e in doc["leverage"]]
    check(len(deltas) == 16, f"16 non-zero transitions out of non-terminal stages, got {len(deltas)}")
    check([abs(d) for d in deltas] == sorted((abs(d) for d in deltas), reverse=True), "leverage is not ranked")
    if failures:
        print("\n".join(failures))
        return 1
    print("ok: the example validates and analyzes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
