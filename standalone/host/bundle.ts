// Bundles the browser side (host shell + the plugin's `public/` app) with esbuild: ESM with code splitting so the
// investigation panel and the rule editor stay lazy chunks. Output is cached in the data directory, keyed by a
// hash of the sources, so a warm start skips the build.
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import type { Metafile, Plugin } from 'esbuild';

export const REPO_ROOT = resolve(__dirname, '..', '..');
const SOURCE_DIRS = ['public', 'common', 'standalone/host/browser'];
const ENTRY = 'standalone/host/browser/main.tsx';

/**
 * `refractor` (EUI's code highlighter) registers ~300 Prism languages at import time, and EuiErrorBoundary puts it
 * in the page-load chunk (~600 kB). The bundle resolves it to browser/refractor_lite.js (core + JSON and SQL).
 */
const REFRACTOR_LITE = join(REPO_ROOT, 'standalone/host/browser/refractor_lite.js');
const refractorLite: Plugin = {
  name: 'refractor-lite',
  setup(build) {
    build.onResolve({ filter: /^refractor$/ }, (args) => (args.importer === REFRACTOR_LITE ? undefined : { path: REFRACTOR_LITE }));
  },
};

export interface BundleInfo {
  dir: string;
  /** entry script, relative to dir */
  entry: string;
  css: string[];
  /** bytes of the JS loaded at page load (entry + its static imports) vs lazy chunks */
  initialJsBytes: number;
  lazyJsBytes: number;
  initialFiles: string[];
  lazyFiles: number;
  cached: boolean;
  buildMs: number;
}

function sourceHash(): string {
  const h = createHash('sha256');
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  h.update(JSON.stringify(pkg.dependencies ?? {}));
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.(tsx?|jsx?|css|json)$/.test(name) && !/\.test\.tsx?$/.test(name)) {
        h.update(relative(REPO_ROOT, p));
        h.update(readFileSync(p));
      }
    }
  };
  for (const d of SOURCE_DIRS) walk(join(REPO_ROOT, d));
  h.update(readFileSync(join(REPO_ROOT, 'standalone/host/bundle.ts')));
  return h.digest('hex').slice(0, 16);
}

/** Initial set: the entry chunk and everything it imports statically; the rest load on demand. */
export function splitSizes(meta: Metafile, outdir: string, entryOut: string) {
  const outputs = meta.outputs;
  const initial = new Set<string>();
  const visit = (f: string) => {
    if (initial.has(f)) return;
    initial.add(f);
    for (const imp of outputs[f]?.imports ?? []) if (imp.kind === 'import-statement' && outputs[imp.path]) visit(imp.path);
  };
  visit(entryOut);
  let initialJsBytes = 0;
  let lazyJsBytes = 0;
  let lazyFiles = 0;
  for (const [f, o] of Object.entries(outputs)) {
    if (!f.endsWith('.js')) continue;
    if (initial.has(f)) initialJsBytes += o.bytes;
    else {
      lazyJsBytes += o.bytes;
      lazyFiles++;
    }
  }
  return { initialJsBytes, lazyJsBytes, lazyFiles, initialFiles: [...initial].map((f) => relative(outdir, f)) };
}

export async function buildBundle(cacheRoot: string, log: (msg: string) => void = () => {}): Promise<BundleInfo> {
  const t0 = Date.now();
  const key = sourceHash();
  const dir = join(cacheRoot, key);
  const infoFile = join(dir, 'bundle-info.json');
  if (existsSync(infoFile)) {
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as BundleInfo;
    return { ...info, dir, cached: true, buildMs: Date.now() - t0 };
  }
  log('bundling the browser app with esbuild (first start or changed sources)...');
  const esbuild = await import('esbuild');
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { main: ENTRY },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    outdir: tmp,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    minify: true,
    sourcemap: false,
    metafile: true,
    legalComments: 'none',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file' },
    // Kibana packages never load outside Kibana: public/kbn_shim.ts is the only runtime importer.
    external: ['@kbn/*'],
    // @elastic/charts pulls in moment-timezone's full tz history (~725 kB); ten years of it is enough here.
    alias: { 'moment-timezone': 'moment-timezone/builds/moment-timezone-with-data-10-year-range.js' },
    logLevel: 'silent',
    plugins: [refractorLite],
  });
  const meta = result.metafile!;
  const entryOut = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === ENTRY)![0];
  const split = splitSizes(meta, relative(REPO_ROOT, tmp), entryOut);
  const css = Object.keys(meta.outputs)
    .filter((f) => f.endsWith('.css'))
    .map((f) => relative(relative(REPO_ROOT, tmp), f));
  const info: BundleInfo = {
    dir,
    entry: relative(relative(REPO_ROOT, tmp), entryOut),
    css,
    ...split,
    cached: false,
    buildMs: Date.now() - t0,
  };
  writeFileSync(join(tmp, 'bundle-info.json'), JSON.stringify(info, null, 2));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(cacheRoot, { recursive: true });
  const { renameSync } = await import('fs');
  renameSync(tmp, dir);
  // keep only the current build
  for (const name of readdirSync(cacheRoot)) if (name !== key) rmSync(join(cacheRoot, name), { recursive: true, force: true });
  return { ...info, dir };
}
