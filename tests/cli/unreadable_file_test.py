#!/usr/bin/env python3
"""A model file that exists but cannot be read gives a located error, exit 2, empty stdout.

chmod 000 does not stop root, and CI runs as root. Rather than skip, the binary is then run
as the unprivileged user 'nobody' (uid 65534), for whom the file really is unreadable.

Usage: unreadable_file_test.py JOURNEYSIM_BINARY
"""
import os
import subprocess
import sys
import tempfile

MODEL = 'journey:\n  name: "Unreadable"\nstages:\n  - id: onboarding\n'


def main() -> int:
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as directory:
        os.chmod(directory, 0o755)  # 'nobody' must reach the file to be refused by it
        path = os.path.join(directory, "unreadable.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(MODEL)
        os.chmod(path, 0)
        extra = {}
        if os.geteuid() == 0:
            # The binary and every directory above it must be usable by 'nobody'.
            if not os.access(binary, os.X_OK):
                print("cannot test: binary not executable", file=sys.stderr)
                return 1
            extra = {"user": 65534, "group": 65534, "extra_groups": []}
        result = subprocess.run([binary, "validate", path], cwd=directory, capture_output=True,
                                text=True, timeout=60, **extra)
    expected = f"journeysim: {path}: error: cannot be read: Permission denied\n"
    failures = []
    if result.returncode != 2:
        failures.append(f"exit code {result.returncode}, expected 2")
    if result.stderr != expected:
        failures.append(f"stderr differs:\n--- expected\n{expected}--- got\n{result.stderr}")
    if result.stdout:
        failures.append("stdout is not empty:\n" + result.stdout)
    if failures:
        print("\n".join(failures))
        return 1
    print("ok: unreadable file rejected" + (" (run as nobody, since we are root)" if extra else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
