import { describe, expect, it } from 'vitest';
import { indicatorFacets, indicatorIds, slugify } from '../../src/core/index.js';
import { HDX_INDICATORS } from './hdx-indicators.js';

describe('indicator facets and ids of the 36 HDX names', () => {
  it('lists 36 distinct names and ids', () => {
    expect(new Set(HDX_INDICATORS.map(([n]) => n)).size).toBe(36);
    expect(new Set(HDX_INDICATORS.map(([, id]) => id)).size).toBe(36);
  });

  it.each(HDX_INDICATORS)('%s → %s', (name, id) => {
    const facets = indicatorFacets(name);
    expect(facets).not.toBeNull();
    // The id spells the facets, so checking it checks measure, classification and outcome.
    expect(`${facets!.measure}-${facets!.classification}-${facets!.outcome}`).toBe(id);
    expect(indicatorIds([name]).get(name)).toEqual({ id, facets });
  });

  it('reads the facets of a name regardless of case and spacing', () => {
    expect(indicatorFacets('  cumulative  NUMBER of probable ebola deaths ')).toEqual({
      outcome: 'deaths',
      classification: 'probable',
      measure: 'cumulative',
    });
  });
});

describe('names that match no pattern', () => {
  it.each([
    'Number of contacts traced',
    'Cumulative number of Ebola cases',
    'Number of confirmed Ebola cases in the last 14 days',
    'Case fatality rate (CFR) of confirmed Ebola deaths',
  ])('%s stays a plain series (facets null)', (name) => {
    expect(indicatorFacets(name)).toBeNull();
  });

  it('get slugs of their names, and clashes get a numeric suffix', () => {
    const ids = indicatorIds([
      'Number of contacts traced',
      'Number of contacts (traced)',
      'Cumulative all cases',
    ]);
    expect([...ids.values()].map((v) => v.id)).toEqual([
      'number-of-contacts-traced',
      'number-of-contacts-traced-2',
      'cumulative-all-cases',
    ]);
  });

  it('never take the id of a known indicator', () => {
    const names = [
      'cumulative all cases',
      'Cumulative number of confirmed, probable and suspected Ebola cases',
    ];
    const ids = indicatorIds(names);
    expect(ids.get(names[1]!)!.id).toBe('cumulative-all-cases');
    expect(ids.get(names[0]!)!.id).toBe('cumulative-all-cases-2');
  });

  it.each([
    ['Décès cumulés', 'deces-cumules'],
    ['***', 'indicator'],
  ])('slugify(%j) = %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});
