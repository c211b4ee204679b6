// Indicator names → stable slug ids and structured facets. The HDX file names
// its 36 indicators with four sentence patterns; a name that matches none stays
// loadable as a plain series (facets null, id from the name).

import type { Classification, IndicatorFacets, IndicatorMeasure, Outcome } from './api-types.js';

const CLASSIFICATION = '(confirmed, probable and suspected|confirmed|probable|suspected)';
const OUTCOME = '(cases|deaths)';

const PATTERNS: { pattern: RegExp; measure: (days: string | undefined) => IndicatorMeasure }[] = [
  {
    pattern: new RegExp(`^cumulative number of ${CLASSIFICATION} ebola ${OUTCOME}$`),
    measure: () => 'cumulative',
  },
  {
    pattern: new RegExp(`^number of ${CLASSIFICATION} ebola ${OUTCOME} in the last (7|21) days$`),
    measure: (days) => (days === '7' ? 'last-7-days' : 'last-21-days'),
  },
  {
    pattern: new RegExp(
      `^proportion of ${CLASSIFICATION} ebola ${OUTCOME} that are from the last (7|21) days$`,
    ),
    measure: (days) => (days === '7' ? 'proportion-last-7-days' : 'proportion-last-21-days'),
  },
  {
    // The CFR is "of ... cases": its outcome facet is the word in the name.
    pattern: new RegExp(`^case fatality rate \\(cfr\\) of ${CLASSIFICATION} ebola (cases)$`),
    measure: () => 'cfr',
  },
];

function classificationOf(words: string): Classification {
  return words === 'confirmed, probable and suspected' ? 'all' : (words as Classification);
}

/** Facets parsed from an HDX indicator name; null when the name matches no known pattern. */
export function indicatorFacets(name: string): IndicatorFacets | null {
  const normalised = name.trim().replace(/\s+/g, ' ').toLowerCase();
  for (const { pattern, measure } of PATTERNS) {
    const m = pattern.exec(normalised);
    if (m) {
      return {
        outcome: m[2] as Outcome,
        classification: classificationOf(m[1] as string),
        measure: measure(m[3]),
      };
    }
  }
  return null;
}

/** The slug of a known indicator: `${measure}-${classification}-${outcome}`, e.g. "cumulative-all-cases". */
export function facetsId(facets: IndicatorFacets): string {
  return `${facets.measure}-${facets.classification}-${facets.outcome}`;
}

/** A slug for any name: lower case, runs of other characters as one dash. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'indicator' : slug;
}

/**
 * Ids for a file's indicator names, in the order given: facet slugs for known
 * names, slugs of the name otherwise; a clash gets "-2", "-3"...
 */
export function indicatorIds(
  names: readonly string[],
): Map<string, { id: string; facets: IndicatorFacets | null }> {
  const result = new Map<string, { id: string; facets: IndicatorFacets | null }>();
  const taken = new Set<string>();
  // Known names first so that their ids never depend on an unknown name's slug.
  const ordered = [...names].sort(
    (a, b) => Number(indicatorFacets(a) === null) - Number(indicatorFacets(b) === null),
  );
  for (const name of ordered) {
    const facets = indicatorFacets(name);
    const base = facets ? facetsId(facets) : slugify(name);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    result.set(name, { id, facets });
  }
  return new Map(names.map((name) => [name, result.get(name)!]));
}
