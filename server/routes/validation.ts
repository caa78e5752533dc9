// Route validators built from the shared io-ts decoders (Kibana accepts a plain validation function).
import type { RouteValidationFunction } from '@kbn/core/server';
import type { DecodeResult } from '../../common/api';

export const fromDecoder =
  <T>(decode: (input: unknown) => DecodeResult<T>): RouteValidationFunction<T> =>
  (data, { ok, badRequest }) => {
    const r = decode(data);
    return r.ok ? ok(r.value) : badRequest(r.message);
  };
