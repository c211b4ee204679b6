// The error catalogue of the HTTP API: every error a client can see, with its
// HTTP status and a message template. README "HTTP API" lists the same table;
// test/server/errors.test.ts checks that every code here is reachable.
import type { ApiError } from '../core/api-types.js';

export const errorCatalogue = {
  EBOV_BAD_PARAMETER: {
    statusCode: 400,
    message: 'a query parameter has a value the API does not accept',
  },
  EBOV_UNKNOWN_PARAMETER: {
    statusCode: 400,
    message: 'the query has a parameter the API does not know',
  },
  EBOV_MISSING_PARAMETER: {
    statusCode: 400,
    message: 'a required query parameter is missing',
  },
  EBOV_BAD_DATE: {
    statusCode: 400,
    message: 'a date parameter is not a calendar date written YYYY-MM-DD',
  },
  EBOV_BAD_DATE_RANGE: {
    statusCode: 400,
    message: '`from` is after `to`',
  },
  EBOV_UNKNOWN_COUNTRY: {
    statusCode: 400,
    message: 'a country is not in the data',
  },
  EBOV_UNKNOWN_INDICATOR: {
    statusCode: 400,
    message: 'an indicator is neither an indicator id nor an HDX indicator name in the data',
  },
  EBOV_MEASURE_NOT_APPLICABLE: {
    statusCode: 400,
    message: 'the measure does not apply to this indicator (e.g. weekly of a CFR)',
  },
  EBOV_PER100K_NOT_APPLICABLE: {
    statusCode: 400,
    message: 'per100k does not apply to this indicator or measure (e.g. a CFR)',
  },
  EBOV_NO_POPULATION: {
    statusCode: 400,
    message: 'per100k needs a population, and a chosen country has none',
  },
  EBOV_BAD_REQUEST: {
    statusCode: 400,
    message: 'the HTTP request is malformed',
  },
  EBOV_NOT_FOUND: {
    statusCode: 404,
    message: 'no such route',
  },
  EBOV_METHOD_NOT_ALLOWED: {
    statusCode: 405,
    message: 'the API answers GET and HEAD only',
  },
  EBOV_REQUEST_TIMEOUT: {
    statusCode: 408,
    message: 'the request line, headers or body did not arrive in time',
  },
  EBOV_REQUEST_TOO_LARGE: {
    statusCode: 431,
    message: 'the request line or headers are too large',
  },
  EBOV_NOT_READY: {
    statusCode: 503,
    message: 'the data is not loaded yet, or the server is shutting down; retry shortly',
  },
  EBOV_INTERNAL: {
    statusCode: 500,
    message: 'internal error (a bug): the request id is in the server log',
  },
} as const satisfies Record<string, { statusCode: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Echoed values are cut so that a megabyte of garbage is not sent back (or logged) whole. */
const MAX_ECHOED_CHARS = 200;

function echoable(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_ECHOED_CHARS) {
    return value.slice(0, MAX_ECHOED_CHARS) + '…';
  }
  if (Array.isArray(value)) return value.slice(0, 20).map(echoable);
  return value;
}

/** An error a client caused (or a 503), thrown by routes and turned into an `ApiError` body. */
export class ApiProblem extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly parameter: string | undefined;
  readonly value: unknown;
  readonly allowed: string[] | undefined;

  constructor(
    code: ErrorCode,
    detail?: { message?: string; parameter?: string; value?: unknown; allowed?: readonly string[] },
  ) {
    super(detail?.message ?? errorCatalogue[code].message);
    this.name = 'ApiProblem';
    this.code = code;
    this.statusCode = errorCatalogue[code].statusCode;
    this.parameter = detail?.parameter;
    this.value = echoable(detail?.value);
    this.allowed = detail?.allowed ? [...detail.allowed] : undefined;
  }

  toBody(): ApiError {
    const body: ApiError = {
      statusCode: this.statusCode,
      error: STATUS_TEXT[this.statusCode] ?? 'Error',
      code: this.code,
      message: this.message,
    };
    if (this.parameter !== undefined) body.parameter = this.parameter;
    if (this.value !== undefined) body.value = this.value;
    if (this.allowed !== undefined) body.allowed = this.allowed;
    return body;
  }
}
