#!/usr/bin/env python3
"""Outputs never destroy what they must not (issue #15 §1 items 3, 4, 6 and §2).

Item 3: `simulate --out DIR --force` replaces only an earlier run (DIR/.journeysim-run): never
`.`, `..`, the home directory, a directory holding an input, a directory without the marker, a
symbolic link. Item 4: no command writes over one of its inputs (same path, through a symbolic
link or `..`, or a hard link): calibrate, synth, report. Item 6: concurrent runs into one new
--out (and --force runs into one old --out): exactly one succeeds, the others exit 2 saying so.
§2: temporary directories of killed runs (NAME.tmp-PID-N with the marker, PID dead) are removed
by the next run into the same parent, nothing else is.
Every refusal: exit 2, one `journeysim: error:` line, empty stdout, inputs byte-identical.

Usage: output_safety_test.py JOURNEYSIM_BINARY (from the repository root)
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

BINARY = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "tests", "data", "fixes", "model.yaml")
TEMPLATE = os.path.join(ROOT, "scenarios", "b2b-saas", "journey.yaml")  # has inflow, for synth
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(args, cwd, env=None):
    return subprocess.run([BINARY, *args], cwd=cwd, capture_output=True, text=True, errors="replace", timeout=300,
                          env=env)


def snapshot(directory):
    """Every file under `directory` with its SHA-256 (what must survive a refusal)."""
    out = {}
    for base, dirs, files in os.walk(directory):
        for name in files:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, directory)] = hashlib.sha256(f.read()).hexdigest()
        for name in dirs:
            out[os.path.relpath(os.path.join(base, name), directory) + "/"] = "dir"
    return out


def refused(args, cwd, guarded, must_say, what, env=None):
    before = snapshot(guarded)
    result = run(args, cwd, env)
    check(result.returncode == 2, f"{what}: exit {result.returncode}, expected 2\n{result.stderr}")
    check(result.stderr.startswith("journeysim: error: ") and result.stderr.count("\n") == 1,
          f"{what}: not one error line: {result.stderr!r}")
    check(must_say in result.stderr, f"{what}: message lacks {must_say!r}: {result.stderr}")
    check(result.stdout == "", f"{what}: stdout not empty")
    check(snapshot(guarded) == before, f"{what}: files changed or disappeared")


SIMULATE = ["--quiet", "--mode", "expected", "--replicates", "5"]


def force_cases(work):
    inputs = os.path.join(work, "inputs")
    os.makedirs(os.path.join(inputs, "cwd"))
    shutil.copy(MODEL, os.path.join(inputs, "model.yaml"))
    with open(os.path.join(inputs, "notes.txt"), "w") as f:
        f.write("unrelated file\n")
    cwd = os.path.join(inputs, "cwd")
    with open(os.path.join(cwd, "keep.txt"), "w") as f:
        f.write("keep me\n")
    model = "../model.yaml"
    refused(["simulate", model, "--out", ".", "--force", *SIMULATE], cwd, work, "is the current directory", "--out .")
    refused(["simulate", model, "--out", "..", "--force", *SIMULATE], cwd, work, "holds the current directory", "--out ..")
    refused(["simulate", model, "--out", "../..", "--force", *SIMULATE], cwd, work, "holds the current directory",
            "--out ../..")
    home = os.path.join(work, "home")
    os.makedirs(home)
    with open(os.path.join(home, ".bashrc"), "w") as f:
        f.write("# mine\n")
    env = dict(os.environ, HOME=home)
    refused(["simulate", "model.yaml", "--out", home, "--force", *SIMULATE], inputs, work, "is the home directory",
            "--out $HOME", env)
    # A directory holding an input, seen from elsewhere and through a symbolic link.
    other = os.path.join(work, "other")
    os.makedirs(other)
    refused(["simulate", os.path.join(inputs, "model.yaml"), "--out", inputs, "--force", *SIMULATE], other, work,
            "holds the input", "--out holding the model")
    os.symlink(inputs, os.path.join(other, "link"))
    refused(["simulate", "link/model.yaml", "--out", "link/.", "--force", *SIMULATE], other, work,
            "holds the input", "--out holding the model through a link")
    # A directory that is not an earlier run.
    stuff = os.path.join(work, "stuff")
    os.makedirs(stuff)
    with open(os.path.join(stuff, "data.csv"), "w") as f:
        f.write("precious\n")
    refused(["simulate", MODEL, "--out", stuff, "--force", *SIMULATE], work, work, ".journeysim-run", "--force over "
            "a directory without the marker")
    # An earlier run is replaced with --force (and not without).
    result = run(["simulate", MODEL, "--out", "run", *SIMULATE], work)
    check(result.returncode == 0 and os.path.isfile(os.path.join(work, "run", ".journeysim-run")),
          f"simulate wrote no marker: {result.stderr}")
    refused(["simulate", MODEL, "--out", "run", *SIMULATE], work, work, "pass --force", "no --force")
    result = run(["simulate", MODEL, "--out", "run", "--force", *SIMULATE, "--seed", "9"], work)
    check(result.returncode == 0, f"--force over an earlier run: exit {result.returncode}: {result.stderr}")
    # A file a user put into a run directory is never deleted: --force refuses, naming it (simulate,
    # and decide's and the report's files count as the run's own).
    result = run(["report", "run"], work)
    check(result.returncode == 0 and os.path.isfile(os.path.join(work, "run", "report.html")),
          f"report into the run: exit {result.returncode}: {result.stderr}")
    result = run(["simulate", MODEL, "--out", "run", "--force", *SIMULATE], work)
    check(result.returncode == 0, f"--force over a run and its report: exit {result.returncode}: {result.stderr}")
    with open(os.path.join(work, "run", "notes.txt"), "w") as f:
        f.write("my notes\n")
    refused(["simulate", MODEL, "--out", "run", "--force", *SIMULATE], work, work, "holds 'notes.txt'",
            "--force over a run holding a user's file")
    os.remove(os.path.join(work, "run", "notes.txt"))
    os.makedirs(os.path.join(work, "run", "charts"))
    refused(["simulate", MODEL, "--out", "run", "--force", *SIMULATE], work, work, "holds 'charts'",
            "--force over a run holding a user's directory")
    os.rmdir(os.path.join(work, "run", "charts"))
    os.symlink("run", os.path.join(work, "run-link"))
    refused(["simulate", MODEL, "--out", "run-link", "--force", *SIMULATE], work, work, "is a symbolic link",
            "--out a symbolic link to a run")


def overwrite_cases(work):
    shutil.copy(TEMPLATE, os.path.join(work, "template.yaml"))
    result = run(["synth", "template.yaml", "--customers", "200", "--periods", "6", "--seed", "1", "--out", "events.csv"],
                 work)
    assert result.returncode == 0, result.stderr
    os.symlink("events.csv", os.path.join(work, "events-link.csv"))
    os.link(os.path.join(work, "template.yaml"), os.path.join(work, "template-hardlink.yaml"))
    os.makedirs(os.path.join(work, "sub"))
    calibrate = ["calibrate", "--events", "events.csv", "--model", "template.yaml", "--out"]
    for out in ("events.csv", "template.yaml", "events-link.csv", "template-hardlink.yaml", "sub/../events.csv",
                os.path.join(work, "template.yaml")):
        refused(calibrate + [out], work, work, "writing it would destroy the input", f"calibrate --out {out}")
    for out in ("template.yaml", "./sub/../template.yaml", "template-hardlink.yaml"):
        refused(["synth", "template.yaml", "--customers", "10", "--periods", "2", "--seed", "1", "--out", out], work, work,
                "writing it would destroy the input", f"synth --out {out}")
    shutil.copy(TEMPLATE, os.path.join(work, "template.yaml"))  # in case a case above destroyed it
    result = run(["simulate", "template.yaml", "--out", "run", *SIMULATE], work)
    check(result.returncode == 0, f"simulate for the report cases: {result.stderr}")
    for name in ("summary.json", "trajectories.csv", "revenue.csv", "replicates.csv", "model.yaml", ".journeysim-run"):
        refused(["report", "run", "--out", f"run/{name}"], work, work, "writing it would destroy the input",
                f"report --out run/{name}")
    os.symlink("run", os.path.join(work, "run-alias"))
    refused(["report", "run", "--out", "run-alias/summary.json"], work, work, "writing it would destroy the input",
            "report --out through a link to the run")


def concurrent_cases(work):
    def race(extra, what):
        processes = [subprocess.Popen([BINARY, "simulate", MODEL, "--out", "shared", "--quiet", "--mode", "cohort",
                                       "--replicates", "20000", "--seed", str(seed), "--threads", "1", *extra],
                                      cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for seed in range(1, 5)]
        results = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
        codes = sorted(code for code, _ in results)
        check(codes == [0, 2, 2, 2], f"{what}: exit codes {codes}, expected one 0 and three 2\n{results}")
        for code, err in results:
            if code == 2:
                check("by another process while this run was writing" in err or "is not empty" in err,
                      f"{what}: unclear message: {err}")
        left = sorted(n for n in os.listdir(work) if n != "shared")
        check(not left, f"{what}: left {left} beside the output")
        check(os.path.isfile(os.path.join(work, "shared", "replicates.csv")), f"{what}: no complete run in place")
    race([], "4 runs into one new --out")
    race(["--force"], "4 --force runs into one existing --out")


def stale_cases(work):
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = [f"run.tmp-{dead.pid}-0", f"run.old.tmp-{dead.pid}-3"]
    kept = [f"run.tmp-{dead.pid}-1", f"other.tmp-{os.getpid()}-0", "notes.tmp-x-0", "data.tmp-12"]
    for name in stale + kept:
        os.makedirs(os.path.join(work, name))
        with open(os.path.join(work, name, "replicates.csv"), "w") as f:
            f.write("half\n")
    for name in stale + [f"other.tmp-{os.getpid()}-0", "notes.tmp-x-0", "data.tmp-12"]:
        with open(os.path.join(work, name, ".journeysim-run"), "w") as f:
            f.write("marker\n")
    result = run(["simulate", MODEL, "--out", "run", *SIMULATE], work)
    check(result.returncode == 0, f"simulate beside stale temporaries: {result.stderr}")
    names = set(os.listdir(work))
    for name in stale:
        check(name not in names, f"stale temporary {name} of a dead process was not removed")
    for name in kept:
        check(name in names, f"{name} was removed (no marker, a live process, or not the temporary pattern)")


def main():
    for cases in (force_cases, overwrite_cases, concurrent_cases, stale_cases):
        work = tempfile.mkdtemp(prefix="journeysim-output-safety-")
        try:
            cases(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
