// The structured indicator picker: outcome × classification × measure, mapped onto
// the 36 HDX indicators and the API's `measure` transform. Pure: no DOM.
import type {
  Classification,
  IndicatorInfo,
  IndicatorMeasure,
  Outcome,
  SeriesMeasure,
} from '../core/api-types.js';
import { t } from './i18n.js';

export type PickerMeasure = 'cumulative' | 'weekly' | 'last-21-days' | 'cfr' | 'rt';

/** The picker's options; labels in the page's language (read when the picker is drawn). */
export const OUTCOMES: { value: Outcome; readonly label: string }[] = (['cases', 'deaths'] as const).map(
  (value) => ({
    value,
    get label() {
      return t().outcomes[value];
    },
  }),
);

export const CLASSIFICATIONS: { value: Classification; readonly label: string }[] = (
  ['all', 'confirmed', 'probable', 'suspected'] as const
).map((value) => ({
  value,
  get label() {
    return t().classifications[value];
  },
}));

export const PICKER_MEASURES: { value: PickerMeasure; readonly label: string }[] = (
  ['cumulative', 'weekly', 'last-21-days', 'cfr', 'rt'] as const
).map((value) => ({
  value,
  get label() {
    return t().measures[value];
  },
}));

/** Fewer reports than this across all countries: the option says "sparse". */
export const SPARSE_ROWS = 100;

export interface Choice {
  outcome: Outcome;
  classification: Classification;
  measure: PickerMeasure;
}

export interface ResolvedChoice {
  indicator: IndicatorInfo;
  measure: SeriesMeasure;
  /** What the chart shows, in words, e.g. "Confirmed deaths, new per week". */
  label: string;
  /** The HDX indicator(s) behind it, verbatim. */
  hdxName: string;
}

function findIndicator(
  indicators: IndicatorInfo[],
  outcome: Outcome,
  classification: Classification,
  measure: IndicatorMeasure,
): IndicatorInfo | undefined {
  return indicators.find(
    (i) =>
      i.facets !== null &&
      i.facets.outcome === outcome &&
      i.facets.classification === classification &&
      i.facets.measure === measure,
  );
}

/** What a choice shows, in words: "Confirmed deaths, new per week". */
export function choiceLabel({ outcome, classification, measure }: Choice): string {
  return t().choice(outcome, classification, t().measureInTitle[measure] ?? measure);
}

/** The indicator and API transform for a picker choice; null when the data has no such series. */
export function resolveChoice(indicators: IndicatorInfo[], choice: Choice): ResolvedChoice | null {
  const { outcome, classification, measure } = choice;
  if (measure === 'cfr') {
    // Crude CFR = cumulative deaths / cumulative cases of the same classification.
    const cases = findIndicator(indicators, 'cases', classification, 'cumulative');
    const deaths = findIndicator(indicators, 'deaths', classification, 'cumulative');
    if (!cases || !deaths || cases.rows === 0 || deaths.rows === 0) return null;
    return {
      indicator: deaths,
      measure: 'cfr',
      label: choiceLabel(choice),
      hdxName: `${deaths.name} ÷ ${cases.name}`,
    };
  }
  const facetMeasure = measure === 'last-21-days' ? 'last-21-days' : 'cumulative';
  const indicator = findIndicator(indicators, outcome, classification, facetMeasure);
  if (!indicator || indicator.rows === 0) return null;
  return {
    indicator,
    measure: measure === 'weekly' || measure === 'rt' ? measure : 'cumulative',
    label: choiceLabel(choice),
    hdxName: indicator.name,
  };
}

/** The picker position of a state's indicator+measure; null for indicators outside the grid. */
export function choiceOf(indicator: IndicatorInfo | undefined, measure: SeriesMeasure): Choice | null {
  if (!indicator?.facets) return null;
  const { outcome, classification } = indicator.facets;
  if (measure === 'cfr') return { outcome, classification, measure: 'cfr' };
  if (indicator.facets.measure === 'cumulative') {
    return {
      outcome,
      classification,
      measure: measure === 'weekly' || measure === 'rt' ? measure : 'cumulative',
    };
  }
  if (indicator.facets.measure === 'last-21-days' && measure === 'cumulative') {
    return { outcome, classification, measure: 'last-21-days' };
  }
  return null;
}

export type Availability = { kind: 'ok'; rows: number } | { kind: 'sparse'; rows: number } | { kind: 'none' };

export function availability(indicators: IndicatorInfo[], choice: Choice): Availability {
  const resolved = resolveChoice(indicators, choice);
  if (!resolved) return { kind: 'none' };
  const rows = resolved.indicator.rows;
  return rows < SPARSE_ROWS ? { kind: 'sparse', rows } : { kind: 'ok', rows };
}

/** Option text with the availability mark, e.g. "Last 21 days — sparse (14 reports)". */
export function optionText(label: string, a: Availability): string {
  if (a.kind === 'none') return `${label} — ${t().noData}`;
  if (a.kind === 'sparse') return `${label} — ${t().sparse(a.rows)}`;
  return label;
}

/** Nearest choice that has data when one facet changes (keeps the others when it can). */
export function nearestAvailable(indicators: IndicatorInfo[], wanted: Choice): Choice {
  if (resolveChoice(indicators, wanted)) return wanted;
  for (const measure of [wanted.measure, ...PICKER_MEASURES.map((m) => m.value)]) {
    for (const classification of [wanted.classification, ...CLASSIFICATIONS.map((c) => c.value)]) {
      const c = { ...wanted, measure, classification };
      if (resolveChoice(indicators, c)) return c;
    }
  }
  return wanted;
}

/** Words for a chart title when the indicator is outside the grid (proportions, HDX CFR…). */
export function describeIndicator(indicator: IndicatorInfo | undefined, measure: SeriesMeasure): string {
  const choice = choiceOf(indicator, measure);
  if (choice) return choiceLabel(choice);
  const name = indicator?.name ?? 'Indicator';
  if (measure === 'weekly') return `${name}, new per week`;
  if (measure === 'cfr') return `${name}, crude CFR`;
  if (measure === 'rt') return `${name}, reproduction number Rt`;
  return name;
}
