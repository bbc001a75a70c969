"""Effects clamped in every replicate are said where users look (issue #15 §2): validate warns
when an effect is invalid at its own mean, and simulate's console ranking notes the clamps (they
were reported only in summary.json)."""
import os
import subprocess
import sys

from cli_check import finish
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODEL = "scenarios/b2b-saas/journey.yaml"
FIXES = "tests/data/fixes/clamped_at_mean.yaml"


def main():
    binary = sys.argv[1]
    failures = []
    v = subprocess.run([binary, "validate", MODEL, FIXES], capture_output=True, text=True, cwd=ROOT)
    # onboarding → adoption is 0.35 in the model; relative +5 at the mean gives 0.35 × 6 = 2.1.
    warning = ("journeysim: warning: fix 'huge': at its mean the effect on onboarding → adoption makes it 2.1 "
               "(from 0.35), outside [0, 1]: it is clamped in most replicates, so the simulated fix is smaller "
               "than written")
    if v.returncode != 0 or warning not in v.stderr:
        failures.append(f"validate: exit {v.returncode}, stderr {v.stderr!r}")
    clean = subprocess.run([binary, "validate", MODEL, "scenarios/b2b-saas/fixes.yaml"], capture_output=True,
                           text=True, cwd=ROOT)
    if "clamped" in clean.stderr:
        failures.append("the bundled fixes are flagged as clamped")
    with tempfile.TemporaryDirectory() as tmp:
        s = subprocess.run([binary, "simulate", MODEL, "--fixes", FIXES, "--out", os.path.join(tmp, "run"), "--mode",
                            "expected", "--replicates", "20"], capture_output=True, text=True, cwd=ROOT)
    # Two segments draw the effect in each of 20 replicates: 40 clamps.
    note = "note: huge: 40 drawn effects were clamped to keep probabilities valid (over 20 replicates)"
    if s.returncode != 0 or note not in s.stdout:
        failures.append(f"simulate: exit {s.returncode}, stdout {s.stdout[-600:]!r}")
    finish("clamp warnings", failures)


if __name__ == "__main__":
    main()
