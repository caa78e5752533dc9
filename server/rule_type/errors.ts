// Turns Elasticsearch client errors into one clear message and a user/system verdict.
// User errors are things the rule owner can fix (index patterns, mappings, privileges, settings);
// system errors are the cluster's or ours (timeouts, unavailable nodes, a query the parser rejects).
// Matched by error `name` and response body, so it works with @elastic/elasticsearch and Kibana's client alike.

export type CorrelationErrorKind =
  | 'missing_index'
  | 'missing_field'
  | 'field_conflict'
  | 'invalid_settings'
  | 'bad_query'
  | 'unauthorized'
  | 'timeout'
  | 'aborted'
  | 'unavailable'
  | 'unexpected';

const USER_KINDS: ReadonlySet<CorrelationErrorKind> = new Set(['missing_index', 'missing_field', 'field_conflict', 'invalid_settings', 'unauthorized']);

export class CorrelationError extends Error {
  readonly kind: CorrelationErrorKind;
  readonly userError: boolean;
  /** Which request failed, e.g. "network alert query". */
  readonly step: string;
  constructor(kind: CorrelationErrorKind, step: string, message: string, options?: { cause?: unknown }) {
    super(`${step}: ${message}`);
    this.name = 'CorrelationError';
    this.kind = kind;
    this.step = step;
    this.userError = USER_KINDS.has(kind);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

interface EsErrorBody {
  error?: { type?: string; reason?: string; root_cause?: Array<{ type?: string; reason?: string }>; caused_by?: { type?: string; reason?: string } };
  status?: number;
}

function errorBody(err: unknown): EsErrorBody | undefined {
  const e = err as { body?: unknown; meta?: { body?: unknown } };
  const body = e?.meta?.body ?? e?.body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as EsErrorBody;
    } catch {
      return { error: { reason: body } };
    }
  }
  return body && typeof body === 'object' ? (body as EsErrorBody) : undefined;
}

const firstLine = (s: string) => s.split('\n').filter((l) => l.trim() && !/^Found \d+ problems?$/.test(l.trim()))[0] ?? s;
const clip = (s: string, n = 400) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Already classified errors pass through; everything else is classified here. */
export function classifyEsError(err: unknown, step: string): CorrelationError {
  if (err instanceof CorrelationError) return err;
  const e = (err ?? {}) as { name?: string; message?: string; statusCode?: number; meta?: { statusCode?: number } };
  const name = e.name ?? '';
  const message = typeof e.message === 'string' ? e.message : String(err);

  if (name === 'RequestAbortedError' || name === 'AbortError') {
    return new CorrelationError('aborted', step, 'cancelled before Elasticsearch answered (the rule run was stopped or exceeded its timeout)', { cause: err });
  }
  if (name === 'TimeoutError') {
    return new CorrelationError('timeout', step, `Elasticsearch did not answer in time (${clip(message, 200)}); a shorter look-back or narrower index patterns reduce the work`, { cause: err });
  }
  if (name === 'ConnectionError' || name === 'NoLivingConnectionsError') {
    return new CorrelationError('unavailable', step, `Elasticsearch is unreachable (${clip(message, 200)})`, { cause: err });
  }

  const status = e.statusCode ?? e.meta?.statusCode;
  const body = errorBody(err);
  const type = body?.error?.root_cause?.[0]?.type ?? body?.error?.type ?? '';
  const reason = firstLine(body?.error?.root_cause?.[0]?.reason ?? body?.error?.reason ?? body?.error?.caused_by?.reason ?? message);

  if (status !== undefined || body) {
    if (type === 'index_not_found_exception' || /Unknown index \[/.test(reason) || /no such index/.test(reason)) {
      return new CorrelationError('missing_index', step, `no index matches the configured index patterns (${clip(reason)})`, { cause: err });
    }
    if (/Unknown column \[/.test(reason)) {
      return new CorrelationError('missing_field', step, `a field the rule needs is not mapped in the matched indices (${clip(reason)})`, { cause: err });
    }
    if (/ambiguities|incompatible types|unsupported type/i.test(reason)) {
      return new CorrelationError('field_conflict', step, `a field has conflicting mappings across the matched indices (${clip(reason)})`, { cause: err });
    }
    if (status === 401 || status === 403 || type === 'security_exception') {
      return new CorrelationError('unauthorized', step, `the rule's API key may not read these indices (${clip(reason)})`, { cause: err });
    }
    if (status === 408 || status === 504 || type === 'timeout_exception') {
      return new CorrelationError('timeout', step, `Elasticsearch timed out (${clip(reason)}); a shorter look-back or narrower index patterns reduce the work`, { cause: err });
    }
    if (status === 429 || type === 'circuit_breaking_exception' || type === 'es_rejected_execution_exception') {
      return new CorrelationError('unavailable', step, `Elasticsearch rejected the request under load (${clip(reason)})`, { cause: err });
    }
    if (type === 'verification_exception') {
      // The query text is fixed; a verification failure comes from the mappings of the user's indices.
      return new CorrelationError('field_conflict', step, `ES|QL could not use the matched indices' mappings (${clip(reason)})`, { cause: err });
    }
    if (status === 400) {
      return new CorrelationError('bad_query', step, `ES|QL rejected the request (${type || 'HTTP 400'}: ${clip(reason)})`, { cause: err });
    }
    if (status !== undefined && status >= 500) {
      return new CorrelationError('unavailable', step, `Elasticsearch failed with HTTP ${status} (${clip(reason)})`, { cause: err });
    }
  }
  return new CorrelationError('unexpected', step, `unexpected error: ${clip(message)}`, { cause: err });
}
