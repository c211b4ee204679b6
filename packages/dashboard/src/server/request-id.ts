// Request ids: a client's (or load balancer's) `x-request-id` is honoured when
// it looks like an id, otherwise a fresh UUID is made. The id is in every log
// line of the request (`reqId`) and echoed in the response's `x-request-id`.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids from outside end up in logs: accept only short, plain tokens (no spaces, quotes or newlines). */
const ACCEPTABLE_ID = /^[\w.:@/+=-]{1,128}$/;

export function requestId(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID();
}
