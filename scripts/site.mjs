// What the end-to-end tests and the benchmark share: the release dist/
// served as static files under a sub-path by the serve command's server
// (scripts/serve.py: the precompressed .br/.gz beside each file when the
// browser takes it), a free local port, and Debian's Chromium driven by
// playwright-core. (The sync server's starter is scripts/sync-server.mjs.)
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SUB_PATH = '/tools/tandem/';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** A port on 127.0.0.1 nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForServer(url, tries = 100) {
  for (let i = 0; i < tries; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

/**
 * Serves dist/ at http://127.0.0.1:<port>/tools/tandem/ with
 * scripts/serve.py, as scripts/serve.sh does (a dist/ without .br/.gz files
 * is served plain).
 */
export async function serveDist() {
  const dist = process.env.TANDEM_DIST || join(ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`no build in ${dist}: run scripts/build.sh first`);
  }
  const root = mkdtempSync(join(tmpdir(), 'tandem-site-'));
  const target = join(root, ...SUB_PATH.split('/').filter(Boolean));
  mkdirSync(target, { recursive: true });
  cpSync(dist, target, { recursive: true });
  const port = await freePort();
  const proc = spawn('python3', [join(ROOT, 'scripts', 'serve.py'), '--quiet', '--bind', '127.0.0.1', '--port', String(port), root], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const origin = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitForServer(origin + SUB_PATH),
      exited.then((code) => {
        throw new Error(`scripts/serve.py exited (${code}) before serving ${origin}`);
      }),
    ]);
  } catch (e) {
    proc.kill();
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
  return {
    url: origin + SUB_PATH,
    origin,
    root,
    async close() {
      if (proc.exitCode === null) {
        proc.kill();
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A fresh Chromium with an empty profile. */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
