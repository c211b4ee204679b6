// The table view: the chart's numbers as an accessible, sortable table
// (one row per report date, one column per country; revisions marked ▼).
import type { SeriesResponse } from '../core/api-types.js';
import {
  alignTraces,
  formatDate,
  formatGrowth,
  formatRtPoint,
  formatValue,
  secondsToIso,
} from './chart-data.js';
import { countryName } from './i18n.js';

interface Sort {
  column: number; // 0 = date, i = i-th country
  descending: boolean;
}

export class SeriesTable {
  private sort: Sort = { column: 0, descending: false };
  private response: SeriesResponse | null = null;
  private caption = '';

  constructor(private readonly root: HTMLElement) {
    root.addEventListener('click', (e) => {
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-column]');
      if (!button) return;
      const column = Number(button.dataset['column']);
      this.sort = {
        column,
        descending: this.sort.column === column ? !this.sort.descending : column !== 0,
      };
      this.draw();
      root.querySelector<HTMLButtonElement>(`button[data-column="${column}"]`)?.focus();
    });
  }

  render(response: SeriesResponse, caption: string): void {
    this.response = response;
    this.caption = caption;
    if (this.sort.column > response.series.length) this.sort = { column: 0, descending: false };
    this.draw();
  }

  private draw(): void {
    const response = this.response;
    if (!response) return;
    const traces = response.series;
    const dates = [...new Set(traces.flatMap((t) => t.dates))].sort();
    const lookup = traces.map((t) => new Map(t.dates.map((d, i) => [d, t.values[i] ?? null])));
    // Weekly and Rt points: their ISO week; Rt: the interval and the growth of incidence.
    const aligned = alignTraces(traces, false);
    const at = new Map(aligned.xs.map((x, i) => [secondsToIso(x), i]));
    const weekOf = (d: string) => aligned.extras.find((e) => e.week[at.get(d) ?? -1])?.week[at.get(d) ?? -1];
    const cellText = (ti: number, d: string, v: number | null) => {
      if (response.measure !== 'rt') return formatValue(v, response.unit);
      const i = at.get(d) ?? -1;
      const growth = formatGrowth(aligned.extras[ti], i);
      return `${formatRtPoint(aligned.extras[ti], i, v)}${growth ? `; ${growth}` : ''}`;
    };
    const revisions = traces.map((t) => new Set(t.revisions));
    const rows = dates.map((d) => ({ date: d, values: lookup.map((m) => m.get(d) ?? null) }));
    const { column, descending } = this.sort;
    rows.sort((a, b) => {
      if (column === 0) return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
      const x = a.values[column - 1] ?? null;
      const y = b.values[column - 1] ?? null;
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // missing last
      return x - y;
    });
    if (descending) {
      const missing = column === 0 ? [] : rows.filter((r) => r.values[column - 1] === null);
      const present = column === 0 ? rows : rows.filter((r) => r.values[column - 1] !== null);
      rows.splice(0, rows.length, ...present.reverse(), ...missing);
    }

    const table = document.createElement('table');
    table.className = 'series-table';
    table.dataset['testid'] = 'series-table';
    const caption = document.createElement('caption');
    caption.textContent = `${this.caption}; unit: ${response.unit}. Select a column heading to sort.`;
    table.append(caption);
    const head = table.createTHead().insertRow();
    ['Date', ...traces.map((t) => countryName(t.country))].forEach((name, i) => {
      const th = document.createElement('th');
      th.scope = 'col';
      if (i === column) th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset['column'] = String(i);
      button.textContent = name;
      const arrow = document.createElement('span');
      arrow.setAttribute('aria-hidden', 'true');
      arrow.textContent = i === column ? (descending ? ' ▼' : ' ▲') : '';
      button.append(arrow);
      th.append(button);
      head.append(th);
    });
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      const week = weekOf(row.date);
      th.textContent = week ? `${formatDate(row.date)} (${week})` : formatDate(row.date);
      th.dataset['date'] = row.date;
      tr.append(th);
      row.values.forEach((v, i) => {
        const td = tr.insertCell();
        td.textContent = cellText(i, row.date, v);
        if (revisions[i]?.has(row.date)) {
          const mark = document.createElement('span');
          mark.className = 'revision-mark';
          mark.textContent = ' ▼';
          mark.title = 'revision: the cumulative count went down';
          const sr = document.createElement('span');
          sr.className = 'visually-hidden';
          sr.textContent = ' (revised down)';
          td.append(mark, sr);
        }
      });
    }
    const wrap = document.createElement('div');
    wrap.className = 'table-scroll';
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', 'Data table');
    wrap.append(table);
    this.root.replaceChildren(wrap);
  }
}
