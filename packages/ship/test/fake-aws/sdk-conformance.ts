// Checks the fake's answers against the SDK's own models: a recording proxy
// sits in front of the fake while a scenario runs; each answer is then walked
// against the SDK's output schema for its operation. An element or key the
// SDK does not expect is silently dropped by its deserializer, so a misspelt
// wire name would otherwise go unnoticed. Used by wire-conformance*.test.ts.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NormalizedSchema } from '@smithy/core/schema';

export type Exchange = { service: string; action: string; status: number; body: string };

export interface RecordingProxy {
  endpoint: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

/** An HTTP proxy to `target` that keeps every answer with its service and action. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  const url = new URL(target);
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const service =
        /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '?';
      const action =
        String(req.headers['x-amz-target'] ?? '').split('.')[1] ??
        new URLSearchParams(body.toString()).get('Action') ??
        '?';
      const forward = request(
        { host: url.hostname, port: url.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const text = Buffer.concat(parts).toString();
            exchanges.push({ service, action: action || '?', status: answer.statusCode ?? 0, body: text });
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(text);
          });
        },
      );
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    exchanges,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}

/** A minimal XML reader for the fake's own output: elements and text, no attributes but xmlns. */
type XmlNode = { name: string; children: XmlNode[]; text: string };
export function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#root', children: [], text: '' };
  const stack = [root];
  for (const match of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([\w:.-]+)[^>]*?(\/?)>|([^<]+)/g)) {
    const [, closing, name, selfClosing, text] = match;
    const top = stack.at(-1)!;
    if (text !== undefined) top.text += text;
    else if (closing) stack.pop();
    else {
      const node = { name: name!, children: [], text: '' };
      top.children.push(node);
      if (!selfClosing) stack.push(node);
    }
  }
  return root.children[0]!;
}

export function walkXml(schema: unknown, node: XmlNode, path: string, problems: string[]): void {
  const ns = NormalizedSchema.of(schema as never);
  if (ns.isListSchema()) {
    const value = ns.getValueSchema();
    const item = value.getMergedTraits().xmlName ?? 'member';
    for (const child of node.children) {
      if (child.name !== item) problems.push(`${path}: list item <${child.name}>, the SDK reads <${item}>`);
      else walkXml(value, child, `${path}[]`, problems);
    }
    return;
  }
  if (!ns.isStructSchema()) {
    if (node.children.length > 0) problems.push(`${path}: structure where the SDK expects a scalar`);
    return;
  }
  const members = new Map<string, unknown>();
  for (const [name, member] of ns.structIterator())
    members.set(member.getMergedTraits().xmlName ?? name, member);
  for (const child of node.children) {
    const member = members.get(child.name);
    if (!member) problems.push(`${path}.${child.name}: not in the SDK model`);
    else walkXml(member, child, `${path}.${child.name}`, problems);
  }
}

export function walkJson(schema: unknown, value: unknown, path: string, problems: string[]): void {
  const ns = NormalizedSchema.of(schema as never);
  if (value === null || typeof value !== 'object' || ns.isDocumentSchema()) return;
  if (ns.isUnitSchema() && Object.keys(value).length === 0) return;
  if (ns.isListSchema()) {
    for (const item of value as unknown[]) walkJson(ns.getValueSchema(), item, `${path}[]`, problems);
    return;
  }
  if (ns.isMapSchema()) {
    for (const [k, v] of Object.entries(value)) walkJson(ns.getValueSchema(), v, `${path}.${k}`, problems);
    return;
  }
  if (!ns.isStructSchema()) {
    problems.push(`${path}: structure where the SDK expects a scalar`);
    return;
  }
  const members = new Map<string, unknown>();
  for (const [name, member] of ns.structIterator()) members.set(name, member);
  for (const [key, child] of Object.entries(value)) {
    const member = members.get(key);
    if (!member) problems.push(`${path}.${key}: not in the SDK model`);
    else walkJson(member, child, `${path}.${key}`, problems);
  }
}

/** The SDK output schema of an exchange's operation; `clients` maps credential-scope names to SDK modules. */
export function outputSchema(clients: Record<string, Record<string, unknown>>, exchange: Exchange): unknown {
  const operation = clients[exchange.service]?.[`${exchange.action}$`] as unknown[] | undefined;
  if (!operation) throw new Error(`no SDK operation schema for ${exchange.service}.${exchange.action}`);
  return (operation[5] as () => unknown)();
}

/** Every field of every successful JSON or query answer that the SDK model does not know. */
export function conformance(
  clients: Record<string, Record<string, unknown>>,
  exchanges: Exchange[],
): { problems: string[]; checked: Set<string> } {
  const problems: string[] = [];
  const checked = new Set<string>();
  for (const exchange of exchanges.filter((e) => e.status === 200)) {
    checked.add(`${exchange.service}.${exchange.action}`);
    const schema = outputSchema(clients, exchange);
    const where = `${exchange.service}.${exchange.action}`;
    if (exchange.body.startsWith('{')) {
      walkJson(schema, JSON.parse(exchange.body), where, problems);
      continue;
    }
    const root = parseXml(exchange.body);
    const result =
      exchange.service === 'ec2' ? root : root.children.find((c) => c.name === `${exchange.action}Result`);
    if (!result) continue;
    const body = { ...result, children: result.children.filter((c) => c.name !== 'requestId') };
    walkXml(schema, body, where, problems);
  }
  return { problems, checked };
}
