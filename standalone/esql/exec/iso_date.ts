// Epoch millis -> `yyyy-MM-ddTHH:mm:ss.SSSZ` (what Date.prototype.toISOString prints for years 0-9999) without a
// Date object: the day part is cached (rows of one query share few days), the time part is arithmetic.

const MS_PER_DAY = 86_400_000;
/** Last years 0000-9999 millisecond: beyond it (and before year 0) toISOString prints signed 6-digit years. */
const MAX_4_DIGIT_YEAR = 253_402_300_799_999;
const MIN_4_DIGIT_YEAR = -62_167_219_200_000;

let cachedDay = NaN;
let cachedPrefix = '';

const pad2 = (n: number) => (n < 10 ? '0' + n : '' + n);
const pad3 = (n: number) => (n < 10 ? '00' + n : n < 100 ? '0' + n : '' + n);

/** Recently printed values, direct-mapped by second: result sets repeat dates (DATE_TRUNC buckets, MIN/MAX). */
const CACHE_SIZE = 4096;
const cacheMs = new Float64Array(CACHE_SIZE).fill(NaN);
const cacheText: string[] = new Array(CACHE_SIZE).fill('');

export function isoMillis(ms: number): string {
  if (!Number.isInteger(ms) || ms < MIN_4_DIGIT_YEAR || ms > MAX_4_DIGIT_YEAR) return new Date(ms).toISOString();
  const slot = Math.floor(ms / 1000) & (CACHE_SIZE - 1);
  if (cacheMs[slot] === ms) return cacheText[slot];
  const text = format(ms);
  cacheMs[slot] = ms;
  cacheText[slot] = text;
  return text;
}

function format(ms: number): string {
  const day = Math.floor(ms / MS_PER_DAY);
  if (day !== cachedDay) {
    cachedPrefix = new Date(day * MS_PER_DAY).toISOString().slice(0, 11);
    cachedDay = day;
  }
  let t = ms - day * MS_PER_DAY;
  const h = Math.floor(t / 3_600_000);
  t -= h * 3_600_000;
  const m = Math.floor(t / 60_000);
  t -= m * 60_000;
  const s = Math.floor(t / 1000);
  return cachedPrefix + pad2(h) + ':' + pad2(m) + ':' + pad2(s) + '.' + pad3(t - s * 1000) + 'Z';
}
