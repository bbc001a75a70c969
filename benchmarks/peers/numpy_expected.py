#!/usr/bin/python3
"""The expected-mode job of `journeysim simulate --mode expected`, written the way an analyst
with numpy would: parameters drawn per replicate, then the Markov trace vectorised over
replicates (x has shape replicates × stages, P(t) replicates × stages × stages).

Same conventions as journeysim (SPEC §3, §6): x(0) = initial + inflow, x(t+1) = x(t)·P(t) +
inflow(t); a fix acts from period `start` with a linear ramp; mass moved by a transition effect
comes from the balance cell (default: stay) and is clamped to keep rows valid; margin =
gross_margin·revenue − cost to serve; costs upfront at start, per period and per customer in
the affected stages. Prints a JSON line with timings and the mean NPV of every scenario so the
benchmark can cross-check it against journeysim's.

Usage: numpy_expected.py MODEL FIXES REPLICATES SEED
"""
import json
import sys
import time

import numpy as np
import yaml

PERIODS_PER_YEAR = {"day": 365, "week": 52, "month": 12, "quarter": 4}


def segment_parameters(model):
    stages = [s["id"] for s in model["stages"]]
    index = {s: i for i, s in enumerate(stages)}
    n = len(stages)

    def build(transitions, revenue_over, share):
        p = np.zeros((n, n))
        for a, row in transitions.items():
            for b, v in row.items():
                p[index[a], index[b]] = v
        for i in range(n):
            p[i, i] = max(0.0, 1 - p[i].sum() + p[i, i])
        revenue = np.array([s.get("revenue_per_period", 0) for s in model["stages"]], float)
        for sid, v in revenue_over.items():
            revenue[index[sid]] = v
        cost = np.array([s.get("cost_per_period", 0) for s in model["stages"]], float)
        pop = model.get("population", {})
        initial = np.zeros(n)
        inflow = np.zeros(n)
        for sid, v in pop.get("initial", {}).items():
            initial[index[sid]] = v * share
        for sid, v in pop.get("inflow", {}).items():
            inflow[index[sid]] = v * share
        return dict(P=p, revenue=revenue, cost=cost, initial=initial, inflow=inflow)

    base = {a: dict(row) for a, row in model.get("transitions", {}).items()}
    segments = model.get("segments") or []
    if not segments:
        return stages, index, [build(base, {}, 1.0)]
    out = []
    for seg in segments:
        t = {a: dict(row) for a, row in base.items()}
        for a, row in seg.get("transitions", {}).items():
            t.setdefault(a, {}).update(row)
        out.append(build(t, seg.get("revenue", {}), seg.get("share", 1.0)))
    return stages, index, out


def draw(rng, spec, size):
    if not isinstance(spec, dict):
        return np.full(size, float(spec))
    (kind, p), = spec.items()
    if kind == "normal":
        return rng.normal(p["mean"], p["sd"], size)
    if kind == "lognormal":
        return rng.lognormal(p["mean"], p["sd"], size)
    if kind == "uniform":
        return rng.uniform(p[0], p[1], size)
    if kind == "triangular":
        return rng.triangular(p[0], p[1], p[2], size)
    if kind == "pert":
        lo, mode, hi = p
        a = 1 + 4 * (mode - lo) / (hi - lo)
        b = 1 + 4 * (hi - mode) / (hi - lo)
        return lo + (hi - lo) * rng.beta(a, b, size)
    if kind == "beta":
        return rng.beta(p["a"], p["b"], size)
    raise ValueError(kind)


def main():
    model_path, fixes_path, replicates, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    start = time.perf_counter()
    model = yaml.safe_load(open(model_path))
    fixes_doc = yaml.safe_load(open(fixes_path))
    info = model["journey"]
    horizon = info.get("horizon", 36)
    k = PERIODS_PER_YEAR[info.get("period", "month")]
    gm = info.get("gross_margin", 1.0)
    disc = (1 + info.get("discount_rate", 0.1)) ** (-np.arange(horizon) / k)
    stages, index, segments = segment_parameters(model)
    fixes = fixes_doc["fixes"]
    scenarios = [("baseline", [])] + [(f["id"], [i]) for i, f in enumerate(fixes)] + [
        (p["id"], [next(i for i, f in enumerate(fixes) if f["id"] == fid) for fid in p["fixes"]])
        for p in fixes_doc.get("portfolios", [])]
    rng = np.random.default_rng(seed)
    R = replicates
    # One draw per effect per replicate, shared by every scenario containing the fix.
    draws = [[draw(rng, e.get("relative", e.get("absolute", e.get("to"))), R) for e in f["effects"]] for f in fixes]
    parsed = time.perf_counter()

    def share(fix, t):
        s0, ramp = fix.get("start", 0), fix.get("ramp", 0)
        if t < s0:
            return 0.0
        return 1.0 if ramp <= 0 else min(1.0, (t - s0 + 1) / ramp)

    results = {}
    baseline_series = None
    for sid, members in scenarios:
        rev_total = np.zeros((R, horizon))
        cts_total = np.zeros((R, horizon))
        fix_cost = np.zeros((R, horizon))
        for seg in segments:
            x = np.tile(seg["initial"] + seg["inflow"], (R, 1))
            for t in range(horizon):
                P = np.broadcast_to(seg["P"], (R,) + seg["P"].shape).copy()
                revenue = np.tile(seg["revenue"], (R, 1))
                inflow = np.tile(seg["inflow"], (R, 1))
                for i in members:
                    w = share(fixes[i], t)
                    if w == 0:
                        continue
                    for e, value in zip(fixes[i]["effects"], draws[i]):
                        if "transition" in e:
                            a, b = [index[s.strip()] for s in e["transition"].split("->")]
                            c = index[e["balance"]] if "balance" in e else a
                            p = P[:, a, b]
                            if "relative" in e:
                                want = p * (1 + w * value)
                            elif "absolute" in e:
                                want = p + w * value
                            else:
                                want = p + w * (value - p)
                            want = np.clip(want, 0, 1)
                            delta = np.minimum(want - p, P[:, a, c])
                            P[:, a, b] = p + delta
                            P[:, a, c] = np.maximum(P[:, a, c] - delta, 0)
                        else:
                            s = index[e.get("inflow", e.get("revenue"))]
                            target = inflow if "inflow" in e else revenue
                            target[:, s] = np.maximum(target[:, s] * (1 + w * value) if "relative" in e
                                                      else target[:, s] + w * value, 0)
                rev_total[:, t] += (x * revenue).sum(axis=1)
                cts_total[:, t] += x @ seg["cost"]
                for i in members:
                    f = fixes[i]
                    if t >= f.get("start", 0) and f.get("cost", {}).get("per_customer", 0):
                        affected = sorted({index[(e.get("transition") or e.get("inflow") or e.get("revenue")).split("->")[0].strip()]
                                           for e in f["effects"]})
                        fix_cost[:, t] += f["cost"]["per_customer"] * x[:, affected].sum(axis=1)
                x = np.einsum("ri,rij->rj", x, P) + inflow
        for i in members:
            f = fixes[i]
            c = f.get("cost", {})
            s0 = f.get("start", 0)
            if s0 < horizon:
                fix_cost[:, s0] += c.get("upfront", 0)
                fix_cost[:, s0:] += c.get("per_period", 0)
        if sid == "baseline":
            baseline_series = (rev_total, cts_total)
            results[sid] = {"revenue_total": float(rev_total.sum(axis=1).mean())}
            continue
        margin = gm * (rev_total - baseline_series[0]) - (cts_total - baseline_series[1])
        npv = (margin * disc).sum(axis=1) - (fix_cost * disc).sum(axis=1)
        results[sid] = {"npv_mean": float(npv.mean()), "npv_sd": float(npv.std(ddof=1))}
    done = time.perf_counter()
    print(json.dumps({"replicates": R, "seconds_total": done - start, "seconds_simulation": done - parsed,
                      "scenarios": results}))


if __name__ == "__main__":
    main()
