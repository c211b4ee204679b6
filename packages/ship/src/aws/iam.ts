// IAM: the task execution role (trust policy, tags, one inline policy); for
// `ship ci role`, the account's OIDC identity provider and a role's trust policy.
import {
  AttachRolePolicyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { type AwsContext, isNotFound, serviceClient, type Tags, tagList, tagMap } from './aws-context.js';

export interface Role {
  name: string;
  arn: string;
  tags: Tags;
  /** Who may assume it (parsed); undefined when IAM did not say. */
  trustPolicy?: unknown;
}

// IAM is global; its endpoint does not depend on the region, but the SDK still wants one.
const iam = (context: AwsContext): IAMClient => serviceClient(context, IAMClient);

const noSuchEntity = ['NoSuchEntity', 'NoSuchEntityException'];

export async function findRole(context: AwsContext, name: string): Promise<Role | undefined> {
  try {
    const out = await iam(context).send(new GetRoleCommand({ RoleName: name }));
    const trust = out.Role?.AssumeRolePolicyDocument;
    return {
      name,
      arn: out.Role?.Arn ?? '',
      tags: tagMap(out.Role?.Tags),
      // IAM returns policy documents URL-encoded.
      ...(trust ? { trustPolicy: JSON.parse(decodeURIComponent(trust)) } : {}),
    };
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
  for (const PolicyArn of await attachedPolicies(context, name)) {
    await iam(context).send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn }));
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

/** The ARNs of the managed policies attached to a role; empty when the role does not exist. */
export async function attachedPolicies(context: AwsContext, role: string): Promise<string[]> {
  try {
    const out = await iam(context).send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
    return (out.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '');
  } catch (error) {
    if (isNotFound(error, ...noSuchEntity)) return [];
    throw error;
  }
}

export async function attachPolicy(context: AwsContext, role: string, policyArn: string): Promise<void> {
  await iam(context).send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: policyArn }));
}

/** Replaces a role's trust policy. */
export async function updateTrustPolicy(
  context: AwsContext,
  role: string,
  trustPolicy: unknown,
): Promise<void> {
  await iam(context).send(
    new UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: JSON.stringify(trustPolicy) }),
  );
}

export interface OidcProviderSpec {
  arn: string;
  /** e.g. https://token.actions.githubusercontent.com */
  url: string;
  audience: string;
  tags: Tags;
}

/** Creates the OIDC identity provider unless the account has it; says which. */
export async function ensureOidcProvider(
  context: AwsContext,
  spec: OidcProviderSpec,
): Promise<{ created: boolean; audienceMissing: boolean }> {
  try {
    const out = await iam(context).send(
      new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: spec.arn }),
    );
    return { created: false, audienceMissing: !(out.ClientIDList ?? []).includes(spec.audience) };
  } catch (error) {
    if (!isNotFound(error, ...noSuchEntity)) throw error;
  }
  // No thumbprint: IAM trusts GitHub's certificate through its own root CAs (IAM User Guide, 2024).
  await iam(context).send(
    new CreateOpenIDConnectProviderCommand({
      Url: spec.url,
      ClientIDList: [spec.audience],
      Tags: tagList(spec.tags),
    }),
  );
  return { created: true, audienceMissing: false };
}
