// Application load balancers.
import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  type LoadBalancer as SdkLoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { type AwsContext, isNotFound, type Tags, tagList } from '../aws-context.js';
import { elbTags, elbv2 } from './client.js';

export interface LoadBalancer {
  name: string;
  arn: string;
  dnsName: string;
  /** The Route 53 zone of its DNS name, which an alias record to it names. */
  canonicalHostedZoneId: string;
  securityGroups: string[];
  tags: Tags;
}

export type LoadBalancerQuery = { names: string[] } | { arns: string[] } | { all: true };

/** Load balancers by name, by ARN, or all of them (paging); missing ones are left out. Without tags. */
export async function describeLoadBalancers(
  context: AwsContext,
  query: LoadBalancerQuery,
): Promise<Omit<LoadBalancer, 'tags'>[]> {
  const found: Omit<LoadBalancer, 'tags'>[] = [];
  let marker: string | undefined;
  try {
    do {
      const page = await elbv2(context).send(
        new DescribeLoadBalancersCommand({
          ...('names' in query ? { Names: query.names } : {}),
          ...('arns' in query ? { LoadBalancerArns: query.arns } : {}),
          Marker: marker,
        }),
      );
      found.push(...(page.LoadBalancers ?? []).flatMap(toLoadBalancer));
      marker = page.NextMarker;
    } while (marker);
  } catch (error) {
    if (isNotFound(error, 'LoadBalancerNotFoundException', 'LoadBalancerNotFound')) return found;
    throw error;
  }
  return found;
}

function toLoadBalancer(lb: SdkLoadBalancer): Omit<LoadBalancer, 'tags'>[] {
  if (!lb.LoadBalancerArn) return [];
  return [
    {
      name: lb.LoadBalancerName ?? '',
      arn: lb.LoadBalancerArn,
      dnsName: lb.DNSName ?? '',
      canonicalHostedZoneId: lb.CanonicalHostedZoneId ?? '',
      securityGroups: lb.SecurityGroups ?? [],
    },
  ];
}

export async function findLoadBalancer(context: AwsContext, name: string): Promise<LoadBalancer | undefined> {
  const [lb] = await describeLoadBalancers(context, { names: [name] });
  if (!lb) return undefined;
  return { ...lb, tags: (await elbTags(context, [lb.arn])).get(lb.arn) ?? {} };
}

/** An internet-facing ALB. AWS returns the existing one when the same name and settings are asked again. */
export async function createLoadBalancer(
  context: AwsContext,
  options: { name: string; subnets: string[]; securityGroups: string[]; tags: Tags },
): Promise<LoadBalancer> {
  const out = await elbv2(context).send(
    new CreateLoadBalancerCommand({
      Name: options.name,
      Type: 'application',
      Scheme: 'internet-facing',
      IpAddressType: 'ipv4',
      Subnets: options.subnets,
      SecurityGroups: options.securityGroups,
      Tags: tagList(options.tags),
    }),
  );
  const [lb] = (out.LoadBalancers ?? []).flatMap(toLoadBalancer);
  if (!lb) throw new Error('CreateLoadBalancer returned no load balancer');
  return { ...lb, name: options.name, securityGroups: options.securityGroups, tags: options.tags };
}

export async function deleteLoadBalancer(context: AwsContext, arn: string): Promise<void> {
  await elbv2(context).send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
}
