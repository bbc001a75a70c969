#!/usr/bin/python3
"""After the ranking: is the best fix really better than the runner-up?

Reads DIR/replicates.csv of a `journeysim simulate --out DIR` run. Because every scenario of a
replicate saw the same random numbers, the difference of two fixes' NPV per replicate is a
paired sample: its spread is far smaller than either NPV's, so "A beats B" can be decided with
fewer replicates than the overlapping intervals suggest.

Usage: notebooks/fix_comparison.py DIR
"""
import sys

import numpy as np
import pandas as pd


def main() -> None:
    runs = pd.read_csv(f"{sys.argv[1]}/replicates.csv")
    totals = runs[(runs.segment == "all") & (runs.scenario != "baseline")]
    npv = totals.pivot(index="replicate", columns="scenario", values="npv")
    ranked = npv.mean().sort_values(ascending=False)
    print("NPV deciles by scenario (currency units):")
    print(npv[ranked.index].quantile(np.linspace(0.1, 0.9, 9)).round(0).to_string())
    if len(ranked) < 2:
        return
    first, second = ranked.index[0], ranked.index[1]
    difference = npv[first] - npv[second]
    mcse = difference.std(ddof=1) / np.sqrt(len(difference))
    print(f"\n{first} vs {second}: mean NPV difference {difference.mean():,.0f} (MCSE {mcse:,.0f}); "
          f"{first} is ahead in {(difference > 0).mean():.0%} of replicates")
    print(f"sd of the paired difference {difference.std(ddof=1):,.0f} vs sd of {first}'s NPV "
          f"{npv[first].std(ddof=1):,.0f}")


if __name__ == "__main__":
    main()
