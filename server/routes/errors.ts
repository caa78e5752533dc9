// Maps failures to HTTP responses: our own validation/not-found errors, and Elasticsearch errors whose
// status (403 missing privileges, 404 missing index/resource) must reach the browser unchanged.
import type { IKibanaResponse, KibanaResponseFactory, Logger } from '@kbn/core/server';
import { BadRequestError, NotFoundError } from '../investigation/investigate';

/** Elasticsearch client errors carry statusCode / meta.statusCode; Boom errors (the rule registry's alerts client) output.statusCode. */
const esStatus = (e: unknown): number | undefined => {
  const x = e as { statusCode?: unknown; meta?: { statusCode?: unknown }; isBoom?: boolean; output?: { statusCode?: unknown } };
  const s = x?.isBoom ? x.output?.statusCode : x?.statusCode ?? x?.meta?.statusCode;
  return typeof s === 'number' ? s : undefined;
};

/** The Elasticsearch reason (root cause) when there is one, else the error message. */
export const esReason = (e: unknown): string => {
  const body = (e as { body?: any; meta?: { body?: any } })?.body ?? (e as { meta?: { body?: any } })?.meta?.body;
  const reason = body?.error?.root_cause?.[0]?.reason ?? body?.error?.reason;
  return typeof reason === 'string' ? reason : (e as Error)?.message ?? String(e);
};

export function errorResponse(e: unknown, response: KibanaResponseFactory, logger: Logger): IKibanaResponse {
  if (e instanceof NotFoundError) return response.notFound({ body: { message: e.message } });
  if (e instanceof BadRequestError) return response.badRequest({ body: { message: e.message } });
  const status = esStatus(e);
  if (status === 403) return response.forbidden({ body: { message: esReason(e) } });
  if (status === 404) return response.notFound({ body: { message: esReason(e) } });
  if (status === 401) return response.unauthorized({ body: { message: esReason(e) } });
  if (status === 400) return response.badRequest({ body: { message: `Elasticsearch rejected the query: ${esReason(e)}` } });
  logger.error(`cloudIdentityCompromise route failed: ${(e as Error)?.message ?? e}`);
  return response.customError({ statusCode: status && status >= 400 && status < 600 ? status : 500, body: { message: esReason(e) } });
}
