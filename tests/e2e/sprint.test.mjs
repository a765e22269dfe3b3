// End-to-end: a shared sprint planning for three teams — warnings that
// appear and clear, drag and drop and keyboard, capacity, the board, closing
// with a carry-over, and the review export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useServedApp, openApp } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';
import { schemaErrors } from './schema.mjs';

const app = useServedApp();

async function splitEpic(page) {
  await startWithOurTeams(page);
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill('Settings screen');
  await input.press('Enter');
  await page.getByRole('link', { name: 'Epics' }).click();
  await page.getByLabel('Epic title').fill('Delete my profile');
  await page.getByRole('button', { name: 'Create epic' }).click();
  await page.getByRole('button', { name: 'Preview split' }).click();
  const preview = page.getByRole('region', { name: 'Split preview' });
  await preview.getByLabel('New Backend story').fill('Profile deletion API');
  await preview.getByRole('button', { name: 'Create 3 stories' }).click();
  await page.getByRole('status').getByText('Created IOS-2, AND-1, BE-1.').waitFor();
}

async function estimate(page, team, key, points) {
  await page.goto(`${app.server.url}#/backlog/${team}/${key}`);
  const field = page.getByRole('complementary', { name: key }).getByLabel('Estimate (points)');
  await field.fill(String(points));
  await field.press('Tab');
}

const warningsList = (page) => page.getByRole('list', { name: 'Planning warnings' });
const warnings = async (page) => (await warningsList(page).getByRole('listitem').allInnerTexts()).sort();
async function expectWarnings(page, expected) {
  const deadline = Date.now() + 5000;
  let found = await warnings(page);
  while (JSON.stringify(found) !== JSON.stringify([...expected].sort()) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    found = await warnings(page);
  }
  assert.deepEqual(found, [...expected].sort());
}

test('plan a sprint for three teams, run its board, close it with a carry-over and export the review', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.origin });
  await splitEpic(page);

  // Members: a backend engineer and an iOS engineer lending 20% to backend.
  await page.getByRole('link', { name: 'Members' }).click();
  await page.getByLabel('New member name').fill('Anna');
  await page.getByLabel('New member home team').selectOption({ label: 'Backend' });
  await page.getByRole('button', { name: 'Add member' }).click();
  await page.getByLabel('New member name').fill('Carl');
  await page.getByLabel('New member home team').selectOption({ label: 'iOS' });
  await page.getByRole('button', { name: 'Add member' }).click();
  await page.getByLabel('Carl’s share of iOS in percent').fill('80');
  await page.getByLabel('Carl’s share of iOS in percent').press('Tab');
  await page.getByLabel('Carl’s share of Backend in percent').fill('20');
  await page.getByLabel('Carl’s share of Backend in percent').press('Tab');
  await page.getByText('Time per team (100% allocated)').nth(1).waitFor();

  // The shared cadence.
  await page.getByRole('link', { name: 'Sprint planning' }).click();
  await page.getByLabel('Sprint length').selectOption({ label: '2 weeks' });
  await page.getByLabel('Sprint 1 starts on').fill('2026-11-30');
  await page.getByRole('button', { name: 'Save sprint rhythm' }).click();
  await page.getByRole('heading', { name: 'Sprint 1', exact: true }).waitFor();
  await page.getByText('30 Nov – 13 Dec 2026 · Next to start.').waitFor();
  await page.getByRole('heading', { name: 'No warnings' }).waitFor();

  // Keyboard: the iOS slice goes in; the backend story it waits on and the
  // Android slice are not planned, and nothing is estimated.
  const add = page.getByRole('button', { name: 'Add IOS-2 to sprint 1' });
  await add.focus();
  await page.keyboard.press('Enter');
  await expectWarnings(page, [
    'IOS-2 “Delete my profile (iOS)” is planned, but it depends on BE-1 “Profile deletion API”, which is neither done nor planned in this sprint or an earlier one.',
    'IOS-2 “Delete my profile (iOS)” has no estimate.',
    'EP-1 “Delete my profile” is planned for iOS but not for Android: Android lags.',
  ]);
  // The story carries its warnings too.
  const iosRow = page.getByRole('list', { name: 'iOS sprint 1 backlog' }).getByRole('listitem').first();
  await iosRow.getByRole('list', { name: 'Warnings for IOS-2' }).getByText('has no estimate').waitFor();
  // A warning leads to its story.
  await warningsList(page).getByRole('link', { name: /Android lags/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'lane-and');

  // Drag and drop: the Android slice and the backend story go in.
  await page
    .getByRole('list', { name: 'Android product backlog' })
    .getByText('Delete my profile (Android)')
    .dragTo(page.getByRole('list', { name: 'Android sprint 1 backlog' }));
  await page
    .getByRole('list', { name: 'Backend product backlog' })
    .getByText('Profile deletion API')
    .dragTo(page.getByRole('list', { name: 'Backend sprint 1 backlog' }));
  await expectWarnings(page, [
    'Risk: IOS-2 “Delete my profile (iOS)” depends on BE-1 “Profile deletion API”, planned in the same sprint.',
    'Risk: AND-1 “Delete my profile (Android)” depends on BE-1 “Profile deletion API”, planned in the same sprint.',
    'IOS-2 “Delete my profile (iOS)” has no estimate.',
    'AND-1 “Delete my profile (Android)” has no estimate.',
    'BE-1 “Profile deletion API” has no estimate.',
  ]);
  // Out again by keyboard, and in again.
  await page.getByRole('button', { name: 'Remove AND-1 from sprint 1' }).click();
  await page.getByRole('list', { name: 'Android product backlog' }).getByText('Delete my profile (Android)').waitFor();
  await page.getByRole('button', { name: 'Add AND-1 to sprint 1' }).click();

  // Estimates clear the last warnings.
  await estimate(page, 'ios', 'IOS-2', 3);
  await estimate(page, 'and', 'AND-1', 3);
  await estimate(page, 'be', 'BE-1', 5);
  await page.goto(`${app.server.url}app.html#/sprint/1`);
  await expectWarnings(page, [
    'Risk: IOS-2 “Delete my profile (iOS)” depends on BE-1 “Profile deletion API”, planned in the same sprint.',
    'Risk: AND-1 “Delete my profile (Android)” depends on BE-1 “Profile deletion API”, planned in the same sprint.',
  ]);
  const backendLane = page.getByRole('region', { name: 'Backend' });
  await backendLane.getByText('5 points planned. No velocity yet: close a sprint to get a velocity-based capacity. 12 of 12 person-days available.').waitFor();
  // Days off lower the people-based capacity.
  await backendLane.getByText('Days off in sprint 1').click();
  await backendLane.getByLabel('Anna’s days off in sprint 1').fill('2');
  await backendLane.getByLabel('Anna’s days off in sprint 1').press('Tab');
  await backendLane.getByText('10 of 12 person-days available.', { exact: false }).waitFor();
  // The epic filter narrows every lane at once.
  await page.getByLabel('Filter all lanes by epic').selectOption({ label: 'EP-1 Delete my profile' });
  assert.equal(await page.getByRole('list', { name: 'iOS product backlog' }).getByRole('listitem').count(), 0);
  await page.getByLabel('Filter all lanes by epic').selectOption({ label: 'All epics' });
  await page.getByRole('list', { name: 'iOS product backlog' }).getByText('Settings screen').waitFor();
  // A lane's own filter is the backlog's: any case, spaces around ignored.
  await page.getByLabel('Filter the iOS product backlog').fill('  SETTINGS ');
  await page.getByRole('list', { name: 'iOS product backlog' }).getByText('Settings screen').waitFor();
  assert.equal(await page.getByRole('list', { name: 'iOS product backlog' }).getByRole('listitem').count(), 1);
  await page.getByLabel('Filter the iOS product backlog').fill('');

  // The board: start, move statuses, block with a reason.
  await page.getByRole('link', { name: 'Board', exact: true }).first().click();
  await page.getByRole('heading', { name: 'Sprint 1 board' }).waitFor();
  await page.getByRole('button', { name: 'Start sprint 1' }).click();
  await page.getByText('Running · 30 Nov – 13 Dec 2026').waitFor();
  await page.getByLabel('Status of BE-1').selectOption({ label: 'Done' });
  await page.getByLabel('Status of AND-1').selectOption({ label: 'In progress' });
  await page.getByLabel('Status of IOS-2').selectOption({ label: 'Blocked' });
  await page.getByLabel('Why is IOS-2 blocked?').fill('Waiting for the design');
  await page.getByLabel('Why is IOS-2 blocked?').press('Tab');
  await page.getByRole('list', { name: 'Backend Done' }).getByText('BE-1').waitFor();
  await page.getByRole('list', { name: 'iOS Blocked' }).getByText('IOS-2').waitFor();

  // Close: AND-1 carries over, IOS-2 goes back to the backlog.
  await page.getByRole('button', { name: 'Close sprint 1…' }).click();
  await page.getByLabel('Where IOS-2 goes').selectOption({ label: 'Back to the backlog' });
  await page.getByRole('button', { name: 'Close sprint 1', exact: true }).click();
  await page.getByRole('heading', { name: 'Sprint 1 review' }).waitFor();
  const markdown = await page.getByLabel('Review (Markdown)').inputValue();
  assert.equal(
    markdown,
    [
      '# Sprint 1 review (30 Nov – 13 Dec 2026)',
      '',
      '## iOS',
      '',
      'Completed 0 of 3 committed points (0 stories).',
      '',
      '### Back to the backlog',
      '',
      '- IOS-2 Delete my profile (iOS) (3 points)',
      '',
      '## Android',
      '',
      'Completed 0 of 3 committed points (0 stories).',
      '',
      '### Carried over to sprint 2',
      '',
      '- AND-1 Delete my profile (Android) (3 points)',
      '',
      '## Backend',
      '',
      'Completed 5 of 5 committed points (1 story).',
      '',
      '### EP-1 Delete my profile',
      '',
      '- BE-1 Profile deletion API (5 points)',
      '',
    ].join('\n'),
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Markdown' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'sprint-1-review.md');
  assert.equal(readFileSync(await download.path(), 'utf8'), markdown);
  await page.getByRole('button', { name: 'Copy to clipboard' }).click();
  await page.getByRole('status').getByText('Copied the review to the clipboard.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), markdown);

  // Sprint 2: the carry-over is planned, the returned story tops the backlog,
  // and the backend now has a velocity.
  await page.goto(`${app.server.url}app.html#/sprint/2`);
  await page.getByRole('list', { name: 'Android sprint 2 backlog' }).getByText('Delete my profile (Android)').waitFor();
  const iosBacklog = await page.getByRole('list', { name: 'iOS product backlog' }).getByRole('listitem').allInnerTexts();
  assert.match(iosBacklog[0], /^IOS-2/);
  await page
    .getByRole('region', { name: 'Backend' })
    .getByText('0 points planned. About 5 fit: velocity 5 (average of the last 1 closed sprint) × 100% availability.', { exact: false })
    .waitFor();
  // Sprint 1 is a record now: no buttons to change it.
  await page.goto(`${app.server.url}app.html#/sprint/1`);
  await page.getByText('Closed: its plan is kept as a record.').waitFor();
  assert.equal(await page.getByRole('button', { name: /sprint 1$/ }).count(), 0);

  // Everything is in the export, which matches the published schema.
  await page.getByRole('link', { name: 'Import & export' }).click();
  const [exported] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const file = JSON.parse(readFileSync(await exported.path(), 'utf8'));
  assert.deepEqual(schemaErrors(file), []);
  assert.equal(file.cadence.weeks, 2);
  assert.equal(file.members.length, 2);
  assert.equal(file.sprints[0].teams.find((t) => t.completed_points === 5).committed_points, 5);
  assert.ok(file.stories.find((s) => s.title === 'Profile deletion API').done_at);
  assert.deepEqual(problems, []);
  await context.close();
});

// Issue 15, "Records are records": a closed sprint shows what it carried,
// from its record, not from where its stories are today.
async function addStoriesTo(page, team, titles) {
  await page.goto(`${app.server.url}#/backlog/${team}`);
  const input = page.getByRole('textbox', { name: 'New story title' });
  const rows = page.getByRole('list', { name: 'Stories' }).getByRole('listitem');
  for (const [i, title] of titles.entries()) {
    await input.fill(title);
    await input.press('Enter');
    await rows.nth(i).waitFor();
  }
}

const rowsOf = (table) =>
  table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));

test('a closed sprint keeps what it carried over: its view, review and velocity read its record', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  await addStoriesTo(page, 'ios', ['Profile screen']);
  await addStoriesTo(page, 'and', ['Sign in', 'Profile screen']);
  await addStoriesTo(page, 'be', ['Sign in API', 'Profile API']);
  await estimate(page, 'ios', 'IOS-1', 3);
  await estimate(page, 'and', 'AND-2', 5);
  await estimate(page, 'be', 'BE-2', 2);

  // Plan IOS-1, AND-2 and BE-2 in sprint 1, start it, mark BE-2 done, close
  // with All to sprint 2.
  await page.getByRole('link', { name: 'Sprint planning' }).click();
  await page.getByLabel('Sprint length').selectOption({ label: '2 weeks' });
  await page.getByLabel('Sprint 1 starts on').fill('2026-11-30');
  await page.getByRole('button', { name: 'Save sprint rhythm' }).click();
  await page.getByRole('heading', { name: 'Sprint 1', exact: true }).waitFor();
  for (const key of ['IOS-1', 'AND-2', 'BE-2']) {
    await page.getByRole('button', { name: `Add ${key} to sprint 1` }).click();
    await page.getByRole('button', { name: `Remove ${key} from sprint 1` }).waitFor();
  }
  await page.getByRole('link', { name: 'Board', exact: true }).first().click();
  await page.getByRole('button', { name: 'Start sprint 1' }).click();
  await page.getByLabel('Status of BE-2').selectOption({ label: 'Done' });
  await page.getByRole('list', { name: 'Backend Done' }).getByText('BE-2').waitFor();
  await page.getByRole('button', { name: 'Close sprint 1…' }).click();
  await page.getByRole('button', { name: 'All to sprint 2' }).click();
  await page.getByRole('button', { name: 'Close sprint 1', exact: true }).click();
  await page.getByRole('heading', { name: 'Sprint 1 review' }).waitFor();

  const review = [
    '# Sprint 1 review (30 Nov – 13 Dec 2026)',
    '',
    '## iOS',
    '',
    'Completed 0 of 3 committed points (0 stories).',
    '',
    '### Carried over to sprint 2',
    '',
    '- IOS-1 Profile screen (3 points)',
    '',
    '## Android',
    '',
    'Completed 0 of 5 committed points (0 stories).',
    '',
    '### Carried over to sprint 2',
    '',
    '- AND-2 Profile screen (5 points)',
    '',
    '## Backend',
    '',
    'Completed 2 of 2 committed points (1 story).',
    '',
    '### No epic',
    '',
    '- BE-2 Profile API (2 points)',
    '',
  ].join('\n');

  // What sprint 1 shows, read from its record.
  const expectSprint1 = async () => {
    await page.goto(`${app.server.url}app.html#/sprint/1`);
    await page.getByText('Closed: its plan is kept as a record.').waitFor();
    const lanes = [
      ['iOS', 'IOS-1', '3', 'Carried over to sprint 2', 'Committed 3 points, completed 0.'],
      ['Android', 'AND-2', '5', 'Carried over to sprint 2', 'Committed 5 points, completed 0.'],
      ['Backend', 'BE-2', '2', 'Done', 'Committed 2 points, completed 2.'],
    ];
    for (const [team, key, points, outcome, summary] of lanes) {
      const lane = page.getByRole('region', { name: team, exact: true });
      await lane.getByText(summary).waitFor();
      const rows = lane.getByRole('list', { name: `${team} sprint 1 backlog` }).getByRole('listitem');
      assert.equal(await rows.count(), 1, `${team} sprint 1 holds one story`);
      assert.equal(await rows.first().getByRole('link').innerText(), key);
      assert.equal(await rows.first().getByTitle('Estimate').innerText(), points);
      assert.equal(await rows.first().getByTitle('Outcome').innerText(), outcome);
      assert.equal(await lane.getByText('Nothing was planned.').count(), 0);
    }
    assert.equal(await page.getByText('0 points planned', { exact: false }).count(), 0);
  };
  const expectReview = async () => {
    await page.goto(`${app.server.url}app.html#/sprint/1/review`);
    await page.getByRole('heading', { name: 'Sprint 1 review' }).waitFor();
    assert.equal(await page.getByLabel('Review (Markdown)').inputValue(), review);
  };
  const expectVelocity = async () => {
    await page.goto(`${app.server.url}app.html#/velocity`);
    await page.getByRole('heading', { name: 'Velocity and forecasts' }).waitFor();
    assert.deepEqual(await rowsOf(page.getByRole('table', { name: 'iOS velocity' })), [['1', '3', '0']]);
    assert.deepEqual(await rowsOf(page.getByRole('table', { name: 'Android velocity' })), [['1', '5', '0']]);
    assert.deepEqual(await rowsOf(page.getByRole('table', { name: 'Backend velocity' })), [['1', '2', '2']]);
  };
  await expectReview();
  await expectSprint1();
  await expectVelocity();

  // Sprint 2 goes on: the carried-over stories are re-estimated and one goes
  // back to the backlog. Sprint 1's record does not move.
  await estimate(page, 'ios', 'IOS-1', 8);
  await page.goto(`${app.server.url}app.html#/sprint/2`);
  await page.getByRole('button', { name: 'Remove AND-2 from sprint 2' }).click();
  await page.getByRole('button', { name: 'Add AND-2 to sprint 2' }).waitFor();
  await expectSprint1();
  await expectReview();
  await expectVelocity();
  // A reload reads the same record back from storage.
  await page.reload();
  await expectSprint1();

  // BE-2 deleted: the record still lists it, by what it keeps.
  await page.goto(`${app.server.url}#/backlog/be`);
  await page.getByRole('button', { name: 'Delete BE-2' }).click();
  await page.getByRole('status').getByText('Deleted BE-2', { exact: false }).waitFor();
  await page.goto(`${app.server.url}app.html#/sprint/1`);
  const backend = page.getByRole('region', { name: 'Backend', exact: true });
  await backend.getByText('Committed 2 points, completed 2.').waitFor();
  const rows = backend.getByRole('list', { name: 'Backend sprint 1 backlog' }).getByRole('listitem');
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().getByRole('link').count(), 0, 'nothing to link to');
  assert.equal(await rows.first().locator('.title').innerText(), 'A story deleted since');
  assert.equal(await rows.first().getByTitle('Estimate').innerText(), '2');
  assert.equal(await rows.first().getByTitle('Outcome').innerText(), 'Done');
  await page.goto(`${app.server.url}app.html#/sprint/1/review`);
  assert.match(await page.getByLabel('Review (Markdown)').inputValue(), /- A story deleted since \(2 points\)\n/);
  assert.deepEqual(problems, []);
  await context.close();
});
