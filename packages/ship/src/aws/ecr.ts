// Amazon ECR: the app's image repository.
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  ListTagsForResourceCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { type AwsContext, clientConfig, isNotFound, type Tags, tagList, tagMap } from './aws-context.js';

export interface Repository {
  name: string;
  arn: string;
  /** `<registry>/<name>`, where images are pushed. */
  uri: string;
  scanOnPush: boolean;
  immutableTags: boolean;
  tags: Tags;
}

const client = (context: AwsContext) => new ECRClient(clientConfig(context));

export async function findRepository(context: AwsContext, name: string): Promise<Repository | undefined> {
  const ecr = client(context);
  try {
    const out = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    const repo = out.repositories?.[0];
    if (!repo?.repositoryArn) return undefined;
    const tags = await ecr.send(new ListTagsForResourceCommand({ resourceArn: repo.repositoryArn }));
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
  } finally {
    ecr.destroy();
  }
}

/** Creates a repository that scans on push and never lets a tag move to another image. */
export async function createRepository(
  context: AwsContext,
  options: { name: string; tags: Tags },
): Promise<Repository> {
  const ecr = client(context);
  try {
    const out = await ecr.send(
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
  } finally {
    ecr.destroy();
  }
}

/** Lifecycle policy text that expires all but the newest `keep` images. */
export function keepLastImagesPolicy(keep: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `ship: keep the last ${keep} images`,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keep },
        action: { type: 'expire' },
      },
    ],
  });
}

export async function lifecyclePolicy(context: AwsContext, repository: string): Promise<string | undefined> {
  const ecr = client(context);
  try {
    const out = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: repository }));
    return out.lifecyclePolicyText;
  } catch (error) {
    if (isNotFound(error, 'LifecyclePolicyNotFoundException', 'RepositoryNotFoundException'))
      return undefined;
    throw error;
  } finally {
    ecr.destroy();
  }
}

export async function putLifecyclePolicy(
  context: AwsContext,
  repository: string,
  policyText: string,
): Promise<void> {
  const ecr = client(context);
  try {
    await ecr.send(
      new PutLifecyclePolicyCommand({ repositoryName: repository, lifecyclePolicyText: policyText }),
    );
  } finally {
    ecr.destroy();
  }
}

/** The digest a tag points at in a repository, or undefined when there is no such image. */
export async function imageDigest(
  context: AwsContext,
  repository: string,
  tag: string,
): Promise<string | undefined> {
  const ecr = client(context);
  try {
    const out = await ecr.send(
      new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }),
    );
    return out.imageDetails?.[0]?.imageDigest;
  } catch (error) {
    if (isNotFound(error, 'ImageNotFoundException', 'RepositoryNotFoundException')) return undefined;
    throw error;
  } finally {
    ecr.destroy();
  }
}
