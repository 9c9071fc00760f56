#!/usr/bin/env bash
# The page in a real browser: Debian's headless Chromium driven by playwright-core (npm, the
# version in web/tests/package-lock.json), against `calidad serve`. Needs web/pkg (built by
# scripts/wasm-build.sh). Installs what is missing, idempotently; screenshots are kept in
# target/web-test/.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! [ -x /usr/bin/chromium ]; then
    echo "installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
if ! [ -f web/tests/node_modules/playwright-core/package.json ]; then
    (cd web/tests && npm ci --no-audit --no-fund --silent)
fi
[ -f web/pkg/calidad_wasm_bg.wasm ] || bash scripts/wasm-build.sh

# Any current build of the CLI will do: the one the test steps built is reused (in CI a fresh
# `cargo build` would recompile it for a different feature set, for nothing).
if [ -z "${CALIDAD_BIN:-}" ]; then
    if [ ! -x target/debug/calidad ] || [ -n "$(find crates -newer target/debug/calidad -name '*.rs' -print -quit)" ]; then
        cargo build --quiet -p calidad-cli
    fi
    export CALIDAD_BIN="$PWD/target/debug/calidad"
fi
timeout 600 node web/tests/browser.mjs
