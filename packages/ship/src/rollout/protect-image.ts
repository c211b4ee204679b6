// Before a service is pointed at an image (deploy, rollback), the repository's lifecycle policy
// is told that the environment runs it, and which image it ran until now (the rollback target):
// ECR then never expires them (deploy/image-lifecycle.ts has the rules). The policy is read
// fresh, changed for this environment only, and written only when it changes.
import type { AwsContext } from '../aws/aws-context.js';
import { imageTags, lifecyclePolicy, putLifecyclePolicy } from '../aws/ecr.js';
import {
  lifecyclePolicyText,
  parseShipLifecycle,
  samePolicyText,
  withImageInUse,
  withoutEnvironment,
} from '../deploy/image-lifecycle.js';
import type { TaskDefinition } from '../deploy/task-definition.js';

export interface ProtectOptions {
  /** The repository's name and `<registry>/<name>` URI. */
  repository: { name: string; uri: string };
  env: string;
  /** The image the environment will run, as the task definition names it. */
  image: string;
  /** The image it runs now, if any. */
  previous?: string | undefined;
  /** The newest images of an environment to keep, when the policy does not say yet. */
  keep: number;
}

/**
 * What was done (`changed`: the policy was written) in a line to show; no line when the policy
 * already said so, or the image is not in the repository.
 */
export async function protectImageInUse(
  context: AwsContext,
  options: ProtectOptions,
): Promise<{ changed: boolean; line?: string }> {
  const tag = await tagOf(context, options, options.image);
  if (tag === undefined) return { changed: false };
  if (tag === '') {
    return {
      changed: false,
      line: `note: ${options.image} has no tag in ${options.repository.name}, so its lifecycle policy cannot keep it from expiring; deploy it by tag`,
    };
  }
  const previous = options.previous ? await tagOf(context, options, options.previous) : undefined;
  const text = await lifecyclePolicy(context, options.repository.name);
  const next = lifecyclePolicyText(
    withImageInUse(parseShipLifecycle(text, options.keep), options.env, tag, previous || undefined),
  );
  if (samePolicyText(text, next)) return { changed: false };
  await putLifecyclePolicy(context, options.repository.name, next);
  const rollback = previous && previous !== tag ? ` (and ${previous}, to roll back to)` : '';
  return { changed: true, line: `image lifecycle: ${tag} is kept while ${options.env} runs it${rollback}` };
}

/**
 * The environment is destroyed but the repository stays (other environments use it): its rules
 * go, so its images expire with the others. Returns the line to show, if the policy changed.
 */
export async function releaseEnvironmentImages(
  context: AwsContext,
  repository: string,
  env: string,
  keep: number,
): Promise<string | undefined> {
  const text = await lifecyclePolicy(context, repository);
  if (text === undefined) return undefined;
  const lifecycle = parseShipLifecycle(text, keep);
  if (!lifecycle.environments.some((e) => e.env === env)) return undefined;
  await putLifecyclePolicy(context, repository, lifecyclePolicyText(withoutEnvironment(lifecycle, env)));
  return `image lifecycle: ${env}'s images are no longer kept apart; they expire with the others`;
}

/**
 * The tag that names `image` in the repository: the environment's own tag when it has one.
 * Undefined for an image elsewhere (or not in the repository: nothing to keep), '' for one of the
 * repository without a tag.
 */
async function tagOf(
  context: AwsContext,
  options: ProtectOptions,
  image: string,
): Promise<string | undefined> {
  const { uri, name } = options.repository;
  if (image.startsWith(`${uri}:`)) return image.slice(uri.length + 1);
  if (!image.startsWith(`${uri}@`)) return undefined;
  const tags = await imageTags(context, name, image.slice(uri.length + 1));
  if (tags === undefined) return undefined;
  return tags.find((t) => t.startsWith(`${options.env}.`)) ?? [...tags].sort()[0] ?? '';
}

/** The image of the app's container in the definition the service runs. */
export function runningImage(definition: TaskDefinition | undefined, container: string): string | undefined {
  const containers = definition?.containerDefinitions ?? [];
  return (containers.find((c) => c.name === container) ?? containers[0])?.image;
}
