// The page's words in English (messages-fr.ts has the same keys in French).
import type { Classification } from '../core/api-types.js';

type ByClassification<T> = Record<Classification, T>;

export const en = {
  cardOutcome: {
    all: { cases: 'Cases', deaths: 'Deaths' },
    confirmed: { cases: 'Confirmed cases', deaths: 'Confirmed deaths' },
    probable: { cases: 'Probable cases', deaths: 'Probable deaths' },
    suspected: { cases: 'Suspected cases', deaths: 'Suspected deaths' },
  } as ByClassification<{ cases: string; deaths: string }>,
  per100kSuffix: 'per 100,000 people',
  cardCumulativeOf: {
    all: 'cumulative, confirmed + probable + suspected',
    confirmed: 'cumulative, laboratory-confirmed',
    probable: 'cumulative, probable',
    suspected: 'cumulative, suspected',
  } as ByClassification<string>,
  noPopulation: (names: string) => `no population for ${names}`,
  cardCfr: 'Crude CFR',
  cardCfrDetail: {
    all: 'deaths ÷ cases, all classifications',
    confirmed: 'confirmed deaths ÷ confirmed cases',
    probable: 'probable deaths ÷ probable cases',
    suspected: 'suspected deaths ÷ suspected cases',
  } as ByClassification<string>,
  cardLastReport: 'Last report',
  cardLastReportDetail: 'WHO situation report',
  problemCountry: (names: string[]) =>
    names.length === 1
      ? `“${names[0]}” is not a country in this data, so it is left out.`
      : `${names.map((n) => `“${n}”`).join(', ')} are not countries in this data, so they are left out.`,
  problemIndicator: (name: string) =>
    `The link asks for the indicator “${name}”, which this data does not have: showing all cases instead.`,
  problemMeasure: (name: string) =>
    `The link asks for the measure “${name}”, which this page does not know: showing cumulative counts.`,
  problemView: (name: string) => `The link asks for a view “${name}” that does not exist: showing the chart.`,
  problemDate: (field: 'from' | 'to' | 'date', text: string) =>
    `The link’s ${field === 'from' ? 'start date' : field === 'to' ? 'end date' : 'map date'} “${text}” is not a date (write it like 2015-03-23): it is ignored.`,
  problemSwapped: 'The link’s start date is after its end date: the two are swapped.',
  problemDateSnapped: (asked: string, shown: string) =>
    `There is no report on ${asked}: the map shows the last report before it, ${shown}.`,
  apiNoPopulation: (name: string) =>
    `Per 100,000 people needs a population, and none is known for ${name || 'a chosen country'}. Untick “Per 100,000 people” or remove that country.`,
  apiNotApplicable: 'This measure does not apply to this indicator. Choose another measure.',
  apiNotReady: 'The data is still loading. Try again in a moment.',
  apiFailed: 'This view could not be loaded. Try again, or reset the view.',
  resetView: 'Reset view',
  pickCountry: 'Pick at least one country to draw the chart.',
  /** The page's fixed words (index.html's data-i18n keys are the English text): English is the key itself. */
  static: {} as Record<string, string>,
  countries: {} as Record<string, string>,
  outcomes: { cases: 'Cases', deaths: 'Deaths' } as Record<'cases' | 'deaths', string>,
  classifications: {
    all: 'All classifications',
    confirmed: 'Confirmed',
    probable: 'Probable',
    suspected: 'Suspected',
  } as ByClassification<string>,
  measures: {
    cumulative: 'Cumulative',
    weekly: 'New per week',
    'last-21-days': 'Last 21 days',
    cfr: 'Crude case fatality rate',
    rt: 'Reproduction number (Rt)',
  } as Record<'cumulative' | 'weekly' | 'last-21-days' | 'cfr' | 'rt', string>,
  choice: (outcome: 'cases' | 'deaths', classification: Classification, measure: string): string => {
    if (measure === 'cfr') return `Crude case fatality rate, ${classification} cases`;
    if (measure === 'rt') return `Reproduction number Rt, from ${classification} ${outcome}`;
    const classText = classification.charAt(0).toUpperCase() + classification.slice(1);
    return `${classText} ${outcome}, ${measure}`;
  },
  measureInTitle: {
    cumulative: 'cumulative',
    weekly: 'new per week',
    'last-21-days': 'last 21 days',
  } as Record<string, string>,
  per100kTitle: 'per 100,000 people',
  noData: 'no data',
  sparse: (rows: number) => `sparse (${rows} reports)`,
  searchCountries: 'Search countries…',
  addRemoveCountry: 'Add or remove a country',
  removeCountry: (name: string) => `Remove ${name}`,
  noReport: 'no report',
  mapLogScale: 'Colour classes on a log scale',
  noCountryMatches: 'No country matches',
  chartKey:
    'WHO revision (the cumulative count went down). Drag across the chart to zoom, double-click to reset; on the focused chart, + and − zoom, ← and → move the dates, 0 resets. Select a name in the legend to hide or show it.',
  sourceLine: (file: string, loaded: string, from: string, to: string) =>
    `Source: WHO Ebola situation reports compiled by UN OCHA HDX (“Ebola Cases and Deaths”), read from ${file}; loaded ${loaded}. Reports from ${from} to ${to}.`,
  cachedCopy: '(cached copy)',
  timeline: 'Timeline',
  timelineStart: 'Start date',
  timelineEnd: 'End date',
  timelineDate: 'Map date',
  play: 'Play',
  pause: 'Pause',
  warnings: 'Warnings:',
};
