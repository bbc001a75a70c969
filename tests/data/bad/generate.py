#!/usr/bin/env python3
"""Writes the bad inputs too big to keep in git into DIR (argv[1]); the cases that use them
name them GENERATED/<file> (see tests/cli/check_error_case.py). Each file is written to a
temporary name and renamed, so parallel test runs never read a half-written one.

- model_50mb_line.yaml: one 50 MB line (a spreadsheet cell pasted whole);
- model_1e6_stages.yaml: 10^6 stages (18 MB), refused by size before parsing;
- model_near_limit_stages.yaml: as many stages as fit under the 1 MiB limit (~80 000),
  the slowest input that still reaches the parser: refused on the stage count;
- model_near_limit_keys.yaml: a population map with ~95 000 keys under the limit;
- fixes_50mb_line.yaml: the same 50 MB line in a fixes file;
- events_50mb_line.csv: an event log whose header is one 50 MB line (25 million columns);
- events_50mb_field.csv: one data row whose customer id is 50 MB long, then a bad row;
- events_1e6_stages.csv: 10^6 rows naming 10^6 different stages (none in the model).
"""
import os
import sys

LIMIT = 1 << 20


def write(directory, name, data):
    path = os.path.join(directory, name)
    if os.path.exists(path) and os.path.getsize(path) == len(data):
        return
    temporary = f"{path}.tmp-{os.getpid()}"
    with open(temporary, "wb") as f:
        f.write(data)
    os.replace(temporary, path)


def fill(head, item, tail):
    """head + as many numbered items as fit under LIMIT + tail."""
    parts, size, i = [head], len(head) + len(tail), 0
    while True:
        piece = item % i
        if size + len(piece) > LIMIT - 16:
            break
        parts.append(piece)
        size += len(piece)
        i += 1
    return ("".join(parts) + tail).encode()


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    line = b'journey: {name: "' + b"x" * (50 << 20) + b'"}\n'
    write(directory, "model_50mb_line.yaml", line)
    write(directory, "fixes_50mb_line.yaml", b'fixes: [{id: "' + b"x" * (50 << 20) + b'"}]\n')
    write(directory, "model_1e6_stages.yaml",
          ("journey: {name: x}\nstages:\n" + "".join("  - {id: s%d}\n" % i for i in range(10 ** 6))).encode())
    write(directory, "model_near_limit_stages.yaml", fill("journey: {name: x}\nstages: [", "{id: s%d},", "]\n"))
    write(directory, "events_50mb_line.csv", b"customer_id,timestamp,stage" + b",x" * (25 << 20))
    write(directory, "events_50mb_field.csv",
          b"customer_id,timestamp,stage\n" + b"c" * (50 << 20) + b",2026-01-01,trial\nc2,2026-02-30,trial\n")
    write(directory, "events_1e6_stages.csv",
          ("customer_id,timestamp,stage\n" + "".join("c%d,2026-01-01,s%d\n" % (i, i) for i in range(10 ** 6))).encode())
    write(directory, "model_near_limit_keys.yaml",
          fill("journey: {name: x}\nstages: [{id: a}]\npopulation: {initial: {", "s%d: 1,", "}}\n"))


if __name__ == "__main__":
    main()
