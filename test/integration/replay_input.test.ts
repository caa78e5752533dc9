// Replay on malformed input exits 2 with a message naming the file (and line); nothing reaches the engine.
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../standalone/replay/cli';

const ROOT = resolve(__dirname, '../..');
const GOOD = JSON.stringify({ '@timestamp': '2026-11-19T10:00:00.000Z', event: { dataset: 'azure.signinlogs', outcome: 'success' }, source: { ip: '45.137.21.9' }, user: { name: 'a', domain: 'contoso.com' } });

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'replay-input-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
function folder(files: Record<string, string>): string {
  const dir = join(base, `case${n++}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    env: {},
    startEngine: () => Promise.reject(new Error('bad input must not start the engine')),
    correlate: () => Promise.reject(new Error('bad input must not run the rule')),
  });
  return { code, out, err };
}

describe('replay rejects bad input with exit code 2', () => {
  it('broken NDJSON line: names file and line', async () => {
    const dir = folder({ 'logs-azure.signinlogs-default.ndjson': `${GOOD}\n${GOOD}\n{"@timestamp": "2026-11-19T10:00:00Z", "source": \n` });
    const r = await run(['--data', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(dir, 'logs-azure.signinlogs-default.ndjson')}:3: broken NDJSON line`);
    expect(r.out).toBe('');
  });

  it('a line that is not an object', async () => {
    const dir = folder({ 'logs-o365.audit-default.ndjson': `${GOOD}\n[1,2]\n` });
    const r = await run(['--data', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('logs-o365.audit-default.ndjson:2: each line must be one JSON object');
  });

  it('wrong types: an ECS ip field that is not an IP (no mapping file)', async () => {
    const bad = JSON.parse(GOOD);
    bad.source.ip = 'not-an-ip';
    const dir = folder({ 'logs-azure.signinlogs-default.ndjson': `${GOOD}\n\n${JSON.stringify(bad)}\n` });
    const r = await run(['--data', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/logs-azure\.signinlogs-default\.ndjson:3: wrong type: field \[source\.ip\] of type \[ip\]/);
  });

  it('wrong types: a value that does not fit the mapping file', async () => {
    const bad = { ...JSON.parse(GOOD), azure: { signinlogs: { properties: { status: { error_code: 'fifty' } } } } };
    const mapping = { mappings: { properties: { azure: { properties: { signinlogs: { properties: { properties: { properties: { status: { properties: { error_code: { type: 'long' } } } } } } } } } } } };
    const dir = folder({ 'logs-azure.signinlogs-default.ndjson': `${JSON.stringify(bad)}\n`, 'logs-azure.signinlogs-default.mapping.json': JSON.stringify(mapping) });
    const r = await run(['--data', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/:1: wrong type: field \[azure\.signinlogs\.properties\.status\.error_code\] of type \[long\]/);
  });

  it('bad dates in the data', async () => {
    const bad = { ...JSON.parse(GOOD), '@timestamp': 'last tuesday' };
    const dir = folder({ 'logs-azure.signinlogs-default.ndjson': `${GOOD}\n${JSON.stringify(bad)}\n` });
    const r = await run(['--data', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\.ndjson:2: wrong type: field \[@timestamp\] of type \[date\]/);
  });

  it('a document without @timestamp', async () => {
    const { '@timestamp': _t, ...bad } = JSON.parse(GOOD);
    const dir = folder({ 'logs-azure.signinlogs-default.ndjson': `${JSON.stringify(bad)}\n` });
    const r = await run(['--data', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('.ndjson:1: missing @timestamp');
  });

  it('unknown index names (not read by the rule) and invalid index names', async () => {
    const unknown = await run(['--data', folder({ 'winlogbeat-8.19.4.ndjson': `${GOOD}\n` })]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/winlogbeat-8\.19\.4\.ndjson: unknown index \[winlogbeat-8\.19\.4\]/);
    const invalid = await run(['--data', folder({ 'Logs-Azure.ndjson': `${GOOD}\n` })]);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toMatch(/Logs-Azure\.ndjson: invalid index name \[Logs-Azure\]: must be lowercase/);
  });

  it('empty folder, missing folder, mapping without data, broken mapping file', async () => {
    const empty = folder({ 'README.txt': 'nothing here' });
    expect(await run(['--data', empty])).toMatchObject({ code: 2, err: expect.stringContaining(`${empty}: empty folder`) });
    expect(await run(['--data', join(base, 'nope')])).toMatchObject({ code: 2, err: expect.stringContaining('no such folder') });
    const orphan = folder({ 'logs-azure.signinlogs-default.ndjson': `${GOOD}\n`, 'logs-o365.audit-default.mapping.json': '{"mappings":{"properties":{}}}' });
    expect(await run(['--data', orphan])).toMatchObject({ code: 2, err: expect.stringContaining('logs-o365.audit-default.mapping.json: mapping without data') });
    const broken = folder({ 'logs-azure.signinlogs-default.ndjson': `${GOOD}\n`, 'logs-azure.signinlogs-default.mapping.json': '{"mappings": {' });
    expect(await run(['--data', broken])).toMatchObject({ code: 2, err: expect.stringContaining('logs-azure.signinlogs-default.mapping.json: invalid JSON') });
  });

  it('bad --from/--to/--interval/--format and unknown flags', async () => {
    const dir = folder({ 'logs-azure.signinlogs-default.ndjson': `${GOOD}\n` });
    expect(await run(['--data', dir, '--from', 'yesterday', '--to', '2026-11-20T00:00:00Z'])).toMatchObject({ code: 2, err: expect.stringContaining("--from: bad date 'yesterday'") });
    expect(await run(['--data', dir, '--from', '2026-11-20T00:00:00Z', '--to', '2026-11-19T00:00:00Z'])).toMatchObject({ code: 2, err: expect.stringContaining('must be before --to') });
    expect(await run(['--data', dir, '--from', '2026-11-19T00:00:00Z'])).toMatchObject({ code: 2, err: expect.stringContaining('--from and --to go together') });
    expect(await run(['--data', dir, '--interval', 'often'])).toMatchObject({ code: 2, err: expect.stringContaining("--interval: bad interval 'often'") });
    expect(await run(['--data', dir, '--format', 'csv'])).toMatchObject({ code: 2, err: expect.stringContaining('--format must be ndjson or table') });
    expect(await run(['--data', dir, '--bogus'])).toMatchObject({ code: 2, err: expect.stringContaining('--bogus') });
    expect(await run([])).toMatchObject({ code: 2, err: expect.stringContaining('--data DIR is required') });
  });

  it('unreadable, broken or invalid params files', async () => {
    const dir = folder({ 'logs-azure.signinlogs-default.ndjson': `${GOOD}\n` });
    const missing = join(base, 'missing-params.json');
    expect(await run(['--data', dir, '--params', missing])).toMatchObject({ code: 2, err: expect.stringContaining(`${missing}: unreadable params file (ENOENT)`) });
    expect(await run(['--data', dir, '--params', base])).toMatchObject({ code: 2, err: expect.stringContaining('unreadable params file (EISDIR)') });
    const broken = join(base, 'broken.json');
    writeFileSync(broken, '{\n  "lookbackMinutes": 60,\n  "maxUsersPerIp": ,\n}\n');
    expect(await run(['--data', dir, '--params', broken])).toMatchObject({ code: 2, err: expect.stringMatching(/broken\.json:3:\d+: invalid JSON in params file/) });
    const invalid = join(base, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ lookbackMinutes: 1, detectionMode: 'psychic', nope: true }));
    const r = await run(['--data', dir, '--params', invalid]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${invalid}: invalid rule params:`);
    expect(r.err).toContain('unknown setting [nope]');
    expect(r.err).toContain('lookbackMinutes');
    expect(r.err).toContain('detectionMode');
    // an index the custom params no longer read
    const narrow = join(base, 'narrow.json');
    writeFileSync(narrow, JSON.stringify({ signinIndexPatterns: ['logs-o365.audit-*'], threatIntelIndexPatterns: ['logs-ti_*'] }));
    expect(await run(['--data', dir, '--params', narrow])).toMatchObject({ code: 2, err: expect.stringContaining('unknown index [logs-azure.signinlogs-default]') });
  });

  it('the real CLI process exits 2 and names the file and line', async () => {
    const dir = folder({ 'logs-azure.signinlogs-default.ndjson': `${GOOD}\nnot json\n` });
    const res = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'standalone/replay/cli.ts'), '--data', dir], { cwd: ROOT, env: { ...process.env, ES_URL: '' } }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr })
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${join(dir, 'logs-azure.signinlogs-default.ndjson')}:2: broken NDJSON line`);
  }, 60_000);
});
