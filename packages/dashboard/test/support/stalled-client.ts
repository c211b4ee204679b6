// A client that stalls mid-answer: it pipelines many large requests on one
// connection and stops reading after the first bytes, so answers stay in
// flight. The shutdown tests (on the host and in the container) use it to
// check that SIGTERM finishes those answers before the process exits.
import { connect, type Socket } from 'node:net';

/** An answer large enough (≈ 180 kB as CSV) to fill the socket buffers. */
export const BIG = '/api/series.csv?indicator=cumulative-all-cases';
export const PIPELINED = 60;

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface StalledClient {
  socket: Socket;
  /** Resolves when the first answer starts arriving (reading is paused from then on). */
  firstBytes: Promise<void>;
  /** Every byte received, once the server ends the connection. */
  all: Promise<Buffer>;
}

export function slowReader(port: number): StalledClient {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let gotFirstBytes!: () => void;
  const firstBytes = new Promise<void>((resolve) => {
    gotFirstBytes = resolve;
  });
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    if (chunks.length === 1) {
      // The first answer is on its way: stop reading, so that the rest stays in flight.
      socket.pause();
      gotFirstBytes();
    }
  });
  const all = new Promise<Buffer>((resolve, reject) => {
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
  const request = `GET ${BIG} HTTP/1.1\r\nHost: test\r\nAccept-Encoding: identity\r\nConnection: keep-alive\r\n\r\n`;
  socket.write(request.repeat(PIPELINED));
  return { socket, firstBytes, all };
}

/** Splits a byte stream of HTTP/1.1 responses with content-length; `rest` counts bytes of a cut answer. */
export function parseResponses(data: Buffer): { responses: RawResponse[]; rest: number } {
  const responses: RawResponse[] = [];
  let at = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end === -1) break;
    const [statusLine, ...lines] = data.subarray(at, end).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => [
        line.slice(0, line.indexOf(':')).toLowerCase(),
        line.slice(line.indexOf(':') + 1).trim(),
      ]),
    );
    const length = Number(headers['content-length']);
    if (!Number.isFinite(length) || data.length < end + 4 + length) break;
    responses.push({
      status: Number(statusLine?.split(' ')[1]),
      headers,
      body: data.subarray(end + 4, end + 4 + length),
    });
    at = end + 4 + length;
  }
  return { responses, rest: data.length - at };
}
