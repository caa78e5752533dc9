// Network alerts on the same source IP: time, rule, severity, risk, destination, reason.
import React from 'react';
import { EuiBadge, EuiBasicTableColumn, EuiIcon, EuiInMemoryTable, EuiToolTip } from '@elastic/eui';
import type { NetworkAlertRow, Section } from '../../../common/api';
import { tr } from '../../i18n';
import { formatTime, severityColor, text } from '../format';
import { SectionFrame } from './section_frame';

/** `title`: the scope's own title (user-only / IP-only investigations) */
export function NetworkAlertsTable({ section, title }: { section: Section<NetworkAlertRow>; title?: string }) {
  const columns: Array<EuiBasicTableColumn<NetworkAlertRow>> = [
    { field: 'timestamp', name: tr('network.time', 'Time'), sortable: true, render: (v: string) => formatTime(v), width: '170px' },
    {
      field: 'rule',
      name: tr('network.rule', 'Rule'),
      sortable: true,
      render: (v: string | null, r: NetworkAlertRow) => (
        <span>
          {r.linked ? (
            <EuiToolTip content={tr('network.linked', 'Linked to this alert')}>
              <EuiIcon type="link" data-test-subj="cicNetworkAlertLinked" aria-label={tr('network.linked', 'Linked to this alert')} />
            </EuiToolTip>
          ) : null}{' '}
          {text(v)}
        </span>
      ),
    },
    { field: 'severity', name: tr('network.severity', 'Severity'), sortable: true, render: (v: string | null) => <EuiBadge color={severityColor(v)}>{text(v)}</EuiBadge>, width: '100px' },
    { field: 'riskScore', name: tr('network.risk', 'Risk'), sortable: true, render: (v: number | null) => text(v), width: '70px' },
    { field: 'destination', name: tr('network.destination', 'Destination'), sortable: true, render: (v: string | null) => text(v) },
    { field: 'reason', name: tr('network.reason', 'Reason'), render: (v: string | null) => <span className="eui-textBreakWord">{text(v)}</span> },
  ];
  return (
    <SectionFrame title={title ?? tr('network.title', 'Network alerts on this IP')} section={section} testSubj="cicNetworkAlertsSection">
      <EuiInMemoryTable<NetworkAlertRow>
        data-test-subj="cicNetworkAlertsTable"
        tableCaption={tr('network.caption', 'Network alerts on the source IP')}
        items={section.items}
        columns={columns}
        sorting={{ sort: { field: 'timestamp', direction: 'desc' } }}
        pagination={{ initialPageSize: 10, pageSizeOptions: [10, 25, 50, 100] }}
        rowProps={() => ({ 'data-test-subj': 'cicNetworkAlertRow' })}
        noItemsMessage={tr('network.empty', 'No network alerts on this IP in the window.')}
      />
    </SectionFrame>
  );
}
