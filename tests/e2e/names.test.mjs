// End-to-end: controls are named by what they show. A control whose
// accessible name leaves out its visible text can't be found by someone
// who says or searches what they see (WCAG 2.5.3, axe's
// label-content-name-mismatch); a select inside its label takes the chosen
// option's text into its name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServedApp, openApp } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';

const app = useServedApp();

/** Buttons and links in <main> (the controls named by their content)
 * whose aria-label does not contain their visible words (symbols alone,
 * such as ✕, are not words). */
const mismatches = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('main [aria-label]')]
      .filter((el) => el.matches('button, a, summary'))
      .map((el) => ({ name: el.getAttribute('aria-label'), text: el.textContent.replace(/\s+/g, ' ').trim() }))
      .filter(({ name, text }) => /\p{L}{2}/u.test(text) && !name.toLowerCase().includes(text.toLowerCase()))
      .map(({ name, text }) => `“${text}” is named “${name}”`),
  );

test('the poker deck and the Import & export controls are named by what they show', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  await page.getByRole('link', { name: 'Poker' }).click();
  await page.getByRole('button', { name: 'New session' }).click();
  // Its name is its label alone, not the label and the chosen deck.
  const deck = page.getByRole('combobox', { name: 'Deck', exact: true });
  await deck.waitFor();
  assert.equal(await deck.evaluate((el) => el.labels[0]?.textContent), 'Deck');
  assert.deepEqual(await mismatches(page), [], '#/poker');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import & export' }).click();
  await page.getByRole('button', { name: 'Export CSV of all stories' }).waitFor();
  assert.deepEqual(await mismatches(page), [], '#/data');
  assert.deepEqual(problems, []);
  await context.close();
});
