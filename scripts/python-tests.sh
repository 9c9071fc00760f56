#!/usr/bin/env bash
# Builds the Python package from the source tree in a throwaway virtualenv (pip fetches maturin
# from PyPI; the Rust toolchain compiles the extension) and runs its pytest suite.
#
# The suite includes ckanext-validation's own background job run with calidad in place of
# Frictionless (tests/test_ckan_validation_job.py), so the venv also gets CKAN 2.11 with its
# pinned requirements (CKAN's wheel declares none: they come from its source release), the
# extension as released on PyPI, and the Frictionless it pins. CALIDAD_CKAN_TESTS=0 leaves
# them out; those tests then skip and say why.
set -euo pipefail
cd "$(dirname "$0")/.."
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
python3 -m venv "$workdir/venv"
pip=("$workdir/venv/bin/python" -m pip install --quiet --disable-pip-version-check)
if [ "${CALIDAD_CKAN_TESTS:-1}" != 0 ]; then
    ckan_version=2.11.6
    t0=$SECONDS
    "$workdir/venv/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
        --no-binary :all: "ckan==$ckan_version" -d "$workdir/sdist"
    tar -xzf "$workdir/sdist/ckan-$ckan_version.tar.gz" -C "$workdir" \
        "ckan-$ckan_version/requirements.txt"
    # psycopg2 is built from source: it needs libpq's headers.
    if ! command -v pg_config > /dev/null; then
        echo "installing Debian's libpq-dev (psycopg2, for CKAN)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpq-dev > /dev/null
    fi
    "${pip[@]}" -r "$workdir/ckan-$ckan_version/requirements.txt"
    # The extension's release imports tabulator (through tableschema) and pins Frictionless
    # 5.18; Frictionless' pydantic needs a newer typing-extensions than CKAN pins.
    "${pip[@]}" "ckan==$ckan_version" "ckanext-validation==2.2.0" "frictionless[excel]==5.18.0" \
        tableschema ckantoolkit
    "${pip[@]}" --upgrade "typing-extensions>=4.16" 2> /dev/null
    echo "   (CKAN $ckan_version, ckanext-validation 2.2.0, Frictionless 5.18.0 installed in $((SECONDS - t0)) s)"
fi
# The tests need the bindings, not their speed: a dev-profile build reuses what `cargo test`
# already compiled (a release build with thin LTO took three minutes of CI on its own).
export MATURIN_PEP517_ARGS="${MATURIN_PEP517_ARGS:---profile dev}"
"${pip[@]}" ./crates/calidad-py pytest
# CKAN registers a pytest plugin that needs its own test dependencies: plugins are not loaded.
PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 "$workdir/venv/bin/python" -m pytest -q -rs crates/calidad-py/tests
if [ "${CALIDAD_CKAN_TESTS:-1}" != 0 ]; then
    # The CKAN plugin, in a running CKAN (PostgreSQL, Redis, job worker, two web servers).
    "${pip[@]}" --no-deps ./ckanext-calidad
    t0=$SECONDS
    bash scripts/ckan-plugin-test.sh "$workdir/venv"
    echo "   (ckanext-calidad in a running CKAN: $((SECONDS - t0)) s)"
fi
