// Podman as the container tests drive it (root, vfs storage, host network, the ulimits these
// machines allow), and the size of an image's layers as a registry would store them.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';

const run = promisify(execFile);

export const PODMAN_GLOBAL = ['--runtime', 'runc', '--cgroup-manager', 'cgroupfs', '--storage-driver', 'vfs'];
/** For `build` and `run`/`create`. */
export const PODMAN_LIMITS = [
  '--network',
  'host',
  '--ulimit',
  'nofile=20000:20000',
  '--ulimit',
  'nproc=1000:1000',
];

export async function podman(args: string[], timeoutMs = 120_000): Promise<string> {
  try {
    const { stdout } = await run('podman', [...PODMAN_GLOBAL, ...args], {
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`podman ${args.slice(0, 3).join(' ')} … failed:\n${tail}`);
  }
}

export async function inspect(target: string, format: string): Promise<string> {
  return (await podman(['inspect', '--format', format, target])).trim();
}

export interface LayerSize {
  /** Bytes of the layer tar. */
  uncompressed: number;
  /** Bytes of the gzip blob a registry stores and a pull downloads. */
  compressed: number;
  fromBase: boolean;
}

interface DockerManifest {
  config: { digest: string };
  layers: { digest: string; size: number }[];
}
interface ImageConfig {
  rootfs: { diff_ids: string[] };
}

/** Saves the image with gzip layers (as `podman push` sends them) and sizes each layer. */
export async function layerSizes(image: string, baseImage: string): Promise<LayerSize[]> {
  const baseLayers = JSON.parse(await inspect(baseImage, '{{json .RootFS.Layers}}')) as string[];
  const dir = await mkdtemp(path.join(tmpdir(), 'ebov-image-layers-'));
  try {
    const saved = path.join(dir, 'image');
    await podman(
      ['save', '--quiet', '--format', 'docker-dir', '--compress', '--output', saved, image],
      300_000,
    );
    const blob = (digest: string) => path.join(saved, digest.replace(/^sha256:/, ''));
    const manifest = JSON.parse(await readFile(path.join(saved, 'manifest.json'), 'utf8')) as DockerManifest;
    const config = JSON.parse(await readFile(blob(manifest.config.digest), 'utf8')) as ImageConfig;
    return Promise.all(
      manifest.layers.map(async (layer, index) => ({
        uncompressed: gunzipSync(await readFile(blob(layer.digest))).length,
        compressed: layer.size,
        fromBase: index < baseLayers.length && config.rootfs.diff_ids[index] === baseLayers[index],
      })),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

export function sizeReport(layers: LayerSize[]): string {
  const sum = (list: LayerSize[], key: 'uncompressed' | 'compressed') =>
    list.reduce((total, layer) => total + layer[key], 0);
  const ours = layers.filter((layer) => !layer.fromBase);
  const rows = layers.map(
    (layer) =>
      `  ${layer.fromBase ? 'base' : 'ours'}  ${mb(layer.uncompressed).padStart(10)}  ${mb(layer.compressed).padStart(10)}`,
  );
  return [
    '  layer  uncompressed  compressed',
    ...rows,
    `  ours on top of the base: ${mb(sum(ours, 'uncompressed'))} uncompressed, ${mb(sum(ours, 'compressed'))} compressed`,
    `  total with the base:     ${mb(sum(layers, 'uncompressed'))} uncompressed, ${mb(sum(layers, 'compressed'))} compressed`,
  ].join('\n');
}
