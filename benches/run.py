#!/usr/bin/env python3
"""calidad's benchmark harness.

Builds the release binaries, generates the inputs (kept in benches/data/, not committed), and
times each command on the same machine in one run, so ratios hold even where absolute numbers
do not. Wall time is the best of N runs on a warm page cache; peak RSS comes from the kernel
(wait4). Prints a Markdown table for the README's performance section.

    python3 benches/run.py            # 1M and 10M rows (10M is ~1.26 GB on disk)
    python3 benches/run.py --quick    # 1M rows only
    python3 benches/run.py --frictionless /tmp/fl/bin/frictionless   # also time Frictionless

The schema benchmark validates against benches/portal-schema.json (dates %d-%m-%Y, decimal-comma
numbers, enums, a pattern, a primary key); one row in 500 of the generated tables repeats the row
before it, so duplicate-row and primary-key have real work. Frictionless, when given, runs on the
1M-row file once (it takes minutes), in a throwaway virtualenv:

    python3 -m venv /tmp/fl && /tmp/fl/bin/pip install frictionless==5.21.0
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benches" / "data"
TARGET = ROOT / "target" / "release"


def sh(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


GNU_TIME = "/usr/bin/time"


def run_once(cmd):
    """Wall seconds, CPU seconds (user + sys, all threads) and peak RSS in MB of one run.

    Peak RSS is measured by GNU time when it is installed: a child forked or spawned from this
    Python process would count Python's own memory until it execs."""
    start = time.perf_counter()
    if os.path.exists(GNU_TIME):
        with tempfile.NamedTemporaryFile("r") as out:
            proc = subprocess.run(
                [GNU_TIME, "-f", "%U %S %M", "-o", out.name] + cmd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wall = time.perf_counter() - start
            user, system, rss_kb = out.read().split()[-3:]
        code = proc.returncode
        sample = (wall, float(user) + float(system), int(rss_kb) / 1024)
    else:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        sample = (wall, usage.ru_utime + usage.ru_stime, float("nan"))
    if code not in (0, 1):
        sys.exit(f"{cmd} failed with exit {code}")
    return sample


def measure(cmd, runs):
    """The fastest of `runs` runs, and the largest peak RSS seen."""
    samples = [run_once(cmd) for _ in range(runs)]
    wall, cpu, _ = min(samples)
    return wall, cpu, max(s[2] for s in samples)


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1M rows only")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--frictionless", help="path to a frictionless executable to compare with")
    args = parser.parse_args()

    os.chdir(ROOT)
    sh(["cargo", "build", "--release", "-q", "-p", "calidad-cli", "-p", "calidad-bench"], cwd=ROOT)
    DATA.mkdir(parents=True, exist_ok=True)
    bench = str(TARGET / "calidad-bench")
    calidad = str(TARGET / "calidad")

    tables = [("portal-1m.csv", 1_000_000)] + ([] if args.quick else [("portal-10m.csv", 10_000_000)])
    for name, rows in tables:
        path = DATA / name
        if not path.exists():
            print(f"generating {name}…", file=sys.stderr)
            sh([bench, "gen", "--rows", str(rows), "--out", str(path)])
    wide = DATA / "wide-200k-columns.csv"
    if not wide.exists():
        sh([bench, "wide", "--columns", "200000", "--out", str(wide)])
    bigcell = DATA / "cell-10mb.csv"
    if not bigcell.exists():
        sh([bench, "bigcell", "--megabytes", "10", "--out", str(bigcell)])
    # Past the 64 MiB a row may keep: read to its end, each new buffer read once.
    hugecell = DATA / "cell-200mb.csv"
    if not hugecell.exists():
        sh([bench, "bigcell", "--megabytes", "200", "--out", str(hugecell)])

    print(f"| input | command | wall s | MB/s | CPU s | peak RSS MB | vs wc -l | vs csv crate |")
    print(f"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _ in tables:
        path = DATA / name
        size = path.stat().st_size / 1e6
        warm(path)
        schema = str(ROOT / "benches" / "portal-schema.json")
        results = {
            "wc -l": measure(["wc", "-l", str(path)], args.runs),
            "csv crate (raw parse)": measure([bench, "count", str(path)], args.runs),
            "calidad validate --no-infer --skip-errors duplicate-row": measure(
                [calidad, "validate", "--no-infer", "--skip-errors", "duplicate-row", "--format", "json",
                 str(path)],
                args.runs,
            ),
            "calidad validate": measure([calidad, "validate", "--format", "json", str(path)], args.runs),
            "calidad validate --single-thread": measure(
                [calidad, "validate", "--single-thread", "--format", "json", str(path)], args.runs
            ),
            # The privacy check also feeds the masking gate: only both flags leave it out.
            "calidad validate --no-privacy --no-mask": measure(
                [calidad, "validate", "--no-privacy", "--no-mask", "--format", "json", str(path)],
                args.runs,
            ),
            "calidad validate --no-score": measure(
                [calidad, "validate", "--no-score", "--format", "json", str(path)], args.runs
            ),
            "calidad validate --single-thread --no-score": measure(
                [calidad, "validate", "--single-thread", "--no-score", "--format", "json", str(path)],
                args.runs,
            ),
            "calidad validate --single-thread --no-privacy --no-mask": measure(
                [calidad, "validate", "--single-thread", "--no-privacy", "--no-mask", "--format", "json",
                 str(path)],
                args.runs,
            ),
            "calidad validate --schema": measure(
                [calidad, "validate", "--schema", schema, "--format", "json", str(path)], args.runs
            ),
            "calidad validate --schema --single-thread": measure(
                [calidad, "validate", "--single-thread", "--schema", schema, "--format", "json", str(path)],
                args.runs,
            ),
        }
        if args.frictionless and name == "portal-1m.csv":
            # Frictionless refuses absolute paths ("not safe"): relative to the project root.
            results["frictionless validate --schema"] = measure(
                [args.frictionless, "validate", "--schema", "benches/portal-schema.json", "--json",
                 str(path.relative_to(ROOT))],
                1,
            )
        wc = results["wc -l"][0]
        raw = results["csv crate (raw parse)"][0]
        for label, (wall, cpu, rss) in results.items():
            print(
                f"| {name} ({size:.0f} MB) | {label} | {wall:.2f} | {size / wall:.0f} | {cpu:.2f} | "
                f"{rss:.1f} | {wall / wc:.1f}× | {wall / raw:.2f}× |"
            )
        rows = sum(1 for _ in open(path, "rb")) - 1
        budget = 64 + 16 * rows / 2**20
        rss = results["calidad validate --schema"][2]
        print(f"<!-- {name}: {rows} rows, schema RSS {rss:.1f} MB, budget 64 MB + 16 B/row = {budget:.1f} MB -->")
        for label in ("calidad validate", "calidad validate --single-thread"):
            for part, flag in (("privacy", "--no-privacy --no-mask"), ("score", "--no-score")):
                overhead = results[label][0] / results[f"{label} {flag}"][0] - 1
                print(f"<!-- {name}: {part} overhead for `{label}` = {overhead:+.0%} -->")
        if "frictionless validate --schema" in results:
            ratio = results["frictionless validate --schema"][0] / results["calidad validate --schema"][0]
            print(f"<!-- {name}: frictionless / calidad with the same schema = {ratio:.0f}x -->")
    workbook = DATA / "portal-200k.xlsx"
    if not workbook.exists():
        sh([bench, "xlsx", "--rows", "200000", "--out", str(workbook)])
    for path in (wide, bigcell, hugecell, workbook):
        warm(path)
        wall, cpu, rss = measure([calidad, "validate", "--format", "json", str(path)], args.runs)
        print(f"| {path.name} | calidad validate | {wall:.3f} | | {cpu:.3f} | {rss:.1f} | | |")


if __name__ == "__main__":
    main()
