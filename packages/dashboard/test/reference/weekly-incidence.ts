// Writes weekly-incidence.csv, the input of epiestim-rt.R: our weekly incidence
// of all cases (epi weeks) for Guinea, Liberia and Sierra Leone from the shared
// HDX file, and the vector our Rt estimate is computed from (`rt_input`: from
// the second week, negative weeks as 0). Run by hand when the method changes:
//   node --import tsx packages/dashboard/test/reference/weekly-incidence.ts
// then Rscript packages/dashboard/test/reference/epiestim-rt.R (see that file).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildDataset, type Dataset, parseHdxCsv, querySeries } from '../../src/core/index.js';
import { REAL_CSV } from '../core/real-data.js';

export const REFERENCE_COUNTRIES = ['Guinea', 'Liberia', 'Sierra Leone'] as const;
export const REFERENCE_INDICATOR = 'cumulative-all-cases';
export const INCIDENCE_FILE = fileURLToPath(new URL('./weekly-incidence.csv', import.meta.url));

/** The lines of weekly-incidence.csv, header first, from a dataset of the real file. */
export function weeklyIncidenceLines(ds: Dataset): string[] {
  const lines = ['country,week_ending,iso_week,incidence,rt_input'];
  for (const country of REFERENCE_COUNTRIES) {
    const trace = querySeries(ds, {
      countries: [country],
      indicator: REFERENCE_INDICATOR,
      measure: 'weekly',
      per100k: false,
      clamp: false,
      mergeFlareUps: false,
    }).series[0]!;
    trace.dates.forEach((date, i) => {
      const value = trace.values[i] ?? null;
      const input = i === 0 ? '' : String(Math.max(0, value ?? 0));
      lines.push(`${country},${date},${trace.weeks![i]},${value ?? ''},${input}`);
    });
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ds = buildDataset(
    parseHdxCsv(readFileSync(REAL_CSV, 'utf8'), { file: REAL_CSV }),
    { location: REAL_CSV, kind: 'file' },
    new Date(),
  );
  writeFileSync(INCIDENCE_FILE, `${weeklyIncidenceLines(ds).join('\n')}\n`);
  console.log(`wrote ${INCIDENCE_FILE}`);
}
