// Builders for investigation responses used by component tests.
import type { InvestigationResponse, Section } from '../../common/api';

const esql = { query: 'FROM logs-x-*\n| WHERE TO_IP(source.ip) == TO_IP(?ip)', params: [{ ip: '203.0.113.7' }] };
export const section = <T>(items: T[], extra: Partial<Section<T>> = {}): Section<T> => ({ items, truncated: false, esql, ...extra });

export function investigation(over: Partial<InvestigationResponse> = {}): InvestigationResponse {
  return {
    user: 'alice@example.com',
    ip: '203.0.113.7',
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-01-01T02:00:00.000Z',
    alert: {
      id: 'alert-1',
      timestamp: '2026-01-01T01:00:00.000Z',
      status: 'active',
      reason: 'alice signed in from 203.0.113.7 after 2 network alerts',
      ruleName: 'Cloud sign-in from a flagged source IP',
      ruleUuid: 'rule/uuid 1',
      user: 'alice@example.com',
      ip: '203.0.113.7',
      severity: 'high',
      riskScore: 73,
      detection: 'network',
      geo: { country: 'Netherlands', city: 'Amsterdam', asNumber: 64500, asOrg: 'Example Hosting' },
      summary: null,
    },
    indices: { signins: ['logs-azure.signinlogs-*'], networkAlerts: ['.alerts-security.alerts-*'], threatIntel: ['logs-ti_*'] },
    riskyOperations: ['FileDownloaded'],
    signins: section([
      { timestamp: '2026-01-01T00:30:00.000Z', user: 'alice@example.com', app: 'Azure Portal', source: 'azure.signinlogs', client: 'Browser', device: 'Windows 10 / Edge', country: 'NL', outcome: 'success', riskLevel: 'high', userAgent: 'Mozilla/5.0' },
      { timestamp: '2026-01-01T00:40:00.000Z', user: 'alice@example.com', app: 'Office 365 Exchange Online', source: 'azure.signinlogs', client: 'Mobile Apps', device: 'iOS', country: 'NL', outcome: 'failure', riskLevel: 'none', userAgent: null },
    ]),
    networkAlerts: section([
      { id: 'n1', timestamp: '2026-01-01T00:10:00.000Z', rule: 'ET SCAN Suspicious inbound', severity: 'high', riskScore: 73, destination: '10.0.0.5:443', reason: 'scan from 203.0.113.7', linked: true },
    ]),
    activity: section([
      { timestamp: '2026-01-01T00:50:00.000Z', user: 'alice@example.com', operation: 'FileDownloaded', workload: 'SharePoint', object: 'payroll.xlsx', outcome: 'success', risky: true },
      { timestamp: '2026-01-01T00:51:00.000Z', user: 'alice@example.com', operation: 'FileAccessed', workload: 'SharePoint', object: 'notes.docx', outcome: 'success', risky: false },
    ]),
    threatIntel: section([
      { timestamp: '2026-01-01T00:00:00.000Z', indicator: '203.0.113.7', feed: 'AbuseCH Threat Fox', provider: 'abuse.ch', confidence: 'High', type: 'ipv4-addr', firstSeen: '2025-12-20T00:00:00.000Z', lastSeen: '2025-12-31T00:00:00.000Z', description: 'botnet C2' },
    ]),
    pivots: { ips: null, users: null },
    ...over,
  };
}
