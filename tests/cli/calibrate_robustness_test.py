#!/usr/bin/env python3
"""`calibrate` on awkward but valid logs (run from the repository root, argv[1] = binary).

Customer ids are opaque bytes (SPEC §4: any string): Latin-1, control characters, NUL and
Windows-1252 quotes are accepted. The log also has a segment column while the template has no
segments: writing the calibrated model once threw YAML::InvalidNode (exit 1; found by the
bad-input corpus). The run must succeed, and the calibrated model must validate.
"""
import os
import subprocess
import sys
import tempfile

BINARY = sys.argv[1]
failures = []
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "calibrated.yaml")
    run = subprocess.run([BINARY, "calibrate", "--events", "tests/data/events_opaque_ids_segments.csv",
                          "--model", "tests/data/bad/events_model.yaml", "--out", out],
                         capture_output=True, timeout=60)
    if run.returncode != 0:
        failures.append(f"calibrate: exit {run.returncode}: {run.stderr.decode('utf-8', 'replace')}")
    else:
        text = open(out, encoding="utf-8").read()
        if "segments:" not in text or "id: smb" not in text.replace('"', ""):
            failures.append("the calibrated model lost the log's segments:\n" + text)
        check = subprocess.run([BINARY, "validate", out], capture_output=True, text=True, timeout=60)
        if check.returncode != 0:
            failures.append(f"the calibrated model does not validate: {check.stderr}")
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok: opaque ids and a segment column on a template without segments calibrate and validate")
