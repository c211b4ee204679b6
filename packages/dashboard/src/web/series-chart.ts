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
  formatValue,
  secondsToIso,
} from './chart-data.js';
import { theme } from './chart-theme.js';

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
function visibleRange(u: uPlot, log: boolean): [number, number] {
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
    // A legend click in one small multiple hides that panel's line only.
    cursor: { sync: { key: syncKey, setSeries: false }, drag: { x: true, y: false, setScale: false } },
    legend: { live: true },
    scales: {
      x: { time: true, range: (_u, min, max) => live.xRange ?? [min, max] },
      y: log
        ? { distr: 3, log: 10, range: (u) => live.yRange ?? visibleRange(u, true) }
        : { range: (u) => live.yRange ?? visibleRange(u, false) },
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
      { label: 'Date', value: (_u, v) => (v === null ? '–' : formatDate(secondsToIso(v))) },
      ...labels.map((label, i) => ({
        label,
        show: !options.hidden.includes(label),
        stroke: colours[i] ?? '#888',
        width: 2,
        spanGaps: true,
        points: { size: 5 },
        value: (_u: uPlot, v: number | null) => formatValue(v, live.unit),
      })),
    ],
    plugins: [revisionMarkers(live, t.revision), keyboardLegend(live), afterDraw(live), zoomToRange(live)],
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
        live.zoom.onToggle?.(u.series.filter((s, k) => k > 0 && !s.show).map((s) => String(s.label)));
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
      zoom: options,
      xRange,
      yRange,
      applying: false,
      onNextDraw,
    });
    if (!options.multiples) {
      // Same countries on the same scale: new data for the plot on screen (no new DOM).
      const key = JSON.stringify([traces.map((t) => t.country), options.log, options.yTitle]);
      if (this.combined?.key === key) {
        const current = this.combined;
        Object.assign(
          current.live,
          live(all, () => this.onDrawn(), null),
        );
        // Back/forward may bring other hidden series: set them without reporting a click.
        current.live.applying = true;
        current.plot.series.forEach((s, i) => {
          const show = !options.hidden.includes(String(s.label));
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
          traces.map((t) => t.country),
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
        heading.textContent = trace.country;
        panel.append(heading);
        grid.append(panel);
        const aligned = alignTraces([trace], options.log);
        const plot = new uPlot(
          plotOptions(
            panel.clientWidth || 300,
            220,
            [trace.country],
            [options.colourOf(trace.country)],
            panelOptions,
            'multiples',
            { ...live(aligned, drawn, yRange), zoom: panelOptions },
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
    key.append(
      marker,
      ' WHO revision (the cumulative count went down). Drag across the chart to zoom, double-click to reset; on the focused chart, + and − zoom, ← and → move the dates, 0 resets. Select a name in the legend to hide or show it.',
    );
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
