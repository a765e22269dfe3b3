#!/usr/bin/env python3
"""Serves a built Tandem folder as static files, compressed on the wire.

    python3 scripts/serve.py [--bind 127.0.0.1] [--port 8080] [--quiet] DIR

Python's standard library only. For a request of X it sends X.br when the
request's Accept-Encoding takes brotli and X.br is there, else X.gz when it
takes gzip and X.gz is there, else X itself: the files scripts/compress.mjs
writes beside the build, the way nginx's gzip_static and brotli_static do.
Nothing is compressed on the fly, so a folder without them is served plain.

Every file goes out with its own Content-Type (application/wasm for .wasm),
Content-Length, `Vary: Accept-Encoding` when it could have been compressed,
and an ETag for revalidation. File names with a content hash (Trunk's
`name-0123456789abcdef.ext`) are cached for a year, immutable; everything
else, the pages above all, is `no-cache`: the browser asks again each time
and gets a 304 while it is unchanged, so a new build is picked up at once.
A path that names a folder serves its index.html (a folder without a slash
is redirected to one); there are no listings, and no path leaves DIR.
GET and HEAD only.
"""

import argparse
import email.utils
import os
import posixpath
import re
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
# The kinds of file scripts/compress.mjs compresses.
COMPRESSIBLE = {".html", ".js", ".wasm", ".css", ".svg", ".json"}
# Preferred first when the client takes both equally.
ENCODINGS = [("br", ".br"), ("gzip", ".gz")]
# Trunk names files by a 64-bit hash written in hex without leading zeros:
# 16 digits, fewer one time in 16 (a 15-digit name was served as
# revalidate). At least 12 digits keeps a word such as "-face" out.
HASHED = re.compile(r"-[0-9a-f]{12,16}(_bg)?\.[a-z0-9]+$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def accepted(header):
    """The codings an Accept-Encoding header takes, with their q-values."""
    weights = {}
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[name] = q
    return weights


def choose(header, path):
    """(coding, file) to send for `path`: the best precompressed variant the
    client takes, or (None, path)."""
    weights = accepted(header)
    best, best_q = (None, path), 0.0
    for coding, suffix in ENCODINGS:
        q = weights.get(coding, weights.get("*", 0.0))
        if q > best_q and os.path.isfile(path + suffix):
            best, best_q = (coding, path + suffix), q
    return best


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = "."
    quiet = False

    def version_string(self):
        return "Tandem serve.py"

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)

    def do_GET(self):
        self.serve(body=True)

    def do_HEAD(self):
        self.serve(body=False)

    def refuse(self, status):
        body = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", REVALIDATE)
        if status == HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", "GET, HEAD")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_POST(self):
        self.refuse(HTTPStatus.METHOD_NOT_ALLOWED)

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST

    def resolve(self, url_path):
        """The file under root that `url_path` names, or None. Decoded once;
        `..`, NUL bytes and backslashes are refused outright, and the real
        path (symlinks followed) must still be inside root."""
        path = unquote(url_path, errors="strict")
        if "\0" in path or "\\" in path or not path.startswith("/"):
            return None
        parts = path.split("/")
        if any(p in ("..", ".") for p in parts):
            return None
        real = os.path.realpath(os.path.join(self.root, *[p for p in parts if p]))
        if real != self.root and not real.startswith(self.root + os.sep):
            return None
        return real

    def serve(self, body):
        try:
            url_path = urlsplit(self.path).path
            file = self.resolve(url_path)
        except (UnicodeDecodeError, ValueError):
            file = None
        if file is None:
            return self.refuse(HTTPStatus.NOT_FOUND)
        if os.path.isdir(file):
            if not url_path.endswith("/"):
                query = urlsplit(self.path).query
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", url_path + "/" + ("?" + query if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = os.path.join(file, "index.html")
        if not os.path.isfile(file):
            return self.refuse(HTTPStatus.NOT_FOUND)

        name = os.path.basename(file)
        ext = os.path.splitext(name)[1].lower()
        coding, sent = choose(self.headers.get("Accept-Encoding"), file) if ext in COMPRESSIBLE else (None, file)
        try:
            f = open(sent, "rb")
        except OSError:
            return self.refuse(HTTPStatus.NOT_FOUND)
        with f:
            st = os.fstat(f.fileno())
            etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}{"-" + coding if coding else ""}"'
            fresh = etag in [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]
            self.send_response(HTTPStatus.NOT_MODIFIED if fresh else HTTPStatus.OK)
            if not fresh:
                self.send_header("Content-Type", TYPES.get(ext, "application/octet-stream"))
                self.send_header("Content-Length", str(st.st_size))
                if coding:
                    self.send_header("Content-Encoding", coding)
            if ext in COMPRESSIBLE:
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", email.utils.formatdate(st.st_mtime, usegmt=True))
            self.send_header("Cache-Control", IMMUTABLE if HASHED.search(name) else REVALIDATE)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if body and not fresh:
                while chunk := f.read(1 << 16):
                    self.wfile.write(chunk)

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def main():
    parser = argparse.ArgumentParser(description="Serves DIR as static files, sending the .br/.gz beside each file when the client takes it.")
    parser.add_argument("dir", help="the folder to serve (e.g. dist)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--quiet", action="store_true", help="no line per request")
    args = parser.parse_args()
    if not os.path.isdir(args.dir):
        parser.error(f"{args.dir} is not a folder")
    Handler.root = os.path.realpath(args.dir)
    Handler.quiet = args.quiet
    server = ThreadingHTTPServer((args.bind, args.port), Handler)
    host, port = server.server_address[:2]
    print(f"serve.py: serving {Handler.root} at http://{host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
