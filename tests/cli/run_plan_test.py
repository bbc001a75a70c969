"""Long runs say what they will cost before they start (issue #15 §2): an individual-mode run of
the bundled journey with 1,000 replicates (minutes) prints the output size and the bound on
customer-periods on its first line, before any work; the test stops it right after."""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        process = subprocess.Popen([binary, "simulate", "scenarios/b2b-saas/journey.yaml", "--fixes",
                                    "scenarios/b2b-saas/fixes.yaml", "--out", os.path.join(tmp, "run"), "--mode",
                                    "individual", "--replicates", "1000"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        first = process.stderr.readline()
        process.terminate()
        process.communicate(timeout=60)
    # 13 scenarios × 3 views × 36 periods × 10 rows × 100 B = 1.4 MB; 1000 × 13 × 3 × 210 B = 8.2 MB.
    expected = ("journeysim: note: this run will write about 9.6 MB (trajectories.csv 1.4 MB, replicates.csv 8.2 MB) "
                "and step up to ")
    ok = first.startswith(expected) and "customer-periods (about" in first
    if not ok:
        print("FAIL: first line:", repr(first))
    print(f"run plan: {1 if ok else 0} passed, {0 if ok else 1} failed")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
