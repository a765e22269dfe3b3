// The shared workspace's part of the benchmark (run from scripts/bench.mjs):
// two browsers (two contexts of one headless Chromium, each with its own
// storage) share a generated workspace through the stock sync server on
// localhost (scripts/sync-server.mjs), as Share live does:
//
// - Share live: the click → the share link shown (the workspace written
//   into its document, stored, and sent);
// - opening the link in the second browser: *Open the shared workspace*
//   clicked → its backlog shows the shared stories;
// - an edit: a story's title changed in one browser → the other's row shows
//   it. Both times are the pages' own Date.now() (one machine, one clock):
//   the first page stamps just before the change is dispatched, a
//   MutationObserver in the other stamps the DOM change;
// - a reload of the shared workspace: navigation → its first rows, and →
//   the top bar says it is live again.
import { startSyncServer } from './sync-server.mjs';
import { importInto } from './bench-page.mjs';

/** Waits, in the page, for a story row titled `title`; resolves with
 * Date.now() at the DOM change. */
const WAIT_FOR_TITLE = (title) =>
  new Promise((resolve) => {
    const found = () => [...document.querySelectorAll('[role="listitem"]')].some((li) => (li.getAttribute('aria-label') ?? '').endsWith(` ${title}`));
    if (found()) return resolve(Date.now());
    const observer = new MutationObserver(() => {
      if (found()) {
        observer.disconnect();
        resolve(Date.now());
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
  });

/** Retitles IOS-1 in the page; Date.now() just before the change. */
const RETITLE = (title) => {
  const input = document.querySelector('[aria-label="Title of IOS-1"]');
  input.value = title;
  const at = Date.now();
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return at;
};

/**
 * Measures sharing `file` (a workspace of `stories` stories) between two
 * browsers, `runs` edits each way; figures as `summary` makes them.
 */
export async function measureShared({ browser, server, stories, file, runs, log, summary }) {
  const sync = await startSyncServer();
  const problems = [];
  const contexts = [];
  const open = async (what) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`${what}: page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/WebSocket connection to .* failed/.test(m.text())) problems.push(`${what}: console error: ${m.text()}`);
    });
    return page;
  };
  const timeout = 180_000;
  try {
    log(`shared workspace, ${stories} stories`);
    const a = await open('first browser');
    await importInto(a, server, file);
    await a.getByLabel('Sync server address').fill(sync.url);
    await a.getByRole('button', { name: 'Save server address' }).click();
    const shareStart = Date.now();
    await a.getByRole('button', { name: 'Share live…' }).click();
    const link = await a.getByLabel('Share link').inputValue({ timeout });
    const share_ms = Date.now() - shareStart;
    await a.locator('.share-badge').getByText('Shared live').waitFor({ timeout });

    const b = await open('second browser');
    await b.goto(link);
    await b.getByRole('button', { name: 'Open the shared workspace' }).waitFor({ timeout });
    const openStart = Date.now();
    await b.getByRole('button', { name: 'Open the shared workspace' }).click();
    await b.getByText('Opened the shared workspace.').waitFor({ timeout });
    const open_ms = Date.now() - openStart;

    for (const page of [a, b]) {
      await page.goto(page.url().split('#')[0] + '#/backlog/ios');
      await page.getByRole('heading', { name: 'iOS backlog' }).waitFor({ timeout });
      await page.locator('[aria-label="Title of IOS-1"]').waitFor({ timeout });
    }
    const edits = [];
    for (let i = 0; i < runs * 2; i++) {
      const [from, to] = i % 2 ? [b, a] : [a, b];
      const title = `Shared edit ${i + 1}`;
      const seen = to.evaluate(WAIT_FOR_TITLE, title);
      const sent = await from.evaluate(RETITLE, title);
      const at = await Promise.race([seen, new Promise((r) => setTimeout(() => r(null), timeout))]);
      edits.push(at === null ? null : at - sent);
    }

    const reloadStart = Date.now();
    await b.reload();
    await b.locator('[aria-label="Title of IOS-1"]').waitFor({ timeout });
    const reload_rows_ms = Date.now() - reloadStart;
    await b.locator('.share-badge').getByText('Shared live').waitFor({ timeout });
    const reload_live_ms = Date.now() - reloadStart;
    return {
      stories,
      share_ms,
      open_ms,
      edit_visible_ms: summary(edits),
      reload_rows_ms,
      reload_live_ms,
      problems,
    };
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await sync.stop();
  }
}

const ms = (x) => (typeof x === 'number' ? `${Math.round(x)} ms` : 'n/a');

/** The section of BENCHMARKS.md; `fmt` formats a summary. */
export function sharedMarkdown(shared, fmt) {
  const sizes = Object.keys(shared);
  const row = (label, f) => `| ${label} | ${sizes.map((s) => f(shared[s])).join(' | ')} |`;
  const problems = sizes.flatMap((s) => shared[s].problems ?? []);
  return [
    '## Shared workspace',
    '',
    'Two browsers (two contexts of one headless Chromium, each with its own storage, no throttling) share a generated workspace through the stock sync server on this machine, as *Share live* does (`scripts/bench-shared.mjs`). An edit is a story title changed in one browser, timed until the other shows it: `Date.now()` stamped in the sending page just before the change is dispatched and by a MutationObserver in the receiving page at the DOM change (one machine, one clock), the edits made alternately in each browser.',
    '',
    `| figure | ${sizes.map((s) => `${Number(s).toLocaleString('en')} stories`).join(' | ')} | budget |`,
    `|---|${sizes.map(() => '---').join('|')}|---|`,
    row('*Share live…* clicked → the link shown', (r) => ms(r.share_ms)) + ' |',
    row('*Open the shared workspace* clicked (second browser) → opened', (r) => ms(r.open_ms)) + ' |',
    row('**an edit in one browser → shown in the other**', (r) => fmt(r.edit_visible_ms)) + ' ≤ 200 ms on localhost |',
    row('reload of a shared workspace → the first rows', (r) => ms(r.reload_rows_ms)) + ' |',
    row('reload → the top bar says live again', (r) => ms(r.reload_live_ms)) + ' |',
    '',
    `Page errors or console errors in the pages of this section: ${problems.length ? problems.map((p) => `\`${p}\``).join('; ') : 'none'}.`,
  ];
}
