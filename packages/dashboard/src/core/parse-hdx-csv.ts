// HDX long CSV text → validated rows, grouped by indicator × country. All-or-nothing: any problem
// throws a DataError listing the first 20 problems, and no row is returned.
//
// No object per row: each series keeps three arrays (date text, value, line), sharing the texts
// that repeat (indicator, country, date), so memory follows the rows kept, not the file; the
// arrays of days and values become the dataset's own (build-dataset.ts) without a copy.
// Duplicate (indicator, country, date) rows: the later row wins; see duplicate-rows.ts.

import { CsvRecordReader, FIX_FILE } from './csv-records.js';
import {
  DATE_FORMAT_SPELLING,
  type DateFormat,
  decideDateFormat,
  isoDate,
  readDate,
  shortYear,
} from './dates.js';
import { type DuplicateRows, dropDuplicates, duplicateWarnings } from './duplicate-rows.js';
import { DataError, type DataProblem, MAX_REPORTED_PROBLEMS } from './errors.js';

/** The rows of one indicator × country: one per date, in date order. */
export interface ParsedSeries {
  indicator: string;
  country: string;
  /** Days since 1970-01-01 (UTC), increasing. */
  days: number[];
  /** null = missing (an empty cell), never zero. */
  values: (number | null)[];
  /** 1-based line where each row's record starts. */
  lines: number[];
}

export type { DuplicateRows };

export interface ParsedRows {
  file: string;
  dateFormat: DateFormat;
  /** In the order each series first appears in the file. */
  series: ParsedSeries[];
  duplicates: DuplicateRows;
  warnings: string[];
}

export interface ParseOptions {
  /** How to name the file in messages (a path or URL). */
  file: string;
  /** Override for files whose dates read both as M/D/YYYY and DD/MM/YYYY. */
  dateFormat?: DateFormat;
  /** Most indicator × country series accepted (default MAX_SERIES). */
  maxSeries?: number;
}

/**
 * Most indicator × country series a file may hold: the HDX file has about 100, and 20,000 covers
 * the 36 HDX indicators for 500 places. Each series costs about 8 KB once built (its traces, notes
 * and meta entries: 20,000 one-row series peak at 215 MB in `--check`), so a file of many tiny
 * series would otherwise need gigabytes from a few megabytes (1,000,000 series: about 8 GB).
 */
export const MAX_SERIES = 20_000;
/** Distinct date texts remembered for deciding the format and shared between rows; the HDX file has about 260. */
const REMEMBERED_DATES = 100_000;

const COLUMNS = ['indicator', 'country', 'date', 'value'] as const;
type Column = (typeof COLUMNS)[number];
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

interface Problem {
  line: number;
  column: Column;
  value: string;
  reason: string;
  expected: string;
}

/** The first problems in line order (found in any order) and how many there are. */
class Problems {
  readonly first: Problem[] = [];
  total = 0;
  add(problem: Problem): void {
    this.total++;
    const first = this.first;
    if (first.length === MAX_REPORTED_PROBLEMS && problem.line >= first[first.length - 1]!.line) return;
    let at = first.length;
    while (at > 0 && first[at - 1]!.line > problem.line) at--;
    first.splice(at, 0, problem);
    if (first.length > MAX_REPORTED_PROBLEMS) first.pop();
  }
}

/** A series while it is read: its rows in line order, dates still as written. */
interface SeriesRows {
  indicator: string;
  country: string;
  /** The date text of each row, shared between rows. */
  dates: string[];
  values: (number | null)[];
  lines: number[];
}

interface FirstSeen {
  text: string;
  line: number;
}

interface ReadRows {
  header: string[];
  series: SeriesRows[];
  /** Distinct date texts (up to REMEMBERED_DATES) and where each first appears. */
  seenDates: Map<string, FirstSeen>;
  problems: Problems;
}

/**
 * Reads an HDX long CSV (`Indicator,Country,Date,value`) from UTF-8 bytes pushed piece by piece,
 * keeping one small object per row and no piece of the file. `end()` gives the rows; any problem
 * throws a DataError (from `push` as soon as it is found), and then nothing is returned.
 */
export class HdxCsvReader {
  readonly #opts: ParseOptions;
  readonly #rows: RowCollector;
  readonly #records: CsvRecordReader;

  constructor(opts: ParseOptions) {
    this.#opts = opts;
    this.#rows = collectRows(opts);
    this.#records = new CsvRecordReader(opts.file, this.#rows.take);
  }

  push(piece: Uint8Array): void {
    this.#records.push(piece);
  }

  end(): ParsedRows {
    this.#records.end();
    return parsedRows(this.#rows.result(), this.#opts);
  }
}

/** Parses a whole HDX long CSV, given as text or as UTF-8 bytes. Throws DataError on any problem. */
export function parseHdxCsv(content: string | Uint8Array, opts: ParseOptions): ParsedRows {
  const reader = new HdxCsvReader(opts);
  reader.push(typeof content === 'string' ? Buffer.from(content) : content);
  return reader.end();
}

/** The rows once all are read: dates read in the format the file uses, duplicates dropped. */
function parsedRows(read: ReadRows, opts: ParseOptions): ParsedRows {
  const { file } = opts;
  const { header, series, seenDates, problems } = read;
  const columnName = (column: Column) => header.find((h) => h.toLowerCase() === column) ?? column;

  const dateFormat = chooseDateFormat(seenDates, opts, columnName('date'));
  const dateProblems = new Problems();
  const dayOfText = new Map<string, number | null>();
  const withDays: ParsedSeries[] = [];
  for (const rows of series) {
    const days: number[] = [];
    for (let i = 0; i < rows.dates.length; i++) {
      const text = rows.dates[i]!;
      let day = dayOfText.get(text);
      if (day === undefined) {
        day = readDate(text, dateFormat);
        if (dayOfText.size < REMEMBERED_DATES) dayOfText.set(text, day);
      }
      if (day !== null) days.push(day);
      else dateProblems.add(dateProblem(text, rows.lines[i]!, dateFormat));
    }
    withDays.push({
      indicator: rows.indicator,
      country: rows.country,
      days,
      values: rows.values,
      lines: rows.lines,
    });
    rows.dates = [];
  }
  const total = problems.total + dateProblems.total;
  if (total > 0) {
    const order = (p: Problem) => p.line * COLUMNS.length + COLUMNS.indexOf(p.column);
    const shown: DataProblem[] = [...problems.first, ...dateProblems.first]
      .sort((a, b) => order(a) - order(b))
      .map((p) => ({ file, ...p, column: columnName(p.column) }));
    const dateHint =
      dateProblems.total > 0
        ? ` If the dates are all written one way that is not ${DATE_FORMAT_SPELLING[dateFormat].split(',')[0]}, say which with --date-format iso, mdy or dmy.`
        : '';
    throw new DataError(
      `${file}: ${plural(total, 'problem')} in the data`,
      shown,
      FIX_FILE + dateHint,
      total,
    );
  }
  const { series: unique, duplicates } = dropDuplicates(withDays);
  return { file, dateFormat, series: unique, duplicates, warnings: duplicateWarnings(file, duplicates) };
}

function dateProblem(text: string, line: number, dateFormat: DateFormat): Problem {
  const year = shortYear(text);
  return year !== null
    ? {
        line,
        column: 'date',
        value: text,
        reason: `has the year "${year}", not a four-digit year from 1000 on`,
        expected: `a four-digit year such as 2015 (the outbreak data covers 2014–2016), written ${DATE_FORMAT_SPELLING[dateFormat]}`,
      }
    : {
        line,
        column: 'date',
        value: text,
        reason: 'is not a date',
        expected: `${DATE_FORMAT_SPELLING[dateFormat]}, like the other dates in this file`,
      };
}

interface RowCollector {
  take: (fields: string[], line: number) => void;
  result: () => ReadRows;
}

/** Takes the header and each record into its series, noting the problems that need no date format. */
function collectRows(opts: ParseOptions): RowCollector {
  const { file } = opts;
  const maxSeries = opts.maxSeries ?? MAX_SERIES;
  const texts = new Map<string, string>();
  const share = (text: string): string => {
    const known = texts.get(text);
    if (known !== undefined) return known;
    texts.set(text, text);
    return text;
  };
  const seriesOf = new Map<string, Map<string, SeriesRows>>();
  const series: SeriesRows[] = [];
  let rowCount = 0;
  const seenDates = new Map<string, FirstSeen>();
  const problems = new Problems();
  let header: string[] | null = null;
  let index = new Map<Column, number>();
  let at: number[] = [];
  let needed = 0;

  const take = (fields: string[], line: number): void => {
    if (header === null) {
      header = fields.map((name) => name.trim());
      index = headerIndex(header, file, line);
      at = COLUMNS.map((c) => index.get(c)!);
      needed = Math.max(...at) + 1;
      return;
    }
    if (fields.length < needed) {
      const missing = COLUMNS.find((c) => fields[index.get(c)!] === undefined)!;
      problems.add({
        line,
        column: missing,
        value: '',
        reason: 'is missing (the line has too few fields)',
        expected: 'one field per header column',
      });
      return;
    }
    const indicator = share(fields[at[0]!]!.trim());
    const country = share(fields[at[1]!]!.trim());
    if (indicator === '')
      problems.add({
        line,
        column: 'indicator',
        value: '',
        reason: 'is empty',
        expected: 'an indicator name',
      });
    if (country === '')
      problems.add({ line, column: 'country', value: '', reason: 'is empty', expected: 'a country name' });
    let countries = seriesOf.get(indicator);
    if (!countries) {
      countries = new Map();
      seriesOf.set(indicator, countries);
    }
    let rows = countries.get(country);
    if (!rows) {
      if (series.length >= maxSeries) throw tooManySeries(file, line, maxSeries);
      rows = { indicator, country, dates: [], values: [], lines: [] };
      countries.set(country, rows);
      series.push(rows);
    }
    let date = fields[at[2]!]!.trim();
    const seen = seenDates.get(date);
    if (seen) date = seen.text;
    else if (seenDates.size < REMEMBERED_DATES) seenDates.set(date, { text: date, line });
    const text = fields[at[3]!]!.trim();
    let value: number | null = null;
    if (text !== '') {
      value = NUMBER.test(text) ? Number(text) : null;
      if (value === null)
        problems.add({
          line,
          column: 'value',
          value: text,
          reason: 'is not a number',
          expected: 'a number such as 3285 or 36.8, or an empty cell for missing',
        });
      else if (!Number.isFinite(value))
        problems.add({
          line,
          column: 'value',
          value: text,
          reason: 'is too large to be a number (it reads as infinity)',
          expected: `a finite number, at most ${Number.MAX_VALUE.toPrecision(3)} in size, or an empty cell for missing`,
        });
    }
    rows.dates.push(date);
    rows.values.push(value);
    rows.lines.push(line);
    rowCount++;
  };
  const result = (): ReadRows => {
    if (header === null) {
      throw new DataError(
        `${file}: the file is empty`,
        [],
        `${FIX_FILE} Expected a header "Indicator,Country,Date,value" and rows.`,
      );
    }
    if (rowCount === 0 && problems.total === 0) {
      throw new DataError(`${file}: the file has a header but no rows`, [], FIX_FILE);
    }
    return { header, series, seenDates, problems };
  };
  return { take, result };
}

/** Where each needed column is in the header; throws when one is missing. */
function headerIndex(header: string[], file: string, line: number): Map<Column, number> {
  const index = new Map<Column, number>();
  header.forEach((name, i) => {
    const column = name.toLowerCase() as Column;
    if ((COLUMNS as readonly string[]).includes(column) && !index.has(column)) index.set(column, i);
  });
  const missing = COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new DataError(
      `${file}: the header lacks ${missing.map((c) => `"${c}"`).join(', ')}`,
      [
        {
          file,
          line,
          column: null,
          value: header.join(','),
          reason: `has no column ${missing.map((c) => `"${c}"`).join(', ')}`,
          expected:
            'a header naming Indicator, Country, Date and value (any case, any order; other columns are ignored)',
        },
      ],
      FIX_FILE,
    );
  }
  return index;
}

function tooManySeries(file: string, line: number, limit: number): DataError {
  const most = limit.toLocaleString('en-US');
  return new DataError(
    `${file}: the file has more than ${most} indicator × country series`,
    [
      {
        file,
        line,
        column: null,
        value: '',
        reason: `starts series number ${(limit + 1).toLocaleString('en-US')}`,
        expected: `at most ${most} distinct (indicator, country) pairs; the HDX file has about 100`,
      },
    ],
    `${FIX_FILE} A file this wide is not the HDX outbreak data: keep the indicators and countries you need, or split the file.`,
  );
}

function chooseDateFormat(seenDates: Map<string, FirstSeen>, opts: ParseOptions, column: string): DateFormat {
  if (opts.dateFormat) return opts.dateFormat;
  const texts = [...seenDates.keys()].filter((text) => text !== '');
  const decision = decideDateFormat(texts);
  if (decision.kind === 'decided') return decision.format;
  const problems: DataProblem[] = decision.examples.map((text) => {
    const line = seenDates.get(text)!.line;
    const mdy = isoDate(readDate(text, 'mdy')!);
    const dmy = isoDate(readDate(text, 'dmy')!);
    return {
      file: opts.file,
      line,
      column,
      value: text,
      reason: `reads as ${mdy} (M/D/YYYY) and as ${dmy} (DD/MM/YYYY)`,
      expected: 'one reading; this file does not say which',
    };
  });
  throw new DataError(
    `${opts.file}: every date in the file is valid both as M/D/YYYY and as DD/MM/YYYY, so its date format cannot be decided (refusing to guess)`,
    problems,
    'Nothing was loaded. Say which format the file uses: --date-format mdy (3/10/2015 = 10 March 2015) or --date-format dmy (10/03/2015 = 10 March 2015).',
    problems.length,
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
