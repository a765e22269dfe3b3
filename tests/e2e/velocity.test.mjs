// End-to-end: a workspace with history is imported; the velocity view's
// data tables, an epic forecast and the flow percentiles match the values
// worked out by hand (see examples/history.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, useServedApp, openApp } from './harness.mjs';

const app = useServedApp();

const rowsOf = (table) =>
  table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));

test('velocity, a forecast and flow percentiles from an imported history', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await page.getByRole('link', { name: 'Import a JSON file' }).click();
  await page.getByLabel('Import JSON').setInputFiles(join(ROOT, 'tests', 'fixtures', 'velocity-history.json'));
  await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Replace workspace' }).click();
  await page.getByRole('link', { name: 'Velocity' }).click();
  await page.getByRole('heading', { name: 'Velocity and forecasts' }).waitFor();

  // Committed vs completed per closed sprint, in the chart's data table.
  const backendVelocity = page.getByRole('table', { name: 'Backend velocity' });
  assert.deepEqual(await rowsOf(backendVelocity), [
    ['1', '10', '10'],
    ['2', '5', '0'],
    ['3', '20', '20'],
    ['4', '30', '30'],
  ]);
  await page.getByText('Average of the last 3 sprints: 16.7 points · range 0–30').waitFor();
  assert.deepEqual(await rowsOf(page.getByRole('table', { name: 'iOS velocity' })), [
    ['1', '8', '8'],
    ['2', '8', '8'],
    ['3', '8', '8'],
    ['4', '8', '8'],
  ]);
  assert.ok(await page.getByRole('img', { name: /Backend velocity over 4 sprints: average 16.7 points/ }).count());

  // The epic lands on iOS in sprint 6, on backend in sprint 7 (last), and
  // iOS waits on it.
  const forecast = page.getByRole('table', { name: 'EP-1 Delete my profile' });
  assert.deepEqual(await rowsOf(forecast), [
    ['iOS', '16', 'sprint 6 (ends 29 Nov 2026)', 'best sprint 6, worst sprint 6'],
    ['Backend', '40', 'sprint 7 (ends 13 Dec 2026)', 'best sprint 6, worst unknown (a sprint with 0 points)'],
  ]);
  await page.getByText('Backend lands last.').waitFor();
  await page.getByText('iOS waits on Backend work that lands later.').waitFor();

  // Flow percentiles.
  const flow = (team) => rowsOf(page.getByRole('table', { name: `${team} flow` }));
  assert.deepEqual((await flow('iOS')).slice(0, 2), [
    ['Lead time (created → done), 50th / 85th percentile', '3 days / 3 days'],
    ['Cycle time (started → done), 50th / 85th percentile', '2 days / 2 days'],
  ]);
  assert.deepEqual((await flow('Backend')).slice(0, 3), [
    ['Lead time (created → done), 50th / 85th percentile', '9 days / 9 days'],
    ['Cycle time (started → done), 50th / 85th percentile', '7 days / 7 days'],
    ['Throughput (stories done per sprint)', 'S1: 1, S2: 0, S3: 1, S4: 1'],
  ]);
  assert.equal((await flow('iOS'))[3][1], '2 in the last 4 sprints');

  // More than the most shown reads as the most; what is not a number goes
  // back to the number in use.
  await page.getByLabel('Sprints shown').fill('500');
  await page.getByLabel('Sprints shown').press('Tab');
  assert.equal(await page.getByLabel('Sprints shown').inputValue(), '50');
  await page.getByLabel('Sprints shown').fill('');
  await page.getByLabel('Sprints shown').press('Tab');
  assert.equal(await page.getByLabel('Sprints shown').inputValue(), '50');

  // Fewer sprints shown: the table follows; one team alone.
  await page.getByLabel('Sprints shown').fill('2');
  await page.getByLabel('Sprints shown').press('Tab');
  assert.deepEqual(await rowsOf(backendVelocity), [
    ['3', '20', '20'],
    ['4', '30', '30'],
  ]);
  await page.getByLabel('Teams').selectOption({ label: 'Android' });
  await page.getByRole('table', { name: 'Android velocity' }).waitFor();
  assert.equal(await page.getByRole('table', { name: 'Backend velocity' }).count(), 0);

  // A release logged here counts in the deployment frequency.
  await page.getByLabel('Release team').selectOption({ label: 'Android' });
  await page.getByLabel('Release date').fill('2026-10-20');
  await page.getByLabel('Version').fill('2.0');
  await page.getByRole('button', { name: 'Log release' }).click();
  await page.getByRole('table', { name: 'Release log' }).getByText('2.0', { exact: true }).waitFor();
  assert.equal((await flow('Android'))[3][1], '1 in the last 2 sprints');
  assert.deepEqual(problems, []);
  await context.close();
});
