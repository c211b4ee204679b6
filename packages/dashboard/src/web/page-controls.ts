// The chart's settings (countries, indicator, dates, options, language, tabs): each
// shows the state, and each choice becomes a `change` of it.
import { formatDate } from './chart-data.js';
import { CountryPicker } from './country-picker.js';
import { parseDateInput } from './date-input.js';
import { describeExports } from './export-actions.js';
import { IndicatorPicker } from './indicator-picker.js';
import { el } from './page-elements.js';
import { followLanguage } from './page-language.js';
import { renderProblems } from './page-messages.js';
import { change, page } from './page-state.js';
import { syncTimeline } from './timeline-panel.js';
import type { ViewName } from './view-state.js';

export const countries = new CountryPicker(el.countryPicker, (list) => change({ countries: list }));
export const indicators = new IndicatorPicker(
  {
    outcome: el.outcome,
    classification: el.classification,
    measure: el.measure,
    raw: el.rawIndicator,
    hdxName: el.hdxName,
  },
  (indicator, measure) => change({ indicator, measure }),
);

/** Once /api/meta is known: the pickers' options. */
export function offerChoices(): void {
  const meta = page.meta;
  if (!meta) return;
  countries.setOptions(
    meta.countries.map((c) => ({ name: c.name, hint: c.parent ? `flare-up, ${c.parent}` : '' })),
  );
  indicators.setIndicators(meta.indicators);
}

/** Every control shows the state (after a choice, back/forward, a repaired link). */
export function syncControls(): void {
  const { state, meta } = page;
  followLanguage(() => {
    countries.relabel();
    if (meta) indicators.setIndicators(meta.indicators);
  });
  countries.setSelected(state.countries);
  if (meta) indicators.show(state.indicator, state.measure);
  for (const [name, box] of Object.entries(el.checks)) box.checked = state[name as keyof typeof el.checks];
  el.checks.clamp.disabled = state.measure !== 'weekly';
  el.checks.per100k.disabled = state.measure === 'cfr' || state.measure === 'rt';
  el.window.disabled = state.measure !== 'rt';
  el.window.value = String(state.window);
  el.checks.sharedY.disabled = !state.multiples;
  if (document.activeElement !== el.from) el.from.value = state.from ? formatDate(state.from) : '';
  if (document.activeElement !== el.to) el.to.value = state.to ? formatDate(state.to) : '';
  for (const tab of el.tabs) {
    const selected = tab.dataset['view'] === state.view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  el.view.setAttribute('aria-labelledby', `tab-${state.view}`);
  el.chart.hidden = state.view !== 'chart';
  el.table.hidden = state.view !== 'table';
  el.sources.hidden = state.view !== 'sources';
  el.map.hidden = state.view !== 'map';
  syncTimeline();
  describeExports();
  renderProblems();
}

/** On narrow screens the settings are a panel opened by "Edit chart". */
function openControls(open: boolean): void {
  el.controls.classList.toggle('is-open', open);
  el.editChart.setAttribute('aria-expanded', String(open));
  if (open) el.controls.querySelector<HTMLElement>('input, select')?.focus();
  else el.editChart.focus();
}

function readDates(): void {
  const from = parseDateInput(el.from.value);
  const to = parseDateInput(el.to.value);
  for (const [input, value] of [
    [el.from, from],
    [el.to, to],
  ] as const) {
    input.setAttribute('aria-invalid', String(value === undefined));
  }
  if (from === undefined || to === undefined) return;
  const [a, b] = from && to && from > to ? [to, from] : [from, to];
  if (a !== page.state.from || b !== page.state.to) change({ from: a, to: b });
}

/** The tab list's keys (WAI-ARIA tabs): arrows move, Home and End go to the ends. */
function tabKeyTarget(key: string, i: number, n: number): number | null {
  if (key === 'ArrowRight') return (i + 1) % n;
  if (key === 'ArrowLeft') return (i + n - 1) % n;
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  return null;
}

export function wireControls(): void {
  for (const [name, box] of Object.entries(el.checks)) {
    box.addEventListener('change', () => change({ [name]: box.checked }));
  }
  el.window.addEventListener('change', () => change({ window: Number(el.window.value) }));
  el.lang.addEventListener('change', () => change({ lang: el.lang.value === 'fr' ? 'fr' : 'en' }));
  el.from.addEventListener('change', readDates);
  el.to.addEventListener('change', readDates);
  for (const tab of el.tabs) {
    tab.addEventListener('click', () => change({ view: tab.dataset['view'] as ViewName }));
    tab.addEventListener('keydown', (e) => {
      const target = tabKeyTarget(e.key, el.tabs.indexOf(tab), el.tabs.length);
      if (target === null) return;
      e.preventDefault();
      const next = el.tabs[target]!;
      next.focus();
      if (next !== tab) change({ view: next.dataset['view'] as ViewName });
    });
  }
  el.editChart.addEventListener('click', () => openControls(!el.controls.classList.contains('is-open')));
  el.controlsDone.addEventListener('click', () => openControls(false));
  el.controls.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && el.controls.classList.contains('is-open')) openControls(false);
  });
  el.controls.addEventListener('submit', (e) => e.preventDefault());
}
