// Sign-ins, network alerts, risky operations and threat-intel sightings on one time axis.
import React, { useMemo } from 'react';
import { Axis, BarSeries, Chart, DARK_THEME, LIGHT_THEME, Position, ScaleType, Settings } from '@elastic/charts';
import type { InvestigationResponse } from '../../../common/api';
import { tr } from '../../i18n';

export interface TimelinePoint {
  t: number;
  kind: string;
  count: number;
}

const BUCKETS = 60;
/** UTC `MM-DD HH:mm` (charts' own timeFormatter pulls moment-timezone data into the chunk). */
const formatTick = (v: number) => new Date(v).toISOString().slice(5, 16).replace('T', ' ');

/** Buckets every event into ~60 time slots per kind (bounded work and chart size whatever the row count). */
export function timelineData(data: InvestigationResponse): { points: TimelinePoint[]; bucketMs: number } {
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  const span = Math.max(to - from, 60_000);
  const bucketMs = Math.max(60_000, Math.ceil(span / BUCKETS / 60_000) * 60_000);
  const counts = new Map<string, number>();
  const add = (kind: string, ts: string) => {
    const t = Date.parse(ts);
    if (!Number.isFinite(t)) return;
    const b = Math.floor(t / bucketMs) * bucketMs;
    const k = `${kind}\u0000${b}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  const names = {
    signins: tr('timeline.signins', 'Sign-ins'),
    network: tr('timeline.network', 'Network alerts'),
    risky: tr('timeline.risky', 'Risky operations'),
    ti: tr('timeline.ti', 'Threat-intel sightings'),
  };
  data.signins.items.forEach((r) => add(names.signins, r.timestamp));
  data.networkAlerts.items.forEach((r) => add(names.network, r.timestamp));
  data.activity.items.filter((r) => r.risky).forEach((r) => add(names.risky, r.timestamp));
  data.threatIntel.items.forEach((r) => add(names.ti, r.lastSeen ?? r.timestamp));
  const points = [...counts.entries()].map(([k, count]) => {
    const [kind, b] = k.split('\u0000');
    return { kind, t: Number(b), count };
  });
  points.sort((a, b) => a.t - b.t);
  return { points, bucketMs };
}

export function Timeline({ data, colorMode }: { data: InvestigationResponse; colorMode: 'light' | 'dark' }) {
  const { points } = useMemo(() => timelineData(data), [data]);
  return (
    <div data-test-subj="cicTimeline" data-points={points.length} style={{ height: 220 }}>
      {points.length === 0 ? (
        <p data-test-subj="cicTimelineEmpty">{tr('timeline.empty', 'No events in the window.')}</p>
      ) : (
        <Chart title={tr('timeline.title', 'Timeline')}>
          <Settings baseTheme={colorMode === 'dark' ? DARK_THEME : LIGHT_THEME} showLegend legendPosition={Position.Right} />
          <Axis id="time" position={Position.Bottom} tickFormat={formatTick} />
          <Axis id="count" position={Position.Left} title={tr('timeline.count', 'Events')} ticks={4} />
          <BarSeries
            id="events"
            name={tr('timeline.series', 'Events')}
            xScaleType={ScaleType.Time}
            yScaleType={ScaleType.Linear}
            data={points}
            xAccessor="t"
            yAccessors={['count']}
            splitSeriesAccessors={['kind']}
            stackAccessors={['t']}
          />
        </Chart>
      )}
    </div>
  );
}
