// Where each entry point's wasm goes, crate by crate, for BENCHMARKS.md
// (run by scripts/bench.mjs) or by hand:
//   node scripts/wasm-breakdown.mjs [tandem|join]
// It takes the release build cargo left in target/ (with its symbol names),
// runs the same wasm-bindgen and `wasm-opt -Oz` as Trunk does but keeps the
// names (-g), and sums `twiggy top` by the crate each function or data
// segment comes from. Needs twiggy (`cargo install twiggy`); without it the
// breakdown is skipped, with a note.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals'];

function has(command) {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The crate an item of `twiggy top` belongs to: for `<T as a::Trait>`
 * the trait's crate (the generic code instantiated), else the crate of the
 * item's path; primitives' methods are core's. */
function crateOf(name) {
  if (name.startsWith('data segment')) return 'data (strings, tables)';
  if (name.startsWith('"function names"') || name.startsWith('"name"')) return null;
  const crate = '([A-Za-z_][A-Za-z0-9_]*)(?:\\[[0-9a-f]+\\])?::';
  const trait = name.match(new RegExp(`^<[^<>]*? as (?:dyn )?${crate}`));
  if (trait) return trait[1];
  const path = name.match(new RegExp(`^[<&\\s]*(?:mut |dyn |impl )?${crate}`));
  if (path) return path[1];
  if (/^<(?:&|mut |\s)*(?:char|str|bool|[iuf](?:8|16|32|64|128|size)|\[)/.test(name)) return 'core';
  if (/^(elem|table|import|export|code|type|global|memory)\[/.test(name)) return 'wasm tables and glue';
  return 'other';
}

/** `{ bytes, crates: [[crate, bytes]], modules: [[tandem module, bytes]] }`
 * for the bin `bin`, or `{ skipped: reason }`. */
export function breakdown(bin) {
  const built = join(ROOT, 'target', 'wasm32-unknown-unknown', 'release', `${bin}.wasm`);
  const wasmOpt = join(ROOT, 'node_modules', '.bin', 'wasm-opt');
  if (!has('twiggy')) return { skipped: 'twiggy is not installed (`cargo install twiggy`)' };
  if (!existsSync(built)) return { skipped: `no release build of ${bin} in target/ (run scripts/build.sh)` };
  const dir = mkdtempSync(join(tmpdir(), 'tandem-twiggy-'));
  try {
    execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', dir, built]);
    const opt = join(dir, 'opt.wasm');
    execFileSync(wasmOpt, ['-Oz', '-g', ...FEATURES, join(dir, `${bin}_bg.wasm`), '-o', opt]);
    const csv = execFileSync('twiggy', ['top', '-n', '1000000', '-f', 'csv', opt], { maxBuffer: 1 << 28 }).toString();
    const crates = new Map();
    const modules = new Map();
    let bytes = 0;
    for (const line of csv.split('\n').slice(1)) {
      // Name,ShallowSize,ShallowSizePercent,... ; the name may hold commas.
      const m = line.match(/^(.*),(\d+),[\d.]+,[^,]*,[^,]*$/);
      if (!m) continue;
      const [, rawName, size] = m;
      const name = rawName.replace(/^"|"$/g, '').replaceAll('""', '"');
      const crate = crateOf(name);
      if (crate === null) continue;
      const n = Number(size);
      bytes += n;
      crates.set(crate, (crates.get(crate) ?? 0) + n);
      const module = name.match(/tandem::((?:ui|domain|storage)::[a-z_0-9]+)/)?.[1];
      if (module) modules.set(module, (modules.get(module) ?? 0) + n);
    }
    const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
    return { bytes, crates: sorted(crates), modules: sorted(modules) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The breakdown as Markdown lines: the `top` largest crates. */
export function breakdownMarkdown(label, b, top = 14) {
  if (b.skipped) return [`${label}: not measured (${b.skipped}).`];
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  const pct = (n) => `${((100 * n) / b.bytes).toFixed(0)} %`;
  const rest = b.crates.slice(top).reduce((s, [, n]) => s + n, 0);
  return [
    `| ${label}: crate | bytes (before compression) | share |`,
    '|---|---|---|',
    ...b.crates.slice(0, top).map(([c, n]) => `| ${c} | ${kb(n)} | ${pct(n)} |`),
    `| ${b.crates.length - top} more | ${kb(rest)} | ${pct(rest)} |`,
    `| **all** | **${kb(b.bytes)}** | |`,
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bin = process.argv[2] ?? 'tandem';
  const b = breakdown(bin);
  console.log(breakdownMarkdown(`${bin}.wasm`, b, 25).join('\n'));
  if (!b.skipped) {
    console.log('\nTandem\'s own modules:');
    for (const [m, n] of b.modules.slice(0, 25)) console.log(`  ${m.padEnd(28)} ${n}`);
  }
}
