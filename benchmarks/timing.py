"""Running one benchmarked command: wall seconds, CPU seconds (user + system) and peak resident
memory, via GNU time. Shared by bench_calibrate.py and bench_simulate.py."""
import subprocess
import sys
import time


def run(command):
    """Runs `command`; exits with its output if it fails. Returns wall, cpu (s), peak_mb, stdout."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    user, system, peak_kb = result.stderr.strip().splitlines()[-1].split()
    return {"wall": wall, "cpu": float(user) + float(system), "peak_mb": int(peak_kb) / 1024, "stdout": result.stdout}
