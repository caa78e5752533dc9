// Durability: acknowledged writes survive restarts and a SIGKILL in the middle of bulk writes, and the data
// directory always reopens cleanly (torn log tails are truncated).
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from '@elastic/elasticsearch';
import { startEngine } from '../../standalone/esql';
import { Store } from '../../standalone/esql/store';
import { decodeFrames } from '../../standalone/esql/store/log';

const ROOT = path.resolve(__dirname, '../..');
jest.setTimeout(120_000);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esql-durable-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function doc(batch: number, i: number) {
  return {
    '@timestamp': new Date(1_700_000_000_000 + batch * 1000 + i).toISOString(),
    source: { ip: `10.${batch % 250}.${(i >> 8) % 250}.${i % 250}` },
    user: { name: `user-${i % 97}` },
    event: { outcome: i % 3 ? 'success' : 'failure', dataset: 'azure.signinlogs' },
    message: `sign-in ${batch}/${i} `.padEnd(200, 'x'),
  };
}

function logFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'indices');
  return fs.readdirSync(root).map((d) => path.join(root, d, 'docs.log')).filter((f) => fs.existsSync(f));
}

async function startChild(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  // `node --import tsx` keeps it a single process, so SIGKILL hits the process that writes.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'standalone/esql/cli.ts'), '--data', dataDir, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`engine exited early (${code}): ${stderr}`)));
  });
  return { child, url };
}

describe('engine durability', () => {
  it('keeps every acknowledged write across a clean restart', async () => {
    let engine = await startEngine({ dataDir: dir });
    let client = new Client({ node: engine.url });
    await client.indices.create({ index: 'keep', mappings: { properties: { 'source.ip': { type: 'ip' } } } });
    await client.bulk({ operations: Array.from({ length: 50 }, (_, i) => [{ index: { _index: 'keep', _id: `d${i}` } }, doc(0, i)]).flat() });
    await client.index({ index: 'keep', id: 'single', document: doc(1, 1) });
    await client.delete({ index: 'keep', id: 'd0' });
    await client.close();
    await engine.close();

    engine = await startEngine({ dataDir: dir });
    client = new Client({ node: engine.url });
    expect((await client.count({ index: 'keep' })).count).toBe(50);
    expect((await client.get({ index: 'keep', id: 'single' }))._source).toEqual(doc(1, 1));
    expect(await client.exists({ index: 'keep', id: 'd0' })).toBe(false);
    expect((await client.indices.getMapping({ index: 'keep' })).keep.mappings.properties!.user).toEqual({
      properties: { name: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } } },
    });
    await client.close();
    await engine.close();
  });

  it('survives SIGKILL in the middle of bulk writes without losing acknowledged docs', async () => {
    const { child, url } = await startChild(dir);
    const client = new Client({ node: url, maxRetries: 0 });
    await client.indices.create({ index: 'crash', mappings: { properties: { 'source.ip': { type: 'ip' }, '@timestamp': { type: 'date' } } } });
    const acked = new Set<string>();
    const sent = new Map<string, ReturnType<typeof doc>>();
    const sendBatch = async (batch: number, size: number) => {
      const ops: object[] = [];
      for (let i = 0; i < size; i++) {
        const id = `b${batch}-${i}`;
        sent.set(id, doc(batch, i));
        ops.push({ index: { _index: 'crash', _id: id } }, sent.get(id)!);
      }
      const res = await client.bulk({ operations: ops });
      if (!res.errors) for (let i = 0; i < size; i++) acked.add(`b${batch}-${i}`);
    };
    for (let b = 0; b < 5; b++) await sendBatch(b, 500);
    // Several large bulks in flight, then SIGKILL while the engine is busy writing them.
    const inFlight = [5, 6, 7, 8].map((b) => sendBatch(b, 15_000).catch(() => undefined));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise((r) => setTimeout(r, 400 + Math.random() * 400));
    child.kill('SIGKILL');
    await exited;
    await Promise.all(inFlight);
    await client.close();
    expect(acked.size).toBeGreaterThanOrEqual(2500);

    const sizesBefore = logFiles(dir).map((f) => fs.statSync(f).size);
    const store = Store.open(dir); // recovers, truncating a torn tail if the kill cut a write
    const idx = store.requireIndex('crash');
    for (const id of acked) expect(idx.get(id)?.source).toEqual(sent.get(id));
    // Whatever else made it to disk is intact (never a half document).
    for (const d of idx.docs) expect(d.source).toEqual(sent.get(d._id));
    store.close();
    for (const f of logFiles(dir)) expect(decodeFrames(fs.readFileSync(f)).discarded).toBe(0);
    const sizesAfter = logFiles(dir).map((f) => fs.statSync(f).size);
    expect(sizesAfter.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(sizesBefore.reduce((a, b) => a + b, 0));

    // And it serves again through the REST API.
    const engine = await startEngine({ dataDir: dir });
    const c2 = new Client({ node: engine.url });
    expect((await c2.count({ index: 'crash' })).count).toBe(idx.docs.length);
    await c2.close();
    await engine.close();
  });

  it('recovers from a SIGKILL that lands inside a log append (torn frame on disk)', async () => {
    // The engine kills itself with SIGKILL once its log passes 3 MB, i.e. in the middle of writing a bulk.
    const { child, url } = await startChild(dir, { ESQL_ENGINE_CRASH_AT_LOG_BYTES: String(3_000_000) });
    const client = new Client({ node: url, maxRetries: 0 });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? 9 : -1)));
    const acked = new Set<string>();
    const sent = new Map<string, ReturnType<typeof doc>>();
    let failed = false;
    for (let b = 0; b < 100 && !failed; b++) {
      const ops: object[] = [];
      for (let i = 0; i < 1000; i++) {
        const id = `k${b}-${i}`;
        sent.set(id, doc(b, i));
        ops.push({ index: { _index: 'torn-kill', _id: id } }, sent.get(id)!);
      }
      try {
        const res = await client.bulk({ operations: ops });
        if (!res.errors) for (let i = 0; i < 1000; i++) acked.add(`k${b}-${i}`);
      } catch {
        failed = true;
      }
    }
    expect(failed).toBe(true);
    expect(await exited).toBe(9);
    await client.close();
    const [file] = logFiles(dir);
    const onDisk = decodeFrames(fs.readFileSync(file));
    expect(onDisk.discarded).toBeGreaterThan(0); // the kill really tore a frame
    const store = Store.open(dir);
    const idx = store.requireIndex('torn-kill');
    expect(acked.size).toBeGreaterThan(0);
    for (const id of acked) expect(idx.get(id)?.source).toEqual(sent.get(id));
    for (const d of idx.docs) expect(d.source).toEqual(sent.get(d._id));
    store.close();
    expect(fs.statSync(file).size).toBe(onDisk.validLength);
  });

  it('es:local CLI shuts down cleanly on SIGTERM and the data reopens', async () => {
    const { child, url } = await startChild(dir);
    const client = new Client({ node: url });
    await client.index({ index: 'cli', id: '1', document: doc(0, 1) });
    await client.close();
    const exit = new Promise<[number | null, string | null]>((resolve) => child.once('exit', (code, sig) => resolve([code, sig])));
    child.kill('SIGTERM');
    expect(await exit).toEqual([0, null]);
    expect(fs.existsSync(path.join(dir, 'node.lock'))).toBe(false);
    const store = Store.open(dir);
    expect(store.requireIndex('cli').get('1')?.source).toEqual(doc(0, 1));
    store.close();
  });

  it('truncates a torn tail left by an interrupted write and keeps appending', async () => {
    let store = Store.open(dir);
    store.bulk(Array.from({ length: 20 }, (_, i) => ({ action: 'index' as const, index: 'torn', id: `t${i}`, source: doc(0, i) })));
    store.close();
    const [file] = logFiles(dir);
    const full = fs.readFileSync(file);
    // Simulate a crash during the next append: half a frame of a new record lands on disk.
    const partial = Buffer.concat([full.subarray(full.length - 300), Buffer.from('garbage')]).subarray(0, 150);
    fs.appendFileSync(file, partial);
    store = Store.open(dir);
    expect(store.requireIndex('torn').docs).toHaveLength(20);
    expect(fs.statSync(file).size).toBe(full.length);
    store.bulk([{ action: 'index', index: 'torn', id: 'after', source: doc(1, 1) }]);
    store.close();
    store = Store.open(dir);
    expect(store.requireIndex('torn').get('after')?.source).toEqual(doc(1, 1));
    expect(store.requireIndex('torn').docs).toHaveLength(21);
    store.close();
  });
});
