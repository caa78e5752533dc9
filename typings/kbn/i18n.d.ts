// Subset of `@kbn/i18n` used by this plugin. Matched against Kibana 9.2 (elastic/kibana main, 2026):
// src/platform/packages/shared/kbn-i18n/src/core/{i18n.ts,types.ts}. Inside a Kibana checkout the real package resolves instead.
export type PrimitiveType = string | number | boolean | null | undefined | Date;
export interface TranslateArguments {
  defaultMessage: string;
  values?: Record<string, PrimitiveType>;
  description?: string;
  ignoreTag?: boolean;
}
export declare const i18n: {
  translate(id: string, args: TranslateArguments): string;
  getLocale(): string;
};
