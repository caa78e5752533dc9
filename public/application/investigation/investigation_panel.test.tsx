import '../../test_utils/setup';
import React from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EuiProvider } from '@elastic/eui';
import { INVESTIGATION_API_PATH, API_VERSION } from '../../../common/constants';
import { investigation, section } from '../../test_utils/fixtures';
import { InvestigationPanel, esqlForView } from './investigation_panel';

const renderPanel = (get: jest.Mock) =>
  render(
    <EuiProvider colorMode="light">
      <InvestigationPanel http={{ get }} alertId="alert-1" colorMode="light" onBack={() => undefined} />
    </EuiProvider>
  );

describe('InvestigationPanel', () => {
  it('shows a loading state, then the header, tables and timeline', async () => {
    let resolve!: (v: unknown) => void;
    const get = jest.fn(() => new Promise((r) => (resolve = r)));
    renderPanel(get);
    expect(screen.getByTestId('cicPanelLoading')).toBeInTheDocument();
    expect(get).toHaveBeenCalledWith(INVESTIGATION_API_PATH, expect.objectContaining({ query: { alertId: 'alert-1' }, version: API_VERSION }));
    resolve(investigation());
    await screen.findByTestId('cicHeader');
    expect(screen.getByTestId('cicHeaderUser')).toHaveTextContent('alice@example.com');
    expect(screen.getByTestId('cicHeaderIp')).toHaveTextContent('203.0.113.7');
    expect(screen.getByTestId('cicHeaderGeo')).toHaveTextContent('Amsterdam, Netherlands · AS64500 Example Hosting');
    expect(screen.getByTestId('cicHeaderSeverity')).toHaveTextContent('high');
    expect(screen.getByTestId('cicHeaderRiskScore')).toHaveTextContent('73');
    expect(screen.getByTestId('cicHeaderStatus')).toHaveTextContent('active');
    expect(screen.getByTestId('cicHeaderReason')).toHaveTextContent('after 2 network alerts');
    expect(within(screen.getByTestId('cicSigninsTable')).getAllByTestId('cicSigninRow')).toHaveLength(2);
    expect(within(screen.getByTestId('cicNetworkAlertsTable')).getAllByTestId('cicNetworkAlertRow')).toHaveLength(1);
    expect(screen.getByTestId('cicNetworkAlertLinked')).toBeInTheDocument();
    expect(screen.getAllByTestId('cicRiskyOperation')).toHaveLength(1);
    expect(screen.getAllByTestId('cicThreatIntelRow')).toHaveLength(1);
    expect(screen.getByTestId('cicTimeline')).toHaveAttribute('data-points', '5');
  });

  it('sorts the sign-ins table by a column when its header is clicked', async () => {
    renderPanel(jest.fn(async () => investigation()));
    const table = await screen.findByTestId('cicSigninsTable');
    const firstApp = () => within(table).getAllByTestId('cicSigninRow')[0].textContent;
    // newest first by default
    expect(firstApp()).toContain('Office 365 Exchange Online');
    await userEvent.click(within(table).getByRole('button', { name: /^App/ }));
    expect(firstApp()).toContain('Azure Portal');
  });

  it('shows the error message with a retry that reloads', async () => {
    const get = jest
      .fn()
      .mockRejectedValueOnce({ body: { message: 'alert [alert-1] not found', statusCode: 404 } })
      .mockResolvedValueOnce(investigation());
    renderPanel(get);
    expect(await screen.findByTestId('cicPanelError')).toBeInTheDocument();
    expect(screen.getByTestId('cicPanelErrorMessage')).toHaveTextContent('alert [alert-1] not found (HTTP 404)');
    await userEvent.click(screen.getByTestId('cicPanelRetry'));
    expect(await screen.findByTestId('cicHeader')).toBeInTheDocument();
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('shows an empty state when nothing matched', async () => {
    renderPanel(jest.fn(async () => investigation({ alert: null, signins: section([]), networkAlerts: section([]), activity: section([]), threatIntel: section([]) })));
    expect(await screen.findByTestId('cicPanelEmpty')).toBeInTheDocument();
  });

  it('shows a per-section error and still renders the other sections', async () => {
    renderPanel(jest.fn(async () => investigation({ threatIntel: section([], { error: 'Unknown index [logs-ti_*]' }) })));
    expect(await screen.findByTestId('cicThreatIntelSectionError')).toHaveTextContent('Unknown index [logs-ti_*]');
    expect(screen.getByTestId('cicSigninsTable')).toBeInTheDocument();
  });

  it('warns in the section whose results are partial, and only there', async () => {
    const data = investigation();
    data.networkAlerts = { ...data.networkAlerts, partial: true };
    renderPanel(jest.fn(async () => data));
    expect(await screen.findByTestId('cicNetworkAlertsSectionPartial')).toHaveTextContent('some rows may be missing');
    expect(within(screen.getByTestId('cicNetworkAlertsTable')).getAllByTestId('cicNetworkAlertRow')).toHaveLength(1);
    expect(screen.queryByTestId('cicSigninsSectionPartial')).toBeNull();
    expect(screen.queryByTestId('cicThreatIntelSectionPartial')).toBeNull();
  });

  it('renders an alert and rows without timestamps (documents missing @timestamp)', async () => {
    const data = investigation();
    data.alert!.timestamp = '';
    data.signins.items[0] = { ...data.signins.items[0], timestamp: '' };
    data.networkAlerts.items[0] = { ...data.networkAlerts.items[0], timestamp: '' };
    data.threatIntel.items[0] = { ...data.threatIntel.items[0], timestamp: '', lastSeen: null };
    renderPanel(jest.fn(async () => data));
    await screen.findByTestId('cicHeader');
    expect(within(screen.getByTestId('cicSigninsTable')).getAllByTestId('cicSigninRow')).toHaveLength(2);
    // undated rows are listed but not placed on the timeline (5 points less the 3 undated)
    expect(screen.getByTestId('cicTimeline')).toHaveAttribute('data-points', '2');
  });

  it('renders markup and script in attacker-controlled fields as inert text', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    (window as any).__pwned = 0;
    const data = investigation();
    data.alert!.user = evil;
    data.alert!.reason = `reason ${evil}`;
    data.signins.items[0] = { ...data.signins.items[0], user: evil, app: `<b>${evil}</b>`, client: evil, userAgent: evil };
    data.networkAlerts.items[0] = { ...data.networkAlerts.items[0], rule: evil, reason: evil };
    data.activity.items[0] = { ...data.activity.items[0], object: evil, operation: evil };
    data.threatIntel.items[0] = { ...data.threatIntel.items[0], description: evil };
    const { container } = renderPanel(jest.fn(async () => data));
    await screen.findByTestId('cicHeader');
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(screen.getByTestId('cicHeaderUser').textContent).toBe(evil);
    expect(screen.getByTestId('cicHeaderReason').textContent).toBe(`reason ${evil}`);
    expect(within(screen.getByTestId('cicSigninsTable')).getAllByText(evil).length).toBeGreaterThan(0);
    expect((window as any).__pwned).toBe(0);
  });

  it('offers Discover and rule links built with URL encoding, and the view as ES|QL', async () => {
    renderPanel(jest.fn(async () => investigation()));
    const discover = await screen.findByTestId('cicLinkDiscover');
    const href = discover.getAttribute('href')!;
    expect(href.startsWith('/app/discover#/?_g=')).toBe(true);
    expect(decodeURIComponent(href)).toContain("esql:'FROM logs-x-*");
    expect(decodeURIComponent(href)).toContain('TO_IP("203.0.113.7")');
    expect(screen.getByTestId('cicLinkRule')).toHaveAttribute('href', '/app/management/insightsAndAlerting/triggersActions/rule/rule%2Fuuid%201');
    expect(esqlForView(investigation())).toMatch(/^\/\/ Sign-ins\nFROM logs-x-\*/);
  });
});

describe('InvestigationPanel with 5 000 sign-ins', () => {
  it('renders one page of rows and buckets the timeline (bounded DOM)', async () => {
    const base = investigation().signins.items[0];
    const items = Array.from({ length: 5000 }, (_, i) => ({ ...base, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));
    renderPanel(jest.fn(async () => investigation({ signins: section(items) })));
    const table = await screen.findByTestId('cicSigninsTable');
    // bounded DOM is what this asserts; render time is not (a wall-clock bound fails on a loaded machine)
    expect(within(table).getAllByTestId('cicSigninRow')).toHaveLength(10);
    expect(Number(screen.getByTestId('cicTimeline').getAttribute('data-points'))).toBeLessThanOrEqual(4 * 61);
  });
});
