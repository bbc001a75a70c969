"""Leaks and levers (issue #15 §3): the biggest lever of the bundled journey is a leak
(adoption → churned, about −$21.4M PV per +1pp) that fixes target. `analyze` must rank it first
among the leaks, the report must show it, and the recommendation must never call a transition
that a fix targets "untargeted" (it said "Adoption → Expansion … no fix targets it yet" while two
fixes target it)."""
import html
import os
import re
import subprocess
import sys

from cli_check import finish
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODEL = "scenarios/b2b-saas/journey.yaml"
FIXES = "scenarios/b2b-saas/fixes.yaml"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def targeted_transitions():
    """(from, to) of every transition effect in the fixes file, read as text (no YAML library)."""
    with open(os.path.join(ROOT, FIXES), encoding="utf-8") as f:
        return {tuple(part.strip() for part in m.group(1).split("->"))
                for m in re.finditer(r"transition:\s*([a-z0-9_-]+\s*->\s*[a-z0-9_-]+)", f.read())}


def main():
    binary = sys.argv[1]
    out = subprocess.run([binary, "analyze", MODEL], capture_output=True, text=True, cwd=ROOT)
    check(out.returncode == 0, f"analyze failed: {out.stderr}")
    text = out.stdout
    levers = text[text.index("Levers (encourage these moves):"):text.index("Leaks (reduce these moves):")]
    leaks = text[text.index("Leaks (reduce these moves):"):]
    check("1. adoption → churned +1pp: -$21,429,186 PV" in leaks, f"the largest leak is not first:\n{leaks}")
    check("1. awareness → consideration +1pp: +$10,260,386 PV" in levers, f"the largest lever is not first:\n{levers}")
    check("-$" not in levers and "+$" not in leaks, "a list mixes signs")
    top2 = subprocess.run([binary, "analyze", MODEL, "--top", "2"], capture_output=True, text=True, cwd=ROOT).stdout
    check("adoption → churned" in top2 and "3. " not in top2, "--top 2 hides the biggest leak or shows more than 2")

    with tempfile.TemporaryDirectory() as tmp:
        run = os.path.join(tmp, "run")
        sim = subprocess.run([binary, "simulate", MODEL, "--fixes", FIXES, "--out", run, "--mode", "expected",
                              "--replicates", "50", "--seed", "1", "--quiet", "--report"],
                             capture_output=True, text=True, cwd=ROOT)
        check(sim.returncode == 0, f"simulate failed: {sim.stderr}")
        with open(os.path.join(run, "report.html"), encoding="utf-8") as f:
            page = html.unescape(f.read())
    check('id="leaks-chart"' in page and 'id="leverage-chart"' in page, "the report lacks the two leverage charts")
    leak_chart = page[page.index('id="leaks-chart"'):]
    check(leak_chart.find("Adoption → Churned") != -1, "the largest leak is missing from the leaks chart")
    names = {}
    for m in re.finditer(r"- id: ([a-z0-9_-]+)\n\s+name: ([^\n]+)", open(os.path.join(ROOT, MODEL), encoding="utf-8").read()):
        names[m.group(2).strip().strip('"')] = m.group(1)
    targeted = targeted_transitions()
    check(("adoption", "churned") in targeted and ("adoption", "expansion") in targeted, f"fixture changed: {targeted}")
    untargeted = re.findall(r"([^<>\n]+?) → ([^<>\n:]+?): one of the largest (?:levers|leaks)", page)
    for source, dest in untargeted:
        pair = (names.get(source.strip(), source.strip()), names.get(dest.strip(), dest.strip()))
        check(pair not in targeted, f"the recommendation calls {pair} untargeted, but a fix targets it")
    finish("leverage ranking", failures)


if __name__ == "__main__":
    main()
