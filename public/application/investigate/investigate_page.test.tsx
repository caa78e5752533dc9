import '../../test_utils/setup';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { InvestigationResponse } from '../../../common/api';
import { INVESTIGATION_API_PATH } from '../../../common/constants';
import { investigation, section } from '../../test_utils/fixtures';
import { createMemoryHistory, renderApp, type AppHistory, type HttpLike } from '..';

const EVIL = '<img src=x onerror=alert(1)>';
const pivot = <T,>(items: T[], extra = {}) => ({ ...section(items), limit: 100, ...extra });

/** Answers like the API: a scope investigation of whatever was asked, with pivots for what was given. */
function answer(query: Record<string, string>): InvestigationResponse {
  const user = query.user ?? null;
  const ip = query.ip ?? null;
  if (user === 'nobody@example.com') {
    return investigation({ user, ip: null, alert: null, from: query.from, to: query.to, signins: section([]), networkAlerts: section([]), activity: section([]), threatIntel: section([]), pivots: { ips: pivot([]), users: null } });
  }
  return investigation({
    user,
    ip,
    from: query.from,
    to: query.to,
    alert: null,
    pivots: {
      ips: user
        ? pivot(
            [
              { ip: '203.0.113.7', signins: 3, firstSeen: '2026-03-01T10:30:00.000Z', lastSeen: '2026-03-01T10:35:00.000Z', networkAlerts: 2, indicators: 1 },
              { ip: '198.51.100.9', signins: 1, firstSeen: '2026-03-01T10:32:00.000Z', lastSeen: '2026-03-01T10:32:00.000Z', networkAlerts: 0, indicators: null },
            ],
            { truncated: true, limit: 2 }
          )
        : null,
      users: ip
        ? pivot([
            { user: 'alice@example.com', signins: 3, firstSeen: null, lastSeen: '2026-03-01T10:35:00.000Z' },
            { user: EVIL, signins: 1, firstSeen: null, lastSeen: '2026-03-01T10:31:00.000Z' },
          ])
        : null,
    },
  });
}

let http: HttpLike & { get: jest.Mock };
let unmount: (() => void) | undefined;
let history: AppHistory;

function open(path: string) {
  const element = document.createElement('div');
  document.body.appendChild(element);
  history = createMemoryHistory(path);
  act(() => {
    unmount = renderApp({ element, http, history });
  });
}
const lastQuery = () => http.get.mock.calls[http.get.mock.calls.length - 1][1].query as Record<string, string>;

beforeEach(() => {
  http = { get: jest.fn(async (_path: string, o: { query: Record<string, string> }): Promise<any> => answer(o.query)) };
});
afterEach(() => {
  if (unmount) act(() => unmount!());
  unmount = undefined;
  document.body.innerHTML = '';
});

describe('Investigate page', () => {
  it('opens a deep link by user with date math, resolved once to an ISO range, and lists the IPs with counts', async () => {
    const before = Date.now();
    open('/investigate?user=Alice%40Example.com&from=now-7d&to=now');
    // the first test loads the lazy chunks (page, panel, charts): slow on a shared machine
    await screen.findByTestId('cicPivotIps', {}, { timeout: 30_000 });
    expect(http.get).toHaveBeenCalledTimes(1);
    const q = lastQuery();
    expect(http.get.mock.calls[0][0]).toBe(INVESTIGATION_API_PATH);
    expect(q.user).toBe('alice@example.com');
    expect(q.ip).toBeUndefined();
    expect(Date.parse(q.to) - Date.parse(q.from)).toBe(7 * 86_400_000);
    expect(Date.parse(q.to)).toBeGreaterThanOrEqual(before - 1000);
    const rows = screen.getAllByTestId('cicPivotIpRow');
    expect(rows.map((r) => r.getAttribute('data-ip'))).toEqual(['203.0.113.7', '198.51.100.9']);
    expect(within(rows[0]).getByTestId('cicPivotNetworkCount')).toHaveTextContent('2');
    expect(within(rows[1]).getByTestId('cicPivotIndicatorCount')).toHaveTextContent('?');
    expect(screen.getByTestId('cicPivotIpsTruncated')).toHaveTextContent('More than 2 matched');
    // the form shows what the link said
    expect(screen.getByTestId('cicInvestigateUser')).toHaveValue('Alice@Example.com');
    expect(screen.queryByTestId('cicPivotUsers')).toBeNull();
    // the sections say what was searched
    expect(screen.getByTestId('cicSigninsSection')).toHaveTextContent('Sign-ins by alice@example.com, from any IP');
    expect(screen.getByTestId('cicNetworkAlertsSection')).toHaveTextContent('Network alerts on the IPs alice@example.com signed in from');
  });

  it('pivots from a user to an IP and from the IP to a user, over the same resolved range', async () => {
    open('/investigate?user=alice%40example.com&from=2026-03-01T00%3A00%3A00Z&to=2026-03-02T00%3A00%3A00Z');
    const link = (await screen.findAllByTestId('cicPivotIpLink'))[0];
    expect(link).toHaveAttribute('href', '/app/cloudIdentityCompromise/investigate?ip=203.0.113.7&from=2026-03-01T00%3A00%3A00.000Z&to=2026-03-02T00%3A00%3A00.000Z');
    await userEvent.click(link);
    expect(history.location.pathname).toBe('/investigate');
    await screen.findByTestId('cicPivotUsers');
    expect(lastQuery()).toEqual({ ip: '203.0.113.7', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' });
    expect(screen.getByTestId('cicInvestigateIp')).toHaveValue('203.0.113.7');
    expect(screen.getByTestId('cicHeaderUser')).toHaveTextContent('Every user');
    expect(screen.getByTestId('cicSigninsSection')).toHaveTextContent('Sign-ins from 203.0.113.7, every user');
    expect(screen.getByTestId('cicPivotUsersShared')).toHaveTextContent('2 users share this IP');
    // attacker-controlled user names are text, never markup
    expect(screen.getByText(EVIL)).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    await userEvent.click(screen.getAllByTestId('cicPivotUserLink')[0]);
    await waitFor(() => expect(lastQuery()).toEqual({ user: 'alice@example.com', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' }));
    await screen.findByTestId('cicPivotIps');
  });

  it.each([
    ['/investigate?ip=203.0.113.300', 'ip', /“203\.0\.113\.300” is not an IPv4 or IPv6 address/],
    ['/investigate?ip=203.0.113.7&from=now&to=now-1d', 'range', /is after the end/],
    ['/investigate?ip=203.0.113.7&from=now-90d&to=now', 'range', /covers 90 days; the longest is 31 days/],
    ['/investigate?user=alice&from=last%20tuesday', 'from', /The start “last tuesday” is not a time/],
  ])('explains a bad deep link %s in the page and requests nothing', async (path, field, msg) => {
    open(path);
    const box = await screen.findByTestId('cicInvestigateInvalid');
    expect(within(box).getByTestId(`cicInvestigateError-${field}`)).toHaveTextContent(msg);
    expect(http.get).not.toHaveBeenCalled();
  });

  it('validates the form before navigating, then opens what was entered', async () => {
    open('/investigate');
    expect(await screen.findByTestId('cicInvestigateStart')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('cicInvestigateSubmit'));
    expect(await screen.findByTestId('cicInvestigateError-scope')).toHaveTextContent('Enter a user, an IP address, or both.');
    await userEvent.type(screen.getByTestId('cicInvestigateIp'), '10.0.0');
    await userEvent.click(screen.getByTestId('cicInvestigateSubmit'));
    expect(await screen.findByText(/“10\.0\.0” is not an IPv4 or IPv6 address/)).toBeInTheDocument();
    expect(history.location.pathname + (history.location.search ?? '')).toBe('/investigate');
    expect(http.get).not.toHaveBeenCalled();
    await userEvent.clear(screen.getByTestId('cicInvestigateIp'));
    await userEvent.type(screen.getByTestId('cicInvestigateIp'), '2001:DB8::7');
    await userEvent.click(screen.getByTestId('cicInvestigateSubmit'));
    expect(history.location.search).toBe('?ip=2001%3ADB8%3A%3A7&from=now-24h&to=now');
    await screen.findByTestId('cicPivotUsers');
    expect(lastQuery().ip).toBe('2001:db8::7');
  });

  it('says so when the user has no sign-ins in the range, instead of a blank panel', async () => {
    open('/investigate?user=nobody%40example.com&from=2026-03-01&to=2026-03-02');
    expect(await screen.findByTestId('cicPanelEmptyBody')).toHaveTextContent(
      'No sign-ins by nobody@example.com between 2026-03-01 00:00:00Z and 2026-03-02 00:00:00Z. Users are matched exactly'
    );
  });

  it('opens from the Investigate tab', async () => {
    open('/');
    await userEvent.click(await screen.findByTestId('cicTabInvestigate'));
    expect(history.location.pathname).toBe('/investigate');
    expect(await screen.findByTestId('cicInvestigateForm')).toBeInTheDocument();
  });
});

describe('alert panel counts and pivots', () => {
  it('labels what the alert saw at detection and what the window shows now, and pivots from the alert', async () => {
    http.get.mockImplementation(async () =>
      investigation({
        alert: {
          ...investigation().alert!,
          reason: 'alice signed in from 203.0.113.7; 3 Microsoft 365 operations',
          summary: { signin: { count: 1 }, network_alert: { count: 1 }, activity: { count: 3, risky_count: 1 }, threat_intel: { count: 0 } },
        },
        pivots: { ips: pivot([{ ip: '198.51.100.9', signins: 1, firstSeen: null, lastSeen: null, networkAlerts: 0, indicators: 0 }]), users: pivot([{ user: 'bob@example.com', signins: 2, firstSeen: null, lastSeen: null }]) },
      })
    );
    open('/alerts/alert-1');
    const counts = await screen.findByTestId('cicDetectionCounts');
    expect(counts).toHaveTextContent('At detection (2026-01-01 01:00:00Z)');
    expect(counts).toHaveTextContent('In this window (2026-01-01 00:00:00Z → 2026-01-01 02:00:00Z)');
    const cell = (key: string, col: 'AtDetection' | 'InWindow') => within(screen.getByTestId(`cicCount-${key}`)).getByTestId(`cicCount${col}`).textContent;
    expect([cell('activity', 'AtDetection'), cell('activity', 'InWindow')]).toEqual(['3', '2']);
    expect([cell('risky', 'AtDetection'), cell('risky', 'InWindow')]).toEqual(['1', '1']);
    expect([cell('signins', 'AtDetection'), cell('signins', 'InWindow')]).toEqual(['1', '1 (of 2 sign-ins, any outcome)']);
    expect([cell('ti', 'AtDetection'), cell('ti', 'InWindow')]).toEqual(['0', '1']);
    await userEvent.click(screen.getByTestId('cicPivotUserLink'));
    expect(history.location.search).toBe('?user=bob%40example.com&from=2026-01-01T00%3A00%3A00.000Z&to=2026-01-01T02%3A00%3A00.000Z');
  }, 120_000); // the full panel (chart, tables) is slow to render on a shared CI machine
});
