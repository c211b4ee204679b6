// ECS task definitions: revisions per family, validated like Fargate does.

import { ecsTags, taskDefinitionView } from '../ecs-views.js';
import { AwsError } from '../errors.js';
import type { Handler } from '../server.js';
import { type FakeState, type TaskDefinition, tagsFrom } from '../state.js';

/** Fargate's published CPU → memory (MiB) table. */
const fargateMemory: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** "256", "0.25 vCPU", "1 GB" → units / MiB. */
function units(text: string | undefined, perUnit: number, suffix: RegExp): number | undefined {
  if (text === undefined) return undefined;
  const match = suffix.exec(text);
  return match ? Number(match[1]) * perUnit : Number(text);
}

function clientError(message: string): AwsError {
  return new AwsError('ClientException', message);
}

export function resolveTaskDefinition(state: FakeState, reference: string): TaskDefinition {
  const name = reference.startsWith('arn:') ? (reference.split(':task-definition/')[1] ?? '') : reference;
  const [family = '', revision] = name.split(':');
  const revisions = state.ecs.taskDefinitions.get(family) ?? [];
  const found = revision
    ? revisions.find((d) => d.revision === Number(revision) && d.status !== 'DELETE_IN_PROGRESS')
    : revisions.filter((d) => d.status === 'ACTIVE').at(-1);
  if (!found) throw clientError('Unable to describe task definition.');
  return found;
}

export function taskDefinitionHandlers(state: FakeState): Record<string, Handler> {
  return {
    RegisterTaskDefinition: (p) => {
      const family = p.str('family');
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) {
        throw clientError(
          'Family contains invalid characters (letters, numbers, hyphens and underscores allowed).',
        );
      }
      const containers = p.list('containerDefinitions');
      if (containers.length === 0) throw clientError('Container list cannot be empty.');
      for (const c of containers) {
        if (!c.optStr('name')) throw clientError('Container.name should not be null or empty.');
        if (!c.optStr('image')) throw clientError('Container.image should not be null or empty.');
      }
      if (p.optStr('networkMode') === 'awsvpc') {
        for (const mapping of containers.flatMap((c) => c.list('portMappings'))) {
          const host = mapping.optNum('hostPort');
          if (host !== undefined && host !== mapping.optNum('containerPort')) {
            throw clientError(
              'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
            );
          }
        }
      }
      const fargate = p.strs('requiresCompatibilities').includes('FARGATE');
      if (fargate) {
        if (p.optStr('networkMode') !== 'awsvpc') {
          throw clientError('Fargate only supports network mode ‘awsvpc’.');
        }
        const cpu = units(p.optStr('cpu'), 1024, /^([\d.]+)\s*vCPU$/i);
        const memory = units(p.optStr('memory'), 1024, /^([\d.]+)\s*GB$/i);
        if (cpu === undefined || memory === undefined) {
          throw clientError("Fargate requires that 'cpu' and 'memory' be defined at the task level.");
        }
        if (!fargateMemory[cpu]?.includes(memory)) {
          throw clientError(
            `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory.`,
          );
        }
        const usesAwslogs = containers.some(
          (c) => c.obj('logConfiguration').optStr('logDriver') === 'awslogs',
        );
        if (usesAwslogs && !p.optStr('executionRoleArn')) {
          throw clientError(
            'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
          );
        }
      }
      const revisions = state.ecs.taskDefinitions.get(family) ?? [];
      const revision = (revisions.at(-1)?.revision ?? 0) + 1;
      const { tags: _tags, ...body } = p.raw;
      const definition: TaskDefinition = {
        ...state.stamp(),
        arn: state.arn('ecs', `task-definition/${family}:${revision}`),
        family,
        revision,
        status: 'ACTIVE',
        body,
        tags: tagsFrom(p.list('tags').map((t) => ({ key: t.optStr('key'), value: t.optStr('value') }))),
      };
      revisions.push(definition);
      state.ecs.taskDefinitions.set(family, revisions);
      return { taskDefinition: taskDefinitionView(state, definition), tags: ecsTags(definition.tags) };
    },
    DescribeTaskDefinition: (p) => {
      const definition = resolveTaskDefinition(state, p.str('taskDefinition'));
      const withTags = p.strs('include').includes('TAGS');
      return {
        taskDefinition: taskDefinitionView(state, definition),
        tags: withTags ? ecsTags(definition.tags) : undefined,
      };
    },
    ListTaskDefinitions: (p) => {
      const prefix = p.optStr('familyPrefix');
      const status = p.optStr('status') ?? 'ACTIVE';
      const all = [...state.ecs.taskDefinitions.values()]
        .flat()
        .filter((d) => (prefix ? d.family === prefix : true) && d.status === status)
        .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision)
        .map((d) => d.arn);
      if (p.optStr('sort') === 'DESC') all.reverse();
      return page(all, p.optNum('maxResults'), p.optStr('nextToken'), 'taskDefinitionArns');
    },
    ListTaskDefinitionFamilies: (p) => {
      const prefix = p.optStr('familyPrefix') ?? '';
      const families = [...state.ecs.taskDefinitions.keys()].filter((f) => f.startsWith(prefix)).sort();
      return page(families, p.optNum('maxResults'), p.optStr('nextToken'), 'families');
    },
    DeregisterTaskDefinition: (p) => {
      const definition = resolveTaskDefinition(state, p.str('taskDefinition'));
      definition.status = 'INACTIVE';
      return { taskDefinition: taskDefinitionView(state, definition) };
    },
    DeleteTaskDefinitions: (p) => {
      const deleted = p.strs('taskDefinitions').map((reference) => {
        const definition = resolveTaskDefinition(state, reference);
        if (definition.status === 'ACTIVE') {
          throw clientError('The specified task definition is still in ACTIVE status. Deregister it first.');
        }
        // Kept (not removed) so revision numbers are never reused, as in ECS.
        definition.status = 'DELETE_IN_PROGRESS';
        return taskDefinitionView(state, definition);
      });
      return { taskDefinitions: deleted, failures: [] };
    },
  };
}

/** ECS-style pagination: an opaque token is the next index. */
export function page<T>(
  items: T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  key: string,
) {
  const start = nextToken ? Number(Buffer.from(nextToken, 'base64').toString('utf8')) : 0;
  const size = maxResults ?? 100;
  const slice = items.slice(start, start + size);
  const more = start + size < items.length;
  return { [key]: slice, nextToken: more ? Buffer.from(String(start + size)).toString('base64') : undefined };
}
