// `ship push <oci-archive:FILE|oci-layout:DIR> --repo …`: push an image written by
// `ship build --output` to a registry; only blobs the registry lacks are uploaded.
import { publishImage } from '../build/publish-image.js';
import { UserError } from '../errors.js';
import type { BuiltImage } from '../image/built-image.js';
import { parseLocalTarget } from '../output/output-target.js';
import { readOciArchive, readOciLayout } from '../output/read-oci.js';
import { chooseProgressMode, createProgressDisplay, formatBytes } from '../progress/progress-display.js';
import type { CommandIo } from './command-io.js';
import type { CommandArgs, pushFlags } from './index.js';

export default async function push(args: CommandArgs<typeof pushFlags>, io: CommandIo): Promise<void> {
  if (!args.repo) throw new UserError('--repo is required', 'e.g. --repo 127.0.0.1:5000/ebov-dash');
  const source = parseLocalTarget(args.positionals[0]!, 'source');
  if (source.kind === 'registry')
    throw new UserError('push reads a local image: oci-archive:FILE or oci-layout:DIR');
  let image: BuiltImage;
  let cleanup = async () => {};
  if (source.kind === 'oci-layout') image = await readOciLayout(source.path);
  else ({ image, cleanup } = await readOciArchive(source.path));
  const display = createProgressDisplay(
    io.stderr,
    args.json ? 'silent' : chooseProgressMode(io.stderr, io.env),
  );
  const started = Date.now();
  try {
    const tags = args.tag;
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
      io.stdout.write(`${JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 })}\n`);
      return;
    }
    io.stdout.write(`${result.reference}\n`);
    io.stderr.write(
      `pushed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.layersUploaded} layers uploaded (${formatBytes(result.bytesUploaded)}), ${result.layersSkipped} already there, ${result.layersMounted} mounted; tags ${result.tags.join(', ') || '(none: by digest)'}\n` +
        `next: ship deploy --image ${result.reference}\n`,
    );
  } finally {
    display.finish();
    await cleanup();
  }
}
