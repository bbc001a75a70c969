#!/usr/bin/env python3
"""The calibration job in pandas, as a peer for benchmarks/run_all (and a cross-check).

Same rules as `journeysim calibrate` (SPEC §4): monthly periods, as_of = the latest timestamp,
only complete months counted, each customer observed from its first event until as_of or a
terminal stage, the stage at a month's end is the last stage entered by then, transitions
counted between consecutive observed month ends (stays included), MLE = counts / row total.

Usage: pandas_calibrate.py EVENTS.csv TERMINAL_STAGE[,TERMINAL…] COUNTS_OUT.csv [SEQUENCES_OUT N]
Writes the counts (from,to,count) and, optionally, the month-end stage sequences of the
first N customers (one line per customer, comma-separated) for R markovchain.
"""
import sys
import time

import numpy as np
import pandas as pd


def month_index(ts):
    return ts.dt.year.to_numpy(np.int64) * 12 + ts.dt.month.to_numpy(np.int64) - 1


def main():
    path, terminal_arg, counts_out = sys.argv[1], sys.argv[2], sys.argv[3]
    terminal = set(terminal_arg.split(","))
    started = time.perf_counter()
    df = pd.read_csv(path, usecols=["customer_id", "timestamp", "stage"],
                     dtype={"customer_id": "category", "stage": "category", "timestamp": "string"})
    ts = pd.to_datetime(df["timestamp"], utc=True)
    as_of = ts.max()
    last = (as_of + pd.Timedelta(milliseconds=1)).year * 12 + (as_of + pd.Timedelta(milliseconds=1)).month - 2
    codes = df["customer_id"].cat.codes.to_numpy()
    df = pd.DataFrame({"customer": codes, "time": ts.to_numpy(),
                       "month": month_index(ts), "stage": df["stage"]})
    df["row"] = np.arange(len(df))
    df = df.sort_values(["customer", "time", "row"], kind="stable")
    # Drop events after each customer's first terminal stage.
    is_terminal = df["stage"].isin(terminal).to_numpy()
    before = df.assign(t=is_terminal).groupby("customer", sort=False)["t"].cumsum().to_numpy() - is_terminal
    df = df[before == 0]
    # The stage at each month end: the last event of the month.
    df = df.drop_duplicates(["customer", "month"], keep="last")
    same_next = df["customer"].shift(-1).to_numpy() == df["customer"].to_numpy()
    month = df["month"].to_numpy()
    next_month = np.where(same_next, df["month"].shift(-1).fillna(0).to_numpy(np.int64), last + 1)
    stage = df["stage"].astype(str).to_numpy()
    next_stage = df["stage"].astype(str).shift(-1).to_numpy()
    live = (month <= last) & ~df["stage"].isin(terminal).to_numpy()
    stays = np.where(live, np.clip(np.minimum(next_month - 1, last) - month, 0, None), 0)
    moves = live & same_next & (next_month <= last)
    stay_counts = pd.Series(stays, index=stage).groupby(level=0).sum()
    move_counts = pd.DataFrame({"from": stage[moves], "to": next_stage[moves]}).value_counts()
    counts = {}
    for s, c in stay_counts.items():
        if c > 0:
            counts[(s, s)] = counts.get((s, s), 0) + int(c)
    for (a, b), c in move_counts.items():
        counts[(a, b)] = counts.get((a, b), 0) + int(c)
    totals = {}
    for (a, _), c in counts.items():
        totals[a] = totals.get(a, 0) + c
    mle = {key: c / totals[key[0]] for key, c in counts.items()}
    elapsed = time.perf_counter() - started
    with open(counts_out, "w") as f:
        f.write("from,to,count,probability\n")
        for (a, b), c in sorted(counts.items()):
            f.write(f"{a},{b},{c},{mle[(a, b)]!r}\n")
    print(f"pandas: {len(ts)} rows in {elapsed:.3f} s")
    if len(sys.argv) > 5:
        customers = int(sys.argv[5])
        write_sequences(df, last, terminal, sys.argv[4], customers)
        print(f"sequence_event_rows: {int((codes < customers).sum())}")


def write_sequences(df, last, terminal, out, customers):
    """Month-end stages from each customer's first month to as_of or its terminal stage."""
    wanted = df[df["customer"] < customers]
    with open(out, "w") as f:
        for _, group in wanted.groupby("customer", sort=True):
            months = group["month"].to_numpy()
            stages = group["stage"].astype(str).to_numpy()
            if months[0] > last:
                continue
            sequence, k = [], 0
            for m in range(months[0], last + 1):
                while k + 1 < len(months) and months[k + 1] <= m:
                    k += 1
                sequence.append(stages[k])
                if stages[k] in terminal:
                    break
            f.write(",".join(sequence) + "\n")


if __name__ == "__main__":
    main()
