// Results kept by `POST /_query/async` with `keep_on_completion`: expire per `keep_alive` like Elasticsearch's
// async-results index (x-pack EsqlQueryRequest.DEFAULT_KEEP_ALIVE = 5d), and are capped so memory stays bounded.
import { EsError } from '../types';

export const DEFAULT_KEEP_ALIVE_MS = 5 * 24 * 3600 * 1000;
/** Memory bound for kept results (ES stores them in a system index; the embedded engine holds them in RAM). */
export const DEFAULT_MAX_KEPT_RESULTS = 1000;

interface Entry {
  value: Record<string, unknown>;
  expiresAt: number;
}

const UNITS: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** ES TimeValue.parseTimeValue for `keep_alive` ("5d", "1m", "500ms"; -1 / 0 are not valid keep-alives). */
export function parseKeepAlive(v: unknown, setting = 'keep_alive'): number {
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw new EsError(400, 'illegal_argument_exception', `failed to parse setting [${setting}] with value [${String(v)}] as a time value: unit is missing or unrecognized`);
  }
  const s = String(v).trim().toLowerCase();
  const m = /^(\d+(?:\.\d+)?)\s*(nanos|micros|ms|s|m|h|d)$/.exec(s);
  if (!m) {
    throw new EsError(400, 'illegal_argument_exception', `failed to parse setting [${setting}] with value [${String(v)}] as a time value: unit is missing or unrecognized`);
  }
  return Number(m[1]) * UNITS[m[2]];
}

export class AsyncResults {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly maxEntries = DEFAULT_MAX_KEPT_RESULTS, private readonly now: () => number = Date.now) {}

  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  set(id: string, value: Record<string, unknown>, keepAliveMs = DEFAULT_KEEP_ALIVE_MS): void {
    this.sweep();
    this.entries.set(id, { value, expiresAt: this.now() + keepAliveMs });
    // Over the cap: drop the oldest kept results first (Map iterates in insertion order).
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  /** The kept result, or undefined when unknown or expired (expired entries are evicted on access). */
  get(id: string, extendKeepAliveMs?: number): Record<string, unknown> | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    // GET with keep_alive extends the expiration (ES: AsyncResultsService updates expiration_time).
    if (extendKeepAliveMs !== undefined) e.expiresAt = Math.max(e.expiresAt, this.now() + extendKeepAliveMs);
    return e.value;
  }

  expirationTime(id: string): number | undefined {
    return this.entries.get(id)?.expiresAt;
  }

  delete(id: string): boolean {
    const live = this.get(id) !== undefined;
    this.entries.delete(id);
    return live;
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, e] of this.entries) if (e.expiresAt <= t) this.entries.delete(id);
  }
}
