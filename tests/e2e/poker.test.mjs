// End-to-end: planning poker for stories of three teams, hot-seat and
// keyboard votes, reveal, re-vote, accept, the estimate history, a reload
// mid-round, and the presenter window following live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServedApp, openApp, openPage } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';

const app = useServedApp();

async function addStory(page, team, title) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${team}`) }).click();
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill(title);
  await input.press('Enter');
}

async function addMember(page, name, team) {
  await page.getByLabel('New member name').fill(name);
  await page.getByLabel('New member home team').selectOption({ label: team });
  await page.getByRole('button', { name: 'Add member' }).click();
  await page.getByLabel(`Name of ${name}`).waitFor();
}

test('a poker session estimates three teams’ stories, with the presenter window following', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  await addStory(page, 'iOS', 'Login screen');
  await addStory(page, 'Android', 'Login screen');
  await addStory(page, 'Backend', 'Auth API');
  await page.getByRole('link', { name: 'Members' }).click();
  await addMember(page, 'Anna', 'Backend');
  await addMember(page, 'Carl', 'iOS');
  await addMember(page, 'Dana', 'Android');

  await page.getByRole('link', { name: 'Poker' }).click();
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('button', { name: 'Add every member' }).click();
  await page.getByLabel('Guest name').fill('Gus');
  await page.getByRole('button', { name: 'Add guest' }).click();
  const people = page.getByRole('list', { name: 'Participants' });
  await people.getByText('Gus').waitFor();
  // Queue by search: all three teams.
  const find = page.getByLabel('Find stories to queue');
  await find.fill('login');
  await page.getByRole('button', { name: 'Queue IOS-1' }).click();
  await page.getByRole('button', { name: 'Queue AND-1' }).click();
  await find.fill('BE-1');
  await page.getByRole('button', { name: 'Queue BE-1' }).click();
  const queue = page.getByRole('list', { name: 'Queued stories' });
  const queued = () => queue.locator('.key').allInnerTexts();
  assert.deepEqual(await queued(), ['IOS-1', 'AND-1', 'BE-1']);
  // Reorder: BE-1 first.
  await page.getByRole('button', { name: 'Move BE-1 up in the queue' }).click();
  await page.getByRole('button', { name: 'Move BE-1 up in the queue' }).click();
  await queue.getByRole('listitem').first().getByText('BE-1').waitFor();
  assert.deepEqual(await queued(), ['BE-1', 'IOS-1', 'AND-1']);

  // The projector window, in a second tab of the same browser.
  const { page: presenter, problems: presenterProblems } = await openPage(context, app.server, 'app.html#/poker/present');
  await presenter.getByText('Waiting for the next story…').waitFor();

  await page.getByRole('button', { name: 'Start with BE-1' }).click();
  await presenter.getByRole('heading', { name: 'Auth API' }).waitFor();
  await presenter.getByText('0 of 4 voted').waitFor();

  // Hot seat: Anna, then Carl pick on screen; the pick is hidden at once.
  await page.getByText('Anna’s turn').waitFor();
  await page.getByRole('button', { name: 'Card 5' }).click();
  await page.getByText('Carl’s turn').waitFor();
  await page.getByRole('button', { name: 'Card 8' }).click();
  const votes = page.getByRole('list', { name: 'Votes' });
  await votes.getByText('Anna: voted').waitFor();
  assert.doesNotMatch(await votes.innerText(), /[58]/, 'no card shown before the reveal');
  // Keyboard: Dana presses 6 (the sixth card, 5); Gus presses ? (unsure).
  await page.locator('.poker-round').focus();
  await page.keyboard.press('6');
  await page.keyboard.press('?');
  await votes.getByText('Gus: voted').waitFor();
  await presenter.getByText('4 of 4 voted').waitFor();
  assert.doesNotMatch(await presenter.locator('main').innerText(), /Card|: 5|: 8/);

  // Reveal: statistics here and on the projector.
  await page.getByRole('button', { name: 'Reveal' }).click();
  const stats = page.getByRole('definition');
  const figures = page.getByLabel('Statistics for BE-1');
  const figure = async (name) => (await figures.getByText(name, { exact: true }).locator('xpath=following-sibling::dd').innerText());
  assert.equal(await figure('Min'), '5');
  assert.equal(await figure('Max'), '8');
  assert.equal(await figure('Median'), '5');
  assert.equal(await figure('Consensus'), 'No');
  assert.equal(await figure('Lowest'), 'Anna, Dana');
  assert.equal(await figure('Highest'), 'Carl');
  assert.equal(await figure('Unsure (?)'), '1');
  assert.equal(await figure('Spread'), '1 card');
  assert.equal(await figure('Suggestion'), '5');
  await page.getByText('Anna, Dana (lowest) and Carl (highest): please explain your cards.').waitFor();
  await presenter.getByLabel('Statistics for BE-1').waitFor();
  assert.ok(await stats.count());

  // Re-vote: a second round, this time all by keyboard, in agreement.
  await page.getByRole('button', { name: 'Re-vote' }).click();
  await page.getByText('Round 2').waitFor();
  await presenter.getByText('BE-1 · round 2').waitFor();
  await page.locator('.poker-round').focus();
  for (const key of ['7', '7', '7', '7']) await page.keyboard.press(key);
  await page.getByRole('button', { name: 'Reveal' }).click();
  assert.equal(await figure('Consensus'), 'Yes');
  assert.equal(await page.getByLabel('Estimate for BE-1').inputValue(), '8');
  await page.getByRole('button', { name: 'Accept' }).click();
  // Straight on to the next story of the queue.
  await page.getByRole('heading', { name: 'IOS-1 Login screen' }).waitFor();
  await presenter.getByRole('heading', { name: 'Login screen' }).waitFor();

  // A reload mid-round loses nothing.
  await page.locator('.poker-round').focus();
  await page.keyboard.press('5');
  await page.keyboard.press('5');
  await page.reload();
  await page.getByRole('list', { name: 'Votes' }).getByText('Carl: voted').waitFor();
  await page.getByText('Dana’s turn').waitFor();
  await page.locator('.poker-round').focus();
  await page.keyboard.press('5');
  await page.keyboard.press('5');
  await page.getByRole('button', { name: 'Reveal' }).click();
  await page.getByLabel('Estimate for IOS-1').selectOption('5');
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.getByRole('heading', { name: 'AND-1 Login screen' }).waitFor();
  await page.locator('.poker-round').focus();
  for (const key of ['4', '4', '4', '4']) await page.keyboard.press(key);
  await page.getByRole('button', { name: 'Reveal' }).click();
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.getByRole('heading', { name: 'No round under way' }).waitFor();
  await presenter.getByText('Waiting for the next story…').waitFor();

  // The estimates are on the stories, with their history.
  await page.goto(`${app.server.url}app.html#/backlog/be/BE-1`);
  const panel = page.getByRole('complementary', { name: 'BE-1' });
  assert.equal(await panel.getByLabel('Estimate (points)').inputValue(), '8');
  const history = await panel.getByRole('region', { name: 'Estimate history' }).innerText();
  assert.match(history, /8 \(8 points\) on .* · Planning poker .* · 2 rounds · votes: Anna 8, Carl 8, Dana 8, Gus 8/);
  await page.goto(`${app.server.url}app.html#/backlog/and/AND-1`);
  assert.equal(await page.getByRole('complementary', { name: 'AND-1' }).getByLabel('Estimate (points)').inputValue(), '2');
  assert.deepEqual([...problems, ...presenterProblems], []);
  await context.close();
});
