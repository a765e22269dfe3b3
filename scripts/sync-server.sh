#!/usr/bin/env bash
# Runs the sync server of Tandem's live poker room: the stock y-websocket
# server (npm package @y/websocket-server, pinned in package-lock.json),
# which relays and stores the Yjs documents of the rooms.
#
#   scripts/sync-server.sh
#   HOST=0.0.0.0 PORT=1234 YPERSISTENCE=/var/lib/tandem-sync scripts/sync-server.sh
#
#   HOST          address to listen on (default 127.0.0.1: this machine only)
#   PORT          port to listen on (default 1234)
#   YPERSISTENCE  folder the rooms are kept in (a LevelDB database; default
#                 tandem-sync-data/ in the repository), so a restart keeps
#                 every room
#
# Installs only the npm packages of package-lock.json (npm ci) when they are
# missing; it needs Node.js and npm, not the Rust toolchain.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER="$ROOT/node_modules/.bin/y-websocket"

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-1234}"
YPERSISTENCE="${YPERSISTENCE:-$ROOT/tandem-sync-data}"

if [ ! -x "$SERVER" ] \
  || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  printf '\033[1m==> %s\033[0m\n' "installing the npm packages of package-lock.json (npm ci)" >&2
  (cd "$ROOT" && npm ci --no-audit --no-fund)
fi

mkdir -p "$YPERSISTENCE"
YPERSISTENCE="$(cd "$YPERSISTENCE" && pwd)"

# The address to show: a wildcard address is reachable by this machine's name.
shown="$HOST"
case "$HOST" in
  0.0.0.0 | :: | "[::]") shown="$(hostname -f 2>/dev/null || hostname)" ;;
  *:*) shown="[$HOST]" ;; # an IPv6 literal
esac

cat <<EOF

Tandem sync server (y-websocket), rooms kept in $YPERSISTENCE
In Tandem's settings, the sync server address is:

    ws://$shown:$PORT

Behind a reverse proxy (see "Live poker room: the sync server" in README.md),
it is the proxy's address instead, e.g. wss://intranet-host/tandem-sync
Ctrl+C stops the server; the rooms stay in the folder above.

EOF

export HOST PORT YPERSISTENCE
exec "$SERVER"
