// End-to-end: first run, teams, and backlog work, clicked as a user would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServedApp, openApp, rowNames, expectRows } from './harness.mjs';
import { startWithOurTeams, addStories } from './pages.mjs';

const app = useServedApp();


test('first run offers a start; one click creates iOS, Android and Backend', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await page.getByRole('heading', { name: 'Welcome to Tandem' }).waitFor();
  await startWithOurTeams(page);
  assert.match(page.url(), /\/tools\/tandem\/#\/backlog\/ios$/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['iOS', 'Android', 'Backend']) {
    await nav.getByRole('link', { name: new RegExp(`^${name}`) }).waitFor();
  }
  await page.getByRole('link', { name: 'Teams' }).click();
  assert.equal(await page.getByRole('textbox', { name: 'Key of team Backend' }).inputValue(), 'BE');
  assert.equal(await page.getByRole('combobox', { name: 'Kind of team Backend' }).inputValue(), 'service');
  assert.equal(await page.getByRole('combobox', { name: 'Kind of team Android' }).inputValue(), 'client_platform');
  // The choice is remembered: a reload goes straight to the workspace.
  await page.reload();
  await page.getByRole('heading', { name: 'Teams' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('start empty, then add, rename, re-key, recolour and remove teams', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await page.getByRole('button', { name: 'Start empty' }).click();
  await page.getByRole('heading', { name: 'Teams' }).waitFor();
  await page.getByLabel('Team name').fill('Web');
  await page.getByLabel('Team key').fill('web');
  await page.getByRole('button', { name: 'Add team' }).click();
  await page.getByRole('textbox', { name: 'Name of team Web' }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Key of team Web' }).inputValue(), 'WEB');

  await page.getByLabel('Team name').fill('Backend');
  await page.getByLabel('Team key').fill('BE');
  await page.getByLabel('Team kind').selectOption('service');
  await page.getByRole('button', { name: 'Add team' }).click();
  assert.equal(await page.getByRole('combobox', { name: 'Kind of team Backend' }).inputValue(), 'service');

  // A key already in use is refused with an alert naming the other team.
  const key = page.getByRole('textbox', { name: 'Key of team Web' });
  await key.fill('BE');
  await key.press('Enter');
  await page.getByRole('alert').getByText('The key BE is already used by Backend').waitFor();
  assert.equal(await key.inputValue(), 'WEB');

  const name = page.getByRole('textbox', { name: 'Name of team Web' });
  await name.fill('Web app');
  await name.press('Enter');
  await page.getByRole('textbox', { name: 'Key of team Web app' }).fill('WA');
  await page.getByRole('textbox', { name: 'Key of team Web app' }).press('Enter');
  await page.getByRole('link', { name: /^Web app/ }).waitFor();
  await page.getByLabel('Colour of team Web app').fill('#ff0000');
  await page.getByRole('link', { name: /^Web app/ }).click();
  await page.getByRole('heading', { name: 'Web app backlog' }).waitFor();
  await addStories(page, ['Landing page']);
  await page.getByRole('listitem', { name: 'WA-1 Landing page' }).waitFor();

  // Removing a team with stories asks first and says how many.
  await page.getByRole('link', { name: 'Teams' }).click();
  await page.getByRole('button', { name: 'Remove team Web app' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Remove team Web app?' });
  await dialog.getByText('the 1 story in its backlog').waitFor();
  await dialog.getByRole('button', { name: 'Keep the team' }).click();
  assert.equal(await page.getByRole('alertdialog').count(), 0);
  await page.getByRole('button', { name: 'Remove team Web app' }).click();
  await page.getByRole('button', { name: 'Remove Web app and 1 story' }).click();
  await page.getByRole('status').getByText('Removed team Web app and its 1 story.').waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Name of team Web app' }).count(), 0);
  // ...and it can be undone.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await page.getByRole('textbox', { name: 'Name of team Web app' }).waitFor();
  // A team without stories goes at once.
  await page.getByRole('button', { name: 'Remove team Backend' }).click();
  assert.equal(await page.getByRole('textbox', { name: 'Name of team Backend' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('add, edit, reorder, move, delete and undo; everything survives a reload', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  await addStories(page, ['Delete my profile', 'Edit avatar', 'Log out everywhere', 'Export my data']);
  await expectRows(page, [
    'IOS-1 Delete my profile',
    'IOS-2 Edit avatar',
    'IOS-3 Log out everywhere',
    'IOS-4 Export my data',
  ]);

  // Edit in place.
  const title = page.getByRole('textbox', { name: 'Title of IOS-2' });
  await title.fill('Change my avatar');
  await title.press('Enter');
  await page.getByRole('combobox', { name: 'Kind of IOS-2' }).selectOption('technical_story');
  await page.getByRole('combobox', { name: 'Status of IOS-2' }).selectOption('in_progress');
  const estimate = page.getByRole('textbox', { name: 'Estimate of IOS-2 in points' });
  await estimate.fill('½');
  await estimate.press('Enter');
  await page.getByText('1 estimated · 0.5 points').waitFor();

  // Reorder with buttons and keys.
  await page.getByRole('button', { name: 'Move IOS-4 to top' }).click();
  await page.getByRole('button', { name: 'Move IOS-1 down' }).click();
  await expectRows(page, [
    'IOS-4 Export my data',
    'IOS-2 Change my avatar',
    'IOS-1 Delete my profile',
    'IOS-3 Log out everywhere',
  ]);
  // Focus stays on the moved story's button, so keys keep working.
  await page.keyboard.press('Enter');
  await expectRows(page, 'IOS-1 Delete my profile', (rows) => rows[3]);
  await page.getByRole('textbox', { name: 'Title of IOS-3' }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expectRows(page, [
    'IOS-4 Export my data',
    'IOS-3 Log out everywhere',
    'IOS-2 Change my avatar',
    'IOS-1 Delete my profile',
  ]);
  // The field keeps the focus, so the next key moves the same story.
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Title of IOS-3');
  await page.keyboard.press('Alt+Home');
  await expectRows(page, 'IOS-3 Log out everywhere', (rows) => rows[0]);

  // Reorder by drag and drop: IOS-1 onto the top half of IOS-4.
  await page.getByTestId('drag-IOS-1').dragTo(page.getByRole('listitem', { name: 'IOS-4 Export my data' }), {
    targetPosition: { x: 200, y: 6 },
  });
  await expectRows(page, [
    'IOS-3 Log out everywhere',
    'IOS-1 Delete my profile',
    'IOS-4 Export my data',
    'IOS-2 Change my avatar',
  ]);

  // The side panel edits every field; its address is the story's.
  await page.getByRole('link', { name: 'Open IOS-1' }).click();
  assert.match(page.url(), /#\/backlog\/ios\/IOS-1$/);
  const panel = page.getByRole('complementary', { name: 'IOS-1' });
  await panel.getByLabel('Description').fill('Removes the account and every photo.');
  await panel.getByLabel('Status').selectOption('blocked');
  // Move it to Android: it gets a new key there; IOS-1 is not reused.
  await panel.getByLabel('Team').selectOption({ label: 'Android (AND)' });
  await page.getByRole('complementary', { name: 'AND-1' }).waitFor();
  assert.match(page.url(), /#\/backlog\/and\/AND-1$/);
  await page.getByRole('status').getByText('Moved to Android as AND-1.').waitFor();
  await page.getByRole('button', { name: 'Close story' }).click();
  await page.getByRole('heading', { name: 'Android backlog' }).waitFor();
  await expectRows(page, ['AND-1 Delete my profile']);
  assert.equal(await page.getByRole('combobox', { name: 'Status of AND-1' }).inputValue(), 'blocked');

  // Delete with an undo notice.
  await page.getByRole('link', { name: /^iOS/ }).click();
  await page.getByRole('button', { name: 'Delete IOS-4' }).click();
  await page.getByRole('status').getByText('Deleted IOS-4 “Export my data”.').waitFor();
  assert.equal(await page.getByRole('listitem', { name: 'IOS-4 Export my data' }).count(), 0);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expectRows(page, [
    'IOS-3 Log out everywhere',
    'IOS-4 Export my data',
    'IOS-2 Change my avatar',
  ]);
  await page.getByRole('button', { name: 'Delete IOS-3' }).click();

  // Filter as you type.
  await page.getByRole('searchbox', { name: 'Filter stories' }).fill('AVATAR');
  await expectRows(page, ['IOS-2 Change my avatar']);
  await page.getByText('Showing 1 of 2 stories.').waitFor();
  await page.getByRole('searchbox', { name: 'Filter stories' }).fill('');

  // An edit right before a reload is kept (saved on pagehide, not only after the debounce).
  await page.getByRole('link', { name: 'Open IOS-2' }).click();
  await page.getByRole('complementary', { name: 'IOS-2' }).getByLabel('Description').fill('Typed just before reload');
  await page.reload();
  const after = page.getByRole('complementary', { name: 'IOS-2' });
  assert.equal(await after.getByLabel('Description').inputValue(), 'Typed just before reload');
  assert.equal(await after.getByLabel('Kind').inputValue(), 'technical_story');
  assert.equal(await after.getByLabel('Status').inputValue(), 'in_progress');
  assert.equal(await after.getByLabel('Estimate (points)').inputValue(), '0.5');
  await page.keyboard.press('Escape');
  await expectRows(page, ['IOS-4 Export my data', 'IOS-2 Change my avatar']);

  // New stories keep counting: IOS-5, never a reused IOS-1 or IOS-3.
  await addStories(page, ['Two-factor login']);
  await expectRows(page, 'IOS-5 Two-factor login', (rows) => rows[2]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('addresses: deep links, back and forward, unknown views', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  await addStories(page, ['Delete my profile']);
  await page.getByRole('link', { name: /^Backend/ }).click();
  await page.getByRole('heading', { name: 'Backend backlog' }).waitFor();
  await page.getByRole('link', { name: 'Import & export' }).click();
  await page.getByRole('heading', { name: 'Import & export' }).waitFor();
  await page.goBack();
  await page.getByRole('heading', { name: 'Backend backlog' }).waitFor();
  await page.goBack();
  await page.getByRole('heading', { name: 'iOS backlog' }).waitFor();
  await page.goForward();
  await page.getByRole('heading', { name: 'Backend backlog' }).waitFor();

  // A bookmark of a story opens it directly, under the sub-path.
  await page.goto(app.server.url + '#/backlog/ios/IOS-1');
  await page.getByRole('complementary', { name: 'IOS-1' }).waitFor();
  assert.equal(await page.getByRole('complementary').getByLabel('Title').inputValue(), 'Delete my profile');
  await page.goto(app.server.url + '#/backlog/xyz');
  await page.getByRole('heading', { name: 'No such team' }).waitFor();
  await page.goto(app.server.url + 'app.html#/somewhere/else');
  await page.getByRole('heading', { name: 'Nothing here' }).waitFor();
  await page.goto(app.server.url + '#/');
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.getByRole('row', { name: /iOS \(IOS\)/ }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
