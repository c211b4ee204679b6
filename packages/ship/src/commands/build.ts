// `ship build [APP_DIR]`: build a reproducible OCI image from a Node app and push it (--repo) or
// write it (--output); prints the image reference by digest on stdout.
import { resolve } from 'node:path';
import { buildImage, DEFAULT_BASE } from '../build/build-image.js';
import { readBuildSettings } from '../build/build-settings.js';
import { publishImage } from '../build/publish-image.js';
import { UserError } from '../errors.js';
import { formatPlatform, parsePlatform } from '../image/platform.js';
import { parseReference } from '../image/reference.js';
import { isLoopbackRegistry, type OutputTarget, parseLocalTarget } from '../output/output-target.js';
import { chooseProgressMode, createProgressDisplay, formatBytes } from '../progress/progress-display.js';
import { parseRepo } from '../registry/push-image.js';
import type { CommandIo } from './command-io.js';
import type { buildFlags, CommandArgs } from './index.js';

export default async function build(args: CommandArgs<typeof buildFlags>, io: CommandIo): Promise<void> {
  // validate
  if (!args.repo && !args.output) {
    throw new UserError(
      'say where the image goes',
      'add --repo <registry>/<repository> to push, or --output oci-archive:FILE to write it',
    );
  }
  if (args.repo && args.output)
    throw new UserError('--repo and --output both given', 'choose one: push, or write locally');
  let platform: ReturnType<typeof parsePlatform>;
  try {
    platform = parsePlatform(args.platform);
  } catch (error) {
    throw new UserError(`--platform: ${(error as Error).message}`);
  }
  const format = args.format;
  if (format !== 'oci' && format !== 'docker')
    throw new UserError(`--format "${format}": expected oci or docker`);
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UserError(`--port "${args.port}": expected a port number 1–65535`);
  const target: OutputTarget = args.repo
    ? { kind: 'registry', repo: args.repo }
    : parseLocalTarget(args.output!, '--output');
  const targetRegistry = target.kind === 'registry' ? parseRepo(target.repo).registry : undefined;
  const base = args.base ?? DEFAULT_BASE;
  let baseRegistry: string | undefined;
  try {
    baseRegistry = parseReference(base).registry;
  } catch {
    // buildImage reports it with the flag's name
  }
  const insecure = Boolean(args.insecure);
  const insecureBase =
    insecure &&
    baseRegistry !== undefined &&
    (baseRegistry === targetRegistry || isLoopbackRegistry(baseRegistry));
  const dir = resolve(io.cwd, args.positionals[0] ?? '.');
  const settings = await readBuildSettings(dir);
  const dataFiles = args['data-file'];

  // execute
  const display = createProgressDisplay(
    io.stderr,
    args.json ? 'silent' : chooseProgressMode(io.stderr, io.env),
  );
  const started = Date.now();
  try {
    const image = await buildImage({
      appDir: dir,
      base,
      platform,
      insecureBase,
      ...(settings.start ? { start: settings.start } : {}),
      dataFiles: dataFiles.length ? dataFiles : (settings.dataFiles ?? []),
      ...((args['data-env'] ?? settings.dataEnv) ? { dataEnv: args['data-env'] ?? settings.dataEnv } : {}),
      port,
      tags: args.tag,
      format,
      onProgress: display.sink,
    });
    const result = await publishImage(image, target, {
      insecure,
      name: target.kind === 'registry' ? parseRepo(target.repo).repository : image.app.name,
      ...(args.profile ? { awsProfile: args.profile } : {}),
      onProgress: display.sink,
    });
    display.finish();
    if (!args.json) io.stderr.write(`start: ${image.start.command.join(' ')} (${image.start.reason})\n`);
    for (const warning of image.warnings) io.stderr.write(`! ${warning}\n`);
    if (args.json) {
      io.stdout.write(
        `${JSON.stringify({ ...result, base: image.base, layers: image.layers.map(({ role, digest, size }) => ({ role, digest, size })), seconds: (Date.now() - started) / 1000 })}\n`,
      );
      return;
    }
    io.stdout.write(`${result.reference}\n`);
    // recommend next actions
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.output === 'registry') {
      io.stderr.write(
        `built ${formatPlatform(platform)} and pushed in ${seconds} s: ${result.layersUploaded} layers uploaded (${formatBytes(result.bytesUploaded)}), ${result.layersSkipped} already there, ${result.layersMounted} mounted; tags ${result.tags.join(', ')}\n` +
          `next: ship deploy --image ${result.reference}\n`,
      );
    } else {
      io.stderr.write(
        `built ${formatPlatform(platform)} in ${seconds} s; tags ${result.tags.join(', ')}\n` +
          (result.output === 'oci-archive'
            ? `next: podman load -i ${target.kind === 'oci-archive' ? target.path : ''} && podman run --rm --read-only -p ${port}:${port} <the loaded image>\n`
            : `next: ship push oci-layout:${target.kind === 'oci-layout' ? target.path : ''} --repo <registry>/<repository>\n`),
      );
    }
  } finally {
    display.finish();
  }
}
