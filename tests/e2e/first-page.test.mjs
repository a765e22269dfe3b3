// End-to-end: the first page (index.html) holds the overview and the team
// backlogs; every other view is the whole app's (app.html), which the first
// page hands over to at the same route: from its start-up script for a deep
// link, from the wasm for a link followed inside it, and when another tab
// of Tandem opens (tabs pass changes as document updates, which only the
// whole app holds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServedApp, openApp, openPage, expectRows } from './harness.mjs';
import { startWithOurTeams, addStories } from './pages.mjs';

const app = useServedApp();

/** Which page a tab shows: 'first' (index.html, or the folder) or 'whole' (app.html). */
function pageOf(page) {
  const path = new URL(page.url()).pathname;
  if (path.endsWith('/app.html')) return 'whole';
  if (path.endsWith('/') || path.endsWith('/index.html')) return 'first';
  return path;
}

/** Waits until `page` shows `which` page, with the app started in it. */
async function settlesOn(page, which) {
  const deadline = Date.now() + 10000;
  while (pageOf(page) !== which && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(pageOf(page), which, `on ${page.url()}`);
  await page.waitForFunction(() => document.querySelector('main') !== null);
}

/** The wasm files a page fetched. */
function wasmRequests(page) {
  const names = [];
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname.split('/').pop();
    if (name.endsWith('.wasm')) names.push(name);
  });
  return names;
}

// Each route, and the page that shows it. The start-up script decides on a
// fresh load, the wasm on a link followed inside the first page: both must
// agree, which this checks route by route.
const ROUTES = [
  ['#/', 'first', /^Overview$/],
  ['#/backlog/ios', 'first', /^iOS backlog$/],
  ['#/backlog/ios/IOS-1', 'first', /^iOS backlog$/],
  ['#/sprint', 'whole', /^Sprint planning$/],
  ['#/board', 'whole', /board/i],
  ['#/poker', 'whole', /^Planning poker$/],
  ['#/velocity', 'whole', /^Velocity and forecasts$/],
  ['#/epics', 'whole', /^Epics$/],
  ['#/constraints', 'whole', /^Constraints$/],
  ['#/teams', 'whole', /^Teams$/],
  ['#/members', 'whole', /^Members$/],
  ['#/data', 'whole', /^Import & export$/],
  ['#/nowhere', 'whole', /^Nothing here$/],
];

/** Waits for the view's main heading. */
const viewHeading = (page, name) => page.getByRole('heading', { level: 1, name }).first().waitFor();

test('each route opens on the page that has its view, from a deep link and from a link followed, and keeps the route', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  await addStories(page, ['First story']);
  await page.close();
  // One tab at a time: a first page beside another tab hands over anyway.
  for (const [hash, which, heading] of ROUTES) {
    // A deep link, typed or bookmarked.
    const { page: deep, problems: deepProblems } = await openPage(context, app.server, hash);
    await settlesOn(deep, which);
    assert.equal(new URL(deep.url()).hash, hash);
    await viewHeading(deep, heading);
    assert.deepEqual(deepProblems, [], hash);
    await deep.close();
    // A link followed inside the first page.
    const { page: first, problems: firstProblems } = await openPage(context, app.server, '#/');
    await settlesOn(first, 'first');
    await first.getByRole('heading', { name: 'Overview' }).waitFor();
    await first.evaluate((h) => {
      location.hash = h;
    }, hash);
    await settlesOn(first, which);
    assert.equal(new URL(first.url()).hash, hash);
    await viewHeading(first, heading);
    assert.deepEqual(firstProblems, [], hash);
    await first.close();
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a team backlog opens without the whole app’s code, and the menu’s links lead into the whole app', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  await addStories(page, ['Sign in']);
  await page.close();

  const fresh = await context.newPage();
  const wasm = wasmRequests(fresh);
  await fresh.goto(app.server.url + '#/backlog/ios');
  await expectRows(fresh, ['IOS-1 Sign in']);
  assert.deepEqual(wasm.map((n) => n.split('-')[0]), ['first'], `wasm fetched: ${wasm}`);

  // An edit on the first page is kept when a link opens the whole app.
  await fresh.getByRole('link', { name: 'Open IOS-1' }).click();
  await fresh.getByRole('complementary', { name: 'IOS-1' }).getByRole('textbox', { name: 'Title' }).fill('Sign in with a passkey');
  await fresh.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sprint planning' }).click();
  await settlesOn(fresh, 'whole');
  await viewHeading(fresh, /^Sprint planning$/);
  assert.ok(wasm.some((n) => n.startsWith('tandem-')), `the whole app loaded: ${wasm}`);
  await fresh.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /iOS/ }).click();
  await expectRows(fresh, ['IOS-1 Sign in with a passkey']);
  // Inside the whole app, its links stay in it.
  assert.equal(pageOf(fresh), 'whole');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a second tab hands the first page over to the whole app, and a change it had not saved yet reaches both', async () => {
  const { context, page: one, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(one);
  await addStories(one, ['A']);
  await expectRows(one, ['IOS-1 A']);
  assert.equal(pageOf(one), 'first');
  await one.getByText('All changes saved').waitFor();

  // Hold the saves' cross-tab lock, so the next change waits unsaved in
  // tab one while tab two opens and loads the workspace without it.
  // (Any page of the app's origin that is not Tandem: a missing file's.)
  const holder = await context.newPage();
  await holder.goto(app.server.url + 'no-such-file.txt');
  await holder.evaluate(() => {
    navigator.locks.request('tandem.workspace', () => new Promise(() => {}));
  });
  await addStories(one, ['B, not saved yet']);
  await expectRows(one, ['IOS-1 A', 'IOS-2 B, not saved yet']);

  // The whole app, which keeps what it loaded (a first page would hand
  // over too, and load again).
  const { page: two, problems: problemsTwo } = await openPage(context, app.server, 'app.html#/backlog/ios');
  await settlesOn(one, 'whole');
  await settlesOn(two, 'whole');
  await expectRows(two, ['IOS-1 A', 'IOS-2 B, not saved yet']);
  await expectRows(one, ['IOS-1 A', 'IOS-2 B, not saved yet']);
  await holder.close();

  // The two tabs now pass their changes to each other.
  await addStories(two, ['C']);
  await expectRows(one, ['IOS-1 A', 'IOS-2 B, not saved yet', 'IOS-3 C']);
  assert.deepEqual([...problems, ...problemsTwo], []);
  await context.close();
});

test('a first page opened beside the whole app hands over at once, and the two tabs pass changes', async () => {
  const { context, page: whole, problems } = await openApp(app.browser, app.server, '#/sprint');
  await settlesOn(whole, 'whole');
  await whole.getByRole('button', { name: 'Start with iOS, Android and Backend' }).click();
  await whole.getByRole('heading', { name: 'iOS backlog' }).waitFor();
  await addStories(whole, ['A']);

  const fresh = await context.newPage();
  const wasm = wasmRequests(fresh);
  await fresh.goto(app.server.url + '#/backlog/ios');
  await settlesOn(fresh, 'whole');
  await expectRows(fresh, ['IOS-1 A']);
  assert.ok(wasm[0]?.startsWith('first-'), `the first page started: ${wasm}`);

  await addStories(fresh, ['B']);
  await expectRows(whole, ['IOS-1 A', 'IOS-2 B']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a browser whose workspace is shared live opens the whole app, which holds the connection', async () => {
  const { context, page, problems } = await openApp(app.browser, app.server);
  await startWithOurTeams(page);
  // As Share live stores it (the sync server need not answer for this).
  await page.evaluate(() => localStorage.setItem('tandem.shared.link', 'k7m2q9x4?server=ws%3A%2F%2F127.0.0.1%3A9'));
  assert.deepEqual(problems, []);
  await page.close();
  const again = await context.newPage();
  const wasm = wasmRequests(again);
  await again.goto(app.server.url + '#/backlog/ios');
  await settlesOn(again, 'whole');
  assert.equal(new URL(again.url()).hash, '#/backlog/ios');
  await again.getByRole('heading', { name: 'iOS backlog' }).waitFor();
  assert.ok(!wasm.some((n) => n.startsWith('first-')), `handed over before the first page's wasm: ${wasm}`);
  await context.close();
});
