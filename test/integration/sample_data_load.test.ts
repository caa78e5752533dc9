// The loader pushes a generated folder into Elasticsearch (embedded engine, or ES_URL) with its mappings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestEs, type TestEs } from '../helpers/es_client';
import { generateSampleData, type SampleData } from '../../standalone/sample_data/generate';
import { writeSampleData } from '../../standalone/sample_data/write';
import { loadDataFolder, type LoadProgress } from '../../standalone/sample_data/load';
import { INDEX } from '../../standalone/sample_data/indices';
import { main as sampleDataCli } from '../../standalone/sample_data/cli';
import { readFileSync, readdirSync } from 'node:fs';

jest.setTimeout(5 * 60_000);

let es: TestEs;
let dir: string;
let data: SampleData;
beforeAll(async () => {
  es = await getTestEs();
  dir = mkdtempSync(join(tmpdir(), 'sample-load-'));
  data = generateSampleData({ seed: 3, users: 36, days: 1, end: '2026-11-20T00:00:00.000Z' });
  await writeSampleData(dir, data);
});
afterAll(async () => {
  await es?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('loadDataFolder', () => {
  it('creates every index with its mapping, bulks every document and reports progress', async () => {
    const progress: LoadProgress[] = [];
    const res = await loadDataFolder(dir, { client: es.client, chunkSize: 500, onProgress: (p) => progress.push(p) });
    expect(res.indices).toEqual(data.manifest.indices);
    for (const [index, n] of Object.entries(data.manifest.indices)) {
      const c = await es.client.count({ index });
      // a real cluster (ES_URL) may already hold earlier loads of the same indices
      if (es.embedded) expect([index, c.count]).toEqual([index, n]);
      else expect(c.count).toBeGreaterThanOrEqual(n);
    }
    const m = await es.client.indices.getMapping({ index: INDEX.signin });
    const props = (m as Record<string, { mappings: { properties: Record<string, { properties?: Record<string, { type?: string }> }> } }>)[INDEX.signin].mappings.properties;
    expect(props.source.properties!.ip.type).toBe('ip');
    expect(progress[0].phase).toBe('read');
    expect(progress[progress.length - 1]).toEqual({ phase: 'done', loaded: res.total, total: res.total });
    const loaded = progress.filter((p) => p.phase === 'bulk').map((p) => p.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    // appending to existing indices (second start of a host) works; ifExists: 'error' refuses
    await expect(loadDataFolder(dir, { client: es.client, ifExists: 'error' })).rejects.toThrow(/already exists/);
  });
});

describe('sample-data CLI', () => {
  it('writes the folder, is byte-identical for a fixed --end, and rejects bad options with exit 2', async () => {
    const a = mkdtempSync(join(tmpdir(), 'sample-cli-'));
    const b = mkdtempSync(join(tmpdir(), 'sample-cli-'));
    try {
      const io = { stdout: () => undefined, stderr: () => undefined, now: () => Date.parse('2030-01-01T10:37:00Z') };
      expect(await sampleDataCli(['--out', a, '--seed', '5', '--users', '34', '--days', '1', '--end', '2026-11-20T00:00:00Z'], io)).toBe(0);
      expect(await sampleDataCli(['--out', b, '--seed', '5', '--users', '34', '--days', '1', '--end', '2026-11-20T00:00:00Z'], io)).toBe(0);
      const files = readdirSync(a).sort();
      expect(files).toEqual(readdirSync(b).sort());
      expect(files).toContain('manifest.json');
      expect(files).toContain(`${INDEX.signin}.ndjson`);
      expect(files).toContain(`${INDEX.signin}.mapping.json`);
      for (const f of files) expect([f, readFileSync(join(a, f), 'utf8') === readFileSync(join(b, f), 'utf8')]).toEqual([f, true]);
      // no --end: the range ends at the current hour
      const c = mkdtempSync(join(tmpdir(), 'sample-cli-'));
      expect(await sampleDataCli(['--out', c, '--users', '34', '--days', '1'], io)).toBe(0);
      expect(JSON.parse(readFileSync(join(c, 'manifest.json'), 'utf8')).generator.end).toBe('2030-01-01T10:00:00.000Z');
      rmSync(c, { recursive: true, force: true });
      let err = '';
      const bad = { ...io, stderr: (s: string) => (err += s) };
      expect(await sampleDataCli(['--out', a, '--users', 'many'], bad)).toBe(2);
      expect(err).toContain('--users');
      expect(await sampleDataCli(['--users', '40'], bad)).toBe(2);
      expect(err).toContain('--out DIR is required');
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});
