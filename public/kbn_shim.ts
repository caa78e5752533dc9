// The only module with runtime `@kbn/*` imports (Kibana build only; the standalone bundle never loads it).
import { i18n as kbnI18n } from '@kbn/i18n';

export const kibanaTranslate = (id: string, args: { defaultMessage: string; values?: Record<string, any>; description?: string }) => kbnI18n.translate(id, args);
