// Frame shared by the panel sections: title with count, truncation notice, partial-result warning, per-section error.
import React from 'react';
import { EuiCallOut, EuiPanel, EuiSpacer, EuiText, EuiTitle } from '@elastic/eui';
import type { Section } from '../../../common/api';
import { tr } from '../../i18n';

export function SectionFrame<Row>({ title, section, testSubj, children }: { title: string; section: Section<Row>; testSubj: string; children: React.ReactNode }) {
  return (
    <EuiPanel data-test-subj={testSubj} hasBorder paddingSize="m">
      <EuiTitle size="xs">
        <h3>{tr('section.title', '{title} ({count})', { title, count: section.items.length })}</h3>
      </EuiTitle>
      {section.truncated ? (
        <EuiText size="xs" color="subdued" data-test-subj={`${testSubj}Truncated`}>
          {tr('section.truncated', 'Showing the newest {count} only.', { count: section.items.length })}
        </EuiText>
      ) : null}
      <EuiSpacer size="s" />
      {section.partial && !section.error ? (
        <>
          <EuiCallOut data-test-subj={`${testSubj}Partial`} color="warning" iconType="warning" size="s" title={tr('section.partial', 'Partial results')}>
            <p>
              {tr(
                'section.partialText',
                'Elasticsearch could not search every shard or cluster for this section, so some rows may be missing. Reload, or check the cluster health.'
              )}
            </p>
          </EuiCallOut>
          <EuiSpacer size="s" />
        </>
      ) : null}
      {section.error ? (
        <EuiCallOut data-test-subj={`${testSubj}Error`} color="warning" iconType="warning" size="s" title={tr('section.error', 'This section could not be loaded')}>
          <p>{section.error}</p>
        </EuiCallOut>
      ) : (
        children
      )}
    </EuiPanel>
  );
}
