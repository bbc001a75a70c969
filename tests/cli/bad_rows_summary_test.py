"""Bad rows summarised by reason (issue #15 §4): a log with 667 rows of one mistake and 2 of
another prints three rows of each kind, one line saying the rest are counted, and a summary with
the count of each reason and its first line — not one line per row (33,928 lines were printed)."""
import os
import subprocess
import sys

from cli_check import finish
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "events.csv")
        lines = ["customer_id,timestamp,stage"]
        for i in range(2000):
            lines.append(f"c{i},2024-01-{1 + i % 28:02d},awareness")
            lines.append(f"c{i},2024-03-{1 + i % 28:02d},{'considerationn' if i % 3 == 0 else 'consideration'}")
        lines += ["x1,2024-13-01,awareness", "x2,2024-02-30,awareness"]
        with open(log, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        result = subprocess.run([binary, "calibrate", "--events", log, "--model", "scenarios/b2b-saas/journey.yaml",
                                 "--out", os.path.join(tmp, "c.yaml"), "--max-bad-rows", "1000"],
                                capture_output=True, text=True, cwd=ROOT)
    failures = []
    if result.returncode != 0:
        failures.append(f"exit {result.returncode}: {result.stderr}")
    skipped = [line for line in result.stderr.splitlines() if "skipped bad row" in line]
    if len(skipped) != 5:  # 3 unknown stage (of 667) + 2 invalid timestamp
        failures.append(f"{len(skipped)} rows printed, expected 5")
    if result.stderr.count("are counted, not printed") != 1:
        failures.append("no (or more than one) 'counted, not printed' line")
    summary = "bad rows:    669 skipped: 2 invalid timestamp (first at line 4002); 667 unknown stage (first at line 3)"
    if summary not in result.stdout:
        failures.append(f"summary missing:\n{result.stdout}")
    finish("bad rows summary", failures)


if __name__ == "__main__":
    main()
