// Amazon EC2: the network the tasks run in, security groups, and the public
// IP of a task's network interface.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type IpPermission,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup as SdkSecurityGroup,
} from '@aws-sdk/client-ec2';
import type { IngressRule } from '../deploy/ingress-rules.js';
import { UserError } from '../errors.js';
import { type AwsContext, isNotFound, serviceClient, type Tags, tagList, tagMap } from './aws-context.js';

const ec2 = (context: AwsContext): EC2Client => serviceClient(context, EC2Client);

export interface Network {
  vpcId: string;
  subnetIds: string[];
  /** The default VPC's subnets are public and have no NAT: tasks need a public IP to pull images. */
  isDefaultVpc: boolean;
}

/** The region's default VPC and its default subnets (one per availability zone). */
export async function defaultNetwork(context: AwsContext): Promise<Network> {
  const vpcs = await ec2(context).send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
  );
  const vpcId = vpcs.Vpcs?.[0]?.VpcId;
  if (!vpcId) {
    throw new UserError(
      `${context.region} has no default VPC`,
      'add "network": { "vpcId": "vpc-…", "subnetIds": ["subnet-…", "subnet-…"] } to ship.config.json',
    );
  }
  const subnets = await ec2(context).send(
    new DescribeSubnetsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'default-for-az', Values: ['true'] },
      ],
    }),
  );
  const subnetIds = (subnets.Subnets ?? [])
    .sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''))
    .flatMap((s) => (s.SubnetId ? [s.SubnetId] : []));
  if (subnetIds.length === 0) {
    throw new UserError(
      `the default VPC ${vpcId} has no default subnets`,
      'add "network" to ship.config.json',
    );
  }
  return { vpcId, subnetIds, isDefaultVpc: true };
}

export interface SecurityGroup {
  id: string;
  name: string;
  tags: Tags;
  ingress: IngressRule[];
}

export type SecurityGroupQuery =
  | { vpcId?: string; name: string }
  | { tag: [string, string] }
  | { ids: string[] };

/** Security groups by name (in a VPC, or in any), by tag, or by ID (all pages; missing ones left out). */
export async function describeSecurityGroups(
  context: AwsContext,
  query: SecurityGroupQuery,
): Promise<SecurityGroup[]> {
  const found: SecurityGroup[] = [];
  let NextToken: string | undefined;
  try {
    do {
      const page = await ec2(context).send(
        new DescribeSecurityGroupsCommand({
          ...('name' in query
            ? {
                Filters: [
                  { Name: 'group-name', Values: [query.name] },
                  ...(query.vpcId ? [{ Name: 'vpc-id', Values: [query.vpcId] }] : []),
                ],
              }
            : {}),
          ...('tag' in query ? { Filters: [{ Name: `tag:${query.tag[0]}`, Values: [query.tag[1]] }] } : {}),
          ...('ids' in query ? { GroupIds: query.ids } : {}),
          NextToken,
        }),
      );
      found.push(...(page.SecurityGroups ?? []).flatMap(toSecurityGroup));
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (error) {
    if (isNotFound(error, 'InvalidGroup.NotFound')) return found;
    throw error;
  }
  return found;
}

function toSecurityGroup(group: SdkSecurityGroup): SecurityGroup[] {
  if (!group.GroupId) return [];
  return [
    {
      id: group.GroupId,
      name: group.GroupName ?? group.GroupId,
      tags: tagMap(group.Tags),
      ingress: (group.IpPermissions ?? []).flatMap(rulesOf),
    },
  ];
}

/** The groups named `name` (one per VPC at most; several when no VPC is given). */
export async function findSecurityGroups(
  context: AwsContext,
  options: { vpcId?: string; name: string },
): Promise<SecurityGroup[]> {
  return (await describeSecurityGroups(context, options)).filter((g) => g.name === options.name);
}

function rulesOf(permission: IpPermission): IngressRule[] {
  if (permission.IpProtocol !== 'tcp' || permission.FromPort === undefined) return [];
  const port = permission.FromPort;
  return [
    ...(permission.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [{ port, cidr: r.CidrIp }] : [])),
    ...(permission.UserIdGroupPairs ?? []).flatMap((p) =>
      p.GroupId ? [{ port, sourceGroupId: p.GroupId }] : [],
    ),
  ];
}

function permissionOf(rule: IngressRule): IpPermission {
  return {
    IpProtocol: 'tcp',
    FromPort: rule.port,
    ToPort: rule.port,
    ...('cidr' in rule
      ? { IpRanges: [{ CidrIp: rule.cidr, Description: 'ship' }] }
      : { UserIdGroupPairs: [{ GroupId: rule.sourceGroupId, Description: 'ship: from the load balancer' }] }),
  };
}

/** Creates a group (with EC2's default allow-all egress) that admits nothing yet. */
export async function createSecurityGroup(
  context: AwsContext,
  options: { vpcId: string; name: string; description: string; tags: Tags },
): Promise<string> {
  const out = await ec2(context).send(
    new CreateSecurityGroupCommand({
      VpcId: options.vpcId,
      GroupName: options.name,
      Description: options.description,
      TagSpecifications: [
        { ResourceType: 'security-group', Tags: tagList({ Name: options.name, ...options.tags }) },
      ],
    }),
  );
  if (!out.GroupId) throw new Error('CreateSecurityGroup returned no GroupId');
  return out.GroupId;
}

export async function authorizeIngress(
  context: AwsContext,
  groupId: string,
  rules: IngressRule[],
): Promise<void> {
  if (rules.length === 0) return;
  try {
    await ec2(context).send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: rules.map(permissionOf) }),
    );
  } catch (error) {
    // Added by an earlier, interrupted run: the rule is what we want.
    if (!isNotFound(error, 'InvalidPermission.Duplicate')) throw error;
  }
}

export async function revokeIngress(
  context: AwsContext,
  groupId: string,
  rules: IngressRule[],
): Promise<void> {
  if (rules.length === 0) return;
  await ec2(context).send(
    new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: rules.map(permissionOf) }),
  );
}

export async function deleteSecurityGroup(context: AwsContext, groupId: string): Promise<void> {
  await ec2(context).send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
}

export interface NetworkInterface {
  id: string;
  publicIp?: string;
}

/** Network interfaces by ID, or those a security group is attached to (missing ones left out). */
export async function describeNetworkInterfaces(
  context: AwsContext,
  query: { ids: string[] } | { securityGroupId: string },
): Promise<NetworkInterface[]> {
  try {
    const out = await ec2(context).send(
      new DescribeNetworkInterfacesCommand(
        'ids' in query
          ? { NetworkInterfaceIds: query.ids }
          : { Filters: [{ Name: 'group-id', Values: [query.securityGroupId] }] },
      ),
    );
    return (out.NetworkInterfaces ?? []).flatMap((n) => {
      if (!n.NetworkInterfaceId) return [];
      const eni: NetworkInterface = { id: n.NetworkInterfaceId };
      if (n.Association?.PublicIp) eni.publicIp = n.Association.PublicIp;
      return [eni];
    });
  } catch (error) {
    if (isNotFound(error, 'InvalidNetworkInterfaceID.NotFound')) return [];
    throw error;
  }
}

/** The public IPv4 address of a network interface, if it has one. */
export async function publicIpOf(
  context: AwsContext,
  networkInterfaceId: string,
): Promise<string | undefined> {
  return (await describeNetworkInterfaces(context, { ids: [networkInterfaceId] }))[0]?.publicIp;
}
