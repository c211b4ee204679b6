// The chart as a standalone SVG for "Download SVG" and "Download PNG": always light, with
// the title, the y-axis unit, labels at the line ends, and a footer that says the unit,
// "log scale" when it applies, the source, the data date and the page's URL, so the
// image can go into a report unchanged. Pure: builds a string, no DOM.
import type { SeriesResponse } from '../core/api-types.js';
import { DATE_TICK_STEPS, formatCompact, formatDateTicks, isoToSeconds } from './chart-data.js';
import { LabelRows } from './label-rows.js';

export interface ImageFrame {
  title: string;
  subtitle: string;
  /** Footer lines, e.g. "Unit: cases · log scale", "Source: …", the page URL. */
  footer: string[];
}

export interface ChartImageOptions extends ImageFrame {
  log: boolean;
  multiples: boolean;
  sharedY: boolean;
  /** Series not drawn (hidden in the legend). */
  hidden: string[];
  yTitle: string;
  colourOf: (country: string) => string;
  /** Dated events marked on the chart (dotted line and label). */
  events?: { date: string; label: string }[];
}

export const LIGHT = {
  background: '#ffffff',
  text: '#17202a',
  muted: '#56606b',
  grid: '#e6e9ed',
  axis: '#8a949e',
};

const WIDTH = 1000;
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`;
}

/** Nice linear ticks (1, 2, 5 × 10^k) covering [min, max]. */
export function linearTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Date ticks (Unix seconds) for [min, max]: a step from DATE_TICK_STEPS giving at most `count`, on calendar boundaries. */
export function dateTicks(min: number, max: number, count = 7): { ticks: number[]; step: number } {
  const span = max - min;
  const step = DATE_TICK_STEPS.find((s) => span / s <= count) ?? DATE_TICK_STEPS[DATE_TICK_STEPS.length - 1]!;
  const day = 86_400;
  const ticks: number[] = [];
  if (step < 28 * day) {
    for (let v = Math.ceil(min / step) * step; v <= max; v += step) ticks.push(v);
  } else {
    const months = step >= 365 * day ? Math.round(step / (365 * day)) * 12 : Math.round(step / (30 * day));
    const start = new Date(min * 1000);
    const year = start.getUTCFullYear();
    let month = start.getUTCMonth();
    month = Math.ceil(month / months) * months;
    for (;;) {
      const v = Date.UTC(year + Math.floor(month / 12), month % 12, 1) / 1000;
      if (v > max) break;
      if (v >= min) ticks.push(v);
      month += months;
    }
  }
  return { ticks, step };
}

interface Panel {
  x: number;
  y: number;
  width: number;
  height: number;
  traces: SeriesResponse['series'];
  heading: string | null;
}

interface Ranges {
  x: [number, number];
  y: [number, number];
}

function yRangeOf(traces: SeriesResponse['series'], log: boolean): [number, number] {
  const values = traces.flatMap((t) => t.values).filter((v): v is number => v !== null && (!log || v > 0));
  if (values.length === 0) return log ? [1, 10] : [0, 1];
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (log) return [10 ** Math.floor(Math.log10(min)), 10 ** Math.ceil(Math.log10(max))];
  const ticks = linearTicks(Math.min(0, min), max);
  return [Math.min(0, min), Math.max(max, ticks[ticks.length - 1] ?? max)];
}

function drawPanel(panel: Panel, ranges: Ranges, o: ChartImageOptions, unit: string): string {
  const parts: string[] = [];
  const left = panel.x + 62;
  const right = panel.x + panel.width - (o.multiples ? 16 : 120);
  const top = panel.y + (panel.heading ? 26 : 8);
  const bottom = panel.y + panel.height - 28;
  const [x0, x1] = ranges.x;
  const [y0, y1] = ranges.y;
  const sx = (v: number) => left + ((v - x0) / Math.max(1, x1 - x0)) * (right - left);
  const sy = o.log
    ? (v: number) =>
        bottom -
        ((Math.log10(v) - Math.log10(y0)) / Math.max(1e-9, Math.log10(y1) - Math.log10(y0))) * (bottom - top)
    : (v: number) => bottom - ((v - y0) / Math.max(1e-9, y1 - y0)) * (bottom - top);
  if (panel.heading)
    parts.push(
      text(panel.x + 8, panel.y + 16, panel.heading, `font-weight="600" font-size="14" fill="${LIGHT.text}"`),
    );
  const yTicks = o.log
    ? Array.from({ length: Math.round(Math.log10(y1 / y0)) + 1 }, (_, i) => y0 * 10 ** i)
    : linearTicks(y0, y1);
  for (const v of yTicks) {
    const y = sy(v);
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${LIGHT.grid}"/>`,
    );
    parts.push(
      text(left - 6, y + 4, formatCompact(v), `text-anchor="end" font-size="12" fill="${LIGHT.muted}"`),
    );
  }
  const { ticks, step } = dateTicks(x0, x1, o.multiples ? 4 : 7);
  formatDateTicks(ticks, step).forEach((label, i) => {
    const x = sx(ticks[i]!);
    parts.push(
      `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${bottom}" y2="${bottom + 4}" stroke="${LIGHT.axis}"/>`,
    );
    parts.push(text(x, bottom + 18, label, `text-anchor="middle" font-size="12" fill="${LIGHT.muted}"`));
  });
  parts.push(`<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="${LIGHT.axis}"/>`);
  if (!o.multiples || panel.x === 0) {
    const cy = (top + bottom) / 2;
    parts.push(
      text(
        panel.x + 14,
        cy,
        unit,
        `text-anchor="middle" font-size="12" font-weight="600" fill="${LIGHT.muted}" transform="rotate(-90 ${panel.x + 14} ${cy.toFixed(1)})"`,
      ),
    );
  }
  const ends: { y: number; label: string; colour: string }[] = [];
  const rt = panel.traces.some((t) => t.lower !== undefined);
  for (const trace of panel.traces) {
    const colour = o.colourOf(trace.country);
    const points: { x: number; y: number; uncertain: boolean; lower: number | null; upper: number | null }[] =
      [];
    trace.dates.forEach((d, i) => {
      const v = trace.values[i];
      if (v === null || v === undefined || (o.log && v <= 0)) return;
      points.push({
        x: sx(isoToSeconds(d)),
        y: sy(v),
        uncertain: trace.uncertain?.[i] ?? false,
        lower: trace.lower?.[i] ?? null,
        upper: trace.upper?.[i] ?? null,
      });
    });
    // Rt: the 95 % credible band under the line.
    const banded = points.filter((p) => p.lower !== null && p.upper !== null && (!o.log || p.lower > 0));
    if (banded.length > 1) {
      const clip = (v: number) => Math.min(bottom, Math.max(top, v));
      const edge = [
        ...banded.map((p) => `${p.x.toFixed(1)},${clip(sy(p.upper!)).toFixed(1)}`),
        ...[...banded].reverse().map((p) => `${p.x.toFixed(1)},${clip(sy(p.lower!)).toFixed(1)}`),
      ];
      parts.push(`<polygon fill="${colour}" fill-opacity="0.16" points="${edge.join(' ')}"/>`);
    }
    // The line, in stretches: faded where a stretch touches an uncertain point.
    let stretch: string[] = [];
    let weak = false;
    const flush = () => {
      if (stretch.length > 1) {
        parts.push(
          `<polyline fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round"${weak ? ' stroke-opacity="0.35"' : ''} points="${stretch.join(' ')}"/>`,
        );
      }
    };
    points.forEach((p, k) => {
      const at = `${p.x.toFixed(1)},${p.y.toFixed(1)}`;
      if (k === 0) {
        stretch = [at];
        return;
      }
      const segmentWeak = p.uncertain || points[k - 1]!.uncertain;
      if (stretch.length > 1 && segmentWeak !== weak) {
        flush();
        stretch = [stretch[stretch.length - 1]!];
      }
      weak = segmentWeak;
      stretch.push(at);
    });
    flush();
    if (points.length === 1)
      parts.push(
        `<circle cx="${points[0]!.x.toFixed(1)}" cy="${points[0]!.y.toFixed(1)}" r="2.5" fill="${colour}"/>`,
      );
    const last = points[points.length - 1];
    if (last && !o.multiples) ends.push({ y: last.y, label: trace.country, colour });
  }
  if (!o.multiples) {
    // Rows of labels: each label goes in the first row where it overlaps nothing.
    const rows = new LabelRows(6);
    for (const event of o.events ?? []) {
      const v = isoToSeconds(event.date);
      if (v < x0 || v > x1) continue;
      const x = sx(v);
      parts.push(
        `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${top}" y2="${bottom}" stroke="${LIGHT.muted}" stroke-dasharray="2 3"/>`,
      );
      const width = event.label.length * 6;
      const tx = x + 3 + width > right ? x - 3 - width : x + 3;
      const row = rows.place(tx - 2, tx + width + 2);
      parts.push(text(tx, top + 11 + row * 13, event.label, `font-size="11" fill="${LIGHT.muted}"`));
    }
  }
  if (rt && y0 <= 1 && y1 >= 1) {
    const y = sy(1).toFixed(1);
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${y}" y2="${y}" stroke="${LIGHT.text}" stroke-dasharray="6 4"/>`,
    );
    parts.push(text(left + 4, Number(y) - 4, 'R = 1', `font-size="12" fill="${LIGHT.text}"`));
  }
  // Line-end labels, pushed apart so that none overlaps another.
  ends.sort((a, b) => a.y - b.y);
  for (let i = 1; i < ends.length; i++) ends[i]!.y = Math.max(ends[i]!.y, ends[i - 1]!.y + 15);
  for (const end of ends)
    parts.push(
      text(right + 6, end.y + 4, end.label, `font-size="13" font-weight="600" fill="${end.colour}"`),
    );
  return parts.join('');
}

/** Lines of at most `max` characters, broken at spaces (a long word stays whole). */
export function wrap(line: string, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ').filter(Boolean)) {
    if (current && current.length + 1 + word.length > max) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}

/** Header and footer around a body of `bodyHeight` px: the whole SVG document. */
export function framedSvg(frame: ImageFrame, body: string, bodyHeight: number, width = WIDTH): string {
  const subtitle = wrap(frame.subtitle, Math.floor(width / 7.5));
  const headerHeight = 44 + subtitle.length * 19;
  const footerLines = frame.footer.flatMap((line) => wrap(line, Math.floor(width / 6.5)));
  const footerHeight = 14 + footerLines.length * 17;
  const height = headerHeight + bodyHeight + footerHeight;
  const footer = footerLines
    .map((line, i) =>
      text(16, headerHeight + bodyHeight + 18 + i * 17, line, `font-size="12" fill="${LIGHT.muted}"`),
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">` +
    `<rect width="100%" height="100%" fill="${LIGHT.background}"/>` +
    text(16, 28, frame.title, `font-size="20" font-weight="700" fill="${LIGHT.text}"`) +
    subtitle.map((line, i) => text(16, 50 + i * 19, line, `font-size="14" fill="${LIGHT.muted}"`)).join('') +
    `<g transform="translate(0 ${headerHeight})">${body}</g>` +
    footer +
    '</svg>'
  );
}

/** The chart (or its small multiples) as an SVG document. */
export function chartSvg(response: SeriesResponse, o: ChartImageOptions): string {
  const traces = response.series.filter((t) => !o.hidden.includes(t.country));
  const xs = traces.flatMap((t) => t.dates.map(isoToSeconds));
  const x: [number, number] = xs.length > 0 ? [Math.min(...xs), Math.max(...xs)] : [0, 86_400];
  let body: string;
  let bodyHeight: number;
  if (!o.multiples) {
    bodyHeight = 420;
    body = drawPanel(
      { x: 0, y: 0, width: WIDTH, height: bodyHeight, traces, heading: null },
      { x, y: yRangeOf(traces, o.log) },
      o,
      o.yTitle,
    );
  } else {
    const columns = traces.length > 1 ? 2 : 1;
    const cell = { width: WIDTH / columns, height: 240 };
    const shared = yRangeOf(traces, o.log);
    bodyHeight = Math.ceil(traces.length / columns) * cell.height;
    body = traces
      .map((trace, i) =>
        drawPanel(
          {
            x: (i % columns) * cell.width,
            y: Math.floor(i / columns) * cell.height,
            ...cell,
            traces: [trace],
            heading: trace.country,
          },
          { x, y: o.sharedY ? shared : yRangeOf([trace], o.log) },
          o,
          o.yTitle,
        ),
      )
      .join('');
  }
  return framedSvg(o, body, bodyHeight);
}
