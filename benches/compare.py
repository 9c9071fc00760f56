#!/usr/bin/env python3
"""Two builds of calidad side by side, in one run on this machine: wall time (best of N,
alternating old and new so machine noise falls on both), peak RSS, and whether their JSON
reports agree (timings left out).

    python3 benches/compare.py OLD_BINARY NEW_BINARY [--runs 3] [--quick]

Inputs are the ones benches/run.py generates in benches/data/ (run it once first).
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benches" / "data"
sys.path.insert(0, str(ROOT / "benches"))
from run import run_once, warm  # noqa: E402


def report(binary, args, path):
    out = subprocess.run([binary, "validate", "--format", "json", *args, str(path)],
                         capture_output=True, text=True).stdout
    try:
        doc = json.loads(out)
    except json.JSONDecodeError:
        return out
    doc["stats"].pop("seconds", None)
    for task in doc.get("tasks", []):
        task["stats"].pop("seconds", None)
    return doc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="1M rows only")
    args = parser.parse_args()
    schema = str(ROOT / "benches" / "portal-schema.json")
    inputs = ["portal-1m.csv"] + ([] if args.quick else ["portal-10m.csv"])
    commands = [
        ("structure", ["--no-infer", "--no-privacy", "--no-score", "--skip-errors", "duplicate-row"]),
        ("default", []),
        ("--single-thread", ["--single-thread"]),
        ("--schema", ["--schema", schema]),
    ]
    print("| input | command | old s | new s | new/old | old RSS MB | new RSS MB | same report |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name in inputs + ["wide-200k-columns.csv", "cell-10mb.csv", "cell-200mb.csv", "portal-200k.xlsx"]:
        path = DATA / name
        if not path.exists():
            print(f"missing {path}: run benches/run.py first", file=sys.stderr)
            continue
        warm(path)
        for label, extra in commands if name in inputs else [("default", [])]:
            best = {"old": (1e9, 0.0, 0.0), "new": (1e9, 0.0, 0.0)}
            for _ in range(args.runs):
                for which, binary in (("old", args.old), ("new", args.new)):
                    sample = run_once([binary, "validate", "--format", "json", *extra, str(path)])
                    if sample[0] < best[which][0]:
                        best[which] = sample
            same = report(args.old, extra, path) == report(args.new, extra, path)
            o, n = best["old"], best["new"]
            print(f"| {name} | {label} | {o[0]:.2f} | {n[0]:.2f} | {n[0] / o[0]:.2f} | "
                  f"{o[2]:.0f} | {n[2]:.0f} | {'yes' if same else 'no'} |")


if __name__ == "__main__":
    main()
