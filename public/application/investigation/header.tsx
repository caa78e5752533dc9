// Who signed in from where: user, IP with geo/ASN, severity, risk score, reason, status.
import React from 'react';
import { EuiBadge, EuiDescriptionList, EuiFlexGroup, EuiFlexItem, EuiPanel, EuiText, EuiTitle } from '@elastic/eui';
import type { InvestigationResponse } from '../../../common/api';
import { tr } from '../../i18n';
import { formatTime, severityColor, text } from '../format';

export function InvestigationHeader({ data }: { data: InvestigationResponse }) {
  const a = data.alert;
  const geo = a?.geo;
  const place = [geo?.city, geo?.country].filter(Boolean).join(', ');
  const asn = geo?.asNumber != null || geo?.asOrg ? `AS${geo?.asNumber ?? '?'}${geo?.asOrg ? ` ${geo.asOrg}` : ''}` : '';
  return (
    <EuiPanel data-test-subj="cicHeader" hasBorder paddingSize="m">
      <EuiFlexGroup alignItems="center" gutterSize="m" wrap>
        <EuiFlexItem grow={false}>
          <EuiTitle size="s">
            <h2 data-test-subj="cicHeaderUser">{text(a?.user ?? data.user ?? tr('header.anyUser', 'Every user'))}</h2>
          </EuiTitle>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiBadge data-test-subj="cicHeaderSeverity" color={severityColor(a?.severity)}>
            {tr('header.severity', 'Severity: {severity}', { severity: text(a?.severity) })}
          </EuiBadge>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiBadge data-test-subj="cicHeaderRiskScore" color="hollow">
            {tr('header.risk', 'Risk score: {score}', { score: text(a?.riskScore) })}
          </EuiBadge>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiBadge data-test-subj="cicHeaderStatus" color={a?.status === 'active' ? 'primary' : 'default'}>
            {text(a?.status ?? tr('header.noAlert', 'no alert'))}
          </EuiBadge>
        </EuiFlexItem>
      </EuiFlexGroup>
      <EuiDescriptionList
        compressed
        type="column"
        columnWidths={[1, 4]}
        listItems={[
          {
            title: tr('header.ip', 'Source IP'),
            description: (
              <span>
                <span data-test-subj="cicHeaderIp">{text(a?.ip ?? data.ip ?? tr('header.anyIp', 'any IP'))}</span>
                {place || asn ? <span data-test-subj="cicHeaderGeo">{` — ${[place, asn].filter(Boolean).join(' · ')}`}</span> : null}
              </span>
            ),
          },
          { title: tr('header.reason', 'Reason'), description: <EuiText size="s" data-test-subj="cicHeaderReason">{text(a?.reason)}</EuiText> },
          { title: tr('header.rule', 'Rule'), description: text(a?.ruleName) },
          { title: tr('header.window', 'Window'), description: `${formatTime(data.from)} → ${formatTime(data.to)}` },
        ]}
      />
    </EuiPanel>
  );
}
