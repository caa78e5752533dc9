import '../test_utils/setup';
import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EuiProvider } from '@elastic/eui';
import { ALERTS_API_PATH, API_VERSION } from '../../common/constants';
import type { AlertListItem } from '../../common/api';
import { AlertsList } from './alerts_list';

const item = (i: number, over: Partial<AlertListItem> = {}): AlertListItem => ({
  id: `a-${i}`,
  instanceId: `user${i}|203.0.113.${i}`,
  timestamp: new Date(Date.UTC(2026, 0, 1, 0, 60 - i)).toISOString(),
  user: `user${i}@example.com`,
  ip: `203.0.113.${i}`,
  severity: i % 2 ? 'high' : 'low',
  riskScore: 50 + i,
  reason: `reason ${i}`,
  status: 'active',
  ruleName: 'R',
  ruleUuid: 'r-1',
  detection: 'network',
  ...over,
});

const setup = (get: jest.Mock, onOpen = jest.fn()) => {
  render(
    <EuiProvider colorMode="light">
      <AlertsList http={{ get }} onOpen={onOpen} perPage={10} />
    </EuiProvider>
  );
  return onOpen;
};

describe('AlertsList', () => {
  it('lists alerts as returned (newest first) and opens one on click', async () => {
    const get = jest.fn(async () => ({ total: 2, page: 0, perPage: 10, alerts: [item(1), item(2)] }));
    const onOpen = setup(get);
    const rows = await screen.findAllByTestId('cicAlertRow');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute('data-alert-id', 'a-1');
    expect(get).toHaveBeenCalledWith(ALERTS_API_PATH, expect.objectContaining({ query: { page: 0, perPage: 10 }, version: API_VERSION }));
    await userEvent.click(within(rows[1]).getByTestId('cicAlertOpen'));
    expect(onOpen).toHaveBeenCalledWith('a-2');
  });

  it('sends severity, user and ip filters and resets paging', async () => {
    const get = jest.fn(async () => ({ total: 0, page: 0, perPage: 10, alerts: [] }));
    setup(get);
    await waitFor(() => expect(get).toHaveBeenCalledTimes(1));
    await userEvent.selectOptions(screen.getByTestId('cicFilterSeverity'), 'critical');
    await userEvent.type(screen.getByTestId('cicFilterUser'), 'bob@example.com');
    await userEvent.type(screen.getByTestId('cicFilterIp'), '2001:db8::1');
    await userEvent.click(screen.getByTestId('cicFilterApply'));
    await waitFor(() =>
      expect(get).toHaveBeenLastCalledWith(
        ALERTS_API_PATH,
        expect.objectContaining({ query: { page: 0, perPage: 10, severity: 'critical', user: 'bob@example.com', ip: '2001:db8::1' } })
      )
    );
    expect(await screen.findByText(/No alerts match/)).toBeInTheDocument();
  });

  it('flags a malformed IP inline and does not query with it', async () => {
    const get = jest.fn(async () => ({ total: 0, page: 0, perPage: 10, alerts: [] }));
    setup(get);
    await waitFor(() => expect(get).toHaveBeenCalledTimes(1));
    await userEvent.type(screen.getByTestId('cicFilterIp'), '1.2.3');
    expect(screen.getByText('Not an IPv4 or IPv6 address')).toBeInTheDocument();
    expect(screen.getByTestId('cicFilterApply')).toBeDisabled();
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('pages through the server', async () => {
    const get = jest.fn(async (_p: string, o: any) => ({
      total: 25,
      page: o.query.page,
      perPage: 10,
      alerts: Array.from({ length: 10 }, (_, i) => item(o.query.page * 10 + i)),
    }));
    setup(get);
    await screen.findAllByTestId('cicAlertRow');
    await userEvent.click(screen.getByTestId('pagination-button-next'));
    await waitFor(() => expect(get).toHaveBeenLastCalledWith(ALERTS_API_PATH, expect.objectContaining({ query: { page: 1, perPage: 10 } })));
    await waitFor(() => expect(screen.getAllByTestId('cicAlertRow')[0]).toHaveAttribute('data-alert-id', 'a-10'));
  });

  it('offers no page past the first 10 000 alerts and says so', async () => {
    const get = jest.fn(async (_p: string, o: any) => ({
      total: 25_000,
      page: o.query.page,
      perPage: 10,
      alerts: Array.from({ length: 10 }, (_, i) => item(o.query.page * 10 + i)),
    }));
    setup(get);
    await screen.findAllByTestId('cicAlertRow');
    expect(screen.getByTestId('cicAlertsWindowNotice')).toHaveTextContent(
      '25,000 alerts match; only the newest 10,000 can be paged through. Narrow the filters (severity, user, IP) to see older ones.'
    );
    // the pager's last page is 1 000 (alerts 9 991..10 000), not 2 500
    const last = screen.getByTestId('pagination-button-999');
    expect(last).toHaveTextContent('1000');
    expect(screen.queryByTestId('pagination-button-2499')).toBeNull();
    await userEvent.click(last);
    await waitFor(() => expect(get).toHaveBeenLastCalledWith(ALERTS_API_PATH, expect.objectContaining({ query: { page: 999, perPage: 10 } })));
    expect(screen.getByTestId('pagination-button-next')).toBeDisabled();
  });

  it('shows no window notice when everything can be paged', async () => {
    const get = jest.fn(async () => ({ total: 10_000, page: 0, perPage: 10, alerts: [item(1)] }));
    setup(get);
    await screen.findAllByTestId('cicAlertRow');
    expect(screen.queryByTestId('cicAlertsWindowNotice')).toBeNull();
    expect(screen.getByTestId('pagination-button-999')).toBeInTheDocument();
  });

  it('shows the error with a retry', async () => {
    const get = jest.fn().mockRejectedValueOnce(new Error('Forbidden')).mockResolvedValueOnce({ total: 1, page: 0, perPage: 10, alerts: [item(1)] });
    setup(get);
    expect(await screen.findByTestId('cicAlertsError')).toHaveTextContent('Forbidden');
    await userEvent.click(screen.getByTestId('cicAlertsRetry'));
    expect(await screen.findAllByTestId('cicAlertRow')).toHaveLength(1);
  });

  it('renders markup in user and reason as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const get = jest.fn(async () => ({ total: 1, page: 0, perPage: 10, alerts: [item(1, { user: evil, reason: evil })] }));
    setup(get);
    const row = await screen.findByTestId('cicAlertRow');
    expect(row.querySelector('img[src="x"]')).toBeNull();
    expect(within(row).getAllByText(evil)).toHaveLength(2);
  });
});
