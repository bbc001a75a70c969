#!/usr/bin/env python3
"""End-to-end test of `journeysim report` in headless Chromium (issue #5).

Simulates the example (as `make demo` does, with fewer replicates), renders it, loads each page in Chromium, and checks the DOM against summary.json: every
section and chart, the numbers in the tables, escaping of hostile strings, and a non-blank
screenshot. Variants: one fix, no fixes, 40 stages, 20 fixes. Screenshots are kept in
<build>/report-test/ for people to look at. Exits 77 (skipped) only when no Chromium exists.
Usage: report_test.py path/to/journeysim   (cwd = repository root)
"""
import concurrent.futures
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_support as rs  # noqa: E402

SECTIONS = ["header", "journey-map", "flow", "leaks", "fixes", "recommendation", "method"]
FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
    return condition


def render(binary, run, page):
    result = subprocess.run([binary, "report", run, "--out", page], capture_output=True, text=True, cwd=rs.ROOT)
    assert result.returncode == 0, f"report failed ({result.returncode}): {result.stderr}"
    assert result.stdout.strip() == f"report written to {page}", f"unexpected stdout: {result.stdout!r}"
    with open(page, encoding="utf-8") as f:
        return f.read()


def check_self_contained(name, text):
    # Inside tags only: escaped user text such as "&lt;img src=x" is fine.
    check(not re.search(r"<[^>]*\s(src|href)\s*=", text, re.I), f"{name}: the page has a src/href attribute")
    check("http" not in text.lower(), f"{name}: the page mentions http")
    check(not re.search(r"<script|@import|url\(", text, re.I), f"{name}: the page has a script or a CSS import/url()")


def money_short(value, symbol):
    """format_money_short of report/format.hpp, for comparing the headline."""
    magnitude = abs(value)
    text = f"{magnitude:.0f}"
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= size * 0.9995:
            scaled = magnitude / size
            decimals = 0 if scaled >= 99.95 else 1 if scaled >= 9.995 else 2
            text = f"{scaled:.{decimals}f}{suffix}"
            break
    negative = value < 0 and text.strip("0.kMB") != ""
    return ("-" if negative else "") + symbol + text


def data_values(row):
    return [float(td.attrs["data-value"]) for td in row.find_all("td") if "data-value" in td.attrs]


def check_page(name, dom, summary, analysis, calibrated):
    """Sections, charts and numbers of one page against its summary.json and `analyze --json`."""
    ids = [n.attrs.get("id") for n in dom.find_all() if n.attrs.get("id") in SECTIONS]
    check(ids == SECTIONS, f"{name}: sections {ids}, expected {SECTIONS}")
    check(dom.find("script") is None, f"{name}: a <script> element exists")
    stages = dom.find("table", class_="journey-map").find_all("th", class_="stage")
    check([s.attrs["data-stage"] for s in stages] == analysis["transient"],
          f"{name}: map columns differ from the model's non-terminal stages")
    titles = [svg.attrs.get("aria-label", "") for svg in dom.find_all("svg")]
    expected_charts = ["Emotion across the stages", "Customers flowing between stages", "Levers: moves worth encouraging"]
    scenarios = [s for s in summary["scenarios"] if "vs_baseline" in s]
    if scenarios:
        expected_charts += ["NPV per scenario", "Probability that each scenario", "Revenue per", "ARR at the horizon vs baseline"]
    else:
        expected_charts += ["Revenue per"]
    for chart in expected_charts:
        check(any(t.startswith(chart) for t in titles), f"{name}: no chart titled '{chart}…' (have {titles})")

    # Leverage bars: the 10 largest levers and the 10 largest leaks, in two charts.
    for figure_id, sign in (("leverage-chart", 1), ("leaks-chart", -1)):
        figure = dom.find("figure", id=figure_id)
        bars = list(figure.find_all("rect", class_="bar")) if figure else []
        expected = min(10, sum(1 for e in analysis["leverage"] if e["delta_revenue_pv"] * sign > 0))
        check(len(bars) == expected, f"{name}: {len(bars)} bars in {figure_id}, expected {expected}")

    # Ranking table: order by NPV mean, and every number equal to summary.json.
    ranked = sorted(scenarios, key=lambda s: -s["vs_baseline"]["npv"]["mean"])
    table = dom.find("table", id="ranking")
    rows = list(table.find_all("tr")) if table else []
    rows = [r for r in rows if "data-scenario" in r.attrs]
    check([r.attrs["data-scenario"] for r in rows] == [s["id"] for s in ranked],
          f"{name}: ranking order {[r.attrs['data-scenario'] for r in rows]}")
    for row, s in zip(rows, ranked):
        v = s["vs_baseline"]
        want = [v["cost_pv"]["mean"], v["npv"]["mean"], v["roi"]["mean"], v["prob_npv_positive"],
                v["retained_arr"]["mean"], v["payback_period"]["p50"]]
        check(data_values(row) == want, f"{name}: ranking row {s['id']} shows {data_values(row)}, summary has {want}")
    if ranked:
        best = ranked[0]["vs_baseline"]["npv"]
        headline = dom.find("p", id="headline").text()
        symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(summary["currency"], summary["currency"] + " ")
        for want in (money_short(best["mean"], symbol),
                     f"[P5 {money_short(best['p05'], symbol)}, P95 {money_short(best['p95'], symbol)}]"):
            check(want in headline, f"{name}: headline '{headline}' lacks '{want}'")
        interval_rows = list(dom.find("figure", id="npv-intervals").find_all("circle"))
        check(len([c for c in interval_rows if c.find("title")]) == len(ranked), f"{name}: NPV interval rows")
        fund = dom.find("ol", id="fund-first")
        positive = [s["id"] for s in ranked if s["kind"] == "fix" and s["vs_baseline"]["npv"]["mean"] > 0][:5]
        listed = [li.attrs["data-scenario"] for li in fund.find_all("li")] if fund else []
        check(listed == positive, f"{name}: fund-first lists {listed}, expected {positive}")

    # Convergence table and the flow's leak check hold the baseline's exact figures.
    baseline = next(s for s in summary["scenarios"] if s["kind"] == "baseline")
    mcse = None
    for row in dom.find("table", id="mcse").find_all("tr"):
        if row.attrs.get("data-scenario") == "baseline":
            mcse = row
    check(mcse is not None and data_values(mcse)[:2] == [baseline["metrics"]["revenue_pv"]["mean"],
                                                        baseline["metrics"]["revenue_pv"]["mcse"]],
          f"{name}: convergence table misses the baseline's revenue_pv")
    leak_rows = [r for r in dom.find("table", id="leak-check").find_all("tr") if r.find("td")]
    simulated = [data_values(r)[1] for r in leak_rows]
    check(simulated == [baseline["metrics"]["churned_total"]["mean"], baseline["metrics"]["lost_total"]["mean"]],
          f"{name}: leak check shows {simulated}")
    # Oracle: the diagram's expected-trace totals are the simulated means up to Monte Carlo error
    # (4 MCSE); a calibrated model adds the gap between E[f(P)] and f(E[P]) of its Dirichlet draws.
    for r, key in zip(leak_rows, ("churned_total", "lost_total")):
        model, sim = data_values(r)[:2]
        bound = 4 * baseline["metrics"][key]["mcse"] + (0.02 if calibrated else 1e-6) * abs(sim) + 1e-9
        check(abs(model - sim) <= bound, f"{name}: leak {key}: model {model} vs simulated {sim} (bound {bound:.3g})")
    definitions = dom.find("dl", id="definitions").text()
    for metric in ("revenue_total", "revenue_pv", "arr_end", "active_end", "churned_total", "lost_total", "npv", "roi",
                   "retained_arr", "payback_period", "cost_pv", "incremental_margin_pv"):
        check(metric in definitions, f"{name}: no definition of {metric}")


def check_segments(name, dom, summary, replicates_csv):
    """Per-segment results (issue #15 §3): one row per segment; each cell is the mean over
    replicates of that segment's column in replicates.csv, computed here from the file."""
    table = dom.find("table", id="segments")
    ranked = [s for s in summary["scenarios"] if "vs_baseline" in s]
    if not summary["segments"] or not ranked:
        check(table is None, f"{name}: a segment table without segments or fixes")
        return
    check(table is not None, f"{name}: no per-segment table")
    if table is None:
        return
    with open(replicates_csv, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    def mean(scenario, column, segment):
        values = [float(r[column]) for r in rows if r["scenario"] == scenario and r["segment"] == segment]
        return sum(values) / len(values)

    ranked.sort(key=lambda s: -s["vs_baseline"]["npv"]["mean"])
    top = ranked[:3]
    body = [r for r in table.find_all("tr") if r.attrs.get("data-segment")]
    check([r.attrs["data-segment"] for r in body] == summary["segments"], f"{name}: segment rows")
    for row in body:
        segment = row.attrs["data-segment"]
        want = [mean("baseline", "revenue_pv", segment)]
        for s in top:
            want += [mean(s["id"], "incremental_margin_pv", segment), mean(s["id"], "retained_arr", segment)]
        got = data_values(row)
        check(len(got) == len(want) and all(abs(g - w) <= 1e-9 * max(1, abs(w)) for g, w in zip(got, want)),
              f"{name}: segment {segment}: page {got}, replicates.csv {want}")


def check_screenshot(name, browser, page, png):
    # Half scale (Chromium's minimum): a laptop-width page, small enough to decode in Python.
    rs.screenshot(browser, page, png, 1366, 3000, scale=0.5)
    inked, colours = rs.ink_statistics(png, 2)
    check(inked > 0.03 and colours > 20, f"{name}: screenshot looks blank ({inked:.3f} inked, {colours} colours)")


def analyze(binary, model):
    return json.loads(subprocess.run([binary, "analyze", model, "--json"], check=True, capture_output=True,
                                     text=True, cwd=rs.ROOT).stdout)


def variant_models(tmp):
    """Model and fixes files for the variants: one fix, none, 40 stages, 20 fixes. The b2b ones use
    tests/data/report/journey.yaml, the example with a calibration block, so the calibrated lanes
    (intervals, homogeneity tests, flagged rows) are exercised too."""
    base_model = os.path.join(rs.ROOT, "tests/data/report/journey.yaml")
    with open(os.path.join(rs.ROOT, "tests/data/report/fixes.yaml"), encoding="utf-8") as f:
        fixes_text = f.read().replace("model: journey.yaml", "model: " + base_model)
    one = os.path.join(tmp, "one-fix.yaml")
    with open(one, "w", encoding="utf-8") as f:
        f.write(fixes_text.split("  - id: churn-save-playbook")[0])
    twenty = os.path.join(tmp, "twenty-fixes.yaml")
    transitions = ["awareness -> consideration", "consideration -> decision", "decision -> onboarding",
                   "onboarding -> adoption", "adoption -> expansion", "adoption -> churned", "expansion -> advocacy",
                   "onboarding -> churned", "advocacy -> expansion", "decision -> lost"]
    owners = ["Marketing", "Sales", "Product", "Customer Success", "Support"]
    lines = [f"model: {base_model}", "fixes:"]
    for i in range(20):
        t = transitions[i % len(transitions)]
        sign = -1 if t.endswith(("churned", "lost")) else 1
        lines += [f"  - id: fix-{i + 1:02d}", f"    name: \"Proposed fix number {i + 1} with a long descriptive name\"",
                  f"    owner: {owners[i % len(owners)]}", f"    cost: {{upfront: {20000 + 7000 * i}, per_period: {500 * (i % 4)}}}",
                  f"    start: {i % 4}", f"    ramp: {i % 3}", "    effects:", f"      - transition: {t}",
                  f"        relative: {{normal: {{mean: {sign * (0.02 + 0.01 * (i % 5)):.2f}, sd: 0.03}}}}"]
    lines += ["portfolios:", "  - {id: top-five, name: \"Top five\", fixes: [fix-01, fix-02, fix-03, fix-04, fix-06]}",
              "  - {id: everything, name: \"All twenty\", fixes: [" + ", ".join(f"fix-{i + 1:02d}" for i in range(20)) + "]}"]
    with open(twenty, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    forty = os.path.join(tmp, "forty-stages.yaml")
    lines = ["journey: {name: \"Forty-stage onboarding programme\", persona: \"Learner\", scenario: \"Course\", period: week,",
             "          horizon: 52, currency: GBP, discount_rate: 0.05, gross_margin: 0.9}", "stages:"]
    for i in range(40):
        lines.append(f"  - {{id: s{i + 1:02d}, name: \"Module {i + 1}\", emotion: {((i % 9) - 4) / 4:.2f}, "
                     f"revenue_per_period: {0 if i < 20 else 30}, pain_points: [\"Pain {i + 1}\"], "
                     f"opportunities: [\"Opportunity {i + 1}\"], touchpoints: [{{name: \"Lesson\", channel: app, owner: Education, system: LMS}}]}}")
    lines += ["  - {id: lost, name: Lost, terminal: true}", "  - {id: churned, name: Churned, terminal: true}", "transitions:"]
    for i in range(39):
        leak = "lost" if i < 20 else "churned"
        lines.append(f"  s{i + 1:02d}: {{s{i + 2:02d}: {0.35 + 0.01 * (i % 7):.2f}, {leak}: {0.02 + 0.005 * (i % 5):.3f}}}")
    lines += ["  s40: {churned: 0.01}", "population: {initial: {s01: 500}, inflow: {s01: 120}}"]
    with open(forty, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    forty_fixes = os.path.join(tmp, "forty-fixes.yaml")
    with open(forty_fixes, "w", encoding="utf-8") as f:
        f.write(f"model: {forty}\nfixes:\n" + "".join(
            f"  - id: help-{k}\n    name: \"Help at module {k}\"\n    owner: Education\n    addresses: [\"Pain {k}\"]\n"
            f"    cost: {{upfront: 5000}}\n    effects:\n      - transition: s{k:02d} -> s{k + 1:02d}\n"
            f"        relative: {{triangular: [0.0, 0.1, 0.25]}}\n" for k in (3, 12, 25)))
    return [("one-fix", base_model, one, 40), ("no-fixes", base_model, None, 40),
            ("forty-stages", forty, forty_fixes, 30), ("twenty-fixes", base_model, twenty, 30)]


def run_case(binary, browser, tmp, shots, name, model, fixes, replicates):
    run = os.path.join(tmp, "run-" + name)
    rs.make_run(binary, model, fixes, run, replicates)
    page = os.path.join(tmp, name + ".html")
    text = render(binary, run, page)
    check_self_contained(name, text)
    dom = rs.parse_dom(rs.dump_dom(browser, page))
    with open(model, encoding="utf-8") as f:
        calibrated = "\ncalibration:" in f.read()
    check_page(name, dom, rs.load_json(os.path.join(run, "summary.json")), analyze(binary, model), calibrated)
    check_segments(name, dom, rs.load_json(os.path.join(run, "summary.json")), os.path.join(run, "replicates.csv"))
    check_screenshot(name, browser, page, os.path.join(shots, name + ".png"))
    return name, text


def check_escaping(binary, browser, tmp, shots):
    escape = os.path.join(rs.ROOT, "tests/data/report/escape")
    run = os.path.join(tmp, "run-escape")
    rs.make_run(binary, os.path.join(escape, "journey.yaml"), os.path.join(escape, "fixes.yaml"), run, 20)
    page = os.path.join(tmp, "escape.html")
    text = render(binary, run, page)
    check_self_contained("escape", text)
    dump = rs.dump_dom(browser, page)
    dom = rs.parse_dom(dump)
    check(dom.find("script") is None and "<script" not in dump, "escape: a <script> element made it into the DOM")
    check(dom.find("img") is None and dom.find("b") is None and dom.find("i") is None,
          "escape: markup from the model became elements")
    visible = dom.find("body").text()
    for literal in ["<script>alert(1)</script> Tom & Jerry's \"journey\"", "<img src=x onerror=alert(2)> & \"persona\"",
                    "Is 5 < 6 & 7 > 3?", "Bills </td></tr></table> break tables", "<script>alert(1)</script> pain & \"quotes\""]:
        check(literal in visible, f"escape: the text {literal!r} is not shown as text")
    ids = [n.attrs.get("id") for n in dom.find_all() if n.attrs.get("id") in SECTIONS]
    check(ids == SECTIONS, f"escape: sections {ids} (a string broke the page structure)")
    check_screenshot("escape", browser, page, os.path.join(shots, "escape.png"))


def main():
    binary = os.path.abspath(sys.argv[1])
    browser = rs.find_chromium()
    if not browser:
        print("SKIP: no chromium found (scripts/bootstrap test installs Debian's chromium)")
        return 77
    shots = os.path.join(os.path.dirname(binary), "report-test")
    os.makedirs(shots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="journeysim-report-test-")
    try:
        example = os.path.join(rs.ROOT, "scenarios/b2b-saas")
        cases = [("example", os.path.join(example, "journey.yaml"), os.path.join(example, "fixes.yaml"), 200)]
        cases += variant_models(tmp)
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            jobs = [pool.submit(run_case, binary, browser, tmp, shots, *case) for case in cases]
            jobs.append(pool.submit(check_escaping, binary, browser, tmp, shots))
            results = [job.result() for job in jobs]
        # Determinism: the same run renders to the same bytes.
        again = render(binary, os.path.join(tmp, "run-example"), os.path.join(tmp, "again.html"))
        check(again == results[0][1], "example: rendering twice gave different bytes")
        # Printable: the print stylesheet starts every section on a new page.
        pages = rs.print_to_pdf(browser, os.path.join(tmp, "again.html"), os.path.join(tmp, "example.pdf"))
        check(pages >= len(SECTIONS), f"example: the PDF has {pages} pages, fewer than one per section")
        print("screenshots in", shots)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for failure in FAILURES:
        print("FAIL:", failure)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
