// IAM for deploys from GitHub Actions: the account's OIDC identity provider
// for token.actions.githubusercontent.com, and the role a workflow assumes
// (its trust policy; creating it and its inline policy is iam.ts's).
import {
  CreateOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  IAMClient,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { type AwsContext, clientConfig, isNotFound, type Tags, tagList } from './aws-context.js';

export interface OidcProviderSpec {
  arn: string;
  /** e.g. https://token.actions.githubusercontent.com */
  url: string;
  audience: string;
  tags: Tags;
}

/** Creates the provider unless the account has it; says which. */
export async function ensureOidcProvider(
  context: AwsContext,
  spec: OidcProviderSpec,
): Promise<{ created: boolean; audienceMissing: boolean }> {
  const iam = new IAMClient(clientConfig(context));
  try {
    try {
      const out = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: spec.arn }));
      return { created: false, audienceMissing: !(out.ClientIDList ?? []).includes(spec.audience) };
    } catch (error) {
      if (!isNotFound(error, 'NoSuchEntity', 'NoSuchEntityException')) throw error;
    }
    // No thumbprint: IAM trusts GitHub's certificate through its own root CAs (IAM User Guide, 2024).
    await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: spec.url,
        ClientIDList: [spec.audience],
        Tags: tagList(spec.tags),
      }),
    );
    return { created: true, audienceMissing: false };
  } finally {
    iam.destroy();
  }
}

/** Replaces a role's trust policy. */
export async function updateTrustPolicy(
  context: AwsContext,
  role: string,
  trustPolicy: unknown,
): Promise<void> {
  const iam = new IAMClient(clientConfig(context));
  try {
    await iam.send(
      new UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: JSON.stringify(trustPolicy) }),
    );
  } finally {
    iam.destroy();
  }
}
