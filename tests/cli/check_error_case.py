#!/usr/bin/env python3
"""Runs one bad-input case through the CLI and compares its diagnostics verbatim.

A case file `<name>.expected` starts with the command line, then holds the exact stderr:

    $ journeysim validate tests/cli/errors/prob_above_one.yaml
    journeysim: tests/cli/errors/prob_above_one.yaml:12:28: error: ...

The command runs from the repository root. It must exit with 2 (or the code named on an
optional second line `# exit N`), print nothing on stdout, and leave no file behind at any
path given to --out.

Options after the case file: `--generated DIR` replaces `GENERATED/` in the command and the
expected text by DIR (inputs too big for git, written by tests/data/bad/generate.py);
`--max-seconds S` fails the case when the command uses more than S seconds of CPU time, or
more than 5·S seconds of wall time (CPU time does not depend on how loaded the machine is).
"""
import os
import resource
import shlex
import subprocess
import sys
import time


def main() -> int:
    binary, case = sys.argv[1], sys.argv[2]
    options = dict(zip(sys.argv[3::2], sys.argv[4::2]))
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    with open(case, encoding="utf-8") as f:
        text = f.read()
    if "--generated" in options:
        text = text.replace("GENERATED/", options["--generated"].rstrip("/") + "/")
    lines = text.split("\n")
    command = lines[0]
    assert command.startswith("$ journeysim "), f"{case}: first line must be '$ journeysim ...'"
    body = lines[1:]
    expected_code = 2
    if body and body[0].startswith("# exit "):
        expected_code = int(body[0][len("# exit "):])
        body = body[1:]
    expected = "\n".join(body)
    args = shlex.split(command[2:])[1:]
    outputs = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--out"]
    for out in outputs:
        if os.path.exists(os.path.join(root, out)):
            print(f"{case}: output path {out} exists before the run; remove it", file=sys.stderr)
            return 1
    started, cpu_before = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    # Bytes, decoded leniently: a message about a broken file must not break the checker.
    result = subprocess.run([binary] + args, cwd=root, capture_output=True, timeout=60)
    seconds = time.monotonic() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    result.stdout = result.stdout.decode("utf-8", "replace")
    result.stderr = result.stderr.decode("utf-8", "replace")
    failures = []
    if "--max-seconds" in options:
        limit = float(options["--max-seconds"])
        if cpu > limit or seconds > 5 * limit:
            failures.append(f"took {cpu:.2f} s of CPU and {seconds:.2f} s of wall time; the limit is {limit} s of CPU")
    if result.returncode != expected_code:
        failures.append(f"exit code {result.returncode}, expected {expected_code}")
    if result.stderr != expected:
        failures.append("stderr differs:\n--- expected\n" + expected + "\n--- got\n" + result.stderr)
    if result.stdout:
        failures.append("stdout is not empty:\n" + result.stdout)
    for out in outputs:
        if os.path.exists(os.path.join(root, out)):
            failures.append(f"output {out} was written despite the error")
    if failures:
        print(f"{case}:\n" + "\n".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
