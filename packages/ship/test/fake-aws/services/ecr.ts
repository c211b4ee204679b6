// ECR (awsJson1_1, target AmazonEC2ContainerRegistry_V20150921). Repository
// URIs and the authorization token point at the local OCI registry when one is
// given, so `docker login`/push-style clients can follow them.
import { AwsError } from '../errors.js';
import { lifecyclePolicyProblem } from '../lifecycle-policy.js';
import type { Params } from '../params.js';
import { listRegistryImages, type RegistryAccess, type RegistryImage } from '../registry-images.js';
import type { ServiceDefinition } from '../server.js';
import { type FakeState, mergeTags, type Repository, removeTags, tagsFrom } from '../state.js';

const namePattern = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

function awsTags(p: Params) {
  return tagsFrom(p.list('tags').map((t) => ({ key: t.optStr('Key'), value: t.optStr('Value') })));
}

export function ecrService(state: FakeState, registry?: RegistryAccess): ServiceDefinition {
  const registryHost =
    registry?.front ?? registry?.host ?? `${state.accountId}.dkr.ecr.${state.region}.amazonaws.com`;

  function notFound(name: string): AwsError {
    return new AwsError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist in the registry with id '${state.accountId}'`,
    );
  }

  function find(name: string, forRead = true): Repository {
    const repo = state.ecr.repositories.get(name);
    if (!repo || (forRead && !state.visible(repo))) throw notFound(name);
    return repo;
  }

  function findByArn(arn: string): Repository {
    for (const repo of state.ecr.repositories.values()) if (repo.arn === arn) return repo;
    throw new AwsError('RepositoryNotFoundException', `The repository with ARN '${arn}' does not exist`);
  }

  function view(repo: Repository) {
    return {
      repositoryArn: repo.arn,
      registryId: state.accountId,
      repositoryName: repo.name,
      repositoryUri: repo.uri,
      createdAt: repo.createdAt,
      imageTagMutability: repo.tagMutability,
      imageScanningConfiguration: { scanOnPush: repo.scanOnPush },
      encryptionConfiguration: { encryptionType: repo.encryptionType },
    };
  }

  async function images(repo: Repository): Promise<RegistryImage[]> {
    if (!registry) return repo.images;
    return listRegistryImages(registry, repo.name);
  }

  function imageDetail(repo: Repository, image: RegistryImage) {
    return {
      registryId: state.accountId,
      repositoryName: repo.name,
      imageDigest: image.digest,
      imageTags: image.tags.length > 0 ? image.tags : undefined,
      imageSizeInBytes: image.sizeBytes,
      imagePushedAt: new Date(repo.pushTimes.get(image.digest) ?? repo.createdAt.getTime()),
      imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
    };
  }

  return {
    name: 'ecr',
    protocol: 'json',
    target: 'AmazonEC2ContainerRegistry_V20150921',
    invalidCode: 'InvalidParameterException',
    throttleCode: 'ThrottlingException',
    handlers: {
      CreateRepository: (p) => {
        const name = p.str('repositoryName');
        if (!namePattern.test(name) || name.length < 2 || name.length > 256) {
          throw new AwsError(
            'InvalidParameterException',
            `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${namePattern.source}''`,
          );
        }
        if (state.ecr.repositories.has(name)) {
          throw new AwsError(
            'RepositoryAlreadyExistsException',
            `The repository with name '${name}' already exists in the registry with id '${state.accountId}'`,
          );
        }
        const repo: Repository = {
          ...state.stamp(),
          name,
          arn: state.arn('ecr', `repository/${name}`),
          uri: `${registryHost}/${name}`,
          tags: awsTags(p),
          scanOnPush: p.obj('imageScanningConfiguration').optBool('scanOnPush') ?? false,
          tagMutability: p.optStr('imageTagMutability') ?? 'MUTABLE',
          encryptionType: p.obj('encryptionConfiguration').optStr('encryptionType') ?? 'AES256',
          images: [],
          pushTimes: new Map(),
        };
        state.ecr.repositories.set(name, repo);
        return { repository: view(repo) };
      },
      DescribeRepositories: (p) => {
        const names = p.strs('repositoryNames');
        const repos =
          names.length > 0
            ? names.map((name) => find(name))
            : [...state.ecr.repositories.values()].filter((r) => state.visible(r));
        return { repositories: repos.map(view) };
      },
      DeleteRepository: async (p) => {
        const repo = find(p.str('repositoryName'), false);
        if (!p.optBool('force') && (await images(repo)).length > 0) {
          throw new AwsError(
            'RepositoryNotEmptyException',
            `The repository with name '${repo.name}' in registry with id '${state.accountId}' cannot be deleted because it still contains images`,
          );
        }
        state.ecr.repositories.delete(repo.name);
        return { repository: view(repo) };
      },
      PutLifecyclePolicy: (p) => {
        const repo = find(p.str('repositoryName'), false);
        const text = p.str('lifecyclePolicyText');
        // [ecr-lifecycle-validation]
        const problem = lifecyclePolicyProblem(text);
        if (problem) {
          throw new AwsError(
            'InvalidParameterException',
            `Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ${problem}'`,
          );
        }
        repo.lifecyclePolicy = text;
        return { registryId: state.accountId, repositoryName: repo.name, lifecyclePolicyText: text };
      },
      GetLifecyclePolicy: (p) => {
        const repo = find(p.str('repositoryName'));
        if (!repo.lifecyclePolicy) {
          throw new AwsError(
            'LifecyclePolicyNotFoundException',
            `Lifecycle policy does not exist for the repository with name '${repo.name}' in the registry with id '${state.accountId}'`,
          );
        }
        return {
          registryId: state.accountId,
          repositoryName: repo.name,
          lifecyclePolicyText: repo.lifecyclePolicy,
        };
      },
      PutImageScanningConfiguration: (p) => {
        const repo = find(p.str('repositoryName'), false);
        repo.scanOnPush = p.obj('imageScanningConfiguration').optBool('scanOnPush') ?? false;
        return {
          registryId: state.accountId,
          repositoryName: repo.name,
          imageScanningConfiguration: { scanOnPush: repo.scanOnPush },
        };
      },
      PutImageTagMutability: (p) => {
        const repo = find(p.str('repositoryName'), false);
        repo.tagMutability = p.str('imageTagMutability');
        return {
          registryId: state.accountId,
          repositoryName: repo.name,
          imageTagMutability: repo.tagMutability,
        };
      },
      GetAuthorizationToken: () => ({
        authorizationData: [
          {
            authorizationToken: Buffer.from(`AWS:${registry?.password ?? 'fake-ecr-password'}`).toString(
              'base64',
            ),
            expiresAt: new Date(Date.now() + 12 * 3600 * 1000),
            proxyEndpoint: registry ? `http://${registryHost}` : `https://${registryHost}`,
          },
        ],
      }),
      DescribeImages: async (p) => {
        const repo = find(p.str('repositoryName'));
        const all = await images(repo);
        const wanted = p.list('imageIds');
        if (wanted.length === 0) return { imageDetails: all.map((image) => imageDetail(repo, image)) };
        const found = wanted.map((id) => {
          const tag = id.optStr('imageTag');
          const digest = id.optStr('imageDigest');
          const image = all.find((i) =>
            digest ? i.digest === digest : tag !== undefined && i.tags.includes(tag),
          );
          if (!image) {
            throw new AwsError(
              'ImageNotFoundException',
              `The image with imageId {imageDigest:'${digest ?? 'null'}', imageTag:'${tag ?? 'null'}'} does not exist within the repository with name '${repo.name}' in the registry with id '${state.accountId}'`,
            );
          }
          return imageDetail(repo, image);
        });
        return { imageDetails: found };
      },
      ListImages: async (p) => {
        const repo = find(p.str('repositoryName'));
        const imageIds = (await images(repo)).flatMap((image) =>
          image.tags.length > 0
            ? image.tags.map((imageTag) => ({ imageDigest: image.digest, imageTag }))
            : [{ imageDigest: image.digest }],
        );
        return { imageIds };
      },
      ListTagsForResource: (p) => ({
        tags: findByArn(p.str('resourceArn')).tags.map((t) => ({ Key: t.key, Value: t.value })),
      }),
      TagResource: (p) => {
        const repo = findByArn(p.str('resourceArn'));
        repo.tags = mergeTags(repo.tags, awsTags(p));
        return {};
      },
      UntagResource: (p) => {
        const repo = findByArn(p.str('resourceArn'));
        repo.tags = removeTags(repo.tags, p.strs('tagKeys'));
        return {};
      },
    },
  };
}
