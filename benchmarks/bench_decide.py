#!/usr/bin/python3
"""decide benchmark (issue #14), printed as a Markdown table for benchmarks/RESULTS.md.

N candidate fixes (N = 12, 16, 20): the example's 10 fixes, then copies of them under new ids
with costs scaled by 0.8 and effects unchanged (variants of a fix: each draws its own effects),
portfolios of at most 5 fixes within a $5M budget (total-discounted), cohort mode, 2 threads,
--replicates R for screening, --rescore-replicates R' for re-scoring and confirmation. Reports wall time, portfolios
simulated and feasible, and the confirmed MCSE of the recommendation as a share of its mean
(the target: below 1% in at most 30 s for N = 12).
Usage: bench_decide.py BUILD_DIR [--replicates R] [--rescore-replicates R'] [--candidates 12,16,20]
"""
import argparse
import json
import os
import re
import tempfile

from timing import run

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODEL = os.path.join(ROOT, "scenarios", "b2b-saas", "journey.yaml")
FIXES = os.path.join(ROOT, "scenarios", "b2b-saas", "fixes.yaml")


def fixes_text(count):
    with open(FIXES, encoding="utf-8") as f:
        text = f.read().split("portfolios:")[0].replace("model: journey.yaml", f"model: {MODEL}")
    blocks = text.split("\n  - id: ")
    head, fixes = blocks[0], blocks[1:]
    out = list(fixes)
    copy = 0
    while len(out) < count:
        block = fixes[copy % len(fixes)]
        scaled = re.sub(r"(upfront|per_period): ([0-9.]+)", lambda m: f"{m.group(1)}: {float(m.group(2)) * 0.8:g}", block)
        out.append(scaled.replace(block.split("\n")[0], block.split("\n")[0].strip() + f"-v{copy // len(fixes) + 2}", 1))
        copy += 1
    return "\n  - id: ".join([head] + out[:count]).rstrip("\n") + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--replicates", type=int, default=2000)
    parser.add_argument("--rescore-replicates", type=int, default=0, help="0: as --replicates")
    parser.add_argument("--candidates", default="12,16,20")
    args = parser.parse_args()
    binary = os.path.join(args.build, "journeysim")
    rescore = args.rescore_replicates or args.replicates
    print("| candidates | screening / re-scoring replicates | portfolios simulated | feasible | wall s | recommended | NPV mean | MCSE / mean |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for count in (int(c) for c in args.candidates.split(",")):
            fixes = os.path.join(tmp, f"fixes{count}.yaml")
            with open(fixes, "w", encoding="utf-8") as f:
                f.write(fixes_text(count))
            out = os.path.join(tmp, f"d{count}")
            r = run([binary, "decide", MODEL, "--fixes", fixes, "--budget", "5M", "--max-fixes", "5", "--out", out,
                     "--replicates", str(args.replicates), "--rescore-replicates", str(rescore), "--threads", "2", "--seed", "1", "--quiet"])
            with open(os.path.join(out, "decision.json"), encoding="utf-8") as f:
                d = json.load(f)
            c = d["recommended_portfolio"]["confirmed"]
            print(f"| {count} | {args.replicates} / {rescore} | {d['method']['portfolios_simulated']} | "
                  f"{d['method']['portfolios_feasible']} | {r['wall']:.1f} | {len(d['recommended'])} fixes | "
                  f"{c['npv_mean'] / 1e6:.2f}M | {100 * c['npv_mcse'] / c['npv_mean']:.2f}% |")


if __name__ == "__main__":
    main()
