#!/usr/bin/env python3
"""What a page Trunk built loads: its wasm-bindgen glue, its wasm, its style
sheets and its icon. The one place that knows the shape of Trunk's output,
read by single_file.py (to inline the app into tandem.html) and build.sh (to
report each page's sizes).

Trunk 0.21 writes, for `<link data-trunk rel="rust">`, a module script that
imports the glue and starts the wasm (`from './x.js'`, `module_or_path:
'./x_bg.wasm'`), and in the head a `modulepreload` link to the glue and a
`preload` link to the wasm. A Trunk or wasm-bindgen upgrade that writes the
page in another way must stop the build with a message saying what was
expected, never yield a tandem.html that starts nothing or a size report
that misses a file, so every expectation is checked here:

- exactly one module script, importing one glue file and starting one wasm;
- the preload links for both (the participant page's first visit relies on
  the wasm starting to download before the style sheets have arrived);
- every file named is in the folder, and the wasm is a WebAssembly module.

`python3 scripts/trunk_page.py dist/index.html` prints what it found
(`--json PAGE`: as JSON, for scripts in Node).
"""
import os
import re
import sys
from html.parser import HTMLParser


def fail(message):
    sys.exit(f"trunk_page.py: {message}")


class _Tags(HTMLParser):
    """The head's links and the inline scripts, as the parser sees them (so
    attribute order, quoting and spacing do not matter)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.scripts = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self._script = {"attrs": attrs, "text": ""}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(self._script)
            self._script = None


def _local(href, page):
    """A file of the page's own folder, from `./name`."""
    if not href.startswith("./") or "/" in href[2:]:
        fail(f"{page} names {href!r}: expected a file beside the page, written ./name")
    return href[2:]


class Page:
    """A built page and the files it loads (names relative to its folder)."""

    def __init__(self, path):
        self.path = path
        self.folder = os.path.dirname(path) or "."
        name = os.path.basename(path)
        if not os.path.isfile(path):
            fail(f"no built page at {path}")
        self.html = open(path, encoding="utf-8").read()
        tags = _Tags()
        tags.feed(self.html)

        starters = [s for s in tags.scripts if s["attrs"].get("type") == "module" and "src" not in s["attrs"]]
        if len(starters) != 1:
            fail(f"{name} has {len(starters)} inline module scripts; Trunk writes one that starts the wasm")
        text = starters[0]["text"]
        glue = re.findall(r"""from\s+['"](\./[^'"]+\.js)['"]""", text)
        wasm = re.findall(r"""module_or_path:\s*['"](\./[^'"]+\.wasm)['"]""", text)
        if len(glue) != 1 or len(wasm) != 1:
            fail(
                f"{name}'s start-up script does not import one glue file and start one wasm "
                "(`from './x.js'`, `module_or_path: './x_bg.wasm'`): has Trunk changed how it starts the app?"
            )
        self.glue = _local(glue[0], name)
        self.wasm = _local(wasm[0], name)

        rels = lambda rel: [link for link in tags.links if rel in link.get("rel", "").split()]
        if not any(link.get("href") == glue[0] for link in rels("modulepreload")):
            fail(f"{name} has no modulepreload link to {self.glue}")
        if not any(link.get("href") == wasm[0] and link.get("as") == "fetch" for link in rels("preload")):
            fail(f"{name} has no preload link to {self.wasm}: the wasm would start downloading late")
        self.stylesheets = [_local(link.get("href", ""), name) for link in rels("stylesheet")]
        icons = [_local(link.get("href", ""), name) for link in rels("icon")]
        self.icon = icons[0] if icons else None

        for file in self.files():
            if not os.path.isfile(os.path.join(self.folder, file)):
                fail(f"{name} loads {file}, which is not in {self.folder}")
        with open(os.path.join(self.folder, self.wasm), "rb") as f:
            if f.read(4) != b"\0asm":
                fail(f"{self.wasm} is not a WebAssembly module")

    def files(self):
        """Every file the page loads, the icon last."""
        return [self.glue, self.wasm, *self.stylesheets, *([self.icon] if self.icon else [])]

    def read(self, name, binary=False):
        """A file of the page's folder."""
        path = os.path.join(self.folder, name)
        if binary:
            return open(path, "rb").read()
        return open(path, encoding="utf-8").read()


if __name__ == "__main__":
    # --json: {"glue": …, "wasm": …, "stylesheets": […], "icon": …} of the
    # one page named, for the benchmark and the tests (Node).
    args = sys.argv[1:]
    if args[:1] == ["--json"]:
        import json

        page = Page(args[1] if len(args) > 1 else "dist/index.html")
        print(json.dumps({"glue": page.glue, "wasm": page.wasm, "stylesheets": page.stylesheets, "icon": page.icon}))
    else:
        for arg in args or ["dist/index.html"]:
            page = Page(arg)
            print(f"{arg}: glue {page.glue}, wasm {page.wasm}, styles {', '.join(page.stylesheets)}, icon {page.icon}")
