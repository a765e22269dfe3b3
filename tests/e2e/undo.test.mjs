// End-to-end: undo and redo of workspace changes, by buttons and keys,
// across deletes, moves, splits and imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useServedApp, openApp, expectRows, tempDir } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';
import { generate } from './schema.mjs';

const app = useServedApp();

test('undo and redo step through deletes, moves, typing, a split and an import', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  const undo = page.getByRole('button', { name: 'Undo last change' });
  const redo = page.getByRole('button', { name: 'Redo' });
  await startWithOurTeams(page);
  const input = page.getByRole('textbox', { name: 'New story title' });
  for (const t of ['A', 'B', 'C']) {
    await input.fill(t);
    await input.press('Enter');
  }
  await page.getByRole('button', { name: 'Move IOS-3 to top' }).click();
  await page.getByRole('button', { name: 'Delete IOS-1' }).click();
  await expectRows(page, ['IOS-3 C', 'IOS-2 B']);

  await undo.click();
  await expectRows(page, ['IOS-3 C', 'IOS-1 A', 'IOS-2 B']);
  await undo.click();
  await expectRows(page, ['IOS-1 A', 'IOS-2 B', 'IOS-3 C']);
  await redo.click();
  await expectRows(page, ['IOS-3 C', 'IOS-1 A', 'IOS-2 B']);
  // Keys work outside text fields.
  await page.locator('main h1').click();
  await page.keyboard.press('Control+z');
  await expectRows(page, ['IOS-1 A', 'IOS-2 B', 'IOS-3 C']);
  await page.keyboard.press('Control+Shift+z');
  await expectRows(page, ['IOS-3 C', 'IOS-1 A', 'IOS-2 B']);

  // Typing a description is one step, not one per key.
  await page.getByRole('link', { name: 'Open IOS-2' }).click();
  const description = page.getByRole('complementary', { name: 'IOS-2' }).getByLabel('Description');
  await description.pressSequentially('Several words typed');
  await page.locator('main h1').click();
  await undo.click();
  assert.equal(await description.inputValue(), '');
  await redo.click();
  assert.equal(await description.inputValue(), 'Several words typed');
  await page.keyboard.press('Escape');

  // A split is one step.
  await page.getByRole('link', { name: 'Epics' }).click();
  await page.getByLabel('Epic title').fill('Delete my profile');
  await page.getByRole('button', { name: 'Create epic' }).click();
  await page.getByRole('button', { name: 'Preview split' }).click();
  await page.getByRole('button', { name: 'Create 3 stories' }).click();
  await page.getByRole('region', { name: 'iOS stories' }).waitFor();
  await undo.click();
  await page.getByText('No stories yet: split the epic to create them.').waitFor();

  // An import is one step too.
  const dir = tempDir();
  const file = generate(join(dir, 'other.json'), '--stories', '9', '--one-team', '--seed', '2');
  await page.getByRole('link', { name: 'Import & export' }).click();
  await page.getByLabel('Import JSON').setInputFiles(file);
  await page.getByRole('button', { name: 'Replace workspace' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^iOS/ }).click();
  await expectRows(page, 9, (rows) => rows.length);
  await undo.click();
  await expectRows(page, ['IOS-3 C', 'IOS-1 A', 'IOS-2 B']);
  await page.reload();
  await expectRows(page, ['IOS-3 C', 'IOS-1 A', 'IOS-2 B']);
  assert.deepEqual(problems, []);
  await context.close();
});
