#!/usr/bin/env bash
# Builds the release dist/ and serves it as static files the way a
# well-configured intranet server would: each file's precompressed .br or
# .gz (scripts/compress.mjs) when the browser takes it, with the right
# Content-Type, Content-Encoding and cache headers (scripts/serve.py).
#   PORT=8080 by default.
#   --no-build   serves the dist/ there is, without building first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD=1
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    *) echo "usage: scripts/serve.sh [--no-build]" >&2; exit 2 ;;
  esac
done
if [ "$BUILD" = 1 ]; then
  "$ROOT/scripts/build.sh"
elif [ ! -f "$ROOT/dist/index.html" ]; then
  echo "serve.sh: no build in dist/: run scripts/serve.sh without --no-build" >&2
  exit 1
fi
# Quick when the build has already compressed everything (it only checks).
node "$ROOT/scripts/compress.mjs" "$ROOT/dist"
PORT="${PORT:-8080}"
echo
echo "Tandem is served at http://127.0.0.1:$PORT/  (Ctrl+C stops it)"
exec python3 "$ROOT/scripts/serve.py" --bind 127.0.0.1 --port "$PORT" "$ROOT/dist"
