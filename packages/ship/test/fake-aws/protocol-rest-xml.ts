// restXml (Route 53, 2013-04-01): the operation is the HTTP method and path
// (`POST /2013-04-01/hostedzone/{HostedZoneId}/rrset`), inputs come from path
// labels, the query string and an XML body; the answer is `<XResponse xmlns>`
// with the output's members; errors are awsQuery's `<ErrorResponse>` (queryError). Routes, query names, list item elements and the success status
// are all read from the SDK's own operation schemas (the `http`, `httpLabel`,
// `httpQuery` and `xmlName` traits), so the fake cannot disagree with the
// client about them.
import { NormalizedSchema } from '@smithy/core/schema';
import { XMLParser } from 'fast-xml-parser';
import type { Fields, Value } from './params.js';
import type { WireResponse } from './protocol-json.js';
import { escapeXml } from './xml.js';

export interface RestRoute {
  method: string;
  path: RegExp;
  action: string;
  status: number;
  /** Query parameter → input member. */
  query: Record<string, string>;
  input: unknown;
  output: unknown;
}

type OperationSchema = [number, string, string, { http?: [string, string, number] }, unknown, unknown];

/** The routes of `actions` from an SDK client module (`import * as route53 from '@aws-sdk/client-route-53'`). */
export function routesFromSdk(sdk: Record<string, unknown>, actions: string[]): RestRoute[] {
  return actions.map((action) => {
    const operation = sdk[`${action}$`] as OperationSchema | undefined;
    const http = operation?.[3].http;
    if (!operation || !http) throw new Error(`the SDK has no HTTP binding for ${action}`);
    const [method, template, status] = http;
    const pattern = template
      .split('?')[0]!
      .replace(/\/$/, '')
      .replace(/[.*+^$()|[\]\\]/g, '\\$&')
      .replace(/\{(\w+)\+?\}/g, '(?<$1>[^/]+)');
    const query: Record<string, string> = {};
    for (const [name, member] of NormalizedSchema.of(operation[4] as never).structIterator()) {
      const param = member.getMergedTraits().httpQuery;
      if (typeof param === 'string') query[param] = name;
    }
    return {
      method,
      path: new RegExp(`^${pattern}/?$`),
      action,
      status,
      query,
      input: operation[4],
      output: operation[5],
    };
  });
}

export function matchRoute(
  routes: RestRoute[],
  method: string,
  url: string,
): { route: RestRoute; fields: Fields } | undefined {
  const parsed = new URL(url, 'http://fake');
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.path.exec(parsed.pathname);
    if (!match) continue;
    const fields: Fields = {};
    for (const [key, value] of Object.entries(match.groups ?? {})) fields[key] = decodeURIComponent(value);
    for (const [param, member] of Object.entries(route.query)) {
      const value = parsed.searchParams.get(param);
      if (value !== null) fields[member] = value;
    }
    return { route, fields };
  }
  return undefined;
}

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false });

/** XML as parsed → fields, with lists made arrays as the schema says. */
function fromXml(schema: unknown, value: unknown): Value {
  const ns = NormalizedSchema.of(schema as never);
  if (ns.isListSchema()) {
    const item = ns.getValueSchema().getMergedTraits().xmlName ?? 'member';
    const raw = value && typeof value === 'object' ? (value as Record<string, unknown>)[item] : undefined;
    const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    return items.map((entry) => fromXml(ns.getValueSchema(), entry));
  }
  if (ns.isStructSchema()) {
    const out: { [key: string]: Value } = {};
    if (!value || typeof value !== 'object') return out;
    for (const [name, member] of ns.structIterator()) {
      const child = (value as Record<string, unknown>)[member.getMergedTraits().xmlName ?? name];
      if (child !== undefined) out[name] = fromXml(member, child);
    }
    return out;
  }
  return typeof value === 'string' ? value : String(value ?? '');
}

/** The XML body as input fields, read with the operation's input schema. */
export function parseRestXmlBody(route: RestRoute, body: string): Fields {
  if (body.trim() === '') return {};
  const document = parser.parse(body) as Record<string, unknown>;
  const rootName = Object.keys(document).find((k) => k !== '?xml');
  const root = rootName ? document[rootName] : {};
  // The body is the input's payload members, wrapped in one root element.
  return fromXml(route.input, root) as Fields;
}

/** Output fields → XML with the element and list item names of the SDK's output schema. */
function toXml(schema: unknown, value: unknown): string {
  if (value === undefined || value === null) return '';
  const ns = NormalizedSchema.of(schema as never);
  if (ns.isListSchema() && Array.isArray(value)) {
    const item = ns.getValueSchema().getMergedTraits().xmlName ?? 'member';
    return value.map((entry) => `<${item}>${toXml(ns.getValueSchema(), entry)}</${item}>`).join('');
  }
  if (ns.isStructSchema() && typeof value === 'object' && !(value instanceof Date)) {
    let out = '';
    for (const [name, member] of ns.structIterator()) {
      const child = (value as Record<string, unknown>)[name];
      if (child === undefined) continue;
      const element = member.getMergedTraits().xmlName ?? name;
      out += `<${element}>${toXml(member, child)}</${element}>`;
    }
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  return escapeXml(String(value));
}

const xmlHeader = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function restXmlResponse(
  route: RestRoute,
  xmlns: string,
  output: unknown,
  requestId: string,
): WireResponse {
  return {
    status: route.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `${xmlHeader}<${route.action}Response xmlns="${xmlns}">${toXml(route.output, output)}</${route.action}Response>`,
  };
}
