#!/usr/bin/env python3
"""Golden files: every scenario's end-to-end outputs, byte for byte (issue #10 item 7).

For each scenarios/<name>/ with a journey.yaml (fixes.yaml optional) the scenario directory is
copied to a temporary directory and, from there with relative paths, these run:

  journeysim analyze journey.yaml --json                        -> analyze.json
  journeysim simulate journey.yaml [--fixes fixes.yaml] --out sim-M --mode M
      --replicates R --seed 7 --quiet   for M, R = expected 200, cohort 200, individual 30
                                                                -> M/summary.json (normalized),
                                                                   M/trajectories.head.csv,
                                                                   M/replicates.head.csv
  journeysim synth journey.yaml --customers 3000 --periods 12 --seed 3 --segment-column
      --out events.csv
  journeysim calibrate --events events.csv --model journey.yaml --out calibrated.yaml
                                                                -> calibrated.yaml
  and sha256sums.txt: the SHA-256 of the whole trajectories.csv, revenue.csv and replicates.csv of each mode
  (of which only the first 40 lines are stored) and of events.csv (not stored), so a difference
  past line 40 is caught too.

The outputs are compared with tests/golden/<name>/ byte for byte; a mismatch prints the file
and the first lines of a unified diff. JOURNEYSIM_UPDATE_GOLDEN=1 (or --update) rewrites the
golden files instead; it first generates everything twice, the second time with --threads 1,
and refuses to write if the two differ. See tests/golden/README.md.

Usage: golden_test.py JOURNEYSIM_BINARY [--update]   (exit 0 pass, 1 fail)
"""
import difflib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = os.path.join(ROOT, "scenarios")
GOLDEN = os.path.join(ROOT, "tests", "golden")
MODES = (("expected", 200), ("cohort", 200), ("individual", 30))
SEED = "7"
HEAD_LINES = 40          # lines kept of trajectories.csv, revenue.csv and replicates.csv, header included
DIFF_LINES = 40          # lines of unified diff printed per mismatching file
PLACEHOLDER = "<normalized>"
# summary.json fields replaced by PLACEHOLDER, because they differ from run to run or machine
# to machine without the simulation changing:
#   model_abs, fixes_abs: absolute paths of the inputs (here, inside a fresh temporary directory);
#   journeysim_version:   the version string, which changes with every release, not with results;
#   boost_version:        the Boost the binary was built against (a property of the machine).
# Nothing else in summary.json depends on time, paths, threads or the machine: it has no
# timestamp, elapsed time or thread count. `model` and `fixes` are kept: they are the paths as
# given on the command line, always journey.yaml and fixes.yaml here. In calibrated.yaml nothing
# is normalized: `source` is the --events path as given (always events.csv here) and `as_of` is
# the latest timestamp in the synthetic log, not the clock.
SUMMARY_NORMALIZED = ("journeysim_version", "boost_version", "model_abs", "fixes_abs")


def run(binary, args, cwd):
    result = subprocess.run([binary, *args], cwd=cwd, capture_output=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"journeysim {' '.join(args)}: exit {result.returncode}\n"
                           f"{result.stderr.decode(errors='replace')}")
    return result.stdout


def read(path):
    with open(path, "rb") as f:
        return f.read()


def head(data, lines=HEAD_LINES):
    return b"".join(data.splitlines(keepends=True)[:lines])


def normalize_summary(data, work):
    """The raw bytes of summary.json with SUMMARY_NORMALIZED values replaced (text substitution,
    not a JSON round trip, so the binary's own formatting of every number is what is compared)."""
    text = data.decode("utf-8")
    for key in SUMMARY_NORMALIZED:
        pattern = re.compile(r'^(\s*"%s": )("(?:[^"\\]|\\.)*"|null)(,?)$' % re.escape(key), re.M)
        matches = pattern.findall(text)
        if len(matches) != 1:
            raise RuntimeError(f"summary.json: expected one top-level line for {key!r}, found {len(matches)}")
        # fixes_abs is null without a fixes file; a null is stable and kept.
        text = pattern.sub(lambda m: m.group(1) + (m.group(2) if m.group(2) == "null"
                                                   else f'"{PLACEHOLDER}"') + m.group(3), text)
    if work in text or os.path.realpath(work) in text:
        raise RuntimeError("summary.json still holds the temporary directory's path after normalization")
    return text.encode("utf-8")


def generate(binary, scenario_dir, threads=None):
    """{relative golden path: bytes} for one scenario; threads=None leaves --threads unset."""
    extra = [] if threads is None else ["--threads", str(threads)]
    files = {}
    sums = []
    with tempfile.TemporaryDirectory(prefix="journeysim-golden-") as tmp:
        work = os.path.join(tmp, "scenario")
        shutil.copytree(scenario_dir, work)
        has_fixes = os.path.exists(os.path.join(work, "fixes.yaml"))

        files["analyze.json"] = run(binary, ["analyze", "journey.yaml", "--json"], work)

        for mode, replicates in MODES:
            out = f"sim-{mode}"
            run(binary, ["simulate", "journey.yaml", *(["--fixes", "fixes.yaml"] if has_fixes else []),
                         "--out", out, "--mode", mode, "--replicates", str(replicates), "--seed", SEED,
                         "--quiet", *extra], work)
            files[f"{mode}/summary.json"] = normalize_summary(read(os.path.join(work, out, "summary.json")), work)
            for name in ("trajectories", "revenue", "replicates"):
                data = read(os.path.join(work, out, f"{name}.csv"))
                files[f"{mode}/{name}.head.csv"] = head(data)
                sums.append((hashlib.sha256(data).hexdigest(), f"{mode}/{name}.csv"))

        run(binary, ["synth", "journey.yaml", "--customers", "3000", "--periods", "12", "--seed", "3",
                     "--segment-column", "--out", "events.csv", *extra], work)
        sums.append((hashlib.sha256(read(os.path.join(work, "events.csv"))).hexdigest(), "events.csv"))
        run(binary, ["calibrate", "--events", "events.csv", "--model", "journey.yaml",
                     "--out", "calibrated.yaml", *extra], work)
        files["calibrated.yaml"] = read(os.path.join(work, "calibrated.yaml"))
    files["sha256sums.txt"] = "".join(f"{digest}  {name}\n" for digest, name in sums).encode()
    return files


def stored(directory):
    """{relative path: bytes} of the files under one golden scenario directory."""
    files = {}
    for base, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(base, name)
            files[os.path.relpath(path, directory).replace(os.sep, "/")] = read(path)
    return files


def diff(name, want, got, labels=("golden", "now")):
    lines = list(difflib.unified_diff(want.decode("utf-8", "replace").splitlines(keepends=True),
                                      got.decode("utf-8", "replace").splitlines(keepends=True),
                                      f"{labels[0]}/{name}", f"{labels[1]}/{name}"))
    text = "".join(lines[:DIFF_LINES])
    if len(lines) > DIFF_LINES:
        text += f"... ({len(lines) - DIFF_LINES} more diff lines)\n"
    if not text:  # same text once decoded, e.g. a line ending or invalid UTF-8
        text = f"(bytes differ: {len(want)} stored, {len(got)} now)\n"
    return text if text.endswith("\n") else text + "\n"


def compare(name, want, got, labels=("golden", "now")):
    """Messages for every difference between two {path: bytes} sets of one scenario."""
    problems = []
    for path in sorted(set(want) | set(got)):
        if path not in got:
            problems.append(f"{name}/{path}: stored but no longer generated\n")
        elif path not in want:
            problems.append(f"{name}/{path}: generated but not stored\n")
        elif want[path] != got[path]:
            hint = ("(these are digests of whole files stored only in part or not at all; where the stored "
                    "head matches, the difference is past line %d: regenerate the file with the commands in "
                    "tests/golden/README.md before and after the change and diff the two)\n" % HEAD_LINES) \
                if path == "sha256sums.txt" else ""
            problems.append(f"{name}/{path} differs:\n{diff(f'{name}/{path}', want[path], got[path], labels)}{hint}")
    return problems


def write(directory, files):
    if os.path.isdir(directory):
        shutil.rmtree(directory)
    for path, data in files.items():
        target = os.path.join(directory, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)


def main():
    args = sys.argv[1:]
    update = os.environ.get("JOURNEYSIM_UPDATE_GOLDEN", "") not in ("", "0") or "--update" in args
    args = [a for a in args if a != "--update"]
    if len(args) != 1:
        sys.exit("usage: golden_test.py JOURNEYSIM_BINARY [--update]")
    binary = os.path.abspath(args[0])
    names = sorted(n for n in os.listdir(SCENARIOS) if os.path.isfile(os.path.join(SCENARIOS, n, "journey.yaml")))
    if not names:
        sys.exit("no scenarios/*/journey.yaml found")
    stale = sorted(n for n in (os.listdir(GOLDEN) if os.path.isdir(GOLDEN) else [])
                   if os.path.isdir(os.path.join(GOLDEN, n)) and n not in names)
    problems = []
    for name in names:
        try:
            got = generate(binary, os.path.join(SCENARIOS, name))
            again = generate(binary, os.path.join(SCENARIOS, name), threads=1) if update else None
        except (RuntimeError, subprocess.TimeoutExpired, OSError) as error:
            problems.append(f"{name}: {error}\n")
            continue
        if update:
            nondeterministic = compare(name, got, again, ("default-threads", "threads-1"))
            if nondeterministic:
                problems += nondeterministic
                continue
            write(os.path.join(GOLDEN, name), got)
            print(f"updated tests/golden/{name}/ ({len(got)} files, {sum(map(len, got.values())):,} bytes)")
        elif not os.path.isdir(os.path.join(GOLDEN, name)):
            problems.append(f"{name}: no tests/golden/{name}/; create it with JOURNEYSIM_UPDATE_GOLDEN=1\n")
        else:
            problems += compare(name, stored(os.path.join(GOLDEN, name)), got)
    for name in stale:
        if update:
            shutil.rmtree(os.path.join(GOLDEN, name))
            print(f"removed tests/golden/{name}/ (no scenarios/{name}/journey.yaml)")
        else:
            problems.append(f"tests/golden/{name}/ has no scenarios/{name}/journey.yaml\n")
    if problems:
        sys.stdout.write("".join(problems))
        if update:
            print("golden files of the scenarios above NOT updated (a command failed, or outputs depend on --threads)")
        else:
            print(f"{len(problems)} golden problem(s). If an output change is intended, regenerate with "
                  f"JOURNEYSIM_UPDATE_GOLDEN=1 and justify it in the commit message (tests/golden/README.md).")
        return 1
    if not update:
        print(f"golden files match for {len(names)} scenario(s): {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
