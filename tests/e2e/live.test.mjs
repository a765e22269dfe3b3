// End-to-end: a live poker room through the stock y-websocket server,
// started here on a free port. A facilitator on a laptop and participants
// on phones (390×844, touch) in their own browser contexts: join by the
// link, vote, nothing readable before the reveal (the raw websocket frames
// included), reveal, re-vote, accept with the estimate in the story's
// history; the server killed and restarted mid-round; a phone offline
// while it votes; a phone reloaded; a late joiner; a removal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, watchProblems, startSyncServer } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
let server;
let browser;
let sync;

before(async () => {
  sync = await startSyncServer();
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await sync?.stop();
});

/** Every websocket frame a page sends or receives, as text (binary frames decoded as UTF-8). */
function recordFrames(page, frames) {
  page.on('websocket', (ws) => {
    const keep = (f) => frames.push(typeof f.payload === 'string' ? f.payload : Buffer.from(f.payload).toString('utf8'));
    ws.on('framesent', keep);
    ws.on('framereceived', keep);
  });
}

/** Problems other than the browser's own report of a refused websocket (expected while the server is down). */
const real = (problems) => problems.filter((p) => !/WebSocket connection to .* failed/.test(p));

async function addStory(page, team, title) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${team}`) }).click();
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill(title);
  await input.press('Enter');
}

/**
 * Plain-http intranet pages have no WebCrypto: take it away, so the test
 * proves the room never needs it (only crypto.getRandomValues).
 */
const NO_SUBTLE = () => {
  Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined, configurable: true });
};

/**
 * Records each websocket the page opens, and whether the wasm had started
 * by then: the participant page's start-up script opens the room's socket
 * while the wasm downloads, and the page takes it over.
 */
const WATCH_START = () => {
  const seen = { sockets: [], wasmStarted: false };
  window.__start = seen;
  window.WebSocket = new Proxy(window.WebSocket, {
    construct(target, args) {
      seen.sockets.push({ url: String(args[0]), wasmStarted: seen.wasmStarted });
      return new target(...args);
    },
  });
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const native = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      seen.wasmStarted = true;
      return native.apply(this, args);
    };
  }
};

async function openPhone(link, name, frames) {
  const context = await browser.newContext(PHONE);
  await context.addInitScript(NO_SUBTLE);
  await context.addInitScript(WATCH_START);
  const page = await context.newPage();
  const problems = watchProblems(page, (url) => url.startsWith(server.origin) || url.startsWith(sync.url));
  recordFrames(page, frames);
  await page.goto(link);
  if (name) {
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('button', { name: 'Join' }).tap();
  }
  return { context, page, problems };
}

async function noSideScroll(page) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.equal(scroll, width, 'no horizontal scrolling');
}

test('participants vote from their phones in a live room; the estimates land on the stories', async () => {
  const frames = [];
  const facilitator = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await facilitator.addInitScript(NO_SUBTLE);
  const page = await facilitator.newPage();
  const problems = watchProblems(page, (url) => url.startsWith(server.origin) || url.startsWith(sync.url));
  recordFrames(page, frames);
  await page.goto(server.url + '#/');
  await startWithOurTeams(page);
  await addStory(page, 'iOS', 'Login screen');
  await addStory(page, 'Android', 'Login screen');
  await page.getByRole('link', { name: 'Members' }).click();
  await page.getByLabel('New member name').fill('Anna');
  await page.getByLabel('New member home team').selectOption({ label: 'Backend' });
  await page.getByRole('button', { name: 'Add member' }).click();
  await page.getByLabel('Name of Anna').waitFor();

  // Without a server address, poker stays on one screen and says how to go live.
  await page.getByRole('link', { name: 'Poker' }).click();
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByText('A live room needs the sync server').waitFor();
  await page.getByRole('button', { name: 'Open live room' }).click();
  await page.getByRole('alert').getByText('Set the sync server address').waitFor();

  await page.goto(server.url + 'app.html#/data');
  await page.getByLabel('Sync server address').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Save server address' }).click();
  await page.getByRole('alert').getByText('starts with ws:// or wss://').waitFor();
  await page.getByLabel('Sync server address').fill(sync.url + '/');
  await page.getByRole('button', { name: 'Save server address' }).click();
  await page.getByText(`Saved. Live rooms run through ${sync.url}.`).waitFor();

  await page.goto(server.url + 'app.html#/poker');
  const find = page.getByLabel('Find stories to queue');
  await find.fill('login');
  await page.getByRole('button', { name: 'Queue IOS-1' }).click();
  await page.getByRole('button', { name: 'Queue AND-1' }).click();
  await page.getByRole('button', { name: 'Open live room' }).click();
  const room = page.getByRole('region', { name: 'Live room' });
  await room.getByRole('status').getByText('Live:').waitFor();
  await room.getByRole('img', { name: 'QR code of the join link' }).locator('svg').waitFor();
  const link = await room.getByRole('link', { name: /join\.html#\/join\// }).getAttribute('href');
  const code = link.match(/#\/join\/([0-9a-z]+)\?/)[1];
  assert.ok(code.length >= 10, `an unguessable room code: ${code}`);
  assert.ok(link.startsWith(server.url + 'join.html#/join/'), link);

  // Three phones join by the link; a name matching a member is that member.
  const anna = await openPhone(link, 'anna', frames);
  const ben = await openPhone(link, 'Ben', frames);
  const cleo = await openPhone(link, 'Cleo <b>bold</b>', frames);
  const people = room.getByRole('list', { name: 'People in the room' });
  await people.getByText('Anna: online · not voted').waitFor();
  await people.getByText('Ben: online · not voted').waitFor();
  await people.getByText('Cleo <b>bold</b>: online · not voted').waitFor();
  assert.equal(await page.locator('b', { hasText: 'bold' }).count(), 0, 'a name is text, never markup');
  // Anna is the member (not a second Anna as a guest).
  const participants = page.getByRole('list', { name: 'Participants' });
  assert.equal(await participants.getByText('Anna', { exact: false }).count(), 1);
  for (const phone of [anna, ben, cleo]) {
    await phone.page.getByText('Waiting for the facilitator to start a round…').waitFor();
    await noSideScroll(phone.page);
    // One socket, opened before the wasm started, and taken over by it.
    const start = await phone.page.evaluate(() => window.__start);
    assert.deepEqual(start.sockets, [{ url: `${sync.url}/${code}`, wasmStarted: false }]);
  }

  // A round: every phone shows the story and the deck.
  await page.getByRole('button', { name: 'Start with IOS-1' }).click();
  for (const phone of [anna, ben, cleo]) {
    await phone.page.getByRole('heading', { name: 'Login screen' }).waitFor();
    await phone.page.getByText('IOS-1').first().waitFor();
    await noSideScroll(phone.page);
  }
  const card = (phone, label) => phone.page.getByRole('group', { name: 'Cards' }).getByRole('button', { name: `Card ${label}`, exact: true });
  const box = await card(anna, '5').boundingBox();
  assert.ok(box.width >= 44 && box.height >= 44, `a large tap target: ${box.width}×${box.height}`);
  await card(anna, '5').tap();
  await card(ben, '8').tap();
  await card(cleo, '3').tap();
  await card(cleo, '13').tap(); // changed before the reveal
  assert.equal(await card(cleo, '13').getAttribute('aria-pressed'), 'true');
  assert.equal(await card(cleo, '3').getAttribute('aria-pressed'), 'false');
  await cleo.page.getByText('Your vote: 13.').waitFor();
  const votes = page.getByRole('list', { name: 'Votes' });
  await votes.getByText('Anna: voted').waitFor();
  await votes.getByText('Ben: voted').waitFor();
  await votes.getByText('Cleo <b>bold</b>: voted').waitFor();
  await people.getByText('Ben: online · voted').waitFor();

  // Hidden means hidden: no phone shows another's card, and no frame the
  // server relayed holds a card in the clear.
  for (const phone of [anna, ben]) {
    assert.doesNotMatch(await phone.page.locator('main').innerText(), /Votes/);
  }
  const before = frames.join('\n');
  assert.doesNotMatch(before, /"card":/, 'no card value travels before the reveal');
  assert.doesNotMatch(before, /"results":\[\{/);
  assert.match(before, /"sealed":"[0-9a-f]+"/, 'the votes travelled sealed');

  await page.getByRole('button', { name: 'Reveal' }).click();
  for (const phone of [anna, ben, cleo]) {
    const table = phone.page.getByRole('table', { name: 'Votes' });
    await table.getByRole('row', { name: 'Ben 8' }).waitFor();
    await table.getByRole('row', { name: 'Cleo <b>bold</b> 13' }).waitFor();
    await phone.page.getByLabel('Statistics for IOS-1').waitFor();
    await noSideScroll(phone.page);
  }
  assert.match(frames.join('\n'), /"card":"8"/, 'after the reveal the values are published');

  // Re-vote: a new round on the same story reaches the phones, cards cleared.
  await page.getByRole('button', { name: 'Re-vote' }).click();
  for (const phone of [anna, ben, cleo]) {
    await phone.page.getByText('round 2').waitFor();
    await phone.page.getByText('Pick your card.').waitFor();
  }
  for (const phone of [anna, ben, cleo]) await card(phone, '5').tap();
  await votes.getByText('Cleo <b>bold</b>: voted').waitFor();
  await page.getByRole('button', { name: 'Reveal' }).click();
  await page.getByLabel('Statistics for IOS-1').waitFor();
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.getByRole('status').getByText('Estimate 5 accepted.').waitFor();
  // The next story arrives on the phones by itself.
  for (const phone of [anna, ben, cleo]) {
    await phone.page.getByText('AND-1').first().waitFor();
    await phone.page.getByText('Pick your card.').waitFor();
  }

  // The server dies mid-round: the facilitator's session carries on, every
  // device reconnects by itself, and a vote cast meanwhile arrives.
  await sync.stop();
  await room.getByRole('status').getByText('reconnecting by itself').waitFor();
  await anna.page.getByText('Connection lost').waitFor();
  await card(anna, '3').tap();
  await anna.page.getByText('Your vote: 3.').waitFor();
  await sync.restart();
  await room.getByRole('status').getByText('Live:').waitFor();
  for (const phone of [anna, ben, cleo]) await phone.page.getByText('Connected').waitFor();
  await votes.getByText('Anna: voted').waitFor();

  // A phone offline: its vote waits, then arrives when it is back.
  await ben.context.setOffline(true);
  await ben.page.getByText('You are offline.').waitFor();
  await card(ben, '8').tap();
  await ben.page.getByText('Your vote: 8.').waitFor();
  await people.getByText('Ben: left · not voted').waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await votes.getByText('Ben: waiting').count(), 1, 'not arrived while offline');
  await ben.context.setOffline(false);
  await votes.getByText('Ben: voted').waitFor();
  await people.getByText('Ben: online · voted').waitFor();

  // A reload keeps the phone's identity (no name asked) and its vote.
  await card(cleo, '2').tap();
  await votes.getByText('Cleo <b>bold</b>: voted').waitFor();
  await cleo.page.reload();
  await cleo.page.getByText('You are Cleo <b>bold</b>.').waitFor();
  await cleo.page.getByText('Your vote: 2.').waitFor();
  assert.equal(await card(cleo, '2').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByRole('list', { name: 'Participants' }).getByText('Cleo', { exact: false }).count(), 1, 'the same participant after a reload');

  // A late joiner gets the current round; a removed one is told so.
  const dev = await openPhone(link, 'Dev', frames);
  await dev.page.getByText('AND-1').first().waitFor();
  await people.getByText('Dev: online · not voted').waitFor();
  await room.getByRole('button', { name: 'Remove Dev' }).click();
  await dev.page.getByText('The facilitator took you out of this room.').waitFor();
  await page.getByText('Dev: waiting').waitFor({ state: 'detached' });

  // The facilitator's reload resumes the room; the round completes.
  await page.reload();
  await room.getByRole('status').getByText('Live:').waitFor();
  await page.getByRole('button', { name: 'Reveal' }).click();
  for (const phone of [anna, ben, cleo]) {
    await phone.page.getByRole('table', { name: 'Votes' }).getByRole('row', { name: 'Ben 8' }).waitFor();
  }
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.getByRole('status').getByText('accepted.').waitFor();

  // Both estimates are on the stories, with the votes, marked live.
  await page.goto(server.url + 'app.html#/backlog/ios/IOS-1');
  const history = page.getByRole('region', { name: 'Estimate history' });
  await history.getByText('5 (5 points)').waitFor();
  const line = await history.innerText();
  assert.match(line, /live room/);
  assert.match(line, /Anna 5/, 'a member keeps their own name');
  assert.match(line, /Cleo <b>bold<\/b> 5/);
  await page.goto(server.url + 'app.html#/backlog/and/AND-1');
  await page.getByRole('region', { name: 'Estimate history' }).getByText('live room').waitFor();

  for (const p of [problems, anna.problems, ben.problems, cleo.problems, dev.problems]) {
    assert.deepEqual(real(p), []);
  }
  for (const c of [facilitator, anna.context, ben.context, cleo.context, dev.context]) await c.close();
});

test('a join link with a bad code or no key says so instead of joining', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(server.url + 'join.html#/join/abc');
  await page.getByRole('alert').getByText('no valid room code').waitFor();
  await page.goto(server.url + 'join.html#/join/abcdefghjk23456789?server=ws%3A%2F%2F127.0.0.1%3A9');
  await page.getByRole('alert').getByText('no valid room code').waitFor();
  await context.close();
});
