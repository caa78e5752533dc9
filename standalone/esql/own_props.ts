// Field names come from users: `__proto__`, `constructor` or `toString` are ordinary field names in Elasticsearch
// (its _source is a plain JSON map). Plain `obj[name]` reads would see Object.prototype members and writes to
// `__proto__` would re-point (or, through a merge, pollute) a prototype, so user-keyed maps go through these.

const hasOwn = Object.prototype.hasOwnProperty;

/** `obj[key]` if it is an own property, else undefined (never an inherited member). */
export function getOwn<T>(obj: Record<string, T> | null | undefined, key: string): T | undefined {
  return obj != null && hasOwn.call(obj, key) ? obj[key] : undefined;
}

/** Defines `obj[key] = value` as an own data property, so `__proto__` is stored as data, not as the prototype. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
