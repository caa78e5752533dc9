// Display helpers. Everything returned is plain text; React escapes it.
export const EMPTY = '—';
export const text = (v: unknown): string => (v === null || v === undefined || v === '' ? EMPTY : String(v));

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return EMPTY;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

export const SEVERITY_COLORS: Record<string, string> = {
  low: 'success',
  medium: 'warning',
  high: 'danger',
  critical: 'danger',
};
export const severityColor = (s: string | null | undefined) => SEVERITY_COLORS[String(s ?? '').toLowerCase()] ?? 'default';
