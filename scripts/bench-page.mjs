// What the benchmark's drivers (bench.mjs, bench-ab.mjs) do in a page: the
// instrumentation script every page gets, and importing a generated
// workspace through the Import & export page.

// In every page: time marks for the first story rows, and a helper that
// runs an action and reports when the last DOM change in <main> happened.
export const INSTRUMENT = () => {
  window.__marks = {};
  // Resolved at the same paint, for a driver that must not poll (a
  // throttled page pays for the driver's polling scripts).
  let painted;
  window.__firstRows = new Promise((resolve) => (painted = resolve));
  const seen = () => document.querySelector('[aria-label="Stories"] [role="listitem"]');
  const obs = new MutationObserver(() => {
    if (!window.__marks.firstRows && seen()) {
      window.__marks.firstRowsDom = performance.now();
      requestAnimationFrame(() => {
        window.__marks.firstRows = performance.now();
        painted(window.__marks.firstRows);
      });
    }
  });
  document.addEventListener('DOMContentLoaded', () => obs.observe(document.body, { childList: true, subtree: true }));
  window.__measure = (action, windowMs = 250) =>
    new Promise((resolve) => {
      const main = document.querySelector('main');
      let last = null;
      const t0 = performance.now();
      const mo = new MutationObserver(() => {
        last = performance.now();
      });
      mo.observe(main, { childList: true, subtree: true, characterData: true, attributes: true });
      action();
      setTimeout(() => {
        mo.disconnect();
        resolve(last === null ? null : last - t0);
      }, windowMs);
    });
};

/** Imports `file` through the Import & export page, replacing the workspace. */
export async function importInto(page, server, file) {
  await page.goto(server.url + 'app.html#/data');
  await page.getByLabel('Import JSON').setInputFiles(file);
  await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Replace workspace' }).click();
  await page.getByRole('status').getByText(/^Imported/).waitFor({ timeout: 120000 });
  // The import is saved by the autosave a moment later; a tab closed before
  // that sometimes left nothing stored, and the cold load then found the
  // welcome page.
  await page.waitForFunction(() => localStorage.getItem('tandem.workspace'), null, { timeout: 120000 });
}

/** Types `text` into the backlog's filter at once; ms to the last change. */
export function typeFilter(page, text) {
  return page.evaluate((t) => {
    const input = document.querySelector('input[type="search"]');
    return window.__measure(() => {
      input.value = t;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }, text);
}

/** Follows the main navigation's link to `href`; ms to the last change. */
export function switchView(page, href) {
  return page.evaluate((h) => window.__measure(() => document.querySelector(`nav[aria-label="Main"] a[href="${h}"]`).click(), 400), href);
}

/** Clicks the first "Add … to sprint" (or, `out`, "Remove … from sprint")
 * button of sprint planning; ms to the last change. */
export function moveSprintStory(page, out = false) {
  return page.evaluate(
    (o) =>
      window.__measure(() =>
        document.querySelector(o ? 'button[aria-label^="Remove "][aria-label*=" from sprint "]' : 'button[aria-label^="Add "][aria-label*=" to sprint "]').click(),
      ),
    out,
  );
}
