// End-to-end: the "delete my profile" scenario — an epic split into iOS,
// Android and backend stories with dependencies — plus constraints and lint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useServedApp, openApp, expectRows, tempDir } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';
import { schemaErrors } from './schema.mjs';

const app = useServedApp();

async function start(page) {
  await startWithOurTeams(page);
}

async function createEpic(page) {
  await page.getByRole('link', { name: 'Epics' }).click();
  await page.getByLabel('Epic title').fill('Delete my profile');
  await page.getByLabel('Goal').fill('Users can erase their account everywhere');
  await page.getByLabel('As a').fill('user');
  await page.getByLabel('I want').fill('to delete my profile');
  await page.getByLabel('So that').fill('my data is gone');
  await page.getByRole('button', { name: 'Create epic' }).click();
  await page.getByRole('heading', { name: 'EP-1 Delete my profile' }).waitFor();
}

const withoutTimestamp = (text) => text.replace(/"exported_at": "[^"]+"/, '"exported_at": "…"');

async function exportText(page, name) {
  await page.getByRole('link', { name: 'Import & export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const path = join(tempDir(), name);
  await download.saveAs(path);
  return { path, text: readFileSync(path, 'utf8') };
}

const panel = (page, key) => page.getByRole('complementary', { name: key });

test('delete my profile: split once, three backlogs, dependencies, backend done, re-split for Web', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await start(page);
  await createEpic(page);
  await page.getByText('Not split yet').waitFor();

  await page.getByRole('button', { name: 'Preview split' }).click();
  const preview = page.getByRole('region', { name: 'Split preview' });
  assert.equal(await preview.getByLabel('New iOS story').inputValue(), 'Delete my profile (iOS)');
  assert.equal(await preview.getByLabel('New Android story').inputValue(), 'Delete my profile (Android)');
  await preview.getByLabel('New Backend story').fill('Profile deletion API');
  await preview.getByRole('button', { name: 'Create 3 stories' }).click();
  await page.getByRole('status').getByText('Created IOS-1, AND-1, BE-1.').waitFor();
  await page.getByText('Not started · 0 of 3 stories done').waitFor();
  const ios = page.getByRole('region', { name: 'iOS stories' });
  await ios.getByText('waiting on BE-1').waitFor();
  await page.getByRole('region', { name: 'Android stories' }).getByText('waiting on BE-1').waitFor();

  // Each story landed in its own team's backlog, nothing typed twice.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Backend/ }).click();
  await expectRows(page, ['BE-1 Profile deletion API']);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Android/ }).click();
  await expectRows(page, ['AND-1 Delete my profile (Android)']);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^iOS/ }).click();
  await expectRows(page, ['IOS-1 Delete my profile (iOS)']);
  await page.getByRole('listitem', { name: 'IOS-1 Delete my profile (iOS)' }).getByText('waiting on BE-1').waitFor();

  // From the story: its epic, its siblings with status, what it waits on,
  // and the user-story text carried over.
  await page.getByRole('link', { name: 'Open IOS-1' }).click();
  const p = panel(page, 'IOS-1');
  assert.equal(await p.getByLabel('So that').inputValue(), 'my data is gone');
  await p.getByText('As a user, I want to delete my profile so that my data is gone').waitFor();
  const siblings = p.getByRole('list', { name: 'Sibling stories' });
  await siblings.getByText('Delete my profile (Android) · Android · To do').waitFor();
  await siblings.getByText('Profile deletion API · Backend · To do').waitFor();
  await p.getByText('Waiting on BE-1').waitFor();

  // A cycle is refused and named.
  await page.goto(app.server.url + '#/backlog/be/BE-1');
  await panel(page, 'BE-1').getByLabel('Depends on story').fill('ios-1');
  await panel(page, 'BE-1').getByRole('button', { name: 'Add dependency' }).click();
  await page.getByRole('alert').getByText('That would make a cycle: BE-1 → IOS-1 → BE-1.').waitFor();
  await panel(page, 'BE-1').getByRole('list', { name: 'Needed by' }).getByText('Delete my profile (iOS)').waitFor();

  // Backend done: the client stories stop waiting.
  await panel(page, 'BE-1').getByLabel('Status').selectOption('done');
  await page.goto(app.server.url + '#/backlog/ios/IOS-1');
  await panel(page, 'IOS-1').getByRole('list', { name: 'Depends on' }).getByText('Profile deletion API · Backend · Done').waitFor();
  assert.equal(await panel(page, 'IOS-1').getByText('Waiting on').count(), 0);
  assert.equal(await page.getByRole('listitem', { name: 'IOS-1 Delete my profile (iOS)' }).getByText('waiting on').count(), 0);

  // iOS done, Android not: the lagging platform is named on the epic and its stories.
  await page.getByRole('combobox', { name: 'Status of IOS-1' }).selectOption('done');
  await page.goto(app.server.url + '#/backlog/and/AND-1');
  await panel(page, 'AND-1').getByText('Android is behind iOS: 0 of 1 stories done, against 1 of 1.').waitFor();
  await page.goto(app.server.url + 'app.html#/epics/EP-1');
  await page.getByText('Android is behind iOS: 0 of 1 stories done, against 1 of 1.').waitFor();

  // Later, a Web team: splitting again adds only its story, linked to BE-1.
  await page.getByRole('link', { name: 'Teams' }).click();
  await page.getByLabel('Team name').fill('Web');
  await page.getByLabel('Team key').fill('WEB');
  await page.getByRole('button', { name: 'Add team' }).click();
  await page.goto(app.server.url + 'app.html#/epics/EP-1');
  await page.getByRole('checkbox', { name: 'Web' }).check();
  await page.getByRole('button', { name: 'Preview split' }).click();
  await preview.getByText('iOS: already has IOS-1').waitFor();
  await preview.getByText('Backend: already has BE-1').waitFor();
  await preview.getByRole('button', { name: 'Create 1 story' }).click();
  await page.getByRole('status').getByText('Created WEB-1.').waitFor();
  await page.getByText('In progress · 2 of 4 stories done').waitFor();
  await page.goto(app.server.url + '#/backlog/web/WEB-1');
  await panel(page, 'WEB-1').getByRole('list', { name: 'Depends on' }).getByText('Profile deletion API').waitFor();
  await page.goto(app.server.url + '#/backlog/be');
  await expectRows(page, ['BE-1 Profile deletion API']);

  // It all survives a reload.
  await page.reload();
  await page.goto(app.server.url + 'app.html#/epics');
  await page.getByRole('row', { name: /EP-1 Delete my profile/ }).getByText('iOS 1/1 · Android 0/1 · Backend 1/1 · Web 0/1').waitFor();

  // Epics, dependencies and the story text survive export → import.
  const first = await exportText(page, 'epic-first.json');
  const fresh = await openApp(app.browser, app.server);
  await fresh.page.getByRole('link', { name: 'Import a JSON file' }).click();
  await fresh.page.getByLabel('Import JSON').setInputFiles(first.path);
  await fresh.page.getByRole('button', { name: 'Replace workspace' }).click();
  await fresh.page.goto(app.server.url + '#/backlog/web/WEB-1');
  await panel(fresh.page, 'WEB-1').getByRole('list', { name: 'Depends on' }).getByText('Profile deletion API').waitFor();
  const second = await exportText(fresh.page, 'epic-second.json');
  assert.equal(withoutTimestamp(second.text), withoutTimestamp(first.text));
  assert.deepEqual(schemaErrors(JSON.parse(first.text)), []);
  assert.deepEqual(fresh.problems, []);
  await fresh.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a constraint linked to two stories shows on both; a target without a number is flagged', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await start(page);
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill('Sync photos');
  await input.press('Enter');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Android/ }).click();
  await input.fill('Sync photos');
  await input.press('Enter');

  await page.getByRole('link', { name: 'Constraints' }).click();
  await page.getByLabel('Constraint name').fill('Mobile data per sync');
  await page.getByLabel('Constraint metric').fill('data sent per sync');
  await page.getByLabel('Constraint target').fill('as little as possible');
  await page.getByLabel('Constraint unit').fill('KB');
  await page.getByRole('button', { name: 'Add constraint' }).click();
  await page.getByRole('heading', { name: 'Mobile data per sync: data sent per sync ≤ as little as possible KB' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Needs a measurable target' }).waitFor();
  const target = page.getByRole('textbox', { name: 'Target of Mobile data per sync' });
  await target.fill('200');
  await target.press('Enter');
  await page.getByRole('heading', { name: 'Mobile data per sync: data sent per sync ≤ 200 KB' }).waitFor();
  assert.equal(await page.getByRole('status').filter({ hasText: 'Needs a measurable target' }).count(), 0);

  for (const [team, key] of [['ios', 'IOS-1'], ['and', 'AND-1']]) {
    await page.goto(`${app.server.url}#/backlog/${team}/${key}`);
    await panel(page, key).getByRole('checkbox', { name: 'Mobile data per sync (data sent per sync ≤ 200 KB)' }).check();
  }
  await page.getByRole('link', { name: 'Constraints' }).click();
  const list = page.getByRole('list', { name: 'Stories respecting Mobile data per sync' });
  await list.getByRole('link', { name: 'IOS-1' }).waitFor();
  await list.getByRole('link', { name: 'AND-1' }).waitFor();
  await page.getByText('Stories that must respect it (2)').waitFor();
  // ...and each story shows it.
  await list.getByRole('link', { name: 'AND-1' }).click();
  assert.equal(await panel(page, 'AND-1').getByRole('checkbox', { name: /Mobile data per sync/ }).isChecked(), true);
  await page.goto(app.server.url + '#/backlog/ios/IOS-1');
  assert.equal(await panel(page, 'IOS-1').getByRole('checkbox', { name: /Mobile data per sync/ }).isChecked(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('lint notices appear and disappear as the story is fixed, and dismissals are kept', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await start(page);
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill('Delete my profile');
  await input.press('Enter');
  await page.getByText('1 story with notices').waitFor();
  await page.getByRole('link', { name: 'Open IOS-1' }).click();
  const p = panel(page, 'IOS-1');
  const notice = (text) => p.getByRole('status').filter({ hasText: text });
  await notice('This user story has no “so that”').waitFor();
  await notice('No acceptance criteria yet').waitFor();

  await p.getByLabel('As a', { exact: true }).fill('user');
  await p.getByLabel('I want').fill('to delete my profile');
  await p.getByLabel('So that', { exact: true }).fill('my data is gone');
  await notice('This user story has no “so that”').waitFor({ state: 'detached' });
  const criterion = p.getByRole('textbox', { name: 'New acceptance criterion' });
  await criterion.fill('The account and photos are erased');
  await criterion.press('Enter');
  await criterion.fill('A confirmation email is sent');
  await criterion.press('Enter');
  await notice('No acceptance criteria yet').waitFor({ state: 'detached' });
  await p.getByRole('checkbox', { name: 'Done: The account and photos are erased' }).check();
  await p.getByRole('heading', { name: 'Acceptance criteria (1/2)' }).waitFor();
  assert.equal(await page.getByText('1 story with notices').count(), 0);

  // Large estimate: a nudge to split, which the team may dismiss for good.
  await p.getByLabel('Estimate (points)').fill('20');
  await p.getByLabel('Estimate (points)').press('Enter');
  await notice('Estimated above 13 points').waitFor();
  await p.getByRole('button', { name: 'Dismiss notice: large estimate' }).click();
  await notice('Estimated above 13 points').waitFor({ state: 'detached' });
  await page.reload();
  await panel(page, 'IOS-1').getByLabel('Title').waitFor();
  assert.equal(await notice('Estimated above 13 points').count(), 0);

  // A technical story needs a number in its target.
  await p.getByLabel('Kind').selectOption('technical_story');
  await p.getByLabel('As a (stakeholder)').fill('backend operator');
  await p.getByLabel('I want').fill('to run on as little hardware as possible');
  await p.getByLabel('So that', { exact: true }).fill('cost drops');
  await notice('Needs a measurable target').waitFor();
  await p.getByLabel('I want').fill('to serve 10000 concurrent users on 4 nodes');
  await notice('Needs a measurable target').waitFor({ state: 'detached' });
  await p.getByText('As a backend operator, I want to serve 10000 concurrent users on 4 nodes so that cost drops').waitFor();

  // A spike needs a time box; a feature reads as one FDD sentence.
  await p.getByLabel('Kind').selectOption('spike');
  await p.getByLabel('Question to answer').fill('Can we halve the sync payload?');
  await notice('This spike has no time box').waitFor();
  await p.getByLabel('Time box (days)').fill('2');
  await p.getByLabel('Time box (days)').press('Enter');
  await notice('This spike has no time box').waitFor({ state: 'detached' });
  await p.getByText('Spike: Can we halve the sync payload? (time box 2 days)').waitFor();
  await p.getByLabel('Kind').selectOption('feature');
  await p.getByLabel('Action').fill('Calculate');
  await p.getByLabel('Result').fill('size');
  await p.getByLabel('Preposition').selectOption('of');
  await p.getByLabel('Object').fill('upload');
  await p.getByText('Calculate the size of an upload').waitFor();
  await page.getByRole('listitem', { name: /^IOS-1 / }).getByText('Calculate the size of an upload').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
