import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError, HdxCsvReader, isoDate, type ParsedRows, parseHdxCsv } from '../../src/core/index.js';
import { REAL_CSV } from './real-data.js';

const CASES = 'Cumulative number of confirmed Ebola cases';
const ALL_CASES = 'Cumulative number of confirmed, probable and suspected Ebola cases';

function parse(text: string | Uint8Array, dateFormat?: 'iso' | 'mdy' | 'dmy') {
  return parseHdxCsv(text, { file: 'data.csv', ...(dateFormat ? { dateFormat } : {}) });
}

function parseError(text: string | Uint8Array, dateFormat?: 'iso' | 'mdy' | 'dmy'): DataError {
  try {
    parse(text, dateFormat);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

/** The rows kept, one object each, in line order. */
const rowsIn = (parsed: ParsedRows) =>
  parsed.series
    .flatMap((s) =>
      s.days.map((day, i) => ({
        indicator: s.indicator,
        country: s.country,
        day,
        value: s.values[i]!,
        line: s.lines[i]!,
      })),
    )
    .sort((a, b) => a.line - b.line);

const rowsOf = (text: string, dateFormat?: 'iso' | 'mdy' | 'dmy') =>
  rowsIn(parse(text, dateFormat)).map((r) => ({ ...r, date: isoDate(r.day) }));

describe('parseHdxCsv: CSV shape', () => {
  it('reads the plain HDX header and rows', () => {
    const rows = rowsOf(`Indicator,Country,Date,value\n${CASES},Guinea,2015-03-10,2871\n`);
    expect(rows).toEqual([
      { indicator: CASES, country: 'Guinea', day: rows[0]!.day, value: 2871, line: 2, date: '2015-03-10' },
    ]);
  });

  it('accepts a BOM and CRLF line ends', () => {
    const rows = rowsOf(`\uFEFFIndicator,Country,Date,value\r\n${CASES},Guinea,2015-03-10,2871\r\n`);
    expect(rows.map((r) => [r.country, r.value])).toEqual([['Guinea', 2871]]);
  });

  it('accepts quoted fields with commas and doubled quotes', () => {
    const rows = rowsOf(
      `Indicator,Country,Date,value\n"${ALL_CASES}","Sierra ""Leone""",2015-03-10,"3285"\n`,
    );
    expect(rows[0]).toMatchObject({ indicator: ALL_CASES, country: 'Sierra "Leone"', value: 3285 });
  });

  it('accepts header names in any case and order, and ignores extra columns', () => {
    const rows = rowsOf(`VALUE,source,date,COUNTRY,indicator\n12.5,WHO,2015-03-10,Guinea,${CASES}\n`);
    expect(rows[0]).toMatchObject({ indicator: CASES, country: 'Guinea', date: '2015-03-10', value: 12.5 });
  });

  it.each([
    ['3285', 3285],
    ['36.8', 36.8],
    ['0', 0],
    ['.5', 0.5],
    ['1e3', 1000],
    [' 42 ', 42],
  ])('reads the value %j as %d', (text, value) => {
    expect(rowsOf(`Indicator,Country,Date,value\n${CASES},Guinea,2015-03-10,${text}\n`)[0]!.value).toBe(
      value,
    );
  });

  it('reads an empty value as missing (null), not zero', () => {
    const rows = rowsOf(
      `Indicator,Country,Date,value\n${CASES},Guinea,2015-03-10,\n${CASES},Guinea,2015-03-11,""\n`,
    );
    expect(rows.map((r) => r.value)).toEqual([null, null]);
  });

  it('counts lines across quoted line breaks without a final line break', () => {
    const text = `Indicator,Country,Date,value\r\n"a\r\nb",Guinea,2015-03-10,1\r\n${CASES},Guinea,2015-03-10,x`;
    expect(parseError(text).problems.map((p) => p.line)).toEqual([4]);
  });

  it('skips blank lines and counts lines across quoted line breaks', () => {
    const text = `Indicator,Country,Date,value\n\n"Cumulative number\nof things",Guinea,2015-03-10,1\n${CASES},Guinea,2015-03-10,x\n`;
    const error = parseError(text);
    expect(error.problems).toEqual([
      expect.objectContaining({ line: 5, column: 'value', value: 'x', reason: 'is not a number' }),
    ]);
  });
});

describe('parseHdxCsv: dates', () => {
  const file = (dates: string[]) =>
    `Indicator,Country,Date,value\n${dates.map((d, i) => `${CASES},Guinea,${d},${i}`).join('\n')}\n`;

  it.each([
    ['iso', ['2015-03-10', '2015-03-31'], ['2015-03-10', '2015-03-31']],
    ['mdy', ['3/10/2015', '3/31/2015'], ['2015-03-10', '2015-03-31']],
    ['dmy', ['10/03/2015', '31/03/2015'], ['2015-03-10', '2015-03-31']],
    ['mdy', ['1/1/2015', '12/12/2015'], ['2015-01-01', '2015-12-12']], // both readings agree on every row
  ] as const)('decides %s for the whole file', (format, dates, iso) => {
    const parsed = parse(file([...dates]));
    expect(parsed.dateFormat).toBe(format);
    expect(rowsIn(parsed).map((r) => isoDate(r.day))).toEqual(iso);
  });

  it('refuses a file whose every date reads both as M/D and D/M, naming --date-format', () => {
    const error = parseError(file(['3/10/2015', '4/11/2015']));
    expect(error.message).toMatch(/both as M\/D\/YYYY and as DD\/MM\/YYYY/);
    expect(error.message).toContain('--date-format mdy');
    expect(error.message).toContain('--date-format dmy');
    expect(error.problems[0]).toMatchObject({ line: 2, column: 'Date', value: '3/10/2015' });
    expect(error.problems[0]!.reason).toBe('reads as 2015-03-10 (M/D/YYYY) and as 2015-10-03 (DD/MM/YYYY)');
  });

  it('loads an ambiguous file when told the format', () => {
    expect(rowsIn(parse(file(['3/10/2015']), 'dmy')).map((r) => isoDate(r.day))).toEqual(['2015-10-03']);
    expect(rowsIn(parse(file(['3/10/2015']), 'mdy')).map((r) => isoDate(r.day))).toEqual(['2015-03-10']);
  });

  it('names file, line, column, value and expectation for an impossible date', () => {
    const error = parseError(file(['10/02/2015', '31/02/2015', '28/02/2015']));
    expect(error.problems).toEqual([
      {
        file: 'data.csv',
        line: 3,
        column: 'Date',
        value: '31/02/2015',
        reason: 'is not a date',
        expected: 'DD/MM/YYYY, e.g. 10/03/2015, like the other dates in this file',
      },
    ]);
    expect(error.message).toContain(
      'data.csv:3: column "Date": "31/02/2015" is not a date (expected DD/MM/YYYY, e.g. 10/03/2015, like the other dates in this file)',
    );
    expect(error.message).toMatch(/Nothing was loaded/);
    expect(error.message).toContain('not DD/MM/YYYY, say which with --date-format iso, mdy or dmy');
  });

  it('reports rows in another spelling than the rest of the file', () => {
    const error = parseError(file(['2015-03-10', '2015-03-11', '12/03/2015']));
    expect(error.problems.map((p) => [p.line, p.value])).toEqual([[4, '12/03/2015']]);
    expect(error.problems[0]!.expected).toMatch(/^YYYY-MM-DD/);
  });

  it('keeps the column name as the file spells it', () => {
    const error = parseError(`indicator,country,DATE,value\n${CASES},Guinea,someday,1\n`);
    expect(error.message).toContain('data.csv:2: column "DATE": "someday" is not a date');
  });
});

describe('parseHdxCsv: errors load nothing', () => {
  it('reports the first 20 problems and counts the rest', () => {
    const rows = Array.from(
      { length: 25 },
      (_, i) => `${CASES},Guinea,2015-03-${String(i + 1).padStart(2, '0')},n/a`,
    );
    const error = parseError(`Indicator,Country,Date,value\n${rows.join('\n')}\n`);
    expect(error.total).toBe(25);
    expect(error.problems).toHaveLength(20);
    expect(error.problems[0]).toMatchObject({
      line: 2,
      column: 'value',
      value: 'n/a',
      reason: 'is not a number',
    });
    expect(error.message).toContain('… and 5 more');
    expect(error.message.split('\n')[0]).toBe('data.csv: 25 problems in the data');
  });

  it.each([
    ['a missing column', 'Indicator,Country,value\nx,Guinea,1\n', /lacks "date"/],
    ['an empty file', '', /file is empty/],
    ['a header without rows', 'Indicator,Country,Date,value\n', /header but no rows/],
    ['an unclosed quote', `Indicator,Country,Date,value\n"${CASES},Guinea,2015-03-10,1\n`, /not valid CSV/],
  ])('refuses %s', (_, text, message) => {
    expect(parseError(text).message).toMatch(message);
  });

  it('names the line of a CSV syntax error', () => {
    const error = parseError(
      `Indicator,Country,Date,value\n${CASES},Guinea,2015-03-10,1\n${CASES},"Gui"nea,2015-03-11,1\n`,
    );
    expect(error.problems[0]).toMatchObject({ file: 'data.csv', line: 3, column: null });
    expect(error.message).toMatch(/^data.csv: the file is not valid CSV\n {2}data.csv:3: /);
  });

  it('reports a short line, an empty indicator and an empty country', () => {
    const error = parseError(
      `Indicator,Country,Date,value\n${CASES},Guinea\n,Guinea,2015-03-10,1\n${CASES},,2015-03-10,1\n`,
    );
    expect(error.problems.map((p) => [p.line, p.column, p.reason])).toEqual([
      [2, 'Date', 'is missing (the line has too few fields)'],
      [3, 'Indicator', 'is empty'],
      [4, 'Country', 'is empty'],
    ]);
  });
});

describe('parseHdxCsv: duplicate (indicator, country, date) rows', () => {
  it('drops an identical repeat with one warning', () => {
    const parsed = parse(
      `Indicator,Country,Date,value\n${CASES},Guinea,2015-03-10,5\n${CASES},Guinea,2015-03-10,5\n`,
    );
    expect(rowsIn(parsed).map((r) => r.value)).toEqual([5]);
    expect(parsed.duplicates).toEqual({ identical: { count: 1, lines: [3] }, conflicts: [] });
    expect(parsed.warnings).toEqual([
      '1 row repeats an earlier row exactly (same indicator, country, date and value) and was ignored: data.csv:3',
    ]);
  });

  it('keeps the later of two conflicting rows, with a warning naming both lines', () => {
    const parsed = parse(
      `Indicator,Country,Date,value\n${CASES},Guinea,2015-03-10,5\n${CASES},Liberia,2015-03-10,1\n${CASES},Guinea,2015-03-10,7\n`,
    );
    expect(rowsIn(parsed).map((r) => [r.country, r.value, r.line])).toEqual([
      ['Liberia', 1, 3],
      ['Guinea', 7, 4],
    ]);
    expect(parsed.warnings).toEqual([
      `data.csv:4: "${CASES}", Guinea, 2015-03-10: value 7 replaces 5 from line 2 (for duplicate rows the later row wins)`,
    ]);
  });
});

describe('parseHdxCsv: hostile values (#16)', () => {
  const withValue = (value: string) =>
    `Indicator,Country,Date,value\n${CASES},Guinea,2015-03-10,1\n${CASES},Guinea,2015-03-11,${value}\n`;

  it.each([
    ['1e309', '1e309'],
    ['-1e400', '-1e400'],
    ['a 401-digit integer', `1${'0'.repeat(400)}`],
  ])('refuses %s, which reads as infinity, with line and column', (_, text) => {
    const error = parseError(withValue(text));
    expect(error.problems).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'value',
        reason: 'is too large to be a number (it reads as infinity)',
      }),
    ]);
    expect(error.problems[0]!.expected).toMatch(/^a finite number, at most 1\.80e\+308/);
  });

  it.each(['Infinity', '-Infinity', 'NaN', 'inf'])('refuses %s as not a number', (text) => {
    expect(parseError(withValue(text)).problems).toEqual([
      expect.objectContaining({ line: 3, column: 'value', value: text, reason: 'is not a number' }),
    ]);
  });

  it('keeps the largest finite values and reads underflow as zero', () => {
    expect(rowsOf(withValue('1.7976931348623157e308')).map((r) => r.value)).toEqual([1, Number.MAX_VALUE]);
    expect(rowsOf(withValue('1e-400')).map((r) => r.value)).toEqual([1, 0]);
  });

  it('shows at most 80 characters of a huge bad value, with its size in bytes', () => {
    const huge = `é${'x'.repeat(2_000_000)}`;
    const rows = Array.from(
      { length: 20 },
      (_, i) => `${CASES},Guinea,2015-04-${String(i + 1).padStart(2, '0')},${huge}`,
    );
    const error = parseError(`Indicator,Country,Date,value\n${rows.join('\n')}\n`);
    const shown = `é${'x'.repeat(79)}… (2000002 bytes)`;
    expect(error.problems).toHaveLength(20);
    for (const p of error.problems) expect(p.value).toBe(shown);
    expect(error.message).toContain(`data.csv:2: column "value": "${shown}" is not a number`);
    expect(error.message.length).toBeLessThan(20 * 400);
  });

  it('does not cut a surrogate pair when shortening a value', () => {
    const value = `${'x'.repeat(79)}😷${'x'.repeat(100)}`;
    expect(parseError(withValue(value)).problems[0]!.value).toBe(`${'x'.repeat(79)}… (183 bytes)`);
  });

  it('shortens the field csv-parse quotes in a syntax error', () => {
    const error = parseError(
      `Indicator,Country,Date,value\n${CASES},Gu${'i'.repeat(1_000_000)}"nea,2015-03-10,1\n`,
    );
    expect(error.problems[0]).toMatchObject({ line: 2, column: null });
    expect(error.message).toContain(`value is "Gu${'i'.repeat(78)}… (1000002 bytes)"`);
    expect(error.message.length).toBeLessThan(1000);
  });

  it('shortens a huge header in the missing-column message', () => {
    const error = parseError(`Indicator,Country,${'D'.repeat(100_000)}\nx,Guinea,1\n`);
    expect(error.problems[0]!.value).toMatch(/… \(100018 bytes\)$/);
  });
});

describe('parseHdxCsv: unbalanced quotes (#16)', () => {
  const good = Array.from(
    { length: 30 },
    (_, i) => `${CASES},Guinea,2015-03-${String(i + 1).padStart(2, '0')},${i}`,
  );

  it('reports an unclosed quote at the line where the quoted field opens, not at the end of the file', () => {
    const lines = [
      'Indicator,Country,Date,value',
      ...good.slice(0, 10),
      `${CASES},"Guinea,2015-04-01,1`,
      ...good.slice(10),
    ];
    const error = parseError(`${lines.join('\n')}\n`);
    expect(error.message.split('\n')[0]).toBe('data.csv: the file is not valid CSV');
    expect(error.problems).toEqual([
      {
        file: 'data.csv',
        line: 12,
        column: null,
        value: '"Guinea,2015-04-01,1',
        reason: 'opens a quoted field that is never closed (it runs to the end of the file)',
        expected: 'a closing quote " after the field; a quote inside a quoted field is written twice ("")',
      },
    ]);
  });

  it('skips balanced quoted fields, doubled quotes and quoted line breaks before the unclosed one (CRLF, BOM)', () => {
    const lines = [
      '\uFEFF"Indicator",Country,Date,value',
      `"Cumulative ""x""\r\nacross lines",Guinea,2015-03-10,1`,
      `${CASES},Guinea,2015-03-11,"2"`,
      `${CASES},Liberia,2015-03-11,"3`,
      ...good,
    ];
    expect(parseError(`${lines.join('\r\n')}\r\n`).problems[0]).toMatchObject({ line: 5, value: '"3' });
  });
});

describe('parseHdxCsv: years (#16)', () => {
  const withDate = (date: string) =>
    `Indicator,Country,Date,value\n${CASES},Guinea,${date},1\n${CASES},Guinea,${date.replace('10', '11')},2\n`;

  it.each([
    ['0015-03-10', '0015'],
    ['0099-03-10', '0099'],
    ['0001-03-10', '0001'],
    ['15-03-10', '15'],
    ['215-03-10', '215'],
    ['3/10/15', '15'],
    ['10/03/0015', '0015'],
    ['3/10/5', '5'],
  ])('refuses %s (year "%s") rather than reading it as 19xx', (date, year) => {
    const error = parseError(withDate(date));
    expect(error.problems[0]).toMatchObject({
      line: 2,
      column: 'Date',
      value: date,
      reason: `has the year "${year}", not a four-digit year from 1000 on`,
    });
    expect(error.problems[0]!.expected).toMatch(
      /^a four-digit year such as 2015 \(the outbreak data covers 2014–2016\)/,
    );
  });

  it('reads four-digit years as written', () => {
    expect(rowsOf(withDate('2015-03-10'))[0]!.date).toBe('2015-03-10');
    expect(rowsOf(withDate('1000-03-10'))[0]!.date).toBe('1000-03-10');
  });
});

describe('parseHdxCsv: UTF-8 bytes and limits (#16)', () => {
  const text = `\uFEFFIndicator,Country,Date,value\r\n"${ALL_CASES}",Côte d’Ivoire,2015-03-10,3285\r\n${CASES},"Guinea",2015-03-11,\r\n`;

  it('reads UTF-8 bytes (BOM, CRLF, quoted fields, multi-byte letters) exactly as it reads the text', () => {
    const fromBytes = parse(new TextEncoder().encode(text));
    expect(fromBytes).toEqual(parse(text));
    expect(rowsIn(fromBytes).map((r) => [r.indicator, r.country, r.value, r.line])).toEqual([
      [ALL_CASES, 'Côte d’Ivoire', 3285, 2],
      [CASES, 'Guinea', null, 3],
    ]);
  });

  it('reports an unclosed quote in bytes at the line where it opens', () => {
    const bytes = new TextEncoder().encode(
      `Indicator,Country,Date,value\n${CASES},"Côte,2015-03-10,1\n${CASES},Guinea,2015-03-10,1\n`,
    );
    expect(parseError(bytes).problems[0]).toMatchObject({ line: 2, value: '"Côte,2015-03-10,1' });
  });

  it('refuses more indicator × country series than the limit, naming the limit and the line', () => {
    const rows = ['Guinea', 'Liberia', 'Sierra Leone', 'Guinea', 'Mali'].map(
      (c) => `${CASES},${c},2015-03-10,1`,
    );
    let error: unknown;
    try {
      parseHdxCsv(`Indicator,Country,Date,value\n${rows.join('\n')}\n`, { file: 'data.csv', maxSeries: 3 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message.split('\n')[0]).toBe(
      'data.csv: the file has more than 3 indicator × country series',
    );
    expect((error as DataError).problems).toEqual([
      expect.objectContaining({ line: 6, reason: 'starts series number 4' }),
    ]);
    expect(
      rowsIn(
        parseHdxCsv(`Indicator,Country,Date,value\n${rows.slice(0, 4).join('\n')}\n`, {
          file: 'data.csv',
          maxSeries: 3,
        }),
      ),
    ).toHaveLength(3);
  });

  it('refuses a file of more than 20,000 series by default (each costs about 8 KB once built)', () => {
    const rows = Array.from({ length: 20_001 }, (_, i) => `${CASES},C${i},2015-03-10,1`);
    let error: unknown;
    try {
      parse(`Indicator,Country,Date,value\n${rows.join('\n')}\n`);
    } catch (caught) {
      error = caught;
    }
    expect((error as DataError).message.split('\n')[0]).toBe(
      'data.csv: the file has more than 20,000 indicator × country series',
    );
    expect((error as DataError).problems[0]).toMatchObject({ line: 20_002 });
    expect(rowsIn(parse(`Indicator,Country,Date,value\n${rows.slice(0, 20_000).join('\n')}\n`))).toHaveLength(
      20_000,
    );
  });

  it('keeps the line order of problems found while reading and while reading dates', () => {
    const error = parseError(
      `Indicator,Country,Date,value\n${CASES},Guinea,2015-03-10,x\n${CASES},Guinea,someday,y\n,Guinea,2015-03-12,1\n`,
    );
    expect(error.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'value'],
      [3, 'Date'],
      [3, 'value'],
      [4, 'Indicator'],
    ]);
  });
});

describe('HdxCsvReader: a file pushed in pieces reads exactly as the whole (#16)', () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  /** The result, or the error's message, of reading `bytes` in pieces of `size` bytes. */
  function inPieces(bytes: Uint8Array, size: number): unknown {
    const reader = new HdxCsvReader({ file: 'data.csv' });
    try {
      for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
      return reader.end();
    } catch (error) {
      return (error as Error).message;
    }
  }
  function whole(bytes: Uint8Array): unknown {
    try {
      return parseHdxCsv(bytes, { file: 'data.csv' });
    } catch (error) {
      return (error as Error).message;
    }
  }
  const texts: [string, string][] = [
    [
      'BOM, CRLF, quotes, line breaks in quotes, multi-byte letters',
      `\uFEFF"Indicator",Country,Date,value\r\n"Cumulative ""x""\r\nacross lines",Côte d’Ivoire,2015-03-10,1\r\n${CASES},"Guinea",2015-03-11,\r\n\r\n${CASES},𝔊uinea,2015-03-12,3`,
    ],
    [
      'an unclosed quote (CRLF)',
      `Indicator,Country,Date,value\r\n${CASES},Guinea,2015-03-10,1\r\n${CASES},"Côte,2015-03-10,1\r\nx,y,z\r\n`,
    ],
    ['an unclosed quote after a BOM', `\uFEFF"Indicator,Country,Date,value\n`],
    ['a syntax error', `Indicator,Country,Date,value\n${CASES},"Gui"nea,2015-03-11,1\n`],
    [
      'bad values and dates',
      `Indicator,Country,Date,value\n${CASES},Guinea,2015-13-45,x\n${CASES},Guinea,2015-03-10,1e309\n`,
    ],
    [
      'duplicates',
      `Indicator,Country,Date,value\n${CASES},Guinea,2015-03-10,5\n${CASES},Guinea,2015-03-10,7\n`,
    ],
  ];
  it.each(texts)('%s', (_, text) => {
    const bytes = encode(text);
    const expected = whole(bytes);
    for (const size of [1, 2, 3, 4, 5, 7, 64]) expect(inPieces(bytes, size)).toEqual(expected);
  });

  it('the real HDX file, in pieces of 61 bytes to 1 MiB, reads exactly as the whole', () => {
    const bytes = readFileSync(REAL_CSV);
    const expected = whole(bytes);
    expect((expected as ParsedRows).series.length).toBeGreaterThan(100);
    for (const size of [61, 4096, 1024 * 1024]) expect(inPieces(bytes, size)).toEqual(expected);
  });

  const latin1 = (before: string, after: string) =>
    Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from(after)]);

  it('names the line and byte of the first byte that is not UTF-8, whatever the pieces', () => {
    const bytes = latin1(
      `Indicator,Country,Date,value\n${CASES},Côte d’Ivoire,2015-03-10,1\n${CASES},Guin`,
      'e,2015-03-10,1\n',
    );
    for (const size of [1, 2, 3, 5, 1024]) {
      const reader = new HdxCsvReader({ file: 'data.csv' });
      let error: unknown;
      try {
        for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
        reader.end();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).problems[0]).toMatchObject({
        line: 3,
        value: `${CASES},Guin`,
        reason: expect.stringMatching(
          /^is followed by the byte 0xE9 at byte 48 of the line, which is not UTF-8/,
        ),
      });
    }
  });

  it('counts the byte of a long line across many pieces and quotes only the 80 characters before it', () => {
    const long = 'x'.repeat(3_000_000);
    const bytes = latin1(`Indicator,Country,Date,value\n${CASES},${long}`, ',2015-03-10,1\n');
    const reader = new HdxCsvReader({ file: 'data.csv' });
    let error: unknown;
    try {
      for (let at = 0; at < bytes.length; at += 65_536) reader.push(bytes.subarray(at, at + 65_536));
    } catch (caught) {
      error = caught;
    }
    expect((error as DataError).problems[0]).toMatchObject({
      line: 2,
      value: 'x'.repeat(80),
      reason: expect.stringContaining(`at byte ${CASES.length + 1 + long.length + 1} of the line`),
    });
  });

  it('refuses a multi-byte letter cut short by the end of the file, and a NUL at a piece boundary', () => {
    expect(
      whole(Buffer.concat([encode(`Indicator,Country,Date,value\n${CASES},C`), Buffer.from([0xc3])])),
    ).toMatch(/the file is not UTF-8\n {2}data\.csv:2: .* byte 0xC3 at byte 45 of the line/);
    expect(inPieces(encode(`Indicator,Country,Date,value\n${CASES},Guinea\u0000`), 7)).toMatch(
      /NUL byte, so it is not a CSV text file\n {2}data\.csv:2: .*NUL byte \(0x00\) at byte 50 of the line/,
    );
  });
});

describe('duplicate rows in a hostile file: summarised, bounded (#16)', () => {
  it('one warning per series with a count and the first lines, long names shortened, at most 10 series named', () => {
    const name = `Cumulative ${'y'.repeat(10_000)}`;
    const lines = ['Indicator,Country,Date,value'];
    for (let i = 0; i < 20_000; i++) lines.push(`${name},Guinea,2015-03-10,${i}`);
    for (let c = 0; c < 15; c++) lines.push(`${CASES},C${c},2015-03-10,1`, `${CASES},C${c},2015-03-10,2`);
    for (let i = 0; i < 50; i++) lines.push(`${CASES},Mali,2015-03-10,4`);
    const parsed = parse(`${lines.join('\n')}\n`);
    const shortName = `${name.slice(0, 80)}… (${name.length} bytes)`;
    expect(parsed.warnings).toEqual([
      '49 rows repeat an earlier row exactly (same indicator, country, date and value) and were ignored: data.csv:20033, data.csv:20034, data.csv:20035, data.csv:20036, data.csv:20037, …',
      `data.csv:3: "${shortName}", Guinea, 2015-03-10: value 1 replaces 0 from line 2, and 19998 more rows of this series replace an earlier value (data.csv:4, data.csv:5, …) (for duplicate rows the later row wins)`,
      ...Array.from(
        { length: 9 },
        (_, c) =>
          `data.csv:${20003 + 2 * c}: "${CASES}", C${c}, 2015-03-10: value 2 replaces 1 from line ${20002 + 2 * c} (for duplicate rows the later row wins)`,
      ),
      '… and 6 more series with duplicate rows of different values (6 rows; the later row wins)',
    ]);
    expect(parsed.warnings.join('\n').length).toBeLessThan(4_000);
    expect(parsed.duplicates.identical).toEqual({ count: 49, lines: [20033, 20034, 20035, 20036, 20037] });
    expect(parsed.duplicates.conflicts[0]).toMatchObject({
      country: 'Guinea',
      count: 19_999,
      dates: ['2015-03-10'],
    });
    expect(parsed.duplicates.conflicts[0]!.first).toHaveLength(3);
    expect(rowsIn(parsed).map((r) => [r.country, r.value])).toContainEqual(['Guinea', 19_999]);
  });
});
