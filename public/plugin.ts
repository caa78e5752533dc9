// Kibana browser plugin: the investigation app (lazy-mounted, deep links /app/cloudIdentityCompromise/alerts/<id>)
// and the rule type's editor model.
import type { AppMountParameters, CoreSetup, CoreStart, Plugin, PluginInitializerContext } from '@kbn/core/public';
import type { TriggersAndActionsUIPublicPluginSetup } from '@kbn/triggers-actions-ui-plugin/public';
import { PLUGIN_ID, PLUGIN_NAME } from '../common/constants';
import { setTranslateImplementation, tr } from './i18n';
import { kibanaTranslate } from './kbn_shim';
import { getRuleTypeModel } from './rule_type';

export interface SetupDeps {
  triggersActionsUi: TriggersAndActionsUIPublicPluginSetup;
}
export type StartDeps = object;

export class CloudIdentityCompromisePlugin implements Plugin<void, void, SetupDeps, StartDeps> {
  constructor(_ctx: PluginInitializerContext) {}

  setup(core: CoreSetup<StartDeps>, { triggersActionsUi }: SetupDeps): void {
    // Kibana's translations replace the standalone default-message implementation.
    setTranslateImplementation(kibanaTranslate);

    core.application.register({
      id: PLUGIN_ID,
      title: PLUGIN_NAME,
      euiIconType: 'securityAnalyticsApp',
      // same value as Kibana's DEFAULT_APP_CATEGORIES.security (a runtime @kbn import is not allowed here)
      category: { id: 'securitySolution', label: tr('app.category', 'Security'), order: 3000, euiIconType: 'logoSecurity' },
      visibleIn: ['globalSearch', 'sideNav'],
      deepLinks: [
        { id: 'alerts', title: tr('app.deepLinkAlerts', 'Alerts'), path: '/' },
        // other apps link to `/investigate?user=&ip=&from=&to=` (navigateToApp with this path)
        { id: 'investigate', title: tr('app.deepLinkInvestigate', 'Investigate a user or IP'), path: '/investigate' },
      ],
      mount: async (params: AppMountParameters) => {
        // the app code is a separate chunk: nothing of it is in the page-load bundle
        const [[coreStart], { renderApp }] = await Promise.all([core.getStartServices(), import('./application')]);
        return renderApp({
          element: params.element,
          http: coreStart.http,
          history: params.history,
          theme: coreStart.theme.getTheme(),
          theme$: coreStart.theme.theme$,
          wrap: (node) => coreStart.rendering.addContext(node),
        });
      },
    });

    triggersActionsUi.ruleTypeRegistry.register(getRuleTypeModel());
  }

  start(_core: CoreStart): void {}
  stop() {}
}
