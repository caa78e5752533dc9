import '../test_utils/setup';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ALERTS_API_PATH, INVESTIGATION_API_PATH } from '../../common/constants';
import { investigation } from '../test_utils/fixtures';
import { createMemoryHistory, renderApp, type HttpLike } from '.';

const http: HttpLike & { get: jest.Mock } = {
  get: jest.fn(async (path: string): Promise<any> =>
    path === ALERTS_API_PATH
      ? { total: 1, page: 0, perPage: 20, alerts: [{ id: 'a/1', instanceId: null, timestamp: '2026-01-01T00:00:00Z', user: 'alice', ip: '203.0.113.7', severity: 'high', riskScore: 73, reason: 'r', status: 'active', ruleName: null, ruleUuid: null, detection: null }] }
      : investigation()
  ),
};

describe('renderApp', () => {
  let unmount: () => void;
  afterEach(() => act(() => unmount()));

  it('routes from the list to the lazily loaded panel and back, with encoded deep links', async () => {
    const element = document.createElement('div');
    document.body.appendChild(element);
    const history = createMemoryHistory('/');
    act(() => {
      unmount = renderApp({ element, http, history, theme: { darkMode: true } });
    });
    expect(await screen.findByTestId('cicApp')).toHaveAttribute('data-color-mode', 'dark');
    await userEvent.click(await screen.findByTestId('cicAlertOpen'));
    expect(history.location.pathname).toBe('/alerts/a%2F1');
    expect(await screen.findByTestId('cicHeader')).toBeInTheDocument();
    expect(http.get).toHaveBeenLastCalledWith(INVESTIGATION_API_PATH, expect.objectContaining({ query: { alertId: 'a/1' } }));
    await userEvent.click(screen.getByTestId('cicBackToList'));
    await waitFor(() => expect(screen.getByTestId('cicAlertsList')).toBeInTheDocument());
  });

  it('opens a deep link directly and shows the settings tab only when the host can save', async () => {
    const element = document.createElement('div');
    document.body.appendChild(element);
    act(() => {
      unmount = renderApp({ element, http, history: createMemoryHistory('/alerts/alert-1'), theme: 'light' });
    });
    expect(await screen.findByTestId('cicHeader')).toBeInTheDocument();
    expect(screen.queryByTestId('cicTabSettings')).toBeNull();
  });

  it('shows the rule settings page when a rule API is given', async () => {
    const element = document.createElement('div');
    document.body.appendChild(element);
    const history = createMemoryHistory('/');
    act(() => {
      unmount = renderApp({ element, http, history, rule: { getParams: async () => ({}), saveAndRun: async () => undefined } });
    });
    await userEvent.click(await screen.findByTestId('cicTabSettings'));
    expect(await screen.findByTestId('cicRuleEditor')).toBeInTheDocument();
    expect(screen.getByTestId('cicRuleSaveAndRerun')).toBeInTheDocument();
  });
});

describe('view in app link', () => {
  it('filters the list by the ?ruleId= the rule type links with, and clears it', async () => {
    const element = document.createElement('div');
    document.body.appendChild(element);
    http.get.mockClear();
    const history = createMemoryHistory('/alerts?ruleId=rule%2F1');
    let unmount!: () => void;
    act(() => {
      unmount = renderApp({ element, http, history });
    });
    expect(await screen.findByTestId('cicFilterRule')).toHaveTextContent('rule/1');
    await waitFor(() => expect(http.get).toHaveBeenLastCalledWith(ALERTS_API_PATH, expect.objectContaining({ query: expect.objectContaining({ ruleId: 'rule/1' }) })));
    await userEvent.click(screen.getByRole('button', { name: 'Show alerts of all rules' }));
    await waitFor(() => expect(http.get).toHaveBeenLastCalledWith(ALERTS_API_PATH, expect.objectContaining({ query: { page: 0, perPage: 20 } })));
    act(() => unmount());
  });
});
