// The two kinds of user mistake the core reports: a bad data file (DataError)
// and a bad query (QueryError). Both carry structured fields so the CLI and the
// server can show them without a stack trace.

/** One thing wrong with the data file, at one place. */
export interface DataProblem {
  file: string;
  /** 1-based line in the file where the record starts. */
  line: number;
  /** The column's header name as written in the file; null for a problem with the whole line. */
  column: string | null;
  /** The value as written; a DataError keeps at most 80 characters of it plus its size (see shownValue). */
  value: string;
  /** The value's size in bytes when `value` holds only its start (the whole was not kept). */
  valueBytes?: number;
  /** What is wrong, completing `"<value>" ...`: "is not a date", "is empty". */
  reason: string;
  /** What was expected there, in words: "a date like 2015-03-10". */
  expected: string;
}

/** How many problems a DataError lists; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 20;

/** How many characters of a bad value a message shows. */
export const SHOWN_VALUE_CHARS = 80;

/**
 * A value as messages show it: whole up to 80 characters, else its first 80
 * and its size, so that bad 10 MB values do not fill stderr (and memory).
 */
export function shownValue(value: string, bytes?: number): string {
  if (value.length <= SHOWN_VALUE_CHARS && (bytes === undefined || bytes <= utf8Length(value))) return value;
  let head = value.slice(0, SHOWN_VALUE_CHARS);
  // Do not cut a surrogate pair in half.
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head}… (${bytes ?? utf8Length(value)} bytes)`;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export function describeProblem(p: DataProblem): string {
  const where = p.column === null ? `${p.file}:${p.line}` : `${p.file}:${p.line}: column "${p.column}"`;
  return `${where}: ${JSON.stringify(p.value)} ${p.reason} (expected ${p.expected})`;
}

/**
 * The data file cannot be loaded. Nothing from it is used: a file with any
 * error loads nothing. `problems` holds at most the first 20; `total` counts all.
 */
export class DataError extends Error {
  override name = 'DataError';
  readonly problems: DataProblem[];
  readonly total: number;
  readonly nextStep: string;

  constructor(summary: string, problems: DataProblem[], nextStep: string, total = problems.length) {
    const shown = problems
      .slice(0, MAX_REPORTED_PROBLEMS)
      .map(({ valueBytes, ...p }) => ({ ...p, value: shownValue(p.value, valueBytes) }));
    const lines = shown.map((p) => `  ${describeProblem(p)}`);
    if (total > shown.length) lines.push(`  … and ${total - shown.length} more`);
    super([summary, ...lines, nextStep].join('\n'));
    this.problems = shown;
    this.total = total;
    this.nextStep = nextStep;
  }
}

/** Error codes of bad queries; the server maps each to HTTP 400 with the same code. */
export type QueryErrorCode =
  | 'EBOV_BAD_PARAMETER'
  | 'EBOV_UNKNOWN_COUNTRY'
  | 'EBOV_UNKNOWN_INDICATOR'
  | 'EBOV_MEASURE_NOT_APPLICABLE'
  | 'EBOV_PER100K_NOT_APPLICABLE'
  | 'EBOV_NO_POPULATION'
  | 'EBOV_BAD_DATE'
  | 'EBOV_BAD_DATE_RANGE';

/** A query the data cannot answer: names the parameter, the value and, when there is a list, the valid choices. */
export class QueryError extends Error {
  override name = 'QueryError';
  readonly code: QueryErrorCode;
  readonly parameter: string;
  readonly value: unknown;
  readonly allowed?: string[];

  constructor(fields: {
    code: QueryErrorCode;
    parameter: string;
    value: unknown;
    message: string;
    allowed?: string[];
  }) {
    super(fields.message);
    this.code = fields.code;
    this.parameter = fields.parameter;
    this.value = fields.value;
    if (fields.allowed) this.allowed = fields.allowed;
  }
}
