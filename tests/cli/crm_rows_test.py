"""A CRM export loads as it is (issue #15 §4 and §2): stage labels that are aliases of the
model's stages, a segment written in another case, rows of stages the model lacks
(--ignore-stages), exact duplicate rows, and a revenue column per week read into a monthly model
(--revenue-per). Oracle: the canonical log (synth, no such quirks) calibrated the plain way —
the export must give the same model, and the counts printed are the ones put into the export.
"""
import csv
import os
import random
import re
import subprocess
import sys
import tempfile

from cli_check import finish

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODEL = os.path.join(ROOT, "scenarios", "b2b-saas", "journey.yaml")


def run(*args):
    result = subprocess.run(list(args), capture_output=True, text=True, cwd=ROOT)
    return result.returncode, result.stdout, result.stderr


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def read(path, source):
    with open(path, encoding="utf-8") as f:
        return f.read().replace(source, "LOG")


def revenues(path):
    with open(path, encoding="utf-8") as f:
        return [float(v) for v in re.findall(r"revenue_per_period: ([0-9.eE+-]+)", f.read())]


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
        header = ["customer_id", "timestamp", "stage", "segment", "revenue"]
        plain = [[r[k] for k in header] for r in rows]

        # The template with aliases for onboarding (the model-file syntax under test).
        with open(MODEL, encoding="utf-8") as f:
            text = f.read()
        assert "  - id: onboarding\n" in text
        aliased = os.path.join(tmp, "journey.yaml")
        with open(aliased, "w", encoding="utf-8") as f:
            f.write(text.replace("  - id: onboarding\n",
                                 '  - id: onboarding\n    aliases: ["Getting Started", getting-started]\n', 1))

        # The export: onboarding under its two aliases, enterprise as "Enterprise", 1,000 Webinar
        # and 204 Newsletter rows, and 5 rows repeated exactly.
        rng = random.Random(3)
        export_rows, onboarding = [], 0
        for r in plain:
            r = list(r)
            if r[2] == "onboarding":
                r[2] = "Getting Started" if onboarding % 2 == 0 else "getting-started"
                onboarding += 1
            if r[3] == "enterprise":
                r[3] = "Enterprise"
            export_rows.append(r)
        assert onboarding > 0
        for label, count in (("Webinar", 1000), ("Newsletter", 204)):
            for _ in range(count):
                base = rng.choice(plain)
                export_rows.insert(rng.randrange(len(export_rows) + 1), [base[0], base[1], label, base[3], ""])
        modelled = [i for i, r in enumerate(export_rows) if r[2] not in ("Webinar", "Newsletter")]
        repeated = sorted(rng.sample(modelled, 5))
        for k, index in enumerate(repeated):  # each copy right after its original
            export_rows.insert(index + k + 1, list(export_rows[index + k]))
        export = os.path.join(tmp, "export.csv")
        write_csv(export, header, export_rows)
        # Lines of the copies (the header is line 1): original at i + 2, copy at i + 3.
        copy_lines = [index + k + 3 for k, index in enumerate(repeated)]

        a, b = os.path.join(tmp, "a.yaml"), os.path.join(tmp, "b.yaml")
        code, out_a, err_a = run(binary, "calibrate", "--events", canonical, "--model", aliased, "--out", a)
        assert code == 0, err_a
        for word in ("duplicate", "same timestamp", "differ only in case", "ignored:"):
            if word in err_a or word in out_a:
                failures.append(f"the canonical log reports '{word}':\n{out_a}{err_a}")
        code, out_b, err_b = run(binary, "calibrate", "--events", export, "--model", aliased, "--out", b,
                                 "--ignore-stages", "Webinar,Newsletter")
        if code != 0:
            failures.append(f"the export was refused: {err_b}")
        else:
            if read(a, canonical) != read(b, export):
                failures.append("the export's calibrated model differs from the canonical log's")
            want = "  ignored:     1,204 rows with stages the model lacks: Webinar (1,000), Newsletter (204)\n"
            if want not in out_b:
                failures.append(f"no '{want.strip()}' in:\n{out_b}")
            case_note = "warning: segment 'Enterprise' in the log is read as the model's 'enterprise'"
            if err_b.count(case_note) != 1:
                failures.append(f"the case note is not printed once:\n{err_b}")
            dup = ("warning: 5 exact duplicate rows (same customer, timestamp, stage, segment and revenue) dropped, "
                   "the first copy kept: " + ", ".join(f"line {l} repeats line {l - 1}" for l in copy_lines[:3]) +
                   ", ...\n")
            if dup not in err_b:
                failures.append(f"expected '{dup.strip()}' in:\n{err_b}")
            if err_b.count("differ only in case") != 1:
                failures.append(f"an alias was reported as a case match:\n{err_b}")

        # Without the ignore list the first Webinar/Newsletter row is an error pointing at it.
        code, _, err = run(binary, "calibrate", "--events", export, "--model", aliased, "--out",
                           os.path.join(tmp, "c.yaml"))
        if code != 2 or "skip its rows with --ignore-stages \"" not in err:
            failures.append(f"unignored stages: exit {code}, {err!r}")
        # A near miss of a segment gets a suggestion.
        near = os.path.join(tmp, "near.csv")
        write_csv(near, header, [r if r[3] != "enterprise" else r[:3] + ["enterprize", r[4]] for r in plain])
        code, _, err = run(binary, "calibrate", "--events", near, "--model", MODEL, "--out", os.path.join(tmp, "d.yaml"))
        if code != 2 or "unknown segment 'enterprize', did you mean 'enterprise'?" not in err:
            failures.append(f"near-miss segment: exit {code}, {err!r}")

        # Revenue per week in a monthly model: read as monthly it is 12/52 of the truth.
        weekly = os.path.join(tmp, "weekly.csv")
        write_csv(weekly, header, [r[:4] + [repr(float(r[4]) * 12 / 52) if r[4] else ""] for r in plain])
        code, _, err = run(binary, "calibrate", "--events", weekly, "--model", MODEL, "--out", os.path.join(tmp, "e.yaml"))
        warn = "add --revenue-per week"
        # (synth's revenue is about 1.5× the template's, so the canonical log warns of nothing and
        # this one of 1.5 × 12/52 ≈ 1/3.)
        if code != 0 or "warning: the log's revenue per customer-month is 1/" not in err or warn not in err:
            failures.append(f"weekly revenue read as monthly: exit {code}, no warning suggesting '{warn}':\n{err}")
        if "template's" in err_a:
            failures.append(f"the canonical log's revenue was flagged:\n{err_a}")
        code, out_f, err = run(binary, "calibrate", "--events", weekly, "--model", MODEL, "--out",
                               os.path.join(tmp, "f.yaml"), "--revenue-per", "week")
        plain_out = os.path.join(tmp, "g.yaml")
        assert run(binary, "calibrate", "--events", canonical, "--model", MODEL, "--out", plain_out)[0] == 0
        if code != 0 or "template's" in err:
            failures.append(f"--revenue-per week: exit {code}, {err}")
        else:
            got, expected = revenues(os.path.join(tmp, "f.yaml")), revenues(plain_out)
            if len(got) != len(expected) or any(abs(g - e) > 1e-6 * max(1, abs(e)) for g, e in zip(got, expected)):
                failures.append(f"--revenue-per week: revenue {got} vs the monthly log's {expected}")
            if "(the column is per week, converted to per month)" not in out_f:
                failures.append(f"--revenue-per week not said in:\n{out_f}")

        # Ties: one customer enters two stages at one instant; file order decides (documented).
        tie = os.path.join(tmp, "tie.csv")
        write_csv(tie, ["customer_id", "timestamp", "stage"],
                  [["c1", "2026-01-05", "awareness"], ["c1", "2026-02-11", "consideration"],
                   ["c1", "2026-02-11", "decision"], ["c2", "2026-01-07", "awareness"],
                   ["c2", "2026-04-01", "awareness"]])
        code, _, err = run(binary, "calibrate", "--events", tie, "--model", MODEL, "--out", os.path.join(tmp, "t.yaml"))
        want = ("warning: 1 time a customer entered different stages at the same timestamp; file order decides which "
                "came last (line 4 ties with line 3): give the events distinct times if the order matters\n")
        if code != 0 or want not in err:
            failures.append(f"tie: exit {code}, expected '{want.strip()}' in:\n{err}")
    finish("crm rows", failures)


if __name__ == "__main__":
    main()
