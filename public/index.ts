// Kibana browser plugin entry.
import type { PluginInitializerContext } from '@kbn/core/public';
import { CloudIdentityCompromisePlugin } from './plugin';

export const plugin = (ctx: PluginInitializerContext) => new CloudIdentityCompromisePlugin(ctx);
