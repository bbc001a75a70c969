"""A CRM export loads with its own column names (issue #15 §4): `calibrate --columns` on a log
whose header says account_id, event_time, lifecycle_stage, plan, mrr — in another column order,
with an extra column — gives the same calibrated model, byte for byte, as the canonical log."""
import csv
import os
import subprocess
import sys

from cli_check import finish
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODEL = os.path.join(ROOT, "scenarios", "b2b-saas", "journey.yaml")


def run(*args):
    result = subprocess.run(list(args), capture_output=True, text=True, cwd=ROOT)
    return result.returncode, result.stdout, result.stderr


def main():
    binary = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        canonical = os.path.join(tmp, "events.csv")
        code, _, err = run(binary, "synth", MODEL, "--customers", "2000", "--periods", "12", "--seed", "5",
                           "--segment-column", "--out", canonical)
        assert code == 0, err
        with open(canonical, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        export = os.path.join(tmp, "crm_export.csv")
        with open(export, "w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["plan", "lifecycle_stage", "owner", "account_id", "mrr", "event_time"])
            for r in rows:
                out.writerow([r["segment"], r["stage"], "ops", r["customer_id"], r["revenue"], r["timestamp"]])
        a, b = os.path.join(tmp, "a.yaml"), os.path.join(tmp, "b.yaml")
        code, _, err = run(binary, "calibrate", "--events", canonical, "--model", MODEL, "--out", a)
        assert code == 0, err
        code, _, err = run(binary, "calibrate", "--events", export, "--model", MODEL, "--out", b, "--columns",
                           "customer_id=account_id,timestamp=event_time,stage=lifecycle_stage,segment=plan,revenue=mrr")
        if code != 0:
            failures.append(f"the export was refused: {err}")
        else:
            with open(a, encoding="utf-8") as fa, open(b, encoding="utf-8") as fb:
                left = fa.read().replace(canonical, "LOG")
                right = fb.read().replace(export, "LOG")
            if left != right:
                failures.append("the calibrated models differ beyond the source path")
        # Without the mapping the export is refused with a pointer to --columns.
        code, _, err = run(binary, "calibrate", "--events", export, "--model", MODEL, "--out", os.path.join(tmp, "c.yaml"))
        if code != 2 or "--columns customer_id=COL" not in err:
            failures.append(f"unmapped export: exit {code}, {err!r}")
    finish("crm columns", failures)


if __name__ == "__main__":
    main()
