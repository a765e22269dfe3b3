// End-to-end: the live poker room's sync server (the stock y-websocket
// server from node_modules) starts, speaks the Yjs sync protocol on any room
// path, lists nothing over HTTP, and keeps a room across a restart.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { startSyncServer } from './harness.mjs';

const MESSAGE_SYNC = 0;

const sync = await startSyncServer();
after(() => sync.stop());

/** Opens a connection to a room; resolves once it is open. */
function connect(room) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${sync.url}/${room}`);
    const messages = [];
    const waiting = [];
    ws.on('message', (data) => {
      const next = waiting.shift();
      if (next) next(data);
      else messages.push(data);
    });
    ws.once('open', () =>
      resolve({
        ws,
        /** The next message from the server (within 5 s). */
        next: () =>
          messages.length
            ? Promise.resolve(messages.shift())
            : new Promise((res, rej) => {
                const timer = setTimeout(() => rej(new Error(`no message from the server in room ${room}`)), 5000);
                waiting.push((data) => {
                  clearTimeout(timer);
                  res(data);
                });
              }),
        close: () =>
          new Promise((res) => {
            if (ws.readyState === WebSocket.CLOSED) return res();
            ws.once('close', () => res());
            ws.close();
          }),
      }),
    );
    ws.once('error', reject);
  });
}

/** Asserts a binary frame holding sync step 1 (message type 0, step 0). */
function assertSyncStep1(data) {
  assert.ok(Buffer.isBuffer(data), 'the server sends a binary frame');
  assert.equal(data[0], MESSAGE_SYNC, 'a sync message');
  assert.equal(data[1], 0, 'sync step 1');
}

test('a connection to a room opens and the server starts the sync (step 1)', async () => {
  const conn = await connect('some-room');
  assertSyncStep1(await conn.next());
  await conn.close();
});

test('over plain HTTP the server answers "okay" to any path, listing no rooms', async () => {
  for (const path of ['/', '/some-room', '/rooms', '/?list']) {
    const res = await fetch(`http://127.0.0.1:${sync.port}${path}`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'okay');
  }
});

test('after a restart a new connection works, and the room kept what was written', async () => {
  const room = `room-${Date.now()}`;
  const marker = `kept-${Math.random().toString(36).slice(2)}`;

  // Write to the room: a Yjs update with one map entry.
  const writer = new Y.Doc();
  writer.getMap('poker').set('marker', marker);
  const first = await connect(room);
  assertSyncStep1(await first.next());
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(writer));
  first.ws.send(encoding.toUint8Array(encoder));

  // Wait until LevelDB has the update in its log (a write is asynchronous).
  const deadline = Date.now() + 5000;
  const written = () =>
    readdirSync(sync.dir)
      .filter((f) => f.endsWith('.log'))
      .some((f) => readFileSync(join(sync.dir, f)).includes(marker));
  while (!written()) {
    assert.ok(Date.now() < deadline, 'the server stored the update');
    await new Promise((r) => setTimeout(r, 50));
  }
  await first.close();

  await sync.restart();

  // A fresh client asks for everything (sync step 1 with an empty state
  // vector); the server answers with sync step 2 holding the room's document.
  const second = await connect(room);
  assertSyncStep1(await second.next());
  const reader = new Y.Doc();
  const ask = encoding.createEncoder();
  encoding.writeVarUint(ask, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(ask, reader);
  second.ws.send(encoding.toUint8Array(ask));
  for (let i = 0; i < 10 && reader.getMap('poker').get('marker') !== marker; i++) {
    const data = await second.next();
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) continue; // awareness
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), reader, null);
  }
  assert.equal(reader.getMap('poker').get('marker'), marker);
  await second.close();

  // And a connection to another room works too.
  const other = await connect('some-room');
  assertSyncStep1(await other.next());
  await other.close();
});
