// Test Elasticsearch: a fresh in-memory embedded engine on a random port, or the cluster at ES_URL
// (auth from ES_API_KEY or ES_USERNAME/ES_PASSWORD) when set.
import { Client, ClientOptions } from '@elastic/elasticsearch';
import { startEngine } from '../../standalone/esql';

export interface TestEs {
  client: Client;
  url: string;
  /** True when running against the embedded engine (not a real cluster). */
  embedded: boolean;
  close(): Promise<void>;
}

export async function getTestEs(): Promise<TestEs> {
  const external = process.env.ES_URL;
  if (external) {
    const opts: ClientOptions = { node: external };
    if (process.env.ES_API_KEY) opts.auth = { apiKey: process.env.ES_API_KEY };
    else if (process.env.ES_USERNAME) opts.auth = { username: process.env.ES_USERNAME, password: process.env.ES_PASSWORD ?? '' };
    if (external.startsWith('https:') && process.env.ES_TLS_INSECURE === 'true') opts.tls = { rejectUnauthorized: false };
    const client = new Client(opts);
    return { client, url: external, embedded: false, close: () => client.close() };
  }
  const engine = await startEngine({ port: 0 });
  const client = new Client({ node: engine.url });
  return {
    client,
    url: engine.url,
    embedded: true,
    async close() {
      await client.close();
      await engine.close();
    },
  };
}
