#!/usr/bin/env python3
"""calidad.validate against frictionless.validate, both from Python, on the same 1M-row file.

Builds a throwaway virtualenv with the calidad package (from this source tree) and Frictionless
5.21, makes sure benches/data/portal-1m.csv exists (generated as benches/run.py does), and times
each call in a fresh interpreter (best of N for calidad, one run of Frictionless: it takes
tens of seconds), with and without benches/portal-schema.json. Prints a Markdown table with the
ratio.

    python3 benches/python.py
    python3 benches/python.py --venv /tmp/bench-venv   # reuse a virtualenv
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benches" / "data"
SCHEMA = ROOT / "benches" / "portal-schema.json"

TIMER = """
import json, resource, sys, time
tool, path, schema = sys.argv[1], sys.argv[2], sys.argv[3] or None
started = time.perf_counter()
if tool == "calidad":
    import calidad
    report = calidad.validate(path, schema=json.load(open(schema)) if schema else None, lang="en")
    valid, errors = report["valid"], report["stats"]["errors"]
else:
    import frictionless
    options = {"schema": frictionless.Schema(schema)} if schema else {}
    # As ckanext-validation does: an absolute path is only read in a trusted context.
    with frictionless.system.use_context(trusted=True):
        report = frictionless.validate(path, limit_errors=1000, **options)
    valid, errors = report.valid, report.stats["errors"]
    kinds = {e["type"] for task in report.to_dict()["tasks"] for e in task["errors"]}
    assert not kinds & {"scheme-error", "source-error", "format-error", "resource-error"}, kinds
seconds = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rss": rss, "valid": valid, "errors": errors}))
"""


def run(python: str, tool: str, path: Path, schema: str) -> dict:
    output = subprocess.run([python, "-c", TIMER, tool, str(path), schema], check=True,
                            capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", help="an existing virtualenv to (re)use")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    venv = Path(args.venv) if args.venv else Path(tempfile.mkdtemp()) / "venv"
    python = str(venv / "bin" / "python")
    if not Path(python).exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    str(ROOT / "crates" / "calidad-py"), "frictionless==5.21.0"], check=True)
    path = DATA / "portal-1m.csv"
    if not path.exists():
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "calidad-bench"], check=True, cwd=ROOT)
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(ROOT / "target" / "release" / "calidad-bench"), "gen", "--rows",
                        "1000000", "--out", str(path)], check=True)
    size = path.stat().st_size / 1e6
    # Warm the page cache in chunks: a child's peak RSS counts the parent's memory at fork.
    with open(path, "rb") as handle:
        while handle.read(1 << 24):
            pass
    print(f"{path.name}: {size:.0f} MB, 1,000,000 rows")
    print("| call | schema | wall s | MB/s | peak RSS MB | errors |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for schema in ("", str(SCHEMA)):
        label = "portal-schema.json" if schema else "inferred"
        best = min((run(python, "calidad", path, schema) for _ in range(args.runs)),
                   key=lambda r: r["seconds"])
        slow = run(python, "frictionless", path, schema)
        for name, result in (("calidad.validate", best), ("frictionless.validate", slow)):
            print(f"| `{name}` | {label} | {result['seconds']:.2f} | {size / result['seconds']:.0f} "
                  f"| {result['rss']:.0f} | {result['errors']} |")
        print(f"| ratio | {label} | {slow['seconds'] / best['seconds']:.0f}× | | | |")


if __name__ == "__main__":
    main()
