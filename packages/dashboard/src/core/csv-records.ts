// CSV text or UTF-8 bytes → records, one at a time, each with the line it starts on. Records are
// handed over as csv-parse reads them (its on_record hook) and never collected, so a caller keeps
// only what it needs. Blank lines are skipped. A syntax error throws a DataError at the line
// where the bad field starts.

import { CsvError, parse } from 'csv-parse/sync';
import { DataError, type DataProblem, shownValue } from './errors.js';

export const FIX_FILE =
  'Nothing was loaded. Fix the rows above, or point --data (or EBOV_DATA) at another file.';

function isBlank(record: string[]): boolean {
  return record.length === 1 && record[0]!.trim() === '';
}

function countNewlines(field: string): number {
  let n = 0;
  for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) n++;
  return n;
}

/** Calls `onRecord` for each non-blank record; throws DataError when the CSV is malformed. */
export function forEachCsvRecord(
  content: string | Uint8Array,
  file: string,
  onRecord: (fields: string[], line: number) => void,
): void {
  // Counting records, plus line breaks inside quoted fields, gives line numbers without
  // csv-parse's much slower `info` option. Without a quote no field spans lines.
  const quoted = typeof content === 'string' ? content.includes('"') : content.includes(0x22);
  let line = 1;
  const take = (fields: string[]): null => {
    const start = line;
    line++;
    if (quoted) for (const field of fields) line += countNewlines(field);
    if (!isBlank(fields)) onRecord(fields, start);
    return null;
  };
  try {
    parse(content as string | Buffer, { bom: true, relax_column_count: true, on_record: take });
  } catch (error) {
    if (error instanceof CsvError) {
      throw new DataError(`${file}: the file is not valid CSV`, [csvProblem(error, content, file)], FIX_FILE);
    }
    throw error;
  }
}

/** A csv-parse error as a problem at the line where it starts, quoting at most a short value. */
function csvProblem(error: CsvError, content: string | Uint8Array, file: string): DataProblem {
  const opened =
    error.code === 'CSV_QUOTE_NOT_CLOSED'
      ? unclosedQuote(typeof content === 'string' ? content : new TextDecoder().decode(content))
      : null;
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
