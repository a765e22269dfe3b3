#!/usr/bin/env bash
# Builds the release dist/ and serves it as static files, the way an
# intranet server would. PORT=8080 by default.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/build.sh"
PORT="${PORT:-8080}"
echo
echo "Tandem is served at http://127.0.0.1:$PORT/  (Ctrl+C stops it)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$ROOT/dist"
