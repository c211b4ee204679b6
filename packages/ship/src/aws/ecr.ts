// Amazon ECR: the app's image repository, its images, and registry logins.
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetLifecyclePolicyCommand,
  ListTagsForResourceCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { type AwsContext, isNotFound, serviceClient, type Tags, tagList, tagMap } from './aws-context.js';

export interface Repository {
  name: string;
  arn: string;
  /** `<registry>/<name>`, where images are pushed. */
  uri: string;
  scanOnPush: boolean;
  immutableTags: boolean;
  tags: Tags;
}

const ecr = (context: AwsContext): ECRClient => serviceClient(context, ECRClient);

export async function findRepository(context: AwsContext, name: string): Promise<Repository | undefined> {
  try {
    const out = await ecr(context).send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    const repo = out.repositories?.[0];
    if (!repo?.repositoryArn) return undefined;
    const tags = await ecr(context).send(new ListTagsForResourceCommand({ resourceArn: repo.repositoryArn }));
    return {
      name,
      arn: repo.repositoryArn,
      uri: repo.repositoryUri ?? '',
      scanOnPush: repo.imageScanningConfiguration?.scanOnPush ?? false,
      immutableTags: repo.imageTagMutability?.startsWith('IMMUTABLE') ?? false,
      tags: tagMap(tags.tags),
    };
  } catch (error) {
    if (isNotFound(error, 'RepositoryNotFoundException')) return undefined;
    throw error;
  }
}

/** Creates a repository that scans on push and never lets a tag move to another image. */
export async function createRepository(
  context: AwsContext,
  options: { name: string; tags: Tags },
): Promise<Repository> {
  const out = await ecr(context).send(
    new CreateRepositoryCommand({
      repositoryName: options.name,
      imageScanningConfiguration: { scanOnPush: true },
      imageTagMutability: 'IMMUTABLE',
      tags: tagList(options.tags),
    }),
  );
  return {
    name: options.name,
    arn: out.repository?.repositoryArn ?? '',
    uri: out.repository?.repositoryUri ?? '',
    scanOnPush: true,
    immutableTags: true,
    tags: options.tags,
  };
}

/** Deletes the repository and its images. */
export async function deleteRepository(context: AwsContext, name: string): Promise<void> {
  await ecr(context).send(new DeleteRepositoryCommand({ repositoryName: name, force: true }));
}

export async function lifecyclePolicy(context: AwsContext, repository: string): Promise<string | undefined> {
  try {
    const out = await ecr(context).send(new GetLifecyclePolicyCommand({ repositoryName: repository }));
    return out.lifecyclePolicyText;
  } catch (error) {
    if (isNotFound(error, 'LifecyclePolicyNotFoundException', 'RepositoryNotFoundException'))
      return undefined;
    throw error;
  }
}

export async function putLifecyclePolicy(
  context: AwsContext,
  repository: string,
  policyText: string,
): Promise<void> {
  await ecr(context).send(
    new PutLifecyclePolicyCommand({ repositoryName: repository, lifecyclePolicyText: policyText }),
  );
}

/** One image of a repository by tag or digest, or undefined when there is no such image. */
async function describeImage(
  context: AwsContext,
  repository: string,
  imageId: { imageTag: string } | { imageDigest: string },
): Promise<{ digest?: string; tags: string[] } | undefined> {
  try {
    const out = await ecr(context).send(
      new DescribeImagesCommand({ repositoryName: repository, imageIds: [imageId] }),
    );
    const detail = out.imageDetails?.[0];
    return detail
      ? { ...(detail.imageDigest ? { digest: detail.imageDigest } : {}), tags: detail.imageTags ?? [] }
      : undefined;
  } catch (error) {
    if (isNotFound(error, 'ImageNotFoundException', 'RepositoryNotFoundException')) return undefined;
    throw error;
  }
}

/** The digest a tag points at in a repository, or undefined when there is no such image. */
export async function imageDigest(
  context: AwsContext,
  repository: string,
  tag: string,
): Promise<string | undefined> {
  return (await describeImage(context, repository, { imageTag: tag }))?.digest;
}

/** The tags of the image with this digest in a repository; undefined when there is no such image. */
export async function imageTags(
  context: AwsContext,
  repository: string,
  digest: string,
): Promise<string[] | undefined> {
  return (await describeImage(context, repository, { imageDigest: digest }))?.tags;
}

/** Whether the repository holds an image with this digest (ECR may have expired it). */
export async function imageExists(context: AwsContext, repository: string, digest: string): Promise<boolean> {
  return (await describeImage(context, repository, { imageDigest: digest })) !== undefined;
}

/** Registry login: user and password (a 12-hour token) from GetAuthorizationToken. */
export async function registryLogin(context: AwsContext): Promise<{ username: string; password: string }> {
  const out = await ecr(context).send(new GetAuthorizationTokenCommand({}));
  const token = out.authorizationData?.[0]?.authorizationToken;
  if (!token) throw new Error('Amazon ECR returned no authorization token');
  const decoded = Buffer.from(token, 'base64').toString();
  const colon = decoded.indexOf(':');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
