#!/usr/bin/env python3
"""calidad side by side with Frictionless, qsv and polars, and calidad's own scaling, in one run
on this machine (ratios hold even where absolute numbers do not). One command:

    python3 benches/side_by_side.py              # sets up what is missing, then measures
    python3 benches/side_by_side.py --readme     # also writes the table into README.md

What it does:
- builds calidad (release) and generates the 1M- and 10M-row portal tables in benches/data/
  (as benches/run.py does; 125 MB and 1.26 GB, not committed);
- installs what it compares with into benches/tools/ (not committed) unless told where they
  are: a virtualenv with Frictionless 5.18 (the version ckanext-validation pins) and polars,
  from PyPI; qsv 16.1 (`qsvlite`, whose `validate` is the same command) from crates.io with
  `cargo install` (about 15 minutes on two cores, once). The published qsv 16.1.0 does not
  build: its `json` command calls `Json2Csv::preserve_key_order`, which the published
  json-objects-to-csv 0.1.3 lacks; the script then builds the same source with that one call
  removed (the `json` command is not used here). A tool that cannot be set up is named in the
  output with the reason, never silently left out;
- times each command (best of --runs on a warm page cache; Frictionless and qsv once: they take
  long) with peak RSS from GNU time, and prints a Markdown table with MB/s and ratios.

The comparisons: Frictionless with the same Table Schema on the 1M-row table, a full pass
(`--limit-errors` high: by default it stops reading after 1,000 errors); qsv `validate` with the
equivalent JSON Schema (benches/portal-jsonschema.json: dates and decimal-comma numbers as
patterns, no primary key) on the 10M-row table; polars `read_csv` of the same table (parsing
into memory with inferred types, no checks). calidad's scaling: `--threads 1` and `--threads 2`
here; on a bigger machine the same script runs `--threads N` for each N in --threads-list
(e.g. `--threads-list 1,2,4,8,16`). The memory-limit run validates the 10M-row table with
`--memory-limit 128MB` (64 MB for the indexes; its shared primary-key and duplicate-row index
needs 160 MB): the index spills to disk, and the script checks that the report is the same as
without the limit and prints both peak RSS.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benches" / "data"
TOOLS = ROOT / "benches" / "tools"
TARGET = ROOT / "target" / "release"
sys.path.insert(0, str(ROOT / "benches"))
from run import measure, run_once, warm  # noqa: E402

QSV_VERSION = "16.1.0"
FRICTIONLESS_VERSION = "5.18.0"
LIMIT = "128MB"
README_START = "<!-- side-by-side: start -->"
README_END = "<!-- side-by-side: end -->"


def log(message):
    print(message, file=sys.stderr, flush=True)


def python_tools(install):
    """The virtualenv's python with Frictionless and polars, or (None, why)."""
    venv = TOOLS / "venv"
    python = venv / "bin" / "python"
    ready = python.exists() and subprocess.run(
        [str(python), "-c", "import frictionless, polars"], capture_output=True
    ).returncode == 0
    if ready:
        return python, None
    if not install:
        return None, "not installed (run without --no-install)"
    log("setting up Frictionless and polars in benches/tools/venv…")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", f"frictionless=={FRICTIONLESS_VERSION}", "polars"],
            check=True,
        )
    except subprocess.CalledProcessError as error:
        return None, f"could not be installed from PyPI ({error})"
    return python, None


def qsv_tool(given, install):
    """The qsvlite executable, or (None, why)."""
    if given:
        return Path(given), None
    exe = TOOLS / "bin" / "qsvlite"
    if exe.exists():
        return exe, None
    if not install:
        return None, "not installed (run without --no-install)"
    log(f"building qsv {QSV_VERSION} (qsvlite) into benches/tools — about 15 minutes on two cores…")
    base = ["cargo", "install", "--locked", "--features", "lite", "--root", str(TOOLS)]
    # One target directory for both tries: the second reuses what the first compiled.
    env = dict(os.environ, CARGO_TARGET_DIR=str(TOOLS / "target"))
    first = subprocess.run(base + ["qsv", "--version", QSV_VERSION], capture_output=True, text=True, env=env)
    if first.returncode == 0 and exe.exists():
        return exe, None
    sources = glob.glob(os.path.expanduser(f"~/.cargo/registry/src/*/qsv-{QSV_VERSION}"))
    if "preserve_key_order" not in first.stderr or not sources:
        return None, f"cargo install qsv failed: {first.stderr.strip().splitlines()[-1:]}"
    source = TOOLS / "qsv-src"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(sources[0], source)
    json_rs = source / "src" / "cmd" / "json.rs"
    text = json_rs.read_text()
    json_rs.write_text(text.replace("            .preserve_key_order(true)\n", "", 1))
    # The copy sits inside calidad's workspace: an empty [workspace] table keeps it apart.
    manifest = source / "Cargo.toml"
    if "\n[workspace]" not in manifest.read_text():
        with manifest.open("a") as handle:
            handle.write("\n[workspace]\n")
    second = subprocess.run(base + ["--path", str(source)], capture_output=True, text=True, env=env)
    if second.returncode != 0 or not exe.exists():
        return None, f"cargo install qsv failed: {second.stderr.strip().splitlines()[-1:]}"
    return exe, None


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1))
        memory = f", {kib / 2**20:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def stable_report(cmd):
    """calidad's JSON report without timings."""
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    doc = json.loads(out)
    doc["stats"].pop("seconds", None)
    for task in doc.get("tasks", []):
        task["stats"].pop("seconds", None)
    return doc


def startup(calidad, runs):
    """Best wall time of `calidad validate` on a one-row file, and of `true` (process start)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "una-fila.csv"
        path.write_text("id,nombre\n1,Ana\n")
        best = {}
        for label, cmd in (("true", ["true"]), ("calidad", [calidad, "validate", "--format", "json", str(path)])):
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                samples.append(time.perf_counter() - start)
            best[label] = min(samples)
    return best["calidad"], best["true"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each calidad command (best kept)")
    parser.add_argument("--threads-list", default="1,2", help="thread counts for the scaling rows")
    parser.add_argument("--qsv", help="a qsv or qsvlite executable (default: set one up in benches/tools)")
    parser.add_argument("--python", help="a python with frictionless and polars (default: benches/tools/venv)")
    parser.add_argument("--no-install", action="store_true", help="do not install missing tools")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()

    os.chdir(ROOT)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "calidad-cli", "-p", "calidad-bench"], check=True)
    calidad = str(TARGET / "calidad")
    bench = str(TARGET / "calidad-bench")
    DATA.mkdir(parents=True, exist_ok=True)
    small, big = DATA / "portal-1m.csv", DATA / "portal-10m.csv"
    for path, rows in ((small, 1_000_000), (big, 10_000_000)):
        if not path.exists():
            log(f"generating {path.name}…")
            subprocess.run([bench, "gen", "--rows", str(rows), "--out", str(path)], check=True)
    TOOLS.mkdir(parents=True, exist_ok=True)
    if args.python:
        python, python_why = Path(args.python), None
    else:
        python, python_why = python_tools(not args.no_install)
    qsv, qsv_why = qsv_tool(args.qsv, not args.no_install)

    schema = "benches/portal-schema.json"
    json_schema = "benches/portal-jsonschema.json"
    rows = []  # (table, label, wall, cpu, rss, mb)

    def time_it(path, label, cmd, runs=None):
        warm(path)
        log(f"  {label} on {path.name}…")
        wall, cpu, rss = measure(cmd, runs or args.runs)
        mb = path.stat().st_size / 1e6
        rows.append((path.name, label, wall, cpu, rss, mb))
        return wall

    def calidad_cmd(path, *flags):
        return [calidad, "validate", "--format", "json", *flags, str(path)]

    # The 10M-row table: calidad's modes, scaling, the memory limit, qsv and polars.
    time_it(big, "`cat`", ["cat", str(big)])
    # Structure and encoding only: no schema, no privacy (nor the masking it feeds), no score, no
    # duplicate index and none of the per-cell column checks.
    structure = ["--no-infer", "--no-privacy", "--no-mask", "--no-score", "--skip-errors",
                 "duplicate-row,mixed-types,placeholder-values,serial-dates"]
    time_it(big, "calidad, structure + encoding (`" + " ".join(structure) + "`)", calidad_cmd(big, *structure))
    default_wall = time_it(big, "calidad validate (whole default pipeline)", calidad_cmd(big))
    for n in [int(n) for n in args.threads_list.split(",") if n.strip()]:
        time_it(big, f"calidad validate --threads {n}", calidad_cmd(big, "--threads", str(n)))
    schema_wall = time_it(big, "calidad validate --schema (with primary key)", calidad_cmd(big, "--schema", schema))
    # 128 MB leaves the indexes 64 MB (the rest is kept for everything else): the 10M-row
    # table's 160 MB index must spill.
    limited = time_it(
        big,
        f"calidad validate --schema --memory-limit {LIMIT} (the key index spills to disk)",
        calidad_cmd(big, "--schema", schema, "--memory-limit", LIMIT),
        runs=1,
    )
    same = stable_report(calidad_cmd(big, "--schema", schema)) == stable_report(
        calidad_cmd(big, "--schema", schema, "--memory-limit", LIMIT)
    )
    rss = {label: r for _, label, _, _, r, _ in rows}
    unlimited_rss = rss["calidad validate --schema (with primary key)"]
    limited_rss = rss[f"calidad validate --schema --memory-limit {LIMIT} (the key index spills to disk)"]
    notes = [
        f"--memory-limit {LIMIT} gives the same report as no limit: {'yes' if same else 'NO'}; "
        f"peak RSS {limited_rss:.0f} MB against {unlimited_rss:.0f} MB without the limit"
    ]
    qsv_wall = None
    if qsv:
        qsv_wall = time_it(
            big,
            f"qsv {QSV_VERSION} `validate` with the equivalent JSON Schema",
            [str(qsv), "validate", "--delimiter", ";", str(big), json_schema],
            runs=1,
        )
    else:
        notes.append(f"qsv: {qsv_why}")
    polars_wall = None
    if python:
        code = f"import polars as pl; pl.read_csv({str(big)!r}, separator=';', infer_schema_length=10000)"
        polars_wall = time_it(big, "polars `read_csv` (parse into memory, no checks)", [str(python), "-c", code], runs=1)
    else:
        notes.append(f"polars and Frictionless: {python_why}")

    # The 1M-row table: Frictionless' full pass against calidad with the same schema.
    small_schema = time_it(small, "calidad validate --schema", calidad_cmd(small, "--schema", schema))
    frictionless_wall = None
    if python:
        frictionless = Path(python).parent / "frictionless"
        frictionless_wall = time_it(
            small,
            f"Frictionless {FRICTIONLESS_VERSION} `validate --schema --limit-errors 10000000` (full pass)",
            [str(frictionless), "validate", "--schema", schema, "--limit-errors", "10000000", "--json",
             str(small.relative_to(ROOT))],
            runs=1,
        )

    start_wall, true_wall = startup(calidad, 20)

    today = datetime.date.today().isoformat()
    lines = [
        f"Measured {today} on {machine()}, by `python3 benches/side_by_side.py` "
        f"(best of {args.runs} for calidad; once for Frictionless, qsv and polars; warm page cache).",
        "",
        "| table | command | wall s | MB/s | CPU s | peak RSS MB | vs calidad default |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for table, label, wall, cpu, rss, mb in rows:
        base = default_wall if table == big.name else small_schema
        lines.append(
            f"| {table} ({mb:.0f} MB) | {label} | {wall:.2f} | {mb / wall:,.0f} | {cpu:.2f} | {rss:,.0f} | "
            f"{wall / base:.2f}× |"
        )
    lines.append(
        f"| 1 row | calidad validate (start-up) | {start_wall * 1000:.1f} ms | | | | "
        f"(starting `true`: {true_wall * 1000:.1f} ms) |"
    )
    lines.append("")
    ratios = []
    if qsv_wall:
        ratios.append(f"qsv validate / calidad --schema = **{qsv_wall / schema_wall:.1f}×**")
    if frictionless_wall:
        ratios.append(f"Frictionless full pass / calidad --schema (1M rows) = **{frictionless_wall / small_schema:.0f}×**")
    if polars_wall:
        ratios.append(f"polars read_csv / calidad default = {polars_wall / default_wall:.2f}×")
    ratios.append(f"--memory-limit {LIMIT} / no limit = {limited / schema_wall:.2f}×")
    lines.append("Ratios: " + "; ".join(ratios) + ".")
    lines.extend(f"- {note}" for note in notes)
    table = "\n".join(lines)
    print(table)
    if args.readme:
        readme = ROOT / "README.md"
        text = readme.read_text()
        if README_START not in text or README_END not in text:
            sys.exit(f"README.md has no {README_START} … {README_END} section to write into")
        head, rest = text.split(README_START, 1)
        _, tail = rest.split(README_END, 1)
        readme.write_text(f"{head}{README_START}\n{table}\n{README_END}{tail}")
        log("README.md updated")


if __name__ == "__main__":
    main()
