// The benchmark driver (run by scripts/bench.sh). See BENCHMARKS.md for what
// each figure means. Usage:
//   node scripts/bench.mjs [--quick] [--runs N] [--participants N] [--live-only]
//   node scripts/bench.mjs --render
// --quick: a few hundred stories, 3 devices in the live room, one run,
// results in a temporary folder (proves the benchmark runs; no timing is
// asserted). --live-only: only the live poker room's section, results in a
// temporary folder (BENCHMARKS.md is left as it is). --render: writes
// BENCHMARKS.md again from bench/results.json and bench/notes.md, measuring
// nothing (after editing the notes).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, statSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { ROOT, serveDist, launch } from './site.mjs';
import { measureLive, entryPoints, evaluateInPage } from './bench-live.mjs';
import { measureShared, sharedMarkdown } from './bench-shared.mjs';
import { breakdown, breakdownMarkdown } from './wasm-breakdown.mjs';
import { INSTRUMENT, importInto, typeFilter, switchView, moveSprintStory } from './bench-page.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const liveOnly = args.includes('--live-only');
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const saved = args.includes('--render') ? JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8')) : null;
const RUNS = saved ? saved.runs : option('--runs', quick ? 1 : 5);
const PARTICIPANTS = option('--participants', quick ? 3 : 30);
const SIZES = saved ? Object.keys(saved.sizes).map(Number) : liveOnly ? [] : quick ? [300] : [1000, 10000];
const SPRINTS = (saved ? saved.quick : quick) ? 3 : 20;
const scratch = quick || liveOnly;
const outDir = scratch ? mkdtempSync(join(os.tmpdir(), 'tandem-bench-')) : join(ROOT, 'bench');
mkdirSync(outDir, { recursive: true });

const log = (...a) => console.error('bench:', ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  if (!v.length) return null;
  return { median: median(v), min: Math.min(...v), max: Math.max(...v), runs: v.length };
};

/** Moves the story in row `row` to the top, then times the save that
 * pagehide forces at once. */
function saveAfterMove(page, row) {
  return page.evaluate(async (i) => {
    const buttons = [...document.querySelectorAll('button[aria-label$=" to top"]')];
    buttons[i].click();
    await new Promise((r) => setTimeout(r, 0));
    const t0 = performance.now();
    window.dispatchEvent(new Event('pagehide'));
    return performance.now() - t0;
  }, row);
}

function generate(stories) {
  const file = join(outDir, `workspace-${stories}.json`);
  // Quick mode uses the debug build `cargo test` already made.
  execFileSync(join(ROOT, 'target', quick ? 'debug' : 'release', 'examples', 'generate'), [
    '--stories', String(stories), '--sprints', String(SPRINTS), '--poker', '--out', file,
  ]);
  return file;
}

function baselinePage(root, stories) {
  const statuses = ['To do', 'In progress', 'Blocked', 'Ready for test', 'Done'];
  const rows = [];
  for (let i = 1; i <= stories; i++) {
    rows.push(`<tr><td>IOS-${i}</td><td>Delete my profile, story number ${i}</td><td>${statuses[i % 5]}</td><td>${(i % 8) + 1}</td></tr>`);
  }
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head><body><table><thead><tr><th>Key</th><th>Title</th><th>Status</th><th>Estimate</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`;
  writeFileSync(join(root, `baseline-${stories}.html`), html);
}

async function newContext(browser) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  await context.addInitScript(INSTRUMENT);
  return context;
}

async function noCache(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Performance.enable');
  return cdp;
}

async function measureSize(browser, server, stories, file) {
  const figures = {
    cold_load_ms: [], cold_load_cpu4_ms: [], baseline_load_ms: [], view_epics_ms: [], view_sprint_ms: [], view_velocity_ms: [],
    filter_keystroke_ms: [], move_reorder_ms: [], move_into_sprint_ms: [], autosave_ms: [], autosave_first_ms: [],
    export_ms: [], import_ms: [], js_heap_bytes: [], wasm_memory_bytes: [],
  };
  let stored = null;
  let writesWhileTyping = null;
  for (let run = 0; run < RUNS; run++) {
    log(`${stories} stories, run ${run + 1}/${RUNS}`);
    const context = await newContext(browser);
    const setup = await context.newPage();
    await importInto(setup, server, file);
    await setup.close();

    // The cold load of the first page with the CPU slowed 4× (a phone),
    // waited for through the DevTools protocol only. Alone: beside another
    // tab the first page hands over to the whole app.
    {
      const slow = await context.newPage();
      const slowCdp = await noCache(slow);
      await slowCdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await slow.goto(server.url + '#/backlog/ios', { waitUntil: 'commit' });
      figures.cold_load_cpu4_ms.push(await evaluateInPage(slowCdp, 'window.__firstRows'));
      await slow.close();
    }

    // Cold load of the backlog (the first page, index.html).
    const page = await context.newPage();
    const cdp = await noCache(page);
    await page.goto(server.url + '#/backlog/ios');
    await page.waitForFunction(() => window.__marks.firstRows, null, { timeout: 120000 });
    figures.cold_load_ms.push(await page.evaluate(() => window.__marks.firstRows));
    const metrics = await cdp.send('Performance.getMetrics');
    figures.js_heap_bytes.push(metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null);
    figures.wasm_memory_bytes.push(await page.evaluate(() => window.wasmBindings?.wasm_memory_bytes?.() ?? null));
    stored = await page.evaluate(() => localStorage.getItem('tandem.workspace')?.length ?? 0);

    // The first save right after the rows appear, before the app has packed
    // the stories ahead in idle time: the worst case for a save.
    figures.autosave_first_ms.push(
      await saveAfterMove(page, 3),
    );

    // One character into the filter.
    figures.filter_keystroke_ms.push(await typeFilter(page, '#1'));
    await typeFilter(page, '');
    await page.waitForTimeout(400);

    // Typing writes nothing to storage until the debounce has passed.
    if (run === 0) {
      writesWhileTyping = await page.evaluate(async () => {
        let writes = 0;
        const original = Storage.prototype.setItem;
        Storage.prototype.setItem = function (...a) {
          if (a[0] === 'tandem.workspace') writes++;
          return original.apply(this, a);
        };
        const input = document.querySelector('input[aria-label="New story title"]');
        for (const ch of 'benchmark') {
          input.value += ch;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const during = writes;
        await new Promise((r) => setTimeout(r, 50));
        Storage.prototype.setItem = original;
        return during;
      });
    }

    // Moving one story to the top.
    figures.move_reorder_ms.push(
      await page.evaluate(() => {
        const buttons = [...document.querySelectorAll('button[aria-label$=" to top"]')];
        return window.__measure(() => buttons[1].click());
      }),
    );
    // Autosave: the change just made is written at once on pagehide. The
    // app packs the stories for its first save while idle after loading;
    // a user's first edit comes later than this driver's, so wait for it.
    await page.waitForTimeout(2000);
    figures.autosave_ms.push(
      await saveAfterMove(page, 2),
    );

    // Switching views inside the whole app (app.html, which the first page
    // opens for them): backlog → epics → sprint planning → velocity.
    await page.goto(server.url + 'app.html#/backlog/ios');
    await page.waitForFunction(() => window.__marks.firstRows, null, { timeout: 120000 });
    for (const [href, key] of [['#/epics', 'view_epics_ms'], ['#/sprint', 'view_sprint_ms'], ['#/velocity', 'view_velocity_ms']]) {
      figures[key].push(
        await switchView(page, href),
      );
    }
    // Moving one story into the sprint.
    await page.goto(server.url + 'app.html#/sprint');
    await page.getByRole('button', { name: /^Add .* to sprint/ }).first().waitFor();
    figures.move_into_sprint_ms.push(
      await moveSprintStory(page),
    );

    // Export to a file, and import of the same file.
    await page.goto(server.url + 'app.html#/data');
    let t0 = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const exported = join(outDir, `export-${stories}.json`);
    await download.saveAs(exported);
    figures.export_ms.push(Date.now() - t0);
    t0 = Date.now();
    await page.getByLabel('Import JSON').setInputFiles(exported);
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Replace workspace' }).click();
    await page.getByRole('status').getByText(/^Imported/).waitFor({ timeout: 120000 });
    figures.import_ms.push(Date.now() - t0);
    await context.close();

    // The floor: a static page with the same number of rows.
    const base = await newContext(browser);
    const bp = await base.newPage();
    await noCache(bp);
    await bp.goto(`${server.origin}/baseline-${stories}.html`);
    await bp.waitForFunction(() => performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0);
    figures.baseline_load_ms.push(
      await bp.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now())))),
    );
    await base.close();
  }
  const result = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, summary(v)]));
  result.cold_load_ratio = result.cold_load_ms && result.baseline_load_ms ? result.cold_load_ms.median / result.baseline_load_ms.median : null;
  result.stored_chars = stored;
  result.stored_bytes_per_story = stored ? (stored * 2) / stories : null;
  result.storage_quota_percent = stored ? (stored / 5_000_000) * 100 : null;
  result.storage_writes_while_typing_9_keys = writesWhileTyping;
  result.import_file_bytes = statSync(file).size;
  return result;
}

/** The commit measured, and whether the app's source (what build.sh
 * builds) had uncommitted changes. */
function gitDescribe() {
  const git = (...a) => execFileSync('git', ['-C', ROOT, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const changed = git('status', '--porcelain', '--', 'src', 'Cargo.toml', 'Cargo.lock', 'index.html', 'app.html', 'join.html', 'style', 'public', 'Trunk.toml', 'scripts/build.sh', 'scripts/csp.py', 'scripts/single_file.py');
    return git('rev-parse', '--short', 'HEAD') + (changed ? ' with uncommitted changes to the source' : '');
  } catch {
    return 'unknown';
  }
}

function chromiumVersion() {
  try {
    return execFileSync(process.env.CHROMIUM || '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const fmt = (s, unit = 'ms') => (s ? `${s.median.toFixed(1)} ${unit} (${s.min.toFixed(1)}–${s.max.toFixed(1)})` : 'n/a');
const kb = (b) => `${(b / 1024).toFixed(0)} KB`;

function markdown(results) {
  const m = results.machine;
  const lines = [
    '# Benchmarks',
    '',
    `Run on ${results.date} with \`scripts/bench.sh\`${results.source ? ` (source at commit \`${results.source}\`)` : ''}: ${m.cpus} × ${m.cpu}, ${(m.memory / 2 ** 30).toFixed(1)} GB RAM, ${m.os}, ${m.chromium}, Node ${m.node}. Each figure is the median of ${RUNS} runs (min–max in brackets). Workspaces from \`examples/generate.rs\`: 3 teams, an epic split in three per 30 stories, ${SPRINTS} closed sprints, a poker session of 30 stories.${m.load_average_at_start ? ` The machine is shared: its load average (1 minute) was ${m.load_average_at_start[0].toFixed(1)} at the start and ${m.load_average_before_live[0].toFixed(1)} before the live room's part.` : ''}`,
    '',
    '| figure | ' + SIZES.map((s) => `${s.toLocaleString('en')} stories`).join(' | ') + ' | budget (10,000) |',
    '|---|' + SIZES.map(() => '---|').join('') + '---|',
  ];
  const row = (label, key, budget, unit) => lines.push(`| ${label} | ${SIZES.map((s) => fmt(results.sizes[s][key], unit)).join(' | ')} | ${budget} |`);
  row('cold load to first rows painted', 'cold_load_ms', '≤ 1.0 × static page');
  row('the same with the CPU slowed 4× (a phone)', 'cold_load_cpu4_ms', '');
  row('static page with the same rows (the floor)', 'baseline_load_ms', '');
  lines.push(`| cold load ÷ static page | ${SIZES.map((s) => (results.sizes[s].cold_load_ratio ?? 0).toFixed(2) + ' ×').join(' | ')} | ≤ 1.0 × |`);
  row('view switch: backlog → epics', 'view_epics_ms', '≤ 100 ms');
  row('view switch: → sprint planning', 'view_sprint_ms', '≤ 100 ms');
  row('view switch: → velocity', 'view_velocity_ms', '≤ 100 ms');
  row('filter keystroke to repaint', 'filter_keystroke_ms', '≤ 50 ms');
  row('move a story (reorder)', 'move_reorder_ms', '≤ 16 ms');
  row('move a story into the sprint', 'move_into_sprint_ms', '≤ 16 ms');
  row('autosave (serialise + write)', 'autosave_ms', '≤ 50 ms');
  row('first save right after opening', 'autosave_first_ms', '');
  row('export to a file', 'export_ms', '');
  row('import of the same file', 'import_ms', '');
  lines.push(`| JS heap after load | ${SIZES.map((s) => (results.sizes[s].js_heap_bytes ? kb(results.sizes[s].js_heap_bytes.median) : 'n/a')).join(' | ')} | |`);
  lines.push(`| wasm memory after load | ${SIZES.map((s) => (results.sizes[s].wasm_memory_bytes ? kb(results.sizes[s].wasm_memory_bytes.median) : 'n/a')).join(' | ')} | |`);
  lines.push(`| stored per story (UTF-16 bytes) | ${SIZES.map((s) => (results.sizes[s].stored_bytes_per_story ?? 0).toFixed(0) + ' B').join(' | ')} | fits the quota |`);
  lines.push(`| share of the 5 M character quota | ${SIZES.map((s) => (results.sizes[s].storage_quota_percent ?? 0).toFixed(1) + ' %').join(' | ')} | room to spare |`);
  lines.push(`| storage writes while typing 9 keys | ${SIZES.map((s) => results.sizes[s].storage_writes_while_typing_9_keys).join(' | ')} | 0 |`);
  lines.push('', 'Times from the action to the last change of the page\'s DOM (the paint follows at the next frame); export and import from the click to the download or the import notice, measured from the test driver. Raw figures: `bench/results.json`.');
  lines.push('', ...sizesMarkdown(results.entry_points), '', ...whereTheBytesGo(results.wasm_breakdown));
  if (results.shared && Object.keys(results.shared).length) lines.push('', ...sharedMarkdown(results.shared, fmt));
  if (results.live) lines.push('', ...liveMarkdown(results.live));
  return lines.join('\n') + '\n';
}

const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
const pair = (p) => (p && p.raw ? `${kib(p.raw)} (${kib(p.gzip)} / ${kib(p.br)})` : '');

/** The files each entry point loads at start, raw and gzipped. */
function sizesMarkdown(e) {
  const app = e['index.html'];
  const whole = e['app.html'];
  const join = e['join.html'];
  const budget = 200 * 1024;
  const joinMet = join.total.gzip <= budget ? 'met' : `missed by ${kib(join.total.gzip - budget)}`;
  const appMet = app.total.gzip <= 450 * 1024 ? 'met' : `missed by ${kib(app.total.gzip - 450 * 1024)}`;
  return [
    '### Sizes per entry point',
    '',
    'What each page loads before it shows anything: its HTML, one wasm, one JS loader and its style sheets (the favicon comes later). Raw, and in brackets gzipped (Zopfli) / brotli at quality 11: the `.gz` and `.br` files `scripts/compress.mjs` writes beside the build and the serve command (or nginx\'s `gzip_static`/`brotli_static`) sends. Browsers take brotli only from https pages (and localhost); a plain-http intranet page gets the gzip files. KiB = 1,024 bytes.',
    '',
    '| entry point | wasm | JS | CSS | HTML | first load | budget (gzipped) |',
    '|---|---|---|---|---|---|---|',
    `| \`index.html\`, the first page (overview, team backlogs) | ${pair(app.wasm)} | ${pair(app.js)} | ${pair(app.css)}, ${app.css.files.length} files | ${pair(app.html)} | ${pair(app.total)} | first load ≤ 450 KiB: ${appMet} (long-term: 250 KiB) |`,
    ...(whole ? [`| \`app.html\`, the whole app (every other view) | ${pair(whole.wasm)} | ${pair(whole.js)} | ${pair(whole.css)}, ${whole.css.files.length} files | ${pair(whole.html)} | ${pair(whole.total)} | loaded for a view the first page does not have |`] : []),
    `| \`join.html\`, the participant page | ${pair(join.wasm)} | ${pair(join.js)} | ${pair(join.css)}, ${join.css.files.length} files | ${pair(join.html)} | ${pair(join.total)} | first load ≤ 200 KiB: ${joinMet} |`,
    `| \`tandem.html\`, the single-file app | | | | | ${pair(e['tandem.html'].total)} | |`,
  ];
}

/** Each entry point's wasm by crate (scripts/wasm-breakdown.mjs). */
function whereTheBytesGo(b) {
  if (!b) return [];
  return [
    '### Where the bytes go',
    '',
    "Each wasm as shipped (wasm-bindgen, then `wasm-opt -Oz`), before compression, summed by the crate each function and data segment comes from (`twiggy top`; a generic function counts for the crate whose code it instantiates, so `core` holds the sorts, formatting and drop code of every type). `node scripts/wasm-breakdown.mjs first` (or `tandem`, `join`) prints the whole list and Tandem's own modules.",
    '',
    ...breakdownMarkdown('`index.html` (first.wasm)', b['index.html']),
    '',
    ...(b['app.html'] ? [...breakdownMarkdown('`app.html` (tandem.wasm)', b['app.html']), ''] : []),
    ...breakdownMarkdown('`join.html` (join.wasm)', b['join.html']),
  ];
}

/** The live poker room's section. */
function liveMarkdown(live) {
  const fv = live.first_visit;
  const n = live.participants;
  const r = live.room;
  const t = live.throttling;
  const row = (label, key, budget = '') =>
    `| ${label} | ${fmt(fv.gzip[key])} | ${fmt(fv.brotli[key])} | ${budget} |`;
  const bytes = (s) => (s ? `${kib(s.median)}` : 'n/a');
  const met = (v) => (fv[v].first_visit_ms?.median <= 2000 ? 'met' : 'missed');
  const two = `gzip ${met('gzip')}, brotli ${met('brotli')}`;
  return [
    '## Live poker room',
    '',
    `**A participant's first visit** to the join link, on an emulated phone: a fresh browser context of 390×844 CSS pixels (touch, mobile), the cache off, and Lighthouse's mobile throttling through the DevTools protocol: ${t.latency} ms latency per request, ${((t.downloadThroughput * 8) / 1024 / 1024).toFixed(1)} Mbit/s down, ${((t.uploadThroughput * 8) / 1024).toFixed(0)} Kbit/s up (\`Network.emulateNetworkConditions\`) and the CPU slowed ${t.cpuSlowdown}× (\`Emulation.setCPUThrottlingRate\`). A round is under way in the room and the phone has never been there: the page loads, asks the name, the driver fills it in and presses *Join*, and the deck of the round appears. The driver works through the DevTools protocol only, one evaluation per step and no polling (Playwright's locators would run their own scripts on the throttled page and slow it). Times are the page's own \`performance.now()\` (0 = navigation start) at the frame after the DOM change; the time spent typing is not counted. The page connects to the room as it loads, so the room is usually read while the name is typed; the driver types at once, so here *Join → deck* still holds whatever of the connection was left. Served by the serve command's server (\`scripts/serve.py\`) with the build's precompressed files: gzip, as a phone on a plain-http intranet page gets them (the same server over a copy without the \`.br\` files), and brotli, as an https page gets them.`,
    '',
    '| figure | gzip (http pages) | brotli (https pages) | budget |',
    '|---|---|---|---|',
    row('navigation → the name form painted', 'name_form_ms'),
    row('of which the wasm downloaded (navigation → its last byte)', 'wasm_loaded_ms'),
    row('*Join* tapped → the deck painted', 'join_to_deck_ms'),
    row('navigation → the room read (connected, synced, its state checked)', 'room_read_ms'),
    row('**first visit: both together**', 'first_visit_ms', `≤ 2 s: ${two}`),
    `| transferred (HTML, JS, wasm, CSS, favicon) | ${bytes(fv.gzip.transferred_bytes)} | ${bytes(fv.brotli.transferred_bytes)} | |`,
    '',
    `Chromium's emulation delays each HTTP request and the websocket's opening handshake by the latency, but not the websocket's frames: the sync after the handshake (the phone's sync step 1, the server's reply with the room) is one more round trip on a real 150 ms link, so add about 0.15 s to reading the room there.`,
    '',
    `**Votes and the reveal with ${n} devices** on this machine: the stock sync server (\`@y/websocket-server\`, as \`scripts/sync-server.mjs\` starts it), a facilitator's page (1400×900) with a live room and ${n} phones (390×844, each its own browser context, so its own device and keys; no throttling) that joined by the link, all in one headless Chromium. Every time is the difference of two \`Date.now()\` readings taken in the pages themselves (one machine, one clock): a tap or click is stamped in the page just before it is dispatched, and a MutationObserver in the receiving page stamps the DOM change that shows it (the paint follows at the next frame); the driver only waits for the stamps. The reveal is timed from the facilitator's click on *Reveal* (auto-reveal publishes the same state from the arrival of the last vote, so it costs a vote plus this). A plain websocket client (the \`ws\` package, in a worker thread of the benchmark's process, so the driver's work does not delay it) listens in the room and stamps the update the server relays, which splits the facilitator's and the server's share from the phones'; on a loaded machine its stamp is noisy too.`,
    '',
    `| figure | ${n} devices |`,
    '|---|---|',
    `| a vote: card tapped → the facilitator's list shows that person as voted (every vote of the rounds voted one at a time) | ${fmt(r.vote_ms)} |`,
    `| the first vote of a round | ${fmt(r.vote_first_ms)} |`,
    `| the last vote of a round (${n - 1} already in) | ${fmt(r.vote_last_ms)} |`,
    `| ${n} phones tap at the same moment → the facilitator shows all ${n} voted | ${fmt(r.burst_all_voted_ms)} |`,
    `| *Reveal* clicked → the server relays the new state (the listening client) | ${fmt(r.reveal_relayed_ms)} |`,
    `| *Reveal* clicked → the median phone shows the votes | ${fmt(r.reveal_median_device_ms)} |`,
    `| **Reveal clicked → every one of the ${n} phones shows the votes** | ${fmt(r.reveal_all_ms)} |`,
    `| *Re-vote* clicked → every phone shows the new round's deck | ${fmt(r.round_all_ms)} |`,
    '',
    `Page errors or console errors in the pages of this section: ${live.problems?.length ? live.problems.map((p) => `\`${p}\``).join('; ') : 'none'}.`,
    '',
    `The ${n} phones and the facilitator share this machine's ${os.cpus().length} cores (and its Chromium), where real phones each bring their own CPU: the figures after the relay grow with the number of pages here, so they are an upper bound of what phones on a fast Wi-Fi see. Each round's figures are one sample: ${r.reveal_all_ms?.runs ?? 0} reveals and ${r.vote_ms?.runs ?? 0} single votes in all.`,
  ];
}

if (saved) {
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), markdown(saved) + '\n' + readNotes());
  log('wrote BENCHMARKS.md from bench/results.json');
  process.exit(0);
}

const server = await serveDist();
const browser = await launch();
try {
  for (const stories of SIZES) baselinePage(server.root, stories);
  const results = {
    date: new Date().toISOString(),
    quick,
    runs: RUNS,
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memory: os.totalmem(),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      chromium: chromiumVersion(),
      load_average_at_start: os.loadavg(),
    },
    source: gitDescribe(),
    entry_points: entryPoints(),
    wasm_breakdown: { 'index.html': breakdown('first'), 'app.html': breakdown('tandem'), 'join.html': breakdown('join') },
    sizes: {},
  };
  const files = {};
  for (const stories of SIZES) {
    const file = generate(stories);
    files[stories] = file;
    results.sizes[stories] = await measureSize(browser, server, stories, file);
  }
  results.shared = {};
  for (const stories of SIZES) {
    results.shared[stories] = await measureShared({ browser, server, stories, file: files[stories], runs: RUNS, log, summary });
  }
  results.machine.load_average_before_live = os.loadavg();
  results.live = await measureLive({ browser, server, runs: RUNS, participants: PARTICIPANTS, log, summary });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const md = liveOnly ? [...sizesMarkdown(results.entry_points), '', ...whereTheBytesGo(results.wasm_breakdown), '', ...liveMarkdown(results.live)].join('\n') + '\n' : markdown(results);
  if (scratch) {
    writeFileSync(join(outDir, 'BENCHMARKS.md'), md);
    // Quick mode proves it works: every figure was measured.
    const missing = [
      ...SIZES.flatMap((s) => Object.entries(results.sizes[s]).filter(([, v]) => v === null).map(([k]) => `${k} (${s} stories)`)),
      ...Object.entries(results.live.first_visit).flatMap(([variant, f]) => Object.entries(f).filter(([, v]) => v === null).map(([k]) => `${k} (first visit, ${variant})`)),
      ...Object.entries(results.live.room).filter(([, v]) => v === null).map(([k]) => `${k} (live room)`),
      ...Object.entries(results.shared).flatMap(([s, r]) => Object.entries(r).filter(([, v]) => v === null).map(([k]) => `${k} (shared workspace, ${s} stories)`)),
    ];
    if (missing.length) throw new Error(`no figure for ${missing.join(', ')}`);
    log(`${quick ? 'quick ' : ''}run fine; results in ${outDir}`);
  } else {
    writeFileSync(join(ROOT, 'BENCHMARKS.md'), md + '\n' + readNotes());
    log('wrote bench/results.json and BENCHMARKS.md');
  }
  process.stdout.write(md);
} finally {
  await browser.close();
  await server.close();
}

/** The hand-written analysis kept below the table (bench/notes.md). */
function readNotes() {
  try {
    return readFileSync(join(ROOT, 'bench', 'notes.md'), 'utf8');
  } catch {
    return '';
  }
}
