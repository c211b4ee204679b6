// The image config (what `docker inspect` shows): the base's config with our layers, command,
// environment, user and labels on top. Fields we do not know are kept as the base had them.
import type { Digest } from './digest.js';
import type { Platform } from './platform.js';

export interface ContainerConfig {
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  ExposedPorts?: Record<string, object>;
  Labels?: Record<string, string>;
  [field: string]: unknown;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  created?: string;
  config?: ContainerConfig;
  rootfs: { type: 'layers'; diff_ids: Digest[] };
  history?: HistoryEntry[];
  [field: string]: unknown;
}

export interface AddedLayer {
  diffId: Digest;
  /** Shown in `history` (e.g. `docker history`), e.g. "ship: production node_modules". */
  description: string;
}

export interface ConfigChanges {
  platform: Platform;
  layers: readonly AddedLayer[];
  /** The full command, run without a shell so signals reach node (e.g. ["node", "dist/cli.js"]). */
  entrypoint: string[];
  env: Readonly<Record<string, string>>;
  workingDir: string;
  user: string;
  exposedPorts: readonly number[];
  labels: Readonly<Record<string, string>>;
  /** ISO 8601, from SOURCE_DATE_EPOCH. */
  created: string;
}

/** Sets or replaces `KEY=value` pairs, keeping the base's order and adding new keys sorted. */
export function mergeEnv(base: readonly string[], changes: Readonly<Record<string, string>>): string[] {
  const keyOf = (pair: string) => pair.slice(0, pair.indexOf('=') >= 0 ? pair.indexOf('=') : pair.length);
  const merged = base.map((pair) => {
    const key = keyOf(pair);
    return Object.hasOwn(changes, key) ? `${key}=${changes[key]}` : pair;
  });
  const present = new Set(base.map(keyOf));
  for (const key of Object.keys(changes).sort()) {
    if (!present.has(key)) merged.push(`${key}=${changes[key]}`);
  }
  return merged;
}

export function buildImageConfig(base: ImageConfig | undefined, changes: ConfigChanges): ImageConfig {
  const baseContainer = base?.config ?? {};
  const exposed: Record<string, object> = { ...(baseContainer.ExposedPorts ?? {}) };
  for (const port of changes.exposedPorts) exposed[`${port}/tcp`] = {};
  const labels = { ...(baseContainer.Labels ?? {}), ...changes.labels };
  const sortedLabels = Object.fromEntries(
    Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const config: ContainerConfig = {
    ...baseContainer,
    Entrypoint: changes.entrypoint,
    Cmd: null,
    Env: mergeEnv(baseContainer.Env ?? [], changes.env),
    WorkingDir: changes.workingDir,
    User: changes.user,
    ExposedPorts: Object.fromEntries(
      Object.entries(exposed).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
    Labels: sortedLabels,
  };
  // The base's health check would probe with tools our layers may not have; ECS defines its own.
  delete config.Healthcheck;
  return {
    ...(base ?? {}),
    architecture: changes.platform.architecture,
    os: changes.platform.os,
    ...(changes.platform.variant ? { variant: changes.platform.variant } : {}),
    created: changes.created,
    config,
    rootfs: {
      type: 'layers',
      diff_ids: [...(base?.rootfs.diff_ids ?? []), ...changes.layers.map((l) => l.diffId)],
    },
    history: [
      ...(base?.history ?? []),
      ...changes.layers.map((layer) => ({
        created: changes.created,
        created_by: layer.description,
        comment: 'ship',
      })),
    ],
  };
}
