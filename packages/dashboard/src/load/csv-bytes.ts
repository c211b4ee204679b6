// The bytes of a data file, bounded and checked before they are parsed as text:
// - at most `maxBytes` (a regular file's size is checked before reading; a pipe, a device such as
//   /dev/zero or a growing file is cut off at the limit while it is read);
// - no NUL byte (a binary or UTF-16 file, or /dev/zero: refused at the first one, not after 256 MB);
// - valid UTF-8 (Latin-1 bytes would silently become U+FFFD): refused, naming the line.

import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DataError } from '../core/index.js';
import { formatBytes } from './http-get.js';

/** Default largest data file: well above the real 1.3 MB file, well below what fits in memory. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

const NOTHING_LOADED = 'Nothing was loaded.';

export class FileTooLargeError extends Error {
  override name = 'DataError';
}

export async function readBounded(
  file: string,
  shownAs: string,
  maxBytes: number,
  raiseLimit: string,
): Promise<Buffer> {
  const info = await stat(file);
  if (info.isFile() && info.size > maxBytes)
    throw tooLarge(shownAs, `is ${formatBytes(info.size)}`, maxBytes, raiseLimit);
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const nul = chunk.indexOf(0);
      if (nul !== -1) {
        chunks.push(chunk.subarray(0, nul));
        throw nulError(shownAs, Buffer.concat(chunks));
      }
      total += chunk.length;
      if (total > maxBytes)
        throw tooLarge(shownAs, `has more than ${formatBytes(maxBytes)}`, maxBytes, raiseLimit);
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, total);
}

/**
 * The same bytes once they are known to be UTF-8 text without NUL, else a DataError naming the
 * line of the first bad byte. The parser reads the bytes themselves: decoding the whole file to
 * one string first would hold it twice.
 */
export function checkedCsvBytes(bytes: Buffer, shownAs: string): Buffer {
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw nulError(shownAs, bytes.subarray(0, nul));
  if (isUtf8(bytes)) return bytes;
  const lenient = bytes.toString('utf8');
  const at = firstBadByte(bytes);
  const line = lineAt(bytes, at);
  const sample = lenient.split('\n')[line - 1]?.slice(0, 80) ?? '';
  throw new DataError(
    `${shownAs}: the file is not UTF-8`,
    [
      {
        file: shownAs,
        line,
        column: null,
        value: sample,
        reason: `has the byte 0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}, which is not UTF-8 (a Latin-1 or Windows-1252 file?)`,
        expected: 'UTF-8 text',
      },
    ],
    `${NOTHING_LOADED} Save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 in.csv > out.csv) and load it again.`,
  );
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

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

function nulError(shownAs: string, before: Buffer): DataError {
  const line = lineAt(before, before.length);
  return new DataError(
    `${shownAs}: the file has a NUL byte, so it is not a CSV text file`,
    [
      {
        file: shownAs,
        line,
        column: null,
        value: before
          .subarray(before.lastIndexOf(10) + 1)
          .toString('utf8')
          .slice(0, 80),
        reason: 'is followed by a NUL byte (0x00): a binary or UTF-16 file?',
        expected: 'UTF-8 text',
      },
    ],
    `${NOTHING_LOADED} Point --data (or EBOV_DATA) at the HDX CSV file, saved as UTF-8.`,
  );
}

function tooLarge(shownAs: string, what: string, maxBytes: number, raiseLimit: string): FileTooLargeError {
  return new FileTooLargeError(
    `${shownAs}: the file ${what}, more than the limit of ${formatBytes(maxBytes)}. ${NOTHING_LOADED} ` +
      `If the file is really that large, raise the limit with ${raiseLimit}.`,
  );
}
