/**
 * Small SVG charts for the benchmark reports, written by hand so that the reports need no
 * dependency: grouped bars (throughput per data size, latency percentiles) and lines (a series
 * over time or size).
 */

export interface Series {
  name: string;
  values: number[];
}

export interface ChartSpec {
  title: string;
  /** Labels of the x axis: one per value of each series. */
  labels: string[];
  series: Series[];
  unit: string;
  /** A horizontal line to compare against (a target), labelled. */
  threshold?: { value: number; label: string } | undefined;
}

const WIDTH = 640;
const HEIGHT = 320;
const MARGIN = { top: 36, right: 16, bottom: 56, left: 64 };
const COLORS = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#64748b'];

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function niceMax(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

function format(value: number): string {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(0);
  return value.toFixed(value === 0 ? 0 : 1);
}

function frame(spec: ChartSpec, max: number, body: string[]): string {
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (v: number) => MARGIN.top + plotHeight - (v / max) * plotHeight;
  const grid: string[] = [];
  for (let i = 0; i <= 4; i += 1) {
    const value = (max / 4) * i;
    grid.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#e5e7eb"/>`,
      `<text x="${MARGIN.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#374151">${format(value)}</text>`,
    );
  }
  if (spec.threshold) {
    const ty = y(spec.threshold.value).toFixed(1);
    grid.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${ty}" y2="${ty}" stroke="#dc2626" stroke-dasharray="6 4"/>`,
      `<text x="${WIDTH - MARGIN.right}" y="${(Number(ty) - 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#dc2626">${escape(spec.threshold.label)}</text>`,
    );
  }
  const legend = spec.series.map(
    (s, i) =>
      `<rect x="${MARGIN.left + i * 150}" y="${HEIGHT - 18}" width="10" height="10" fill="${COLORS[i % COLORS.length] ?? '#000'}"/>` +
      `<text x="${MARGIN.left + i * 150 + 14}" y="${HEIGHT - 9}" font-size="11" fill="#374151">${escape(s.name)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600" fill="#111827">${escape(spec.title)}</text>`,
    `<text x="14" y="${MARGIN.top + plotHeight / 2}" font-size="11" fill="#374151" transform="rotate(-90 14 ${MARGIN.top + plotHeight / 2})" text-anchor="middle">${escape(spec.unit)}</text>`,
    ...grid,
    ...body,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}

function maxOf(spec: ChartSpec): number {
  const values = spec.series.flatMap((s) => s.values).filter(Number.isFinite);
  return niceMax(Math.max(0, ...values, spec.threshold?.value ?? 0) * 1.05);
}

/** Grouped bars: one group per label, one bar per series. */
export function barChart(spec: ChartSpec): string {
  const max = maxOf(spec);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const group = plotWidth / Math.max(1, spec.labels.length);
  const bar = (group * 0.7) / Math.max(1, spec.series.length);
  const body: string[] = [];
  spec.labels.forEach((label, li) => {
    const x0 = MARGIN.left + li * group + group * 0.15;
    spec.series.forEach((s, si) => {
      const value = s.values[li] ?? 0;
      const h = Number.isFinite(value) ? (value / max) * plotHeight : 0;
      const x = x0 + si * bar;
      const y = MARGIN.top + plotHeight - h;
      body.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(bar * 0.9).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[si % COLORS.length] ?? '#000'}"><title>${escape(`${s.name}, ${label}: ${format(value)} ${spec.unit}`)}</title></rect>`,
        `<text x="${(x + bar * 0.45).toFixed(1)}" y="${(y - 3).toFixed(1)}" text-anchor="middle" font-size="10" fill="#111827">${format(value)}</text>`,
      );
    });
    body.push(
      `<text x="${(MARGIN.left + li * group + group / 2).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle" font-size="11" fill="#374151">${escape(label)}</text>`,
    );
  });
  return frame(spec, max, body);
}

/** Lines: one point per label, one line per series. */
export function lineChart(spec: ChartSpec): string {
  const max = maxOf(spec);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const n = Math.max(2, spec.labels.length);
  const x = (i: number) => MARGIN.left + (i / (n - 1)) * plotWidth;
  const y = (v: number) => MARGIN.top + plotHeight - (v / max) * plotHeight;
  const body: string[] = [];
  spec.series.forEach((s, si) => {
    const color = COLORS[si % COLORS.length] ?? '#000';
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(Number.isFinite(v) ? v : 0).toFixed(1)}`);
    body.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/>`);
    if (s.values.length <= 40) {
      s.values.forEach((v, i) => body.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"/>`));
    }
  });
  const step = Math.max(1, Math.ceil(spec.labels.length / 10));
  spec.labels.forEach((label, i) => {
    if (i % step === 0) {
      body.push(`<text x="${x(i).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle" font-size="11" fill="#374151">${escape(label)}</text>`);
    }
  });
  return frame(spec, max, body);
}
