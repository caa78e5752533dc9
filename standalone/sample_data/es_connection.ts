// `ES_URL` (+ `ES_API_KEY` or `ES_USERNAME`/`ES_PASSWORD`) → an @elastic/elasticsearch client for a real cluster.
import { Client, type ClientOptions } from '@elastic/elasticsearch';

export function clientFromEnv(env: NodeJS.ProcessEnv = process.env): Client | null {
  const url = env.ES_URL;
  if (!url) return null;
  const opts: ClientOptions = { node: url, requestTimeout: 120_000 };
  if (env.ES_API_KEY) opts.auth = { apiKey: env.ES_API_KEY };
  else if (env.ES_USERNAME) opts.auth = { username: env.ES_USERNAME, password: env.ES_PASSWORD ?? '' };
  if (env.ES_CA_FINGERPRINT) opts.caFingerprint = env.ES_CA_FINGERPRINT;
  return new Client(opts);
}
