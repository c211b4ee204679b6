// The date boxes read what a reader types in the page's own style ("23 Mar 2015",
// "23 mars 2015") or ISO ("2015-03-23"), never the browser's locale order (mm/dd/yyyy).
// Pure: no DOM.

const MONTH_WORDS: [RegExp, number][] = [
  [/^(jan|janv)/, 1],
  [/^(feb|fév|fev)/, 2],
  [/^mar/, 3],
  [/^(apr|avr)/, 4],
  [/^(may|mai)/, 5],
  [/^(jun|juin)/, 6],
  [/^(jul|juil)/, 7],
  [/^(aug|aoû|aou)/, 8],
  [/^sep/, 9],
  [/^oct/, 10],
  [/^nov/, 11],
  [/^(dec|déc)/, 12],
];

function iso(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return undefined;
  return d.toISOString().slice(0, 10);
}

/** ISO date of a typed date; null for an empty box; undefined when it is not a date. */
export function parseDateInput(text: string): string | null | undefined {
  const value = text.trim().toLowerCase();
  if (value === '') return null;
  const isoMatch = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (isoMatch) return iso(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
  // "23 Mar 2015", "23 mars 2015", "1er mars 2015", "23 March, 2015"
  const named = /^(\d{1,2})(?:er)?\s+([a-zéû]+)\.?,?\s+(\d{4})$/.exec(value);
  if (!named) return undefined;
  const month = MONTH_WORDS.find(([pattern]) => pattern.test(named[2]!))?.[1];
  return month === undefined ? undefined : iso(Number(named[3]), month, Number(named[1]));
}
