// Calendar dates as whole days since 1970-01-01 (UTC), and the three ways HDX
// mirrors write them. The format is decided once for a whole file: a file whose
// every date reads validly as both M/D/YYYY and DD/MM/YYYY is refused rather
// than guessed.

export type DateFormat = 'iso' | 'mdy' | 'dmy';

export const DATE_FORMATS: readonly DateFormat[] = ['iso', 'mdy', 'dmy'];

/** How each format is written, for error messages. */
export const DATE_FORMAT_SPELLING: Record<DateFormat, string> = {
  iso: 'YYYY-MM-DD, e.g. 2015-03-10',
  mdy: 'M/D/YYYY, e.g. 3/10/2015',
  dmy: 'DD/MM/YYYY, e.g. 10/03/2015',
};

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Day number of a calendar date, or null when there is no such date (2015-02-31). */
export function dayFromParts(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1) return null;
  // Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear takes the year as given.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.getTime() / MS_PER_DAY;
}

const SHORT_YEAR_DATE = /^(?:(\d{1,4})-\d{1,2}-\d{1,2}|\d{1,2}\/\d{1,2}\/(\d{1,4}))$/;

/**
 * The year of a date written like one of our formats but without a four-digit
 * year from 1000 on ("15-03-10", "3/10/15", "0015-03-10"), else null. Such a
 * year is refused rather than read as 1915 or as the year 15.
 */
export function shortYear(text: string): string | null {
  const m = SHORT_YEAR_DATE.exec(text);
  const year = m?.[1] ?? m?.[2];
  return year !== undefined && !/^[1-9]\d{3}$/.test(year) ? year : null;
}

// A file has a few hundred distinct dates and each is formatted thousands of times.
const isoDates = new Map<number, string>();

/** `YYYY-MM-DD` for a day number. */
export function isoDate(day: number): string {
  let text = isoDates.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoDates.set(day, text);
  }
  return text;
}

/** Reads one date written in `format`; null when it is not a valid date in that format. */
export function readDate(text: string, format: DateFormat): number | null {
  if (shortYear(text) !== null) return null;
  if (format === 'iso') {
    const m = ISO_DATE.exec(text);
    return m ? dayFromParts(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  }
  const m = SLASH_DATE.exec(text);
  if (!m) return null;
  const first = Number(m[1]);
  const second = Number(m[2]);
  const year = Number(m[3]);
  return format === 'mdy' ? dayFromParts(year, first, second) : dayFromParts(year, second, first);
}

/** Reads a strict ISO query date (`YYYY-MM-DD`, zero-padded); null when invalid. */
export function readIsoDate(text: string): number | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? readDate(text, 'iso') : null;
}

export type DateFormatDecision =
  | { kind: 'decided'; format: DateFormat /** true when no format reads every date */; partial: boolean }
  | { kind: 'ambiguous'; examples: string[] };

/**
 * Decides the date format of a file from its distinct date texts.
 * - every text is ISO → iso;
 * - every text reads as M/D and as D/M → ambiguous, unless both readings give
 *   the same day for every text (3/3/2015), then mdy (the result is identical);
 * - every text reads in exactly one slash order → that order;
 * - no format reads them all → the format that reads most (partial: the caller
 *   reports the others as errors).
 */
export function decideDateFormat(texts: Iterable<string>): DateFormatDecision {
  const counts: Record<DateFormat, number> = { iso: 0, mdy: 0, dmy: 0 };
  let total = 0;
  let readingsDiffer = false;
  const differing: string[] = [];
  for (const text of texts) {
    total++;
    if (readDate(text, 'iso') !== null) counts.iso++;
    const mdy = readDate(text, 'mdy');
    const dmy = readDate(text, 'dmy');
    if (mdy !== null) counts.mdy++;
    if (dmy !== null) counts.dmy++;
    if (mdy !== null && dmy !== null && mdy !== dmy) {
      readingsDiffer = true;
      if (differing.length < 3) differing.push(text);
    }
  }
  if (counts.iso === total) return { kind: 'decided', format: 'iso', partial: false };
  if (counts.mdy === total && counts.dmy === total) {
    return readingsDiffer
      ? { kind: 'ambiguous', examples: differing }
      : { kind: 'decided', format: 'mdy', partial: false };
  }
  if (counts.mdy === total) return { kind: 'decided', format: 'mdy', partial: false };
  if (counts.dmy === total) return { kind: 'decided', format: 'dmy', partial: false };
  const best = DATE_FORMATS.reduce((a, b) => (counts[b] > counts[a] ? b : a));
  return { kind: 'decided', format: best, partial: true };
}
