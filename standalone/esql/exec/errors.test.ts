// Error shapes: type, status and reason as Elasticsearch words them.
import { executeEsql } from '.';
import { EsError } from '../types';
import { testCatalog } from './test_catalog';

const catalog = testCatalog({
  events_ip: { fields: { client_ip: 'ip', '@timestamp': 'date', n: 'long' }, docs: [{ client_ip: '172.21.3.15', '@timestamp': '2023-10-23T13:33:34.937Z', n: 1 }] },
  events_keyword: { fields: { client_ip: 'keyword', '@timestamp': 'date' }, docs: [{ client_ip: '172.21.0.5', '@timestamp': '2023-10-23T13:51:54.732Z' }] },
});

const error = (query: string, params?: unknown[]): EsError => {
  try {
    executeEsql({ query, params }, catalog);
  } catch (e) {
    expect(e).toBeInstanceOf(EsError);
    return e as EsError;
  }
  throw new Error(`expected an error for ${query}`);
};

const expectError = (query: string, type: string, reason: string, params?: unknown[]) => {
  const e = error(query, params);
  expect({ status: e.status, type: e.type, reason: e.reason }).toEqual({ status: 400, type, reason });
  expect(e.toBody()).toEqual({ error: { root_cause: [{ type, reason }], type, reason }, status: 400 });
};

describe('verification errors', () => {
  it('unknown column', () => {
    expectError('FROM events_ip | KEEP find_me', 'verification_exception', 'Found 1 problem\nline 1:23: Unknown column [find_me]');
    expectError('ROW a = 1 | EVAL b = a + c', 'verification_exception', 'Found 1 problem\nline 1:26: Unknown column [c]');
    expectError('FROM events_ip | STATS c = COUNT(*) | KEEP n', 'verification_exception', 'Found 1 problem\nline 1:44: Unknown column [n]');
  });

  it('a field with conflicting mappings is unusable unless converted', () => {
    expectError(
      'FROM events_* | WHERE client_ip == "172.21.3.15"',
      'verification_exception',
      'Found 1 problem\nline 1:23: Cannot use field [client_ip] due to ambiguities being mapped as [2] incompatible types: [ip] in [events_ip], [keyword] in [events_keyword]'
    );
    const kept = executeEsql({ query: 'FROM events_* | KEEP client_ip | LIMIT 5' }, catalog);
    expect(kept.columns).toEqual([{ name: 'client_ip', type: 'unsupported' }]);
    expect(kept.values).toEqual([[null], [null]]);
    const converted = executeEsql({ query: 'FROM events_* | EVAL client_ip = TO_IP(client_ip) | KEEP @timestamp, client_ip | SORT @timestamp' }, catalog);
    expect(converted.values).toEqual([
      ['2023-10-23T13:33:34.937Z', '172.21.3.15'],
      ['2023-10-23T13:51:54.732Z', '172.21.0.5'],
    ]);
    const cast = executeEsql({ query: 'FROM events_* | STATS c = COUNT(*) BY ip = client_ip::ip | SORT ip' }, catalog);
    expect(cast.values).toEqual([
      [1, '172.21.0.5'],
      [1, '172.21.3.15'],
    ]);
  });

  it('type mismatches', () => {
    expectError('FROM events_ip | WHERE n == "x"', 'verification_exception', 'Found 1 problem\nline 1:29: Cannot convert string [x] to [LONG], error [Cannot parse number [x]]');
    expectError('FROM events_ip | WHERE @timestamp > "not a date"', 'verification_exception', 'Found 1 problem\nline 1:37: Cannot convert string [not a date] to [DATETIME], error [failed to parse date field [not a date] with format [strict_date_optional_time]]');
    expectError('FROM events_ip | WHERE n == true', 'verification_exception', 'Found 1 problem\nline 1:24: first argument of [n == true] is [numeric] so second argument must also be [numeric] but was [boolean]');
    expectError('FROM events_ip | WHERE n', 'verification_exception', 'Found 1 problem\nline 1:24: Condition expression needs to be boolean, found [LONG]');
    expectError('FROM events_ip | EVAL x = LENGTH(n)', 'verification_exception', 'Found 1 problem\nline 1:27: argument of [LENGTH(n)] must be [keyword or text], found value [n] type [long]');
    expectError('FROM events_ip | EVAL x = @timestamp - @timestamp', 'verification_exception', 'Found 1 problem\nline 1:27: [-] has arguments with incompatible types [datetime] and [datetime]');
  });

  it('functions: unknown, not executed, aggregate outside STATS, non-aggregate in STATS', () => {
    expectError('ROW a = 1 | EVAL b = NOPE(a)', 'verification_exception', 'Found 1 problem\nline 1:22: Unknown function [nope]');
    expectError('ROW a = "x" | EVAL b = ST_X(a)', 'verification_exception', 'Found 1 problem\nline 1:24: function [ST_X] is not supported by the embedded engine');
    expectError('FROM events_ip | EVAL c = COUNT(*)', 'verification_exception', 'Found 1 problem\nline 1:27: aggregate function [COUNT(*)] not allowed outside STATS command');
    expectError('FROM events_ip | STATS n + 1', 'verification_exception', 'Found 1 problem\nline 1:24: column [n] must appear in the STATS BY clause or be used in an aggregate function');
    expectError('FROM events_ip | STATS 1 + 1', 'verification_exception', 'Found 1 problem\nline 1:24: expected an aggregate function but found [1 + 1]');
    expect(executeEsql({ query: 'FROM events_ip | STATS m = MAX(n) + n BY n' }, catalog).values).toEqual([[2, 1]]);
    expectError('FROM events_ip | STATS STD_DEV(n)', 'verification_exception', 'Found 1 problem\nline 1:24: aggregate function [STD_DEV] is not supported by the embedded engine');
  });

  it('commands that parse but do not execute', () => {
    expectError('FROM events_ip | ENRICH policy', 'verification_exception', 'Found 1 problem\nline 1:18: command [ENRICH] is not supported by the embedded engine');
    expectError('FROM events_ip | LOOKUP JOIN events_keyword ON n', 'verification_exception', 'Found 1 problem\nline 1:48: Unknown column [n] in right side of join');
    expectError('FROM events_ip | CHANGE_POINT n ON @timestamp', 'verification_exception', 'Found 1 problem\nline 1:18: command [CHANGE_POINT] is not supported by the embedded engine');
    expectError('ROW a = "x" | GROK a "%{NOPE:x}"', 'parsing_exception', "line 1:22: Invalid pattern for grok [%{NOPE:x}]: [Unable to find pattern [NOPE] in Grok's pattern dictionary]");
    expectError('FROM events_ip | COMPLETION answer = "x" WITH {"inference_id": "m"}', 'verification_exception', 'Found 1 problem\nline 1:18: command [COMPLETION] is not supported by the embedded engine');
  });

  it('unknown index comes from the catalog', () => {
    const e = error('FROM nope');
    expect(e.type).toBe('verification_exception');
    expect(e.reason).toContain('Unknown index [nope]');
    expect(executeEsql({ query: 'FROM nope-*, events_ip | STATS c = COUNT(*)' }, catalog).values).toEqual([[1]]);
  });
});

describe('parsing errors', () => {
  it('syntax', () => {
    const e = error('FROM events_ip | WHERE');
    expect(e.type).toBe('parsing_exception');
    expect(e.reason).toMatch(/^line 1:23: mismatched input <EOF>/);
  });

  it('params: unknown names, missing positions, unknown cast types', () => {
    expectError('FROM events_ip | WHERE n < ?n1 | EVAL y = ?n2', 'parsing_exception', 'line 1:43: Unknown query parameter [n2], did you mean [n1]?', [{ n1: 5 }]);
    expectError('FROM events_ip | EVAL y = ?zzz', 'parsing_exception', 'line 1:27: Unknown query parameter [zzz]', [{ n1: 5 }]);
    expectError('ROW a = ?3', 'parsing_exception', 'line 1:9: No parameter is defined for position 3, did you mean any position between 1 and 2?', [1, 2]);
    expectError('ROW a = ?', 'parsing_exception', 'line 1:9: No parameter is defined for position 1');
    expectError('ROW a = 1::foo', 'parsing_exception', 'line 1:9: Unknown data type named [foo]');
    expectError('ROW a = 1 | LIMIT -1', 'parsing_exception', 'line 1:19: Invalid value for LIMIT [-1], expecting a non negative integer');
  });
});
