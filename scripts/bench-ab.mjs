// Two (or more) builds compared on one machine at one time, their
// measurements interleaved round by round, so that a busier moment of a
// shared machine weighs on every build alike. The full benchmark's figures
// from different hours differ with the machine's load by more than a change
// usually does; this settles "is it worse than before?".
//
//   node scripts/bench-ab.mjs WORKSPACE.json DIST_A DIST_B [...] [--rounds N]
//
// WORKSPACE.json: a generated workspace (cargo run --release --example
// generate -- --stories 10000 --sprints 20 --poker --out ws.json). DIST_x:
// release builds (a copy of dist/ of each commit, from scripts/build.sh).
// Each round and build: a cold load of #/backlog/ios to its first rows, a
// filter keystroke (on the first page, index.html), then in the whole app
// (app.html) the switch to sprint planning, a story moved into the sprint
// and out again. Prints each build's medians; asserts nothing.
import { serveDist, launch } from './site.mjs';
import { INSTRUMENT, importInto, typeFilter, switchView, moveSprintStory } from './bench-page.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at >= 0 ? Number(args.splice(at, 2)[1]) : 10;
const [file, ...dists] = args;
if (!file || dists.length < 2 || !(rounds > 0)) {
  console.error('usage: node scripts/bench-ab.mjs WORKSPACE.json DIST_A DIST_B [...] [--rounds N]');
  process.exit(2);
}

const FIGURES = {
  cold: 'cold load to first rows',
  filter: 'filter keystroke',
  sprint: 'switch to sprint planning',
  into: 'move a story into the sprint',
  out: 'move it out again',
};

const browser = await launch();
const builds = [];
try {
  for (const dist of dists) {
    process.env.TANDEM_DIST = dist;
    const server = await serveDist();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(INSTRUMENT);
    const setup = await context.newPage();
    await importInto(setup, server, file);
    await setup.close();
    builds.push({ dist, server, context, figures: Object.fromEntries(Object.keys(FIGURES).map((k) => [k, []])) });
  }
  for (let round = 0; round < rounds; round++) {
    console.error(`bench-ab: round ${round + 1}/${rounds}`);
    // Alternate who goes first: the second of two runs back to back can
    // find the machine warmer.
    for (const build of round % 2 ? [...builds].reverse() : builds) {
      const { context, server, figures } = build;
      const page = await context.newPage();
      await page.goto(server.url + '#/backlog/ios');
      await page.waitForFunction(() => window.__marks.firstRows, null, { timeout: 120000 });
      figures.cold.push(await page.evaluate(() => window.__marks.firstRows));
      // Let the idle work after loading (packing for the first save) end.
      await page.waitForTimeout(1500);
      figures.filter.push(await typeFilter(page, '#1'));
      // Sprint planning is the whole app's (app.html): the first page would
      // open it there, a page load the switch is not about.
      await page.goto(server.url + 'app.html#/backlog/ios');
      await page.waitForFunction(() => window.__marks.firstRows, null, { timeout: 120000 });
      await page.waitForTimeout(1500);
      figures.sprint.push(await switchView(page, '#/sprint'));
      await page.getByRole('button', { name: /^Add .* to sprint/ }).first().waitFor();
      figures.into.push(await moveSprintStory(page));
      figures.out.push(await moveSprintStory(page, true));
      await page.close();
    }
  }
} finally {
  for (const build of builds) {
    await build.context.close();
    await build.server.close();
  }
  await browser.close();
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
console.log(`Medians of ${rounds} interleaved rounds (ms):`);
console.log(['build', ...Object.values(FIGURES)].join(' | '));
for (const { dist, figures } of builds) {
  console.log([dist, ...Object.keys(FIGURES).map((k) => median(figures[k])?.toFixed(1) ?? '–')].join(' | '));
}
