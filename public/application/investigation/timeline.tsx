// Sign-ins, network alerts, risky operations and threat-intel sightings on one time axis.
import React, { useMemo } from 'react';
import { Global, css } from '@emotion/react';
import { Axis, BarSeries, Chart, DARK_THEME, LIGHT_THEME, Position, ScaleType, Settings } from '@elastic/charts';
import { EuiFlexGroup, EuiFlexItem, EuiHealth, useEuiPaletteColorBlind } from '@elastic/eui';
import type { InvestigationResponse } from '../../../common/api';
import { tr } from '../../i18n';

export type TimelineKind = 'signins' | 'network' | 'risky' | 'ti';
export const TIMELINE_KINDS: TimelineKind[] = ['network', 'ti', 'signins', 'risky'];

export interface TimelinePoint {
  t: number;
  kind: TimelineKind;
  count: number;
}

const BUCKETS = 60;
/** UTC `MM-DD HH:mm` (charts' own timeFormatter pulls moment-timezone data into the chunk). */
const formatTick = (v: number) => new Date(v).toISOString().slice(5, 16).replace('T', ' ');

const kindName = (k: TimelineKind) =>
  ({
    signins: tr('timeline.signins', 'Sign-ins'),
    network: tr('timeline.network', 'Network alerts'),
    risky: tr('timeline.risky', 'Risky operations'),
    ti: tr('timeline.ti', 'Threat-intel sightings'),
  })[k];

/** Buckets every event into ~60 time slots per kind (bounded work and chart size whatever the row count). */
export function timelineData(data: InvestigationResponse): { points: TimelinePoint[]; bucketMs: number; totals: Record<TimelineKind, number> } {
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  const span = Math.max(to - from, 60_000);
  const bucketMs = Math.max(60_000, Math.ceil(span / BUCKETS / 60_000) * 60_000);
  const counts = new Map<string, number>();
  const totals: Record<TimelineKind, number> = { signins: 0, network: 0, risky: 0, ti: 0 };
  const add = (kind: TimelineKind, ts: string | null) => {
    const t = ts ? Date.parse(ts) : NaN;
    if (!Number.isFinite(t)) return;
    totals[kind]++;
    const k = `${kind}\u0000${Math.floor(t / bucketMs) * bucketMs}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  data.signins.items.forEach((r) => add('signins', r.timestamp));
  data.networkAlerts.items.forEach((r) => add('network', r.timestamp));
  data.activity.items.filter((r) => r.risky).forEach((r) => add('risky', r.timestamp));
  data.threatIntel.items.forEach((r) => add('ti', r.lastSeen ?? r.timestamp));
  const points = [...counts.entries()].map(([k, count]) => {
    const [kind, b] = k.split('\u0000');
    return { kind: kind as TimelineKind, t: Number(b), count };
  });
  points.sort((a, b) => a.t - b.t);
  return { points, bucketMs, totals };
}

// The chart's layout rules, so it renders in hosts that do not load @elastic/charts' stylesheet
// (Kibana does; the same rules twice are harmless). Colors come from the chart theme and EUI.
const chartLayout = css`
  .cicTimelineChart .echChart { position: relative; display: flex; flex-direction: column; width: 100%; height: 100%; overflow: hidden; }
  .cicTimelineChart .echChartStatus { position: absolute; visibility: hidden; width: 0; height: 0; pointer-events: none; }
  .cicTimelineChart .echChartBackground { position: absolute; top: 0; right: 0; bottom: 0; left: 0; }
  .cicTimelineChart .echChartResizer { position: absolute; top: 0; right: 0; bottom: 0; left: 0; z-index: -1; pointer-events: none; }
  .cicTimelineChart .echChartContent { position: relative; display: flex; flex: 1; height: 100%; }
  .cicTimelineChart .echContainer { position: relative; flex: 1; width: 100%; height: 100%; overflow: hidden; }
  .cicTimelineChart .echChartPointerContainer { position: absolute; top: 0; right: 0; bottom: 0; left: 0; }
  .cicTimelineChart .echCanvasRenderer { position: absolute; top: 0; left: 0; }
  .cicTimelineChart .echScreenReaderOnly { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden; }
`;

export function Timeline({ data, colorMode }: { data: InvestigationResponse; colorMode: 'light' | 'dark' }) {
  const { points, totals, bucketMs } = useMemo(() => timelineData(data), [data]);
  const palette = useEuiPaletteColorBlind();
  // blue sign-ins, red network alerts, amber risky operations, pink indicators (color-blind safe palette)
  const color: Record<TimelineKind, string> = { signins: palette[2], network: palette[6], risky: palette[8], ti: palette[4] };
  return (
    <div data-test-subj="cicTimeline" data-points={points.length}>
      <Global styles={chartLayout} />
      <EuiFlexGroup gutterSize="m" wrap responsive={false} data-test-subj="cicTimelineLegend">
        {TIMELINE_KINDS.map((k) => (
          <EuiFlexItem grow={false} key={k}>
            <EuiHealth color={color[k]} data-test-subj={`cicTimelineLegend-${k}`}>
              {tr('timeline.legend', '{name} ({count})', { name: kindName(k), count: totals[k] })}
            </EuiHealth>
          </EuiFlexItem>
        ))}
      </EuiFlexGroup>
      {points.length === 0 ? (
        <p data-test-subj="cicTimelineEmpty">{tr('timeline.empty', 'No events in the window.')}</p>
      ) : (
        <div className="cicTimelineChart" style={{ height: 200, position: 'relative' }}>
          <Chart size={{ height: 200 }}>
            <Settings baseTheme={colorMode === 'dark' ? DARK_THEME : LIGHT_THEME} showLegend={false} xDomain={{ min: Date.parse(data.from), max: Date.parse(data.to), minInterval: bucketMs }} />
            <Axis id="time" position={Position.Bottom} tickFormat={formatTick} />
            <Axis id="count" position={Position.Left} ticks={4} tickFormat={(v: number) => String(Math.round(v))} />
            {TIMELINE_KINDS.map((k) => (
              <BarSeries
                key={k}
                id={k}
                name={kindName(k)}
                color={color[k]}
                xScaleType={ScaleType.Time}
                yScaleType={ScaleType.Linear}
                data={points.filter((p) => p.kind === k)}
                xAccessor="t"
                yAccessors={['count']}
                stackAccessors={['t']}
              />
            ))}
          </Chart>
        </div>
      )}
    </div>
  );
}
