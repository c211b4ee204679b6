// What "Download CSV / PNG / SVG" write: what is on screen, from any tab. Pure; the
// browser side (the map's shapes, drawing the PNG) is export-download.ts.
// - CSV: the series shown (hidden ones left out), or on the map tab every country at the
//   map's date; with the HDX indicator name, unit, population and source as columns.
// - SVG: the chart (the table's chart on the table tab) or the map, always light, with a
//   footer naming unit, log scale, source, data date and the page's URL.
// - PNG: that SVG drawn at 2×.
// File names say the view: ebola_<measure>_<countries>_<first date>_<last date>.<ext>.
import type { MetaResponse, SeriesResponse } from '../core/api-types.js';
import { formatDate } from './chart-data.js';
import { chartSvg, type ImageFrame } from './chart-svg.js';
import { valueAt } from './map-scale.js';
import type { ViewName, ViewState } from './view-state.js';

export interface ExportContext {
  view: ViewName;
  state: ViewState;
  /** The chart's (and table's) series on screen. */
  chart: SeriesResponse | null;
  /** The map's series (every country), once the map was opened. */
  map: SeriesResponse | null;
  /** The map's date on screen (ISO). */
  mapDate: string | null;
  title: string;
  meta: MetaResponse | null;
  pageUrl: string;
  colourOf: (country: string) => string;
  /** The events marked on the chart on screen. */
  events?: { date: string; label: string }[];
}

export const SOURCE = 'WHO Ebola situation reports, compiled by UN OCHA HDX (“Ebola Cases and Deaths”)';

/** "cumulative-all-cases", "weekly-confirmed-deaths", "cfr-all-cases", with "-per-100k". */
export function measureSlug(response: SeriesResponse): string {
  const id = response.indicator.id;
  const base =
    response.measure === 'cumulative' ? id : `${response.measure}-${id.replace(/^cumulative-/, '')}`;
  return response.per100k ? `${base}-per-100k` : base;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The dates the series on screen cover: first and last report with a value. */
function coveredDates(traces: SeriesResponse['series']): [string, string] | null {
  let first: string | null = null;
  let last: string | null = null;
  for (const trace of traces) {
    trace.dates.forEach((d, i) => {
      if (trace.values[i] === null) return;
      if (first === null || d < first) first = d;
      if (last === null || d > last) last = d;
    });
  }
  return first && last ? [first, last] : null;
}

function visibleTraces(ctx: ExportContext): SeriesResponse['series'] {
  return (ctx.chart?.series ?? []).filter((t) => !ctx.state.hidden.includes(t.country));
}

export function exportName(ctx: ExportContext, ext: string): string {
  if (ctx.view === 'map') {
    if (!ctx.map) throw new Error('the map is not drawn yet');
    return `ebola_${measureSlug(ctx.map)}_map_${ctx.mapDate ?? 'latest'}.${ext}`;
  }
  if (!ctx.chart) throw new Error('the chart is not drawn yet');
  const traces = visibleTraces(ctx);
  const dates = coveredDates(traces);
  return [
    'ebola',
    measureSlug(ctx.chart),
    traces.map((t) => slug(t.country)).join('-') || 'no-country',
    ...(dates ?? []),
  ]
    .join('_')
    .concat(`.${ext}`);
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // A text cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function population(meta: MetaResponse | null, country: string) {
  return meta?.countries.find((c) => c.name === country)?.population ?? null;
}

function sourceText(meta: MetaResponse | null): string {
  const file = meta?.source.location.split(/[\\/]/).pop();
  return meta ? `${SOURCE}: ${file}, loaded ${meta.loadedAt.slice(0, 10)}` : SOURCE;
}

const CSV_COLUMNS = [
  'date',
  'country',
  'value',
  'unit',
  'indicator',
  'hdx_indicator',
  'measure',
  'population',
  'population_source',
  'source',
];

/** Rt's columns beside the value (the posterior mean): its 95 % interval and the growth of incidence. */
const RT_COLUMNS = [
  'lower_95',
  'upper_95',
  'uncertain',
  'growth_rate_per_day',
  'doubling_time_days',
  'halving_time_days',
];

/** The CSV of what is on screen. */
export function exportCsv(ctx: ExportContext): string {
  const rows: (string | number | null)[][] = [];
  const row = (
    response: SeriesResponse,
    date: string,
    country: string,
    value: number | null,
    extra: (string | null)[] = [],
  ) => {
    const p = population(ctx.meta, country);
    rows.push([
      date,
      country,
      value,
      response.unit,
      ctx.title,
      response.indicator.name,
      response.measure,
      p?.value ?? null,
      p ? `${p.source} (${p.year})` : null,
      sourceText(ctx.meta),
      ...extra,
    ]);
  };
  if (ctx.view === 'map') {
    const response = ctx.map;
    if (!response || !ctx.mapDate) throw new Error('the map is not drawn yet');
    const cumulative =
      response.measure === 'cumulative' && response.indicator.facets?.measure === 'cumulative';
    for (const trace of response.series) {
      const at = valueAt(trace, ctx.mapDate, cumulative);
      row(response, ctx.mapDate, trace.country, at?.value ?? null, [at?.date ?? null]);
    }
    return (
      [[...CSV_COLUMNS, 'report_date'], ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
    );
  }
  const response = ctx.chart;
  if (!response) throw new Error('the chart is not drawn yet');
  const traces = visibleTraces(ctx);
  // Weekly and Rt: the ISO week and how the values were computed; Rt: its interval and growth.
  const weekly = traces.some((t) => t.weeks !== undefined);
  const rt = response.measure === 'rt';
  const extraColumns = [
    ...(weekly ? ['iso_week'] : []),
    ...(rt ? RT_COLUMNS : []),
    ...(response.method ? ['method'] : []),
  ];
  const method = response.method
    ? `${response.method}${response.rt ? `; window ${response.rt.window} weeks` : ''}`
    : null;
  for (const trace of traces) {
    trace.dates.forEach((d, i) => {
      const rtCells = rt
        ? [
            trace.lower?.[i] ?? null,
            trace.upper?.[i] ?? null,
            trace.values[i] === null ? null : String(trace.uncertain?.[i] ?? false),
            trace.growthRate?.[i] ?? null,
            trace.doublingTime?.[i] ?? null,
            trace.halvingTime?.[i] ?? null,
          ].map((v) => (v === null ? null : String(v)))
        : [];
      row(response, d, trace.country, trace.values[i] ?? null, [
        ...(weekly ? [trace.weeks?.[i] ?? null] : []),
        ...rtCells,
        ...(method ? [method] : []),
      ]);
    });
  }
  return (
    [[...CSV_COLUMNS, ...extraColumns], ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
  );
}

export function frameOf(ctx: ExportContext, response: SeriesResponse, subtitle: string): ImageFrame {
  const log = ctx.view !== 'map' && ctx.state.log;
  return {
    title: ctx.title,
    subtitle,
    footer: [
      `Unit: ${response.unit}${log ? ' · log scale' : ''}${ctx.view === 'map' ? ' · colour classes on a log scale' : ''}`,
      `Source: ${SOURCE}; data to ${formatDate(ctx.meta?.dateRange.to ?? null)}`,
      ctx.pageUrl,
    ],
  };
}

function subtitleOf(ctx: ExportContext): string {
  const traces = visibleTraces(ctx);
  const dates = coveredDates(traces);
  return `${traces.map((t) => t.country).join(', ')}${dates ? ` · ${formatDate(dates[0])} – ${formatDate(dates[1])}` : ''}`;
}

/** The chart's SVG (the map's is drawn from the page: export-download.ts). */
export function chartExportSvg(ctx: ExportContext): string {
  const response = ctx.chart;
  if (!response) throw new Error('the chart is not drawn yet');
  return chartSvg(response, {
    ...frameOf(ctx, response, subtitleOf(ctx)),
    log: ctx.state.log,
    multiples: ctx.state.multiples,
    sharedY: ctx.state.sharedY,
    hidden: ctx.state.hidden,
    yTitle: response.unit,
    colourOf: ctx.colourOf,
    events: ctx.events ?? [],
  });
}
