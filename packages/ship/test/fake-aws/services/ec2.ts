// EC2 (ec2 query protocol, 2016-11-15): the default VPC and its subnets and the
// network interfaces of running tasks; security groups and tags live in ec2-security-groups.ts.
import { AwsError } from '../errors.js';
import { matchesFilters } from '../filters.js';
import type { ServiceDefinition } from '../server.js';
import type { FakeState, NetworkInterface } from '../state.js';
import { securityGroupHandlers } from './ec2-security-groups.js';

export function ec2Service(state: FakeState): ServiceDefinition {
  const vpc = state.ec2.vpc;

  function eniView(eni: NetworkInterface) {
    const subnet = state.ec2.subnets.find((s) => s.id === eni.subnetId);
    const association = eni.publicIp
      ? {
          publicIp: eni.publicIp,
          ipOwnerId: 'amazon',
          publicDnsName: `ec2-${eni.publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com`,
        }
      : undefined;
    return {
      association,
      attachment: {
        attachmentId: `ela-attach-${eni.id.slice(4, 12)}`,
        deviceIndex: 1,
        status: 'attached',
        attachTime: eni.createdAt,
      },
      availabilityZone: subnet?.availabilityZone,
      description: eni.description,
      groupSet: eni.groupIds.map((groupId) => ({
        groupId,
        groupName: state.ec2.securityGroups.get(groupId)?.name,
      })),
      interfaceType: 'interface',
      macAddress: `0a:${eni.id.slice(4, 14).match(/../g)?.join(':')}`,
      networkInterfaceId: eni.id,
      ownerId: state.accountId,
      privateIpAddress: eni.privateIp,
      privateIpAddressesSet: [{ association, primary: true, privateIpAddress: eni.privateIp }],
      requesterId: 'AROAFAKEECSSERVICE',
      requesterManaged: true,
      sourceDestCheck: true,
      status: 'in-use',
      subnetId: eni.subnetId,
      tagSet: [],
      vpcId: eni.vpcId,
    };
  }

  return {
    name: 'ec2',
    protocol: 'ec2',
    version: '2016-11-15',
    invalidCode: 'InvalidParameterValue',
    throttleCode: 'RequestLimitExceeded',
    handlers: {
      ...securityGroupHandlers(state),
      DescribeVpcs: (p) => {
        const ids = p.strs('VpcId');
        for (const id of ids) {
          if (id !== vpc.id) throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
        }
        const fields = {
          'vpc-id': [vpc.id],
          'is-default': ['true'],
          state: ['available'],
          'cidr-block': [vpc.cidr],
        };
        const match = matchesFilters(p.list('Filter'), fields, Object.keys(fields));
        return {
          vpcSet: match
            ? [
                {
                  vpcId: vpc.id,
                  ownerId: state.accountId,
                  state: 'available',
                  cidrBlock: vpc.cidr,
                  dhcpOptionsId: 'dopt-0fa4e001',
                  instanceTenancy: 'default',
                  isDefault: true,
                  tagSet: [],
                },
              ]
            : [],
        };
      },
      DescribeSubnets: (p) => {
        const ids = p.strs('SubnetId');
        for (const id of ids) {
          if (!state.ec2.subnets.some((s) => s.id === id)) {
            throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`);
          }
        }
        const known = [
          'vpc-id',
          'subnet-id',
          'default-for-az',
          'defaultForAz',
          'availability-zone',
          'map-public-ip-on-launch',
          'state',
        ];
        const subnets = state.ec2.subnets.filter((s) => {
          const fields = {
            'vpc-id': [s.vpcId],
            'subnet-id': [s.id],
            'default-for-az': ['true'],
            defaultForAz: ['true'],
            'availability-zone': [s.availabilityZone],
            'map-public-ip-on-launch': ['true'],
            state: ['available'],
          };
          return (ids.length === 0 || ids.includes(s.id)) && matchesFilters(p.list('Filter'), fields, known);
        });
        return {
          subnetSet: subnets.map((s) => ({
            subnetId: s.id,
            subnetArn: s.arn,
            vpcId: s.vpcId,
            state: 'available',
            cidrBlock: s.cidr,
            availabilityZone: s.availabilityZone,
            availabilityZoneId: `use1-az${s.availabilityZone.slice(-1).charCodeAt(0) - 96}`,
            availableIpAddressCount: 4091,
            defaultForAz: true,
            mapPublicIpOnLaunch: true,
            ownerId: state.accountId,
            tagSet: [],
          })),
        };
      },
      DescribeNetworkInterfaces: (p) => {
        const ids = p.strs('NetworkInterfaceId');
        for (const id of ids) {
          if (!state.ec2.networkInterfaces.has(id)) {
            throw new AwsError(
              'InvalidNetworkInterfaceID.NotFound',
              `The networkInterface ID '${id}' does not exist`,
            );
          }
        }
        const known = [
          'network-interface-id',
          'group-id',
          'subnet-id',
          'vpc-id',
          'description',
          'addresses.private-ip-address',
          'status',
        ];
        const enis = [...state.ec2.networkInterfaces.values()].filter((eni) => {
          const fields = {
            'network-interface-id': [eni.id],
            'group-id': eni.groupIds,
            'subnet-id': [eni.subnetId],
            'vpc-id': [eni.vpcId],
            description: [eni.description],
            'addresses.private-ip-address': [eni.privateIp],
            status: ['in-use'],
          };
          return (
            (ids.length === 0 || ids.includes(eni.id)) && matchesFilters(p.list('Filter'), fields, known)
          );
        });
        return { networkInterfaceSet: enis.map(eniView) };
      },
    },
  };
}
