// Pivots: from a user, the IPs they signed in from (network alerts and indicator matches on each); from an IP,
// the users who signed in from it. Each row links to the investigation of that IP / user over the same range.
import React from 'react';
import { EuiBadge, EuiBasicTableColumn, EuiCallOut, EuiInMemoryTable, EuiLink, EuiPanel, EuiSpacer, EuiText, EuiTitle } from '@elastic/eui';
import type { InvestigationResponse, IpPivotRow, PivotSection, UserPivotRow } from '../../../common/api';
import { tr } from '../../i18n';
import { formatTime, text } from '../format';
import { investigatePath } from '../investigate/scope';

/** How a pivot opens another investigation: an href (new tab, copy link) and in-app navigation. */
export interface Navigation {
  hrefFor(path: string): string;
  navigate(path: string): void;
}

function PivotLink({ nav, path, label, testSubj }: { nav: Navigation; path: string; label: string; testSubj: string }) {
  return (
    <EuiLink
      data-test-subj={testSubj}
      href={nav.hrefFor(path)}
      onClick={(e: React.MouseEvent) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return; // let the browser open a tab
        e.preventDefault();
        nav.navigate(path);
      }}
    >
      {label}
    </EuiLink>
  );
}

function PivotFrame<Row>({ title, pivot, testSubj, children }: { title: string; pivot: PivotSection<Row>; testSubj: string; children: React.ReactNode }) {
  return (
    <EuiPanel data-test-subj={testSubj} hasBorder paddingSize="m">
      <EuiTitle size="xs">
        <h3>{tr('pivot.title', '{title} ({count})', { title, count: pivot.items.length })}</h3>
      </EuiTitle>
      {pivot.truncated ? (
        <EuiText size="xs" color="warning" data-test-subj={`${testSubj}Truncated`}>
          {tr('pivot.truncated', 'More than {limit} matched; showing the {limit} most recently active. Narrow the range to see the rest.', { limit: pivot.limit })}
        </EuiText>
      ) : null}
      <EuiSpacer size="s" />
      {pivot.error ? (
        <EuiCallOut data-test-subj={`${testSubj}Error`} color="warning" iconType="warning" size="s" title={tr('pivot.error', 'This pivot could not be loaded')}>
          <p>{pivot.error}</p>
        </EuiCallOut>
      ) : (
        children
      )}
    </EuiPanel>
  );
}

const countBadge = (n: number | null, color: string, testSubj: string) =>
  n === null ? (
    <EuiBadge data-test-subj={testSubj} color="hollow" title={tr('pivot.unknown', 'could not be counted')}>
      ?
    </EuiBadge>
  ) : (
    <EuiBadge data-test-subj={testSubj} color={n > 0 ? color : 'hollow'}>
      {n}
    </EuiBadge>
  );

export function IpPivot({ data, pivot, nav }: { data: InvestigationResponse; pivot: PivotSection<IpPivotRow>; nav: Navigation }) {
  const columns: Array<EuiBasicTableColumn<IpPivotRow>> = [
    {
      field: 'ip',
      name: tr('pivot.ip', 'Source IP'),
      sortable: true,
      render: (ip: string) => <PivotLink nav={nav} path={investigatePath({ ip, from: data.from, to: data.to })} label={ip} testSubj="cicPivotIpLink" />,
    },
    { field: 'signins', name: tr('pivot.signins', 'Sign-ins'), sortable: true, width: '90px', render: (n: number) => String(n) },
    { field: 'networkAlerts', name: tr('pivot.networkAlerts', 'Network alerts'), sortable: true, width: '120px', render: (n: number | null) => countBadge(n, 'danger', 'cicPivotNetworkCount') },
    { field: 'indicators', name: tr('pivot.indicators', 'Threat intel'), sortable: true, width: '110px', render: (n: number | null) => countBadge(n, 'danger', 'cicPivotIndicatorCount') },
    { field: 'firstSeen', name: tr('pivot.first', 'First sign-in'), sortable: true, width: '170px', render: (v: string | null) => formatTime(v) },
    { field: 'lastSeen', name: tr('pivot.last', 'Last sign-in'), sortable: true, width: '170px', render: (v: string | null) => formatTime(v) },
  ];
  return (
    <PivotFrame title={tr('pivot.ipsTitle', 'IPs {user} signed in from', { user: text(data.user) })} pivot={pivot} testSubj="cicPivotIps">
      <EuiInMemoryTable<IpPivotRow>
        data-test-subj="cicPivotIpsTable"
        tableCaption={tr('pivot.ipsCaption', 'Source IPs of the user')}
        items={pivot.items}
        columns={columns}
        pagination={{ initialPageSize: 10, pageSizeOptions: [10, 25, 50, 100] }}
        rowProps={(r: IpPivotRow) => ({ 'data-test-subj': 'cicPivotIpRow', 'data-ip': r.ip })}
        noItemsMessage={tr('pivot.ipsEmpty', 'No sign-ins by this user in the range.')}
      />
    </PivotFrame>
  );
}

export function UserPivot({ data, pivot, nav }: { data: InvestigationResponse; pivot: PivotSection<UserPivotRow>; nav: Navigation }) {
  const columns: Array<EuiBasicTableColumn<UserPivotRow>> = [
    {
      field: 'user',
      name: tr('pivot.user', 'User'),
      sortable: true,
      render: (user: string) => <PivotLink nav={nav} path={investigatePath({ user, from: data.from, to: data.to })} label={user} testSubj="cicPivotUserLink" />,
    },
    { field: 'signins', name: tr('pivot.signins', 'Sign-ins'), sortable: true, width: '90px', render: (n: number) => String(n) },
    { field: 'firstSeen', name: tr('pivot.first', 'First sign-in'), sortable: true, width: '170px', render: (v: string | null) => formatTime(v) },
    { field: 'lastSeen', name: tr('pivot.last', 'Last sign-in'), sortable: true, width: '170px', render: (v: string | null) => formatTime(v) },
  ];
  const shared = pivot.items.length > 1;
  return (
    <PivotFrame title={tr('pivot.usersTitle', 'Users who signed in from {ip}', { ip: text(data.ip) })} pivot={pivot} testSubj="cicPivotUsers">
      {shared ? (
        <>
          <EuiText size="xs" color="subdued" data-test-subj="cicPivotUsersShared">
            {tr('pivot.shared', '{count} users share this IP: a proxy or NAT gateway, or a compromise spreading across accounts.', { count: pivot.items.length })}
          </EuiText>
          <EuiSpacer size="s" />
        </>
      ) : null}
      <EuiInMemoryTable<UserPivotRow>
        data-test-subj="cicPivotUsersTable"
        tableCaption={tr('pivot.usersCaption', 'Users of the IP')}
        items={pivot.items}
        columns={columns}
        pagination={{ initialPageSize: 10, pageSizeOptions: [10, 25, 50, 100] }}
        rowProps={(r: UserPivotRow) => ({ 'data-test-subj': 'cicPivotUserRow', 'data-user': r.user })}
        noItemsMessage={tr('pivot.usersEmpty', 'Nobody signed in from this IP in the range.')}
      />
    </PivotFrame>
  );
}
