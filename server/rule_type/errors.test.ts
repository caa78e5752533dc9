import { errors } from '@elastic/elasticsearch';
import { CorrelationError, classifyEsError } from './errors';

const meta = (statusCode: number, body: unknown) => ({ body, statusCode, headers: {}, warnings: null, meta: {} as any });
const esError = (statusCode: number, type: string, reason: string) =>
  new errors.ResponseError(meta(statusCode, { error: { root_cause: [{ type, reason }], type, reason }, status: statusCode }) as any);

describe('classifyEsError (real @elastic/elasticsearch error classes)', () => {
  it.each([
    [esError(400, 'verification_exception', 'Found 1 problem\nline 1:6: Unknown index [logs-nope-*]'), 'missing_index', true, 'no index matches the configured index patterns (line 1:6: Unknown index [logs-nope-*])'],
    [esError(404, 'index_not_found_exception', 'no such index [x]'), 'missing_index', true, 'no such index'],
    [esError(400, 'verification_exception', 'Found 1 problem\nline 2:3: Unknown column [user.email]'), 'missing_field', true, 'Unknown column [user.email]'],
    [esError(400, 'verification_exception', 'Found 1 problem\nline 1:1: Cannot use field [source.ip] due to ambiguities being mapped as [2] incompatible types'), 'field_conflict', true, 'conflicting mappings'],
    [esError(400, 'verification_exception', 'Found 1 problem\nline 5:9: argument of [x] must be [integer]'), 'field_conflict', true, 'mappings'],
    [esError(400, 'parsing_exception', "line 1:1: mismatched input 'FORM'"), 'bad_query', false, 'ES|QL rejected the request (parsing_exception'],
    [esError(403, 'security_exception', 'unauthorized'), 'unauthorized', true, "API key"],
    [esError(429, 'circuit_breaking_exception', 'Data too large'), 'unavailable', false, 'under load'],
    [esError(503, 'search_phase_execution_exception', 'all shards failed'), 'unavailable', false, 'HTTP 503'],
    [esError(504, 'timeout_exception', 'timed out'), 'timeout', false, 'timed out'],
    [new errors.TimeoutError('Request timed out'), 'timeout', false, 'did not answer in time'],
    [new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200'), 'unavailable', false, 'unreachable'],
    [new errors.RequestAbortedError('Request aborted'), 'aborted', false, 'cancelled'],
    [new Error('boom'), 'unexpected', false, 'unexpected error: boom'],
    ['a string', 'unexpected', false, 'a string'],
  ] as const)('%#: %s', (err, kind, userError, text) => {
    const c = classifyEsError(err, 'Network alert query');
    expect(c).toBeInstanceOf(CorrelationError);
    expect(c.kind).toBe(kind);
    expect(c.userError).toBe(userError);
    expect(c.message.startsWith('Network alert query: ')).toBe(true);
    expect(c.message).toContain(text);
  });

  it('passes classified errors through unchanged', () => {
    const e = new CorrelationError('missing_field', 'x', 'y');
    expect(classifyEsError(e, 'z')).toBe(e);
  });

  it('clips long reasons', () => {
    const c = classifyEsError(esError(400, 'parsing_exception', 'x'.repeat(5000)), 'step');
    expect(c.message.length).toBeLessThan(600);
  });
});
