// Pushes a data folder into Elasticsearch (the embedded engine or a real cluster) through the official
// client: create each index with its mapping, bulk the documents in chunks, refresh. The standalone host
// calls `loadDataFolder` on first start and shows `onProgress` reports.
import type { Client } from '@elastic/elasticsearch';
import type { Doc } from './builders/common';
import { readDataFolder, type FolderIndex, type ReadOptions } from './folder';

export interface LoadProgress {
  phase: 'read' | 'create' | 'bulk' | 'refresh' | 'done';
  index?: string;
  /** documents written so far (all indices) */
  loaded: number;
  total: number;
}

export interface LoadOptions {
  client: Client;
  onProgress?: (p: LoadProgress) => void;
  /** documents per bulk request */
  chunkSize?: number;
  /** what to do when an index (or alias / data stream) already exists: append (default) or fail */
  ifExists?: 'append' | 'error';
}

export interface LoadResult {
  indices: Record<string, number>;
  total: number;
  ms: number;
}

type EsErrorLike = { meta?: { body?: { error?: { type?: string; reason?: string } } }; message?: string };
const errType = (e: unknown) => (e as EsErrorLike).meta?.body?.error?.type ?? '';
const errReason = (e: unknown) => (e as EsErrorLike).meta?.body?.error?.reason ?? (e as Error).message;

async function createIndex(client: Client, idx: FolderIndex, ifExists: 'append' | 'error') {
  try {
    await client.indices.create({ index: idx.name, mappings: idx.mapping.mappings as never });
  } catch (e) {
    const type = errType(e);
    const reason = errReason(e);
    if (type === 'resource_already_exists_exception' || /already exists/.test(reason)) {
      if (ifExists === 'error') throw new Error(`index [${idx.name}] already exists`);
      return;
    }
    // Real clusters: `logs-*-*` names belong to data stream templates (Fleet / the built-in `logs` template);
    // the first bulk `create` makes the data stream with the template's mappings.
    if (/data stream/i.test(reason)) return;
    throw new Error(`creating index [${idx.name}] failed: ${type ? `${type}: ` : ''}${reason}`);
  }
}

/** Loads already-read folder indices. */
export async function loadIndices(indices: FolderIndex[], options: LoadOptions): Promise<LoadResult> {
  const t0 = Date.now();
  const { client, onProgress } = options;
  const chunk = options.chunkSize ?? 2000;
  const total = indices.reduce((s, i) => s + i.docs.length, 0);
  let loaded = 0;
  const result: Record<string, number> = {};
  for (const idx of indices) {
    onProgress?.({ phase: 'create', index: idx.name, loaded, total });
    await createIndex(client, idx, options.ifExists ?? 'append');
    for (let i = 0; i < idx.docs.length; i += chunk) {
      const part = idx.docs.slice(i, i + chunk);
      const operations: Array<Record<string, unknown> | Doc> = [];
      for (const d of part) operations.push({ create: { _index: idx.name } }, d);
      const res = await client.bulk({ operations, refresh: false });
      if (res.errors) {
        const k = res.items.findIndex((it) => Object.values(it)[0]?.error);
        const item = Object.values(res.items[k])[0];
        const err = item?.error;
        throw new Error(`${idx.file}:${idx.lines[i + k]}: bulk indexing into [${idx.name}] failed: ${err?.type}: ${err?.reason}`);
      }
      loaded += part.length;
      onProgress?.({ phase: 'bulk', index: idx.name, loaded, total });
    }
    result[idx.name] = idx.docs.length;
  }
  onProgress?.({ phase: 'refresh', loaded, total });
  if (indices.length) await client.indices.refresh({ index: indices.map((i) => i.name).join(','), allow_no_indices: true, ignore_unavailable: true });
  onProgress?.({ phase: 'done', loaded, total });
  return { indices: result, total, ms: Date.now() - t0 };
}

/** Reads `dir` (`<index>.ndjson` + `<index>.mapping.json`) and loads it. */
export async function loadDataFolder(dir: string, options: LoadOptions & { read?: ReadOptions }): Promise<LoadResult> {
  options.onProgress?.({ phase: 'read', loaded: 0, total: 0 });
  const indices = await readDataFolder(dir, options.read);
  return loadIndices(indices, options);
}
