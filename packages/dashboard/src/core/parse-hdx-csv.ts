// HDX long CSV text → validated rows. All-or-nothing: any problem throws a
// DataError listing the first 20 problems, and no row is returned.
//
// Duplicate (indicator, country, date) rows: the later row wins; see duplicate-rows.ts.

import { CsvError, parse } from 'csv-parse/sync';
import {
  DATE_FORMAT_SPELLING,
  type DateFormat,
  decideDateFormat,
  isoDate,
  readDate,
  shortYear,
} from './dates.js';
import { type DuplicateRow, dropDuplicates, duplicateWarnings } from './duplicate-rows.js';
import { DataError, type DataProblem, shownValue } from './errors.js';

export interface HdxRow {
  indicator: string;
  country: string;
  /** Days since 1970-01-01 (UTC). */
  day: number;
  /** null = missing (an empty cell), never zero. */
  value: number | null;
  /** 1-based line where the record starts. */
  line: number;
}

export type { DuplicateRow };

export interface ParsedRows {
  file: string;
  dateFormat: DateFormat;
  rows: HdxRow[];
  duplicates: DuplicateRow[];
  warnings: string[];
}

export interface ParseOptions {
  /** How to name the file in messages (a path or URL). */
  file: string;
  /** Override for files whose dates read both as M/D/YYYY and DD/MM/YYYY. */
  dateFormat?: DateFormat;
}

const COLUMNS = ['indicator', 'country', 'date', 'value'] as const;
type Column = (typeof COLUMNS)[number];
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const FIX_FILE = 'Nothing was loaded. Fix the rows above, or point --data (or EBOV_DATA) at another file.';

interface RawRecord {
  line: number;
  /** The first header column this record has no field for (a short line). */
  missing: Column | null;
  indicator: string;
  country: string;
  date: string;
  value: string;
}

function isBlank(record: string[]): boolean {
  return record.length === 1 && record[0]!.trim() === '';
}

function countNewlines(field: string): number {
  let n = 0;
  for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) n++;
  return n;
}

function readRecords(text: string, file: string): { header: string[]; records: RawRecord[] } {
  let parsed: string[][];
  try {
    // Blank lines come back as [""] and are skipped below, so that counting
    // records (plus line breaks inside quoted fields) gives line numbers without
    // csv-parse's much slower `info` option.
    parsed = parse(text, { bom: true, relax_column_count: true });
  } catch (error) {
    if (error instanceof CsvError)
      throw new DataError(`${file}: the file is not valid CSV`, [csvProblem(error, text, file)], FIX_FILE);
    throw error;
  }
  let r = 0;
  let line = 1;
  while (r < parsed.length && isBlank(parsed[r]!)) {
    line++;
    r++;
  }
  const first = parsed[r];
  if (!first) {
    throw new DataError(
      `${file}: the file is empty`,
      [],
      `${FIX_FILE} Expected a header "Indicator,Country,Date,value" and rows.`,
    );
  }
  const headerLine = line;
  const header = first.map((name) => name.trim());
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
          line: headerLine,
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
  line += 1 + first.reduce((n, f) => n + countNewlines(f), 0);
  const [iIndicator, iCountry, iDate, iValue] = COLUMNS.map((c) => index.get(c)!) as [
    number,
    number,
    number,
    number,
  ];
  const needed = Math.max(iIndicator, iCountry, iDate, iValue) + 1;
  // When the file has as many line breaks as records, no field spans lines and
  // the per-field scan for line breaks can be skipped.
  const multiline = countNewlines(text) > parsed.length - (text.endsWith('\n') ? 0 : 1);
  const records: RawRecord[] = [];
  for (r++; r < parsed.length; r++) {
    const record = parsed[r]!;
    const recordLine = line;
    line++;
    if (multiline) for (const field of record) line += countNewlines(field);
    if (isBlank(record)) continue;
    records.push({
      line: recordLine,
      missing:
        record.length < needed ? (COLUMNS.find((c) => record[index.get(c)!] === undefined) ?? null) : null,
      indicator: record[iIndicator]?.trim() ?? '',
      country: record[iCountry]?.trim() ?? '',
      date: record[iDate]?.trim() ?? '',
      value: record[iValue]?.trim() ?? '',
    });
  }
  if (records.length === 0) {
    throw new DataError(`${file}: the file has a header but no rows`, [], FIX_FILE);
  }
  return { header, records };
}

/** Parses an HDX long CSV (`Indicator,Country,Date,value`). Throws DataError on any problem. */
export function parseHdxCsv(text: string, opts: ParseOptions): ParsedRows {
  const { file } = opts;
  const { header, records } = readRecords(text, file);
  const columnName = (column: Column) => header.find((h) => h.toLowerCase() === column) ?? column;

  const dateFormat = chooseDateFormat(records, opts, columnName('date'));
  const problems: DataProblem[] = [];
  const problem = (line: number, column: Column, value: string, reason: string, expected: string) =>
    problems.push({ file, line, column: columnName(column), value, reason, expected });

  const rows: HdxRow[] = [];
  const dayOfText = new Map<string, number | null>();
  for (const rec of records) {
    if (rec.missing) {
      problem(
        rec.line,
        rec.missing,
        '',
        'is missing (the line has too few fields)',
        'one field per header column',
      );
      continue;
    }
    if (rec.indicator === '') problem(rec.line, 'indicator', '', 'is empty', 'an indicator name');
    if (rec.country === '') problem(rec.line, 'country', '', 'is empty', 'a country name');
    let day = dayOfText.get(rec.date);
    if (day === undefined) {
      day = readDate(rec.date, dateFormat);
      dayOfText.set(rec.date, day);
    }
    const year = day === null ? shortYear(rec.date) : null;
    if (year !== null) {
      problem(
        rec.line,
        'date',
        rec.date,
        `has the year "${year}", not a four-digit year`,
        `a four-digit year such as 2015 (the outbreak data covers 2014–2016), written ${DATE_FORMAT_SPELLING[dateFormat]}`,
      );
    } else if (day === null) {
      problem(
        rec.line,
        'date',
        rec.date,
        'is not a date',
        `${DATE_FORMAT_SPELLING[dateFormat]}, like the other dates in this file`,
      );
    }
    let value: number | null = null;
    if (rec.value !== '') {
      if (NUMBER.test(rec.value)) {
        value = Number(rec.value);
        if (!Number.isFinite(value)) {
          problem(
            rec.line,
            'value',
            rec.value,
            'is too large to be a number (it reads as infinity)',
            `a finite number, at most ${Number.MAX_VALUE.toPrecision(3)} in size, or an empty cell for missing`,
          );
          value = null;
        }
      } else
        problem(
          rec.line,
          'value',
          rec.value,
          'is not a number',
          'a number such as 3285 or 36.8, or an empty cell for missing',
        );
    }
    if (day !== null)
      rows.push({ indicator: rec.indicator, country: rec.country, day, value, line: rec.line });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    const dateHint = problems.some((p) => p.reason === 'is not a date')
      ? ` If the dates are all written one way that is not ${DATE_FORMAT_SPELLING[dateFormat].split(',')[0]}, say which with --date-format iso, mdy or dmy.`
      : '';
    throw new DataError(
      `${file}: ${plural(problems.length, 'problem')} in the data`,
      problems,
      FIX_FILE + dateHint,
      problems.length,
    );
  }
  const { kept, duplicates } = dropDuplicates(rows);
  return { file, dateFormat, rows: kept, duplicates, warnings: duplicateWarnings(file, duplicates) };
}

function chooseDateFormat(records: RawRecord[], opts: ParseOptions, column: string): DateFormat {
  if (opts.dateFormat) return opts.dateFormat;
  const texts = new Set<string>();
  for (const rec of records) if (rec.date !== '') texts.add(rec.date);
  const decision = decideDateFormat(texts);
  if (decision.kind === 'decided') return decision.format;
  const problems: DataProblem[] = decision.examples.map((text) => {
    const line = records.find((r) => r.date === text)!.line;
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

/** A csv-parse error as a problem at the line where it starts, quoting at most a short value. */
function csvProblem(error: CsvError, text: string, file: string): DataProblem {
  const opened = error.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuote(text) : null;
  if (opened) {
    return {
      file,
      line: opened.line,
      column: null,
      value: opened.field,
      reason: 'opens a quoted field that is never closed (it runs to the end of the file)',
      expected: 'a closing quote " after the field; a quote inside a quoted field is written twice ("")',
    };
  }
  // csv-parse quotes the field read so far, which may be megabytes long.
  const reason = error.message.replace(/value is (".*")$/s, (_, quoted: string) => {
    return `value is ${JSON.stringify(shownValue(JSON.parse(quoted) as string))}`;
  });
  return {
    file,
    line: Number((error as CsvError & { lines?: number }).lines ?? 0),
    column: null,
    value: '',
    reason: `could not be read: ${reason}`,
    expected: 'CSV (RFC 4180)',
  };
}

/**
 * Where the quoted field that is still open at the end of the file begins:
 * its 1-based line and its text up to the end of that line. csv-parse only
 * says that the file ended inside quotes.
 */
function unclosedQuote(text: string): { line: number; field: string } | null {
  let line = 1;
  let fieldStart = true;
  let quoted = false;
  let openedAt = -1;
  let openedLine = 0;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    if (quoted) {
      if (c !== 0x22) continue;
      if (text.charCodeAt(i + 1) === 0x22) i++;
      else quoted = false;
    } else if (c === 0x22 && fieldStart) {
      quoted = true;
      openedAt = i;
      openedLine = line;
      fieldStart = false;
    } else {
      fieldStart = c === 0x2c || c === 0x0a || c === 0x0d;
    }
  }
  if (!quoted) return null;
  const end = text.indexOf('\n', openedAt);
  return { line: openedLine, field: text.slice(openedAt, end === -1 ? text.length : end).replace(/\r$/, '') };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
