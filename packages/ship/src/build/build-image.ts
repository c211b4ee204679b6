// `buildImage`: a Node app directory → an OCI image in the content store, ko/jib style. The base
// comes from its registry (cached), then three layers of our own, each a pure function of its
// inputs: (1) production node_modules from the lockfile, (2) the built app, (3) data files.
// A code change therefore changes only layer 2.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { readAppFiles } from '../app/app-files.js';
import { readNodeApp } from '../app/node-app.js';
import { installProductionDependencies, readDependencyFiles } from '../app/production-dependencies.js';
import { type GitSource, readSourceState } from '../app/source-state.js';
import { UserError } from '../errors.js';
import type { BuiltImage, ImageLayer, LayerRole } from '../image/built-image.js';
import { type Digest, sha256 } from '../image/digest.js';
import { buildImageConfig } from '../image/image-config.js';
import { buildManifest, serialize } from '../image/image-manifest.js';
import { tagForSource } from '../image/image-tags.js';
import { type LayerFile, layoutLayer, sourceDateEpoch } from '../image/layer-layout.js';
import { GZIP_LEVEL, packLayer } from '../image/layer-tar.js';
import { type ManifestFormat, MediaType } from '../image/media-types.js';
import { formatPlatform, type Platform, platformOfNode } from '../image/platform.js';
import { formatReference, isValidTag, parseReference } from '../image/reference.js';
import type { ProgressSink } from '../progress/progress-events.js';
import type { CredentialSource } from '../registry/credentials.js';
import { pullImage } from '../registry/pull-image.js';
import { ContentStore, defaultCacheDir } from '../store/content-store.js';

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
  /** Files baked in under /app/data; the first one's path goes into `dataEnv`. */
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
  source?: GitSource;
  warnings: string[];
}

interface LayerRecord {
  digest: Digest;
  diffId: Digest;
  size: number;
  packages?: number;
  nativeAddons?: string[];
}

async function packToStore(store: ContentStore, files: LayerFile[], mtime: number): Promise<LayerRecord> {
  const layer = await packLayer(layoutLayer(files, mtime));
  await store.put(layer.blob);
  return { digest: layer.digest, diffId: layer.diffId, size: layer.size };
}

async function cachedLayer(
  store: ContentStore,
  key: string,
  make: () => Promise<LayerRecord>,
): Promise<LayerRecord> {
  const record = await store.readRecord<LayerRecord>('layers', key);
  if (record && (await store.has(record.digest))) return record;
  const made = await make();
  await store.writeRecord('layers', key, made);
  return made;
}

export async function buildImage(options: BuildOptions): Promise<BuildResult> {
  const emit = options.onProgress ?? (() => {});
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
  const format = options.format ?? 'oci';
  const mtime = options.sourceDateEpoch ?? sourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
  const created = new Date(mtime * 1000).toISOString().replace('.000Z', 'Z');
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const store = new ContentStore(cacheDir);
  const warnings: string[] = [];
  for (const tag of options.tags ?? []) {
    if (!isValidTag(tag))
      throw new UserError(
        `--tag "${tag}": a tag is letters, digits, _ . - (max 128, not starting with . or -)`,
      );
  }
  let baseRef: ReturnType<typeof parseReference>;
  try {
    baseRef = parseReference(options.base ?? DEFAULT_BASE);
  } catch (error) {
    throw new UserError(
      `--base ${(error as Error).message}`,
      'e.g. public.ecr.aws/docker/library/node:24-slim',
    );
  }

  const app = await readNodeApp(options.appDir);
  const appPrefix = app.workspaceDir ? `${APP_ROOT}/${app.workspaceDir}` : APP_ROOT;
  // Independent inputs, read at once: git state, the base, node_modules, the app's files.
  emit({ id: 'dependencies', label: 'layer node_modules', state: 'active', note: 'npm ci --omit=dev' });
  const [source, base, install, appFiles] = await Promise.all([
    readSourceState(app.dir),
    pullImage(baseRef, {
      platform,
      store,
      insecure: options.insecureBase ?? false,
      ...(options.baseCredentials ? { credentials: options.baseCredentials } : {}),
      onProgress: emit,
    }),
    installProductionDependencies(app, platform, cacheDir),
    readAppFiles(app, appPrefix),
  ]);

  // (1) dependencies: keyed by lockfile + package.jsons + platform, so built once per lockfile.
  const depsKey = sha256(`deps ${install.key} ${APP_ROOT} ${mtime} ${GZIP_LEVEL}`).slice(7, 39);
  const deps = await cachedLayer(store, depsKey, async () => {
    const files = await readDependencyFiles(install.dir, APP_ROOT);
    const record = await packToStore(store, files.files, mtime);
    return { ...record, packages: files.packages, nativeAddons: files.nativeAddons };
  });
  const host = platformOfNode(process.arch);
  if (deps.nativeAddons?.length) {
    const list = deps.nativeAddons.join(', ');
    if (!host || host.architecture !== platform.architecture) {
      throw new UserError(
        `node_modules has native addons (${list}) built for this machine, not ${formatPlatform(platform)}`,
        `build on a ${formatPlatform(platform)} machine, or choose --platform ${host ? formatPlatform(host) : 'linux/amd64'}`,
      );
    }
    warnings.push(
      `native addons (${list}): install scripts do not run (--ignore-scripts); prebuilt binaries only`,
    );
  }
  emit({
    id: 'dependencies',
    label: 'layer node_modules',
    state: 'done',
    note: `${deps.packages ?? 0} packages${install.cached ? ', cached' : ''}`,
  });

  // (2) the app as npm would publish it.
  emit({ id: 'app', label: `layer ${app.workspaceDir || app.name}`, state: 'active' });
  const appLayer = await packToStore(store, appFiles, mtime);
  emit({ id: 'app', label: `layer ${app.workspaceDir || app.name}`, state: 'done' });

  // (3) data files.
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PORT: String(options.port ?? DEFAULT_PORT),
    ...options.env,
  };
  const layers: ImageLayer[] = base.manifest.layers.map((l) => ({
    role: 'base',
    description: formatReference({ ...baseRef, digest: base.digest }),
    mediaType: l.mediaType,
    digest: l.digest,
    size: l.size,
    source: { registry: baseRef.registry, repository: baseRef.repository },
  }));
  const added: { record: LayerRecord; role: LayerRole; description: string }[] = [
    {
      record: deps,
      role: 'dependencies',
      description: `ship: production node_modules (${deps.packages ?? 0} packages)`,
    },
    {
      record: appLayer,
      role: 'app',
      description: `ship: app ${app.name}${app.version ? `@${app.version}` : ''}`,
    },
  ];
  if (options.dataFiles?.length) {
    const files: LayerFile[] = [];
    for (const file of options.dataFiles) {
      let content: Buffer;
      try {
        content = await readFile(resolve(file));
      } catch (error) {
        throw new UserError(
          `--data-file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`,
          'give the path of a local data file',
        );
      }
      files.push({ kind: 'file', path: `${APP_ROOT}/data/${basename(file)}`, content });
    }
    const key = sha256(
      `data ${mtime} ${GZIP_LEVEL} ${files.map((f) => `${f.path} ${f.kind === 'file' ? sha256(f.content) : ''}`).join(' ')}`,
    ).slice(7, 39);
    const data = await cachedLayer(store, key, () => packToStore(store, files, mtime));
    added.push({
      record: data,
      role: 'data',
      description: `ship: data ${options.dataFiles.map((f) => basename(f)).join(', ')}`,
    });
    env[options.dataEnv ?? 'EBOV_DATA'] = `/${APP_ROOT}/data/${basename(options.dataFiles[0]!)}`;
  }
  for (const layer of added) {
    layers.push({
      role: layer.role,
      description: layer.description,
      mediaType: MediaType.ociLayerGzip,
      digest: layer.record.digest,
      size: layer.record.size,
    });
  }

  const repositoryField = app.packageJson.repository;
  const sourceUrl =
    source?.remoteUrl ?? (typeof repositoryField === 'string' ? repositoryField : repositoryField?.url);
  const labels: Record<string, string> = {
    'org.opencontainers.image.created': created,
    'org.opencontainers.image.title': app.name,
    'org.opencontainers.image.base.name': formatReference(baseRef),
    'org.opencontainers.image.base.digest': base.indexDigest ?? base.digest,
    ...(app.version ? { 'org.opencontainers.image.version': app.version } : {}),
    ...(source ? { 'org.opencontainers.image.revision': source.commit } : {}),
    ...(sourceUrl ? { 'org.opencontainers.image.source': sourceUrl } : {}),
  };
  const config = serialize(
    buildImageConfig(base.config, {
      platform,
      layers: added.map((l) => ({ diffId: l.record.diffId, description: l.description })),
      entrypoint: app.start,
      env,
      workingDir: `/${appPrefix}`,
      user: RUN_AS_USER,
      exposedPorts: [Number(env.PORT)],
      labels,
      created,
    }),
    format === 'docker' ? MediaType.dockerConfig : MediaType.ociConfig,
  );
  const manifest = buildManifest({
    format,
    config: { digest: config.digest, size: config.bytes.length },
    layers,
    annotations: labels,
  });
  const tags = [
    source ? tagForSource(source) : `build-${manifest.digest.slice(7, 19)}`,
    ...(options.tags ?? []),
  ];
  return {
    manifest,
    config,
    layers,
    platform,
    tags: [...new Set(tags)],
    base: { reference: formatReference(baseRef), digest: base.indexDigest ?? base.digest },
    blobs: store,
    app: { name: app.name, ...(app.version ? { version: app.version } : {}), dir: app.dir },
    ...(source ? { source } : {}),
    warnings,
  };
}
