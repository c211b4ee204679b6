// ship.config.json text (+ flag overrides) → a validated ShipConfig, or a
// UserError naming every problem by file:line and field (or by flag). Pure.
import { Ajv, type ErrorObject } from 'ajv';
import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { checkFargateSize, fargateCpuValues, formatSize } from '../deploy/fargate-size.js';
import { releaseProblems } from '../deploy/release.js';
import { UserError } from '../errors.js';
import { configSchema, type ShipConfig } from './schema.js';

/** Values given on the command line, keyed by config field, with the flag that gave them. */
export type ConfigOverrides = Partial<Record<OverridableField, { value: unknown; flag: string }>>;
export type OverridableField = 'cpu' | 'memory' | 'platform' | 'region' | 'environment';

export interface ParseConfigOptions {
  /** Shown in errors, e.g. "ship.config.json". */
  file: string;
  overrides?: ConfigOverrides;
  /** Region when neither the file nor a flag names one (AWS_REGION, else us-east-1). */
  defaultRegion: string;
}

export interface ParsedConfig {
  config: ShipConfig;
  /** Where a field's value came from: a flag such as "--cpu 512", or "file:line". */
  origin(field: string): string;
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, verbose: true });
ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
const validate = ajv.compile<ShipConfig>(configSchema);

export function parseConfig(text: string, options: ParseConfigOptions): ParsedConfig {
  const { file } = options;
  const syntaxErrors: ParseError[] = [];
  const tree = parseTree(text, syntaxErrors, { disallowComments: true, allowTrailingComma: false });
  if (syntaxErrors.length > 0 || !tree) {
    // The first syntax error is the real one; the rest follow from it.
    const problems = syntaxErrors
      .slice(0, 1)
      .map(
        (e) =>
          `${file}:${lineOf(text, e.offset)}: invalid JSON: ${describeSyntaxError(printParseErrorCode(e.error))}`,
      );
    throw new UserError(problems.join('\n') || `${file}: empty file`, `fix the JSON in ${file}`);
  }
  const raw = JSON.parse(text) as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UserError(`${file}:1: expected a JSON object such as { "app": "my-app" }`);
  }
  const data = raw as Record<string, unknown>;
  const flagOf = new Map<string, string>();
  for (const [field, override] of Object.entries(options.overrides ?? {})) {
    if (!override || override.value === undefined) continue;
    data[field] = override.value;
    flagOf.set(field, `${override.flag} ${String(override.value)}`);
  }
  if (data.region === undefined) data.region = options.defaultRegion;

  const origin = (field: string): string => {
    const top = field.split(/[.[]/)[0] ?? field;
    const flag = flagOf.get(top);
    if (flag) return flag;
    const node = nodeAt(tree, pathOf(field));
    return node ? `${file}:${lineOf(text, node.offset)}` : file;
  };
  const place = (field: string): string => {
    const from = origin(field);
    return from.startsWith('--') ? from : `${from}: ${field}`;
  };

  if (!validate(data)) {
    const problems = (validate.errors ?? []).filter(notNoise).map((e) => {
      const { field, message } = describeSchemaError(e, data);
      return `${field ? place(field) : `${file}:1`}: ${message}`;
    });
    // The size is checked too when both numbers are there, so one run shows every problem.
    if (fargateCpuValues.includes(data.cpu as number) && Number.isInteger(data.memory)) {
      const size = sizeProblem(data.cpu as number, data.memory as number, origin);
      if (size) problems.push(size);
    }
    throw new UserError(unique(problems).join('\n'), `fix ${file} (or the flag), then run the command again`);
  }
  const config: ShipConfig = data;
  const problems = crossFieldProblems(config, place, origin);
  if (problems.length > 0)
    throw new UserError(problems.join('\n'), `fix ${file} (or the flag), then run again`);
  return { config, origin };
}

function crossFieldProblems(
  config: ShipConfig,
  place: (field: string) => string,
  origin: (field: string) => string,
): string[] {
  const problems: string[] = [];
  const size = sizeProblem(config.cpu, config.memory, origin);
  if (size) problems.push(size);
  problems.push(...expressProblems(config, place));
  if (config.certificateArn && config.loadBalancer !== 'alb' && config.target !== 'express') {
    problems.push(`${place('certificateArn')}: HTTPS needs a load balancer; set "loadBalancer": "alb"`);
  }
  if (config.domain && config.loadBalancer !== 'alb' && config.target !== 'express') {
    problems.push(`${place('domain')}: a domain is served by the load balancer; set "loadBalancer": "alb"`);
  }
  if (config.domain && config.certificateArn) {
    problems.push(
      `${place('certificateArn')}: with "domain" ship requests and renews the certificate itself; remove "certificateArn" (or "domain" to keep your own certificate)`,
    );
  }
  const scaling = config.autoscaling;
  if (scaling) {
    if (scaling.min > scaling.max) {
      problems.push(`${place('autoscaling.min')}: min ${scaling.min} is above max ${scaling.max}`);
    }
    const targets = [scaling.cpuTarget, scaling.requestsPerTarget].filter((t) => t !== undefined);
    if (targets.length !== 1) {
      problems.push(
        `${place('autoscaling')}: give exactly one of "cpuTarget" (percent) or "requestsPerTarget"`,
      );
    }
    if (
      scaling.requestsPerTarget !== undefined &&
      config.loadBalancer !== 'alb' &&
      config.target !== 'express'
    ) {
      problems.push(
        `${place('autoscaling.requestsPerTarget')}: requests per target needs "loadBalancer": "alb"`,
      );
    }
  }
  // With target express, `release` itself is refused (expressProblems): its load balancer is Express Mode's.
  if (config.target !== 'express') problems.push(...releaseProblems(config, place));
  const clash = Object.keys(config.variables).filter((k) => k in config.secrets);
  for (const key of clash) problems.push(`${place(`secrets.${key}`)}: also set in "variables"; keep one`);
  return problems;
}

/**
 * An Express service gets its load balancer, HTTPS and canary from ECS, public to the internet:
 * the fields that wire those by hand on the service path do not apply, and it runs at least one task.
 */
function expressProblems(config: ShipConfig, place: (field: string) => string): string[] {
  if (config.target !== 'express') return [];
  const problems: string[] = [];
  const not = (field: string, why: string) =>
    problems.push(
      `${place(field)}: not with "target": "express" (${why}); remove it, or set "target": "service"`,
    );
  if (config.loadBalancer === 'alb')
    not('loadBalancer', 'Express Mode makes and shares its own load balancer');
  if (config.certificateArn) not('certificateArn', 'Express Mode serves HTTPS with its own certificate');
  if (config.domain) not('domain', 'Express Mode answers on its own AWS-provided domain');
  if (config.release) not('release', 'Express Mode releases with its own canary and alarms');
  if (config.ingressCidrs.length !== 1 || config.ingressCidrs[0] !== '0.0.0.0/0')
    not('ingressCidrs', "an Express service's address is public");
  if (config.desiredCount < 1 && !config.autoscaling)
    problems.push(`${place('desiredCount')}: an Express service runs at least 1 task`);
  if (config.autoscaling && config.autoscaling.min < 1)
    problems.push(`${place('autoscaling.min')}: an Express service runs at least 1 task`);
  return problems;
}

/** `--cpu 512 --memory 512: Fargate allows …; nearest: 512/1024 or 256/512`, or undefined when valid. */
function sizeProblem(cpu: number, memory: number, origin: (field: string) => string): string | undefined {
  const size = checkFargateSize({ cpu, memory });
  if (size.valid) return undefined;
  const cpuFrom = origin('cpu');
  const memFrom = origin('memory');
  const where =
    cpuFrom.startsWith('--') || memFrom.startsWith('--')
      ? `--cpu ${cpu} --memory ${memory}`
      : `${cpuFrom}: cpu ${cpu}, memory ${memory}`;
  return `${where}: ${size.reason}; nearest: ${size.nearest.map(formatSize).join(' or ')}`;
}

// `if`/`propertyNames` wrappers repeat what the specific error already says.
const notNoise = (e: ErrorObject): boolean => e.keyword !== 'if' && e.keyword !== 'propertyNames';

function describeSchemaError(e: ErrorObject, data: unknown): { field: string; message: string } {
  const field = fieldOf(e.instancePath);
  const join = (parent: string, key: string) =>
    parent ? (/^\d+$/.test(key) ? `${parent}[${key}]` : `${parent}.${key}`) : key;
  const expected = (e.parentSchema as Record<string, unknown> | undefined)?.['x-expected'];
  // Never echo what was put where a secret ARN belongs: it may be the secret.
  const got = (value: unknown) =>
    field.startsWith('secrets.') ? 'got a value' : `got ${JSON.stringify(value)}`;
  const value = valueAt(data, e.instancePath);
  switch (e.keyword) {
    case 'required':
      return { field, message: `missing required field "${e.params.missingProperty}"` };
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const known = Object.keys(propertiesAt(e.parentSchema));
      const guess = closest(key, known);
      return {
        field: join(field, key),
        message: `unknown field${guess ? `; did you mean "${guess}"?` : ''} (known: ${known.filter((k) => k !== '$schema').join(', ')})`,
      };
    }
    case 'enum':
      return {
        field,
        message: `must be one of ${(e.params.allowedValues as unknown[]).join(', ')} (${got(value)})`,
      };
    case 'type':
      return { field, message: `must be ${article(String(e.params.type))} (${got(value)})` };
    case 'pattern':
      if (e.propertyName !== undefined) {
        return {
          field: join(field, e.propertyName),
          message: `name must be ${expected ?? `like ${e.params.pattern}`}`,
        };
      }
      return { field, message: `must be ${expected ?? `like ${e.params.pattern}`} (${got(value)})` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      return { field, message: `must be ${e.params.comparison} ${e.params.limit} (${got(value)})` };
    case 'minLength':
    case 'maxLength':
      return { field, message: `must be ${expected ?? e.message} (${got(value)})` };
    default:
      return { field, message: `${e.message ?? 'is invalid'} (${got(value)})` };
  }
}

function propertiesAt(schema: unknown): Record<string, unknown> {
  return ((schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}) as Record<
    string,
    unknown
  >;
}

/** "/secrets/DB" → "secrets.DB"; "/ingressCidrs/1" → "ingressCidrs[1]". */
function fieldOf(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

function pathOf(field: string): (string | number)[] {
  return [...field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

function valueAt(data: unknown, pointer: string): unknown {
  let at = data;
  for (const part of pointer.split('/').slice(1)) at = (at as Record<string, unknown> | undefined)?.[part];
  return at;
}

/** The node for a path, or its nearest existing parent (a missing field points at its object). */
function nodeAt(tree: Node, path: (string | number)[]): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n));
    if (node) return node.parent?.type === 'property' && n > 0 ? node.parent : node;
  }
  return undefined;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function describeSyntaxError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    PropertyNameExpected: 'expected a "quoted" field name',
    ValueExpected: 'expected a value',
    ColonExpected: 'expected ":"',
    CommaExpected: 'expected ","',
    CloseBraceExpected: 'expected "}"',
    CloseBracketExpected: 'expected "]"',
    EndOfFileExpected: 'unexpected text after the end',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfString: 'unterminated string',
  };
  return words[code] ?? code;
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
const unique = (lines: string[]): string[] => [...new Set(lines)];

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
