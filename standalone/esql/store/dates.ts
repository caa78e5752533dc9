// Date parsing with Elasticsearch's built-in formats (strict_date_optional_time, epoch_millis, ...), UTC by default.

const ISO =
  /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
const LENIENT_ISO =
  /^([+-]?\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
const SLASH = /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?(?: ?(Z|[+-]\d{2}:?\d{2}))?$/;

const FULL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

export const DEFAULT_DATE_FORMAT = 'strict_date_optional_time||epoch_millis';

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (h * 60 + m) * 60000;
}

function fromParts(m: RegExpExecArray): number | null {
  const [, y, mo = '1', d = '1', h = '0', mi = '0', s = '0', frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = frac ? Math.floor(Number(('0.' + frac)) * 1000 + 1e-6) : 0;
  const t = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
  const check = new Date(Date.UTC(Number(y), month - 1, 1));
  check.setUTCDate(day);
  if (check.getUTCMonth() !== month - 1) return null; // e.g. Feb 30
  return t - zoneOffsetMs(zone);
}

function parseOne(value: string | number, format: string): number | null {
  switch (format) {
    case 'epoch_millis':
      if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
      return /^-?\d+(\.\d+)?$/.test(value) ? Math.trunc(Number(value)) : null;
    case 'epoch_second':
      if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value * 1000) : null;
      return /^-?\d+(\.\d+)?$/.test(value) ? Math.trunc(Number(value) * 1000) : null;
    case 'strict_date_optional_time':
    case 'strict_date_optional_time_nanos':
    case 'strict_date_time':
    case 'date_time':
    case 'iso8601': {
      if (typeof value !== 'string') return null;
      const m = ISO.exec(value);
      if (!m) return null;
      if ((format === 'strict_date_time' || format === 'date_time') && m[4] === undefined) return null;
      return fromParts(m);
    }
    case 'date_optional_time': {
      if (typeof value !== 'string') return null;
      const m = LENIENT_ISO.exec(value);
      return m ? fromParts(m) : null;
    }
    case 'strict_date':
    case 'date':
    case 'yyyy-MM-dd': {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
      return fromParts(ISO.exec(value)!);
    }
    case 'yyyy/MM/dd HH:mm:ss Z':
    case 'yyyy/MM/dd HH:mm:ss':
    case 'yyyy/MM/dd Z':
    case 'yyyy/MM/dd': {
      if (typeof value !== 'string') return null;
      const m = SLASH.exec(value);
      if (!m) return null;
      return fromParts([m[0], m[1], m[2], m[3], m[4], m[5], m[6], undefined, m[7]] as unknown as RegExpExecArray);
    }
    default: {
      // Custom Java patterns are not interpreted; accept anything JavaScript can read unambiguously.
      if (typeof value === 'number') return Math.trunc(value);
      const t = Date.parse(value);
      return Number.isNaN(t) ? null : t;
    }
  }
}

/** Parses a date with an Elasticsearch `format` string (`a||b` alternatives). Returns epoch millis or null. */
export function parseDate(value: unknown, format: string = DEFAULT_DATE_FORMAT): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  // Fast path for the common full ISO form with a zone (`2024-05-01T10:00:00.000Z`): Date.parse is exact there.
  if (typeof value === 'string' && format === DEFAULT_DATE_FORMAT && value.length >= 20 && value.charCodeAt(10) === 84 && FULL_ISO.test(value)) {
    const t = Date.parse(value);
    // Date.parse rolls Feb 30 over and accepts hour 24; leave those to the strict parser (which rejects them).
    if (!Number.isNaN(t) && Number(value.slice(11, 13)) < 24 && Number(value.slice(8, 10)) <= 28) return t;
  }
  for (const f of format.split('||')) {
    const t = parseOne(value, f.trim());
    if (t !== null && Number.isFinite(t)) return t;
  }
  return null;
}

/** Elasticsearch's default `dynamic_date_formats`. */
export function looksLikeDate(value: string): boolean {
  return parseOne(value, 'strict_date_optional_time') !== null || parseOne(value, 'yyyy/MM/dd HH:mm:ss Z') !== null;
}
