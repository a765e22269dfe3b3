// The JSON Schema of the exchange format (docs/tandem.schema.json), compiled
// once with ajv, and the workspace generator, for the tests.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'tandem.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const check = ajv.compile(schema);

/** Validates a parsed file; returns ajv's errors, or [] when it conforms. */
export function schemaErrors(value) {
  return check(value) ? [] : check.errors;
}

/** Writes a generated workspace (examples/generate.rs) to `out`. */
export function generate(out, ...args) {
  execFileSync('cargo', ['run', '--quiet', '--example', 'generate', '--', '--out', out, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return out;
}
