// A data file read as a stream of pieces and parsed as they arrive, so that memory follows the rows
// kept, not the file: no piece is kept once it is parsed. On the way:
// - at most `maxBytes` (a regular file's size is checked before reading; a pipe, a device such as
//   /dev/zero or a growing file is cut off at the limit while it is read);
// - its SHA-256, from the same bytes the parser read;
// - the parser's own checks (core/csv-text.ts): no NUL byte, valid UTF-8, each refused at the
//   line and byte where it first occurs.
// Any problem throws before anything is returned: nothing partial is ever loaded.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { HdxCsvReader, type ParsedRows, type ParseOptions } from '../core/index.js';
import { formatBytes } from './http-get.js';

/** Default largest data file: well above the real 1.3 MB file, well below what fits in memory. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
/** How much of a file is read (and parsed) at a time. */
const PIECE_BYTES = 1024 * 1024;

export class FileTooLargeError extends Error {
  override name = 'DataError';
}

export interface SizeLimit {
  maxBytes: number;
  /** How an error names the flag or variable that raises the limit. */
  raiseLimit: string;
}

export interface ReadCsv {
  parsed: ParsedRows;
  /** SHA-256 (hex) of the bytes parsed. */
  sha256: string;
}

/** Parses the pieces of a CSV file as they come; throws DataError on the first problem. */
export async function parseCsvPieces(
  pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  limit: SizeLimit,
  options: ParseOptions,
): Promise<ReadCsv> {
  const reader = new HdxCsvReader(options);
  const hash = createHash('sha256');
  let total = 0;
  for await (const piece of pieces) {
    total += piece.length;
    if (total > limit.maxBytes)
      throw tooLarge(options.file, `has more than ${formatBytes(limit.maxBytes)}`, limit);
    hash.update(piece);
    reader.push(piece);
  }
  return { parsed: reader.end(), sha256: hash.digest('hex') };
}

/** A buffer as pieces of PIECE_BYTES (views, not copies). */
export function* piecesOf(bytes: Uint8Array): Iterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) yield bytes.subarray(at, at + PIECE_BYTES);
}

/** Reads and parses a local file as a stream; file system errors are thrown as they are. */
export async function parseCsvFile(file: string, limit: SizeLimit, options: ParseOptions): Promise<ReadCsv> {
  await checkSize(file, options.file, limit);
  const stream = createReadStream(file, { highWaterMark: PIECE_BYTES });
  try {
    return await parseCsvPieces(stream as AsyncIterable<Buffer>, limit, options);
  } finally {
    stream.destroy();
  }
}

/**
 * The SHA-256 of a regular file, read as a stream (to look up its prepared dataset before parsing
 * it); null for a pipe or a device, which can be read only once.
 */
export async function sha256OfFile(file: string, shownAs: string, limit: SizeLimit): Promise<string | null> {
  if (!(await checkSize(file, shownAs, limit))) return null;
  const hash = createHash('sha256');
  let total = 0;
  const stream = createReadStream(file, { highWaterMark: PIECE_BYTES });
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      total += piece.length;
      if (total > limit.maxBytes)
        throw tooLarge(shownAs, `has more than ${formatBytes(limit.maxBytes)}`, limit);
      hash.update(piece);
    }
  } finally {
    stream.destroy();
  }
  return hash.digest('hex');
}

/** Refuses a regular file above the limit before reading it; says whether it is a regular file. */
async function checkSize(file: string, shownAs: string, limit: SizeLimit): Promise<boolean> {
  const info = await stat(file);
  if (info.isFile() && info.size > limit.maxBytes)
    throw tooLarge(shownAs, `is ${formatBytes(info.size)}`, limit);
  return info.isFile();
}

function tooLarge(shownAs: string, what: string, limit: SizeLimit): FileTooLargeError {
  return new FileTooLargeError(
    `${shownAs}: the file ${what}, more than the limit of ${formatBytes(limit.maxBytes)}. Nothing was loaded. ` +
      `If the file is really that large, raise the limit with ${limit.raiseLimit}.`,
  );
}
