#!/usr/bin/env bash
# Builds the Python package from the source tree in a throwaway virtualenv (pip fetches maturin
# from PyPI; the Rust toolchain compiles the extension) and runs its pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
python3 -m venv "$workdir/venv"
# The tests need the bindings, not their speed: a dev-profile build reuses what `cargo test`
# already compiled (a release build with thin LTO took three minutes of CI on its own).
export MATURIN_PEP517_ARGS="${MATURIN_PEP517_ARGS:---profile dev}"
"$workdir/venv/bin/python" -m pip install --quiet --disable-pip-version-check ./crates/calidad-py pytest
"$workdir/venv/bin/python" -m pytest -q crates/calidad-py/tests
