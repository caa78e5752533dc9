// The rule's alerts, newest first, with severity/user/IP filters and server-side paging.
import React, { useCallback, useEffect, useState } from 'react';
import {
  EuiBadge,
  EuiBasicTable,
  EuiBasicTableColumn,
  EuiButton,
  EuiButtonEmpty,
  EuiCallOut,
  EuiFieldText,
  EuiFlexGroup,
  EuiFlexItem,
  EuiFormRow,
  EuiLink,
  EuiSelect,
  EuiSpacer,
  EuiText,
  type Criteria,
} from '@elastic/eui';
import type { AlertListItem, AlertsListQuery, AlertsListResponse } from '../../common/api';
import { MAX_RESULT_WINDOW, isValidIp } from '../../common/api';
import { SEVERITIES } from '../../common/constants';
import { tr } from '../i18n';
import { formatTime, severityColor, text } from './format';
import { HttpLike, errorMessage, fetchAlerts } from './http';

interface Props {
  http: HttpLike;
  onOpen(alertId: string): void;
  perPage?: number;
  /** only this rule's alerts (from `?ruleId=`, the rule type's "view in app" link) */
  ruleId?: string | null;
  onClearRule?: () => void;
}

interface Filters {
  severity: string;
  user: string;
  ip: string;
}
const EMPTY_FILTERS: Filters = { severity: '', user: '', ip: '' };
/** Each divides MAX_RESULT_WINDOW, so the last page offered ends exactly at it. */
const PAGE_SIZES = [10, 20, 50, 100];

export function AlertsList({ http, onOpen, perPage = 20, ruleId, onClearRule }: Props) {
  const [draft, setDraft] = useState<Filters>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [page, setPage] = useState(0);
  const [size, setSize] = useState(perPage);
  const [state, setState] = useState<{ loading: boolean; error: string | null; data: AlertsListResponse | null }>({ loading: true, error: null, data: null });
  const [attempt, setAttempt] = useState(0);

  const ipInvalid = draft.ip.trim() !== '' && !isValidIp(draft.ip.trim());

  useEffect(() => {
    const ac = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    const query: AlertsListQuery = {
      page,
      perPage: size,
      ...(filters.severity ? { severity: filters.severity as AlertsListQuery['severity'] } : {}),
      ...(filters.user ? { user: filters.user } : {}),
      ...(filters.ip ? { ip: filters.ip } : {}),
      ...(ruleId ? { ruleId } : {}),
    };
    fetchAlerts(http, query, ac.signal).then(
      (data) => !ac.signal.aborted && setState({ loading: false, error: null, data }),
      (e) => !ac.signal.aborted && setState({ loading: false, error: errorMessage(e), data: null })
    );
    return () => ac.abort();
  }, [http, filters, page, size, attempt, ruleId]);

  const apply = useCallback(() => {
    if (ipInvalid) return;
    setPage(0);
    setFilters({ severity: draft.severity, user: draft.user.trim(), ip: draft.ip.trim() });
  }, [draft, ipInvalid]);

  const columns: Array<EuiBasicTableColumn<AlertListItem>> = [
    { field: 'timestamp', name: tr('alerts.time', 'Time'), render: (v: string) => formatTime(v), width: '170px' },
    {
      field: 'user',
      name: tr('alerts.user', 'User'),
      width: '16em',
      render: (v: string, a: AlertListItem) => (
        <EuiLink data-test-subj="cicAlertOpen" onClick={() => onOpen(a.id)}>
          {text(v)}
        </EuiLink>
      ),
    },
    { field: 'ip', name: tr('alerts.ip', 'Source IP'), render: (v: string) => text(v), width: '11em' },
    {
      field: 'severity',
      name: tr('alerts.severity', 'Severity'),
      render: (v: string) => <EuiBadge color={severityColor(v)}>{text(v)}</EuiBadge>,
      width: '100px',
    },
    { field: 'riskScore', name: tr('alerts.risk', 'Risk'), render: (v: number | null) => text(v), width: '70px' },
    { field: 'status', name: tr('alerts.status', 'Status'), render: (v: string) => text(v), width: '100px' },
    { field: 'reason', name: tr('alerts.reason', 'Reason'), render: (v: string) => <span className="eui-textBreakWord">{text(v)}</span> },
  ];

  const data = state.data;
  const total = data?.total ?? 0;
  // Elasticsearch returns no alert past the first MAX_RESULT_WINDOW (index.max_result_window, also the API's
  // bound): the pager offers only pages that end within it, and the notice says why the rest is not listed.
  const pageable = Math.min(total, MAX_RESULT_WINDOW);
  return (
    <div data-test-subj="cicAlertsList">
      <EuiFlexGroup gutterSize="s" alignItems="flexEnd" wrap>
        <EuiFlexItem grow={false}>
          <EuiFormRow label={tr('alerts.filter.severity', 'Severity')}>
            <EuiSelect
              data-test-subj="cicFilterSeverity"
              value={draft.severity}
              onChange={(e) => setDraft({ ...draft, severity: e.target.value })}
              options={[{ value: '', text: tr('alerts.filter.any', 'Any') }, ...SEVERITIES.map((s) => ({ value: s, text: s }))]}
            />
          </EuiFormRow>
        </EuiFlexItem>
        <EuiFlexItem>
          <EuiFormRow label={tr('alerts.filter.user', 'User')}>
            <EuiFieldText
              data-test-subj="cicFilterUser"
              value={draft.user}
              placeholder="alice@example.com"
              onChange={(e) => setDraft({ ...draft, user: e.target.value })}
              onKeyDown={(e) => e.key === 'Enter' && apply()}
            />
          </EuiFormRow>
        </EuiFlexItem>
        <EuiFlexItem>
          <EuiFormRow
            label={tr('alerts.filter.ip', 'Source IP')}
            isInvalid={ipInvalid}
            error={ipInvalid ? tr('alerts.filter.ipInvalid', 'Not an IPv4 or IPv6 address') : undefined}
          >
            <EuiFieldText
              data-test-subj="cicFilterIp"
              value={draft.ip}
              isInvalid={ipInvalid}
              placeholder="203.0.113.7"
              onChange={(e) => setDraft({ ...draft, ip: e.target.value })}
              onKeyDown={(e) => e.key === 'Enter' && apply()}
            />
          </EuiFormRow>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiButton data-test-subj="cicFilterApply" onClick={apply} isDisabled={ipInvalid}>
            {tr('alerts.filter.apply', 'Apply')}
          </EuiButton>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiButtonEmpty
            data-test-subj="cicFilterReset"
            onClick={() => {
              setDraft(EMPTY_FILTERS);
              setFilters(EMPTY_FILTERS);
              setPage(0);
            }}
          >
            {tr('alerts.filter.reset', 'Reset')}
          </EuiButtonEmpty>
        </EuiFlexItem>
      </EuiFlexGroup>
      {ruleId ? (
        <>
          <EuiSpacer size="s" />
          <EuiBadge
            data-test-subj="cicFilterRule"
            color="hollow"
            iconType="cross"
            iconSide="right"
            iconOnClick={() => onClearRule?.()}
            iconOnClickAriaLabel={tr('alerts.filter.clearRule', 'Show alerts of all rules')}
          >
            {tr('alerts.filter.rule', 'Rule: {rule}', { rule: ruleId })}
          </EuiBadge>
        </>
      ) : null}
      <EuiSpacer size="m" />
      {total > MAX_RESULT_WINDOW && !state.error ? (
        <>
          <EuiText size="s" color="subdued" data-test-subj="cicAlertsWindowNotice">
            <p>
              {tr(
                'alerts.window',
                '{total} alerts match; only the newest {window} can be paged through. Narrow the filters (severity, user, IP) to see older ones.',
                { total: total.toLocaleString('en-US'), window: MAX_RESULT_WINDOW.toLocaleString('en-US') }
              )}
            </p>
          </EuiText>
          <EuiSpacer size="s" />
        </>
      ) : null}
      {state.error ? (
        <EuiCallOut data-test-subj="cicAlertsError" color="danger" iconType="error" title={tr('alerts.error', 'Could not load alerts')}>
          <p>{state.error}</p>
          <EuiButton data-test-subj="cicAlertsRetry" color="danger" size="s" onClick={() => setAttempt((n) => n + 1)}>
            {tr('common.retry', 'Retry')}
          </EuiButton>
        </EuiCallOut>
      ) : (
        <EuiBasicTable<AlertListItem>
          data-test-subj="cicAlertsTable"
          tableCaption={tr('alerts.caption', 'Cloud identity compromise alerts, newest first')}
          items={data?.alerts ?? []}
          itemId="id"
          columns={columns}
          loading={state.loading}
          noItemsMessage={
            state.loading ? tr('common.loading', 'Loading…') : tr('alerts.empty', 'No alerts match. Change the filters or wait for the rule to run.')
          }
          rowProps={(a) => ({ 'data-test-subj': 'cicAlertRow', 'data-alert-id': a.id, onDoubleClick: () => onOpen(a.id) })}
          pagination={{ pageIndex: page, pageSize: size, totalItemCount: pageable, pageSizeOptions: PAGE_SIZES }}
          onChange={({ page: p }: Criteria<AlertListItem>) => {
            if (p) {
              // a new page size starts over at the first page (the old index may be past the window)
              setPage(p.size === size ? p.index : 0);
              setSize(p.size);
            }
          }}
        />
      )}
    </div>
  );
}
