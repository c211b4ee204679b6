// awsQuery (IAM, ELBv2, STS) and EC2 query: form-encoded `Action=…&Version=…`
// requests; XML responses. awsQuery wraps the output in `<XResult>` and lists in
// `<member>`, errors in `<ErrorResponse><Error>`; EC2 puts the output directly
// under `<XResponse>` with a `<requestId>`, lists in `<item>`, errors in
// `<Response><Errors><Error>`.
import type { AwsError } from './errors.js';
import type { Fields, Value } from './params.js';
import type { WireResponse } from './protocol-json.js';
import { escapeXml, toXml } from './xml.js';

type Tree = { [key: string]: Tree | string };

/**
 * `Tags.member.1.Key=a` → `{ Tags: [{ Key: 'a' }] }`; EC2's flat
 * `Filter.1.Value.1=x` → `{ Filter: [{ Value: ['x'] }] }`.
 */
export function parseFormRequest(body: string): Fields {
  const root: Tree = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const parts = name.split('.');
    let node = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const next = node[part];
      if (typeof next === 'object') node = next;
      else {
        const created: Tree = {};
        node[part] = created;
        node = created;
      }
    });
  }
  return normalize(root) as Fields;
}

function normalize(node: Tree | string): Value {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && (keys[0] === 'member' || keys[0] === 'item')) {
    return normalize(node[keys[0]] as Tree);
  }
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => normalize(node[String(k)] as Tree));
  }
  const out: { [key: string]: Value } = {};
  for (const key of keys) out[key] = normalize(node[key] as Tree);
  return out;
}

const xmlHeader = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function queryResponse(
  action: string,
  xmlns: string,
  output: unknown,
  requestId: string,
): WireResponse {
  const result = output === undefined ? '' : `<${action}Result>${toXml(output, 'member')}</${action}Result>`;
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      `${xmlHeader}<${action}Response xmlns="${xmlns}">${result}` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

export function queryError(error: AwsError, xmlns: string, requestId: string): WireResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      `${xmlHeader}<ErrorResponse xmlns="${xmlns}"><Error><Type>${error.fault}</Type>` +
      `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

const ec2Namespace = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export function ec2Response(action: string, output: unknown, requestId: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml;charset=UTF-8' },
    body:
      `${xmlHeader}<${action}Response xmlns="${ec2Namespace}"><requestId>${requestId}</requestId>` +
      `${toXml(output, 'item')}</${action}Response>`,
  };
}

export function ec2Error(error: AwsError, requestId: string): WireResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml;charset=UTF-8' },
    body:
      `${xmlHeader}<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message></Error></Errors>` +
      `<RequestID>${requestId}</RequestID></Response>`,
  };
}
