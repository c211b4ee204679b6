// The role ECS Express Mode assumes to make an Express service's load
// balancer, listener rules, target group, security groups, certificate,
// alarms and scaling. Pure.
//
// Its permissions are AWS's managed AmazonECSInfrastructureRoleforExpressGatewayServices
// (AWS Managed Policy Reference, v6 of 2026-02-12): the ECS Developer Guide
// ("Amazon ECS infrastructure IAM role") names it for Express Mode, and AWS
// widens it as Express Mode learns new resources, which a copy would miss.
// It is scoped by AWS: load balancers, target groups, rules and security
// groups only with the tags ECS puts on what it creates; certificates only
// for the on.aws names; service-linked roles only for ELB and autoscaling.
// The trust is what ship adds: only ECS of this account (aws:SourceAccount,
// against a confused deputy), as for the execution role.

import { releaseTrustPolicy } from './release-role.js';

/** The managed policy's ARN in a partition (aws, aws-cn, aws-us-gov). */
export const expressInfrastructurePolicyArn = (partition: string): string =>
  `arn:${partition}:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices`;

/** The same trust as the release role's: only ECS of this account may assume it. */
export const infrastructureTrustPolicy = (accountId: string) => releaseTrustPolicy(accountId);
