// HTTP server speaking the subset of Elasticsearch's REST API the plugin and loaders use (node `http`).
import http from 'http';
import zlib from 'zlib';
import { AddressInfo } from 'net';
import { EsError } from '../types';
import { Store } from '../store';
import { Ctx, Handler, parseJson, Reply } from './context';
import { AsyncResults } from './async_results';
import * as ix from './routes_indices';
import * as docs from './routes_docs';
import * as srch from './routes_search';
import * as esql from './routes_esql';
import { stringifyExact } from '../store/exact_json';

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
interface Route {
  methods: Method[];
  segments: string[];
  handler: Handler;
}

const routes: Route[] = [];
function route(methods: Method[], pattern: string, handler: Handler): void {
  routes.push({ methods, segments: pattern.split('/').filter(Boolean), handler });
}

route(['GET', 'HEAD'], '/', ix.root);
route(['GET'], '/_cluster/health', ix.clusterHealth);
route(['GET'], '/_cluster/health/{index}', ix.clusterHealth);
route(['GET'], '/_cat/indices', ix.catIndices);
route(['GET'], '/_cat/indices/{index}', ix.catIndices);
route(['GET', 'POST'], '/_refresh', ix.refresh);
route(['GET', 'POST'], '/{index}/_refresh', ix.refresh);
route(['POST', 'PUT'], '/_bulk', docs.bulk);
route(['POST', 'PUT'], '/{index}/_bulk', docs.bulk);
route(['POST'], '/_query', esql.esqlQuery);
route(['POST'], '/_query/async', esql.esqlAsyncQuery);
route(['GET'], '/_query/async/{id}', esql.esqlAsyncGet);
route(['DELETE'], '/_query/async/{id}', esql.esqlAsyncDelete);
route(['GET', 'POST'], '/_count', srch.count);
route(['GET', 'POST'], '/{index}/_count', srch.count);
route(['GET', 'POST'], '/_search', srch.search);
route(['GET', 'POST'], '/{index}/_search', srch.search);
route(['POST'], '/{index}/_delete_by_query', srch.deleteByQuery);
route(['GET', 'POST'], '/_field_caps', srch.fieldCaps);
route(['GET', 'POST'], '/{index}/_field_caps', srch.fieldCaps);
route(['GET'], '/_mapping', ix.getMapping);
route(['GET'], '/{index}/_mapping', ix.getMapping);
route(['PUT', 'POST'], '/{index}/_mapping', ix.putMapping);
route(['GET', 'HEAD'], '/_alias', ix.getAlias);
route(['GET', 'HEAD'], '/_alias/{name}', ix.getAlias);
route(['GET', 'HEAD'], '/{index}/_alias', ix.getAlias);
route(['GET', 'HEAD'], '/{index}/_alias/{name}', ix.getAlias);
route(['PUT', 'POST'], '/{index}/_alias/{name}', ix.putAlias);
route(['PUT', 'POST'], '/{index}/_aliases/{name}', ix.putAlias);
route(['DELETE'], '/{index}/_alias/{name}', ix.deleteAlias);
route(['DELETE'], '/{index}/_aliases/{name}', ix.deleteAlias);
route(['POST'], '/_aliases', ix.updateAliases);
route(['POST'], '/{index}/_doc', docs.indexDoc);
route(['PUT', 'POST'], '/{index}/_doc/{id}', docs.indexDoc);
route(['GET', 'HEAD'], '/{index}/_doc/{id}', docs.getDoc);
route(['DELETE'], '/{index}/_doc/{id}', docs.deleteDoc);
route(['PUT', 'POST'], '/{index}/_create/{id}', docs.createDoc);
route(['POST'], '/{index}/_update/{id}', docs.updateDoc);
route(['GET'], '/{index}/_source/{id}', docs.getSource);
route(['PUT'], '/{index}', ix.createIndex);
route(['GET'], '/{index}', ix.getIndex);
route(['HEAD'], '/{index}', ix.indexExists);
route(['DELETE'], '/{index}', ix.deleteIndex);

function match(segments: string[]): { matched: Route[]; params: Record<string, string> }[] {
  const out: { matched: Route[]; params: Record<string, string> }[] = [];
  for (const r of routes) {
    if (r.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const p = r.segments[i];
      if (p.startsWith('{')) {
        // Path parameters never start with `_` (reserved for APIs), so `/_foo` is not an index.
        if (segments[i].startsWith('_') && segments[i] !== '_all' && p !== '{id}' && p !== '{name}') ok = false;
        else params[p.slice(1, -1)] = segments[i];
      } else if (p !== segments[i]) ok = false;
    }
    if (ok) out.push({ matched: [r], params });
  }
  return out;
}

function send(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): void {
  const headers: Record<string, string | string[]> = { 'X-elastic-product': 'Elasticsearch', ...(reply.headers ?? {}) };
  let payload = '';
  if (reply.raw !== undefined) {
    payload = reply.raw;
    headers['Content-Type'] = reply.contentType ?? 'text/plain; charset=UTF-8';
  } else if (reply.body !== undefined) {
    payload = stringifyExact(reply.body); // longs beyond 2^53 (BigInt) as their exact digits
    const accept = String(req.headers.accept ?? '');
    headers['Content-Type'] = accept.includes('vnd.elasticsearch+json')
      ? `application/vnd.elasticsearch+json;compatible-with=${/compatible-with=(\d+)/.exec(accept)?.[1] ?? '9'}`
      : 'application/json';
  }
  const buf = Buffer.from(payload);
  headers['Content-Length'] = String(buf.length);
  res.writeHead(reply.status, headers);
  res.end(req.method === 'HEAD' ? undefined : buf);
}

function errorReply(e: unknown): Reply {
  if (e instanceof EsError) return { status: e.status, body: e.toBody() };
  // Never leak stack traces: an unexpected failure is an ES-shaped 500 with the message only.
  const reason = e instanceof Error ? e.message : String(e);
  return { status: 500, body: new EsError(500, 'exception', reason).toBody() };
}

/** ES `http.max_content_length` default (HttpTransportSettings.SETTING_HTTP_MAX_CONTENT_LENGTH = 100mb). */
export const DEFAULT_MAX_CONTENT_LENGTH = 100 * 1024 * 1024;

/** Thrown while reading a body over the limit: answered like Netty4HttpContentSizeHandler.TOO_LARGE_CLOSE. */
class TooLarge extends Error {}

/**
 * Reads the body, refusing more than `max` bytes both on the wire and after gzip/deflate inflation
 * (ES decompresses before its content-size handler, so the limit applies to the inflated size; a zip bomb
 * stops at `max` bytes of output instead of filling memory).
 */
async function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? -1);
  if (declared > max) throw new TooLarge();
  // Event-based rather than for-await: leaving a for-await loop early destroys the request mid-body; here the
  // rest of an oversized body keeps flowing (and is dropped) so the 413 can still be written on the socket.
  const buf = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (c: Buffer) => {
      if (settled) return;
      size += c.length;
      if (size > max) {
        settled = true;
        reject(new TooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (!settled) {
        settled = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (e) => {
      if (!settled) {
        settled = true;
        reject(e);
      }
    });
  });
  const enc = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (enc !== 'gzip' && enc !== 'deflate' && enc !== 'x-gzip') return buf;
  try {
    // maxOutputLength makes zlib stop (ERR_BUFFER_TOO_LARGE) once the output would exceed the limit.
    return enc === 'deflate' ? zlib.inflateSync(buf, { maxOutputLength: max }) : zlib.gunzipSync(buf, { maxOutputLength: max });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLarge();
    throw new EsError(400, 'illegal_argument_exception', `Failed to decompress the request body (Content-Encoding [${enc}]): ${(e as Error).message}`);
  }
}

// RestController.isContentTypeDisallowed: the CORS-safelisted types a browser may send cross-origin without a
// preflight are refused outright (CSRF protection), whatever the handler.
const SAFELISTED_MEDIA_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
// XContentType JSON / VND_JSON header values (the only body format the embedded engine parses). application/smile,
// yaml and cbor are valid in ES but not implemented here, so they get the same 406 as an unknown type.
const JSON_MEDIA_TYPES = new Set(['application/json', 'application/x-ndjson', 'application/*']);
const VND_MEDIA_TYPES = new Set(['application/vnd.elasticsearch+json', 'application/vnd.elasticsearch+x-ndjson']);
const REST_API_MAJOR = 9;

/**
 * RestController.dispatchRequest: a request with a body needs a supported Content-Type, else 406
 * `{"error":"Content-Type header [..] is not supported","status":406}` (or "Content-Type header is missing").
 * Returns the reply to send instead of dispatching, or null when the request may proceed.
 */
function checkContentType(req: http.IncomingMessage, bodyLength: number): Reply | null {
  if (bodyLength === 0) return null;
  const header = req.headers['content-type'];
  if (header === undefined) return { status: 406, body: { error: 'Content-Type header is missing', status: 406 } };
  const notSupported: Reply = { status: 406, body: { error: `Content-Type header [${header}] is not supported`, status: 406 } };
  // ParsedMediaType.parseMediaType: `type/subtype` then `;name=value` parameters, case-insensitive.
  const [mediaType, ...params] = header.toLowerCase().split(';');
  const type = mediaType.trim();
  if (!/^[a-z0-9!#$%&'*+\-.^_`|~]+\/[a-z0-9!#$%&'*+\-.^_`|~]+$/.test(type)) {
    return { status: 400, body: new EsError(400, 'media_type_header_exception', 'Invalid media-type value on headers [Content-Type]', { caused_by: { type: 'illegal_argument_exception', reason: `invalid media-type [${header}]` } }).toBody() };
  }
  if (SAFELISTED_MEDIA_TYPES.has(type)) return notSupported;
  if (JSON_MEDIA_TYPES.has(type)) return null;
  if (!VND_MEDIA_TYPES.has(type)) return notSupported;
  const compat = params.map((p) => p.trim().split('=')).find(([k]) => k === 'compatible-with')?.[1];
  // The vendor types are registered with compatible-with=\d+ (MediaTypeRegistry validates the parameter).
  if (compat === undefined || !/^\d+$/.test(compat)) return notSupported;
  const v = Number(compat);
  if (v > REST_API_MAJOR || v < REST_API_MAJOR - 1) {
    // RestCompatibleVersionHelper: only the current and the previous major are accepted.
    const reason = `Content-Type version must be either version ${REST_API_MAJOR} or ${REST_API_MAJOR - 1}, but found ${v}. Content-Type=${header}`;
    return { status: 400, body: new EsError(400, 'status_exception', reason).toBody() };
  }
  return null;
}

export interface EsHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  /** ES `http.max_content_length` in bytes, on the wire and after inflation (default 100mb). */
  maxContentLength?: number;
  /** Cap on kept async ES|QL results (oldest dropped first). */
  maxAsyncResults?: number;
}

function sendTooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
  // Netty4HttpContentSizeHandler.TOO_LARGE_CLOSE: 413, empty body, Content-Length 0, Connection: close.
  // Keep draining (and discarding) what the client still sends so it can read the answer, then close.
  req.resume();
  if (res.headersSent || res.destroyed) return;
  res.shouldKeepAlive = false;
  res.writeHead(413, { 'Content-Length': '0', Connection: 'close' });
  res.end();
  const t = setTimeout(() => req.socket.destroy(), 2000);
  t.unref();
  req.socket.once('close', () => clearTimeout(t));
}

export async function startHttpServer(store: Store, port = 0, opts: HttpServerOptions = {}): Promise<EsHttpServer> {
  const asyncResults = new AsyncResults(opts.maxAsyncResults);
  const maxContentLength = opts.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
  const server = http.createServer((req, res) => {
    void (async () => {
      let reply: Reply;
      try {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const method = (req.method ?? 'GET').toUpperCase();
        const segments = url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
        const candidates = match(segments);
        const hit = candidates.find((c) => c.matched[0].methods.includes(method as Method));
        let rawBody: Buffer;
        try {
          rawBody = await readBody(req, maxContentLength);
        } catch (e) {
          if (e instanceof TooLarge) return sendTooLarge(req, res);
          throw e;
        }
        const refused = hit ? checkContentType(req, rawBody.length) : null;
        if (refused) {
          reply = refused;
        } else if (!hit) {
          if (candidates.length) {
            const allowed = [...new Set(candidates.flatMap((c) => c.matched[0].methods))].sort();
            reply = { status: 405, body: { error: `Incorrect HTTP method for uri [${req.url}] and method [${method}], allowed: [${allowed.join(', ')}]`, status: 405 } };
          } else {
            reply = { status: 400, body: { error: `no handler found for uri [${req.url}] and method [${method}]`, status: 400 } };
          }
        } else {
          let parsed: { v: unknown } | null = null;
          const ctx: Ctx = {
            store,
            method,
            path: url.pathname,
            params: hit.params,
            query: url.searchParams,
            rawBody,
            asyncResults,
            json() {
              if (!parsed) {
                const text = rawBody.toString('utf8');
                parsed = { v: text.trim() === '' ? undefined : parseJson(text) };
              }
              return parsed.v;
            },
          };
          reply = await hit.matched[0].handler(ctx);
        }
      } catch (e) {
        reply = errorReply(e);
      }
      try {
        send(req, res, reply);
      } catch (e) {
        // A reply that cannot be serialised gets an error reply; if even that fails (headers already out,
        // socket gone), drop the connection rather than leave an unhandled rejection in the host process.
        try {
          if (!res.headersSent) send(req, res, errorReply(e));
          else res.destroy();
        } catch {
          res.destroy();
        }
      }
    })();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
