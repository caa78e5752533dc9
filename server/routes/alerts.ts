// GET /internal/cloudIdentityCompromise/alerts: the rule's alerts, filtered and paged.
import type { IRouter, Logger } from '@kbn/core/server';
import { decodeAlertsListQuery } from '../../common/api';
import { ALERTS_API_PATH, API_PRIVILEGE_READ, API_VERSION } from '../../common/constants';
import { listAlerts } from '../investigation/alerts_reader';
import type { GetAlertsReader } from './index';
import { errorResponse } from './errors';
import { fromDecoder } from './validation';

export function registerAlertsRoute(router: IRouter, logger: Logger, getAlertsReader: GetAlertsReader) {
  router.versioned
    .get({
      path: ALERTS_API_PATH,
      access: 'internal',
      summary: 'List cloud identity compromise alerts',
      security: { authz: { requiredPrivileges: [API_PRIVILEGE_READ] } },
    })
    .addVersion({ version: API_VERSION, validate: { request: { query: fromDecoder(decodeAlertsListQuery) } } }, async (context, request, response) => {
      try {
        // through Kibana's alerts authorization: the feature's alert privilege and the request's space
        return response.ok({ body: await listAlerts(await getAlertsReader(request), request.query) });
      } catch (e) {
        return errorResponse(e, response, logger);
      }
    });
}
