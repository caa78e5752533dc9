// Correlated sign-ins: time, user, app, source, client, device, country, outcome, risk level.
import React from 'react';
import { EuiBadge, EuiBasicTableColumn, EuiInMemoryTable } from '@elastic/eui';
import type { Section, SignInRow } from '../../../common/api';
import { tr } from '../../i18n';
import { formatTime, text } from '../format';
import { SectionFrame } from './section_frame';

const riskColor = (r: string | null) => (r === 'high' ? 'danger' : r === 'medium' ? 'warning' : r === 'low' ? 'primary' : 'hollow');

/** `title`: the scope's own title (user-only / IP-only investigations) */
export function SigninsTable({ section, title }: { section: Section<SignInRow>; title?: string }) {
  const columns: Array<EuiBasicTableColumn<SignInRow>> = [
    { field: 'timestamp', name: tr('signins.time', 'Time'), sortable: true, render: (v: string) => formatTime(v), width: '170px' },
    { field: 'user', name: tr('signins.user', 'User'), sortable: true, render: (v: string) => text(v) },
    { field: 'app', name: tr('signins.app', 'App'), sortable: true, render: (v: string | null) => text(v) },
    { field: 'source', name: tr('signins.source', 'Source'), sortable: true, render: (v: string | null) => text(v) },
    {
      field: 'client',
      name: tr('signins.client', 'Client'),
      sortable: true,
      render: (v: string | null, r: SignInRow) => <span title={r.userAgent ?? undefined}>{text(v)}</span>,
    },
    { field: 'device', name: tr('signins.device', 'Device'), sortable: true, render: (v: string | null) => text(v) },
    { field: 'country', name: tr('signins.country', 'Country'), sortable: true, render: (v: string | null) => text(v), width: '80px' },
    {
      field: 'outcome',
      name: tr('signins.outcome', 'Outcome'),
      sortable: true,
      render: (v: string | null) => <EuiBadge color={v === 'success' ? 'success' : v === 'failure' ? 'danger' : 'hollow'}>{text(v)}</EuiBadge>,
      width: '100px',
    },
    { field: 'riskLevel', name: tr('signins.risk', 'Risk level'), sortable: true, render: (v: string | null) => <EuiBadge color={riskColor(v)}>{text(v)}</EuiBadge>, width: '100px' },
  ];
  return (
    <SectionFrame title={title ?? tr('signins.title', 'Sign-ins from this IP')} section={section} testSubj="cicSigninsSection">
      <EuiInMemoryTable<SignInRow>
        data-test-subj="cicSigninsTable"
        tableCaption={tr('signins.caption', 'Correlated sign-ins')}
        items={section.items}
        columns={columns}
        sorting={{ sort: { field: 'timestamp', direction: 'desc' } }}
        pagination={{ initialPageSize: 10, pageSizeOptions: [10, 25, 50, 100] }}
        rowProps={() => ({ 'data-test-subj': 'cicSigninRow' })}
        noItemsMessage={tr('signins.empty', 'No sign-ins by this user from this IP in the window.')}
      />
    </SectionFrame>
  );
}
