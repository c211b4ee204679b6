// Summary cards for the selected countries at the end of the range: cumulative cases
// and deaths (all classifications), crude CFR (deaths ÷ cases) and the last report date.
import type { SeriesResponse } from '../core/api-types.js';
import { formatDate, formatValue, lastValue } from './chart-data.js';

interface Card {
  id: string;
  label: string;
  value: string;
  detail: string;
}

export interface Summary {
  cases: number | null;
  deaths: number | null;
  cfr: number | null;
  lastReport: string | null;
  byCountry: { country: string; cases: number | null; deaths: number | null }[];
}

/** Totals over the selected countries, each at its own last report on or before the range's end. */
export function summarise(cases: SeriesResponse, deaths: SeriesResponse): Summary {
  const byCountry = cases.series.map((t) => ({
    country: t.country,
    cases: lastValue(t)?.value ?? null,
    deaths: lastValue(deaths.series.find((d) => d.country === t.country) ?? t)?.value ?? null,
  }));
  const sum = (xs: (number | null)[]) =>
    xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null;
  const totalCases = sum(byCountry.map((c) => c.cases));
  const totalDeaths = sum(byCountry.map((c) => c.deaths));
  const dates = [...cases.series, ...deaths.series]
    .map((t) => lastValue(t)?.date)
    .filter(Boolean) as string[];
  return {
    cases: totalCases,
    deaths: totalDeaths,
    cfr: totalCases && totalDeaths !== null ? (totalDeaths / totalCases) * 100 : null,
    lastReport: dates.length > 0 ? dates.sort()[dates.length - 1]! : null,
    byCountry,
  };
}

function cardsOf(s: Summary | null): Card[] {
  const breakdown = (pick: (c: Summary['byCountry'][number]) => number | null) =>
    s && s.byCountry.length > 1
      ? s.byCountry.map((c) => `${c.country} ${formatValue(pick(c))}`).join(' · ')
      : '';
  return [
    { id: 'cases', label: 'Cases', value: formatValue(s?.cases), detail: breakdown((c) => c.cases) },
    { id: 'deaths', label: 'Deaths', value: formatValue(s?.deaths), detail: breakdown((c) => c.deaths) },
    {
      id: 'cfr',
      label: 'Crude CFR',
      value: s?.cfr == null ? '–' : `${s.cfr.toFixed(1)}%`,
      detail: 'deaths ÷ cases, all classifications',
    },
    {
      id: 'last-report',
      label: 'Last report',
      value: formatDate(s?.lastReport),
      detail: 'WHO situation report',
    },
  ];
}

/** Fills the card row; the four cards always exist, so nothing moves when numbers arrive. */
export function renderCards(root: HTMLElement, summary: Summary | null): void {
  const cards = cardsOf(summary);
  if (root.children.length !== cards.length) {
    root.replaceChildren(
      ...cards.map((c) => {
        const card = document.createElement('div');
        card.className = 'card';
        card.dataset['testid'] = `card-${c.id}`;
        const label = document.createElement('div');
        label.className = 'card-label';
        const value = document.createElement('div');
        value.className = 'card-value';
        const detail = document.createElement('div');
        detail.className = 'card-detail';
        card.append(label, value, detail);
        return card;
      }),
    );
  }
  cards.forEach((c, i) => {
    const card = root.children[i] as HTMLElement;
    const [label, value, detail] = [...card.children] as HTMLElement[];
    label!.textContent = c.label;
    value!.textContent = c.value;
    detail!.textContent = c.detail;
    detail!.title = c.detail;
  });
}
