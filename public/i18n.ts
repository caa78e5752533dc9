// The one i18n module of the UI. Under Kibana the plugin installs `@kbn/i18n`'s translate (through
// kbn_shim.ts); standalone, messages are their default text with `{name}` values substituted.
export type PrimitiveType = string | number | boolean | null | undefined | Date;
export interface TranslateArguments {
  defaultMessage: string;
  values?: Record<string, PrimitiveType>;
  description?: string;
}
type Translate = (id: string, args: TranslateArguments) => string;

const standaloneTranslate: Translate = (_id, { defaultMessage, values }) =>
  values ? defaultMessage.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m)) : defaultMessage;

let impl: Translate = standaloneTranslate;

/** Same call shape as Kibana's `i18n` from `@kbn/i18n`. */
export const i18n = {
  translate: (id: string, args: TranslateArguments): string => impl(id, args),
};

/** Kibana plugin setup passes `@kbn/i18n`'s translate here. */
export function setTranslateImplementation(translate: Translate | null) {
  impl = translate ?? standaloneTranslate;
}

/** Short form used across the UI: ids are namespaced under the plugin id. */
export const tr = (id: string, defaultMessage: string, values?: Record<string, PrimitiveType>) =>
  i18n.translate(`cloudIdentityCompromise.${id}`, { defaultMessage, values });
