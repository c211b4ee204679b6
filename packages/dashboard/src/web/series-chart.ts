// The chart: uPlot (≈50 KB) with hover values, drag-to-zoom (double-click resets),
// legend toggling, log scale, revision markers, and small multiples. A zoom is not
// kept inside uPlot: it is handed to the page as a date range (`onZoom`), which puts
// it in the URL and asks the API for that range, like the date inputs do.
import uPlot from 'uplot';
import type { SeriesResponse } from '../core/api-types.js';
import {
  type AlignedData,
  alignTraces,
  DATE_TICK_STEPS,
  formatCompact,
  formatDate,
  formatDateTicks,
  formatGrowth,
  formatRtPoint,
  formatValue,
  isoToSeconds,
  secondsToIso,
  type TraceExtras,
} from './chart-data.js';
import { theme } from './chart-theme.js';
import { countryName, currentLanguage, t } from './i18n.js';
import { LabelRows } from './label-rows.js';

export interface ChartOptions {
  log: boolean;
  multiples: boolean;
  /** Small multiples: one y range for every panel (else each fits its own data). */
  sharedY: boolean;
  /** Series hidden from the legend. */
  hidden: string[];
  /** The legend hid or showed a series: the names now hidden. */
  onToggle?: (hidden: string[]) => void;
  /** The y axis title, e.g. "cases per week". */
  yTitle: string;
  /** Dated events drawn as marks with a short label (empty: none). */
  events: { date: string; label: string }[];
  colourOf: (country: string) => string;
  /** A date range dragged across the plot (ISO dates, inclusive). */
  onZoom?: (from: string, to: string) => void;
  /** Double-click on the plot: back to the whole period. */
  onZoomReset?: () => void;
}

/**
 * What a plot reads when it draws, replaced by each render: a plot kept for the next
 * render (same countries, same scale) only needs new data, not a new uPlot.
 */
interface LiveState {
  unit: string;
  revisions: number[][];
  /** Per trace: week labels, and for Rt the interval, uncertain points and growth. */
  extras: TraceExtras[];
  /** The answer is Rt: bands, the R = 1 line and faded uncertain stretches are drawn. */
  rt: boolean;
  /** The HDX names of the plot's series (the legend shows them in the page's language). */
  names: string[];
  events: { date: string; label: string }[];
  zoom: Pick<ChartOptions, 'onZoom' | 'onZoomReset' | 'onToggle'>;
  /** The x range every panel shows (small multiples share it), in seconds. */
  xRange: [number, number] | null;
  /** A y range every panel shows (shared y), else null: each fits its data. */
  yRange: [number, number] | null;
  /** True while render() sets series visibility itself (not a reader's click). */
  applying: boolean;
  /** Runs once after the next draw: that render is on the canvas. */
  onNextDraw: (() => void) | null;
}

/** Draws a ▼ at each revision: where a cumulative count went down. */
function revisionMarkers(live: LiveState, colour: string): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx } = u;
        const size = 5 * devicePixelRatio;
        ctx.save();
        ctx.fillStyle = colour;
        ctx.strokeStyle = theme().background;
        ctx.lineWidth = devicePixelRatio;
        live.revisions.forEach((indexes, ti) => {
          const series = u.series[ti + 1];
          if (!series?.show) return;
          for (const i of indexes) {
            const x = u.data[0][i];
            const y = u.data[ti + 1]?.[i];
            if (x === undefined || y === null || y === undefined) continue;
            const cx = u.valToPos(x, 'x', true);
            const cy = u.valToPos(y, 'y', true);
            ctx.beginPath();
            ctx.moveTo(cx - size, cy - size * 1.6);
            ctx.lineTo(cx + size, cy - size * 1.6);
            ctx.lineTo(cx, cy - size * 0.2);
            ctx.closePath();
            ctx.fill();
            ctx.stroke();
          }
        });
        ctx.restore();
      },
    },
  };
}

/** The y range of the series shown (hidden ones do not count): from 0, with 5 % headroom. */
function visibleRange(u: uPlot, log: boolean, live: LiveState): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  u.series.forEach((s, i) => {
    if (i === 0 || !s.show) return;
    for (const v of u.data[i] ?? []) {
      if (v === null || v === undefined || (log && v <= 0)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  });
  // Rt: room for the credible bands, but a first week's huge upper bound does not flatten the rest.
  if (live.rt && Number.isFinite(max)) {
    const cap = max * 2;
    live.extras.forEach((e, ti) => {
      if (!u.series[ti + 1]?.show) return;
      for (const v of e.upper) if (v !== null && v > max) max = Math.min(cap, v);
    });
  }
  if (!Number.isFinite(min)) return log ? [1, 10] : [0, 1];
  if (log) return [10 ** Math.floor(Math.log10(min)), 10 ** Math.ceil(Math.log10(max * 1.05))];
  return [Math.min(0, min), max > 0 ? max * 1.05 : 1];
}

function plotOptions(
  width: number,
  height: number,
  labels: string[],
  colours: string[],
  options: Pick<ChartOptions, 'log' | 'hidden' | 'yTitle'>,
  syncKey: string,
  live: LiveState,
): uPlot.Options {
  const t = theme();
  const { log } = options;
  const axis: uPlot.Axis = {
    stroke: t.text,
    grid: { stroke: t.grid, width: 1 },
    ticks: { stroke: t.grid, width: 1 },
  };
  return {
    width,
    height,
    // Room at the right for the names at the line ends (one chart; small multiples have headings).
    padding: syncKey === 'combined' ? [12, 118, 0, 0] : [12, 12, 0, 0],
    // A legend click in one small multiple hides that panel's line only.
    cursor: { sync: { key: syncKey, setSeries: false }, drag: { x: true, y: false, setScale: false } },
    // Legend markers in the plain colour (the line's own stroke may be a gradient).
    legend: { live: true, markers: { stroke: (_u, i) => colours[i - 1] ?? '#888' } },
    scales: {
      x: { time: true, range: (_u, min, max) => live.xRange ?? [min, max] },
      y: log
        ? { distr: 3, log: 10, range: (u) => live.yRange ?? visibleRange(u, true, live) }
        : { range: (u) => live.yRange ?? visibleRange(u, false, live) },
    },
    axes: [
      {
        ...axis,
        space: 64,
        incrs: DATE_TICK_STEPS,
        values: (u, splits, _axis, _space, step) => {
          const labels = formatDateTicks(splits, step);
          // What the axis says, for tests and tools (the canvas has no text to read).
          u.root.dataset['xTicks'] = labels.join('|');
          return labels;
        },
      },
      {
        ...axis,
        size: 60,
        label: options.yTitle,
        labelSize: 20,
        labelFont: '600 12px system-ui, sans-serif',
        values: (_u, splits) => splits.map((s) => (s === null ? '' : formatCompact(s))),
      },
    ],
    series: [
      {
        label: 'Date',
        value: (u, v, _si, i) => {
          if (v === null) return '–';
          const week = i === null ? null : live.extras.find((e) => e.week[i])?.week[i];
          return week ? `${formatDate(secondsToIso(v))} (${week})` : formatDate(secondsToIso(v));
        },
      },
      ...labels.map((label, i) => ({
        label,
        show: !options.hidden.includes(live.names[i] ?? label),
        stroke: live.rt ? rtStroke(live, i, colours[i] ?? '#888') : (colours[i] ?? '#888'),
        width: 2,
        spanGaps: true,
        points: { size: 5 },
        value: (_u: uPlot, v: number | null, _si: number, at: number | null) => {
          if (!live.rt || at === null) return formatValue(v, live.unit);
          const growth = formatGrowth(live.extras[i], at);
          return `${formatRtPoint(live.extras[i], at, v)}${growth ? `; ${growth}` : ''}`;
        },
      })),
    ],
    plugins: [
      ...(syncKey === 'combined' ? [lineEndLabels(colours)] : []),
      eventMarks(live, t.text),
      rtDecorations(live, colours, t.text),
      revisionMarkers(live, t.revision),
      keyboardLegend(live),
      afterDraw(live),
      zoomToRange(live),
    ],
  };
}

/** A colour at about a third of its strength: an uncertain Rt stretch, or a credible band. */
function faded(colour: string, alpha: number): string {
  return /^#[0-9a-f]{6}$/i.test(colour)
    ? `${colour}${Math.round(alpha * 255)
        .toString(16)
        .padStart(2, '0')}`
    : colour;
}

/**
 * The Rt line's stroke: its colour, faded where a stretch touches an uncertain point
 * (posterior CV above 0.3), as a horizontal gradient with hard stops at the points.
 */
function rtStroke(live: LiveState, trace: number, colour: string) {
  return (u: uPlot): string | CanvasGradient => {
    const extras = live.extras[trace];
    const ys = u.data[trace + 1];
    if (!extras || !ys || !extras.uncertain.some(Boolean)) return colour;
    const left = u.bbox.left;
    const width = Math.max(1, u.bbox.width);
    const gradient = u.ctx.createLinearGradient(left, 0, left + width, 0);
    const weak = faded(colour, 0.35);
    let previous: number | null = null;
    ys.forEach((y, i) => {
      if (y === null || y === undefined) return;
      const at = Math.min(1, Math.max(0, (u.valToPos(u.data[0][i]!, 'x', true) - left) / width));
      if (previous !== null) {
        const style = extras.uncertain[previous] || extras.uncertain[i] ? weak : colour;
        const from = Math.min(1, Math.max(0, (u.valToPos(u.data[0][previous]!, 'x', true) - left) / width));
        gradient.addColorStop(from, style);
        gradient.addColorStop(at, style);
      }
      previous = i;
    });
    return gradient;
  };
}

/** Rt: each series' 95 % credible band under the lines, and a dashed reference line at R = 1. */
function rtDecorations(live: LiveState, colours: string[], text: string): uPlot.Plugin {
  return {
    hooks: {
      drawAxes: (u) => {
        if (!live.rt) return;
        const { ctx } = u;
        ctx.save();
        // A band may reach far above the axis (weeks with few cases): keep it in the plot.
        ctx.beginPath();
        ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
        ctx.clip();
        live.extras.forEach((extras, ti) => {
          if (!u.series[ti + 1]?.show) return;
          const colour = colours[ti] ?? '#888';
          // One polygon per run of points with an interval: upper edge forward, lower edge back.
          let run: number[] = [];
          const flush = () => {
            if (run.length > 1) {
              ctx.beginPath();
              run.forEach((i, k) => {
                const x = u.valToPos(u.data[0][i]!, 'x', true);
                const y = u.valToPos(extras.upper[i]!, 'y', true);
                if (k === 0) ctx.moveTo(x, y);
                else ctx.lineTo(x, y);
              });
              for (const i of [...run].reverse()) {
                ctx.lineTo(u.valToPos(u.data[0][i]!, 'x', true), u.valToPos(extras.lower[i]!, 'y', true));
              }
              ctx.closePath();
              ctx.fillStyle = faded(colour, 0.16);
              ctx.fill();
            }
            run = [];
          };
          extras.upper.forEach((upper, i) => {
            if (upper === null || extras.lower[i] === null) flush();
            else run.push(i);
          });
          flush();
        });
        const one = u.valToPos(1, 'y', true);
        if (one >= u.bbox.top && one <= u.bbox.top + u.bbox.height) {
          ctx.strokeStyle = text;
          ctx.lineWidth = devicePixelRatio;
          ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, one);
          ctx.lineTo(u.bbox.left + u.bbox.width, one);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = text;
          ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
          ctx.textAlign = 'left';
          ctx.textBaseline = 'alphabetic';
          ctx.fillText('R = 1', u.bbox.left + 4 * devicePixelRatio, one - 4 * devicePixelRatio);
        }
        ctx.restore();
      },
    },
  };
}

/** Each series' name at the end of its line, in its colour, pushed apart so that none overlaps. */
function lineEndLabels(colours: string[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const dpr = devicePixelRatio;
        const ends: { y: number; x: number; label: string; colour: string }[] = [];
        u.series.forEach((s, i) => {
          if (i === 0 || !s.show) return;
          const ys = u.data[i] ?? [];
          for (let k = ys.length - 1; k >= 0; k--) {
            const v = ys[k];
            if (v === null || v === undefined) continue;
            const x = u.valToPos(u.data[0][k]!, 'x', true);
            const y = u.valToPos(v, 'y', true);
            if (Number.isFinite(y))
              ends.push({ x, y, label: String(s.label), colour: colours[i - 1] ?? '#888' });
            break;
          }
        });
        ends.sort((a, b) => a.y - b.y);
        for (let k = 1; k < ends.length; k++) ends[k]!.y = Math.max(ends[k]!.y, ends[k - 1]!.y + 14 * dpr);
        // The names drawn, top to bottom, for tests and tools (the canvas has no text to read).
        u.root.dataset['lineEnds'] = ends.map((e) => e.label).join('|');
        const { ctx } = u;
        ctx.save();
        ctx.font = `600 ${12 * dpr}px system-ui, sans-serif`;
        ctx.textAlign = 'left';
        ctx.textBaseline = 'middle';
        const left = u.bbox.left + u.bbox.width + 6 * dpr;
        for (const end of ends) {
          ctx.fillStyle = end.colour;
          ctx.fillText(end.label, Math.max(left, end.x + 6 * dpr), end.y);
        }
        ctx.restore();
      },
    },
  };
}

/** Events (PHEIC, end of transmission, flare-ups): a dotted line at the date and its label at the top. */
function eventMarks(live: LiveState, colour: string): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        if (live.events.length === 0) return;
        const { ctx } = u;
        const dpr = devicePixelRatio;
        const [min, max] = [u.scales['x']?.min ?? 0, u.scales['x']?.max ?? 0];
        ctx.save();
        ctx.strokeStyle = colour;
        ctx.fillStyle = colour;
        ctx.lineWidth = dpr;
        ctx.setLineDash([2 * dpr, 3 * dpr]);
        ctx.font = `${11 * dpr}px system-ui, sans-serif`;
        // uPlot leaves its axes' alignment on the context.
        ctx.textAlign = 'left';
        ctx.textBaseline = 'alphabetic';
        // Rows of labels: each label goes in the first row where it overlaps nothing.
        const rows = new LabelRows(6);
        for (const event of live.events) {
          const x = isoToSeconds(event.date);
          if (x < min || x > max) continue;
          const px = u.valToPos(x, 'x', true);
          ctx.beginPath();
          ctx.moveTo(px, u.bbox.top);
          ctx.lineTo(px, u.bbox.top + u.bbox.height);
          ctx.stroke();
          const width = ctx.measureText(event.label).width;
          const flipped = px + 3 * dpr + width > u.bbox.left + u.bbox.width;
          const textX = flipped ? px - 3 * dpr - width : px + 3 * dpr;
          const row = rows.place(textX - 2 * dpr, textX + width + 2 * dpr);
          ctx.fillText(event.label, textX, u.bbox.top + (11 + row * 13) * dpr);
        }
        ctx.restore();
      },
    },
  };
}

/** A drag selects dates: hand them to the page instead of zooming uPlot's own scale. */
function zoomToRange(live: LiveState): uPlot.Plugin {
  return {
    hooks: {
      ready: (u) => {
        u.over.addEventListener('dblclick', () => live.zoom.onZoomReset?.());
      },
      setSelect: (u) => {
        if (u.select.width < 2) return;
        const from = u.posToVal(u.select.left, 'x');
        const to = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        if (to > from) live.zoom.onZoom?.(secondsToIso(from), secondsToIso(to));
      },
    },
  };
}

/** Calls the render's `onNextDraw` once the plot has drawn that render's data. */
function afterDraw(live: LiveState): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        // The y axis' top, for tests and tools (the canvas has no numbers to read).
        u.root.dataset['yMax'] = String(u.scales['y']?.max ?? '');
        const drawn = live.onNextDraw;
        live.onNextDraw = null;
        drawn?.();
      },
    },
  };
}

const toggling = new WeakSet<uPlot>();

/**
 * uPlot's legend toggles series on click; make each entry a keyboard button too, and
 * tell the page which series are hidden (they go in the URL).
 */
const keyboardLegend = (live: LiveState): uPlot.Plugin => ({
  hooks: {
    ready: (u) => {
      u.root.querySelectorAll<HTMLTableRowElement>('.u-legend .u-series').forEach((row, i) => {
        const label = row.querySelector('th');
        if (i === 0 || !label) return; // row 0 is the date
        label.tabIndex = 0;
        label.setAttribute('role', 'button');
        label.setAttribute('aria-pressed', String(u.series[i]?.show ?? true));
        label.title = 'Show or hide this series';
        label.addEventListener('keydown', (e) => {
          if (e.key !== 'Enter' && e.key !== ' ') return;
          e.preventDefault();
          u.setSeries(i, { show: !u.series[i]?.show });
        });
      });
    },
    setSeries: (u, i) => {
      const label = u.root.querySelectorAll('.u-legend .u-series th')[i ?? -1];
      label?.setAttribute('aria-pressed', String(u.series[i ?? 0]?.show ?? true));
      if (live.applying || toggling.has(u)) return;
      // A ctrl-click isolates a series: one report for all the series it changed.
      toggling.add(u);
      queueMicrotask(() => {
        toggling.delete(u);
        live.zoom.onToggle?.(live.names.filter((_name, k) => !u.series[k + 1]?.show));
      });
    },
  },
});

/** One y range over every trace (small multiples with a shared axis). */
function sharedYRange(all: AlignedData, log: boolean): [number, number] {
  const values = all.ys.flat().filter((v): v is number => v !== null && (!log || v > 0));
  if (values.length === 0) return log ? [1, 10] : [0, 1];
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (log) return [10 ** Math.floor(Math.log10(min)), 10 ** Math.ceil(Math.log10(max * 1.05))];
  return [Math.min(0, min), max > 0 ? max * 1.05 : 1];
}

export class SeriesChart {
  private plots: uPlot[] = [];
  private resizeObserver: ResizeObserver;
  private last: { response: SeriesResponse; options: ChartOptions } | null = null;
  /** The one-chart plot and what it was built for (countries, scale). */
  private combined: { key: string; plot: uPlot; live: LiveState } | null = null;

  /** `onDrawn` runs when every plot of a render() has painted its data. */
  constructor(
    private readonly container: HTMLElement,
    private readonly onDrawn: () => void = () => {},
  ) {
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(container);
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.redraw());
  }

  /** Draws the response; returns the number of traces drawn. */
  render(response: SeriesResponse, options: ChartOptions): number {
    this.last = { response, options };
    const traces = response.series;
    this.describe(response, options);
    const all = alignTraces(traces, options.log);
    // Every panel covers the same dates; a shared y axis, the same values.
    const xRange: [number, number] | null =
      all.xs.length > 0 ? [all.xs[0]!, all.xs[all.xs.length - 1]!] : null;
    const live = (aligned: AlignedData, onNextDraw: () => void, yRange: LiveState['yRange']): LiveState => ({
      unit: response.unit,
      revisions: aligned.revisions,
      extras: aligned.extras,
      rt: response.measure === 'rt',
      names: traces.map((t) => t.country),
      events: options.events,
      zoom: options,
      xRange,
      yRange,
      applying: false,
      onNextDraw,
    });
    if (!options.multiples) {
      // Same countries on the same scale: new data for the plot on screen (no new DOM).
      const key = JSON.stringify([
        traces.map((t) => countryName(t.country)),
        options.log,
        options.yTitle,
        currentLanguage(),
      ]);
      if (this.combined?.key === key) {
        const current = this.combined;
        Object.assign(
          current.live,
          live(all, () => this.onDrawn(), null),
        );
        // Back/forward may bring other hidden series: set them without reporting a click.
        current.live.applying = true;
        current.plot.series.forEach((s, i) => {
          const show = !options.hidden.includes(current.live.names[i - 1] ?? '');
          if (i > 0 && s.show !== show) current.plot.setSeries(i, { show });
        });
        current.live.applying = false;
        current.plot.setData([all.xs, ...all.ys]);
        return traces.length;
      }
      this.clear();
      const state = live(all, () => this.onDrawn(), null);
      const plot = new uPlot(
        plotOptions(
          this.container.clientWidth || 600,
          this.plotHeight(),
          traces.map((t) => countryName(t.country)),
          traces.map((t) => options.colourOf(t.country)),
          options,
          'combined',
          state,
        ),
        [all.xs, ...all.ys],
        this.container,
      );
      this.plots.push(plot);
      this.combined = { key, plot, live: state };
    } else {
      this.clear();
      let waiting = traces.length;
      const drawn = () => {
        waiting -= 1;
        if (waiting === 0) this.onDrawn();
      };
      if (waiting === 0) queueMicrotask(() => this.onDrawn());
      const grid = document.createElement('div');
      grid.className = 'multiples';
      this.container.append(grid);
      const yRange = options.sharedY ? sharedYRange(all, options.log) : null;
      const panelOptions = { ...options, hidden: [], onToggle: undefined };
      for (const trace of traces) {
        const panel = document.createElement('div');
        panel.className = 'multiple';
        panel.dataset['country'] = trace.country;
        const heading = document.createElement('h3');
        heading.textContent = countryName(trace.country);
        panel.append(heading);
        grid.append(panel);
        const aligned = alignTraces([trace], options.log);
        const plot = new uPlot(
          plotOptions(
            panel.clientWidth || 300,
            220,
            [countryName(trace.country)],
            [options.colourOf(trace.country)],
            panelOptions,
            'multiples',
            { ...live(aligned, drawn, yRange), zoom: panelOptions, names: [trace.country] },
          ),
          [aligned.xs, ...aligned.ys],
          panel,
        );
        this.plots.push(plot);
      }
    }
    const key = document.createElement('p');
    key.className = 'chart-key';
    const marker = document.createElement('span');
    marker.className = 'revision-mark';
    marker.setAttribute('aria-hidden', 'true');
    marker.textContent = '▼';
    key.append(marker, ` ${t().chartKey}`);
    this.container.append(key);
    return traces.length;
  }

  /** No country chosen: the chart area says so, in its middle. */
  showEmpty(text: string): void {
    this.clear();
    const p = document.createElement('p');
    p.className = 'chart-empty';
    p.textContent = text;
    this.container.append(p);
  }

  /** Test and tooling hooks: what is drawn, without reaching into uPlot. */
  private describe(response: SeriesResponse, options: ChartOptions): void {
    const data = this.container.dataset;
    data['traces'] = response.series.map((t) => t.country).join('|');
    data['multiples'] = String(options.multiples);
    data['log'] = String(options.log);
    data['sharedY'] = String(options.multiples && options.sharedY);
    data['hidden'] = options.hidden.join('|');
    data['indicator'] = response.indicator.id;
    data['measure'] = response.measure;
    data['unit'] = response.unit;
    data['points'] = String(
      response.series.reduce((n, t) => n + t.values.filter((v) => v !== null).length, 0),
    );
  }

  private plotHeight(): number {
    return window.innerWidth < 600 ? 280 : 380;
  }

  private fit(): void {
    for (const plot of this.plots) {
      const parent = plot.root.parentElement;
      if (!parent) continue;
      const width = parent.clientWidth;
      if (width > 0 && Math.abs(width - plot.width) > 1) {
        plot.setSize({ width, height: this.last?.options.multiples ? 220 : this.plotHeight() });
      }
    }
  }

  /** A new theme: new plots (their colours are fixed at creation). */
  private redraw(): void {
    if (!this.last) return;
    this.clear();
    this.render(this.last.response, this.last.options);
  }

  clear(): void {
    for (const plot of this.plots) plot.destroy();
    this.plots = [];
    this.combined = null;
    this.container.replaceChildren();
  }
}
