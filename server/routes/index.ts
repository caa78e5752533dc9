// Internal HTTP API of the investigation panel. Called from server/plugin.ts in setup().
import type { IRouter, Logger } from '@kbn/core/server';
import { registerAlertsRoute } from './alerts';
import { registerInvestigationRoute } from './investigation';

export function registerRoutes(router: IRouter, logger: Logger): void {
  registerAlertsRoute(router, logger);
  registerInvestigationRoute(router, logger);
}
