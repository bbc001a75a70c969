#!/usr/bin/env python3
"""TEST FIXTURE GENERATOR: writes a directory in the format of `journeysim simulate --out DIR`
(SPEC §6 plus summary extras) from a model and a fixes file, so that `journeysim report` can be
developed and tested on its own. It is a small expected-mode simulator written independently of
the C++ one: per replicate it draws calibrated rows from Dirichlet(counts + 1) and every fix
effect from its distribution, runs the Markov trace x(t+1) = x(t)·P(t) + inflow per segment, and
summarises the replicates. Its numbers are plausible and internally consistent (summary.json is
computed from replicates.csv), but it is NOT journeysim: summary.json says so in "_fixture".

Usage: make_run.py MODEL.yaml [--fixes FIXES.yaml] --out DIR [--replicates R] [--seed S]
Needs python3-yaml (installed by scripts/bootstrap's test profile).
"""
import argparse
import json
import math
import os
import random
import sys

import yaml

PERIODS_PER_YEAR = {"day": 365, "week": 52, "month": 12, "quarter": 4}
METRICS = ["revenue_total", "revenue_pv", "arr_end", "active_end", "churned_total", "lost_total"]
VERSUS = ["incremental_revenue", "incremental_margin_pv", "cost_pv", "npv", "roi", "retained_arr", "payback_period"]


def load_model(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    info = doc["journey"]
    stages = doc["stages"]
    ids = [s["id"] for s in stages]
    index = {sid: i for i, sid in enumerate(ids)}
    n = len(ids)
    rows = {index[a]: {index[b]: float(p) for b, p in cells.items()} for a, cells in doc.get("transitions", {}).items()}
    pop = doc.get("population", {})
    initial = [0.0] * n
    inflow = [0.0] * n
    for k, v in (pop.get("initial") or {}).items():
        initial[index[k]] = float(v)
    for k, v in (pop.get("inflow") or {}).items():
        inflow[index[k]] = float(v)
    revenue = [float(s.get("revenue_per_period", 0)) for s in stages]
    counts = {}
    for a, cells in ((doc.get("calibration") or {}).get("counts") or {}).items():
        counts[index[a]] = {index[b]: float(c) for b, c in cells.items()}
    segments = []
    for seg in doc.get("segments") or []:
        share = float(seg.get("share", 1.0))
        seg_rows = {k: dict(v) for k, v in rows.items()}
        overridden = set()
        for a, cells in (seg.get("transitions") or {}).items():
            seg_rows.setdefault(index[a], {}).update({index[b]: float(p) for b, p in cells.items()})
            overridden.add(index[a])
        seg_revenue = list(revenue)
        for k, v in (seg.get("revenue") or {}).items():
            seg_revenue[index[k]] = float(v)
        segments.append(dict(id=seg["id"], rows=seg_rows, overridden=overridden, revenue=seg_revenue,
                             initial=[x * share for x in initial], inflow=[x * share for x in inflow]))
    claimed = sum(float(s.get("share", 1.0)) for s in doc.get("segments") or [])
    if not segments or claimed < 1 - 1e-9:
        rest = 1.0 - claimed if segments else 1.0
        segments.append(dict(id="default" if segments else "all", rows=rows, overridden=set(), revenue=revenue,
                             initial=[x * rest for x in initial], inflow=[x * rest for x in inflow]))
    return dict(info=info, ids=ids, index=index, n=n, terminal=[bool(s.get("terminal")) for s in stages],
                paying=[r > 0 for r in revenue], counts=counts, segments=segments, has_segments=bool(doc.get("segments")))


def draw(value, rng):
    if not isinstance(value, dict):
        return float(value)
    (kind, p), = value.items()
    if kind == "normal":
        return rng.gauss(p["mean"], p["sd"])
    if kind == "lognormal":
        return rng.lognormvariate(p["mean"], p["sd"])
    if kind == "uniform":
        return rng.uniform(p[0], p[1])
    if kind == "triangular":
        return rng.triangular(p[0], p[2], p[1])
    if kind == "pert":
        lo, mode, hi = p
        a = 1 + 4 * (mode - lo) / (hi - lo)
        b = 1 + 4 * (hi - mode) / (hi - lo)
        return lo + rng.betavariate(a, b) * (hi - lo)
    if kind == "beta":
        return rng.betavariate(p["a"], p["b"])
    raise ValueError(f"unknown distribution {kind}")


def load_fixes(path, model):
    if not path:
        return [], []
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    index = model["index"]
    fixes = []
    for fx in doc.get("fixes") or []:
        effects = []
        for e in fx.get("effects") or []:
            mode = next(m for m in ("relative", "absolute", "to") if m in e)
            if "transition" in e:
                a, b = [s.strip() for s in e["transition"].split("->")]
                effects.append(dict(kind="transition", src=index[a], dst=index[b], mode=mode, value=e[mode],
                                    balance=index[e["balance"]] if "balance" in e else None))
            else:
                kind = "inflow" if "inflow" in e else "revenue"
                effects.append(dict(kind=kind, src=index[e[kind]], mode=mode, value=e[mode]))
        cost = fx.get("cost") or {}
        fixes.append(dict(id=fx["id"], name=fx.get("name", fx["id"]), owner=fx.get("owner", ""), effects=effects,
                          start=int(fx.get("start", 0)), ramp=int(fx.get("ramp", 0)),
                          upfront=float(cost.get("upfront", 0)), per_period=float(cost.get("per_period", 0)),
                          per_customer=float(cost.get("per_customer", 0))))
    portfolios = [dict(id=p["id"], name=p.get("name", p["id"]), fixes=list(p["fixes"])) for p in doc.get("portfolios") or []]
    return fixes, portfolios


def dirichlet(alphas, rng):
    g = [rng.gammavariate(a, 1.0) if a > 0 else 0.0 for a in alphas]
    total = sum(g)
    return [x / total for x in g]


def drawn_rows(model, rng):
    """Calibrated rows drawn from Dirichlet(counts + 1) over the model's allowed cells and the stay."""
    out = {}
    for a, cells in model["counts"].items():
        allowed = sorted(set(model["segments"][0]["rows"].get(a, {})) | {a})
        probs = dirichlet([cells.get(b, 0.0) + 1.0 for b in allowed], rng)
        out[a] = {b: p for b, p in zip(allowed, probs) if b != a}
    return out


def share(fix, t):
    if t < fix["start"]:
        return 0.0
    return 1.0 if fix["ramp"] <= 0 else min(1.0, (t - fix["start"] + 1) / fix["ramp"])


def apply(value, mode, x, s):
    if mode == "relative":
        return value * (1 + s * x)
    if mode == "absolute":
        return value + s * x
    return value + s * (x - value)


def simulate_segment(model, seg, rows, fixes, draws, horizon):
    """Expected trace of one segment under the given fixes; returns revenue, fix cost and
    customers per period, moves into terminal stages (from paying / non-paying stages), clamps."""
    n = model["n"]
    x = None
    revenue, cost, trace, clamps = [], [], [], 0
    churned = lost = 0.0
    moved_out = None
    for t in range(horizon):
        p = {a: dict(c) for a, c in rows.items()}
        inflow = list(seg["inflow"])
        rev = list(seg["revenue"])
        for fix, values in zip(fixes, draws):
            s = share(fix, t)
            for e, v in zip(fix["effects"], values):
                if e["kind"] == "transition":
                    row = p.setdefault(e["src"], {})
                    old = row.get(e["dst"], 0.0)
                    new = apply(old, e["mode"], v, s)
                    bal = e["balance"]
                    room = old + (1 - sum(row.values()) if bal is None or bal == e["src"] else row.get(bal, 0.0))
                    if new < 0 or new > room:
                        clamps += 1
                        new = min(max(new, 0.0), room)
                    row[e["dst"]] = new
                    if bal is not None and bal != e["src"]:
                        row[bal] = row.get(bal, 0.0) - (new - old)
                elif e["kind"] == "inflow":
                    inflow[e["src"]] = max(0.0, apply(inflow[e["src"]], e["mode"], v, s))
                else:
                    rev[e["src"]] = max(0.0, apply(rev[e["src"]], e["mode"], v, s))
        # x(0) = initial + inflow; x(t) = x(t-1)·P(t-1) + inflow(t).
        x = [seg["initial"][i] + inflow[i] for i in range(n)] if t == 0 else [v + inflow[i] for i, v in enumerate(moved_out)]
        cost_t = 0.0
        for fix in fixes:
            if t >= fix["start"]:
                affected = {e["src"] for e in fix["effects"]}
                cost_t += fix["per_period"] * seg["weight"] + fix["per_customer"] * sum(x[i] for i in affected)
                if t == fix["start"]:
                    cost_t += fix["upfront"] * seg["weight"]
        revenue.append(sum(x[i] * rev[i] for i in range(n)))
        cost.append(cost_t)
        trace.append(x)
        moved_out = list(x)
        for a, cells in p.items():
            for b, prob in cells.items():
                moved = x[a] * prob
                moved_out[a] -= moved
                moved_out[b] += moved
                if model["terminal"][b] and t < horizon - 1:
                    if model["paying"][a]:
                        churned += moved
                    else:
                        lost += moved
    return revenue, cost, trace, churned, lost, clamps


def quantile(values, q):
    v = sorted(values)
    if not v:
        return 0.0
    h = (len(v) - 1) * q
    lo = math.floor(h)
    return v[lo] + (h - lo) * (v[min(lo + 1, len(v) - 1)] - v[lo])


def summarise(values):
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return dict(mean=mean, sd=sd, mcse=sd / math.sqrt(n), p05=quantile(values, 0.05), p50=quantile(values, 0.5),
                p95=quantile(values, 0.95))


def num(v):
    return "" if v is None else f"{v:.10g}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--fixes")
    ap.add_argument("--out", required=True)
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    model = load_model(args.model)
    fixes, portfolios = load_fixes(args.fixes, model)
    info = model["info"]
    horizon = int(info.get("horizon", 36))
    ppy = PERIODS_PER_YEAR[info.get("period", "month")]
    rate = float(info.get("discount_rate", 0.10))
    margin = float(info.get("gross_margin", 1.0))
    df = [(1 + rate) ** (-t / ppy) for t in range(horizon)]
    total_inflow = sum(sum(s["inflow"]) + sum(s["initial"]) for s in model["segments"]) or 1.0
    for seg in model["segments"]:
        seg["weight"] = (sum(seg["inflow"]) + sum(seg["initial"])) / total_inflow
    fix_ids = [f["id"] for f in fixes]
    scenarios = [dict(id="baseline", name="Baseline (no fix)", kind="baseline", fixes=[], owner="")]
    for f in fixes:
        scenarios.append(dict(id=f["id"], name=f["name"], kind="fix", fixes=[f["id"]], owner=f["owner"]))
    for p in portfolios:
        owners = []
        for fid in p["fixes"]:
            o = fixes[fix_ids.index(fid)]["owner"]
            if o and o not in owners:
                owners.append(o)
        scenarios.append(dict(id=p["id"], name=p["name"], kind="portfolio", fixes=p["fixes"], owner=" + ".join(owners)))
    seg_ids = [s["id"] for s in model["segments"]]
    out_segments = seg_ids + ["all"] if model["has_segments"] else ["all"]
    rng = random.Random(args.seed)
    rep_rows = []  # (replicate, scenario, segment, metrics dict, versus dict or None)
    traj = {}  # (scenario, segment, period, stage) -> list of values
    for r in range(args.replicates):
        calibrated = drawn_rows(model, rng)
        draws = {f["id"]: [draw(e["value"], rng) for e in f["effects"]] for f in fixes}
        base_by_seg = {}
        for sc in scenarios:
            active = [fixes[fix_ids.index(fid)] for fid in sc["fixes"]]
            per_seg = {}
            for seg in model["segments"]:
                rows = {a: dict(c) for a, c in seg["rows"].items()}
                for a, cells in calibrated.items():
                    if a not in seg["overridden"]:
                        rows[a] = dict(cells)
                rev, cost, trace, churned, lost, clamps = simulate_segment(
                    model, seg, rows, active, [draws[f["id"]] for f in active], horizon)
                per_seg[seg["id"]] = dict(rev=rev, cost=cost, churned=churned, lost=lost, clamps=clamps, trace=trace)
            if model["has_segments"]:
                per_seg["all"] = dict(
                    rev=[sum(per_seg[s]["rev"][t] for s in seg_ids) for t in range(horizon)],
                    cost=[sum(per_seg[s]["cost"][t] for s in seg_ids) for t in range(horizon)],
                    churned=sum(per_seg[s]["churned"] for s in seg_ids), lost=sum(per_seg[s]["lost"] for s in seg_ids),
                    clamps=sum(per_seg[s]["clamps"] for s in seg_ids),
                    trace=[[sum(per_seg[s]["trace"][t][i] for s in seg_ids) for i in range(model["n"])] for t in range(horizon)])
            for sg in out_segments:
                d = per_seg[sg]
                m = dict(revenue_total=sum(d["rev"]), revenue_pv=sum(v * f for v, f in zip(d["rev"], df)),
                         arr_end=d["rev"][-1] * ppy,
                         active_end=sum(v for v, pay in zip(d["trace"][-1], model["paying"]) if pay),
                         churned_total=d["churned"], lost_total=d["lost"])
                versus = None
                if sc["kind"] == "baseline":
                    base_by_seg[sg] = (m, d)
                else:
                    bm, bd = base_by_seg[sg]
                    inc_margin = [margin * (a - b) * f for a, b, f in zip(d["rev"], bd["rev"], df)]
                    cost_pv = [c * f for c, f in zip(d["cost"], df)]
                    payback, cm, cc = horizon + 1, 0.0, 0.0
                    for t in range(horizon):
                        cm += inc_margin[t]
                        cc += cost_pv[t]
                        if cc > 0 and cm >= cc:
                            payback = t
                            break
                    npv = sum(inc_margin) - sum(cost_pv)
                    versus = dict(incremental_revenue=m["revenue_total"] - bm["revenue_total"],
                                  incremental_margin_pv=sum(inc_margin), cost_pv=sum(cost_pv), npv=npv,
                                  roi=npv / sum(cost_pv) if sum(cost_pv) > 0 else 0.0,
                                  retained_arr=m["arr_end"] - bm["arr_end"], payback_period=payback,
                                  clamped_effects=d["clamps"])
                rep_rows.append((r, sc["id"], sg, m, versus))
                for t in range(horizon):
                    for i, sid in enumerate(model["ids"]):
                        traj.setdefault((sc["id"], sg, t, sid), []).append(d["trace"][t][i])
                    traj.setdefault((sc["id"], sg, t, "_revenue"), []).append(d["rev"][t])
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "replicates.csv"), "w", encoding="utf-8") as f:
        f.write("replicate,scenario,segment," + ",".join(METRICS + VERSUS) + ",clamped_effects\n")
        for r, sc, sg, m, v in rep_rows:
            vs = [num(v[k]) if v else "" for k in VERSUS + ["clamped_effects"]]
            f.write(f"{r},{sc},{sg}," + ",".join([num(m[k]) for k in METRICS] + vs) + "\n")
    with open(os.path.join(args.out, "trajectories.csv"), "w", encoding="utf-8") as f:
        f.write("scenario,segment,period,stage,mean,p05,p50,p95\n")
        for (sc, sg, t, stage), values in traj.items():
            s = summarise(values)
            f.write(f"{sc},{sg},{t},{stage},{num(s['mean'])},{num(s['p05'])},{num(s['p50'])},{num(s['p95'])}\n")
    out_scenarios = []
    npv_by = {sc["id"]: [v["npv"] for r, s, sg, m, v in rep_rows if s == sc["id"] and sg == "all" and v]
              for sc in scenarios}
    contenders = [sc["id"] for sc in scenarios if sc["kind"] != "baseline"]
    wins = {c: 0 for c in contenders}
    for r in range(args.replicates):
        if contenders:
            wins[max(contenders, key=lambda c: (npv_by[c][r], -contenders.index(c)))] += 1
    for sc in scenarios:
        rows = [(m, v) for r, s, sg, m, v in rep_rows if s == sc["id"] and sg == "all"]
        entry = dict(sc)
        entry["metrics"] = {k: summarise([m[k] for m, v in rows]) for k in METRICS}
        if sc["kind"] != "baseline":
            vs = {k: summarise([v[k] for m, v in rows]) for k in VERSUS}
            vs["prob_npv_positive"] = sum(1 for m, v in rows if v["npv"] > 0) / len(rows)
            vs["prob_best"] = wins[sc["id"]] / args.replicates
            vs["clamped_effects"] = sum(v["clamped_effects"] for m, v in rows)
            entry["vs_baseline"] = vs
        out_scenarios.append(entry)
    summary = {
        "_fixture": "hand-made test fixture written by tests/data/report/make_run.py, not by journeysim simulate",
        "journeysim_version": "fixture", "boost_version": "n/a",
        "model": os.path.relpath(args.model, os.path.dirname(os.path.abspath(args.out))),
        "fixes": os.path.relpath(args.fixes, os.path.dirname(os.path.abspath(args.out))) if args.fixes else None,
        "mode": "expected", "replicates": args.replicates, "seed": args.seed, "horizon": horizon,
        "period": info.get("period", "month"), "currency": info.get("currency", "USD"), "discount_rate": rate,
        "gross_margin": margin, "segments": seg_ids if model["has_segments"] else [],
        "convergence": {"precision": None, "reached": True, "max_replicates": args.replicates},
        "scenarios": out_scenarios}
    with open(os.path.join(args.out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
