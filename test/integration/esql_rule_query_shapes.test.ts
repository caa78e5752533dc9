// The rule's query shapes (first workload) end to end over an in-memory catalog.
import { executeEsql } from '../../standalone/esql/exec';
import { testCatalog } from '../../standalone/esql/exec/test_catalog';

const catalog = testCatalog({
  'logs-azure.signinlogs-default': {
    fields: { '@timestamp': 'date', 'source.ip': 'ip', 'user.name': 'keyword', 'event.outcome': 'keyword' },
    docs: [
      { '@timestamp': '2024-05-01T10:00:00Z', source: { ip: '1.2.3.4' }, user: { name: 'Alice' }, event: { outcome: 'success' } },
      { '@timestamp': '2024-05-01T11:00:00Z', 'source.ip': '1.2.3.4', 'user.name': 'bob', 'event.outcome': 'failure' },
      { '@timestamp': '2024-05-02T11:00:00Z', 'source.ip': '10.0.0.1', 'user.name': ['bob', 'carol'], 'event.outcome': 'success' },
    ],
  },
  '.alerts-security.alerts-default': {
    fields: { '@timestamp': 'date', 'source.ip': 'keyword', 'kibana.alert.rule.name': 'keyword' },
    docs: [{ '@timestamp': '2024-05-01T12:00:00Z', source: { ip: '1.2.3.4' }, kibana: { alert: { rule: { name: 'R1' } } } }],
  },
});

const run = (query: string, params?: unknown[]) => executeEsql({ query, params }, catalog);

describe('rule query shapes', () => {
  it('correlates sign-ins and alerts per IP with union-typed source.ip', () => {
    const r = run(
      `FROM logs-azure.signinlogs-*, .alerts-security.alerts-* METADATA _id, _index
       | EVAL ip = source.ip::ip
       | WHERE ip IS NOT NULL AND @timestamp >= ?start
       | STATS signins = COUNT(*) WHERE _index LIKE "*signinlogs*", alerts = COUNT(*) WHERE _index LIKE "*alerts*",
               users = COUNT_DISTINCT(user.name), first_seen = MIN(@timestamp), last_seen = MAX(@timestamp),
               recent = TOP(@timestamp, 2, "desc"), rules = VALUES(kibana.alert.rule.name) BY ip
       | WHERE signins > 0 AND alerts > 0
       | EVAL recent = MV_SLICE(recent, 0, 0)
       | SORT last_seen DESC | LIMIT 10`,
      [{ start: '2024-05-01T00:00:00.000Z' }]
    );
    expect(r.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'signins:long',
      'alerts:long',
      'users:long',
      'first_seen:date',
      'last_seen:date',
      'rules:keyword',
      'ip:ip',
      'recent:date',
    ]);
    expect(r.values).toEqual([[2, 1, 2, '2024-05-01T10:00:00.000Z', '2024-05-01T12:00:00.000Z', 'R1', '1.2.3.4', '2024-05-01T12:00:00.000Z']]);
    expect(r.warnings).toEqual([]);
  });

  it('filters with IN params, NOT CIDR_MATCH and evaluates string/date functions', () => {
    const r = run(
      `FROM logs-azure.signinlogs-* | WHERE user.name IN (?p1, ?p2) AND NOT CIDR_MATCH(source.ip, ?c1, "192.168.0.0/16")
       | EVAL u = TO_LOWER(user.name), k = CONCAT(u, "|", TO_STRING(source.ip)), ok = CASE(event.outcome == "success", "yes", "no"),
              age = DATE_DIFF("minute", @timestamp, "2024-05-01T12:00:00Z"::datetime), n = COALESCE(null, u)
       | KEEP u, k, ok, age, n | SORT u`,
      [{ p1: 'Alice' }, { p2: 'bob' }, { c1: '10.0.0.0/8' }]
    );
    expect(r.values).toEqual([
      ['alice', 'alice|1.2.3.4', 'yes', 120, 'alice'],
      ['bob', 'bob|1.2.3.4', 'no', 60, 'bob'],
    ]);
    // the multi-valued user.name row is dropped with Elasticsearch's warning pair
    expect(r.warnings).toEqual([
      'No limit defined, adding default limit of [1000]',
      'Line 1:38: evaluation of [user.name IN (?p1, ?p2)] failed, treating result as null. Only first 20 failures recorded.',
      'Line 1:38: java.lang.IllegalArgumentException: single-value function encountered multi-value',
    ]);
  });

  it('groups by two keys and a multi-valued key lands in every group', () => {
    const r = run('FROM logs-* | STATS c = COUNT(*) BY user.name, event.outcome | SORT user.name, event.outcome');
    expect(r.values).toEqual([
      [1, 'Alice', 'success'],
      [1, 'bob', 'failure'],
      [1, 'bob', 'success'],
      [1, 'carol', 'success'],
    ]);
  });

  it('rejects a conflicting field used without conversion', () => {
    expect(() => run('FROM logs-*, .alerts-* | WHERE source.ip IS NOT NULL | STATS c = COUNT(*) BY source.ip')).toThrow(
      expect.objectContaining({
        type: 'verification_exception',
        reason:
          'Found 1 problem\nline 1:32: Cannot use field [source.ip] due to ambiguities being mapped as [2] incompatible types: [ip] in [logs-azure.signinlogs-default], [keyword] in [.alerts-security.alerts-default]',
      })
    );
  });
});
