// The documented JSON Schema accepts what Tandem writes and refuses what it must.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaErrors, generate } from './schema.mjs';
import { tempDir } from './harness.mjs';

test('generated workspaces validate against docs/tandem.schema.json', () => {
  const dir = tempDir();
  for (const [seed, extra] of [['1', []], ['7', ['--one-team']], ['99', []]]) {
    const file = generate(join(dir, `ws-${seed}.json`), '--stories', '300', '--seed', seed, ...extra);
    const value = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(value.stories.length, 300);
    assert.deepEqual(schemaErrors(value), [], `seed ${seed}`);
  }
});

test('the schema refuses what the importer refuses', () => {
  const dir = tempDir();
  const good = JSON.parse(readFileSync(generate(join(dir, 'ws.json'), '--stories', '5'), 'utf8'));
  const broken = [
    (v) => { v.schema_version = 3; },
    (v) => { v.stories[0].status = 'finished'; },
    (v) => { v.stories[0].estimate = -1; },
    (v) => { v.stories[0].title = ' padded'; },
    (v) => { v.teams[0].key = 'ios'; },
    (v) => { v.teams[0].colour = '#ABCDEF'; },
    (v) => { v.stories[0].extra = true; },
    (v) => { delete v.stories[0].estimate; },
    (v) => { v.exported_at = 'yesterday'; },
  ];
  for (const breakIt of broken) {
    const value = structuredClone(good);
    breakIt(value);
    assert.notDeepEqual(schemaErrors(value), [], breakIt.toString());
  }
});
