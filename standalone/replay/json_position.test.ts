import fc from 'fast-check';
import { jsonErrorLocation, jsonErrorOffset } from './json_position';

describe('jsonErrorOffset', () => {
  it('accepts everything JSON.stringify produces', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => jsonErrorOffset(JSON.stringify(v, null, 2)) === null));
  });
  it('locates the first error', () => {
    expect(jsonErrorLocation('{\n  "a": 1,\n  "b": ,\n}')).toBe(':3:8');
    expect(jsonErrorLocation('{"a": 1} x')).toBe(':1:10');
    expect(jsonErrorLocation('{"a": tru}')).toBe(':1:7');
    expect(jsonErrorLocation('')).toBe(':1:1');
    expect(jsonErrorLocation('[1, 2')).toBe(':1:6');
  });
  it('agrees with JSON.parse on validity', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        let ok = true;
        try {
          JSON.parse(s);
        } catch {
          ok = false;
        }
        return ok === (jsonErrorOffset(s) === null);
      })
    );
  });
});
