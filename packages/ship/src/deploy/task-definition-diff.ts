// Two task definitions → the changes between them, in readable lines such as
// "cpu: 256 → 512" or "image: …/app@sha256:ab12… → …/app@sha256:cd34…". Pure
// and non-mutating. ECS fills in defaults when it stores a definition (host
// ports, protocols, empty lists), so both sides are first projected onto
// what they mean; fields ship does not manage are compared too, unless empty.
import type { ContainerDefinition, TaskDefinition } from './task-definition.js';

export interface FieldChange {
  field: string;
  from: string | undefined;
  to: string | undefined;
}

const managedTop = new Set([
  'family',
  'cpu',
  'memory',
  'networkMode',
  'requiresCompatibilities',
  'runtimePlatform',
  'executionRoleArn',
  'containerDefinitions',
  'volumes',
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'tags',
]);

const managedContainer = new Set([
  'name',
  'image',
  'essential',
  'user',
  'readonlyRootFilesystem',
  'stopTimeout',
  'portMappings',
  'environment',
  'secrets',
  'mountPoints',
  'healthCheck',
  'logConfiguration',
]);

type Projection = Map<string, string>;

export function projectTaskDefinition(definition: TaskDefinition): Projection {
  const out: Projection = new Map();
  const put = (field: string, value: unknown) => {
    if (isEmpty(value)) return;
    out.set(field, typeof value === 'string' ? value : JSON.stringify(value));
  };
  put('cpu', definition.cpu);
  put('memory', definition.memory);
  put('platform', definition.runtimePlatform?.cpuArchitecture);
  put('network mode', definition.networkMode);
  put('launch type', [...(definition.requiresCompatibilities ?? [])].sort().join(','));
  put('execution role', definition.executionRoleArn);
  put(
    'volumes',
    (definition.volumes ?? [])
      .map((v) => v.name)
      .sort()
      .join(', '),
  );
  for (const [key, value] of Object.entries(definition)) {
    if (!managedTop.has(key)) put(key, value);
  }
  const containers = definition.containerDefinitions ?? [];
  for (const container of containers) {
    const prefix = containers.length > 1 ? `${container.name}.` : '';
    projectContainer(container, (field, value) => put(prefix + field, value));
  }
  return out;
}

function projectContainer(c: ContainerDefinition, put: (field: string, value: unknown) => void): void {
  put('container', c.name);
  put('image', c.image);
  put('essential', String(c.essential ?? true));
  put('user', c.user ?? 'root (image default)');
  put('read-only root filesystem', String(c.readonlyRootFilesystem ?? false));
  put('stop timeout', c.stopTimeout === undefined ? undefined : `${c.stopTimeout}s`);
  put(
    'ports',
    (c.portMappings ?? [])
      .map((p) => `${p.containerPort}/${p.protocol ?? 'tcp'}`)
      .sort()
      .join(', '),
  );
  for (const { name, value } of c.environment ?? []) put(`environment.${name}`, JSON.stringify(value));
  for (const { name, valueFrom } of c.secrets ?? []) put(`secrets.${name}`, valueFrom);
  put(
    'mounts',
    (c.mountPoints ?? [])
      .map((m) => `${m.sourceVolume}:${m.containerPath}${m.readOnly ? ':ro' : ''}`)
      .sort()
      .join(', '),
  );
  if (c.healthCheck) {
    const h = c.healthCheck;
    put('health check', h.command.join(' '));
    put(
      'health check timing',
      `interval ${h.interval ?? 30}s, timeout ${h.timeout ?? 5}s, retries ${h.retries ?? 3}, start period ${h.startPeriod ?? 0}s`,
    );
  }
  if (c.logConfiguration) {
    const options = Object.entries(c.logConfiguration.options ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    put('logs', `${c.logConfiguration.logDriver} ${options}`.trim());
  }
  for (const [key, value] of Object.entries(c)) {
    if (!managedContainer.has(key) && !(key === 'cpu' && value === 0)) put(key, value);
  }
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isEmpty);
  return false;
}

/** The fields that differ, in a stable order (top-level first, then the container's). */
export function diffTaskDefinitions(from: TaskDefinition | undefined, to: TaskDefinition): FieldChange[] {
  const a = from ? projectTaskDefinition(from) : new Map<string, string>();
  const b = projectTaskDefinition(to);
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  return fields
    .filter((f) => a.get(f) !== b.get(f))
    .map((field) => ({ field, from: a.get(field), to: b.get(field) }));
}

export function sameTaskDefinition(a: TaskDefinition, b: TaskDefinition): boolean {
  return diffTaskDefinitions(a, b).length === 0;
}

/** "cpu: 256 → 512"; additions and removals read "(none)". */
export function formatChange(change: FieldChange): string {
  const show = (field: string, value: string | undefined) =>
    value === undefined ? '(none)' : field === 'image' ? shortImage(value) : value;
  return `${change.field}: ${show(change.field, change.from)} → ${show(change.field, change.to)}`;
}

/** `123.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abcdef…` → `…/app@sha256:abcdef123456…`. */
export function shortImage(reference: string): string {
  const at = reference.indexOf('@');
  const name = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? '' : reference.slice(at + 1);
  const slash = name.lastIndexOf('/');
  const short = slash === -1 ? name : `…/${name.slice(slash + 1)}`;
  if (!digest) return short;
  const [algorithm, hex = ''] = digest.split(':');
  return `${short}@${algorithm}:${hex.slice(0, 12)}${hex.length > 12 ? '…' : ''}`;
}
