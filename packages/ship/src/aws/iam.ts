// IAM: the task execution role (trust policy, tags, one inline policy).
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { type AwsContext, isNotFound, serviceClient, type Tags, tagList, tagMap } from './aws-context.js';

export interface Role {
  name: string;
  arn: string;
  tags: Tags;
}

// IAM is global; its endpoint does not depend on the region, but the SDK still wants one.
const iam = (context: AwsContext): IAMClient => serviceClient(context, IAMClient);

const noSuchEntity = ['NoSuchEntity', 'NoSuchEntityException'];

export async function findRole(context: AwsContext, name: string): Promise<Role | undefined> {
  try {
    const out = await iam(context).send(new GetRoleCommand({ RoleName: name }));
    return { name, arn: out.Role?.Arn ?? '', tags: tagMap(out.Role?.Tags) };
  } catch (error) {
    if (isNotFound(error, ...noSuchEntity)) return undefined;
    throw error;
  }
}

/** Roles whose names start with `prefix`, with their tags (ListRoles has no tag filter). */
export async function listRoles(context: AwsContext, prefix: string): Promise<Role[]> {
  const out: Role[] = [];
  let Marker: string | undefined;
  do {
    const page = await iam(context).send(new ListRolesCommand({ Marker }));
    for (const role of page.Roles ?? []) {
      if (!role.RoleName?.startsWith(prefix)) continue;
      const tags = await iam(context).send(new ListRoleTagsCommand({ RoleName: role.RoleName }));
      out.push({ name: role.RoleName, arn: role.Arn ?? '', tags: tagMap(tags.Tags) });
    }
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return out;
}

export async function createRole(
  context: AwsContext,
  options: { name: string; trustPolicy: unknown; description: string; tags: Tags },
): Promise<Role> {
  const out = await iam(context).send(
    new CreateRoleCommand({
      RoleName: options.name,
      AssumeRolePolicyDocument: JSON.stringify(options.trustPolicy),
      Description: options.description,
      Tags: tagList(options.tags),
    }),
  );
  return { name: options.name, arn: out.Role?.Arn ?? '', tags: options.tags };
}

/** Deletes a role with its inline and attached policies (IAM refuses to delete a role that has any). */
export async function deleteRole(context: AwsContext, name: string): Promise<void> {
  const inline = await iam(context).send(new ListRolePoliciesCommand({ RoleName: name }));
  for (const PolicyName of inline.PolicyNames ?? []) {
    await iam(context).send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName }));
  }
  const attached = await iam(context).send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
  for (const p of attached.AttachedPolicies ?? []) {
    await iam(context).send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: p.PolicyArn }));
  }
  await iam(context).send(new DeleteRoleCommand({ RoleName: name }));
}

/** An inline policy's document, parsed; undefined when the role has no such policy. */
export async function inlinePolicy(context: AwsContext, role: string, policy: string): Promise<unknown> {
  try {
    const out = await iam(context).send(new GetRolePolicyCommand({ RoleName: role, PolicyName: policy }));
    // IAM returns policy documents URL-encoded.
    return out.PolicyDocument ? JSON.parse(decodeURIComponent(out.PolicyDocument)) : undefined;
  } catch (error) {
    if (isNotFound(error, ...noSuchEntity)) return undefined;
    throw error;
  }
}

export async function putInlinePolicy(
  context: AwsContext,
  options: { role: string; policy: string; document: unknown },
): Promise<void> {
  await iam(context).send(
    new PutRolePolicyCommand({
      RoleName: options.role,
      PolicyName: options.policy,
      PolicyDocument: JSON.stringify(options.document),
    }),
  );
}
