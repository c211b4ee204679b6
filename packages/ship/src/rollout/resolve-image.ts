// `--image`: a reference by digest is used as given; a tag in the app's own
// repository is pinned to its digest (tags are immutable there, but a task
// definition should say exactly what runs); any other tag is used as given.
import type { AwsContext } from '../aws/aws-context.js';
import { imageDigest, type Repository } from '../aws/ecr.js';
import { UserError } from '../errors.js';

export async function resolveImage(
  context: AwsContext,
  reference: string,
  repository: Repository,
  warn: (line: string) => void,
): Promise<string> {
  if (/@sha256:[0-9a-f]{64}$/.test(reference)) return reference;
  if (reference.startsWith(`${repository.uri}:`)) {
    const tag = reference.slice(repository.uri.length + 1);
    const digest = await imageDigest(context, repository.name, tag);
    if (!digest) {
      throw new UserError(
        `--image ${reference}: no image tagged "${tag}" in ${repository.name}`,
        'push it first (`ship build --repo …`), or leave out --image to build and push',
      );
    }
    return `${repository.uri}@${digest}`;
  }
  warn(`note: ${reference} is not pinned by digest; the task runs whatever the tag points at when it starts`);
  return reference;
}
