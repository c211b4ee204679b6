// `ship push <oci-archive:FILE|oci-layout:DIR> --repo …`: push an image written by
// `ship build --output` to a registry; only blobs the registry lacks are uploaded.
import { defineCommand } from 'citty';
import { publishImage } from '../build/publish-image.js';
import { UserError } from '../errors.js';
import type { BuiltImage } from '../image/built-image.js';
import { parseLocalTarget } from '../output/output-target.js';
import { readOciArchive, readOciLayout } from '../output/read-oci.js';
import { chooseProgressMode, createProgressDisplay, formatBytes } from '../progress/progress-display.js';
import { repeatedFlag } from './repeated-flag.js';

export default defineCommand({
  meta: {
    name: 'push',
    description:
      'Push an image written by `ship build --output` to a registry. Prints the reference by digest. Registry login as for `ship build`: SHIP_REGISTRY_USERNAME + SHIP_REGISTRY_PASSWORD, else `docker login`/`podman login` files, else AWS credentials for ECR.',
  },
  args: {
    source: { type: 'positional', required: true, description: 'oci-archive:FILE or oci-layout:DIR' },
    repo: { type: 'string', description: '<registry>/<repository> to push to (required)' },
    tag: { type: 'string', description: 'Tag to push (repeatable; default: the tag the build recorded)' },
    insecure: { type: 'boolean', description: 'Plain HTTP (a local registry)' },
    profile: { type: 'string', description: 'AWS profile for Amazon ECR logins' },
    json: { type: 'boolean', description: 'Print the result as JSON on stdout' },
  },
  async run({ args, rawArgs }) {
    if (!args.repo) throw new UserError('--repo is required', 'e.g. --repo 127.0.0.1:5000/ebov-dash');
    const source = parseLocalTarget(args.source, 'source');
    if (source.kind === 'registry')
      throw new UserError('push reads a local image: oci-archive:FILE or oci-layout:DIR');
    let image: BuiltImage;
    let cleanup = async () => {};
    if (source.kind === 'oci-layout') image = await readOciLayout(source.path);
    else ({ image, cleanup } = await readOciArchive(source.path));
    const display = createProgressDisplay(
      process.stderr,
      args.json ? 'silent' : chooseProgressMode(process.stderr),
    );
    const started = Date.now();
    try {
      const tags = repeatedFlag(rawArgs, 'tag');
      const result = await publishImage(
        image,
        { kind: 'registry', repo: args.repo },
        {
          ...(tags.length ? { tags } : {}),
          insecure: Boolean(args.insecure),
          ...(args.profile ? { awsProfile: args.profile } : {}),
          onProgress: display.sink,
        },
      );
      display.finish();
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 })}\n`);
        return;
      }
      process.stdout.write(`${result.reference}\n`);
      process.stderr.write(
        `pushed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.layersUploaded} layers uploaded (${formatBytes(result.bytesUploaded)}), ${result.layersSkipped} already there, ${result.layersMounted} mounted; tags ${result.tags.join(', ') || '(none: by digest)'}\n` +
          `next: ship deploy --image ${result.reference}\n`,
      );
    } finally {
      display.finish();
      await cleanup();
    }
  },
});
