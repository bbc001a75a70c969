#!/usr/bin/env python3
"""Calibration benchmark: a synth log of ~10M rows (1M customers), calibrated by journeysim
with 1 and 2 threads, by a pandas script doing the same job, and R markovchain's
markovchainFit on the equivalent month-end sequences of a subsample (its cost grows faster
than linearly with the number of sequences, so the full log is out of its reach).

Prints a Markdown table (also written to BUILD/bench/results.md) for benchmarks/RESULTS.md.
Usage: bench_calibrate.py BUILD_DIR [--runs N] [--r-customers N]
"""
import argparse
import os
import re
import statistics

import yaml

from timing import run

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "data", "journey.yaml")
TERMINAL = "churned"


CPU = {}


def timed(command):
    """Wall seconds, peak resident memory (MB) and stdout of one run; the CPU seconds (user +
    system) of the last run of each command are kept in CPU (less sensitive to a busy machine
    than wall time)."""
    result = run(command)
    CPU[tuple(command)] = result["cpu"]
    return result["wall"], result["peak_mb"], result["stdout"]


def rate(value):
    return f"{value / 1e6:.2f}M" if value >= 1e6 else f"{value / 1e3:.1f}k"


def journeysim_counts(path):
    with open(path) as f:
        model = yaml.safe_load(f)
    counts = {}
    for a, row in model["calibration"]["counts"].items():
        for b, c in row.items():
            counts[(a, b)] = int(c)
    return counts


def pandas_counts(path):
    counts = {}
    with open(path) as f:
        next(f)
        for line in f:
            a, b, c, _ = line.strip().split(",")
            counts[(a, b)] = int(c)
    return counts


def memory_bound(binary, out, events, rows):
    """Peak memory against rows for the same 1M customers: the 40-month log and an 80-month
    one (more rows per customer), calibrated with the default --event-memory and with 64 MB
    (read in several passes). Returns a Markdown table."""
    longer = os.path.join(out, "events_80.csv")
    _, _, synth_out = timed([binary, "synth", MODEL, "--customers", "1000000", "--periods", "80", "--seed", "7",
                             "--out", longer])
    longer_rows = int(re.search(r"wrote .*?: ([\d,]+) events", synth_out).group(1).replace(",", ""))
    lines = ["| log | rows | --event-memory MB | passes | wall s | rows/s | peak MB |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, path, n in (("40 months", events, rows), ("80 months", longer, longer_rows)):
        for memory in (1024, 64):
            seconds, peak, text = timed([binary, "calibrate", "--events", path, "--model", MODEL, "--out",
                                         os.path.join(out, "calibrated_memory.yaml"), "--threads", "2",
                                         "--event-memory", str(memory)])
            passes = re.search(r"passes: +(\d+)", text)
            lines.append(f"| {name}, 1,000,000 customers | {n:,} | {memory} | {passes.group(1) if passes else 1} | "
                         f"{seconds:.2f} | {rate(n / seconds)} | {peak:.0f} |")
            print(lines[-1], flush=True)
    os.remove(longer)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--r-customers", type=int, default=20000)
    parser.add_argument("--no-peers", action="store_true", help="journeysim only (quick reruns)")
    args = parser.parse_args()
    binary = os.path.join(args.build, "journeysim")
    out = os.path.join(args.build, "bench")
    os.makedirs(out, exist_ok=True)
    events = os.path.join(out, "events.csv")

    synth = [binary, "synth", MODEL, "--customers", "1000000", "--periods", "40", "--seed", "7", "--out", events]
    synth_seconds, synth_mb, synth_out = timed(synth)
    rows = int(re.search(r"wrote .*?: ([\d,]+) events", synth_out).group(1).replace(",", ""))
    size_mb = os.path.getsize(events) / 1e6
    print(f"synth: {rows} rows, {size_mb:.0f} MB in {synth_seconds:.2f} s", flush=True)

    table = []
    for threads in (1, 2):
        calibrated = os.path.join(out, f"calibrated{threads}.yaml")
        command = [binary, "calibrate", "--events", events, "--model", MODEL, "--out", calibrated,
                   "--threads", str(threads)]
        runs = [timed(command) for _ in range(args.runs)]
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        table.append((f"journeysim calibrate, {threads} thread{'s' if threads > 1 else ''}", rows, seconds, peak,
                      f"median of {args.runs}; {CPU[tuple(command)]:.2f} CPU s"))
        print(table[-1], flush=True)
    memory_report = memory_bound(binary, out, events, rows)
    if args.no_peers:
        table.append(table[-1])

    pandas_out = os.path.join(out, "pandas_counts.csv")
    if args.no_peers:
        print(table)
        print(memory_report)
        return
    sequences = os.path.join(out, "sequences.txt")
    seconds, peak, text = timed(["/usr/bin/python3", os.path.join(HERE, "peers", "pandas_calibrate.py"), events,
                                 TERMINAL, pandas_out, sequences, str(args.r_customers)])
    agree = pandas_counts(pandas_out) == journeysim_counts(os.path.join(out, "calibrated2.yaml"))
    cpu = list(CPU.values())[-1]
    table.append(("pandas 1.5.3 script (1 thread)", rows, seconds, peak,
                  ("counts identical to journeysim's" if agree else "COUNTS DIFFER from journeysim's") +
                  f"; {cpu:.1f} CPU s"))
    print(table[-1], flush=True)
    sequence_rows = int(re.search(r"sequence_event_rows: (\d+)", text).group(1))

    seconds, peak, text = timed(["Rscript", os.path.join(HERE, "peers", "r_markovchain.R"), sequences])
    fit = re.search(r"r: (\d+) sequences, (\d+) states in ([\d.]+) s", text)
    r_seconds = float(fit.group(3))
    table.append((f"R markovchain 0.9.1 markovchainFit, {fit.group(1)} customers", sequence_rows, r_seconds, peak,
                  f"fit only ({fit.group(2)} month-end states); whole log out of reach"))
    print(table[-1], flush=True)

    best = table[1][1] / table[1][2]
    lines = ["| job | rows | wall s | rows/s | MB/s | peak MB | journeysim (2 threads) is | note |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, n, seconds, peak, note in table:
        speed = n / seconds
        mb_rate = size_mb * n / rows / seconds
        lines.append(f"| {name} | {n:,} | {seconds:.2f} | {rate(speed)} | {mb_rate:.1f} | {peak:.0f} | "
                     f"{best / speed:.1f}x faster | {note} |")
    lines.append(f"\nsynth wrote the {rows:,}-row log ({size_mb:.0f} MB) in {synth_seconds:.2f} s "
                 f"(peak {synth_mb:.0f} MB).")
    report = "\n".join(lines) + "\n\n" + memory_report
    print(report)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(report + "\n")


if __name__ == "__main__":
    main()
