#!/usr/bin/env bash
# Builds calidad's fuzz targets (fuzz/, the layout `cargo fuzz` uses) with the nightly
# toolchain and libFuzzer's coverage instrumentation, seeds each with real files (testdata/,
# the rule fixtures, and ../shared's corpora when present), and runs each for SECONDS (default
# 30). Any crash, timeout or memory blow-up fails the run and leaves the input in fuzz/artifacts/.
#
#   bash scripts/fuzz.sh            # 30 s per target
#   bash scripts/fuzz.sh 20         # what CI runs
#   bash scripts/fuzz.sh 3600       # an hour per target
#   FUZZ_TARGETS=containers bash scripts/fuzz.sh 600   # one target for ten minutes
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
target=x86_64-unknown-linux-gnu
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
export CARGO_TARGET_DIR="${CALIDAD_FUZZ_TARGET:-$PWD/target/fuzz}"
# In CI the slice is seconds long and building the instrumented targets is most of its time:
# a lighter optimisation level and no debug info build them faster, at fewer runs per second.
if [ "${CI:-}" = true ]; then
    export CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=false
fi
cargo +nightly build --release --quiet --manifest-path fuzz/Cargo.toml --target "$target"
bin="$CARGO_TARGET_DIR/$target/release"

seed() { # seed DIR GLOB…: copies matching files (small ones) into a target's corpus
    local dir=$1
    shift
    mkdir -p "$dir"
    for pattern in "$@"; do
        for file in $pattern; do
            [ -f "$file" ] && [ "$(stat -c %s "$file")" -le 262144 ] && cp -n "$file" "$dir/" || true
        done
    done
}
shared=../shared/corpus
seed fuzz/corpus/csv_engine 'testdata/*.csv' 'crates/calidad/tests/rules/*/input.csv' \
    "$shared/frictionless/*.csv" "$shared/real/*.csv" "$shared/real/*.tsv"
seed fuzz/corpus/containers 'crates/calidad/tests/rules/*/input.xlsx' "$shared/frictionless/*.xlsx" \
    "$shared/frictionless/*.ods" "$shared/frictionless/*.xls" "$shared/frictionless/*.zip" \
    "$shared/frictionless/*.gz" "$shared/real/*.xls*" "$shared/real/*.json" 'testdata/*.parquet'
seed fuzz/corpus/json "$shared/frictionless/*.json" "$shared/real/*.json"
seed fuzz/corpus/table_schema 'benches/portal-schema.json' "$shared/frictionless/*schema*.json" \
    'crates/calidad/tests/rules/*/options.json'
mkdir -p fuzz/corpus/formula
printf 'monto >= 0 and region != ""' > fuzz/corpus/formula/seed1
printf '(a + b) * 2 == c or not (a < 1)' > fuzz/corpus/formula/seed2
printf 'forbidden-value:fieldName=a:values=[1,2]' > fuzz/corpus/formula/seed3

mkdir -p fuzz/artifacts
status=0
for name in ${FUZZ_TARGETS:-csv_engine containers json table_schema formula}; do
    echo "-- $name: ${seconds} s ($(ls fuzz/corpus/$name | wc -l) seeds)"
    if ! "$bin/$name" "fuzz/corpus/$name" -max_total_time="$seconds" -timeout=20 \
        -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 \
        -artifact_prefix="fuzz/artifacts/$name-" 2> "fuzz/artifacts/$name.log"; then
        echo "   $name FOUND A PROBLEM: see fuzz/artifacts/$name.log"
        tail -30 "fuzz/artifacts/$name.log"
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "fuzz/artifacts/$name.log" | tr '\n' ' '
        echo
    fi
done
exit $status
