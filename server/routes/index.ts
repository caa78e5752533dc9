// Internal HTTP API of the investigation panel. Called from server/plugin.ts in setup().
import type { IRouter, KibanaRequest, Logger } from '@kbn/core/server';
import type { AlertsReader } from '../investigation/alerts_reader';
import { registerAlertsRoute } from './alerts';
import { registerInvestigationRoute } from './investigation';

/** The rule registry's alerts client for a request (Kibana's alerts authorization and space filter). */
export type GetAlertsReader = (request: KibanaRequest) => Promise<AlertsReader>;

export function registerRoutes(router: IRouter, logger: Logger, getAlertsReader: GetAlertsReader): void {
  registerAlertsRoute(router, logger, getAlertsReader);
  registerInvestigationRoute(router, logger, getAlertsReader);
}
