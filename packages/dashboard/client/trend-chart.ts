// The coverage trend as a uPlot line chart, with the same figures in a table for those who do
// not see the chart.
import { h, table } from './dom.js';
import { percent } from './format.js';
import type { CoverageTrend } from './types.js';
import { loadUPlot } from './vendor.js';

const DAY_SECONDS = 86_400;

export async function trendChart(trend: CoverageTrend): Promise<HTMLElement> {
  const points = trend.points;
  const holder = h('div', {
    class: 'chart',
    role: 'img',
    'aria-label': points.length
      ? `Coverage over the last ${trend.days} days: from ${percent(points[0]?.coverage)} on ${points[0]?.day} to ${percent(points.at(-1)?.coverage)} on ${points.at(-1)?.day}`
      : 'No coverage history yet',
  });
  const data = h(
    'details',
    {},
    h('summary', {}, 'Trend as a table'),
    table(
      'Coverage per day',
      ['Day', 'Coverage', 'Compliant', 'Partially compliant', 'Not compliant'],
      points.map((p) => [p.day, percent(p.coverage), p.compliant, p.partiallyCompliant, p.notCompliant]),
      'No scores yet.',
    ),
  );
  const wrapper = h('div', { class: 'trend' }, holder, data);
  if (points.length === 0) {
    holder.append(h('p', { class: 'muted' }, 'No coverage history yet.'));
    return wrapper;
  }
  const uPlot = await loadUPlot();
  const xs = points.map((p) => Date.parse(`${p.day}T12:00:00Z`) / 1000);
  // A single day still gets a visible line: one day either side.
  const first = xs[0] as number;
  const last = xs.at(-1) as number;
  const plot = new uPlot(
    {
      width: 480,
      height: 220,
      scales: {
        x: { time: true, range: () => [first - DAY_SECONDS, last + DAY_SECONDS] },
        y: { range: [0, 100] },
      },
      axes: [
        {
          stroke: '#3b4252',
          incrs: [DAY_SECONDS, 2 * DAY_SECONDS, 7 * DAY_SECONDS, 14 * DAY_SECONDS, 30 * DAY_SECONDS],
          values: (_u, ticks) => ticks.map((t) => new Date(t * 1000).toISOString().slice(5, 10)),
        },
        { stroke: '#3b4252', values: (_u, ticks) => ticks.map((t) => `${t}%`) },
      ],
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      series: [
        {},
        {
          label: 'Coverage',
          stroke: '#1f5fbf',
          width: 2,
          fill: 'rgba(31,95,191,0.08)',
          points: { show: true, size: 6 },
        },
      ],
    },
    [xs, points.map((p) => p.coverage)],
    holder,
  );
  new ResizeObserver(() => {
    if (holder.clientWidth > 0) plot.setSize({ width: holder.clientWidth, height: 220 });
  }).observe(holder);
  return wrapper;
}
