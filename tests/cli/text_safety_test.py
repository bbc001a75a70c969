#!/usr/bin/env python3
"""Text from input cannot take over a spreadsheet or a terminal (issue #15 §1 items 7 and 8).

Item 7, CSV formula injection: fix and segment ids starting with = + - @ (e.g.
`=HYPERLINK(...)`, `@SUM(...)`, `-3.5`) reach replicates.csv and trajectories.csv only as
text a spreadsheet does not run: a leading single quote, quoted (OWASP). Number columns are
unchanged (negative NPVs still read as numbers), summary.json keeps the ids as given, and
`report` reads the CSVs back (one quote removed) and works.
Item 8, terminal control characters: a journey name, segment id, fix name and file path holding
ESC sequences, DEL, U+0085 and U+202E RIGHT-TO-LEFT OVERRIDE print as visible escapes (`\\x1b`,
`\\u202e`) on stdout and stderr of validate and simulate, never raw.

Usage: text_safety_test.py JOURNEYSIM_BINARY (from the repository root)
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

BINARY = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = os.path.join(ROOT, "scenarios", "b2b-saas")
failures = []

EVIL_IDS = {  # fix id in fixes.yaml -> hostile id
    "guided-onboarding": '=HYPERLINK("http://evil.example","x")',
    "churn-save-playbook": "@SUM(1+1)*cmd|' /C calc'!A0",
    "transparent-pricing": "-3.5",
}
EVIL_SEGMENT = "+cmd|x"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def check(condition, message):
    if not condition:
        failures.append(message)


def run(args, cwd):
    return subprocess.run([BINARY, *args], cwd=cwd, capture_output=True, timeout=300)


def yaml_string(text):
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def csv_injection(work):
    model = open(os.path.join(SCENARIO, "journey.yaml"), encoding="utf-8").read()
    model = model.replace("  - id: smb\n", f"  - id: {yaml_string(EVIL_SEGMENT)}\n", 1)
    fixes = open(os.path.join(SCENARIO, "fixes.yaml"), encoding="utf-8").read()
    for old, new in EVIL_IDS.items():
        fixes = fixes.replace(f"id: {old}\n", f"id: {yaml_string(new)}\n").replace(old, yaml_string(new))
    with open(os.path.join(work, "journey.yaml"), "w", encoding="utf-8") as f:
        f.write(model)
    with open(os.path.join(work, "fixes.yaml"), "w", encoding="utf-8") as f:
        f.write(fixes)
    result = run(["simulate", "journey.yaml", "--fixes", "fixes.yaml", "--out", "run", "--replicates", "20", "--mode",
                  "expected", "--quiet"], work)
    if result.returncode != 0:
        failures.append(f"simulate with hostile ids: exit {result.returncode}: {result.stderr.decode(errors='replace')}")
        return
    hostile = set(EVIL_IDS.values()) | {EVIL_SEGMENT}
    for name, text_columns in (("replicates.csv", (1, 2)), ("trajectories.csv", (0, 1, 3)), ("revenue.csv", (0, 1))):
        with open(os.path.join(work, "run", name), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header, data = rows[0], rows[1:]
        seen = set()
        negative_numbers = 0
        for row in data:
            for i, field in enumerate(row):
                if i in text_columns:
                    check(not field.startswith(TRIGGERS), f"{name}: text field {field!r} can run as a formula")
                    if field.startswith("'") and field[1:] in hostile:
                        seen.add(field[1:])
                elif field:
                    try:
                        float(field)
                    except ValueError:
                        failures.append(f"{name}: number column {header[i]} holds {field!r}")
                    negative_numbers += field.startswith("-")
        expected = hostile if name == "replicates.csv" else hostile
        check(seen == expected, f"{name}: neutralised ids {sorted(seen)}, expected {sorted(expected)}")
        if len(failures) > 20:
            return
        if name == "replicates.csv":
            check(negative_numbers > 0, "replicates.csv: no negative number left as a number")
    with open(os.path.join(work, "run", "replicates.csv"), encoding="utf-8") as f:
        raw = f.read()
    check('"\'=HYPERLINK(""http://evil.example"",""x"")"' in raw, "the =HYPERLINK id is not quote-prefixed and quoted")
    summary = json.load(open(os.path.join(work, "run", "summary.json"), encoding="utf-8"))
    ids = {s["id"] for s in summary["scenarios"]}
    check(set(EVIL_IDS.values()) <= ids, "summary.json does not keep the fix ids as given")
    check(EVIL_SEGMENT in summary["segments"], "summary.json does not keep the segment id as given")
    result = run(["report", "run"], work)
    check(result.returncode == 0, f"report of a run with hostile ids: {result.stderr.decode(errors='replace')}")


def raw_controls(data):
    """Raw control characters in bytes a terminal would act on (newline and tab aside)."""
    found = [f"0x{b:02x}" for b in data if (b < 0x20 and b not in (0x0A, 0x09)) or b == 0x7F]
    text = data.decode("utf-8", errors="replace")
    found += [f"U+{ord(c):04X}" for c in text
              if 0x80 <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069]
    return found


def terminal_controls(work):
    model = open(os.path.join(ROOT, "tests", "data", "fixes", "model.yaml"), encoding="utf-8").read()
    evil_name = "Evil \x1b[2J\x1b]0;pwned\x07 \u202edesrever \u0085 \x7f end"
    model = model.replace("name: fixes test model", "name: " + yaml_string(evil_name), 1)
    path = os.path.join(work, "evil.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(model)
    fixes = ("model: evil.yaml\nfixes:\n"
             f"  - id: faster\n    name: {yaml_string('Faster ' + chr(0x1b) + '[31m setup ' + chr(0x2067) + 'x')}\n"
             "    owner: " + yaml_string("Ops\u202e") + "\n"
             "    cost: {upfront: 100}\n"
             "    effects:\n      - {transition: onboarding -> adoption, relative: 0.1}\n")
    with open(os.path.join(work, "fixes.yaml"), "w", encoding="utf-8") as f:
        f.write(fixes)
    cases = [  # what, command, escapes that must be visible
        ("validate", ["validate", "evil.yaml", "fixes.yaml"], ("\\x1b", "\\u202e", "\\u007f")),
        ("simulate", ["simulate", "evil.yaml", "--fixes", "fixes.yaml", "--out", "run", "--replicates", "5",
                      "--mode", "expected"], ("\\u202e",)),  # the ranking shows ids and owners
        ("error path", ["validate", "missing-\x1b[2J-\u202e.yaml"], ("\\x1b", "\\u202e")),
    ]
    for what, args, escapes in cases:
        result = run(args, work)
        for stream, data in (("stdout", result.stdout), ("stderr", result.stderr)):
            found = raw_controls(data)
            check(not found, f"{what}: raw control characters on {stream}: {found}")
        shown = (result.stdout + result.stderr).decode("utf-8", errors="replace")
        check(all(e in shown for e in escapes), f"{what}: not every one of {escapes} shown:\n{shown[:400]}")


def main():
    for case in (csv_injection, terminal_controls):
        work = tempfile.mkdtemp(prefix="journeysim-text-safety-")
        try:
            case(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
