// Population per country, for per-100k rates: a fact from outside the HDX file.
//
// Source: World Bank, World Development Indicators, "Population, total"
// (SP.POP.TOTL), mid-year estimates for 2014 (the outbreak's peak year), as
// published in the WDI edition mirrored by github.com/datasets/population
// (data/population.csv, commit 010c27fedd1fdf6f54413dcc1792884d3e31e32c).
// Keys are the country names as the HDX file spells them.

export interface Population {
  value: number;
  year: number;
  source: string;
}

export const POPULATION_SOURCE = 'World Bank WDI, SP.POP.TOTL (mid-year estimate)';
export const POPULATION_YEAR = 2014;

const POPULATION_2014: Readonly<Record<string, number>> = {
  Guinea: 12_043_898,
  Italy: 61_336_387,
  Liberia: 4_396_873,
  Mali: 15_768_227,
  Nigeria: 178_516_904,
  Senegal: 14_548_171,
  'Sierra Leone': 6_205_382,
  Spain: 46_404_602,
  'United Kingdom': 64_510_376,
  'United States of America': 318_857_056,
};

/** The population of a country (by its HDX name), or null when the table has none. */
export function populationOf(country: string): Population | null {
  const value = Object.hasOwn(POPULATION_2014, country) ? POPULATION_2014[country] : undefined;
  return value === undefined ? null : { value, year: POPULATION_YEAR, source: POPULATION_SOURCE };
}
