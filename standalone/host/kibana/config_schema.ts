// The subset of @kbn/config-schema's behaviour the host's validators need: objects reject unknown keys, and the
// error texts and `[path]: message` prefixes are config-schema's (src/platform/packages/shared/kbn-config-schema:
// object_type.ts "definition for this key is missing", union_type.ts "types that failed validation:",
// string/array/literal type messages). Behaviour only; no code from the package.

export class SchemaError extends Error {
  constructor(readonly path: string[], readonly reason: string, readonly children?: SchemaError[]) {
    super(SchemaError.format(path, reason, children));
  }

  static format(path: string[], reason: string, children?: SchemaError[]) {
    const head = path.length ? `[${path.join('.')}]: ${reason}` : reason;
    if (!children) return head;
    return [head, ...children.map((c) => `- ${c.message}`)].join('\n');
  }
}

export type Validator = (value: unknown, path: string[]) => void;
/** A validator that may be left out of its parent object (config-schema's `schema.maybe`). */
export interface Optional {
  optional: Validator;
}
type Spec = Record<string, Validator | Optional>;

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'Array';
  if (v instanceof Date) return 'Date';
  return typeof v;
}

export const maybe = (v: Validator): Optional => ({ optional: v });

export const string =
  (check?: (s: string) => string | void): Validator =>
  (v, path) => {
    if (typeof v !== 'string') throw new SchemaError(path, `expected value of type [string] but got [${typeName(v)}]`);
    const msg = check?.(v);
    if (msg) throw new SchemaError(path, msg);
  };

export const number: Validator = (v, path) => {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new SchemaError(path, `expected value of type [number] but got [${typeName(v)}]`);
};

export const boolean: Validator = (v, path) => {
  if (typeof v !== 'boolean') throw new SchemaError(path, `expected value of type [boolean] but got [${typeName(v)}]`);
};

export const literal =
  (expected: unknown): Validator =>
  (v, path) => {
    if (v !== expected) throw new SchemaError(path, `expected value to equal [${expected}]`);
  };

export const arrayOf =
  (item: Validator, opts: { minSize?: number; maxSize?: number } = {}): Validator =>
  (v, path) => {
    if (!Array.isArray(v)) throw new SchemaError(path, `expected value of type [array] but got [${typeName(v)}]`);
    if (opts.minSize !== undefined && v.length < opts.minSize) throw new SchemaError(path, `array size is [${v.length}], but cannot be smaller than [${opts.minSize}]`);
    if (opts.maxSize !== undefined && v.length > opts.maxSize) throw new SchemaError(path, `array size is [${v.length}], but cannot be greater than [${opts.maxSize}]`);
    v.forEach((x, i) => item(x, [...path, String(i)]));
  };

export const recordOf =
  (key: Validator, value: Validator): Validator =>
  (v, path) => {
    if (!isPlainObject(v)) throw new SchemaError(path, `expected value of type [object] but got [${typeName(v)}]`);
    for (const [k, x] of Object.entries(v)) {
      key(k, [...path, k]);
      value(x, [...path, k]);
    }
  };

/** config-schema objects: declared keys first (required unless `maybe`), then any unknown key is an error. */
export const object =
  (spec: Spec): Validator =>
  (v, path) => {
    if (!isPlainObject(v)) throw new SchemaError(path, `expected a plain object value, but found [${typeName(v)}] instead.`);
    for (const [k, def] of Object.entries(spec)) {
      const x = v[k];
      if ('optional' in def) {
        if (x !== undefined) def.optional(x, [...path, k]);
      } else def(x, [...path, k]);
    }
    for (const k of Object.keys(v)) {
      if (!(k in spec)) throw new SchemaError([...path, k], 'definition for this key is missing');
    }
  };

/** config-schema `oneOf`: every alternative's error, indexed, under "types that failed validation:". */
export const oneOf =
  (alternatives: Validator[]): Validator =>
  (v, path) => {
    const errors: SchemaError[] = [];
    for (const [i, alt] of alternatives.entries()) {
      try {
        alt(v, path);
        return;
      } catch (e) {
        if (!(e instanceof SchemaError)) throw e;
        const childPath = [...e.path];
        childPath.splice(path.length, 0, String(i));
        errors.push(new SchemaError(childPath, e.reason, e.children));
      }
    }
    throw new SchemaError(path, 'types that failed validation:', errors);
  };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
}
