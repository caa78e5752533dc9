// Threat-intel indicators matching the IP: feed, confidence, type, first/last seen, description.
import React from 'react';
import { EuiBasicTableColumn, EuiInMemoryTable } from '@elastic/eui';
import type { Section, ThreatIntelRow } from '../../../common/api';
import { tr } from '../../i18n';
import { formatTime, text } from '../format';
import { SectionFrame } from './section_frame';

export function ThreatIntelSection({ section }: { section: Section<ThreatIntelRow> }) {
  const columns: Array<EuiBasicTableColumn<ThreatIntelRow>> = [
    { field: 'feed', name: tr('ti.feed', 'Feed'), sortable: true, render: (v: string | null, r: ThreatIntelRow) => text(v ?? r.provider) },
    { field: 'confidence', name: tr('ti.confidence', 'Confidence'), sortable: true, render: (v: string | null) => text(v), width: '110px' },
    { field: 'type', name: tr('ti.type', 'Type'), sortable: true, render: (v: string | null) => text(v), width: '100px' },
    { field: 'firstSeen', name: tr('ti.firstSeen', 'First seen'), sortable: true, render: (v: string | null) => formatTime(v), width: '170px' },
    { field: 'lastSeen', name: tr('ti.lastSeen', 'Last seen'), sortable: true, render: (v: string | null) => formatTime(v), width: '170px' },
    { field: 'description', name: tr('ti.description', 'Description'), render: (v: string | null) => <span className="eui-textBreakWord">{text(v)}</span> },
  ];
  return (
    <SectionFrame title={tr('ti.title', 'Threat intelligence')} section={section} testSubj="cicThreatIntelSection">
      <EuiInMemoryTable<ThreatIntelRow>
        data-test-subj="cicThreatIntelTable"
        tableCaption={tr('ti.caption', 'Threat-intel indicators for the source IP')}
        items={section.items}
        columns={columns}
        sorting={{ sort: { field: 'lastSeen', direction: 'desc' } }}
        pagination={{ initialPageSize: 10, pageSizeOptions: [10, 25, 50] }}
        rowProps={() => ({ 'data-test-subj': 'cicThreatIntelRow' })}
        noItemsMessage={tr('ti.empty', 'No active threat-intel indicator for this IP.')}
      />
    </SectionFrame>
  );
}
