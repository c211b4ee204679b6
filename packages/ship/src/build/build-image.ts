// `buildImage`: a Node app directory → an OCI image in the content store, ko/jib style. The base
// comes from its registry (cached), then three layers of our own, each a pure function of its
// inputs: (1) production node_modules from the lockfile, (2) the built app, (3) data files.
// A code change therefore changes only layer 2. The layers are made in `app-layers.ts`; this file
// composes them into a config and a manifest.
import { posix } from 'node:path';
import { buildRefusal, formatLibc, judgeNativeAddons } from '../app/native-addons.js';
import { buildNativeAddons } from '../app/native-build.js';
import { type NodeApp, readNodeApp } from '../app/node-app.js';
import { inImage, resolvePackageEntry } from '../app/package-bin.js';
import { installProductionDependencies } from '../app/production-dependencies.js';
import { type GitSource, readSourceState } from '../app/source-state.js';
import { readNeededWorkspaces } from '../app/workspace-packages.js';
import { UserError } from '../errors.js';
import type { BuiltImage, ImageLayer, LayerRole } from '../image/built-image.js';
import { buildImageConfig, type ConfigChanges } from '../image/image-config.js';
import { buildManifest, serialize } from '../image/image-manifest.js';
import { shortDigest, tagForSource } from '../image/image-tags.js';
import { sourceDateEpoch } from '../image/layer-layout.js';
import { type ManifestFormat, MediaType } from '../image/media-types.js';
import { type Platform, platformOfNode } from '../image/platform.js';
import { formatReference, type ImageReference, isValidTag, parseReference } from '../image/reference.js';
import type { ProgressSink } from '../progress/progress-events.js';
import type { CredentialSource } from '../registry/credentials.js';
import { pullImage } from '../registry/pull-image.js';
import { ContentStore, defaultCacheDir } from '../store/content-store.js';
import {
  appFilesFor,
  appLayer,
  dataLayer,
  dependencyLayer,
  findNativeAddons,
  type LayerRecord,
  nativeAddonRefusal,
} from './app-layers.js';
import { GRACEFUL_EXIT_PATH } from './graceful-exit.js';
import { hostRuntime, readTargetRuntime } from './target-runtime.js';

/** The base the Dockerfile uses (keep the two in step: see the comment on NODE_IMAGE there). */
export const DEFAULT_BASE =
  'public.ecr.aws/docker/library/node:24.21.0-bookworm-slim@sha256:2fe369e969550cde8e867afc3fe370b260140cab4a23d467074295b42163d553';
export const APP_ROOT = 'app';
export const DEFAULT_PORT = 8080;
/** The official Node images' `node` user: the app runs as it, and cannot write its own files. */
export const RUN_AS_USER = '1000:1000';

export interface BuildOptions {
  appDir: string;
  base?: string;
  platform?: Platform;
  /** Plain HTTP to the base's registry. */
  insecureBase?: boolean;
  baseCredentials?: CredentialSource;
  /** The command that starts the app (ship.config.json `start`); default: package.json scripts. */
  start?: string | readonly string[];
  /** Files baked in under /app/data; the first one's path goes into the variable `dataEnv`. */
  dataFiles?: readonly string[];
  dataEnv?: string;
  port?: number;
  env?: Readonly<Record<string, string>>;
  /** Tags besides the one made from git. */
  tags?: readonly string[];
  format?: ManifestFormat;
  /** Seconds; default from SOURCE_DATE_EPOCH, else 0. */
  sourceDateEpoch?: number;
  cacheDir?: string;
  onProgress?: ProgressSink;
}

export interface BuildResult extends BuiltImage {
  app: { name: string; version?: string; dir: string };
  /** The command the image runs and why ship chose it, e.g. "scripts.start: `nest start` → …". */
  start: { command: string[]; reason: string };
  source?: GitSource;
  warnings: string[];
}

interface AddedLayer {
  record: LayerRecord;
  role: LayerRole;
  description: string;
}

interface Settings {
  platform: Platform;
  format: ManifestFormat;
  mtime: number;
  created: string;
  cacheDir: string;
  store: ContentStore;
  baseRef: ImageReference;
}

/** Checks the options that need no I/O; errors name the option, not a flag (callers add theirs). */
function settingsOf(options: BuildOptions): Settings {
  for (const tag of options.tags ?? []) {
    if (!isValidTag(tag))
      throw new UserError(
        `tag "${tag}": a tag is letters, digits, _ . - (max 128, not starting with . or -)`,
      );
  }
  if (options.dataFiles?.length && !options.dataEnv)
    throw new UserError(
      'data files given, but no environment variable to tell the app where they are',
      'name one: "dataEnv" under "build" in ship.config.json (e.g. "DATA_FILE")',
    );
  let baseRef: ImageReference;
  try {
    baseRef = parseReference(options.base ?? DEFAULT_BASE);
  } catch (error) {
    throw new UserError(
      `base image ${(error as Error).message}`,
      'e.g. public.ecr.aws/docker/library/node:24-slim',
    );
  }
  const mtime = options.sourceDateEpoch ?? sourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  return {
    platform: options.platform ?? { os: 'linux', architecture: 'amd64' },
    format: options.format ?? 'oci',
    mtime,
    created: new Date(mtime * 1000).toISOString().replace('.000Z', 'Z'),
    cacheDir,
    store: new ContentStore(cacheDir),
    baseRef,
  };
}

/**
 * (1) node_modules, unless the app's build output carries its own (Next standalone, Nitro). Native
 * addons the install left unbuilt are compiled for the base's Node when this machine is like the
 * image; otherwise the build is refused naming them.
 */
async function dependenciesFor(
  app: NodeApp,
  settings: Settings,
  workspaces: Awaited<ReturnType<typeof readNeededWorkspaces>>,
  base: Promise<PulledBase>,
) {
  if (app.start.shape !== 'node') return undefined;
  const installed = await installProductionDependencies(app, settings.platform, settings.cacheDir);
  const host = platformOfNode(process.arch);
  const addons = await findNativeAddons(installed.dir, app.workspaceDir, workspaces);
  const verdict = judgeNativeAddons(addons, settings.platform, host);
  let install = installed;
  let compiled: string[] = [];
  if (verdict.unbuilt.length > 0) {
    const target = await readTargetRuntime(await base, settings.store);
    const why = target.nodeVersion
      ? buildRefusal(hostRuntime(), target)
      : 'the base image sets no NODE_VERSION, so ship cannot tell which Node to compile them for';
    if (why) throw nativeAddonRefusal(verdict.broken, settings.platform, why);
    install = await buildNativeAddons(installed, verdict.unbuilt, target, settings.cacheDir);
    compiled = verdict.unbuilt.map(
      (a) => `${a.name} (Node ${target.nodeVersion}, ${formatLibc(target.libc)})`,
    );
  }
  const layer = await dependencyLayer(settings.store, install, workspaces, {
    platform: settings.platform,
    host,
    appRoot: APP_ROOT,
    mtime: settings.mtime,
    appDir: app.workspaceDir,
  });
  const entry =
    app.start.entry.kind === 'package'
      ? inImage(APP_ROOT, await resolvePackageEntry(app, install.dir, app.start.entry))
      : undefined;
  return { ...layer, cached: installed.cached && install.cached, entry, compiled };
}

export async function buildImage(options: BuildOptions): Promise<BuildResult> {
  const emit = options.onProgress ?? (() => {});
  const settings = settingsOf(options);
  const { store, baseRef, platform, mtime } = settings;
  const app = await readNodeApp(options.appDir, options.start !== undefined ? { start: options.start } : {});
  const workspaces = await readNeededWorkspaces(app);
  // Independent inputs, read at once: git state, the base, node_modules, the app's files.
  emit({ id: 'dependencies', label: 'layer node_modules', state: 'active', note: 'npm ci --omit=dev' });
  const pulling = pullImage(baseRef, {
    platform,
    store,
    insecure: options.insecureBase ?? false,
    ...(options.baseCredentials ? { credentials: options.baseCredentials } : {}),
    onProgress: emit,
  });
  const [source, base, deps, appFiles] = await Promise.all([
    readSourceState(app.dir),
    pulling,
    dependenciesFor(app, settings, workspaces, pulling),
    appFilesFor(app, APP_ROOT, workspaces),
  ]);
  emit({
    id: 'dependencies',
    label: 'layer node_modules',
    state: 'done',
    note: deps
      ? `${deps.record.packages ?? 0} packages${deps.cached ? ', cached' : ''}${deps.compiled.length ? `, compiled ${deps.compiled.join(', ')}` : ''}`
      : 'none: the build output carries its own',
  });

  const appLabel = `layer ${app.workspaceDir || app.name}`;
  emit({ id: 'app', label: appLabel, state: 'active' });
  const added: AddedLayer[] = [];
  if (deps)
    added.push({
      record: deps.record,
      role: 'dependencies',
      description: `ship: production node_modules (${deps.record.packages ?? 0} packages)`,
    });
  added.push({
    record: await appLayer(store, appFiles.files, mtime),
    role: 'app',
    description: `ship: app ${app.name}${app.version ? `@${app.version}` : ''}`,
  });
  emit({ id: 'app', label: appLabel, state: 'done' });

  const port = options.port ?? DEFAULT_PORT;
  const runtime = runtimeOf(app, options, port);
  if (options.dataFiles?.length) {
    const data = await dataLayer(store, options.dataFiles, APP_ROOT, mtime);
    added.push({
      record: data.record,
      role: 'data',
      description: `ship: data ${data.paths.map((p) => posix.basename(p)).join(', ')}`,
    });
    runtime.env[options.dataEnv!] = data.paths[0]!;
  }
  const command = [
    'node',
    '--require',
    `/${GRACEFUL_EXIT_PATH}`,
    ...app.start.nodeOptions,
    deps?.entry ?? appFiles.entry ?? app.entryFile!,
    ...app.start.args,
  ];
  const image = assembleImage(settings, base, added, {
    entrypoint: command,
    env: runtime.env,
    workingDir: `/${posix.join(APP_ROOT, appFiles.serverDir)}`,
    user: RUN_AS_USER,
    exposedPorts: [port],
    labels: labelsFor(app, source, settings, base.indexDigest ?? base.digest),
  });
  const tags = [
    source ? tagForSource(source, image.manifest.digest) : `build-${shortDigest(image.manifest.digest)}`,
    ...(options.tags ?? []),
  ];
  return {
    ...image,
    tags: [...new Set(tags)],
    app: { name: app.name, ...(app.version ? { version: app.version } : {}), dir: app.dir },
    start: { command, reason: app.start.reason },
    ...(source ? { source } : {}),
    warnings: [...runtime.warnings, ...(deps?.warnings ?? [])],
  };
}

/** The environment the app runs with: the start command's assignments, then ship's PORT, then the caller's. */
function runtimeOf(app: NodeApp, options: BuildOptions, port: number) {
  const warnings = [...app.start.warnings];
  if (app.start.env.PORT && app.start.env.PORT !== String(port))
    warnings.push(
      `the start command sets PORT=${app.start.env.PORT}, but the image's port is ${port}: ship sets PORT=${port} (change the port setting if the app must listen on ${app.start.env.PORT})`,
    );
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    ...app.start.env,
    PORT: String(port),
    ...options.env,
  };
  return { env, warnings };
}

type PulledBase = Awaited<ReturnType<typeof pullImage>>;
type ContainerSettings = Pick<
  ConfigChanges,
  'entrypoint' | 'env' | 'workingDir' | 'user' | 'exposedPorts' | 'labels'
>;

/** Base layers + ours → the config and the manifest (annotated with the same labels). */
function assembleImage(
  settings: Settings,
  base: PulledBase,
  added: readonly AddedLayer[],
  container: ContainerSettings,
): Omit<BuiltImage, 'tags'> & { base: { reference: string; digest: string } } {
  const { baseRef, platform } = settings;
  const layers: ImageLayer[] = [
    ...base.manifest.layers.map(
      (l): ImageLayer => ({
        role: 'base',
        description: formatReference({ ...baseRef, digest: base.digest }),
        mediaType: l.mediaType,
        digest: l.digest,
        size: l.size,
        source: { registry: baseRef.registry, repository: baseRef.repository },
      }),
    ),
    ...added.map((layer) => ({
      role: layer.role,
      description: layer.description,
      mediaType: MediaType.ociLayerGzip,
      digest: layer.record.digest,
      size: layer.record.size,
    })),
  ];
  const config = serialize(
    buildImageConfig(base.config, {
      ...container,
      platform,
      layers: added.map((l) => ({ diffId: l.record.diffId, description: l.description })),
      created: settings.created,
    }),
    settings.format === 'docker' ? MediaType.dockerConfig : MediaType.ociConfig,
  );
  const manifest = buildManifest({
    format: settings.format,
    config: { digest: config.digest, size: config.bytes.length },
    layers,
    annotations: container.labels,
  });
  return {
    manifest,
    config,
    layers,
    platform,
    base: { reference: formatReference(baseRef), digest: base.indexDigest ?? base.digest },
    blobs: settings.store,
  };
}

function labelsFor(
  app: NodeApp,
  source: GitSource | undefined,
  settings: Settings,
  baseDigest: string,
): Record<string, string> {
  const repositoryField = app.packageJson.repository;
  const sourceUrl =
    source?.remoteUrl ?? (typeof repositoryField === 'string' ? repositoryField : repositoryField?.url);
  return {
    'org.opencontainers.image.created': settings.created,
    'org.opencontainers.image.title': app.name,
    'org.opencontainers.image.base.name': formatReference(settings.baseRef),
    'org.opencontainers.image.base.digest': baseDigest,
    ...(app.version ? { 'org.opencontainers.image.version': app.version } : {}),
    ...(source ? { 'org.opencontainers.image.revision': source.commit } : {}),
    ...(sourceUrl ? { 'org.opencontainers.image.source': sourceUrl } : {}),
  };
}
