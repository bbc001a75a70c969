#!/usr/bin/python3
"""What triggered fixes cost (issue #12), as a Markdown table for benchmarks/RESULTS.md.

The customer-success playbook (scenarios/b2b-saas/playbook.yaml: three rules and their portfolio,
5 scenarios) against the same three fixes with their triggers taken out (plain fixes acting on
everyone in the stage, the same effects; per-trigger costs dropped), and against the playbook
without its capacities (individual mode then walks each customer alone instead of stepping
everyone period by period), and with every rule firing once per customer (`once_per: customer`:
the states a customer can reach after firing are copied, adoption's re-entry from expansion
included). Rules add states: onboarding gets its months 1-4 untreated plus the
treated copies, adoption its months 1-13, so each rule's scenario runs on a larger chain.
Jobs, each on every fixes file: expected 10,000 replicates and individual 4 replicates on the
example (2 segments, 36 months), cohort 500 replicates on benchmarks/data/cohort_100k.yaml; 2
threads. "simulation s" is run_simulation alone, as printed by simulate.
Usage: bench_triggers.py BUILD_DIR [--runs N]
"""
import argparse
import os
import re
import tempfile

from bench_simulate import COHORT_MODEL, MODEL, ROOT, simulate

PLAYBOOK = os.path.join(ROOT, "scenarios", "b2b-saas", "playbook.yaml")


def without_triggers(text):
    text = re.sub(r"\n    trigger: \{[^}]*\}", "", text)
    text = re.sub(r", per_trigger: (\{[^}]*\}|[0-9.]+)", "", text)
    if "trigger:" in text or "per_trigger" in text:
        raise SystemExit("bench_triggers.py: could not take the triggers out of the playbook")
    return text


def without_capacity(text):
    return re.sub(r", capacity: [0-9]+", "", text)


def once_per_customer(text):
    """Every rule fires once per customer: the states after each firing are copied."""
    out = re.sub(r"((?<![_a-z])trigger: \{[^}]*)\}", r"\1, once_per: customer}", text)
    if out.count("once_per: customer") != 3:
        raise SystemExit("bench_triggers.py: could not make the playbook's rules fire once per customer")
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.join(args.build, "journeysim")
    text = open(PLAYBOOK).read()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for label, content in (("plain fixes (no triggers)", without_triggers(text)),
                               ("rules, no capacity", without_capacity(text)),
                               ("rules (the playbook)", text),
                               ("rules once per customer", once_per_customer(text))):
            path = os.path.join(tmp, re.sub(r"[^a-z]+", "-", label) + ".yaml")
            open(path, "w").write(content.replace("model: journey.yaml", "model: " + MODEL))
            files[label] = path
        out = os.path.join(tmp, "out")
        for label, path in files.items():
            exp = simulate(binary, out, MODEL, "expected", 10000, 2, args.runs, path)
            coh = simulate(binary, out, COHORT_MODEL, "cohort", 500, 2, args.runs, path)
            ind = simulate(binary, out, MODEL, "individual", 4, 2, args.runs, path)
            rows.append((label, exp["core"], coh["core"], ind["core"], ind["customer_periods"] / ind["core"] / 1e6))
    print("| fixes file | expected 10k: simulation s | cohort 100k, 500: simulation s | individual 4: simulation s "
          "| M customer-periods/s |")
    print("|---|---:|---:|---:|---:|")
    for label, es, cs, is_, ir in rows:
        print(f"| {label} | {es:.2f} | {cs:.2f} | {is_:.2f} | {ir:.0f} |")
    base = rows[0]
    print()
    for label, es, cs, is_, _ in rows[1:]:
        print(f"{label} / plain fixes: expected {es / base[1]:.1f}x, cohort {cs / base[2]:.1f}x, "
              f"individual {is_ / base[3]:.1f}x")


if __name__ == "__main__":
    main()
