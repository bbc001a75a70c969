#!/usr/bin/env python3
"""journeysim backtest through the CLI (issue #13, first step).

Oracles (none of them the code under test):
- Calibration: on logs drawn by synth from a known chain (tests/data/heterogeneity/homogeneous.yaml),
  backtested with that chain's structure, the 90% bands hold close to 90% of what happened. The
  forecasts of one log are correlated (rolling origins share data and customers), so the bound is the
  spread across 8 independent logs (fixed seeds 1-8): the mean coverage is within 4 standard errors of
  the mean across logs of 0.90, and so is the mean relative error of 0.
- Structure: on a log whose paying customers each churn with their own θ ~ Beta(0.8, 4)
  (tests/data/heterogeneity/subscription.yaml), one probability per row under-covers paying customers
  (below 50%) while --heterogeneity beta covers them far better (by 25 points or more).
- Comparison (--compare): on the heterogeneous log the recommended structure is the Beta propensity
  (--heterogeneity beta); on a log from tests/data/time_in_stage/onboarding.yaml, whose onboarding churn
  steps from 15% to 2% after month 3, it is rows by time in stage (auto, or the template's own buckets,
  which are the truth's); the structures that are not the truth's are more than 2 paired standard
  errors of CRPS worse than the best, and one row per stage ranks last on both.
- Revenue: on those logs each paying customer brings 50 a month, so a month's actual revenue is 50 × the
  paying customers at its end (recomputed from the log), the forecast's mean 50 × the paying forecast's,
  its 90% coverage the paying customers' own, and across the 8 logs within 4 standard errors of 0.90.
- The actuals are recomputed here from the log by the stage-at-month-end rule (the last event by then):
  backtest.csv's actual customers per stage match it exactly, for all customers and, on a log with a
  segment column (the example, scenarios/b2b-saas), per segment (a customer in the segment of its first
  event); segments' forecasts stay out of the overall scores.
- The report page of a backtest directory shows the verdict and the scores backtest.json holds; a run's
  report with --backtest cites that verdict in its method section, and refuses a backtest of a journey
  with other stages (exit 2). `report BACKTEST --backtest X` and a directory holding both a run and a
  backtest are refused (exit 2), nothing written.
- Same seed: the same files byte for byte, with --threads 1 and 2.
- Bad input: an origin without 6 months of history before it, a horizon past the log's end: exit 2, with
  the reason, and no output directory.
Run as: backtest_test.py BINARY (from the repository root).
"""
import csv
import html
import json
import math
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from log_support import month_index, run  # noqa: E402

HOMOGENEOUS = "tests/data/heterogeneity/homogeneous.yaml"
HETEROGENEOUS = "tests/data/heterogeneity/subscription.yaml"


def stage_counts_at(path, month):
    """Customers per stage at the end of `month`: each customer's last event by then."""
    last = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if month_index(row["timestamp"]) > month:
                continue
            key = row["customer_id"]
            if key not in last or row["timestamp"] >= last[key][0]:
                last[key] = (row["timestamp"], row["stage"])
    counts = {}
    for _, stage in last.values():
        counts[stage] = counts.get(stage, 0) + 1
    return counts


def segment_counts_at(path, month):
    """{segment: {stage: customers}} at the end of `month`; a customer in the segment of its first event."""
    first, last = {}, {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if month_index(row["timestamp"]) > month:
                continue
            key = row["customer_id"]
            if key not in first or row["timestamp"] < first[key][0]:
                first[key] = (row["timestamp"], row["segment"])
            if key not in last or row["timestamp"] >= last[key][0]:
                last[key] = (row["timestamp"], row["stage"])
    out = {}
    for key, (_, stage) in last.items():
        counts = out.setdefault(first[key][1], {})
        counts[stage] = counts.get(stage, 0) + 1
    return out


def mean_sd(values):
    m = sum(values) / len(values)
    return m, math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def main():
    binary = os.path.abspath(sys.argv[1])
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        coverage, bias, revenue_coverage = [], [], []
        for seed in range(1, 9):
            events = os.path.join(tmp, f"h{seed}.csv")
            run(binary, "synth", HOMOGENEOUS, "--customers", "10000", "--periods", "30", "--seed", str(seed), "--out", events)
            out = os.path.join(tmp, f"bt{seed}")
            run(binary, "backtest", "--events", events, "--model", HOMOGENEOUS, "--out", out, "--horizon", "6")
            scores = json.load(open(os.path.join(out, "backtest.json")))
            coverage.append(scores["coverage_90"])
            bias.append(scores["overall"]["mean_relative_error"])
            revenue_coverage.append(scores["by_quantity"]["revenue"]["coverage_90"])
            # Revenue is 50 per paying customer here, forecast and actual alike: the same hits.
            if revenue_coverage[-1] != scores["by_quantity"]["paying"]["coverage_90"]:
                failures.append(f"seed {seed}: revenue covered {revenue_coverage[-1]}, paying customers "
                                f"{scores['by_quantity']['paying']['coverage_90']}")
            if seed == 1:
                # Actuals recomputed from the log.
                with open(os.path.join(out, "backtest.csv"), newline="") as f:
                    rows = list(csv.DictReader(f))
                checked = 0
                for row in rows[:60]:
                    if row["segment"] == "all" and row["quantity"] in ("trial", "paying"):
                        origin = month_index(row["origin"])
                        want = stage_counts_at(events, origin + int(row["ahead"])).get(row["quantity"], 0)
                        checked += 1
                        if float(row["actual"]) != want:
                            failures.append(f"actual {row['quantity']} at {row['origin']}+{row['ahead']}: "
                                            f"{row['actual']}, the log says {want}")
                if checked == 0:
                    failures.append("no stage row in backtest.csv")
                # Revenue: synth writes each stage's revenue_per_period (paying: 50) on every event,
                # so a month's revenue is 50 per customer paying at its end.
                revenue_rows = [r for r in rows if r["segment"] == "all" and r["quantity"] == "revenue"]
                for row in revenue_rows[:12]:
                    want = 50 * stage_counts_at(events, month_index(row["origin"]) + int(row["ahead"])).get("paying", 0)
                    if abs(float(row["actual"]) - want) > 1e-9 * want:
                        failures.append(f"actual revenue at {row['origin']}+{row['ahead']}: {row['actual']}, "
                                        f"the log says {want}")
                paying_mean = {(r["origin"], r["ahead"]): float(r["mean"]) for r in rows
                               if r["segment"] == "all" and r["quantity"] == "paying"}
                for row in revenue_rows[:12]:
                    want = 50 * paying_mean[(row["origin"], row["ahead"])]
                    if abs(float(row["mean"]) - want) > 1e-6 * want:
                        failures.append(f"forecast revenue at {row['origin']}+{row['ahead']}: {row['mean']}, "
                                        f"50 x the paying forecast is {want}")
                if not revenue_rows:
                    failures.append("no revenue row in backtest.csv")
                # Same seed, other thread counts: the same bytes.
                for threads in ("1", "2"):
                    again = os.path.join(tmp, f"again{threads}")
                    run(binary, "backtest", "--events", events, "--model", HOMOGENEOUS, "--out", again, "--horizon", "6",
                        "--threads", threads)
                    for name in ("backtest.json", "backtest.csv"):
                        if open(os.path.join(out, name), "rb").read() != open(os.path.join(again, name), "rb").read():
                            failures.append(f"{name} differs with --threads {threads}")
        m, sd = mean_sd(coverage)
        print(f"90% coverage over 8 logs: {[round(c, 3) for c in coverage]}, mean {m:.3f} ± {sd / math.sqrt(8):.3f}")
        if abs(m - 0.90) > 4 * sd / math.sqrt(8):
            failures.append(f"mean 90% coverage {m:.3f} is more than 4 SE ({sd / math.sqrt(8):.3f}) from 0.90")
        m, sd = mean_sd(revenue_coverage)
        print(f"revenue 90% coverage over 8 logs: mean {m:.3f} ± {sd / math.sqrt(8):.3f}")
        if abs(m - 0.90) > 4 * sd / math.sqrt(8):
            failures.append(f"mean 90% coverage of revenue {m:.3f} is more than 4 SE ({sd / math.sqrt(8):.3f}) from 0.90")
        mb, sdb = mean_sd(bias)
        print(f"mean relative error over 8 logs: mean {mb:+.4f} ± {sdb / math.sqrt(8):.4f}")
        if abs(mb) > 4 * sdb / math.sqrt(8):
            failures.append(f"mean relative error {mb:+.4f} is more than 4 SE from 0")

        # Segments: the example's log with a segment column.
        seg_events = os.path.join(tmp, "segments.csv")
        run(binary, "synth", "scenarios/b2b-saas/journey.yaml", "--customers", "20000", "--periods", "30", "--seed", "2",
            "--segment-column", "--out", seg_events)
        seg_out = os.path.join(tmp, "bt-segments")
        run(binary, "backtest", "--events", seg_events, "--model", "scenarios/b2b-saas/journey.yaml", "--out", seg_out,
            "--horizon", "3", "--origins", "2025-06-30")
        with open(os.path.join(seg_out, "backtest.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        truth = segment_counts_at(seg_events, month_index("2025-06-30") + 2)
        checked = 0
        for row in rows:
            if row["ahead"] == "2" and row["segment"] in ("smb", "enterprise") and row["quantity"] == "adoption":
                checked += 1
                want = truth.get(row["segment"], {}).get("adoption", 0)
                if float(row["actual"]) != want:
                    failures.append(f"{row['segment']} adoption at +2: {row['actual']}, the log says {want}")
        if checked != 2:
            failures.append(f"expected smb and enterprise rows in backtest.csv, found {checked}")
        seg_scores = json.load(open(os.path.join(seg_out, "backtest.json")))
        all_rows = sum(1 for r in rows if r["segment"] == "all" and r["quantity"] != "revenue")
        if seg_scores["overall"]["forecasts"] != all_rows or "smb/paying:total" not in seg_scores["by_quantity"]:
            failures.append("segments' forecasts are counted in the overall scores, or missing from by_quantity")

        # The same journey's log without a segment column: no segment rows (their actuals are
        # unknown), and the calibrated segments take the log's revenue, not the template's.
        flat_events = os.path.join(tmp, "flat.csv")
        run(binary, "synth", "scenarios/b2b-saas/journey.yaml", "--customers", "5000", "--periods", "30", "--seed", "2",
            "--out", flat_events)
        flat_out = os.path.join(tmp, "bt-flat")
        run(binary, "backtest", "--events", flat_events, "--model", "scenarios/b2b-saas/journey.yaml", "--out", flat_out,
            "--horizon", "3")
        with open(os.path.join(flat_out, "backtest.csv"), newline="") as f:
            segments_seen = {r["segment"] for r in csv.DictReader(f)}
        if segments_seen != {"all"}:
            failures.append(f"a log without a segment column gave segment rows: {sorted(segments_seen)}")
        flat_model = os.path.join(tmp, "flat-calibrated.yaml")
        run(binary, "calibrate", "--events", flat_events, "--model", "scenarios/b2b-saas/journey.yaml", "--out", flat_model)
        import yaml
        for segment in yaml.safe_load(open(flat_model)).get("segments", []):
            if "revenue" in segment:
                failures.append(f"segment {segment['id']} keeps the template's revenue {segment['revenue']} "
                                "beside the log's pooled estimate")

        # Structure: heterogeneous churn.
        events = os.path.join(tmp, "het.csv")
        run(binary, "synth", HETEROGENEOUS, "--customers", "20000", "--periods", "36", "--seed", "3", "--out", events)
        paying = {}
        for mode in ("none", "beta"):
            out = os.path.join(tmp, f"het-{mode}")
            printed = run(binary, "backtest", "--events", events, "--model", HOMOGENEOUS, "--out", out, "--horizon", "6",
                          "--heterogeneity", mode).stdout
            paying[mode] = json.load(open(os.path.join(out, "backtest.json")))["by_quantity"]["paying"]["coverage_90"]
            print(f"--heterogeneity {mode}: paying covered {paying[mode]:.3f}; {printed.splitlines()[0]}")
        if not paying["none"] < 0.5:
            failures.append(f"one probability per row covered heterogeneous paying customers {paying['none']:.2f} (expected < 0.5)")
        if not paying["beta"] >= paying["none"] + 0.25:
            failures.append(f"--heterogeneity beta covered {paying['beta']:.2f}, not 25 points above {paying['none']:.2f}")

        # Comparison of structures.
        tis_events = os.path.join(tmp, "tis.csv")
        run(binary, "synth", "tests/data/time_in_stage/onboarding.yaml", "--customers", "20000", "--periods", "36",
            "--seed", "5", "--out", tis_events)
        by_tenure = ("time in stage", "template's buckets, customers differ elsewhere")
        for log, model, want in ((events, HOMOGENEOUS, ("customers differ",)),
                                 (tis_events, "tests/data/time_in_stage/onboarding.yaml", by_tenure)):
            out = os.path.join(tmp, "compare-" + os.path.basename(log))
            run(binary, "backtest", "--events", log, "--model", model, "--out", out, "--horizon", "6", "--compare",
                "--time-in-stage", "off")
            scores = json.load(open(os.path.join(out, "backtest.json")))
            page_path = os.path.join(out, "report.html")
            run(binary, "report", out)
            page = open(page_path, encoding="utf-8").read()
            coverage_text = f"{100 * scores['coverage_90']:.1f}%"  # the by-ahead/comparison tables round to 0.1%
            for words in (html.escape(scores["verdict"], quote=True), 'id="pit-histogram"', 'id="comparison"',
                          "calibrate " + html.escape(scores["recommended"]["calibrate"]), coverage_text):
                if words not in page:
                    failures.append(f"the backtest page of {out} lacks {words!r}")
            ranked = [c["structure"] for c in scores["comparison"]]
            crps = [round(c["scores"]["crps"], 2) for c in scores["comparison"]]
            print(f"{os.path.basename(log)}: {list(zip(ranked, crps))}")
            if scores["recommended"]["structure"] not in want:
                failures.append(f"{log}: recommended {scores['recommended']['structure']}, expected one of {want}")
            if ranked[-1] != "one row":
                failures.append(f"{log}: one row per stage is not last: {ranked}")
            # The wrong structures are told apart from the best (more than 2 paired SE worse).
            for c in scores["comparison"][1:]:
                if c["structure"] not in want and c["indistinguishable_from_best"]:
                    failures.append(f"{log}: {c['structure']} is indistinguishable from the best "
                                    f"(+{c['crps_gap']:.2f} ± {c['crps_gap_se']:.2f})")

        # A run's report citing the backtest of its journey.
        calibrated = os.path.join(tmp, "het-calibrated.yaml")
        run(binary, "calibrate", "--events", events, "--model", HOMOGENEOUS, "--out", calibrated, "--heterogeneity", "beta")
        run_dir = os.path.join(tmp, "het-run")
        run(binary, "simulate", calibrated, "--replicates", "50", "--out", run_dir)
        cited = os.path.join(tmp, "het-beta")
        run(binary, "report", run_dir, "--backtest", cited)
        page = open(os.path.join(run_dir, "report.html"), encoding="utf-8").read()
        verdict = json.load(open(os.path.join(cited, "backtest.json")))["verdict"]
        if html.escape(verdict) not in page or "--heterogeneity beta" not in page:
            failures.append("the run's report does not cite the backtest's verdict and structure")
        other = os.path.join(tmp, "compare-tis.csv")
        result = run(binary, "report", run_dir, "--backtest", other, "--out", os.path.join(tmp, "x.html"), expect=2)
        if "other stages" not in result.stderr or os.path.exists(os.path.join(tmp, "x.html")):
            failures.append(f"a backtest of another journey was not refused cleanly: {result.stderr!r}")

        # A backtest directory's page shows its own scores: --backtest there is refused, and so is a
        # directory holding a run and a backtest at once (which page?).
        result = run(binary, "report", cited, "--backtest", cited, "--out", os.path.join(tmp, "y.html"), expect=2)
        if "is a backtest directory itself" not in result.stderr or os.path.exists(os.path.join(tmp, "y.html")):
            failures.append(f"report BACKTEST --backtest was not refused cleanly: {result.stderr!r}")
        import shutil
        both = os.path.join(tmp, "both")
        shutil.copytree(run_dir, both)
        shutil.copy(os.path.join(cited, "backtest.json"), both)
        result = run(binary, "report", both, "--out", os.path.join(tmp, "z.html"), expect=2)
        if "holds both a run" not in result.stderr or os.path.exists(os.path.join(tmp, "z.html")):
            failures.append(f"a directory with a run and a backtest was not refused cleanly: {result.stderr!r}")

        # A hand-edited backtest.json is bad input to report (exit 2), not an internal error.
        broken = os.path.join(tmp, "broken")
        shutil.copytree(os.path.join(tmp, "het-beta"), broken)
        scores = json.load(open(os.path.join(broken, "backtest.json")))
        scores["horizon"] = "six"
        json.dump(scores, open(os.path.join(broken, "backtest.json"), "w"))
        result = run(binary, "report", broken, expect=2)
        if "backtest.json does not hold what journeysim backtest writes" not in result.stderr:
            failures.append(f"a corrupt backtest.json: {result.stderr!r}")

        # Bad input.
        first = os.path.join(tmp, "h1.csv")
        for args, words in ((("--origins", "2024-03-31"), "of history before it"),
                            (("--horizon", "40"), "shorten --horizon"),
                            (("--origins", "2025-12-31", "--horizon", "6"), "needs the log to run to")):
            out = os.path.join(tmp, "bad")
            result = run(binary, "backtest", "--events", first, "--model", HOMOGENEOUS, "--out", out, *args, expect=2)
            if words not in result.stderr:
                failures.append(f"{args}: {result.stderr!r} lacks {words!r}")
            if os.path.exists(out):
                failures.append(f"{args}: wrote {out}")
    if failures:
        sys.exit("\n".join(failures))
    print("ok")


if __name__ == "__main__":
    main()
