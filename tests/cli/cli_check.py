"""The closing of the small end-to-end tests: print each failure, a 'N passed, N failed' line
ctest's log shows, and exit 1 when anything failed."""
import sys


def finish(name, failures):
    for message in failures:
        print("FAIL:", message)
    print(f"{name}: {0 if failures else 1} passed, {1 if failures else 0} failed")
    sys.exit(1 if failures else 0)
