// Which of the rule's index patterns read an index name (Elasticsearch wildcard semantics: `*` matches any
// run of characters; `.`-prefixed (hidden) indices only match patterns that start with `.`).
import type { RuleParams } from '../../common/params';

export function patternMatches(pattern: string, index: string): boolean {
  const p = pattern.includes(':') ? pattern.slice(pattern.indexOf(':') + 1) : pattern;
  if (index.startsWith('.') && !p.startsWith('.')) return false;
  const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(index);
}

export function rulePatterns(params: RuleParams): string[] {
  return [...new Set([...params.signinIndexPatterns, ...params.networkAlertIndexPatterns, ...params.threatIntelIndexPatterns])];
}

/** null when some pattern of the rule reads `index`, else why not. */
export function unreadIndexReason(params: RuleParams, index: string): string | null {
  const patterns = rulePatterns(params);
  return patterns.some((p) => patternMatches(p, index)) ? null : `the rule reads none of it (index patterns: ${patterns.join(', ')})`;
}
