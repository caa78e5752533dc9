// Links out of the panel. Discover takes its state as rison in the URL hash; every piece is URL-encoded.
const RISON_ID = /^[a-zA-Z_\-./~][a-zA-Z0-9_\-./~]*$/;

/** Rison encoding for the small JSON values Discover state needs (strings, numbers, booleans, objects). */
export function rison(v: unknown): string {
  if (v === null || v === undefined) return '!n';
  if (typeof v === 'boolean') return v ? '!t' : '!f';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '!n';
  if (typeof v === 'string') return v !== '' && RISON_ID.test(v) && !/^[-0-9]/.test(v) ? v : `'${v.replace(/!/g, '!!').replace(/'/g, "!'")}'`;
  if (Array.isArray(v)) return `!(${v.map(rison).join(',')})`;
  const o = v as Record<string, unknown>;
  return `(${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .map((k) => `${rison(k)}:${rison(o[k])}`)
    .join(',')})`;
}

const prepend = (basePath: { prepend(p: string): string } | undefined, path: string) => (basePath ? basePath.prepend(path) : path);

export function discoverUrl(esql: string, from: string, to: string, basePath?: { prepend(p: string): string }): string {
  const g = rison({ time: { from, to } });
  const a = rison({ dataSource: { type: 'esql' }, query: { esql } });
  return prepend(basePath, `/app/discover#/?_g=${encodeURIComponent(g)}&_a=${encodeURIComponent(a)}`);
}

export function ruleUrl(ruleUuid: string, basePath?: { prepend(p: string): string }): string {
  return prepend(basePath, `/app/management/insightsAndAlerting/triggersActions/rule/${encodeURIComponent(ruleUuid)}`);
}
