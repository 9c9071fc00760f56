#!/usr/bin/env bash
# Builds the web page's engine: calidad-wasm (core, privacy, score, formats, on one thread) for
# wasm32-unknown-unknown, then wasm-bindgen's JavaScript glue into web/pkg/. After this, web/
# is a complete static site: `calidad serve`, or any static host of web/.
#
# rustup cannot fetch the wasm32 standard library on these machines; Debian's rustc-web does,
# with the standard library's source (built here with -Zbuild-std) and wasm-ld. wasm-bindgen-cli
# comes from crates.io at the exact version of the wasm-bindgen crate in Cargo.lock. Both are
# installed once, idempotently; the build has its own target directory.
set -euo pipefail
cd "$(dirname "$0")/.."

need_install=false
if ! /usr/bin/rustc --version 2>/dev/null | grep -q "^rustc 1\.9[6-9]\|^rustc 1\.[1-9][0-9][0-9]"; then
    need_install=true
fi
[ -x /usr/bin/wasm-ld ] || need_install=true
[ -d /usr/lib/rustlib/src/rust/library ] || need_install=true
if $need_install; then
    echo "installing Debian's rustc-web, cargo-web, rust-web-src and lld"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq rustc-web cargo-web rust-web-src lld >/dev/null
fi

bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
bindgen="$HOME/.cargo/bin/wasm-bindgen"
if ! "$bindgen" --version 2>/dev/null | grep -q " $bindgen_version\$"; then
    echo "installing wasm-bindgen-cli $bindgen_version"
    cargo install --quiet wasm-bindgen-cli --version "$bindgen_version"
fi

export CARGO_TARGET_DIR="${CALIDAD_WASM_TARGET:-$PWD/target/wasm}"
# CI only needs a page that works, not the fastest one: no link-time optimisation and more
# codegen units halve the build on two cores. Builds for people keep the release profile.
if [ "${CI:-}" = true ]; then
    export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
fi
# No debug info in the page's binary; jsonschema's hash seeds come from crypto.getRandomValues.
CARGO_PROFILE_RELEASE_DEBUG=false RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
RUSTFLAGS='-C linker=/usr/bin/wasm-ld --cfg getrandom_backend="wasm_js"' \
    /usr/bin/cargo build --release --target wasm32-unknown-unknown \
    -Zbuild-std=std,panic_abort -p calidad-wasm "$@"

wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/calidad_wasm.wasm"
"$bindgen" --target web --no-typescript --out-dir web/pkg "$wasm"
ls -l web/pkg | awk 'NR > 1 {print $5, "web/pkg/" $9}'
