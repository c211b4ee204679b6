// awsJson1_1 (ECS, ECR, CloudWatch Logs, Application Auto Scaling): POST / with
// `X-Amz-Target: <ServiceTarget>.<Action>`, JSON in and out, timestamps as epoch
// seconds, errors as `{"__type": code, "message": …}` plus `x-amzn-errortype`.
import type { AwsError } from './errors.js';
import type { Fields } from './params.js';

export const jsonContentType = 'application/x-amz-json-1.1';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function parseJsonRequest(body: string): Fields {
  if (body.trim() === '') return {};
  const parsed: unknown = JSON.parse(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SyntaxError('the request body is not a JSON object');
  }
  return parsed as Fields;
}

function withEpochSeconds(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  return original instanceof Date ? original.getTime() / 1000 : value;
}

export function jsonResponse(output: unknown, requestId: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': jsonContentType, 'x-amzn-requestid': requestId },
    body: JSON.stringify(output ?? {}, withEpochSeconds),
  };
}

export function jsonError(error: AwsError, requestId: string): WireResponse {
  return {
    status: error.status,
    headers: {
      'content-type': jsonContentType,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}
