#!/usr/bin/env python3
"""A run directory is input like any other (issue #15 §1 items 1 and 2).

Item 1, self-contained runs: `simulate` copies its model and fixes into DIR and records their
SHA-256; `report` reads only those copies and never a path summary.json names. Checked: a
crafted summary.json naming a secret file as model or fixes leaks none of it (HTML, stdout,
stderr); report works after the model is edited or moved; an edited copy or a copy replaced by
a symbolic link is refused (exit 2, naming the file).
Item 2, summary.json and the CSVs are validated: horizon -1, 2^31, 1e9, a horizon or replicate
count that disagrees with the CSVs, duplicate scenario ids all exit 2 with FILE:LINE:COL (or
FILE) and no page written.

Usage: run_directory_test.py JOURNEYSIM_BINARY (from the repository root)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BINARY = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRET = "SECRET-7f3a-do-not-leak"
failures = []


def run(args, cwd):
    return subprocess.run([BINARY, *args], cwd=cwd, capture_output=True, text=True, errors="replace", timeout=120)


def check(condition, message):
    if not condition:
        failures.append(message)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def fresh_run(work, name):
    """A small run of scenarios/b2b-saas in work/name, made from work/ with relative paths."""
    result = run(["simulate", "journey.yaml", "--fixes", "fixes.yaml", "--out", name, "--replicates", "20",
                  "--mode", "expected", "--quiet"], work)
    assert result.returncode == 0, result.stderr
    return os.path.join(work, name)


def expect_refused(work, run_dir, pattern, what):
    """report exits 2 with one error line matching `pattern` and writes no page."""
    page = os.path.join(run_dir, "report.html")
    if os.path.exists(page):
        os.remove(page)
    result = run(["report", os.path.relpath(run_dir, work)], work)
    check(result.returncode == 2, f"{what}: exit {result.returncode}, expected 2\n{result.stderr}")
    check(re.search(pattern, result.stderr) is not None, f"{what}: stderr does not match {pattern!r}:\n{result.stderr}")
    check(result.stdout == "", f"{what}: stdout not empty: {result.stdout}")
    check(not os.path.exists(page), f"{what}: report.html written despite the error")
    check(SECRET not in result.stderr, f"{what}: the secret reached stderr")


def edit_summary(run_dir, change):
    path = os.path.join(run_dir, "summary.json")
    summary = json.loads(read(path))
    change(summary)
    write(path, json.dumps(summary, indent=2) + "\n")


def main():
    work = tempfile.mkdtemp(prefix="journeysim-run-dir-")
    try:
        for name in ("journey.yaml", "fixes.yaml"):
            shutil.copy(os.path.join(ROOT, "scenarios", "b2b-saas", name), work)
        secret = os.path.join(work, "secret.txt")
        write(secret, f"{SECRET}: private\n  {SECRET}\n")

        # The run holds its inputs and their hashes.
        base = fresh_run(work, "run")
        summary = json.loads(read(os.path.join(base, "summary.json")))
        for name, key in (("model.yaml", "model_sha256"), ("fixes.yaml", "fixes_sha256")):
            copy = os.path.join(base, name)
            check(os.path.isfile(copy), f"{name} not copied into the run directory")
            original = os.path.join(work, "journey.yaml" if name == "model.yaml" else name)
            check(os.path.isfile(copy) and read(copy) == read(original), f"{name} is not a byte copy of the input")
            check(re.fullmatch(r"[0-9a-f]{64}", str(summary.get(key))) is not None, f"summary.json has no {key}")
        check(summary.get("model") == "journey.yaml" and summary.get("fixes") == "fixes.yaml",
              "summary.json lost the model and fixes paths as given")

        # Item 1: a crafted summary naming a secret file as model and fixes.
        crafted = fresh_run(work, "crafted")
        edit_summary(crafted, lambda s: s.update(model=secret, model_abs=secret, fixes=secret, fixes_abs=secret))
        result = run(["report", "crafted"], work)
        page = os.path.join(crafted, "report.html")
        leaked = SECRET in result.stderr or SECRET in result.stdout or (os.path.exists(page) and SECRET in read(page))
        check(not leaked, f"crafted summary.json: the secret file's content leaked (exit {result.returncode})")
        # The same with the model alone: its text used to be printed under the error's caret.
        crafted_model = fresh_run(work, "crafted-model")
        edit_summary(crafted_model, lambda s: s.update(model=secret, model_abs=secret))
        result = run(["report", "crafted-model"], work)
        check(SECRET not in result.stderr and SECRET not in result.stdout,
              f"a model path naming a file printed its characters:\n{result.stderr}")

        # The model edited after the run: the page shows the run's model, not the edited one.
        edited = fresh_run(work, "edited")
        original_model = read(os.path.join(work, "journey.yaml"))
        name = re.search(r"^  name: (.*)$", original_model, re.M).group(1)
        write(os.path.join(work, "journey.yaml"), original_model.replace(f"  name: {name}", "  name: Edited afterwards", 1))
        result = run(["report", "edited"], work)
        check(result.returncode == 0, f"report after editing the model: exit {result.returncode}\n{result.stderr}")
        if result.returncode == 0:
            html = read(os.path.join(edited, "report.html"))
            check("Edited afterwards" not in html, "report re-read the model edited after the run")
        # The model moved away: report still works.
        os.rename(os.path.join(work, "journey.yaml"), os.path.join(work, "moved.yaml"))
        os.rename(os.path.join(work, "fixes.yaml"), os.path.join(work, "moved-fixes.yaml"))
        result = run(["report", "edited"], work)
        check(result.returncode == 0, f"report after moving the model: exit {result.returncode}\n{result.stderr}")
        os.rename(os.path.join(work, "moved-fixes.yaml"), os.path.join(work, "fixes.yaml"))
        write(os.path.join(work, "journey.yaml"), original_model)
        os.remove(os.path.join(work, "moved.yaml"))

        # The copies are checked: edited, replaced by a link to another file, or missing.
        tampered = fresh_run(work, "tampered")
        with open(os.path.join(tampered, "model.yaml"), "a") as f:  # created if simulate made no copy
            f.write("# changed\n")
        expect_refused(work, tampered, r"^journeysim: tampered/model\.yaml: error: this copy of the model is not the one "
                                       r"the run used: its SHA-256 is [0-9a-f]{64}, tampered/summary\.json records", "edited copy")
        linked = fresh_run(work, "linked")
        if os.path.lexists(os.path.join(linked, "fixes.yaml")):
            os.remove(os.path.join(linked, "fixes.yaml"))
        os.symlink(secret, os.path.join(linked, "fixes.yaml"))
        expect_refused(work, linked, r"^journeysim: linked/fixes\.yaml: error: is a symbolic link", "linked copy")
        missing = fresh_run(work, "missing")
        if os.path.exists(os.path.join(missing, "model.yaml")):
            os.remove(os.path.join(missing, "model.yaml"))
        expect_refused(work, missing, r"^journeysim: missing/model\.yaml: error: no such file", "missing copy")

        # Item 2: fields of summary.json are validated, at their line and column.
        for value, shown in ((-1, "-1"), (2147483648, "2147483648"), (1e9, "1000000000.0"), (0, "0")):
            bad = fresh_run(work, "horizon")
            edit_summary(bad, lambda s: s.update(horizon=value))
            expect_refused(work, bad, r"^journeysim: horizon/summary\.json:\d+:\d+: error: horizon must be a whole number "
                                      r"from 1 to 100000, got " + re.escape(shown), f"horizon {value}")
            shutil.rmtree(bad)
        inconsistent = fresh_run(work, "inconsistent")
        edit_summary(inconsistent, lambda s: s.update(horizon=5))
        expect_refused(work, inconsistent, r"^journeysim: inconsistent/trajectories\.csv:\d+:\d+: error: period must be a "
                                           r"whole number from 0 to 4 \(summary\.json's horizon is 5\)", "horizon below the CSV's")
        shutil.rmtree(inconsistent)
        inconsistent = fresh_run(work, "inconsistent")
        edit_summary(inconsistent, lambda s: s.update(horizon=summary["horizon"] + 1))
        expect_refused(work, inconsistent, r"^journeysim: inconsistent/trajectories\.csv: error: the series .* has "
                                           r"\d+ periods; summary\.json's horizon is", "horizon above the CSV's")
        shutil.rmtree(inconsistent)
        inconsistent = fresh_run(work, "inconsistent")
        edit_summary(inconsistent, lambda s: s.update(replicates=10))
        expect_refused(work, inconsistent, r"^journeysim: inconsistent/replicates\.csv:\d+:\d+: error: replicate must be "
                                           r"a whole number from 0 to 9", "replicates below the CSV's")
        shutil.rmtree(inconsistent)
        inconsistent = fresh_run(work, "inconsistent")
        edit_summary(inconsistent, lambda s: s.update(replicates=30))
        expect_refused(work, inconsistent, r"^journeysim: inconsistent/replicates\.csv: error: scenario '.*', segment "
                                           r"'.*' has 20 rows; summary\.json's replicates is 30", "replicates above the CSV's")
        shutil.rmtree(inconsistent)
        duplicate = fresh_run(work, "duplicate")
        edit_summary(duplicate, lambda s: s["scenarios"].append(dict(s["scenarios"][1])))
        expect_refused(work, duplicate, r"^journeysim: duplicate/summary\.json:\d+:\d+: error: scenario id \".*\" appears twice",
                       "duplicate scenario")
        old = fresh_run(work, "old")
        edit_summary(old, lambda s: s.pop("model_sha256", None))
        expect_refused(work, old, r"^journeysim: old/summary\.json:1:1: error: summary\.json has no \"model_sha256\"",
                       "summary without hashes")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
