// The rule executor and the embedded engine (tests may inject their own).
import { Client } from '@elastic/elasticsearch';
import { runCorrelation } from '../../server/rule_type/correlate';
import { startEngine } from '../esql';
import type { Correlate } from './replay';

export interface EngineHandle {
  url: string;
  close(): Promise<void>;
}
export type StartEngine = (o: { dataDir?: string; port?: number }) => Promise<EngineHandle>;

export const loadCorrelate = (): Correlate => runCorrelation as unknown as Correlate;
export const loadStartEngine = (): StartEngine => startEngine;

/** A client for the cluster when one is configured (ES_URL), else for a fresh embedded engine; `close` ends both. */
export async function connect(cluster: Client | null, startEngine: StartEngine = loadStartEngine()): Promise<{ client: Client; close: () => Promise<void> }> {
  if (cluster) return { client: cluster, close: () => cluster.close() };
  const engine = await startEngine({ port: 0 });
  const client = new Client({ node: engine.url, requestTimeout: 600_000 });
  return {
    client,
    close: async () => {
      await client.close();
      await engine.close();
    },
  };
}
