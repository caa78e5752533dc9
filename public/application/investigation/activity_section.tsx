// Microsoft 365 operations of the user from the IP; risky operations (rule setting) are marked.
import React from 'react';
import { EuiBadge, EuiBasicTableColumn, EuiInMemoryTable, EuiSwitch } from '@elastic/eui';
import type { ActivityRow, Section } from '../../../common/api';
import { tr } from '../../i18n';
import { formatTime, text } from '../format';
import { SectionFrame } from './section_frame';

/** `title`: the scope's own title (user-only / IP-only investigations) */
export function ActivitySection({ section, title }: { section: Section<ActivityRow>; title?: string }) {
  const [riskyOnly, setRiskyOnly] = React.useState(false);
  const items = riskyOnly ? section.items.filter((r) => r.risky) : section.items;
  const columns: Array<EuiBasicTableColumn<ActivityRow>> = [
    { field: 'timestamp', name: tr('activity.time', 'Time'), sortable: true, render: (v: string) => formatTime(v), width: '170px' },
    {
      field: 'operation',
      name: tr('activity.operation', 'Operation'),
      sortable: true,
      render: (v: string | null, r: ActivityRow) =>
        r.risky ? (
          <EuiBadge color="danger" iconType="warning" data-test-subj="cicRiskyOperation">
            {text(v)}
          </EuiBadge>
        ) : (
          text(v)
        ),
    },
    { field: 'workload', name: tr('activity.workload', 'Workload'), sortable: true, render: (v: string | null) => text(v) },
    { field: 'object', name: tr('activity.object', 'Item'), render: (v: string | null) => <span className="eui-textBreakAll">{text(v)}</span> },
    { field: 'outcome', name: tr('activity.outcome', 'Outcome'), sortable: true, render: (v: string | null) => text(v), width: '100px' },
  ];
  const risky = section.items.filter((r) => r.risky).length;
  return (
    <SectionFrame title={title ?? tr('activity.title', 'Microsoft 365 activity')} section={section} testSubj="cicActivitySection">
      <EuiSwitch
        data-test-subj="cicActivityRiskyOnly"
        compressed
        label={tr('activity.riskyOnly', 'Risky operations only ({count})', { count: risky })}
        checked={riskyOnly}
        onChange={(e) => setRiskyOnly(e.target.checked)}
      />
      <EuiInMemoryTable<ActivityRow>
        data-test-subj="cicActivityTable"
        tableCaption={tr('activity.caption', 'Microsoft 365 operations from the source IP')}
        items={items}
        columns={columns}
        sorting={{ sort: { field: 'timestamp', direction: 'desc' } }}
        pagination={{ initialPageSize: 10, pageSizeOptions: [10, 25, 50, 100] }}
        rowProps={(r) => ({ 'data-test-subj': r.risky ? 'cicActivityRow cicActivityRowRisky' : 'cicActivityRow' })}
        noItemsMessage={tr('activity.empty', 'No Microsoft 365 activity from this IP in the window.')}
      />
    </SectionFrame>
  );
}
