#!/usr/bin/env python3
"""End to end: synth -> calibrate -> validate/analyze on the b2b-saas example, through the CLI.

Checks determinism across --threads and --event-memory (byte-identical files), that --max-bad-rows skips and
reports bad rows and fails past N without leaving an output, and that events after a terminal
stage are reported. Run as: calibrate_test.py BINARY (from the repository root).
"""
import os
import subprocess
import sys
import tempfile

MODEL = "scenarios/b2b-saas/journey.yaml"


def run(binary, *args, expect=0):
    result = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120)
    if result.returncode != expect:
        sys.exit(f"{' '.join(args)}: exit {result.returncode}, expected {expect}\n{result.stdout}\n{result.stderr}")
    return result


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        events = [os.path.join(tmp, f"events{t}.csv") for t in (1, 2)]
        for threads, path in zip((1, 2), events):
            run(binary, "synth", MODEL, "--customers", "20000", "--periods", "18", "--seed", "3",
                "--segment-column", "--threads", str(threads), "--out", path)
        assert read(events[0]) == read(events[1]), "synth output depends on --threads"
        header = read(events[0]).split(b"\n", 1)[0]
        assert header == b"customer_id,timestamp,stage,segment,revenue", header

        outs = [os.path.join(tmp, f"calibrated{t}.yaml") for t in (1, 2)]
        for threads, out in zip((1, 2), outs):
            result = run(binary, "calibrate", "--events", events[0], "--model", MODEL, "--out", out,
                         "--threads", str(threads))
        assert read(outs[0]) == read(outs[1]), "calibrate output depends on --threads"
        assert "passes:" not in result.stdout, "the default --event-memory should hold this log in one pass"
        # 1 MB holds ~44k events, the log has ~45k: it is read in two passes, one group of
        # customers at a time, and the model written is the same byte for byte.
        passes_out = os.path.join(tmp, "calibrated_passes.yaml")
        passes = run(binary, "calibrate", "--events", events[0], "--model", MODEL, "--out", passes_out,
                     "--event-memory", "1")
        assert read(passes_out) == read(outs[0]), "calibrate output depends on --event-memory"
        assert "  passes:      " in passes.stdout, f"no passes line in:\n{passes.stdout}"
        # A pipe is read in one pass; one that needs a second is refused (it cannot be re-read).
        piped_out = os.path.join(tmp, "calibrated_piped.yaml")
        without_source = lambda text: [line for line in text.splitlines() if not line.startswith(b"  source:")]
        for memory, expect in (("1024", 0), ("1", 2)):
            piped = subprocess.run([binary, "calibrate", "--events", "/dev/stdin", "--model", MODEL, "--out",
                                    piped_out, "--event-memory", memory], input=read(events[0]),
                                   capture_output=True, timeout=120)
            stderr = piped.stderr.decode()
            assert piped.returncode == expect, f"piped, --event-memory {memory}: exit {piped.returncode}\n{stderr}"
            if expect == 0:
                assert without_source(read(piped_out)) == without_source(read(outs[0])), \
                    "a piped log calibrates differently"
                os.remove(piped_out)
            else:
                assert "is not a regular file (a pipe?)" in stderr, stderr
                assert not os.path.exists(piped_out), "a refused run wrote its output"
        for needle in ("customers:   20,000", "transitions:", "Segment enterprise", "first vs second half",
                       "rows/s", "inflow:      awareness"):
            assert needle in result.stdout, f"missing {needle!r} in:\n{result.stdout}"
        text = read(outs[0]).decode()
        assert text.startswith("# A B2B SaaS journey"), "template comments were not kept"
        assert "calibration:" in text and "counts:" in text
        run(binary, "validate", outs[0])
        run(binary, "analyze", outs[0])

        # Two bad rows and events after a terminal stage.
        lines = read(events[0]).decode().splitlines(keepends=True)
        lines.insert(3, "x1,2025-02-30,awareness,smb,0\n")
        lines.insert(6, "x2,2025-01-03,awarenes,smb,0\n")
        lines.append("z9,2024-02-01,awareness,smb,0\nz9,2024-03-01,lost,smb,0\nz9,2024-04-01,consideration,smb,0\n")
        bad = os.path.join(tmp, "bad.csv")
        with open(bad, "w") as f:
            f.writelines(lines)
        out = os.path.join(tmp, "skipped.yaml")
        result = run(binary, "calibrate", "--events", bad, "--model", MODEL, "--out", out, "--max-bad-rows", "2")
        assert f"{bad}:4:4: warning: skipped bad row: invalid timestamp '2025-02-30'" in result.stderr, result.stderr
        assert f"{bad}:7:" in result.stderr and "did you mean 'awareness'" in result.stderr, result.stderr
        assert "bad rows:    2 skipped" in result.stdout
        assert "1 events come after their customer's terminal stage" in result.stderr, result.stderr
        assert "z9 consideration at 2024-04-01T00:00:00Z" in result.stderr, result.stderr
        failed = os.path.join(tmp, "failed.yaml")
        result = run(binary, "calibrate", "--events", bad, "--model", MODEL, "--out", failed, "--max-bad-rows", "1",
                     expect=2)
        assert "(bad row 2; --max-bad-rows allows 1)" in result.stderr, result.stderr
        assert not os.path.exists(failed), "an output was written despite the error"
        assert not [name for name in os.listdir(tmp) if ".tmp-" in name], "a temporary file was left behind"
    return 0


if __name__ == "__main__":
    sys.exit(main())
