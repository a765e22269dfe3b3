// The live poker room's part of the benchmark (run from scripts/bench.mjs):
//
// - a participant's first visit to the join link on an emulated phone under
//   Lighthouse's mobile throttling, from the plain static server the tests
//   use (scripts/serve.py: brotli, as https pages and localhost get it) and
//   from the same server without its .br files (gzip: plain-http pages);
// - vote and reveal latency with many participant devices on localhost,
//   through the stock y-websocket server (scripts/sync-server.mjs);
// - the files each entry point (index.html, app.html, join.html) loads, raw and
//   gzipped.
//
// Times across pages are read from each page's own Date.now() (one machine,
// one clock), recorded by a MutationObserver in the page at the DOM change
// itself, so the driver's polling does not enter the figures.
import { readFileSync, mkdtempSync, cpSync, rmSync, existsSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { spawn, execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startSyncServer } from './sync-server.mjs';
import { ROOT, freePort } from './site.mjs';

/** Page errors and console errors of every page the section opens, for
 * the report: not the browser's own report of a refused websocket, nor the
 * 404s of the blank same-origin page a first visit starts from. */
const problems = [];
function watch(page, what) {
  page.on('pageerror', (e) => problems.push(`${what}: page error: ${e.message}`));
  page.on('console', (m) => {
    const url = m.location()?.url ?? '';
    if (m.type() !== 'error' || /\/(robots\.txt|favicon\.ico)$/.test(url) || /WebSocket connection to .* failed/.test(m.text())) return;
    problems.push(`${what}: console error: ${m.text()}${url ? ` (${url.split('#')[0]})` : ''}`);
  });
}

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Lighthouse's mobile profile (its "simulated" settings): 150 ms RTT,
 * 1.6 Mbit/s down, 750 Kbit/s up, 4× CPU slowdown. */
export const MOBILE = {
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
  cpuSlowdown: 4,
};

/** The participant page's marks, in every phone's page: performance.now()
 * (time since navigation start) for the first visit, Date.now() for the
 * figures compared across pages. */
const JOIN_MARKS = () => {
  const m = {
    nameFormDom: null, nameForm: null, joinTap: null, deckDom: null, deck: null, connected: null, roomRead: null,
    tapAt: null, roundAt: {}, revealAt: {},
  };
  window.__live = m;
  // Resolved at the paint, for a driver that waits without polling (a
  // polling driver's scripts run on the throttled page and delay it).
  const resolvers = {};
  window.__painted = Object.fromEntries(
    ['nameForm', 'deck'].map((key) => [key, new Promise((resolve) => (resolvers[key] = resolve))]),
  );
  const painted = (key) => {
    m[key + 'Dom'] = performance.now();
    requestAnimationFrame(() => {
      m[key] = performance.now();
      resolvers[key]?.(m[key]);
    });
  };
  const check = () => {
    if (m.nameFormDom === null && document.getElementById('join-name-input')) painted('nameForm');
    if (m.deckDom === null && document.querySelector('.join-deck button[aria-label="Card 5"]')) painted('deck');
    if (m.connected === null && document.querySelector('.join-status.live')) m.connected = performance.now();
    // The session's name shows once the page has read the room.
    if (m.roomRead === null && document.querySelector('.join-head .hint')) m.roomRead = performance.now();
    const round = document.querySelector('.join-key')?.textContent.match(/round (\d+)/)?.[1];
    if (!round) return;
    if (!(round in m.roundAt) && document.querySelector('.join-deck')) m.roundAt[round] = Date.now();
    if (!(round in m.revealAt) && document.querySelector('table.votes')) m.revealAt[round] = Date.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  document.addEventListener(
    'click',
    (e) => {
      const t = e.target instanceof Element ? e.target : null;
      if (t?.closest('.join-card')) m.tapAt = Date.now();
      if (t?.closest('form.join-name button') && m.joinTap === null) m.joinTap = performance.now();
    },
    true,
  );
};

/** The facilitator's marks: Date.now() when "<name>: voted" first shows in
 * the round's Votes list, per round ("<round>|<name>"). */
const FACILITATOR_MARKS = () => {
  const voted = {};
  window.__votedAt = voted;
  const scan = () => {
    const round = document.querySelector('.poker-round .hint')?.textContent.match(/Round (\d+)/)?.[1];
    if (!round) return;
    for (const b of document.querySelectorAll('.poker-round ul.voters button')) {
      const name = b.textContent.match(/^(.*): voted$/)?.[1];
      if (name !== undefined && !(`${round}|${name}` in voted)) voted[`${round}|${name}`] = Date.now();
    }
  };
  new MutationObserver(scan).observe(document, { childList: true, subtree: true, characterData: true });
};

/**
 * The serve command's server (scripts/serve.py) over a copy of `root`
 * without its brotli files: what a phone gets from a plain-http intranet,
 * where browsers ask for gzip only (they take brotli on https pages and on
 * localhost, as the benchmark's own origin is).
 */
export async function serveGzipOnly(root, subPath) {
  const copy = mkdtempSync(join(tmpdir(), 'tandem-gzip-'));
  cpSync(root, copy, { recursive: true, filter: (f) => !f.endsWith('.br') });
  const port = await freePort();
  const proc = spawn('python3', [join(ROOT, 'scripts', 'serve.py'), '--quiet', '--bind', '127.0.0.1', '--port', String(port), copy], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(origin + subPath).then((r) => r.ok, () => false);
    if (up) break;
    if (i > 100) throw new Error('scripts/serve.py did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    url: origin + subPath,
    async close() {
      proc.kill();
      await new Promise((r) => (proc.exitCode === null ? proc.once('exit', r) : r()));
      rmSync(copy, { recursive: true, force: true });
    },
  };
}

/** A facilitator on a laptop-sized page: a fresh workspace with three
 * stories, the sync server set, a poker session with those stories queued,
 * a live room open and its first round started. Returns the join link. */
export async function openFacilitator(browser, server, sync, workspace = null) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(FACILITATOR_MARKS);
  const page = await context.newPage();
  watch(page, 'facilitator');
  if (workspace) {
    await page.goto(server.url + 'app.html#/data');
    await page.getByLabel('Import JSON').setInputFiles(workspace);
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Replace workspace' }).click();
    await page.getByRole('status').getByText(/^Imported/).waitFor({ timeout: 120000 });
  } else {
    await page.goto(server.url + '#/');
    await page.getByRole('button', { name: 'Start with iOS, Android and Backend' }).click();
    for (const title of ['Login screen', 'Password reset', 'Profile photo']) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^iOS/ }).click();
      const input = page.getByRole('textbox', { name: 'New story title' });
      await input.fill(title);
      await input.press('Enter');
    }
  }
  await page.goto(server.url + 'app.html#/data');
  await page.getByLabel('Sync server address').fill(sync.url);
  await page.getByRole('button', { name: 'Save server address' }).click();
  await page.getByText(`Saved. Live rooms run through ${sync.url}.`).waitFor();
  await page.goto(server.url + 'app.html#/poker');
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByLabel('Find stories to queue').fill('IOS');
  for (const key of ['IOS-1', 'IOS-2', 'IOS-3']) await page.getByRole('button', { name: `Queue ${key}`, exact: true }).click();
  await page.getByRole('button', { name: 'Open live room' }).click();
  const room = page.getByRole('region', { name: 'Live room' });
  await room.getByRole('status').getByText('Live:').waitFor();
  const link = await room.getByRole('link', { name: /join\.html#\/join\// }).getAttribute('href');
  await page.getByRole('button', { name: 'Start with IOS-1' }).click();
  await page.locator('.poker-round .hint').getByText('Round 1').waitFor();
  return { context, page, link };
}

/** Network and CPU emulation through the DevTools protocol; the cache off. */
async function emulate(page, throttled) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttled === true || throttled?.network) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: MOBILE.latency,
      downloadThroughput: MOBILE.downloadThroughput,
      uploadThroughput: MOBILE.uploadThroughput,
    });
  }
  if (throttled === true || throttled?.cpu) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE.cpuSlowdown });
  }
  return cdp;
}

/**
 * The value of `expression` in the page (a promise is awaited), through the
 * DevTools protocol alone: Playwright's locators and polling inject and run
 * their own scripts in the page, which on a CPU slowed 4× costs it a few
 * hundred milliseconds. Tried again for a while, since right after a
 * navigation commits the new document's context may not be there yet.
 */
export async function evaluateInPage(cdp, expression) {
  for (let tries = 0; ; tries++) {
    const r = await cdp
      .send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })
      .catch((e) => ({ failed: e }));
    if (!r.failed && !r.exceptionDetails) return r.result.value;
    if (tries > 100) throw new Error(`${expression}: ${r.failed?.message ?? r.exceptionDetails.text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * One first visit of the join link on a fresh phone: navigation → the name
 * form painted, then (after the name is typed) the Join tap → the deck of
 * the round under way painted. Also what was transferred.
 */
export async function firstVisit(browser, origin, link, name, throttled) {
  const context = await browser.newContext(PHONE);
  await context.addInitScript(JOIN_MARKS);
  const page = await context.newPage();
  // A page of the same origin first (a 404), so the emulation is in place
  // in the renderer that then navigates to the link (nothing of it is
  // cached: the cache is off).
  watch(page, `phone ${name}`);
  await page.goto(origin + '/robots.txt').catch(() => {});
  const cdp = await emulate(page, throttled);
  await page.goto(link, { waitUntil: 'commit' });
  // Driven through the DevTools protocol alone, one evaluation per step.
  const run = (expression) => evaluateInPage(cdp, expression);
  await run('window.__painted.nameForm');
  await run(`(() => {
    const input = document.getElementById('join-name-input');
    input.value = ${JSON.stringify(name)};
    input.dispatchEvent(new Event('input', { bubbles: true }));
    document.querySelector('form.join-name button').click();
  })()`);
  await run('window.__painted.deck');
  const figures = await page.evaluate(() => {
    const m = window.__live;
    const resources = performance.getEntriesByType('resource');
    const nav = performance.getEntriesByType('navigation')[0];
    const wasm = resources.find((r) => r.name.endsWith('.wasm'));
    return {
      name_form_ms: m.nameForm,
      join_to_deck_ms: m.deck - m.joinTap,
      room_read_ms: m.roomRead,
      wasm_loaded_ms: wasm ? wasm.responseEnd : null,
      transferred_bytes: (nav?.transferSize ?? 0) + resources.reduce((s, r) => s + (r.transferSize || 0), 0),
    };
  });
  figures.first_visit_ms = figures.name_form_ms + figures.join_to_deck_ms;
  await context.close();
  return figures;
}

/** A phone that joined the room under `name` (no throttling). */
async function joinPhone(browser, link, name) {
  const context = await browser.newContext(PHONE);
  await context.addInitScript(JOIN_MARKS);
  const page = await context.newPage();
  watch(page, `phone ${name}`);
  await page.goto(link);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  return { context, page, name };
}

/** Clicks the first button matching `selector` (and whose text is `text`,
 * if given) in the page; returns the page's Date.now() just before. */
const clickAt = (page, selector, text) =>
  page.evaluate(
    ([s, t]) => {
      const button = [...document.querySelectorAll(s)].find((b) => t === undefined || b.textContent.trim() === t);
      if (!button) throw new Error(`no button ${s} ${t ?? ''}`);
      const at = Date.now();
      button.click();
      return at;
    },
    [selector, text],
  );

const currentRound = (page) =>
  page.evaluate(() => Number(document.querySelector('.poker-round .hint')?.textContent.match(/Round (\d+)/)?.[1]));

/** Waits until `fn` (run in the page, given `arg`) returns a number. */
const waitNumber = async (page, fn, arg) => (await page.waitForFunction(fn, arg, { timeout: 60000, polling: 20 })).jsonValue();

const CARDS = ['1', '2', '3', '5', '8', '13'];

/** Taps a card in every phone at one moment (each page sets a timer for
 * the same Date.now()), and returns the times each tap happened. */
async function tapAll(phones, offset) {
  const at = Date.now() + 300 + phones.length * 20;
  const taps = await Promise.all(
    phones.map((p, i) =>
      p.page.evaluate(
        ([when, label]) =>
          new Promise((resolve) =>
            setTimeout(() => {
              const t = Date.now();
              document.querySelector(`.join-deck button[aria-label="Card ${label}"]`).click();
              resolve(t);
            }, Math.max(0, when - Date.now())),
          ),
        [at, CARDS[(i + offset) % CARDS.length]],
      ),
    ),
  );
  return taps;
}

/** A plain websocket client of the room (the `ws` package the sync server
 * uses) in a worker thread of its own, so the driver's work does not delay
 * its stamps: it only listens, and stamps each document update the server
 * relays (y-websocket's sync message, type update). */
async function listen(sync, link) {
  const code = link.match(/#\/join\/([0-9a-z]+)\?/)[1];
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const WebSocket = require(workerData.ws);
     const socket = new WebSocket(workerData.url);
     socket.on('open', () => parentPort.postMessage({ open: true }));
     socket.on('message', (data) => {
       const at = Date.now();
       if (data[0] === 0 && data[1] === 2) parentPort.postMessage({ at, bytes: data.length });
     });
     parentPort.on('message', () => { socket.close(); parentPort.close(); });`,
    { eval: true, workerData: { url: `${sync.url}/${code}`, ws: join(ROOT, 'node_modules', 'ws') } },
  );
  const frames = [];
  await new Promise((resolve, reject) => {
    worker.on('message', (m) => (m.open ? resolve() : frames.push(m)));
    worker.once('error', reject);
  });
  return {
    /** The first update relayed at or after `t`, once it has arrived. */
    async firstAfter(t) {
      for (let i = 0; i < 200; i++) {
        const f = frames.find((x) => x.at >= t);
        if (f) return f;
        await new Promise((r) => setTimeout(r, 10));
      }
      return null;
    },
    close: () => worker.terminate(),
  };
}

/**
 * `participants` phones in the room; per run, a round voted one phone at a
 * time (each vote timed to the facilitator's screen), revealed (timed until
 * every phone shows the votes), re-voted (timed until every phone shows the
 * new round's deck), voted by every phone at the same moment, revealed
 * again.
 */
export async function roomLatency(browser, server, sync, participants, runs, log, workspace = null) {
  const fac = await openFacilitator(browser, server, sync, workspace);
  const phones = [];
  for (let i = 1; i <= participants; i++) {
    phones.push(await joinPhone(browser, fac.link, `P${String(i).padStart(2, '0')}`));
  }
  await fac.page.waitForFunction((n) => document.querySelectorAll('ul.live-people li.online').length === n, participants, { timeout: 60000 });
  for (const p of phones) await p.page.locator('.join-deck').waitFor({ timeout: 60000 });
  const relay = await listen(sync, fac.link);
  const f = {
    vote_ms: [], vote_first_ms: [], vote_last_ms: [], burst_all_voted_ms: [],
    reveal_relayed_ms: [], reveal_all_ms: [], reveal_median_device_ms: [], round_all_ms: [],
  };

  const reveal = async (round) => {
    const at = await clickAt(fac.page, '.poker-round button.primary', 'Reveal');
    const seen = [];
    for (const p of phones) seen.push((await waitNumber(p.page, (r) => window.__live.revealAt[r], round)) - at);
    f.reveal_all_ms.push(Math.max(...seen));
    f.reveal_median_device_ms.push(median(seen));
    const relayed = await relay.firstAfter(at);
    f.reveal_relayed_ms.push(relayed ? relayed.at - at : null);
  };
  const revote = async (round) => {
    const at = await clickAt(fac.page, '.poker-round .accept button', 'Re-vote');
    const seen = [];
    for (const p of phones) seen.push((await waitNumber(p.page, (r) => window.__live.roundAt[r], round + 1)) - at);
    f.round_all_ms.push(Math.max(...seen));
  };
  const votedAt = (round, name) => waitNumber(fac.page, (k) => window.__votedAt[k], `${round}|${name}`);

  for (let run = 0; run < runs; run++) {
    log(`live room, ${participants} devices, run ${run + 1}/${runs}`);
    // One vote at a time: the k-th vote finds k - 1 in the round.
    let round = await currentRound(fac.page);
    const votes = [];
    for (const [i, p] of phones.entries()) {
      const tap = await clickAt(p.page, `.join-deck button[aria-label="Card ${CARDS[i % CARDS.length]}"]`);
      votes.push((await votedAt(round, p.name)) - tap);
    }
    f.vote_ms.push(...votes);
    f.vote_first_ms.push(votes[0]);
    f.vote_last_ms.push(votes[votes.length - 1]);
    await reveal(round);
    await revote(round);
    round += 1;
    // Everyone at the same moment.
    const taps = await tapAll(phones, run);
    let last = 0;
    for (const p of phones) last = Math.max(last, await votedAt(round, p.name));
    f.burst_all_voted_ms.push(last - Math.min(...taps));
    await reveal(round);
    await revote(round);
  }
  relay.close();
  for (const p of phones) await p.context.close();
  await fac.context.close();
  return f;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Brotli at the quality scripts/compress.mjs writes. */
const brotli = (data) =>
  brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length;

/** The bytes a server sends for `path` compressed: its `.gz` or `.br`
 * copy as scripts/compress.mjs wrote it (gzip by Zopfli), else the file
 * compressed here. */
function sentSize(path, ext) {
  if (existsSync(path + ext)) return statSync(path + ext).size;
  const data = readFileSync(path);
  return ext === '.gz' ? gzipSync(data, { level: 9 }).length : brotli(data);
}

/** The files an entry point's HTML loads at start (read by scripts/trunk_page.py, as build.sh reads them). */
function entryPoint(dist, page) {
  const loads = JSON.parse(execFileSync('python3', [join(ROOT, 'scripts', 'trunk_page.py'), '--json', join(dist, page)]).toString());
  const [js, wasm, css] = [[loads.glue], [loads.wasm], loads.stylesheets];
  const size = (files) => {
    let raw = 0;
    let gzip = 0;
    let br = 0;
    for (const f of files) {
      const path = join(dist, f);
      raw += readFileSync(path).length;
      gzip += sentSize(path, '.gz');
      br += sentSize(path, '.br');
    }
    return { files: files.map((f) => f.replace(/-[0-9a-f]{12,16}/, '')), raw, gzip, br };
  };
  const parts = { html: size([page]), wasm: size(wasm), js: size(js), css: size(css) };
  const total = Object.values(parts).reduce(
    (t, p) => ({ raw: t.raw + p.raw, gzip: t.gzip + p.gzip, br: t.br + p.br }),
    { raw: 0, gzip: 0, br: 0 },
  );
  return { page, ...parts, total };
}

export function entryPoints() {
  const dist = process.env.TANDEM_DIST || join(ROOT, 'dist');
  const first = entryPoint(dist, 'index.html');
  const whole = entryPoint(dist, 'app.html');
  const participant = entryPoint(dist, 'join.html');
  const single = join(dist, 'tandem.html');
  return {
    'index.html': first,
    'app.html': whole,
    'join.html': participant,
    'tandem.html': { page: 'tandem.html', total: { raw: readFileSync(single).length, gzip: sentSize(single, '.gz'), br: sentSize(single, '.br') } },
  };
}

/**
 * The live room's figures: `runs` first visits per server, and `runs`
 * rounds of votes and reveals with `participants` phones (the quick mode
 * passes 1 and 3 to prove the code runs; nothing is asserted about the
 * times). `summary` turns a list of samples into median, min and max.
 */
export async function measureLive({ browser, server, runs, participants, log, summary }) {
  const sync = await startSyncServer();
  const gzip = await serveGzipOnly(server.root, new URL(server.url).pathname);
  try {
    // The first visit: its own facilitator and room (the phones it joins
    // stay in that room's session as people who left).
    const fac = await openFacilitator(browser, server, sync);
    const variants = {
      gzip: { origin: gzip.origin, link: fac.link.replace(server.origin, gzip.origin) },
      brotli: { origin: server.origin, link: fac.link },
    };
    const first = {};
    for (const [variant, { origin, link }] of Object.entries(variants)) {
      const rows = [];
      for (let run = 0; run < runs; run++) {
        log(`live room: first visit (${variant}), run ${run + 1}/${runs}`);
        rows.push(await firstVisit(browser, origin, link, `First ${variant} ${run + 1}`, true));
      }
      first[variant] = Object.fromEntries(Object.keys(rows[0]).map((k) => [k, summary(rows.map((r) => r[k]))]));
    }
    await fac.context.close();

    const room = await roomLatency(browser, server, sync, participants, runs, log);
    for (const p of new Set(problems)) log(`live room: ${p}`);
    return {
      throttling: MOBILE,
      first_visit: first,
      participants,
      room: Object.fromEntries(Object.entries(room).map(([k, v]) => [k, summary(v)])),
      problems: [...new Set(problems)],
    };
  } finally {
    await gzip.close();
    await sync.stop();
  }
}
