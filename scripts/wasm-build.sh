#!/usr/bin/env bash
# Builds calidad-core, calidad-privacy and calidad-score for wasm32-unknown-unknown, without
# threads: the promise that the engine runs in a browser page, checked.
#
# rustup cannot fetch the wasm32 standard library on these machines; Debian's rustc-web does,
# with the standard library's source (built here with -Zbuild-std) and wasm-ld. Installed once,
# idempotently; the build has its own target directory.
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

export CARGO_TARGET_DIR="${CALIDAD_WASM_TARGET:-$PWD/target/wasm}"
RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C linker=/usr/bin/wasm-ld" \
    /usr/bin/cargo build --release --target wasm32-unknown-unknown \
    -Zbuild-std=std,panic_abort \
    --no-default-features -p calidad-core -p calidad-privacy -p calidad-score "$@"
ls -l "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/"*.rlib | awk '{print $5, $9}'
