import { DEFAULT_RULE_PARAMS } from '../../common/params';
import type { RuleParams } from '../../common/params';
import { defaultProbe, esqlResponse, fakeEsClient, iso, networkRow, pairRow, responseError } from './__fixtures__/fake_esql_client';
import type { FakeResponses } from './__fixtures__/fake_esql_client';
import { computeWindow, executor } from './executor';
// The host's stand-in reads the source the way Kibana's task manager does (task_running/errors.ts getErrorSource).
import { getErrorSource, TaskErrorSource } from '../../standalone/host/kibana/task_manager';
import type { ExecutorOptions } from './executor';

const IP = '45.155.205.233';
const startedAt = new Date(iso(60));

function services(es: ReturnType<typeof fakeEsClient>, o: { limit?: number; stop?: () => boolean; recovered?: string[]; noResultService?: boolean } = {}) {
  const alertsClient = {
    report: jest.fn(() => ({ uuid: 'u', start: null })),
    setAlertData: jest.fn(),
    isTrackedAlert: jest.fn(() => false),
    getAlertLimitValue: jest.fn(() => o.limit ?? 1000),
    setAlertLimitReached: jest.fn(),
    getRecoveredAlerts: jest.fn(() => (o.recovered ?? []).map((id) => ({ alert: { getId: () => id, getUuid: () => `uuid-${id}`, getStart: () => null, getState: () => ({}), getContext: () => ({}) } }))),
  };
  const ruleResultService = { addLastRunError: jest.fn(), addLastRunWarning: jest.fn(), setLastRunOutcomeMessage: jest.fn() };
  return {
    alertsClient,
    ruleResultService,
    svc: {
      alertsClient,
      scopedClusterClient: { asCurrentUser: es, asInternalUser: es },
      shouldStopExecution: o.stop ?? (() => false),
      shouldWriteAlerts: () => true,
      ...(o.noResultService ? {} : { ruleResultService }),
    },
  };
}

function options(svc: unknown, p: Partial<RuleParams> = {}, extra: Partial<ExecutorOptions> = {}): ExecutorOptions {
  return {
    executionId: 'exec-1',
    logger: { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn(), trace: jest.fn(), fatal: jest.fn(), get: jest.fn() } as any,
    params: { ...DEFAULT_RULE_PARAMS, detectionMode: 'network', ...p },
    previousStartedAt: null,
    rule: { id: 'rule-1', name: 'r', ruleTypeId: 'cloudIdentityCompromise.signinCorrelation' } as any,
    services: svc as any,
    spaceId: 'default',
    startedAt,
    startedAtOverridden: false,
    state: {},
    isServerless: false,
    getTimeRange: (tw?: string) => {
      const m = Number(/^(\d+)m$/.exec(tw ?? '60m')![1]);
      return { dateStart: new Date(startedAt.getTime() - m * 60_000).toISOString(), dateEnd: startedAt.toISOString() };
    },
    ...extra,
  };
}

const happy: FakeResponses = { network: [networkRow(IP)], pairs: [pairRow(IP, 'alice@contoso.com'), pairRow(IP, 'bob@contoso.com', { risky: 7 })] };

describe('executor', () => {
  it('reports one alert per pair with a stable id, payload and context', async () => {
    const es = fakeEsClient(happy);
    const { svc, alertsClient, ruleResultService } = services(es);
    const res = await executor(options(svc));
    expect(alertsClient.report.mock.calls.map((c: any[]) => c[0].id)).toEqual([`bob@contoso.com|${IP}`, `alice@contoso.com|${IP}`]);
    const first = (alertsClient.report.mock.calls[0] as any[])[0];
    expect(first.actionGroup).toBe('compromisedSignin');
    expect(first.payload['kibana.alert.reason']).toContain('bob@contoso.com');
    expect(first.context).toMatchObject({ user: 'bob@contoso.com', sourceIp: IP, severity: 'critical' });
    expect(alertsClient.setAlertLimitReached).toHaveBeenCalledWith(false);
    expect(ruleResultService.addLastRunError).not.toHaveBeenCalled();
    expect(ruleResultService.addLastRunWarning).not.toHaveBeenCalled();
    expect(ruleResultService.setLastRunOutcomeMessage).toHaveBeenCalledWith(expect.stringMatching(/^2 alert\(s\) from 1 candidate IP\(s\).*; 4 ES\|QL request\(s\)$/));
    expect(res.state.lastWindowEnd).toBe(startedAt.toISOString());
    // the window: [startedAt - lookback, startedAt]
    expect(es.calls[3].body.filter.bool.filter[0].range['@timestamp']).toMatchObject({ gte: iso(0), lte: iso(60) });
  });

  it('honours the framework alert limit and sets setAlertLimitReached', async () => {
    const es = fakeEsClient(happy);
    const { svc, alertsClient, ruleResultService } = services(es, { limit: 1 });
    await executor(options(svc));
    expect(alertsClient.report).toHaveBeenCalledTimes(1);
    expect(alertsClient.setAlertLimitReached).toHaveBeenCalledWith(true);
    expect(ruleResultService.addLastRunWarning).toHaveBeenCalledWith(expect.stringMatching(/Alert limit reached: 2 .*limit 1 = min\(maxAlertsPerRun 100, framework limit 1\)/));
  });

  it('honours maxAlertsPerRun below the framework limit', async () => {
    const es = fakeEsClient(happy);
    const { svc, alertsClient } = services(es, { limit: 1000 });
    await executor(options(svc, { maxAlertsPerRun: 1 }));
    expect(alertsClient.report).toHaveBeenCalledTimes(1);
    expect(alertsClient.setAlertLimitReached).toHaveBeenCalledWith(true);
  });

  it('gives recovered alerts a context', async () => {
    const es = fakeEsClient({ network: [] });
    const { svc, alertsClient } = services(es, { recovered: ['carol@contoso.com|185.220.101.4'] });
    await executor(options(svc));
    expect(alertsClient.setAlertData).toHaveBeenCalledWith({
      id: 'carol@contoso.com|185.220.101.4',
      context: expect.objectContaining({ user: 'carol@contoso.com', sourceIp: '185.220.101.4', reason: expect.stringContaining('No sign-in by carol@contoso.com') }),
    });
  });

  it.each([
    ['a missing index (user error)', { probe: () => responseError(404, 'index_not_found_exception', 'no such index [logs-suricata.eve-*]') }, true, /no index matches the network alert index patterns/],
    ['an ES|QL 400 (system error: our query)', { network: responseError(400, 'parsing_exception', 'line 1:1: mismatched input') }, false, /ES\|QL rejected the request/],
    ['a missing field (user error)', { network: responseError(400, 'verification_exception', 'Found 1 problem\nline 4:3: Unknown column [source.ip]') }, true, /not mapped/],
    ['a timeout (system error)', { network: Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }) }, false, /did not answer in time/],
  ] as const)('ends the run on %s with a task-run error naming the source, after reporting the alert limit', async (_n, responses, userError, message) => {
    const es = fakeEsClient(responses as FakeResponses);
    const { svc, alertsClient, ruleResultService } = services(es);
    const err = await executor(options(svc)).then(
      () => null,
      (e: Error) => e
    );
    expect(err?.message).toMatch(message);
    expect(getErrorSource(err)).toBe(userError ? TaskErrorSource.USER : TaskErrorSource.FRAMEWORK);
    // otherwise Kibana's checkLimitUsage() would replace the message with the alert-limit error
    expect(alertsClient.setAlertLimitReached).toHaveBeenCalledWith(false);
    expect(alertsClient.report).not.toHaveBeenCalled();
    expect(ruleResultService.addLastRunError).not.toHaveBeenCalled();
  });

  it('fails the same way without a ruleResultService', async () => {
    const es = fakeEsClient({ network: responseError(400, 'parsing_exception', 'bad') });
    const { svc } = services(es, { noResultService: true });
    await expect(executor(options(svc))).rejects.toThrow(/^Network alert query: ES\|QL rejected the request/);
  });

  it('aborts the in-flight request when shouldStopExecution() turns true', async () => {
    let stop = false;
    const es = fakeEsClient(
      (kind, _b, opts) =>
        new Promise((resolve) => {
          if (kind === 'probe') return resolve(defaultProbe('.alerts-security'));
          stop = true;
          opts.signal.addEventListener('abort', () => resolve(Object.assign(new Error('Request aborted'), { name: 'RequestAbortedError' })));
        })
    );
    const { svc, alertsClient } = services(es, { stop: () => stop });
    const err = await executor(options(svc)).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/cancelled before Elasticsearch answered/);
    expect(getErrorSource(err)).toBe(TaskErrorSource.FRAMEWORK);
    expect(alertsClient.report).not.toHaveBeenCalled();
  });

  it('reports alerts and a last-run warning for partial results', async () => {
    const es = fakeEsClient({ ...happy, partial: ['network'] });
    const { svc, alertsClient, ruleResultService } = services(es);
    await executor(options(svc));
    expect(alertsClient.report).toHaveBeenCalledTimes(2);
    expect(ruleResultService.addLastRunWarning).toHaveBeenCalledWith(expect.stringMatching(/partial results/));
    expect(ruleResultService.addLastRunError).not.toHaveBeenCalled();
  });

  it('fails clearly without an alerts client', async () => {
    const es = fakeEsClient(happy);
    const { svc } = services(es);
    await expect(executor(options({ ...svc, alertsClient: null }))).rejects.toThrow(/alerts client is unavailable/);
    expect(esqlResponse([]).values).toEqual([]);
  });
});

describe('computeWindow', () => {
  const p = { ...DEFAULT_RULE_PARAMS, lookbackMinutes: 60, maxCatchUpMinutes: 120 };
  const at = new Date('2026-11-23T12:00:00.000Z');
  it('uses the look-back when the previous run was on time', () => {
    expect(computeWindow({ params: p, startedAt: at, previousStartedAt: new Date('2026-11-23T11:55:00.000Z') })).toEqual({
      dateStart: '2026-11-23T11:00:00.000Z',
      dateEnd: '2026-11-23T12:00:00.000Z',
      catchUpMinutes: 0,
    });
  });
  it('extends back to the previous run after a late run, capped by maxCatchUpMinutes', () => {
    expect(computeWindow({ params: p, startedAt: at, previousStartedAt: new Date('2026-11-23T10:30:00.000Z') })).toMatchObject({ dateStart: '2026-11-23T10:30:00.000Z', catchUpMinutes: 30 });
    expect(computeWindow({ params: p, startedAt: at, previousStartedAt: new Date('2026-11-22T12:00:00.000Z') })).toMatchObject({ dateStart: '2026-11-23T09:00:00.000Z', catchUpMinutes: 120 });
    expect(computeWindow({ params: { ...p, maxCatchUpMinutes: 0 }, startedAt: at, previousStartedAt: new Date('2026-11-22T12:00:00.000Z') })).toMatchObject({ dateStart: '2026-11-23T11:00:00.000Z' });
  });
  it("follows the framework's query delay from getTimeRange", () => {
    const getTimeRange = () => ({ dateStart: '2026-11-23T10:59:00.000Z', dateEnd: '2026-11-23T11:59:00.000Z' });
    expect(computeWindow({ params: p, startedAt: at, previousStartedAt: new Date('2026-11-23T10:00:00.000Z'), getTimeRange })).toEqual({
      dateStart: '2026-11-23T09:59:00.000Z',
      dateEnd: '2026-11-23T11:59:00.000Z',
      catchUpMinutes: 60,
    });
  });
});

describe('executor: peak severity of an ongoing alert', () => {
  it('keeps the higher severity and risk score written by an earlier run (flat or nested doc)', async () => {
    const es = fakeEsClient({ network: [networkRow(IP)], pairs: [pairRow(IP, 'alice@contoso.com')] }); // high now
    const { svc, alertsClient } = services(es);
    alertsClient.report.mockImplementation(() => ({ uuid: 'u', start: iso(0), alertDoc: { kibana: { alert: { severity: 'critical', risk_score: 99 } } } }) as any);
    await executor(options(svc));
    const reported = (alertsClient.report.mock.calls[0] as any[])[0].payload;
    expect(alertsClient.setAlertData).toHaveBeenCalledWith({
      id: `alice@contoso.com|${IP}`,
      context: expect.objectContaining({ severity: 'critical', riskScore: 99 }),
      // Kibana's setAlertData replaces the payload: the whole reported payload comes again, with the peak severity
      payload: {
        ...reported,
        'kibana.alert.severity': 'critical',
        'kibana.alert.risk_score': 99,
        'cloud_identity.severity': 'critical',
        'cloud_identity.risk_score': 99,
        'kibana.alert.url': '/app/cloudIdentityCompromise/alerts/u',
      },
    });
    const { payload } = (alertsClient.setAlertData.mock.calls[0] as any[])[0];
    for (const field of ['user.email', 'source.ip', 'kibana.alert.reason', 'threat.tactic.id', 'threat.technique.id', 'cloud_identity.user', 'cloud_identity.source_ip']) {
      expect(payload[field]).toBeDefined();
    }
  });

  it('lets the severity rise above an earlier run\'s', async () => {
    const es = fakeEsClient({ network: [networkRow(IP)], pairs: [pairRow(IP, 'alice@contoso.com')] });
    const { svc, alertsClient } = services(es);
    alertsClient.report.mockImplementationOnce(() => ({ uuid: 'u', start: iso(0), alertDoc: { 'kibana.alert.severity': 'low', 'kibana.alert.risk_score': 21 } }) as any);
    await executor(options(svc));
    const [[call]] = alertsClient.setAlertData.mock.calls as any[];
    expect(call.payload['kibana.alert.severity']).not.toBe('low');
    expect(call.payload['kibana.alert.risk_score']).toBeGreaterThan(21);
  });
});

describe('executor: link to the investigation panel', () => {
  it('puts the alert uuid deep link in the action context and kibana.alert.url, space-aware', async () => {
    const es = fakeEsClient({ network: [networkRow(IP)], pairs: [pairRow(IP, 'alice@contoso.com')] });
    const { svc, alertsClient } = services(es);
    alertsClient.report.mockImplementation(() => ({ uuid: 'a/b c', start: null }) as any);
    await executor({ ...options(svc), spaceId: 'soc team' } as any);
    expect(alertsClient.setAlertData).toHaveBeenCalledWith(
      expect.objectContaining({
        context: expect.objectContaining({ alertDetailsUrl: '/s/soc%20team/app/cloudIdentityCompromise/alerts/a%2Fb%20c' }),
        payload: expect.objectContaining({ 'kibana.alert.url': '/s/soc%20team/app/cloudIdentityCompromise/alerts/a%2Fb%20c' }),
      })
    );
  });
});
