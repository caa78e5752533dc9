// Server entry point: Kibana calls the async initializer.
import type { PluginInitializerContext } from '@kbn/core/server';

export const plugin = async (ctx: PluginInitializerContext) => {
  const { CloudIdentityCompromisePlugin } = await import('./plugin');
  return new CloudIdentityCompromisePlugin(ctx);
};

export { runCorrelation } from './rule_type/correlate';
export type { CorrelationResult, CorrelatedAlert, RunCorrelationOptions } from './rule_type/correlate';
