// UTF-8 bytes, pushed piece by piece → records, one at a time, each with the line it starts on.
// Records are handed over as csv-parse reads them (its on_record hook) and never collected, and no
// piece is kept once it is parsed, so a caller keeps only what it needs, whatever the file's size.
// Blank lines are skipped. A syntax error throws a DataError at the line where the bad field
// starts; so do a NUL byte and bytes that are not UTF-8 (csv-text.ts).
//
// csv-parse's stream parser is driven synchronously: with an on_record hook that returns null it
// pushes nothing downstream, and Node runs its _transform within write() and its _flush within
// end(), so every record of a piece has been handed over, or the error is known, when they return.

import { CsvError, Parser } from 'csv-parse';
import { CsvTextCheck, type OpenQuote } from './csv-text.js';
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

export class CsvRecordReader {
  readonly #file: string;
  readonly #text: CsvTextCheck;
  readonly #parser: Parser;
  /** Whether a quote has been seen: only then can a field span lines. */
  #quoted = false;

  constructor(file: string, onRecord: (fields: string[], line: number) => void) {
    this.#file = file;
    this.#text = new CsvTextCheck(file);
    // Counting records, plus line breaks inside quoted fields, gives line numbers without
    // csv-parse's much slower `info` option.
    let line = 1;
    const take = (fields: string[]): null => {
      const start = line;
      line++;
      if (this.#quoted) for (const field of fields) line += countNewlines(field);
      if (!isBlank(fields)) onRecord(fields, start);
      return null;
    };
    this.#parser = new Parser({ bom: true, relax_column_count: true, on_record: take });
    this.#parser.on('error', () => {}); // read from `errored` after each call instead
  }

  /** Reads the next piece of the file; throws DataError on a problem (and from onRecord). */
  push(piece: Uint8Array): void {
    this.#text.push(piece);
    if (!this.#quoted && piece.includes(0x22)) this.#quoted = true;
    this.#parser.write(piece);
    this.#check();
  }

  /** The file has ended: reads its last record; throws DataError on a problem. */
  end(): void {
    this.#text.end();
    this.#parser.end();
    this.#check();
  }

  #check(): void {
    const error = this.#parser.errored;
    if (error instanceof CsvError) {
      throw new DataError(`${this.#file}: the file is not valid CSV`, [this.#problem(error)], FIX_FILE);
    }
    if (error) throw error;
    if (this.#parser.writableLength > 0) throw new Error('csv-parse did not read a piece at once');
  }

  #problem(error: CsvError): DataProblem {
    const opened = error.code === 'CSV_QUOTE_NOT_CLOSED' ? this.#text.openQuote() : null;
    return opened ? unclosedQuoteProblem(this.#file, opened) : csvProblem(error, this.#file);
  }
}

function unclosedQuoteProblem(file: string, opened: OpenQuote): DataProblem {
  return {
    file,
    line: opened.line,
    column: null,
    value: opened.head,
    valueBytes: opened.bytes,
    reason: 'opens a quoted field that is never closed (it runs to the end of the file)',
    expected: 'a closing quote " after the field; a quote inside a quoted field is written twice ("")',
  };
}

/** A csv-parse error as a problem at the line where it starts, quoting at most a short value. */
function csvProblem(error: CsvError, file: string): DataProblem {
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
