#!/usr/bin/env python3
"""Moments of truth from the data, printed by calibrate beside the model's (issue #11 §3).

Oracles (none of them the code under test):
- Counting rule: a brute-force Python walk of the log (stage at each month end = its last event by then,
  events after a terminal stage dropped; a spell of known start begins when a month end finds the
  customer in a new stage, the first spell of a customer first seen in the log's first month left out;
  it belongs to 'within k' when its first move to a non-terminal stage comes within k months, to 'later'
  when after k and within 12; its customer is retained when not in a terminal stage 12 months after the
  spell began, and only spells whose 12 months are in the log count) gives exactly the customers and
  retained counts calibrate prints.
- Agreement: the log is drawn by synth from tests/data/time_in_stage/onboarding.yaml (a correctly
  specified model by time in stage), so the data's retention of each group is within 4 binomial
  standard errors of what the written model says.
Run as: observed_moments_test.py BINARY (from the repository root).
"""
import csv
import math
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from log_support import month_index, run  # noqa: E402

MODEL = "tests/data/time_in_stage/onboarding.yaml"
TERMINAL = {"churned"}
H = 12


def recount(path, last_complete, boundaries):
    by_customer = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            by_customer.setdefault(row["customer_id"], []).append((row["timestamp"], row["stage"]))
    log_first = min(month_index(t) for events in by_customer.values() for t, _ in events)
    out = {}  # (stage, k) -> [within, within_alive, later, later_alive]
    for events in by_customer.values():
        events.sort(key=lambda e: e[0])
        kept = []
        for event in events:
            kept.append(event)
            if event[1] in TERMINAL:
                break
        end_stage = {}
        for timestamp, stage in kept:
            end_stage[month_index(timestamp)] = stage
        first = month_index(kept[0][0])
        if first > last_complete:
            continue
        path_by_month, a = {}, None
        for q in range(first, last_complete + 1):
            a = end_stage.get(q, a)
            path_by_month[q] = a
            if a in TERMINAL:
                break
        absorbed = next((q for q, s in path_by_month.items() if s in TERMINAL), None)
        # Spells: (stage, entered, end month, next stage)
        spells, a, entered = [], path_by_month[first], first
        for q in sorted(path_by_month)[1:]:
            b = path_by_month[q]
            if b != a:
                spells.append((a, entered, q, b))
                a, entered = b, q
        spells.append((a, entered, None, None))
        for stage, entered, left, to in spells:
            if stage in TERMINAL or (entered == first and first == log_first):
                continue
            if entered + H > last_complete:
                continue
            alive = absorbed is None or absorbed > entered + H
            d = left - entered if left is not None and to not in TERMINAL else None
            for k in boundaries.get(stage, []):
                cell = out.setdefault((stage, k), [0, 0, 0, 0])
                if d is not None and d <= k:
                    cell[0] += 1
                    cell[1] += alive
                elif d is not None and d <= H:
                    cell[2] += 1
                    cell[3] += alive
    return out


def main():
    binary = os.path.abspath(sys.argv[1])
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        events = os.path.join(tmp, "events.csv")
        subprocess.run([binary, "synth", MODEL, "--customers", "20000", "--periods", "36", "--seed", "5",
                        "--start", "2024-01-01", "--out", events], check=True, capture_output=True)
        out = subprocess.run([binary, "calibrate", "--events", events, "--model", MODEL, "--out",
                              os.path.join(tmp, "c.yaml"), "--as-of", "2026-12-31"],
                             capture_output=True, text=True, check=True).stdout
        table = out[out.index("Moments of truth:"):]
        rows = re.findall(r"^(\w+)\s+(\d+) months?\s+([\d,]+)\s+([\d.]+)% ± ([\d.]+)%\s+([\d.]+)%\s+([\d,]+)\s+"
                          r"([\d.]+)% ± ([\d.]+)%\s+([\d.]+)%", table, re.M)
        if len(rows) != 3:
            sys.exit(f"expected 3 moments (onboarding 1 and 3, adoption 1), got {rows}\n{table}")
        last_complete = month_index("2026-12-31")
        truth = recount(events, last_complete, {"onboarding": [1, 3], "adoption": [1]})
        for stage, k, n_within, r_within, _, m_within, n_later, r_later, _, m_later in rows:
            within, within_alive, later, later_alive = truth[(stage, int(k))]
            printed = (int(n_within.replace(",", "")), int(n_later.replace(",", "")))
            print(f"{stage} within {k}: printed {printed}, recount {(within, later)}; "
                  f"retained {r_within}% vs model {m_within}%, later {r_later}% vs {m_later}%")
            if printed != (within, later):
                failures.append(f"{stage} within {k}: customers {printed}, the log says {(within, later)}")
            for n, kept, shown, model in ((within, within_alive, r_within, m_within), (later, later_alive, r_later, m_later)):
                p = kept / n
                if abs(100 * p - float(shown)) > 0.051:
                    failures.append(f"{stage} within {k}: retained {shown}%, the log says {100 * p:.2f}%")
                se = math.sqrt(p * (1 - p) / n)
                if abs(p - float(model) / 100) > 4 * se + 0.0005:  # + the printed rounding
                    failures.append(f"{stage} within {k}: data {p:.4f} vs model {model}% is beyond 4 SE ({se:.4f})")
    if failures:
        sys.exit("\n".join(failures))
    print("ok")


if __name__ == "__main__":
    main()
