// Editor validation from the same io-ts codec the server uses (common/params.ts), as per-field messages.
import { decodeRuleParams, ruleParamsProps } from '../../common/params';
import { tr } from '../i18n';

export type ParamKey = keyof typeof ruleParamsProps;
export const PARAM_KEYS = Object.keys(ruleParamsProps) as ParamKey[];

export interface FieldError {
  /** dotted path inside the param, e.g. `severityThresholds.highRiskyOperations` or `allowlistCidrs.2` */
  path: string;
  message: string;
}

const EXPECT_RE = /^Expecting (.+) at ([\w.]+) but instead got: (.*)$/s;

/** io-ts-reporters text → a short message and the field path it is about. */
export function toFieldError(raw: string): FieldError {
  const m = EXPECT_RE.exec(raw);
  if (m) {
    const [, expected, path, gotText] = m;
    // A codec that knows why a value is wrong (e.g. an allowlist CIDR) adds the reason in parentheses; values are
    // JSON (strings end with a quote), so a trailing "(…)" is always the reason.
    const why = / \(([^()]*)\)$/.exec(gotText);
    const got = why ? gotText.slice(0, why.index) : gotText;
    const item = /\.(\d+)$/.exec(path);
    const value = got.length > 80 ? `${got.slice(0, 77)}…` : got;
    if (why) {
      return {
        path,
        message: item
          ? tr('validate.itemReason', 'Item {n}: {value}: {reason}', { n: Number(item[1]) + 1, value, reason: why[1] })
          : tr('validate.valueReason', '{value}: {reason}', { value, reason: why[1] }),
      };
    }
    return {
      path,
      message: item
        ? tr('validate.item', 'Item {n}: expected {expected}, got {value}', { n: Number(item[1]) + 1, expected, value })
        : tr('validate.value', 'Expected {expected}, got {value}', { expected, value }),
    };
  }
  const unknown = /^unknown setting \[(.+)\]$/.exec(raw);
  if (unknown) return { path: unknown[1], message: tr('validate.unknown', 'Unknown setting') };
  const path = /^([\w.]+) /.exec(raw)?.[1] ?? '';
  return { path, message: raw };
}

/** `RuleTypeModel.validate`: `{ errors: { [param]: string[] } }`, every key present (Kibana's flyout contract). */
export function validateParams(params: unknown): { errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = Object.fromEntries(PARAM_KEYS.map((k) => [k, [] as string[]]));
  const res = decodeRuleParams(params ?? {});
  if (!res.ok) {
    for (const raw of res.errors) {
      const fe = toFieldError(raw);
      const key = fe.path.split('.')[0];
      (errors[key] ??= []).push(fe.path.includes('.') && !/\.\d+$/.test(fe.path) ? `${fe.path.split('.').slice(1).join('.')}: ${fe.message}` : fe.message);
    }
  }
  return { errors };
}

export const hasErrors = (errors: Record<string, unknown>) =>
  Object.values(errors).some((v) => (Array.isArray(v) ? v.length > 0 : !!v));
