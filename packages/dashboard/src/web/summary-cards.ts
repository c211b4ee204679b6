// Summary cards for the view: cumulative cases and deaths of the view's classification
// over the selected countries at the end of the range (per 100,000 people when the view
// is), the crude CFR of the two and the last report date. Each label says what it counts.
import type { Classification, SeriesResponse } from '../core/api-types.js';
import { formatDate, formatValue, lastValue } from './chart-data.js';
import { type Messages, t } from './i18n.js';

interface Card {
  id: string;
  label: string;
  value: string;
  detail: string;
}

export interface Summary {
  classification: Classification;
  per100k: boolean;
  cases: number | null;
  deaths: number | null;
  cfr: number | null;
  lastReport: string | null;
  byCountry: { country: string; cases: number | null; deaths: number | null }[];
  /** Countries left out of a per-100k total: no population known. */
  withoutPopulation: string[];
}

export interface SummaryInput {
  cases: SeriesResponse;
  deaths: SeriesResponse;
  classification: Classification;
  per100k: boolean;
  /** Population of a country, null when unknown. */
  population: (country: string) => number | null;
}

/** Totals over the selected countries, each at its own last report on or before the range's end. */
export function summarise({ cases, deaths, classification, per100k, population }: SummaryInput): Summary {
  const counts = cases.series.map((trace) => ({
    country: trace.country,
    cases: lastValue(trace)?.value ?? null,
    deaths: lastValue(deaths.series.find((d) => d.country === trace.country) ?? trace)?.value ?? null,
  }));
  const sum = (xs: (number | null)[]) =>
    xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null;
  const totalCases = sum(counts.map((c) => c.cases));
  const totalDeaths = sum(counts.map((c) => c.deaths));
  const dates = [...cases.series, ...deaths.series]
    .map((trace) => lastValue(trace)?.date)
    .filter(Boolean) as string[];
  const base = {
    classification,
    per100k,
    cfr: totalCases && totalDeaths !== null ? (totalDeaths / totalCases) * 100 : null,
    lastReport: dates.length > 0 ? dates.sort()[dates.length - 1]! : null,
  };
  if (!per100k) {
    return { ...base, cases: totalCases, deaths: totalDeaths, byCountry: counts, withoutPopulation: [] };
  }
  // A rate over several countries is their summed counts over their summed population.
  const known = counts.filter((c) => population(c.country) !== null);
  const people = known.reduce((a, c) => a + population(c.country)!, 0);
  const rate = (xs: (number | null)[]) => {
    const total = sum(xs);
    return total === null || people === 0 ? null : (total / people) * 100_000;
  };
  const perCountry = (v: number | null, country: string) => {
    const p = population(country);
    return v === null || p === null ? null : (v / p) * 100_000;
  };
  return {
    ...base,
    cases: rate(known.map((c) => c.cases)),
    deaths: rate(known.map((c) => c.deaths)),
    byCountry: counts.map((c) => ({
      country: c.country,
      cases: perCountry(c.cases, c.country),
      deaths: perCountry(c.deaths, c.country),
    })),
    withoutPopulation: counts.filter((c) => population(c.country) === null).map((c) => c.country),
  };
}

/** "Cases", "Confirmed cases", "Confirmed cases per 100,000 people". */
export function cardLabel(m: Messages, outcome: 'cases' | 'deaths', s: Summary | null): string {
  const classification = s?.classification ?? 'all';
  const base = m.cardOutcome[classification][outcome];
  return s?.per100k ? `${base} ${m.per100kSuffix}` : base;
}

function cardsOf(m: Messages, s: Summary | null, country: (name: string) => string): Card[] {
  const breakdown = (pick: (c: Summary['byCountry'][number]) => number | null) => {
    if (!s || s.byCountry.length < 2) return m.cardCumulativeOf[s?.classification ?? 'all'];
    const parts = s.byCountry.map((c) => `${country(c.country)} ${formatValue(pick(c))}`).join(' · ');
    return s.withoutPopulation.length > 0
      ? `${parts} (${m.noPopulation(s.withoutPopulation.map(country).join(', '))})`
      : parts;
  };
  const classification = s?.classification ?? 'all';
  return [
    {
      id: 'cases',
      label: cardLabel(m, 'cases', s),
      value: formatValue(s?.cases),
      detail: breakdown((c) => c.cases),
    },
    {
      id: 'deaths',
      label: cardLabel(m, 'deaths', s),
      value: formatValue(s?.deaths),
      detail: breakdown((c) => c.deaths),
    },
    {
      id: 'cfr',
      label: m.cardCfr,
      value: s?.cfr == null ? '–' : formatValue(Number(s.cfr.toFixed(1)), '%'),
      detail: m.cardCfrDetail[classification],
    },
    {
      id: 'last-report',
      label: m.cardLastReport,
      value: formatDate(s?.lastReport),
      detail: m.cardLastReportDetail,
    },
  ];
}

/** Fills the card row; the four cards always exist, so nothing moves when numbers arrive. */
export function renderCards(
  root: HTMLElement,
  summary: Summary | null,
  country: (name: string) => string = (name) => name,
): void {
  const cards = cardsOf(t(), summary, country);
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
