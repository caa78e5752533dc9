// First-start seeding: generate the sample data into the data directory and load it into the cluster with
// progress on the console. Resumable: the chosen range is recorded before generating, and an interrupted load
// (embedded engine) is redone from scratch. On a real cluster (ES_URL) that already holds sign-in data, the
// host does not seed at all.
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Client } from '@elastic/elasticsearch';
import { DEFAULTS, generateSampleData, type Manifest } from '../sample_data/generate';
import { writeSampleData } from '../sample_data/write';
import { loadDataFolder } from '../sample_data/load';
import { INDEX } from '../sample_data/indices';
import type { RuleStore } from './kibana/alerting/rule_store';

export interface SampleOptions {
  seed?: number;
  users?: number;
  days?: number;
  /** end of the generated range; default: the current hour (UTC) */
  end?: string;
}

export interface SeedState {
  done: boolean;
  /** false when the cluster already had data (nothing was loaded) */
  loaded: boolean;
  start: string;
  end: string;
  users: number;
  days: number;
  seed: number;
  documents?: number;
  manifest?: string;
}

export const SEED_META = 'seed';

export async function seedIfNeeded(o: {
  client: Client;
  store: RuleStore;
  dataDir: string;
  external: boolean;
  sample?: SampleOptions;
  progress: (msg: string) => void;
}): Promise<SeedState> {
  const prev = o.store.getMeta<SeedState>(SEED_META);
  if (prev?.done) return prev;

  if (o.external) {
    const existing = await o.client.count({ index: 'logs-azure.signinlogs-*', allow_no_indices: true, ignore_unavailable: true }).catch(() => ({ count: 0 }));
    if (existing.count > 0) {
      const state: SeedState = { done: true, loaded: false, start: '', end: '', users: 0, days: 0, seed: 0 };
      o.progress(`cluster already has ${existing.count} sign-in documents: not loading the sample data`);
      o.store.setMeta(SEED_META, state);
      return state;
    }
  }

  const days = o.sample?.days ?? DEFAULTS.days;
  const end = prev?.end ?? o.sample?.end ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
  const state: SeedState = {
    done: false,
    loaded: true,
    seed: o.sample?.seed ?? DEFAULTS.seed,
    users: o.sample?.users ?? DEFAULTS.users,
    days,
    end,
    start: new Date(Date.parse(end) - days * 86_400_000).toISOString(),
  };
  o.store.setMeta(SEED_META, state);

  const dir = join(o.dataDir, 'sample');
  let t = Date.now();
  o.progress(`generating sample data (${state.users} users, ${days} days, seed ${state.seed}) into ${dir}`);
  const data = generateSampleData({ seed: state.seed, users: state.users, days, end });
  await writeSampleData(dir, data);
  const total = Object.values(data.manifest.indices).reduce((a, b) => a + b, 0);
  o.progress(`generated ${total} documents in ${Date.now() - t} ms (${data.manifest.stories.length} planted stories)`);

  if (prev && !o.external) {
    // an earlier start stopped mid-load: start the sample indices over
    for (const index of Object.values(INDEX)) await o.client.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
  }
  t = Date.now();
  let lastPct = -1;
  const res = await loadDataFolder(dir, {
    client: o.client,
    onProgress: (p) => {
      if (p.phase !== 'bulk' || !p.total) return;
      const pct = Math.floor((p.loaded / p.total) * 10) * 10;
      if (pct !== lastPct) {
        lastPct = pct;
        o.progress(`loading sample data: ${pct}% (${p.loaded}/${p.total} documents, ${p.index})`);
      }
    },
  });
  o.progress(`loaded ${res.total} documents into ${Object.keys(res.indices).length} indices in ${Date.now() - t} ms`);
  const done: SeedState = { ...state, done: true, documents: res.total, manifest: join(dir, 'manifest.json') };
  o.store.setMeta(SEED_META, done);
  return done;
}

export function readManifest(seed: SeedState): Manifest | null {
  if (!seed.manifest || !existsSync(seed.manifest)) return null;
  return JSON.parse(readFileSync(seed.manifest, 'utf8')) as Manifest;
}
