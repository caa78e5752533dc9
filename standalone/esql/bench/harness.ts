// Shared measurement code of the engine benchmarks (printed figures, never timed tests): loads generated
// NDJSON through the real store batch by batch, times JSON.parse on the same lines, and runs ES|QL requests
// reporting documents visited (the store's counter) against the documents in each request's time window.
import { spawnSync } from 'child_process';
import os from 'os';
import v8 from 'v8';
import { Store } from '../store';
import { compileQuery } from '../store/dsl';
import { executeEsql } from '../exec';
import type { EsqlRequest, EsqlResult } from '../types';
import { INDICES, ndjsonBatches } from './data';

const HEAP_MB = 8192;

/** Re-runs this script in a child with a big heap and `--expose-gc` (for honest retained-memory figures). */
export function ensureBenchProcess(file: string): void {
  if (process.env.ESQL_BENCH_CHILD || v8.getHeapStatistics().heap_size_limit >= (HEAP_MB - 512) * 1024 * 1024) return;
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--expose-gc', '--import', 'tsx', file, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ESQL_BENCH_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
export const fmt = (n: number) => n.toLocaleString('en-US');
const gc = () => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
};

export interface Loaded {
  store: Store;
  docCount: number;
  ndjsonBytes: number;
  parseRate: number;
  loadMs: number;
  /** RSS growth from before the load to after it (NDJSON released, after GC): what the store keeps. */
  storeRss: number;
  /** V8 heap + off-heap (ArrayBuffer) bytes the store holds after GC: its own size, without V8's free pages. */
  storeHeap: number;
  peakRss: number;
  /** V8 heap + off-heap bytes before the load (baseline of `storeHeap`). */
  baseHeap: number;
}

export function load(total: number, dataDir?: string): Loaded {
  console.log(`${fmt(total)} documents, node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores`);
  gc();
  const base = process.memoryUsage();
  const baseRss = base.rss;
  const store = Store.open(dataDir);
  for (const spec of INDICES) if (!store.getIndex(spec.name)) store.createIndex(spec.name, { mappings: spec.mappings });
  let bytes = 0;
  let docs = 0;
  let parseMs = 0;
  let loadMs = 0;
  for (const { index, lines } of ndjsonBatches(total)) {
    for (const l of lines) bytes += Buffer.byteLength(l) + 1;
    docs += lines.length;
    // Reference: JSON.parse over the same lines.
    let t = performance.now();
    let sink = 0;
    for (const l of lines) sink += (JSON.parse(l) as Record<string, unknown>)['@timestamp'] ? 1 : 0;
    parseMs += performance.now() - t;
    if (sink !== lines.length) throw new Error('parse sanity check failed');
    // Load: what a _bulk request does past HTTP (parse + index).
    t = performance.now();
    const res = store.bulk(lines.map((s) => ({ action: 'index' as const, index, source: JSON.parse(s), sourceText: s })));
    loadMs += performance.now() - t;
    const failed = res.find((r) => r.error);
    if (failed) throw new Error(`load failed: ${failed.error!.reason}`);
  }
  gc();
  const after = process.memoryUsage();
  const storeRss = after.rss - baseRss;
  const storeHeap = after.heapUsed + after.external - (base.heapUsed + base.external);
  const parseRate = (docs / parseMs) * 1000;
  console.log(`NDJSON ${mb(bytes)}; JSON.parse ${fmt(Math.round(parseRate))} docs/s; load ${fmt(Math.round((docs / loadMs) * 1000))} docs/s (${(loadMs / 1000).toFixed(1)} s)`);
  return { store, docCount: docs, ndjsonBytes: bytes, parseRate, loadMs, storeRss, storeHeap, peakRss: process.resourceUsage().maxRSS * 1024, baseHeap: base.heapUsed + base.external };
}

export interface BenchQuery {
  name: string;
  query: string;
  params?: unknown[];
  /** Query DSL `filter` of the request. */
  filter?: unknown;
  /** Index patterns the query reads (for the window count). */
  patterns: string[];
  /** The query's time window on @timestamp (epoch millis, inclusive); omitted = all documents. */
  window?: { from: number; to: number };
}

/** Fresh NDJSON lines (not the loaded ones) to time JSON.parse right before each query: the machine's load drifts. */
let parseSample: string[] = [];
function parseRateNow(): number {
  if (parseSample.length === 0) for (const { lines } of ndjsonBatches(20_000)) parseSample.push(...lines);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    let sink = 0;
    for (const l of parseSample) sink += (JSON.parse(l) as Record<string, unknown>)['@timestamp'] ? 1 : 0;
    best = Math.min(best, performance.now() - t);
    if (sink !== parseSample.length) throw new Error('parse sanity check failed');
  }
  return (parseSample.length / best) * 1000;
}

export interface QueryFigures {
  name: string;
  ms: number;
  inWindow: number;
  visited: number;
  /** In-window documents per second over JSON.parse's documents per second. */
  ratio: number;
  result: EsqlResult;
}

function visitedSoFar(store: Store): number {
  return store.listIndices().reduce((a, i) => a + i.visited, 0);
}

/** Documents of the query's indices whose @timestamp lies in its window (counted straight from the columns). */
function inWindow(store: Store, q: BenchQuery): number {
  let n = 0;
  for (const v of store.resolve(q.patterns)) {
    const st = v.storage!;
    const ts = st.reader('@timestamp');
    for (let pos = 0; pos < st.size; pos++) {
      if (!st.live(pos)) continue;
      if (!q.window) {
        n++;
        continue;
      }
      const t = ts ? ts(pos) : null;
      if (typeof t === 'number' && t >= q.window.from && t <= q.window.to) n++;
    }
  }
  return n;
}

/** Untimed runs after the first (which fills columns): the JIT settles on the query's code, as JSON.parse's has. */
const JIT_WARM_RUNS = 2;

/**
 * Best of `runs` timed executions, steady state like the JSON.parse reference (itself best of 3 rounds of 20,000
 * parses): on this 2-core machine the first runs still execute partly unoptimised code (tier-up is concurrent).
 */
export function runQuery(store: Store, parseRate: number, q: BenchQuery, runs = 5): QueryFigures {
  const req: EsqlRequest = { query: q.query, params: q.params, filter: q.filter ? compileQuery(q.filter) : undefined };
  executeEsql(req, store); // warm-up (also builds the time index and fills the columns the query reads)
  parseRateNow(); // warm-up
  // The first run's one-time column fill parses `_source` and leaves garbage behind: collect it now so its
  // (incremental) major GC does not land on the timed runs, which measure the query itself.
  gc();
  for (let i = 0; i < JIT_WARM_RUNS; i++) executeEsql(req, store);
  let best = Infinity;
  let visited = 0;
  let result: EsqlResult | null = null;
  for (let i = 0; i < runs; i++) {
    const v0 = visitedSoFar(store);
    const t0 = performance.now();
    result = executeEsql(req, store);
    best = Math.min(best, performance.now() - t0);
    visited = visitedSoFar(store) - v0;
  }
  const win = inWindow(store, q);
  void parseRate;
  const ratio = ((win / best) * 1000) / parseRateNow();
  return { name: q.name, ms: best, inWindow: win, visited, ratio, result: result! };
}

export function printQuery(f: QueryFigures): void {
  console.log(
    `${f.name}\n  ${fmt(f.inWindow)} docs in window, ${fmt(f.visited)} visited${f.visited === f.inWindow ? ' (= in window)' : ''}; ` +
      `${f.ms.toFixed(0)} ms = ${fmt(Math.round((f.inWindow / f.ms) * 1000))} in-window docs/s = ${f.ratio.toFixed(2)}x JSON.parse; ` +
      `documents_found ${fmt(f.result.documents_found)}, ${f.result.values.length} rows`
  );
}

export function printSummary(l: Loaded, figures: QueryFigures[]): void {
  console.log('\nsummary');
  console.log(`  JSON.parse reference: ${fmt(Math.round(l.parseRate))} docs/s`);
  const worst = figures.reduce((a, f) => Math.min(a, f.ratio), Infinity);
  console.log(`  slowest query: ${worst.toFixed(2)}x JSON.parse (goal >= 0.50x: ${worst >= 0.5 ? 'MET' : 'MISSED'})`);
  const over = figures.filter((f) => f.visited !== f.inWindow);
  console.log(`  visited == in window: ${over.length === 0 ? 'all queries' : `not for ${over.map((f) => f.name).join('; ')}`}`);
  const ratio = l.storeRss / l.ndjsonBytes;
  console.log(`  resident memory of the loaded store: ${mb(l.storeRss)} = ${ratio.toFixed(2)}x the NDJSON (${mb(l.ndjsonBytes)}) (goal <= 2x: ${ratio <= 2 ? 'MET' : 'MISSED'}); peak RSS of the run ${mb(l.peakRss)}`);
  console.log(`  the store's own bytes (V8 heap + off-heap after GC): ${mb(l.storeHeap)} = ${(l.storeHeap / l.ndjsonBytes).toFixed(2)}x the NDJSON`);
  // Columns are filled on first read: after the queries the store also holds the columns they read.
  gc();
  const now = process.memoryUsage();
  const heapNow = now.heapUsed + now.external - l.baseHeap;
  console.log(`  the store's own bytes after the queries (columns they read filled): ${mb(heapNow)} = ${(heapNow / l.ndjsonBytes).toFixed(2)}x the NDJSON`);
  l.store.close();
}
