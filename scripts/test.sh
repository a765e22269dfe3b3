#!/usr/bin/env bash
# Runs every test: formatting and lints, native domain tests, browser tests
# of storage and components (wasm-bindgen-test in headless Chromium), and
# end-to-end tests against the release build served under a sub-path.
set -euo pipefail
# A one-off run gains nothing from incremental caches, which cost gigabytes.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh" --browser
cd "$ROOT"

say "cargo fmt --check"
cargo fmt --check

say "cargo clippy (native and wasm32)"
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --all-targets --target wasm32-unknown-unknown -- -D warnings

say "native tests (domain rules, exchange format, property tests)"
cargo test --locked
# On CI the native test executables (about 60 MB each) are not used
# again, and the wasm and release builds that follow need the room: a clean
# run must fit in about 3 GB. The example the benchmark runs stays. (A
# developer's machine keeps them, for the next run.)
if [ "${CI:-}" = true ]; then
  find target/debug/deps -maxdepth 1 -type f -perm -u+x -delete
fi

say "browser tests (storage, components) in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked --target wasm32-unknown-unknown \
  --test web_storage --test web_components
# Likewise, on CI, the wasm test build (about 1 GB): the release build is
# separate.
if [ "${CI:-}" = true ]; then
  rm -rf target/wasm32-unknown-unknown/debug
fi

"$ROOT/scripts/build.sh"

say "end-to-end tests in Chromium against dist/ under /tools/tandem/"
node --test --test-concurrency=1 tests/e2e/

say "benchmark, quick mode (proves it runs; no timing is asserted)"
node scripts/bench.mjs --quick > /dev/null
