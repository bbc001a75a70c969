#!/usr/bin/python3
"""What a backtest costs (issue #13 item 5), printed as a Markdown table for benchmarks/RESULTS.md.

The issue's yardstick: 12 origins x 12 months on a 1-million-row log with 2,000 replicates per origin.
The log: synth of the example (scenarios/b2b-saas, 2 segments, a segment column) with 420,000
customers over 36 months (about 1.02 million rows). Jobs: the default backtest (cohort mode), the
same with --compare (three structures more), and expected mode. Wall time, CPU time and peak memory
by GNU time, median of --runs runs, 2 threads.
Usage: bench_backtest.py BUILD_DIR [--runs N]
"""
import argparse
import os
import statistics
import tempfile

from timing import run

MODEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios", "b2b-saas", "journey.yaml")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.join(args.build, "journeysim")
    with tempfile.TemporaryDirectory() as tmp:
        events = os.path.join(tmp, "events.csv")
        run([binary, "synth", MODEL, "--customers", "420000", "--periods", "36", "--seed", "1", "--segment-column",
             "--out", events])
        rows = sum(1 for _ in open(events)) - 1
        jobs = (("cohort, 2,000 replicates", ["--mode", "cohort"]),
                ("cohort, 2,000 replicates, --compare", ["--mode", "cohort", "--compare"]),
                ("expected, 2,000 replicates", ["--mode", "expected"]))
        print(f"log: {rows:,} rows; 12 origins x 12 months; 2 threads; median of {args.runs}")
        print()
        print("| job | wall s | CPU s | peak MB | verdict |")
        print("|---|---:|---:|---:|---|")
        for label, extra in jobs:
            results = []
            for _ in range(args.runs):
                out = os.path.join(tmp, "bt")
                results.append(run([binary, "backtest", "--events", events, "--model", MODEL, "--out", out,
                                    "--horizon", "12", "--replicates", "2000", "--threads", "2", "--force", *extra]))
            wall = statistics.median(r["wall"] for r in results)
            cpu = statistics.median(r["cpu"] for r in results)
            peak = statistics.median(r["peak_mb"] for r in results)
            verdict = results[0]["stdout"].splitlines()[0]
            print(f"| {label} | {wall:.1f} | {cpu:.1f} | {peak:.0f} | {verdict} |")


if __name__ == "__main__":
    main()
