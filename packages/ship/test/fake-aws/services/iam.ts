// IAM (awsQuery, 2010-05-08). Policy documents come back URL-encoded, as IAM
// returns them; decode with decodeURIComponent.
import { AwsError } from '../errors.js';
import type { Params } from '../params.js';
import type { ServiceDefinition } from '../server.js';
import { type FakeState, mergeTags, type Role, removeTags, type Tag, tagsFrom } from '../state.js';

/** AWS managed policies the fake knows; any other `arn:aws:iam::aws:policy/…` is NoSuchEntity, as in IAM. */
export const managedPolicies = [
  'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
  'arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
  'arn:aws:iam::aws:policy/CloudWatchLogsFullAccess',
  'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess',
  'arn:aws:iam::aws:policy/SecretsManagerReadWrite',
  'arn:aws:iam::aws:policy/AmazonECS_FullAccess',
  'arn:aws:iam::aws:policy/aws-service-role/AWSApplicationAutoscalingECSServicePolicy',
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
];

const noSuchEntity = (message: string) => new AwsError('NoSuchEntity', message, 404);
const conflict = (code: string, message: string) => new AwsError(code, message, 409);

function iamTags(p: Params): Tag[] {
  return tagsFrom(p.list('Tags').map((t) => ({ key: t.optStr('Key'), value: t.optStr('Value') })));
}

function checkPolicyDocument(text: string): void {
  try {
    const doc = JSON.parse(text) as { Statement?: unknown };
    if (!doc.Statement) throw new Error('no Statement');
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'Syntax errors in policy.');
  }
}

export function iamService(state: FakeState): ServiceDefinition {
  function role(p: Params, forRead = false): Role {
    const name = p.str('RoleName');
    const found = state.iam.roles.get(name);
    if (!found || (forRead && !state.visible(found)))
      throw noSuchEntity(`The role with name ${name} cannot be found.`);
    return found;
  }

  const tagList = (tags: Tag[]) => tags.map((t) => ({ Key: t.key, Value: t.value }));

  function view(r: Role) {
    return {
      Path: r.path,
      RoleName: r.name,
      RoleId: r.roleId,
      Arn: r.arn,
      CreateDate: r.createdAt,
      AssumeRolePolicyDocument: encodeURIComponent(r.assumeRolePolicyDocument),
      Description: r.description,
      MaxSessionDuration: 3600,
      Tags: r.tags.length > 0 ? tagList(r.tags) : undefined,
      RoleLastUsed: {},
    };
  }

  function createRole(
    name: string,
    path: string,
    document: string,
    description?: string,
    tags: Tag[] = [],
  ): Role {
    // [iam-global-names] IAM is global: one role name per account, whichever region asks.
    if (state.iam.roles.has(name))
      throw conflict('EntityAlreadyExists', `Role with name ${name} already exists.`);
    const created: Role = {
      ...state.stamp(),
      name,
      path,
      arn: `arn:aws:iam::${state.accountId}:role${path}${name}`,
      roleId: `AROA${state.hex(17).toUpperCase()}`,
      assumeRolePolicyDocument: document,
      trustChangedAtCall: state.calls,
      description,
      tags,
      attachedPolicies: [],
      inlinePolicies: new Map(),
    };
    state.iam.roles.set(name, created);
    return created;
  }

  return {
    name: 'iam',
    protocol: 'query',
    version: '2010-05-08',
    xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
    invalidCode: 'ValidationError',
    throttleCode: 'Throttling',
    handlers: {
      CreateRole: (p) => {
        const name = p.str('RoleName');
        if (!/^[\w+=,.@-]{1,64}$/.test(name)) {
          throw new AwsError(
            'ValidationError',
            `1 validation error detected: Value '${name}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`,
          );
        }
        const document = p.str('AssumeRolePolicyDocument');
        checkPolicyDocument(document);
        const created = createRole(
          name,
          p.optStr('Path') ?? '/',
          document,
          p.optStr('Description'),
          iamTags(p),
        );
        return { Role: view(created) };
      },
      CreateServiceLinkedRole: (p) => {
        const service = p.str('AWSServiceName');
        const short = service.split('.')[0] ?? service;
        const name = `AWSServiceRoleFor${short.toUpperCase() === 'ECS' ? 'ECS' : short}`;
        if (state.iam.roles.has(name)) {
          throw new AwsError(
            'InvalidInput',
            `Service role name ${name} has been taken in this account, please try a different suffix.`,
          );
        }
        const document = JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
        });
        return { Role: view(createRole(name, `/aws-service-role/${service}/`, document)) };
      },
      GetRole: (p) => ({ Role: view(role(p, true)) }),
      ListRoles: (p) => {
        const prefix = p.optStr('PathPrefix') ?? '/';
        const roles = [...state.iam.roles.values()].filter(
          (r) => state.visible(r) && r.path.startsWith(prefix),
        );
        return { Roles: roles.map(view), IsTruncated: false };
      },
      UpdateAssumeRolePolicy: (p) => {
        const r = role(p);
        const document = p.str('PolicyDocument');
        checkPolicyDocument(document);
        r.assumeRolePolicyDocument = document;
        r.trustChangedAtCall = state.calls;
        return undefined;
      },
      DeleteRole: (p) => {
        const r = role(p);
        if (r.attachedPolicies.length > 0) {
          throw conflict('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
        }
        if (r.inlinePolicies.size > 0)
          throw conflict('DeleteConflict', 'Cannot delete entity, must delete policies first.');
        state.iam.roles.delete(r.name);
        return undefined;
      },
      AttachRolePolicy: (p) => {
        const r = role(p);
        const arn = p.str('PolicyArn');
        const known =
          managedPolicies.includes(arn) || arn.startsWith(`arn:aws:iam::${state.accountId}:policy/`);
        if (!known) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
        if (!r.attachedPolicies.includes(arn)) r.attachedPolicies.push(arn);
        return undefined;
      },
      DetachRolePolicy: (p) => {
        const r = role(p);
        const arn = p.str('PolicyArn');
        if (!r.attachedPolicies.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
        r.attachedPolicies = r.attachedPolicies.filter((a) => a !== arn);
        return undefined;
      },
      ListAttachedRolePolicies: (p) => ({
        AttachedPolicies: role(p, true).attachedPolicies.map((arn) => ({
          PolicyName: arn.split('/').pop(),
          PolicyArn: arn,
        })),
        IsTruncated: false,
      }),
      PutRolePolicy: (p) => {
        const r = role(p);
        const document = p.str('PolicyDocument');
        checkPolicyDocument(document);
        r.inlinePolicies.set(p.str('PolicyName'), document);
        return undefined;
      },
      GetRolePolicy: (p) => {
        const r = role(p, true);
        const name = p.str('PolicyName');
        const document = r.inlinePolicies.get(name);
        if (document === undefined) throw noSuchEntity(`The role policy with name ${name} cannot be found.`);
        return { RoleName: r.name, PolicyName: name, PolicyDocument: encodeURIComponent(document) };
      },
      ListRolePolicies: (p) => ({
        PolicyNames: [...role(p, true).inlinePolicies.keys()],
        IsTruncated: false,
      }),
      DeleteRolePolicy: (p) => {
        const r = role(p);
        const name = p.str('PolicyName');
        if (!r.inlinePolicies.delete(name))
          throw noSuchEntity(`The role policy with name ${name} cannot be found.`);
        return undefined;
      },
      ListRoleTags: (p) => ({ Tags: tagList(role(p, true).tags), IsTruncated: false }),
      TagRole: (p) => {
        const r = role(p);
        r.tags = mergeTags(r.tags, iamTags(p));
        return undefined;
      },
      UntagRole: (p) => {
        const r = role(p);
        r.tags = removeTags(r.tags, p.strs('TagKeys'));
        return undefined;
      },
    },
  };
}
