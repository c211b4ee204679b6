// The bytes of a CSV file, checked piece by piece as they arrive, in memory that does not grow with
// the file:
// - no NUL byte (a binary or UTF-16 file, or /dev/zero: refused at the first one);
// - valid UTF-8 (Latin-1 bytes would silently become U+FFFD): refused at the first bad byte,
//   naming its line and its byte in that line;
// - where the quoted field that is open at the end of the file began (csv-parse only says that the
//   file ended inside quotes), with the start of its text.
// Lines are counted as the pieces pass; nothing before the current piece is kept but a few bytes.

import { isUtf8 } from 'node:buffer';
import { DataError } from './errors.js';

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
/** Bytes of the current line kept to quote before a bad byte, and of an open quoted field's start. */
const SAMPLE_BYTES = 320;
/** Characters shown before a bad byte. */
const SHOWN_BEFORE = 80;

export interface OpenQuote {
  /** 1-based line of the opening quote. */
  line: number;
  /** The field from its opening quote to the end of that line (at most SAMPLE_BYTES of it). */
  head: string;
  /** Bytes from the opening quote to the end of that line (or of the file). */
  bytes: number;
}

export class CsvTextCheck {
  readonly #file: string;
  /** Bytes seen so far. */
  #offset = 0;
  /** Line breaks seen so far. */
  #lines = 0;
  /** Where the current line starts (a byte offset in the file). */
  #lineStart = 0;
  /** The last bytes of the current line before this piece (for the sample before a bad byte). */
  #lineTail = Buffer.alloc(0);
  /** A UTF-8 sequence cut by the end of the last piece. */
  #carry = Buffer.alloc(0);
  #quoted = false;
  /** The last piece ended on a quote inside a quoted field: a closing one or the first of "". */
  #quotePending = false;
  /** The byte before this piece (-1 at the start of the file, which is a field start). */
  #previousByte = -1;
  #open: { line: number; head: Buffer[]; headBytes: number; bytes: number; lineEnded: boolean } | null = null;

  constructor(file: string) {
    this.#file = file;
  }

  /** Checks the next piece of the file; throws DataError at a NUL or a byte that is not UTF-8. */
  push(piece: Uint8Array): void {
    const chunk = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    const nul = chunk.indexOf(0);
    if (nul !== -1) throw this.#nulError(chunk, nul);
    this.#checkUtf8(chunk);
    if (this.#quoted || chunk.includes(QUOTE)) this.#trackQuotes(chunk);
    else this.#lines += countLineBreaks(chunk, 0, chunk.length);
    const lastBreak = chunk.lastIndexOf(NL);
    if (lastBreak === -1) {
      const recent = chunk.subarray(Math.max(0, chunk.length - SAMPLE_BYTES));
      this.#lineTail = Buffer.concat([this.#lineTail, recent]).subarray(-SAMPLE_BYTES);
    } else {
      this.#lineStart = this.#offset + lastBreak + 1;
      this.#lineTail = Buffer.from(chunk.subarray(Math.max(lastBreak + 1, chunk.length - SAMPLE_BYTES)));
    }
    if (chunk.length > 0) this.#previousByte = chunk[chunk.length - 1]!;
    this.#offset += chunk.length;
  }

  /** At the end of the file: a UTF-8 sequence it cuts short is an error too. */
  end(): void {
    const carried = this.#carry.length;
    if (carried > 0) throw this.#utf8Error(this.#carry, 0, this.#lineTail.subarray(0, -carried), carried);
  }

  /** The quoted field still open (when the file ended inside quotes), else null. */
  openQuote(): OpenQuote | null {
    if (!this.#quoted || this.#quotePending || this.#open === null) return null;
    const head = Buffer.concat(this.#open.head).toString('utf8').replace(/\r$/, '');
    return { line: this.#open.line, head, bytes: this.#open.bytes };
  }

  #checkUtf8(chunk: Buffer): void {
    // A sequence cut by the end of a piece is checked with the next one.
    const piece = this.#carry.length > 0 ? Buffer.concat([this.#carry, chunk]) : chunk;
    const carried = this.#carry.length;
    const whole = completeLength(piece);
    if (!isUtf8(piece.subarray(0, whole))) {
      const at = firstBadByte(piece.subarray(0, whole));
      throw this.#utf8Error(
        piece,
        at,
        carried > 0 ? this.#lineTail.subarray(0, -carried) : this.#lineTail,
        carried,
      );
    }
    this.#carry = Buffer.from(piece.subarray(whole));
  }

  /** Follows quoted fields with indexOf jumps (counting lines up to each opening quote). */
  #trackQuotes(chunk: Buffer): void {
    let counted = 0;
    let i = 0;
    if (this.#quoted && this.#open !== null && !this.#open.lineEnded) this.#extendHead(chunk, 0);
    if (this.#quotePending) {
      this.#quotePending = false;
      if (chunk[0] === QUOTE) i = 1;
      else this.#quoted = false;
    }
    for (;;) {
      const q = chunk.indexOf(QUOTE, i);
      if (q === -1) break;
      if (this.#quoted) {
        if (q + 1 === chunk.length) {
          this.#quotePending = true;
          break;
        }
        if (chunk[q + 1] === QUOTE) i = q + 2;
        else {
          this.#quoted = false;
          i = q + 1;
        }
        continue;
      }
      const before = q > 0 ? chunk[q - 1]! : this.#previousByte;
      const atFieldStart =
        before === -1 || before === COMMA || before === NL || before === CR || this.#afterBom(q, before);
      if (atFieldStart) {
        this.#lines += countLineBreaks(chunk, counted, q);
        counted = q;
        this.#quoted = true;
        this.#open = { line: this.#lines + 1, head: [], headBytes: 0, bytes: 0, lineEnded: false };
        this.#extendHead(chunk, q);
      }
      i = q + 1;
    }
    this.#lines += countLineBreaks(chunk, counted, chunk.length);
  }

  /** A quote right after the file's byte-order mark (EF BB BF) starts the first field. */
  #afterBom(q: number, before: number): boolean {
    return this.#offset + q === 3 && before === 0xbf;
  }

  #extendHead(chunk: Buffer, from: number): void {
    const open = this.#open!;
    const end = chunk.indexOf(NL, from);
    const stop = end === -1 ? chunk.length : end;
    // A CRLF line end is not part of the field's first line (its CR may end the last piece).
    const crlf = end > from ? chunk[end - 1] === CR : end === 0 && this.#previousByte === CR;
    open.bytes += stop - from - (crlf ? 1 : 0);
    open.lineEnded = end !== -1;
    const room = SAMPLE_BYTES - open.headBytes;
    if (room > 0) {
      const part = Buffer.from(chunk.subarray(from, Math.min(stop, from + room)));
      open.head.push(part);
      open.headBytes += part.length;
    }
  }

  #nulError(chunk: Buffer, at: number): DataError {
    const { line, column, before } = this.#place(chunk, at, this.#lineTail);
    return new DataError(
      `${this.#file}: the file has a NUL byte, so it is not a CSV text file`,
      [
        {
          file: this.#file,
          line,
          column: null,
          value: before,
          reason: `is followed by a NUL byte (0x00) at byte ${column} of the line: a binary or UTF-16 file?`,
          expected: 'UTF-8 text',
        },
      ],
      `Nothing was loaded. Point --data (or EBOV_DATA) at the HDX CSV file, saved as UTF-8.`,
    );
  }

  #utf8Error(piece: Buffer, at: number, tail: Buffer, carried: number): DataError {
    const { line, column, before } = this.#place(piece, at, tail, carried);
    const byte = piece[at]!.toString(16).toUpperCase().padStart(2, '0');
    return new DataError(
      `${this.#file}: the file is not UTF-8`,
      [
        {
          file: this.#file,
          line,
          column: null,
          value: before,
          reason: `is followed by the byte 0x${byte} at byte ${column} of the line, which is not UTF-8 (a Latin-1 or Windows-1252 file?)`,
          expected: 'UTF-8 text',
        },
      ],
      'Nothing was loaded. Save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 in.csv > out.csv) and load it again.',
    );
  }

  /**
   * The line and 1-based byte column of `piece[at]` (`piece` starts `carried` bytes before the
   * bytes not yet counted) and the last characters of its line before it.
   */
  #place(
    piece: Buffer,
    at: number,
    tail: Buffer,
    carried = 0,
  ): { line: number; column: number; before: string } {
    const pieceStart = this.#offset - carried;
    const breakBefore = at === 0 ? -1 : piece.lastIndexOf(NL, at - 1);
    const line = this.#lines + countLineBreaks(piece, 0, at) + 1;
    const column = breakBefore === -1 ? pieceStart + at - this.#lineStart + 1 : at - breakBefore;
    const head =
      breakBefore === -1 ? Buffer.concat([tail, piece.subarray(0, at)]) : piece.subarray(breakBefore + 1, at);
    const before = head.subarray(Math.max(0, head.length - SAMPLE_BYTES)).toString('utf8');
    return { line, column, before: before.replace(/\r$/, '').slice(-SHOWN_BEFORE) };
  }
}

function countLineBreaks(chunk: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = chunk.indexOf(NL, from); i !== -1 && i < to; i = chunk.indexOf(NL, i + 1)) n++;
  return n;
}

/** The length of `bytes` without a UTF-8 sequence cut at its end (at most 3 bytes are left over). */
function completeLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) return bytes.length;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

/** Where UTF-8 first breaks (a lead byte without its continuation bytes, or a stray one). */
function firstBadByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0x80) continue;
    const follow =
      lead >= 0xc2 && lead <= 0xdf
        ? 1
        : lead >= 0xe0 && lead <= 0xef
          ? 2
          : lead >= 0xf0 && lead <= 0xf4
            ? 3
            : -1;
    if (follow === -1) return i;
    for (let k = 1; k <= follow; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += follow;
  }
  return 0; // the decoder's finer rules (overlong forms, surrogates): no better place to name
}
