// GET /internal/cloudIdentityCompromise/alerts: the rule's alerts, filtered and paged.
import type { IRouter, Logger } from '@kbn/core/server';
import { decodeAlertsListQuery } from '../../common/api';
import { ALERTS_API_PATH, API_PRIVILEGE_READ, API_VERSION } from '../../common/constants';
import { listAlerts } from '../investigation/list_alerts';
import { errorResponse } from './errors';
import { fromDecoder } from './validation';

export function registerAlertsRoute(router: IRouter, logger: Logger) {
  router.versioned
    .get({
      path: ALERTS_API_PATH,
      access: 'internal',
      summary: 'List cloud identity compromise alerts',
      security: { authz: { requiredPrivileges: [API_PRIVILEGE_READ] } },
    })
    .addVersion({ version: API_VERSION, validate: { request: { query: fromDecoder(decodeAlertsListQuery) } } }, async (context, request, response) => {
      try {
        // as the current user: index privileges and space isolation of the alerts index hold
        const es = (await context.core).elasticsearch.client.asCurrentUser;
        return response.ok({ body: await listAlerts(es, request.query) });
      } catch (e) {
        return errorResponse(e, response, logger);
      }
    });
}
