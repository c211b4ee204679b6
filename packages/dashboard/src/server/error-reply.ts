// Turns anything a route throws into an `ApiProblem` from the catalogue: our
// own problems, Fastify's schema-validation errors, the core's QueryError, and
// Fastify's own 4xx errors. Anything else is a bug and becomes EBOV_INTERNAL.
import type { FastifyError, FastifyRequest } from 'fastify';
import { ApiProblem, type ErrorCode, errorCatalogue } from './errors.js';
import { RT_WINDOWS, SERIES_PARAMETERS } from './series-query.js';
import type { ServedData } from './served-data.js';

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** The SeriesQuery field names the core uses, mapped back to the query parameters a client wrote. */
const PARAMETER_OF_FIELD: Record<string, string> = {
  countries: 'country',
  mergeFlareUps: 'merge',
};

export function toProblem(error: unknown, request: FastifyRequest, served: ServedData): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (isRecord(error) && Array.isArray(error['validation'])) {
    return fromValidation(error['validation'][0] as AjvIssue, request, served);
  }
  if (isRecord(error) && error['name'] === 'QueryError') return fromQueryError(error);
  const status = isRecord(error) ? (error as Partial<FastifyError>).statusCode : undefined;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiProblem('EBOV_BAD_REQUEST', { message: (error as Error).message });
  }
  return new ApiProblem('EBOV_INTERNAL');
}

function fromValidation(
  issue: AjvIssue | undefined,
  request: FastifyRequest,
  served: ServedData,
): ApiProblem {
  if (issue === undefined) return new ApiProblem('EBOV_BAD_PARAMETER');
  const query = (request.query ?? {}) as Record<string, unknown>;
  const parameter = issue.instancePath.split('/')[1] ?? '';
  const value = query[parameter];
  switch (issue.keyword) {
    case 'additionalProperties': {
      const unknown = String(issue.params['additionalProperty']);
      return new ApiProblem('EBOV_UNKNOWN_PARAMETER', {
        message: `unknown query parameter "${clip(unknown)}"`,
        parameter: unknown,
        value: query[unknown],
        allowed: SERIES_PARAMETERS,
      });
    }
    case 'required': {
      const missing = String(issue.params['missingProperty']);
      return new ApiProblem('EBOV_MISSING_PARAMETER', {
        message: `the query needs "${missing}"`,
        parameter: missing,
        allowed: missing === 'indicator' ? indicatorChoices(served) : undefined,
      });
    }
    case 'enum':
      return new ApiProblem('EBOV_BAD_PARAMETER', {
        message: `${parameter} must be one of ${(issue.params['allowedValues'] as unknown[]).join(', ')}`,
        parameter,
        value,
        allowed: (issue.params['allowedValues'] as string[]).map(String),
      });
    case 'format':
    case 'pattern':
      return new ApiProblem('EBOV_BAD_DATE', {
        message: `${parameter} must be a calendar date written YYYY-MM-DD, e.g. 2015-03-10`,
        parameter,
        value,
      });
    case 'type':
      if (Array.isArray(value)) {
        return new ApiProblem('EBOV_BAD_PARAMETER', {
          message: `${parameter} is given ${value.length} times: give it once`,
          parameter,
          value,
        });
      }
      if (issue.params['type'] === 'integer') return windowProblem(parameter, value);
      if (issue.params['type'] === 'boolean') {
        return new ApiProblem('EBOV_BAD_PARAMETER', {
          message: `${parameter} must be true or false`,
          parameter,
          value,
          allowed: ['true', 'false'],
        });
      }
      break;
    case 'minimum':
    case 'maximum':
      return windowProblem(parameter, value);
    case 'maxItems':
      return new ApiProblem('EBOV_BAD_PARAMETER', {
        message: `${parameter} is given more than ${String(issue.params['limit'])} times`,
        parameter,
      });
  }
  return new ApiProblem('EBOV_BAD_PARAMETER', {
    message: `${parameter || 'query'}: ${issue.message ?? 'not accepted'}`,
    parameter,
    value,
  });
}

/** The only number of the query is the Rt window. */
function windowProblem(parameter: string, value: unknown): ApiProblem {
  return new ApiProblem('EBOV_BAD_PARAMETER', {
    message: `${parameter} must be a whole number of weeks from ${RT_WINDOWS[0]} to ${RT_WINDOWS.at(-1)}`,
    parameter,
    value,
    allowed: RT_WINDOWS,
  });
}

function fromQueryError(error: Record<string, unknown>): ApiProblem {
  const field = String(error['parameter'] ?? '');
  const parameter = PARAMETER_OF_FIELD[field] ?? field;
  const allowed = Array.isArray(error['allowed']) ? error['allowed'].map(String) : undefined;
  return new ApiProblem(codeForQueryError(String(error['code'] ?? '')), {
    message: String(error['message'] ?? 'the query cannot be answered'),
    parameter,
    value: error['value'],
    allowed,
  });
}

/** The core's QueryError codes are in the catalogue under the same name; an unknown one is a bad parameter. */
function codeForQueryError(code: string): ErrorCode {
  return code in errorCatalogue && errorCatalogue[code as ErrorCode].statusCode === 400
    ? (code as ErrorCode)
    : 'EBOV_BAD_PARAMETER';
}

function indicatorChoices(served: ServedData): string[] | undefined {
  return served.dataset === null ? undefined : served.meta().indicators.map((indicator) => indicator.id);
}

function clip(text: string): string {
  return text.length > 60 ? text.slice(0, 60) + '…' : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
