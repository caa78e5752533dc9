// The HTTP surface the app needs: Kibana's `core.http` satisfies it, and so does the standalone host's fetch wrapper.
import type { AlertsListQuery, AlertsListResponse, InvestigationResponse } from '../../common/api';
import { ALERTS_API_PATH, API_VERSION, INVESTIGATION_API_PATH } from '../../common/constants';

export type QueryValue = string | number | boolean | undefined;
export interface HttpLike {
  get<T = unknown>(path: string, options: { query?: Record<string, QueryValue>; version?: string; signal?: AbortSignal }): Promise<T>;
  /** Kibana's basePath; absent in the standalone host (served at the root). */
  basePath?: { prepend(path: string): string };
}

const clean = (q: Record<string, QueryValue>) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== ''));

export const fetchAlerts = (http: HttpLike, query: AlertsListQuery, signal?: AbortSignal) =>
  http.get<AlertsListResponse>(ALERTS_API_PATH, { query: clean(query as Record<string, QueryValue>), version: API_VERSION, signal });

/** By alert id, or by a user and/or IP over from..to (ISO). */
export const fetchInvestigation = (http: HttpLike, target: string | { user?: string; ip?: string; from: string; to: string }, signal?: AbortSignal) =>
  http.get<InvestigationResponse>(INVESTIGATION_API_PATH, {
    query: typeof target === 'string' ? { alertId: target } : clean({ user: target.user, ip: target.ip, from: target.from, to: target.to }),
    version: API_VERSION,
    signal,
  });

/** Kibana's http errors carry `body.message`; fetch wrappers usually a plain message. */
export function errorMessage(e: unknown): string {
  const x = e as { body?: { message?: unknown; statusCode?: unknown }; message?: unknown; status?: unknown };
  const msg = typeof x?.body?.message === 'string' ? x.body.message : typeof x?.message === 'string' ? x.message : String(e);
  const status = x?.body?.statusCode ?? x?.status;
  return typeof status === 'number' && !msg.includes(String(status)) ? `${msg} (HTTP ${status})` : msg;
}
