#!/usr/bin/env bash
# Runs calidad's privacy verdicts over the labelled public tables (../shared/corpus/labelled)
# with a release build, prints the per-file table, the measures and every disagreement, and
# keeps them in benches/results/labelled.md. Fails when a target is missed.
#
#   bash benches/labelled.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f ../shared/corpus/labelled/LABELS.tsv ]; then
    echo "*** ../shared/corpus/labelled is not here: nothing to measure ***" >&2
    exit 1
fi
mkdir -p benches/results
out=benches/results/labelled.md
cargo test --release -p calidad --test labelled -- --nocapture 2>&1 \
    | sed -n '/^| file/,/^test /p' | sed '$d' | tee "$out"
echo "kept in $out"
