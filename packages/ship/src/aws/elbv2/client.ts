// The context's one Elastic Load Balancing v2 client, and resource tags (any ELB ARN).
import { DescribeTagsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { type AwsContext, serviceClient, type Tags, tagMap } from '../aws-context.js';

export const elbv2 = (context: AwsContext): ElasticLoadBalancingV2Client =>
  serviceClient(context, ElasticLoadBalancingV2Client);

/** Tags of load balancers, target groups, listeners or rules, by ARN (20 per call, as AWS allows). */
export async function elbTags(context: AwsContext, arns: string[]): Promise<Map<string, Tags>> {
  const out = new Map<string, Tags>();
  for (let i = 0; i < arns.length; i += 20) {
    const page = await elbv2(context).send(new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + 20) }));
    for (const d of page.TagDescriptions ?? []) if (d.ResourceArn) out.set(d.ResourceArn, tagMap(d.Tags));
  }
  return out;
}
