#!/usr/bin/env node
// Precompresses a built site for static servers that send a file's `.br` or
// `.gz` beside it (scripts/serve.py, nginx's gzip_static/brotli_static, the
// README's Apache rules):
//
//   node scripts/compress.mjs dist
//
// writes X.br (brotli, quality 11) and X.gz beside every .html, .js, .wasm,
// .css, .svg and .json file in the folder and its subfolders. The gzip files
// are Zopfli's (@gfx/zopfli): plain gzip that every browser reads, about 5 %
// smaller than zlib's level 9, which matters on plain-http intranets, where
// browsers take gzip but not brotli. It costs seconds per build, not per
// request.
// The output depends only on the input bytes (the gzip header carries no
// name and no time), so the same build gives the same files. A file whose
// .br and .gz already hold exactly its bytes is left alone, so a second run
// costs only reading them back; a stale one is rewritten.
import { brotliCompressSync, brotliDecompressSync, gunzipSync, constants } from 'node:zlib';
import { readFileSync, readdirSync, writeFileSync, renameSync, existsSync, statSync } from 'node:fs';
import { join, extname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import zopfli from '@gfx/zopfli';

export const EXTENSIONS = new Set(['.html', '.js', '.wasm', '.css', '.svg', '.json']);

const brotli = (data, ext) =>
  brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_MODE]: ext === '.wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });

const gzip = async (data) => Buffer.from(await zopfli.gzipAsync(data, { numiterations: 15 }));

/** Whether `file` exists and `unpack` turns it back into exactly `data`. */
function holds(file, unpack, data) {
  if (!existsSync(file)) return false;
  try {
    return unpack(readFileSync(file)).equals(data);
  } catch {
    return false;
  }
}

/** Writes through a temporary name, so a server never sends half a file. */
function write(file, data) {
  writeFileSync(file + '.tmp', data);
  renameSync(file + '.tmp', file);
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile() && EXTENSIONS.has(extname(entry.name))) yield path;
  }
}

/**
 * Compresses every file of `dir` that needs it; returns one record per
 * file: { file, raw, br, gz, skipped }.
 */
export async function compressDir(dir) {
  const done = [];
  for (const file of files(dir)) {
    const data = readFileSync(file);
    const br = file + '.br';
    const gz = file + '.gz';
    const skipped = holds(br, brotliDecompressSync, data) && holds(gz, gunzipSync, data);
    if (!skipped) {
      write(br, brotli(data, extname(file)));
      write(gz, await gzip(data));
    }
    done.push({ file: relative(dir, file), raw: data.length, br: statSync(br).size, gz: statSync(gz).size, skipped });
  }
  return done;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv[2];
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error('usage: node scripts/compress.mjs DIR');
    process.exit(2);
  }
  const done = await compressDir(dir);
  const fresh = done.filter((d) => !d.skipped);
  const sum = (k) => done.reduce((t, d) => t + d[k], 0);
  console.log(
    `compress.mjs: ${fresh.length} of ${done.length} files in ${dir} compressed (${done.length - fresh.length} already were); ` +
      `${sum('raw')} bytes raw, ${sum('br')} brotli, ${sum('gz')} gzip`,
  );
}
