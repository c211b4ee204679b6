// IAM: the task execution role (trust policy, tags, one inline policy).
import {
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { type AwsContext, clientConfig, isNotFound, type Tags, tagList, tagMap } from './aws-context.js';

export interface Role {
  name: string;
  arn: string;
  tags: Tags;
}

// IAM is global; its endpoint does not depend on the region, but the SDK still wants one.
const client = (context: AwsContext) => new IAMClient(clientConfig(context));

export async function findRole(context: AwsContext, name: string): Promise<Role | undefined> {
  const iam = client(context);
  try {
    const out = await iam.send(new GetRoleCommand({ RoleName: name }));
    return { name, arn: out.Role?.Arn ?? '', tags: tagMap(out.Role?.Tags) };
  } catch (error) {
    if (isNotFound(error, 'NoSuchEntity', 'NoSuchEntityException')) return undefined;
    throw error;
  } finally {
    iam.destroy();
  }
}

export async function createRole(
  context: AwsContext,
  options: { name: string; trustPolicy: unknown; description: string; tags: Tags },
): Promise<Role> {
  const iam = client(context);
  try {
    const out = await iam.send(
      new CreateRoleCommand({
        RoleName: options.name,
        AssumeRolePolicyDocument: JSON.stringify(options.trustPolicy),
        Description: options.description,
        Tags: tagList(options.tags),
      }),
    );
    return { name: options.name, arn: out.Role?.Arn ?? '', tags: options.tags };
  } finally {
    iam.destroy();
  }
}

/** An inline policy's document, parsed; undefined when the role has no such policy. */
export async function inlinePolicy(context: AwsContext, role: string, policy: string): Promise<unknown> {
  const iam = client(context);
  try {
    const out = await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: policy }));
    // IAM returns policy documents URL-encoded.
    return out.PolicyDocument ? JSON.parse(decodeURIComponent(out.PolicyDocument)) : undefined;
  } catch (error) {
    if (isNotFound(error, 'NoSuchEntity', 'NoSuchEntityException')) return undefined;
    throw error;
  } finally {
    iam.destroy();
  }
}

export async function putInlinePolicy(
  context: AwsContext,
  options: { role: string; policy: string; document: unknown },
): Promise<void> {
  const iam = client(context);
  try {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: options.role,
        PolicyName: options.policy,
        PolicyDocument: JSON.stringify(options.document),
      }),
    );
  } finally {
    iam.destroy();
  }
}
