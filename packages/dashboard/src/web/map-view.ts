// The map (loaded only when opened): affected countries coloured by the chosen
// indicator at one report date (chosen on the timeline, map-panel.ts). Shapes are SVG
// paths projected at build time (no projection code or map data fetched at run time).
import shapes from 'virtual:map-shapes';
import type { SeriesResponse } from '../core/api-types.js';
import { formatDate, formatValue } from './chart-data.js';
import { classOf, type MapScale, mapScale, reportOnOrBefore, valueAt } from './map-scale.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export class OutbreakMap {
  private readonly svgEl: SVGSVGElement;
  private readonly paths = new Map<string, SVGPathElement>();
  private readonly titles = new Map<string, SVGTitleElement>();
  private readonly list: HTMLOListElement;
  private readonly legend: HTMLDivElement;
  /** The report dates of the answer drawn, in order (the timeline's stops on the Map tab). */
  dates: string[] = [];
  private response: SeriesResponse | null = null;
  private scale: MapScale = mapScale(0, 0, '', true);

  constructor(private readonly root: HTMLElement) {
    root.replaceChildren();
    this.svgEl = svg('svg', {
      viewBox: `0 0 ${shapes.width} ${shapes.height}`,
      role: 'img',
      'aria-labelledby': 'map-caption',
      class: 'map-svg',
    });
    const main = svg('g', { class: 'map-main' });
    for (const d of shapes.context) main.append(svg('path', { d, class: 'map-context' }));
    for (const region of shapes.regions) {
      const path = svg('path', { d: region.d, class: 'map-country', 'data-country': region.name });
      const title = svg('title', {});
      path.append(title);
      this.paths.set(region.name, path);
      this.titles.set(region.name, title);
      main.append(path);
      if (region.label) {
        const text = svg('text', { x: region.label[0], y: region.label[1], class: 'map-label' });
        text.textContent = region.name;
        main.append(text);
      }
    }
    for (const inset of shapes.insets) {
      const [x, y, w, h] = inset.box;
      main.insertBefore(
        svg('rect', { x, y, width: w, height: h, rx: 4, class: 'map-inset' }),
        main.firstChild,
      );
      const text = svg('text', { x: x + 6, y: y + 14, class: 'map-inset-label' });
      text.textContent = inset.name === 'United States of America' ? 'USA' : inset.name;
      main.append(text);
    }
    this.svgEl.append(main);

    const caption = document.createElement('p');
    caption.id = 'map-caption';
    caption.className = 'map-caption';
    this.legend = document.createElement('div');
    this.legend.className = 'map-legend';
    this.list = document.createElement('ol');
    this.list.className = 'map-values';
    this.list.dataset['testid'] = 'map-values';
    this.list.setAttribute('aria-label', 'Values at the chosen date');
    const figure = document.createElement('div');
    figure.className = 'map-figure';
    figure.append(this.svgEl, this.list);
    root.append(caption, figure, this.legend);
  }

  /**
   * Draws the map at `date`, or at the last report before it when there is none that day
   * (the first report when it is before them all; the last when null). Returns the date shown.
   */
  render(response: SeriesResponse, date: string | null, title: string): string | null {
    this.response = response;
    this.dates = [...new Set(response.series.flatMap((t) => t.dates))].sort();
    const values = response.series.flatMap((t) => t.values.filter((v): v is number => v !== null));
    const positive = values.filter((v) => v > 0);
    this.scale = mapScale(
      positive.length > 0 ? Math.min(...positive) : 0,
      Math.max(0, ...values),
      response.unit,
      values.every((v) => Number.isInteger(v)),
    );
    const caption = this.root.querySelector('#map-caption');
    if (caption)
      caption.textContent =
        `${title}, by country (${response.unit}${this.scale.log ? ', colours on a log scale' : ''}); ` +
        `flare-up series such as "Liberia 2" are counted in their country, so a total may exceed ` +
        `the chart's. Shapes: ${shapes.attribution}.`;
    const at = reportOnOrBefore(this.dates, date);
    this.renderLegend();
    if (at) this.paint(at);
    return at;
  }

  private renderLegend(): void {
    const items = this.scale.classes.map((c) => {
      const item = document.createElement('span');
      item.className = 'map-legend-item';
      const swatch = document.createElement('span');
      swatch.className = 'map-swatch';
      swatch.style.background = c.colour;
      const text = document.createElement('span');
      text.textContent = c.label;
      item.append(swatch, text);
      return item;
    });
    const none = document.createElement('span');
    none.className = 'map-legend-item';
    const noneSwatch = document.createElement('span');
    noneSwatch.className = 'map-swatch map-none';
    const noneText = document.createElement('span');
    noneText.textContent = 'no report';
    none.append(noneSwatch, noneText);
    const scale = document.createElement('span');
    scale.className = 'map-legend-scale muted';
    scale.textContent = this.scale.log ? 'Log scale: each class is ten times the one before' : '';
    this.legend.replaceChildren(...items, none, scale);
    this.legend.dataset['classes'] = this.scale.classes.map((c) => c.label).join('|');
  }

  /** Colours the countries and lists their values at `date` (a report date of the answer). */
  paint(date: string): void {
    const response = this.response;
    if (!response || !date) return;
    this.root.dataset['date'] = date;
    const cumulative =
      response.measure === 'cumulative' && response.indicator.facets?.measure === 'cumulative';
    const rows: { country: string; value: number | null; date: string | null }[] = [];
    for (const [country, path] of this.paths) {
      const trace = response.series.find((t) => t.country === country);
      const at = valueAt(trace, date, cumulative);
      path.classList.toggle('no-data', at === null);
      path.style.fill = at === null ? '' : classOf(this.scale, at.value).colour;
      const text = at ? `${formatValue(at.value, response.unit)} (${formatDate(at.date)})` : 'no report';
      this.titles.get(country)!.textContent = `${country}: ${text}`;
      rows.push({ country, value: at?.value ?? null, date: at?.date ?? null });
    }
    rows.sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
    this.list.replaceChildren(
      ...rows.map((r) => {
        const li = document.createElement('li');
        const name = document.createElement('span');
        name.textContent = r.country;
        const value = document.createElement('span');
        value.className = 'map-value';
        value.textContent = r.value === null ? 'no report' : formatValue(r.value, response.unit);
        li.append(name, value);
        return li;
      }),
    );
  }
}
