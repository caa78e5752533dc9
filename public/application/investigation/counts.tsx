// Counts that cannot mislead: what the alert saw when it fired (its cloud_identity.* summary) next to what the
// panel's window shows now, each labelled. The reason text quotes the former; the tables below list the latter.
import React from 'react';
import { EuiBasicTable, EuiBasicTableColumn, EuiPanel, EuiText, EuiTitle } from '@elastic/eui';
import type { InvestigationResponse, Section } from '../../../common/api';
import { tr } from '../../i18n';
import { EMPTY, formatTime } from '../format';

interface CountRow {
  key: string;
  what: string;
  atDetection: number | null;
  inWindow: string;
}

const summaryCount = (summary: Record<string, unknown> | null, group: string, field = 'count'): number | null => {
  const v = (summary?.[group] as Record<string, unknown> | undefined)?.[field];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** "7", "more than 500" when truncated, "not loaded" on a section error. */
const windowCount = <T,>(s: Section<T>, n = s.items.length) =>
  s.error ? tr('counts.notLoaded', 'not loaded') : s.truncated ? tr('counts.moreThan', 'more than {count}', { count: n }) : String(n);

export function countRows(data: InvestigationResponse): CountRow[] {
  const sum = data.alert?.summary ?? null;
  const successes = data.signins.items.filter((s) => s.outcome === 'success').length;
  return [
    {
      key: 'signins',
      what: tr('counts.signins', 'Successful sign-ins'),
      atDetection: summaryCount(sum, 'signin'),
      inWindow: `${windowCount(data.signins, successes)} ${tr('counts.ofAll', '(of {all} sign-ins, any outcome)', { all: windowCount(data.signins) })}`,
    },
    { key: 'network', what: tr('counts.network', 'Network alerts'), atDetection: summaryCount(sum, 'network_alert'), inWindow: windowCount(data.networkAlerts) },
    { key: 'activity', what: tr('counts.activity', 'Microsoft 365 operations'), atDetection: summaryCount(sum, 'activity'), inWindow: windowCount(data.activity) },
    {
      key: 'risky',
      what: tr('counts.risky', 'Risky operations'),
      atDetection: summaryCount(sum, 'activity', 'risky_count'),
      inWindow: windowCount(data.activity, data.activity.items.filter((a) => a.risky).length),
    },
    { key: 'ti', what: tr('counts.ti', 'Threat-intel indicators'), atDetection: summaryCount(sum, 'threat_intel'), inWindow: windowCount(data.threatIntel) },
  ];
}

export function DetectionCounts({ data }: { data: InvestigationResponse }) {
  if (!data.alert) return null;
  const columns: Array<EuiBasicTableColumn<CountRow>> = [
    { field: 'what', name: '' },
    {
      field: 'atDetection',
      name: tr('counts.atDetection', 'At detection ({time})', { time: formatTime(data.alert.timestamp) }),
      render: (n: number | null) => <span data-test-subj="cicCountAtDetection">{n === null ? EMPTY : String(n)}</span>,
    },
    {
      field: 'inWindow',
      name: tr('counts.inWindow', 'In this window ({from} → {to})', { from: formatTime(data.from), to: formatTime(data.to) }),
      render: (v: string) => <span data-test-subj="cicCountInWindow">{v}</span>,
    },
  ];
  return (
    <EuiPanel data-test-subj="cicDetectionCounts" hasBorder paddingSize="m">
      <EuiTitle size="xs">
        <h3>{tr('counts.title', 'Counts at detection and in this window')}</h3>
      </EuiTitle>
      <EuiText size="xs" color="subdued">
        {tr('counts.explain', 'The alert reason quotes the counts at detection (the rule’s look-back when it fired). The window below is wider and reads the data as it is now, so its counts can differ.')}
      </EuiText>
      <EuiBasicTable<CountRow>
        tableCaption={tr('counts.caption', 'Counts at detection and in this window')}
        items={countRows(data)}
        columns={columns}
        rowProps={(r: CountRow) => ({ 'data-test-subj': `cicCount-${r.key}` })}
      />
    </EuiPanel>
  );
}
