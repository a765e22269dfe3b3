// The live poker room's sync server for the end-to-end tests and the
// benchmark: the stock y-websocket server (@y/websocket-server, installed
// by `npm ci` from package-lock.json), run from node_modules on a free
// 127.0.0.1 port with a fresh LevelDB folder, the way scripts/sync-server.sh
// runs it.
//
//   const sync = await startSyncServer();
//   sync.url        'ws://127.0.0.1:<port>'; a room is sync.url + '/<room>'
//   sync.port       the port
//   sync.dir        the persistence folder (YPERSISTENCE)
//   await sync.stop()      kills it and waits until it has exited
//   await sync.restart()   starts it again, same port and same folder
//
// Every server still running is killed when the test process exits.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, freePort } from './site.mjs';

const PACKAGE = join(ROOT, 'node_modules', '@y', 'websocket-server');

/** The server's entry point, from the package's own `bin` (no npx). */
function serverScript() {
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8'));
  } catch {
    throw new Error('@y/websocket-server is not installed: run `npm ci` (scripts/setup.sh does)');
  }
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['y-websocket'] ?? pkg.bin['y-websocket-server'];
  return join(PACKAGE, bin);
}

/** Every server process alive, and the folders to remove at exit. */
const running = new Set();
const folders = new Set();
function cleanUp() {
  for (const proc of running) {
    try {
      proc.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
}
process.on('exit', cleanUp);
// 'exit' does not run when a signal ends the process: clean up, then end as
// the signal would have. (Ctrl+C reaches the servers too: they are in the
// same process group.)
for (const signal of ['SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    cleanUp();
    process.kill(process.pid, signal);
  });
}

function exited(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once('exit', () => resolve()));
}

/**
 * Starts the server; `options.dir` reuses a persistence folder (by default
 * a fresh one in the temp folder, removed at exit).
 */
export async function startSyncServer(options = {}) {
  const script = serverScript();
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tandem-sync-'));
  if (!options.dir) folders.add(dir);
  let proc = null;

  async function start() {
    let output = '';
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    running.add(child);
    child.once('exit', () => running.delete(child));
    proc = child;
    // Up once an HTTP GET answers (it answers every path with "okay").
    for (let i = 0; i < 150; i++) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the sync server exited (${child.exitCode ?? child.signalCode}):\n${output}`);
      }
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        await res.text();
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`the sync server on port ${port} did not start:\n${output}`);
  }

  async function stop() {
    if (!proc) return;
    const child = proc;
    proc = null;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    // Waits for the exit, so LevelDB's lock on the folder is released.
    await exited(child);
  }

  await start();
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    async restart() {
      await stop();
      await start();
    },
  };
}
