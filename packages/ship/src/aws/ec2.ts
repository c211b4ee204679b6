// Amazon EC2: the network the tasks run in, security groups, and the public
// IP of a task's network interface.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type IpPermission,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import type { IngressRule } from '../deploy/ingress-rules.js';
import { UserError } from '../errors.js';
import { type AwsContext, clientConfig, isNotFound, type Tags, tagList, tagMap } from './aws-context.js';

const client = (context: AwsContext) => new EC2Client(clientConfig(context));

async function using<T>(context: AwsContext, fn: (ec2: EC2Client) => Promise<T>): Promise<T> {
  const ec2 = client(context);
  try {
    return await fn(ec2);
  } finally {
    ec2.destroy();
  }
}

export interface Network {
  vpcId: string;
  subnetIds: string[];
  /** The default VPC's subnets are public and have no NAT: tasks need a public IP to pull images. */
  isDefaultVpc: boolean;
}

/** The region's default VPC and its default subnets (one per availability zone). */
export function defaultNetwork(context: AwsContext): Promise<Network> {
  return using(context, async (ec2) => {
    const vpcs = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
    );
    const vpcId = vpcs.Vpcs?.[0]?.VpcId;
    if (!vpcId) {
      throw new UserError(
        `${context.region} has no default VPC`,
        'add "network": { "vpcId": "vpc-…", "subnetIds": ["subnet-…", "subnet-…"] } to ship.config.json',
      );
    }
    const subnets = await ec2.send(
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
  });
}

export interface SecurityGroup {
  id: string;
  name: string;
  tags: Tags;
  ingress: IngressRule[];
}

export function findSecurityGroup(
  context: AwsContext,
  options: { vpcId: string; name: string },
): Promise<SecurityGroup | undefined> {
  return using(context, async (ec2) => {
    try {
      const out = await ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: 'group-name', Values: [options.name] },
            { Name: 'vpc-id', Values: [options.vpcId] },
          ],
        }),
      );
      const group = out.SecurityGroups?.find((g) => g.GroupName === options.name);
      if (!group?.GroupId) return undefined;
      return {
        id: group.GroupId,
        name: options.name,
        tags: tagMap(group.Tags),
        ingress: (group.IpPermissions ?? []).flatMap(rulesOf),
      };
    } catch (error) {
      if (isNotFound(error, 'InvalidGroup.NotFound')) return undefined;
      throw error;
    }
  });
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
export function createSecurityGroup(
  context: AwsContext,
  options: { vpcId: string; name: string; description: string; tags: Tags },
): Promise<string> {
  return using(context, async (ec2) => {
    const out = await ec2.send(
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
  });
}

export function authorizeIngress(context: AwsContext, groupId: string, rules: IngressRule[]): Promise<void> {
  if (rules.length === 0) return Promise.resolve();
  return using(context, async (ec2) => {
    try {
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: rules.map(permissionOf),
        }),
      );
    } catch (error) {
      // Added by an earlier, interrupted run: the rule is what we want.
      if (!isNotFound(error, 'InvalidPermission.Duplicate')) throw error;
    }
  });
}

export function revokeIngress(context: AwsContext, groupId: string, rules: IngressRule[]): Promise<void> {
  if (rules.length === 0) return Promise.resolve();
  return using(context, async (ec2) => {
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: rules.map(permissionOf) }),
    );
  });
}

/** The public IPv4 address of a network interface, if it has one. */
export function publicIpOf(context: AwsContext, networkInterfaceId: string): Promise<string | undefined> {
  return using(context, async (ec2) => {
    try {
      const out = await ec2.send(
        new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [networkInterfaceId] }),
      );
      return out.NetworkInterfaces?.[0]?.Association?.PublicIp;
    } catch (error) {
      if (isNotFound(error, 'InvalidNetworkInterfaceID.NotFound')) return undefined;
      throw error;
    }
  });
}
