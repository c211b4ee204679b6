// `ship build [APP_DIR]`: build a reproducible OCI image from a Node app and push it (--repo) or
// write it (--output); prints the image reference by digest on stdout.
import { defineCommand } from 'citty';
import { buildImage, DEFAULT_BASE } from '../build/build-image.js';
import { readBuildSettings } from '../build/build-settings.js';
import { publishImage } from '../build/publish-image.js';
import { UserError } from '../errors.js';
import { formatPlatform, parsePlatform } from '../image/platform.js';
import { parseReference } from '../image/reference.js';
import { isLoopbackRegistry, type OutputTarget, parseLocalTarget } from '../output/output-target.js';
import { chooseProgressMode, createProgressDisplay, formatBytes } from '../progress/progress-display.js';
import { parseRepo } from '../registry/push-image.js';
import { repeatedFlag } from './repeated-flag.js';

export default defineCommand({
  meta: {
    name: 'build',
    description:
      'Build a reproducible OCI image from a Node app (no Docker daemon) and push it to --repo, or write it with --output. Prints the image reference by digest. Registry login: SHIP_REGISTRY_USERNAME + SHIP_REGISTRY_PASSWORD, else `docker login`/`podman login` files, else AWS credentials for ECR; SOURCE_DATE_EPOCH sets the timestamps.',
  },
  args: {
    dir: {
      type: 'positional',
      required: false,
      description: 'App directory (default: .); its ship.config.json "build" block, if any, is read',
    },
    repo: {
      type: 'string',
      description:
        'Push to <registry>/<repository>, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/ebov-dash',
    },
    output: {
      type: 'string',
      description: 'Write locally instead: oci-archive:FILE (for `podman load`) or oci-layout:DIR',
    },
    platform: { type: 'string', default: 'linux/amd64', description: 'linux/amd64 or linux/arm64' },
    base: {
      type: 'string',
      description: `Base image (default: ${DEFAULT_BASE.split('@')[0]} pinned by digest)`,
    },
    tag: {
      type: 'string',
      description: 'Extra tag (repeatable); the tag <branch>-<sha>[-dirty-<hash>] is always added',
    },
    'data-file': { type: 'string', description: 'A data file to bake in at /app/data/<name> (repeatable)' },
    'data-env': {
      type: 'string',
      description:
        'Environment variable that gets the first data file path (default: build.dataEnv in ship.config.json)',
    },
    port: { type: 'string', default: '8080', description: 'Port the app listens on (sets PORT and EXPOSE)' },
    format: { type: 'string', default: 'oci', description: 'Manifest media types: oci or docker' },
    insecure: {
      type: 'boolean',
      description: 'Plain HTTP to the --repo registry (and to a --base on loopback or the same host)',
    },
    profile: { type: 'string', description: 'AWS profile for Amazon ECR logins' },
    json: { type: 'boolean', description: 'Print the result as JSON on stdout' },
  },
  async run({ args, rawArgs }) {
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
    const dir = args.dir ?? '.';
    const settings = await readBuildSettings(dir);
    const dataFiles = repeatedFlag(rawArgs, 'data-file');

    // execute
    const display = createProgressDisplay(
      process.stderr,
      args.json ? 'silent' : chooseProgressMode(process.stderr),
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
        tags: repeatedFlag(rawArgs, 'tag'),
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
      if (!args.json)
        process.stderr.write(`start: ${image.start.command.join(' ')} (${image.start.reason})\n`);
      for (const warning of image.warnings) process.stderr.write(`! ${warning}\n`);
      if (args.json) {
        process.stdout.write(
          `${JSON.stringify({ ...result, base: image.base, layers: image.layers.map(({ role, digest, size }) => ({ role, digest, size })), seconds: (Date.now() - started) / 1000 })}\n`,
        );
        return;
      }
      process.stdout.write(`${result.reference}\n`);
      // recommend next actions
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (result.output === 'registry') {
        process.stderr.write(
          `built ${formatPlatform(platform)} and pushed in ${seconds} s: ${result.layersUploaded} layers uploaded (${formatBytes(result.bytesUploaded)}), ${result.layersSkipped} already there, ${result.layersMounted} mounted; tags ${result.tags.join(', ')}\n` +
            `next: ship deploy --image ${result.reference}\n`,
        );
      } else {
        process.stderr.write(
          `built ${formatPlatform(platform)} in ${seconds} s; tags ${result.tags.join(', ')}\n` +
            (result.output === 'oci-archive'
              ? `next: podman load -i ${target.kind === 'oci-archive' ? target.path : ''} && podman run --rm --read-only -p ${port}:${port} <the loaded image>\n`
              : `next: ship push oci-layout:${target.kind === 'oci-layout' ? target.path : ''} --repo <registry>/<repository>\n`),
        );
      }
    } finally {
      display.finish();
    }
  },
});
