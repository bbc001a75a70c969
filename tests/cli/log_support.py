"""Shared by the CLI tests that synthesise event logs and check calibrate/backtest against them:
running the binary with an expected exit code, and the month of a timestamp."""
import subprocess
import sys


def run(binary, *args, expect=0):
    """Runs `binary args`; exits with its output when the exit code is not `expect`."""
    result = subprocess.run([binary, *args], capture_output=True, text=True, timeout=300)
    if result.returncode != expect:
        sys.exit(f"{' '.join(args)}: exit {result.returncode}, expected {expect}\n{result.stdout}\n{result.stderr}")
    return result


def month_index(timestamp):
    """Months since year 0 of an ISO timestamp or date (2026-03-... -> 2026 * 12 + 2)."""
    return int(timestamp[0:4]) * 12 + int(timestamp[5:7]) - 1
