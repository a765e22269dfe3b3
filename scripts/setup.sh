#!/usr/bin/env bash
# Installs what Tandem's build and tests need, from the package registries
# only, and skips whatever is already there. Sourced by the other scripts.
#   scripts/setup.sh            toolchain for building (target, Trunk, wasm-bindgen, npm
#                               packages incl. the sync server)
#   scripts/setup.sh --browser  also Debian's Chromium and ChromeDriver (for tests)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    say "installing Trunk $TRUNK_VERSION (takes several minutes once)"
    cargo install --locked "trunk@$TRUNK_VERSION"
  fi
}

ensure_wasm_bindgen() {
  # The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
  local want
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock")"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$" \
    || ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "installing wasm-bindgen-cli $want"
    # --locked first; if one of its locked crates is missing from the
    # registry, let cargo pick compatible versions.
    cargo install --locked "wasm-bindgen-cli@$want" \
      || cargo install --force "wasm-bindgen-cli@$want"
  fi
}

ensure_npm_packages() {
  if [ ! -x "$ROOT/node_modules/.bin/wasm-opt" ] \
    || [ ! -d "$ROOT/node_modules/playwright-core" ] \
    || [ ! -d "$ROOT/node_modules/@y/websocket-server" ] \
    || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    say "installing npm packages (playwright-core, binaryen, ajv, @y/websocket-server)"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}

ensure_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  fi
}

ensure_crates() {
  # Trunk builds offline, so every crate must be in the local cache first.
  (cd "$ROOT" && cargo fetch --locked >/dev/null)
}

ensure_wasm_target
ensure_trunk
ensure_wasm_bindgen
ensure_npm_packages
ensure_crates
if [ "${1:-}" = "--browser" ]; then
  ensure_browser
fi
