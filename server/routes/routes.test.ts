import { registerRoutes } from '.';
import { ALERTS_API_PATH, API_PRIVILEGE_READ, API_VERSION, INVESTIGATION_API_PATH } from '../../common/constants';

type Handler = (ctx: unknown, req: unknown, res: unknown) => Promise<{ status: number; payload?: any }>;
interface Registered {
  config: any;
  version: any;
  handler: Handler;
}

function fakeRouter() {
  const routes: Registered[] = [];
  const versioned = {
    get: (config: any) => ({
      addVersion(version: any, handler: Handler) {
        routes.push({ config, version, handler });
        return this;
      },
    }),
  };
  return { routes, router: { versioned } as any };
}

const responseFactory = {
  ok: (o: any) => ({ status: 200, payload: o?.body }),
  badRequest: (o: any) => ({ status: 400, payload: o?.body }),
  unauthorized: (o: any) => ({ status: 401, payload: o?.body }),
  forbidden: (o: any) => ({ status: 403, payload: o?.body }),
  notFound: (o: any) => ({ status: 404, payload: o?.body }),
  conflict: (o: any) => ({ status: 409, payload: o?.body }),
  customError: (o: any) => ({ status: o.statusCode, payload: o?.body }),
};
const logger = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() } as any;

const esqlOf = (columns: string[], values: unknown[][]) => ({ columns: columns.map((name) => ({ name, type: 'keyword' })), values });

function fakeContext(query: jest.Mock, search: jest.Mock = jest.fn(async () => ({ hits: { hits: [] } }))) {
  const reject = () => Promise.reject(new Error('must not use asInternalUser'));
  const internal = { esql: { query: jest.fn(reject) }, search: jest.fn(reject) };
  const current = { esql: { query }, search };
  return {
    internal,
    current,
    context: { core: Promise.resolve({ elasticsearch: { client: { asCurrentUser: current, asInternalUser: internal } } }) },
  };
}

const validation = { ok: (value: unknown) => ({ value }), badRequest: (error: string) => ({ error: new Error(error) }) };

/** The rule registry's alerts client for the request: only `find`/`get`, as Kibana's AlertsClient has them. */
function fakeAlertsReader(find: jest.Mock = jest.fn(async () => ({ hits: { total: { value: 0, relation: 'eq' }, hits: [] } }))) {
  return { find, get: jest.fn(async () => Promise.reject(new Error('get is not used'))) };
}
let reader = fakeAlertsReader();
const getAlertsReader = jest.fn(async () => reader);

function setup() {
  const { routes, router } = fakeRouter();
  registerRoutes(router, logger, getAlertsReader);
  const byPath = (p: string) => routes.find((r) => r.config.path === p)!;
  return { routes, alerts: byPath(ALERTS_API_PATH), investigation: byPath(INVESTIGATION_API_PATH) };
}

const validate = (r: Registered, query: unknown) => r.version.validate.request.query(query, validation);

describe('route registration', () => {
  it('registers two versioned internal GET routes gated by the read privilege', () => {
    const { routes } = setup();
    expect(routes).toHaveLength(2);
    for (const r of routes) {
      expect(r.config.access).toBe('internal');
      expect(r.config.security).toEqual({ authz: { requiredPrivileges: [API_PRIVILEGE_READ] } });
      expect(r.version.version).toBe(API_VERSION);
      expect(typeof r.version.validate.request.query).toBe('function');
    }
  });
});

describe('alerts list validation', () => {
  const { alerts } = setup();
  it('accepts filters and string paging, normalizing ip and user', () => {
    expect(validate(alerts, { severity: 'high', user: ' Alice@Example.COM ', ip: '::ffff:203.0.113.7', page: '2', perPage: '50' })).toEqual({
      value: { severity: 'high', user: 'alice@example.com', ip: '203.0.113.7', page: 2, perPage: 50 },
    });
  });
  it.each([
    [{ ip: '203.0.113' }, /IPv4 or IPv6/],
    [{ ip: '1.2.3.4; DROP' }, /IPv4 or IPv6/],
    [{ severity: 'urgent' }, /one of low, medium, high, critical/],
    [{ perPage: '1000' }, /perPage/],
    [{ page: '-1' }, /page/],
    [{ bogus: '1' }, /unknown query parameter/],
    [{ ruleId: 'a b' }, /alert id/],
  ])('rejects %j', (q, msg) => {
    const r = validate(alerts, q);
    expect(r.error).toBeDefined();
    expect(r.error.message).toMatch(msg);
  });
});

describe('investigation validation', () => {
  const { investigation } = setup();
  const ok = { user: 'alice@example.com', ip: '203.0.113.7', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' };
  it('accepts an alert id or user+ip+from+to', () => {
    expect(validate(investigation, { alertId: 'abc-123' }).value).toEqual({ alertId: 'abc-123' });
    expect(validate(investigation, ok).value).toEqual({ ...ok, from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' });
  });
  it('accepts a user alone or an IP alone, normalized', () => {
    const range = { from: ok.from, to: ok.to };
    expect(validate(investigation, { ...range, user: ' Alice@Example.com' }).value).toEqual({ user: 'alice@example.com', from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' });
    expect(validate(investigation, { ...range, ip: '::ffff:203.0.113.7' }).value).toEqual({ ip: '203.0.113.7', from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' });
  });
  it.each([
    [{}, /missing parameters: give alertId, or user and\/or ip with from and to/],
    [{ from: ok.from, to: ok.to }, /give alertId, or user and\/or ip/],
    [{ user: 'a', ip: '203.0.113.7' }, /missing parameter\(s\): from, to/],
    [{ ...ok, ip: '999.1.1.1' }, /^ip: "999\.1\.1\.1" is not IPv4 or IPv6/],
    [{ ...ok, to: '2026-01-02' }, /^to: "2026-01-02" is not ISO-8601/],
    [{ ...ok, from: '2026-01-03T00:00:00Z' }, /is after to/],
    [{ ...ok, from: '2025-01-01T00:00:00Z' }, /longer than the maximum of 31 days/],
    [{ ...ok, from: 'yesterday' }, /ISO-8601/],
    [{ alertId: 'x', user: 'a' }, /either alertId or user/],
    [{ alertId: '<script>' }, /alert id/],
    [{ ...ok, size: '99999' }, /size/],
  ])('rejects %j with a clear message', (q, msg) => {
    const r = validate(investigation, q);
    expect(r.error).toBeDefined();
    expect(r.error.message).toMatch(msg);
  });
});

describe('handlers', () => {
  it('alerts list reads through the rule registry alerts client with term filters, never as an Elasticsearch user', async () => {
    const { alerts } = setup();
    const hit = (id: string, user: string) => ({ _id: id, _source: { '@timestamp': '2026-01-02T00:00:00Z', kibana: { alert: { uuid: id } }, cloud_identity: { user, source_ip: '203.0.113.8', severity: 'high' } } });
    const find = jest.fn(async () => ({ hits: { total: { value: 3, relation: 'eq' }, hits: [hit('u2', 'bob'), hit('u1', 'alice')] } }));
    reader = fakeAlertsReader(find);
    const { context, internal, current } = fakeContext(jest.fn());
    const request = { query: { user: 'alice', ruleId: 'r-1', page: 1, perPage: 1 } };
    const res = await alerts.handler(context, request, responseFactory);
    expect(res.status).toBe(200);
    expect(getAlertsReader).toHaveBeenLastCalledWith(request);
    expect(res.payload).toMatchObject({ total: 3, page: 1, perPage: 1 });
    // page 1 of size 1: the second of the first two hits
    expect(res.payload.alerts.map((a: any) => a.id)).toEqual(['u1']);
    expect(find).toHaveBeenCalledWith(
      expect.objectContaining({
        ruleTypeIds: ['cloudIdentityCompromise.signinCorrelation'],
        size: 2,
        track_total_hits: true,
        sort: [{ '@timestamp': { order: 'desc' } }],
        query: { bool: { filter: [{ term: { 'cloud_identity.user': 'alice' } }, { term: { 'kibana.alert.rule.uuid': 'r-1' } }] } },
      })
    );
    expect(internal.search).not.toHaveBeenCalled();
    expect(current.search).not.toHaveBeenCalled();
  });

  it('an unknown alert id is a 404', async () => {
    const { investigation } = setup();
    const find = jest.fn(async () => ({ hits: { total: { value: 0, relation: 'eq' }, hits: [] } }));
    reader = fakeAlertsReader(find);
    const { context } = fakeContext(jest.fn());
    const res = await investigation.handler(context, { query: { alertId: 'nope' } }, responseFactory);
    expect(find).toHaveBeenCalledWith(expect.objectContaining({ query: { bool: { filter: [{ term: { 'kibana.alert.uuid': 'nope' } }] } } }));
    expect(res.status).toBe(404);
    expect(res.payload.message).toBe('alert [nope] not found');
  });

  it("the alerts client's Boom errors keep their status", async () => {
    const { alerts } = setup();
    const boom = Object.assign(new Error('Unable to retrieve alert details for alert with query and operation find'), { isBoom: true, output: { statusCode: 404 } });
    reader = fakeAlertsReader(jest.fn(async () => Promise.reject(boom)));
    const res = await alerts.handler(fakeContext(jest.fn()).context, { query: {} }, responseFactory);
    expect(res.status).toBe(404);
    expect(res.payload.message).toContain('Unable to retrieve alert details');
  });

  it.each([
    [403, 403],
    [404, 404],
  ])('an Elasticsearch %i passes through as %i', async (es, http) => {
    const { investigation } = setup();
    const err = Object.assign(new Error('security_exception'), {
      statusCode: es,
      body: { error: { root_cause: [{ reason: `action [indices:data/read/esql] is unauthorized (${es})` }] } },
    });
    const { context } = fakeContext(jest.fn(async () => Promise.reject(err)));
    const res = await investigation.handler(context, { query: { user: 'a', ip: '203.0.113.7', from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z' } }, responseFactory);
    expect(res.status).toBe(http);
    expect(res.payload.message).toContain(`unauthorized (${es})`);
  });

  it('an unexpected failure is a 500 with the message, and is logged', async () => {
    const { alerts } = setup();
    reader = fakeAlertsReader(jest.fn(async () => Promise.reject(new Error('boom'))));
    const { context } = fakeContext(jest.fn());
    const res = await alerts.handler(context, { query: {} }, responseFactory);
    expect(res.status).toBe(500);
    expect(res.payload.message).toBe('boom');
    expect(logger.error).toHaveBeenCalled();
  });

  it('investigates an alert with its own rule parameters, as the current user', async () => {
    const { investigation } = setup();
    const source = {
      '@timestamp': '2026-01-01T01:00:00.000Z',
      kibana: { alert: { uuid: 'a-1', status: 'active', reason: 'r', rule: { name: 'R', parameters: { signinIndexPatterns: ['custom-signins-*'], leadTimeMinutes: 30 } } } },
      cloud_identity: {
        user: 'alice@example.com',
        source_ip: '203.0.113.7',
        severity: 'high',
        risk_score: 73,
        signin: { first: '2026-01-01T00:30:00.000Z', last: '2026-01-01T00:40:00.000Z' },
        network_alert: { first: '2026-01-01T00:10:00.000Z', last: '2026-01-01T00:10:00.000Z', ids: ['n1'] },
        activity: { first: null, last: null },
      },
    };
    const query = jest.fn(async (req: any) => {
      if (req.query.includes('threat.indicator.ip')) return Promise.reject(Object.assign(new Error('verification_exception: Unknown index [logs-ti_*]'), { statusCode: 400 }));
      if (req.query.includes('signin_dataset'))
        return esqlOf(['@timestamp', 'user.email', 'event.outcome'], [['2026-01-01T00:30:00.000Z', 'alice@example.com', 'success']]);
      if (req.query.includes('METADATA _id')) return esqlOf(['@timestamp', '_id', 'rule.name'], [['2026-01-01T00:10:00.000Z', 'n1', 'ET SCAN']]);
      return esqlOf(['@timestamp'], []);
    });
    reader = fakeAlertsReader(jest.fn(async () => ({ hits: { total: { value: 1, relation: 'eq' }, hits: [{ _id: 'a-1', _source: source }] } })));
    const { context, internal, current } = fakeContext(query);
    const res = await investigation.handler(context, { query: { alertId: 'a-1' } }, responseFactory);
    expect(res.status).toBe(200);
    expect(internal.esql.query).not.toHaveBeenCalled();
    expect(internal.search).not.toHaveBeenCalled();
    expect(current.search).not.toHaveBeenCalled();
    const body = res.payload;
    expect(body.alert).toMatchObject({ id: 'a-1', user: 'alice@example.com', severity: 'high', riskScore: 73 });
    expect(body.indices.signins).toEqual(['custom-signins-*']);
    // window: earliest evidence minus lead time (30 min)
    expect(body.from).toBe('2025-12-31T23:40:00.000Z');
    expect(body.signins.items).toHaveLength(1);
    expect(body.signins.esql.query).toContain('FROM custom-signins-*');
    expect(body.networkAlerts.items[0]).toMatchObject({ id: 'n1', rule: 'ET SCAN', linked: true });
    // a section that fails for a non-privilege reason reports its error, the rest still renders
    expect(body.threatIntel.error).toBe('no index matches logs-ti_*, filebeat-*');
    for (const call of query.mock.calls) {
      expect(call[0].query).not.toContain('203.0.113.7');
      expect(call[0].query).not.toContain('alice');
    }
  });
});
