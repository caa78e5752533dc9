// GET /internal/cloudIdentityCompromise/investigation: sign-ins, network alerts, M365 activity and
// threat-intel matches for an alert (alertId) or for user+ip within from..to.
import type { IRouter, Logger } from '@kbn/core/server';
import { decodeInvestigationQuery } from '../../common/api';
import { API_PRIVILEGE_READ, API_VERSION, INVESTIGATION_API_PATH } from '../../common/constants';
import { investigate } from '../investigation/investigate';
import { errorResponse } from './errors';
import { fromDecoder } from './validation';
import type { GetAlertsReader } from './index';

export function registerInvestigationRoute(router: IRouter, logger: Logger, getAlertsReader: GetAlertsReader) {
  router.versioned
    .get({
      path: INVESTIGATION_API_PATH,
      access: 'internal',
      summary: 'Investigate a cloud identity compromise alert',
      security: { authz: { requiredPrivileges: [API_PRIVILEGE_READ] } },
    })
    .addVersion({ version: API_VERSION, validate: { request: { query: fromDecoder(decodeInvestigationQuery) } } }, async (context, request, response) => {
      try {
        // source data as the current user; the alert itself through Kibana's alerts authorization
        const es = (await context.core).elasticsearch.client.asCurrentUser;
        return response.ok({ body: await investigate(es, await getAlertsReader(request), request.query) });
      } catch (e) {
        return errorResponse(e, response, logger);
      }
    });
}
