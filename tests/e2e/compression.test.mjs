// End-to-end: compressed on the wire. The build's precompressed .br and .gz
// files (scripts/compress.mjs), sent by the serve command's server
// (scripts/serve.py) under /tools/tandem/ by content negotiation, with the
// right types, lengths and cache headers; no path leaves the served folder;
// and the app loads in Chromium from the compressed files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ROOT, SUB_PATH, useServedApp, openApp, tempDir } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';

const app = useServedApp();
const DIST = process.env.TANDEM_DIST || join(ROOT, 'dist');

/** The wasm and JS loader that index.html starts, as build.sh finds them
 * (scripts/trunk_page.py). */
function entryFiles() {
  const page = JSON.parse(execFileSync('python3', [join(ROOT, 'scripts', 'trunk_page.py'), '--json', join(DIST, 'index.html')]).toString());
  return { js: page.glue, wasm: page.wasm };
}

/** One raw HTTP exchange: no decoding, no added headers, the path sent as written. */
function request(path, { method = 'GET', headers = {} } = {}) {
  const { hostname, port } = new URL(app.server.origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const TYPES = { wasm: 'application/wasm', js: 'text/javascript', html: 'text/html' };

test('the build wrote a .br and a .gz beside every text and wasm file', () => {
  const kinds = /\.(html|js|wasm|css|svg|json)$/;
  const missing = readdirSync(DIST)
    .filter((f) => kinds.test(f))
    .flatMap((f) => ['.br', '.gz'].map((s) => f + s))
    .filter((f) => !existsSync(join(DIST, f)));
  assert.deepEqual(missing, [], `scripts/build.sh runs "node scripts/compress.mjs dist"`);
});

for (const [label, name] of [['index.html (the folder)', ''], ['index.html', 'index.html'], ['the JS loader', 'js'], ['the wasm', 'wasm']]) {
  test(`${label}: brotli, gzip or identity as Accept-Encoding asks, each the plain file's bytes`, async () => {
    const file = name === 'js' || name === 'wasm' ? entryFiles()[name] : 'index.html';
    const plain = readFileSync(join(DIST, file));
    const type = TYPES[file.split('.').pop()];
    const path = SUB_PATH + (name === '' ? '' : file);
    const cases = [
      ['br', 'br', brotliDecompressSync],
      ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', gunzipSync],
      ['br;q=0, gzip', 'gzip', gunzipSync],
      ['gzip;q=1, br;q=0.5', 'gzip', gunzipSync],
      ['identity', undefined, (b) => b],
      [undefined, undefined, (b) => b],
    ];
    for (const [accept, encoding, decode] of cases) {
      const res = await request(path, { headers: accept === undefined ? {} : { 'Accept-Encoding': accept } });
      const what = `${path} with Accept-Encoding ${accept ?? '(none)'}`;
      assert.equal(res.status, 200, what);
      assert.equal(res.headers['content-encoding'], encoding, what);
      assert.ok(res.headers['content-type'].startsWith(type), `${what}: ${res.headers['content-type']}`);
      assert.equal(Number(res.headers['content-length']), res.body.length, what);
      assert.match(res.headers.vary ?? '', /Accept-Encoding/i, what);
      if (encoding) assert.ok(res.body.length < plain.length, `${what}: compressed`);
      assert.ok(decode(res.body).equals(plain), `${what}: decodes to the plain file`);
    }
  });
}

test('the wasm is application/wasm, and hashed files are immutable while the pages revalidate', async () => {
  const { js, wasm } = entryFiles();
  const wasmRes = await request(SUB_PATH + wasm, { method: 'HEAD', headers: { 'Accept-Encoding': 'br' } });
  assert.equal(wasmRes.headers['content-type'], 'application/wasm');
  for (const file of [js, wasm]) {
    const res = await request(SUB_PATH + file, { method: 'HEAD' });
    assert.match(res.headers['cache-control'], /max-age=31536000/, file);
    assert.match(res.headers['cache-control'], /immutable/, file);
  }
  for (const file of ['', 'index.html', 'join.html', 'tandem.html']) {
    const res = await request(SUB_PATH + file, { method: 'HEAD', headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(res.status, 200, file);
    assert.equal(res.headers['cache-control'], 'no-cache', file);
    assert.match(res.headers['content-type'], /^text\/html/, file);
    // A revalidation of an unchanged page is a 304 with no body.
    const again = await request(SUB_PATH + file, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': res.headers.etag } });
    assert.equal(again.status, 304, file);
    assert.equal(again.body.length, 0, file);
  }
});

test('HEAD sends the headers of GET and no body; a missing file is a 404', async () => {
  const { wasm } = entryFiles();
  for (const accept of ['br', 'gzip', 'identity']) {
    const head = await request(SUB_PATH + wasm, { method: 'HEAD', headers: { 'Accept-Encoding': accept } });
    const get = await request(SUB_PATH + wasm, { headers: { 'Accept-Encoding': accept } });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    for (const h of ['content-type', 'content-length', 'content-encoding', 'etag', 'cache-control']) {
      assert.equal(head.headers[h], get.headers[h], `${h} for ${accept}`);
    }
  }
  const missing = await request(SUB_PATH + 'no-such-file.wasm', { headers: { 'Accept-Encoding': 'br' } });
  assert.equal(missing.status, 404);
  // The folder without its slash is sent to the folder (relative asset paths need it).
  const bare = await request(SUB_PATH.slice(0, -1));
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.location, SUB_PATH);
});

test('no path leaves the served folder', async () => {
  // A file beside the served folder, and one inside it outside the sub-path.
  const secret = `tandem-secret-${process.pid}.txt`;
  const outside = join(dirname(app.server.root), secret);
  writeFileSync(outside, 'outside the served folder');
  try {
    const up = '../'.repeat(SUB_PATH.split('/').filter(Boolean).length + 1);
    const paths = [
      `${SUB_PATH}${up}${secret}`,
      `/${up}${secret}`,
      `${SUB_PATH}${up.replaceAll('../', '%2e%2e/')}${secret}`,
      `${SUB_PATH}${up.replaceAll('/', '%2f')}${secret}`,
      `${SUB_PATH}${up.replaceAll('../', '..%5c')}${secret}`,
      `${SUB_PATH}..%00/${secret}`,
    ];
    for (const path of paths) {
      const res = await request(path, { headers: { 'Accept-Encoding': 'gzip' } });
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status}`);
      assert.ok(!res.body.toString().includes('outside the served folder'), path);
    }
    // The same file reached the honest way inside the folder is served,
    // so the refusals above are about the path and not a broken server.
    writeFileSync(join(app.server.root, secret), 'inside');
    const inside = await request(`/${secret}`);
    assert.equal(inside.status, 200);
    assert.equal(inside.body.toString(), 'inside');
  } finally {
    rmSync(outside, { force: true });
  }
});

test('in Chromium under the sub-path the app starts from the compressed files', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  const encodings = {};
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    const name = path.endsWith('/') ? 'index.html' : basename(path);
    encodings[name] = r.headers()['content-encoding'];
  });
  await page.reload();
  await page.getByRole('button', { name: 'Start with iOS, Android and Backend' }).waitFor();
  const { js, wasm } = entryFiles();
  for (const file of ['index.html', js, wasm]) {
    assert.ok(['br', 'gzip'].includes(encodings[file]), `${file} came ${encodings[file] ?? 'uncompressed'}`);
  }
  await startWithOurTeams(page);
  await page.getByRole('textbox', { name: 'New story title' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('compress.mjs: the same bytes every run, every kind of file, nothing compressed twice', () => {
  const dir = tempDir();
  try {
    const text = 'Tandem '.repeat(2000);
    writeFileSync(join(dir, 'a.html'), text);
    writeFileSync(join(dir, 'b.js'), text + 'js');
    writeFileSync(join(dir, 'c.wasm'), Buffer.from(text + 'wasm'));
    writeFileSync(join(dir, 'd.css'), text + 'css');
    writeFileSync(join(dir, 'e.svg'), `<svg>${text}</svg>`);
    writeFileSync(join(dir, 'f.json'), JSON.stringify({ text }));
    writeFileSync(join(dir, 'g.png'), text);
    const run = () => execFileSync('node', [join(ROOT, 'scripts', 'compress.mjs'), dir], { encoding: 'utf8' });
    run();
    const listing = () => readdirSync(dir).sort();
    const files = listing();
    assert.deepEqual(
      files.filter((f) => /\.(br|gz)$/.test(f)),
      ['a.html', 'b.js', 'c.wasm', 'd.css', 'e.svg', 'f.json'].flatMap((f) => [`${f}.br`, `${f}.gz`]),
    );
    for (const f of ['a.html', 'c.wasm', 'f.json']) {
      const plain = readFileSync(join(dir, f));
      assert.ok(brotliDecompressSync(readFileSync(join(dir, `${f}.br`))).equals(plain), `${f}.br`);
      assert.ok(gunzipSync(readFileSync(join(dir, `${f}.gz`))).equals(plain), `${f}.gz`);
    }
    const first = Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f))]));
    const mtimes = Object.fromEntries(files.map((f) => [f, statSync(join(dir, f)).mtimeMs]));
    // A second run writes nothing: no a.html.br.gz, no file touched.
    assert.match(run(), /0 of 6 files/);
    assert.deepEqual(listing(), files);
    for (const f of files) assert.equal(statSync(join(dir, f)).mtimeMs, mtimes[f], f);
    // A stale .gz (the file changed) is rewritten; the same input gives the same bytes.
    writeFileSync(join(dir, 'a.html.gz'), 'stale');
    rmSync(join(dir, 'b.js.br'));
    assert.match(run(), /2 of 6 files/);
    for (const f of files) assert.ok(readFileSync(join(dir, f)).equals(first[f]), `${f} is byte for byte the same`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
