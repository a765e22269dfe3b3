// End-to-end on a phone (390 × 844, touch): every view fits the screen's
// width, the main menu folds away and opens, a story is added, edited and
// moved by taps, the board changes a status, and controls are big enough to
// tap. Then the presenter window on a 1920 × 1080 screen and a 1280 × 720
// projector: nothing cut off, no scrollbar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, useServedApp, openPage, expectRows } from './harness.mjs';
import { startWithOurTeams } from './pages.mjs';

const app = useServedApp();

const PHONE = { width: 390, height: 844 };
const LONG_TITLE = 'As a commuter I want the timetable offline so that I can plan my trip without signal';

/** A new browser profile as a phone: mobile viewport and touch. */
const phoneContext = () =>
  app.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, acceptDownloads: true });

/**
 * Asserts the page is no wider than the phone's screen, naming what sticks
 * out when it is. (A mobile browser widens its layout viewport to the
 * content, so `innerWidth` would grow with it: compare with 390.)
 */
async function expectFits(page, what) {
  const found = await page.evaluate((width) => {
    const outside = [...document.querySelectorAll('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > width + 0.5;
      })
      .filter((el) => el.parentElement.getBoundingClientRect().right <= width + 0.5)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (to ${Math.round(el.getBoundingClientRect().right)} px)`);
    return { scrollWidth: document.documentElement.scrollWidth, outside };
  }, PHONE.width);
  assert.equal(found.scrollWidth, PHONE.width, `${what} is ${found.scrollWidth} px wide: ${found.outside.join(', ')}`);
}

/**
 * The controls in view smaller than 44 × 44 px. A checkbox counts by its
 * label. Backlog rows included: on a touch phone they are two lines of
 * 44-pixel controls (style/backlog.css sets --row-height, the list reads it).
 */
const smallTargets = (page) =>
  page.evaluate(() => {
    const controls = document.querySelectorAll(
      'button, select, input:not([type="hidden"]), textarea, summary, nav a, .sprint-nav a',
    );
    return [...controls]
      .map((el) => {
        const box = ['checkbox', 'radio'].includes(el.type) && el.closest('label') ? el.closest('label') : el;
        const r = box.getBoundingClientRect();
        return { el, r };
      })
      .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < 43.5 || r.height < 43.5))
      .map(({ el, r }) => `${el.tagName.toLowerCase()} “${el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30)}” ${Math.round(r.width)}×${Math.round(r.height)}`);
  });

/** Goes to a view by its address, without reloading the app. */
/**
 * In a new poker session: adds `guests`, queues the story `key` and starts
 * its round, each button pressed by `press` ('tap' on a touch screen,
 * 'click' with a mouse).
 */
async function startRound(page, guests, key, press) {
  for (const guest of guests) {
    await page.getByLabel('Guest name').fill(guest);
    await page.getByRole('button', { name: 'Add guest' })[press]();
    await page.getByRole('list', { name: 'Participants' }).getByText(guest).waitFor();
  }
  await page.getByLabel('Find stories to queue').fill(key);
  await page.getByRole('button', { name: `Queue ${key}` })[press]();
  await page.getByRole('button', { name: `Start with ${key}` })[press]();
  await page.getByText('Anna’s turn').waitFor();
}

async function visit(page, hash, ready) {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await ready(page).waitFor();
}

const heading = (name) => (page) => page.getByRole('heading', { name, exact: true });

test('on a 390 px touch screen every view fits, the menu works, and a story is added, edited and moved by taps', async () => {
  const context = await phoneContext();
  const { page, problems } = await openPage(context, app.server, '#/');
  await expectFits(page, 'the start screen');

  // A workspace with closed sprints, an epic and releases.
  await page.getByRole('link', { name: 'Import a JSON file' }).tap();
  await page.getByLabel('Import JSON').setInputFiles(join(ROOT, 'tests', 'fixtures', 'velocity-history.json'));
  await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Replace workspace' }).tap();
  await page.getByText('Imported velocity-history.json').waitFor();
  await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).tap();

  // The main menu: folded away behind its button, still a navigation of links.
  await visit(page, '#/', heading('Overview'));
  const nav = page.getByRole('navigation', { name: 'Main' });
  const menu = nav.getByRole('button', { name: 'Menu' });
  const velocityLink = nav.getByRole('link', { name: 'Velocity' });
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  assert.equal(await velocityLink.isVisible(), false, 'the links are folded away');
  await menu.tap();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await velocityLink.waitFor();
  const links = await nav.getByRole('link').evaluateAll((as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
  assert.deepEqual(
    links.map(([, href]) => href),
    ['#/backlog/ios', '#/backlog/and', '#/backlog/be', '#/sprint', '#/board', '#/poker', '#/velocity', '#/epics', '#/constraints', '#/teams', '#/members', '#/data'],
  );
  await expectFits(page, 'the overview with the menu open');
  assert.deepEqual(await smallTargets(page), [], 'the menu’s links are big enough to tap');
  await velocityLink.tap();
  await heading('Velocity and forecasts')(page).waitFor();
  // Velocity is the whole app's: the first page opened it there.
  assert.match(page.url(), /\/tools\/tandem\/app\.html#\/velocity$/);
  assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'following a link closes the menu');
  assert.equal(await velocityLink.isVisible(), false);
  // By keyboard: Enter opens it, Tab reaches its first link, Escape closes
  // it and gives the focus back to the button.
  await menu.focus();
  await page.keyboard.press('Enter');
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '#/backlog/ios');
  await page.keyboard.press('Escape');
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-controls')), 'main-menu');

  // A story added, edited and moved, all by taps; through the menu.
  await menu.tap();
  await nav.getByRole('link', { name: /^iOS/ }).tap();
  await heading('iOS backlog')(page).waitFor();
  const newTitle = page.getByRole('textbox', { name: 'New story title' });
  await newTitle.tap();
  await newTitle.fill('Timetable offline');
  await page.getByRole('button', { name: 'Add story' }).tap();
  const ios = ['IOS-1 iOS work 1', 'IOS-2 iOS work 2', 'IOS-3 iOS work 3', 'IOS-4 iOS work 4', 'IOS-5 Settings', 'IOS-6 Delete screen'];
  await expectRows(page, [...ios, 'IOS-7 Timetable offline']);
  // Edit in place: a field saves when the focus leaves it.
  const title = page.getByRole('textbox', { name: 'Title of IOS-7' });
  await title.tap();
  await title.fill(LONG_TITLE);
  await heading('iOS backlog')(page).tap();
  await expectRows(page, [...ios, `IOS-7 ${LONG_TITLE}`]);
  const estimate = page.getByRole('textbox', { name: 'Estimate of IOS-7 in points' });
  await estimate.tap();
  await estimate.fill('5');
  await heading('iOS backlog')(page).tap();
  await page.getByText('7 stories · 7 estimated · 53 points').waitFor();
  const kind = page.getByRole('combobox', { name: 'Kind of IOS-7' });
  await kind.tap();
  await kind.selectOption({ label: 'Feature' });
  await page.getByRole('button', { name: 'Move IOS-7 up' }).tap();
  await expectRows(page, [...ios.slice(0, 5), `IOS-7 ${LONG_TITLE}`, ios[5]]);
  await page.getByRole('button', { name: 'Move IOS-7 to top' }).tap();
  await expectRows(page, [`IOS-7 ${LONG_TITLE}`, ...ios]);
  await page.getByRole('button', { name: 'Move IOS-1 down' }).tap();
  await expectRows(page, [`IOS-7 ${LONG_TITLE}`, ios[1], ios[0], ...ios.slice(2)]);
  await expectFits(page, 'the iOS backlog with a long title');
  // Kept: a reload shows the same order and fields.
  await page.reload();
  await expectRows(page, [`IOS-7 ${LONG_TITLE}`, ios[1], ios[0], ...ios.slice(2)]);
  assert.equal(await page.getByRole('combobox', { name: 'Kind of IOS-7' }).inputValue(), 'feature');
  assert.equal(await page.getByRole('textbox', { name: 'Estimate of IOS-7 in points' }).inputValue(), '5');
  // Each row is a card of two lines: key and title above kind, status and
  // points; all inside the screen.
  const card = await page.getByRole('listitem', { name: /^IOS-7 / }).evaluate((row) => {
    const box = (sel) => row.querySelector(sel).getBoundingClientRect();
    return { key: box('.story-key'), title: box('.title-input'), kind: box('select'), points: box('.estimate-input'), top: box('[aria-label="Move IOS-7 to top"]') };
  });
  assert.ok(card.kind.top >= card.title.bottom - 1, 'kind is on the line under the title');
  assert.ok(Math.abs(card.key.top - card.title.top) < card.title.height, 'key and title share the first line');
  assert.ok(Math.abs(card.points.top - card.kind.top) < 4, 'points beside kind');
  assert.ok(card.top.right <= PHONE.width, 'the last button is on the screen');

  // The story's panel, opened by a tap on its key.
  await page.getByRole('link', { name: 'Open IOS-7' }).tap();
  const panel = page.getByRole('complementary', { name: 'IOS-7' });
  await panel.waitFor();
  await expectFits(page, 'the backlog with a story open');
  await panel.getByRole('button', { name: 'Close' }).tap();

  // Planned for sprint 5 and moved on its board by tap.
  await visit(page, '#/sprint', heading('Sprint 5'));
  await page.getByRole('button', { name: 'Add IOS-7 to sprint 5' }).tap();
  await page.getByRole('list', { name: 'iOS sprint 5 backlog' }).getByText('IOS-7').waitFor();
  await expectFits(page, 'the sprint plan');
  await visit(page, '#/board', heading('Sprint 5 board'));
  await page.getByRole('button', { name: 'Start sprint 5' }).tap();
  await page.getByRole('list', { name: 'iOS To do' }).getByText('IOS-7').waitFor();
  const status = page.getByRole('combobox', { name: 'Status of IOS-7' });
  await status.tap();
  await status.selectOption({ label: 'In progress' });
  await page.getByRole('list', { name: 'iOS In progress' }).getByText('IOS-7').waitFor();
  assert.equal(await page.getByRole('list', { name: 'iOS To do' }).getByText('IOS-7').count(), 0);
  await expectFits(page, 'the board');

  // Members and a poker round, for their views and the presenter's.
  await visit(page, '#/members', heading('Members'));
  for (const [name, team] of [['Anna', 'Backend'], ['Carl', 'iOS'], ['Dana', 'Android']]) {
    await page.getByLabel('New member name').fill(name);
    await page.getByLabel('New member home team').selectOption({ label: team });
    await page.getByRole('button', { name: 'Add member' }).tap();
    await page.getByLabel(`Name of ${name}`).waitFor();
  }
  await visit(page, '#/poker', heading('Planning poker'));
  await page.getByRole('button', { name: 'New session' }).tap();
  await page.getByRole('button', { name: 'Add every member' }).tap();
  await startRound(page, ['Gus', 'Hana', 'Ivo', 'Jule', 'Kim'], 'IOS-7', 'tap');
  await expectFits(page, 'a poker round');
  assert.deepEqual(await smallTargets(page), [], 'a poker round’s controls are big enough to tap');

  // Every view, with something in it.
  const views = [
    ['#/', heading('Overview')],
    ['#/teams', heading('Teams')],
    ['#/backlog/ios', heading('iOS backlog')],
    ['#/backlog/ios/IOS-7', (p) => p.getByRole('complementary', { name: 'IOS-7' })],
    ['#/backlog/be', heading('Backend backlog')],
    ['#/epics', heading('Epics')],
    ['#/epics/EP-1', heading('EP-1 Delete my profile')],
    ['#/constraints', heading('Constraints')],
    ['#/sprint', heading('Sprint 5')],
    ['#/sprint/1', heading('Sprint 1')],
    ['#/sprint/1/review', heading('Sprint 1 review')],
    ['#/board', heading('Sprint 5 board')],
    ['#/members', heading('Members')],
    ['#/velocity', heading('Velocity and forecasts')],
    ['#/poker', heading('Planning poker')],
    ['#/data', heading('Import & export')],
    ['#/poker/present', heading(LONG_TITLE)],
  ];
  const small = {};
  for (const [hash, ready] of views) {
    await visit(page, hash, ready);
    await expectFits(page, hash);
    const found = await smallTargets(page);
    if (found.length) small[hash] = found;
  }
  assert.deepEqual(small, {}, 'every control is at least 44 × 44 px to tap');

  // Votes from the phone (hot seat), then the reveal, for the presenter.
  await visit(page, '#/poker', heading('Planning poker'));
  for (const card of ['3', '5', '5', '8', '5', '3', '13', '5']) {
    await page.getByRole('button', { name: `Card ${card}`, exact: true }).tap();
  }
  await page.getByRole('list', { name: 'Votes' }).getByText('Kim: voted').waitFor();
  await page.getByRole('button', { name: 'Reveal' }).tap();
  await page.getByLabel('Statistics for IOS-7').waitFor();
  await expectFits(page, 'a revealed round');
  await visit(page, '#/poker/present', (p) => p.getByLabel('Statistics for IOS-7'));
  await expectFits(page, 'the presenter view on a phone');

  assert.deepEqual(problems, []);
  await context.close();
});

/**
 * Asserts the presenter window shows everything at this screen size: no
 * scrollbar either way, the key parts inside the screen, and type large
 * enough to read across a room.
 */
async function expectPresenterFits(page, [width, height], what) {
  const m = await page.evaluate(() => {
    const rect = (sel) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const size = (sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      innerWidth,
      innerHeight,
      parts: Object.fromEntries(
        ['.presenter h1', '.presenter .key', '.presenter .big', '.presenter-voters', 'table.votes', 'dl.figures', '.explain']
          .map((sel) => [sel, rect(sel)])
          .filter(([, r]) => r),
      ),
      title: size('.presenter h1'),
      text: size('.presenter .big'),
    };
  });
  assert.equal(m.innerWidth, width);
  assert.equal(m.scrollWidth, width, `${what}: ${m.scrollWidth} px wide`);
  assert.ok(m.scrollHeight <= height, `${what}: ${m.scrollHeight} px high, more than ${height}`);
  for (const [sel, r] of Object.entries(m.parts)) {
    assert.ok(r.top >= 0 && r.left >= 0 && r.bottom <= height && r.right <= width, `${what}: ${sel} is cut off (${JSON.stringify(r)})`);
  }
  // About 50 px titles at 720 lines, and text half that.
  assert.ok(m.title >= height * 0.06, `${what}: the title is ${m.title} px`);
  assert.ok(m.text >= height * 0.035, `${what}: the text is ${m.text} px`);
  return m;
}

test('the presenter window fits a 1920 × 1080 screen and a 1280 × 720 projector, voting and revealed', async () => {
  // The session is set up in the facilitator's tab; the presenter window
  // is a second tab that follows it.
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const { page, problems } = await openPage(context, app.server, '#/');
  await startWithOurTeams(page);
  // A laptop's screen keeps the links in view, with no menu button.
  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.equal(await nav.getByRole('button', { name: 'Menu' }).count(), 0);
  assert.ok(await nav.getByRole('link', { name: 'Velocity' }).isVisible());
  const input = page.getByRole('textbox', { name: 'New story title' });
  await input.fill(LONG_TITLE);
  await input.press('Enter');
  await nav.getByRole('link', { name: 'Poker' }).click();
  await page.getByRole('button', { name: 'New session' }).click();
  // The most the room holds: 15 people.
  const voters = ['Anna', 'Carl', 'Dana', 'Gus', 'Hana', 'Ivo', 'Jule', 'Kim', 'Lena', 'Mo', 'Nina', 'Otto', 'Pia', 'Raj', 'Sven'];
  await startRound(page, voters, 'IOS-1', 'click');

  const { page: presenter, problems: presenterProblems } = await openPage(context, app.server, 'app.html#/poker/present');
  const sizes = [
    [1920, 1080],
    [1280, 720],
  ];
  await presenter.getByText('0 of 15 voted').waitFor();
  for (const size of sizes) {
    await presenter.setViewportSize({ width: size[0], height: size[1] });
    await expectPresenterFits(presenter, size, `voting at ${size.join(' × ')}`);
  }

  for (const card of ['3', '5', '5', '8', '5', '3', '13', '5', '5', '8', '3', '5', '8', '5', '5']) {
    await page.getByRole('button', { name: `Card ${card}`, exact: true }).click();
  }
  await page.getByRole('button', { name: 'Reveal' }).click();
  await presenter.getByLabel('Statistics for IOS-1').waitFor();
  await presenter.getByText('(lowest) and').waitFor();
  for (const size of sizes) {
    await presenter.setViewportSize({ width: size[0], height: size[1] });
    const m = await expectPresenterFits(presenter, size, `revealed at ${size.join(' × ')}`);
    assert.ok(m.parts['table.votes'] && m.parts['dl.figures'], 'the votes and the figures are shown');
  }

  assert.deepEqual(problems, []);
  assert.deepEqual(presenterProblems, []);
  await context.close();
});
