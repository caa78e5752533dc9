// Kibana's browser `core.http` (HttpSetup) for the host page: same call shape, and the headers Kibana's client
// sends (`kbn-version`, `x-elastic-internal-origin`, `elastic-api-version` for versioned routes). Errors are
// thrown like Kibana's HttpFetchError, with the parsed response `body`.
import type { HttpFetchOptions, HttpSetup } from '@kbn/core/public';

/** The server's version, from the page (Kibana's client sends it as `kbn-version`; a mismatch is a 400). */
export const HOST_KIBANA_VERSION = (typeof document !== 'undefined' && document.body?.dataset.kbnVersion) || '9.5.0';

/** Kibana's basePath in a space: `/s/<space>` when the page was opened under it (the client prefixes every request). */
export const BASE_PATH = typeof window !== 'undefined' ? /^\/s\/[a-z0-9_-]+(?=\/)/.exec(window.location.pathname)?.[0] ?? '' : '';

export class HttpFetchError extends Error {
  constructor(message: string, public readonly request: Request, public readonly response?: Response, public readonly body?: any) {
    super(message);
    this.name = 'HttpFetchError';
  }
}

function buildUrl(path: string, query?: HttpFetchOptions['query']) {
  const url = new URL(path.startsWith('/') && !path.startsWith(`${BASE_PATH}/`) ? `${BASE_PATH}${path}` : path, window.location.origin);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, String(x));
    else url.searchParams.set(k, String(v));
  }
  return url.toString();
}

export function createHttpClient(extraHeaders: () => Record<string, string> = () => ({})): HttpSetup {
  const fetchImpl = async (path: string, options: HttpFetchOptions = {}) => {
    const { query, version, headers, asResponse, body, method, signal } = options;
    const request = new Request(buildUrl(path, query), {
      method: method ?? 'GET',
      body: body ?? undefined,
      signal: signal ?? undefined,
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        'kbn-version': HOST_KIBANA_VERSION,
        'x-elastic-internal-origin': 'Kibana',
        ...(version ? { 'elastic-api-version': version } : {}),
        ...extraHeaders(),
        ...(headers ?? {}),
      },
    });
    const response = await fetch(request);
    const type = response.headers.get('content-type') ?? '';
    const text = response.status === 204 ? '' : await response.text();
    let parsed: any = text;
    if (type.includes('json') && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!response.ok) {
      const message = (parsed && typeof parsed === 'object' && typeof parsed.message === 'string' ? parsed.message : response.statusText) || `HTTP ${response.status}`;
      throw new HttpFetchError(message, request, response, parsed);
    }
    return asResponse ? { fetchOptions: options, request, response, body: parsed } : parsed;
  };
  const method = (m: string) => (path: string, options: HttpFetchOptions = {}) => fetchImpl(path, { ...options, method: m });
  return {
    basePath: {
      get: () => BASE_PATH,
      prepend: (u: string) => (u.startsWith('/') ? `${BASE_PATH}${u}` : u),
      remove: (u: string) => (BASE_PATH && u.startsWith(BASE_PATH) ? u.slice(BASE_PATH.length) || '/' : u),
      serverBasePath: '',
    },
    fetch: fetchImpl as HttpSetup['fetch'],
    get: method('GET') as HttpSetup['get'],
    post: method('POST') as HttpSetup['post'],
    put: method('PUT') as HttpSetup['put'],
    delete: method('DELETE') as HttpSetup['delete'],
  };
}
