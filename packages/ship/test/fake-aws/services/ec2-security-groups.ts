// EC2 security groups: rules, DependencyViolation while something uses them, and
// tags (the fake tags security groups only).
import { AwsError } from '../errors.js';
import { type FilterFields, matchesFilters, tagFields } from '../filters.js';
import type { Params } from '../params.js';
import type { Handler } from '../server.js';
import {
  type FakeState,
  type IpPermission,
  mergeTags,
  removeTags,
  type SecurityGroup,
  type Tag,
  tagsFrom,
} from '../state.js';

const tagSet = (tags: Tag[]) => tags.map((t) => ({ key: t.key, value: t.value }));

function permissionsFrom(p: Params): IpPermission[] {
  const listed = p.list('IpPermissions').map((perm) => ({
    protocol: perm.str('IpProtocol'),
    fromPort: perm.optNum('FromPort'),
    toPort: perm.optNum('ToPort'),
    cidrs: perm
      .list('IpRanges')
      .map((r) => ({ cidr: r.str('CidrIp'), description: r.optStr('Description') })),
    groupIds: perm.list('Groups').map((g) => g.str('GroupId')),
  }));
  // The older flat form: GroupId=…&IpProtocol=tcp&FromPort=80&ToPort=80&CidrIp=…
  if (p.has('IpProtocol')) {
    listed.push({
      protocol: p.str('IpProtocol'),
      fromPort: p.optNum('FromPort'),
      toPort: p.optNum('ToPort'),
      cidrs: p.has('CidrIp') ? [{ cidr: p.str('CidrIp'), description: undefined }] : [],
      groupIds: p.has('SourceSecurityGroupId') ? [p.str('SourceSecurityGroupId')] : [],
    });
  }
  // One stored permission per peer, so duplicates and revokes match exactly.
  return listed.flatMap((perm) => [
    ...perm.cidrs.map((c) => ({ ...perm, cidrs: [c], groupIds: [] })),
    ...perm.groupIds.map((g) => ({ ...perm, cidrs: [], groupIds: [g] })),
  ]);
}

const samePeer = (a: IpPermission, b: IpPermission) =>
  a.protocol === b.protocol &&
  (a.fromPort ?? -1) === (b.fromPort ?? -1) &&
  (a.toPort ?? -1) === (b.toPort ?? -1) &&
  a.cidrs[0]?.cidr === b.cidrs[0]?.cidr &&
  a.groupIds[0] === b.groupIds[0];

function permissionView(state: FakeState, perm: IpPermission) {
  return {
    ipProtocol: perm.protocol,
    fromPort: perm.fromPort,
    toPort: perm.toPort,
    groups: perm.groupIds.map((groupId) => ({ userId: state.accountId, groupId })),
    ipRanges: perm.cidrs.map((c) => ({ cidrIp: c.cidr, description: c.description })),
    ipv6Ranges: [],
    prefixListIds: [],
  };
}

export function securityGroupHandlers(state: FakeState): Record<string, Handler> {
  const vpc = state.ec2.vpc;

  function group(id: string, forRead = false): SecurityGroup {
    const found = state.ec2.securityGroups.get(id);
    if (!found || (forRead && !state.visible(found))) {
      throw new AwsError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
    }
    return found;
  }

  function groupFromParams(p: Params): SecurityGroup {
    const id = p.optStr('GroupId');
    if (id) return group(id);
    const name = p.str('GroupName');
    const found = [...state.ec2.securityGroups.values()].find((g) => g.name === name && g.vpcId === vpc.id);
    if (!found) {
      throw new AwsError(
        'InvalidGroup.NotFound',
        `The security group '${name}' does not exist in default VPC '${vpc.id}'`,
      );
    }
    return found;
  }

  function groupView(g: SecurityGroup) {
    return {
      ownerId: state.accountId,
      groupName: g.name,
      groupId: g.id,
      groupDescription: g.description,
      ipPermissions: g.ingress.map((perm) => permissionView(state, perm)),
      ipPermissionsEgress: g.egress.map((perm) => permissionView(state, perm)),
      vpcId: g.vpcId,
      securityGroupArn: g.arn,
      tagSet: tagSet(g.tags),
    };
  }

  function inUse(g: SecurityGroup): boolean {
    const byEni = [...state.ec2.networkInterfaces.values()].some((eni) => eni.groupIds.includes(g.id));
    const byLb = [...state.elbv2.loadBalancers.values()].some((lb) => lb.securityGroups.includes(g.id));
    const byRule = [...state.ec2.securityGroups.values()].some(
      (other) =>
        other.id !== g.id && [...other.ingress, ...other.egress].some((perm) => perm.groupIds.includes(g.id)),
    );
    return byEni || byLb || byRule;
  }

  function authorize(rules: 'ingress' | 'egress') {
    return (p: Params) => {
      const g = group(p.str('GroupId'));
      const added = permissionsFrom(p);
      for (const perm of added) {
        for (const peer of perm.groupIds) group(peer);
        for (const { cidr } of perm.cidrs) {
          const [address = '', bits] = cidr.split('/');
          const octets = address.split('.').map(Number);
          const valid =
            octets.length === 4 &&
            octets.every((o) => Number.isInteger(o) && o >= 0 && o <= 255) &&
            Number(bits) >= 0 &&
            Number(bits) <= 32 &&
            bits !== '';
          if (!valid) throw new AwsError('InvalidParameterValue', `CIDR block ${cidr} is malformed`);
        }
        if (g[rules].some((existing) => samePeer(existing, perm))) {
          const peer = perm.cidrs[0]?.cidr ?? perm.groupIds[0];
          throw new AwsError(
            'InvalidPermission.Duplicate',
            `the specified rule "peer: ${peer}, ${perm.protocol.toUpperCase()}, from port: ${perm.fromPort}, to port: ${perm.toPort}, ALLOW" already exists`,
          );
        }
      }
      g[rules].push(...added);
      return {
        return: true,
        securityGroupRuleSet: added.map((perm) => ({
          securityGroupRuleId: `sgr-${state.hex(17)}`,
          groupId: g.id,
          groupOwnerId: state.accountId,
          isEgress: rules === 'egress',
          ipProtocol: perm.protocol,
          fromPort: perm.fromPort,
          toPort: perm.toPort,
          cidrIpv4: perm.cidrs[0]?.cidr,
          referencedGroupInfo: perm.groupIds[0]
            ? { groupId: perm.groupIds[0], userId: state.accountId }
            : undefined,
          description: perm.cidrs[0]?.description,
        })),
      };
    };
  }

  function revoke(rules: 'ingress' | 'egress') {
    return (p: Params) => {
      const g = group(p.str('GroupId'));
      for (const perm of permissionsFrom(p)) {
        const index = g[rules].findIndex((existing) => samePeer(existing, perm));
        if (index < 0) {
          throw new AwsError(
            'InvalidPermission.NotFound',
            'The specified rule does not exist in this security group.',
          );
        }
        g[rules].splice(index, 1);
      }
      return { return: true };
    };
  }

  function taggable(id: string): { tags: Tag[] } {
    if (id.startsWith('sg-')) return group(id);
    throw new AwsError('InvalidID', `The ID '${id}' is not valid (fake AWS tags security groups only)`);
  }

  const sgFields = (g: SecurityGroup): FilterFields => ({
    'group-id': [g.id],
    'group-name': [g.name],
    'vpc-id': [g.vpcId],
    description: [g.description],
    ...tagFields(g.tags),
  });

  return {
    CreateSecurityGroup: (p) => {
      const name = p.str('GroupName');
      const vpcId = p.optStr('VpcId') ?? vpc.id;
      if (vpcId !== vpc.id)
        throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
      if (name.startsWith('sg-'))
        throw new AwsError('InvalidParameterValue', 'Group names may not be in the format sg-*.');
      // [limit-names] EC2: group names up to 255 characters.
      if (name.length > 255)
        throw new AwsError(
          'InvalidParameterValue',
          `Invalid value '${name}' for groupName. Length exceeds maximum of 255.`,
        );
      if ([...state.ec2.securityGroups.values()].some((g) => g.name === name && g.vpcId === vpcId)) {
        throw new AwsError(
          'InvalidGroup.Duplicate',
          `The security group '${name}' already exists for VPC '${vpcId}'`,
        );
      }
      const id = `sg-${state.hex(17)}`;
      const tags = p
        .list('TagSpecification')
        .filter((spec) => spec.optStr('ResourceType') === 'security-group')
        .flatMap((spec) =>
          tagsFrom(spec.list('Tag').map((t) => ({ key: t.optStr('Key'), value: t.optStr('Value') }))),
        );
      const created: SecurityGroup = {
        ...state.stamp(),
        id,
        name,
        description: p.str('GroupDescription'),
        vpcId,
        arn: state.arn('ec2', `security-group/${id}`),
        tags,
        ingress: [],
        egress: [{ protocol: '-1', cidrs: [{ cidr: '0.0.0.0/0' }], groupIds: [] }],
      };
      state.ec2.securityGroups.set(id, created);
      return { groupId: id, securityGroupArn: created.arn, tagSet: tagSet(tags) };
    },
    DescribeSecurityGroups: (p) => {
      const ids = p.strs('GroupId');
      const names = p.strs('GroupName');
      const listed = ids.map((id) => group(id, true));
      for (const name of names) {
        if (![...state.ec2.securityGroups.values()].some((g) => g.name === name && state.visible(g))) {
          throw new AwsError(
            'InvalidGroup.NotFound',
            `The security group '${name}' does not exist in default VPC '${vpc.id}'`,
          );
        }
      }
      const candidates =
        ids.length > 0 ? listed : [...state.ec2.securityGroups.values()].filter((g) => state.visible(g));
      const known = ['group-id', 'group-name', 'vpc-id', 'description'];
      const groups = candidates.filter(
        (g) =>
          (names.length === 0 || names.includes(g.name)) &&
          matchesFilters(p.list('Filter'), sgFields(g), known),
      );
      return { securityGroupInfo: groups.map(groupView) };
    },
    AuthorizeSecurityGroupIngress: authorize('ingress'),
    AuthorizeSecurityGroupEgress: authorize('egress'),
    RevokeSecurityGroupIngress: revoke('ingress'),
    RevokeSecurityGroupEgress: revoke('egress'),
    DeleteSecurityGroup: (p) => {
      const g = groupFromParams(p);
      if (g.name === 'default') {
        throw new AwsError(
          'CannotDelete',
          `the specified group: "${g.id}" name: "default" cannot be deleted by a user`,
        );
      }
      if (inUse(g)) throw new AwsError('DependencyViolation', `resource ${g.id} has a dependent object`);
      state.ec2.securityGroups.delete(g.id);
      return { return: true, groupId: g.id };
    },
    CreateTags: (p) => {
      const tags = tagsFrom(p.list('Tag').map((t) => ({ key: t.optStr('Key'), value: t.optStr('Value') })));
      for (const id of p.strs('ResourceId')) {
        const resource = taggable(id);
        resource.tags = mergeTags(resource.tags, tags);
      }
      return { return: true };
    },
    DeleteTags: (p) => {
      const keys = p.list('Tag').map((t) => t.str('Key'));
      for (const id of p.strs('ResourceId')) {
        const resource = taggable(id);
        resource.tags = removeTags(resource.tags, keys);
      }
      return { return: true };
    },
    DescribeTags: (p) => {
      const rows = [...state.ec2.securityGroups.values()]
        .filter((g) => state.visible(g))
        .flatMap((g) =>
          g.tags.map((t) => ({
            resourceId: g.id,
            resourceType: 'security-group',
            key: t.key,
            value: t.value,
          })),
        );
      const known = ['resource-id', 'resource-type', 'key', 'value'];
      const matching = rows.filter((row) =>
        matchesFilters(
          p.list('Filter'),
          {
            'resource-id': [row.resourceId],
            'resource-type': [row.resourceType],
            key: [row.key],
            value: [row.value],
          },
          known,
        ),
      );
      return { tagSet: matching };
    },
  };
}
