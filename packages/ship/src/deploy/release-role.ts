// The role ECS assumes to move traffic during a canary, linear or blue/green
// release ("Amazon ECS infrastructure IAM role for load balancers"). AWS's
// managed AmazonECSInfrastructureRolePolicyForLoadBalancers allows these
// actions on every load balancer of the account; this grants the writes only
// on this app's load balancer listeners and rules and this environment's two
// target groups. Pure.

export interface ReleaseRoleScope {
  partition: string;
  region: string;
  accountId: string;
  /** The app's load balancer name (listener and rule ARNs carry it). */
  loadBalancer: string;
  targetGroups: string[];
}

/** Only ECS of this account may assume it (aws:SourceAccount, against the confused deputy). */
export function releaseTrustPolicy(accountId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'ecs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      },
    ],
  };
}

export function releaseRolePolicy(scope: ReleaseRoleScope) {
  const arn = (resource: string) =>
    `arn:${scope.partition}:elasticloadbalancing:${scope.region}:${scope.accountId}:${resource}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        // Describe calls have no resource-level permissions; AWS requires "*".
        Sid: 'ReadLoadBalancing',
        Effect: 'Allow',
        Action: [
          'elasticloadbalancing:DescribeListeners',
          'elasticloadbalancing:DescribeRules',
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetHealth',
        ],
        Resource: '*',
      },
      {
        Sid: 'ShiftTraffic',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:ModifyListener', 'elasticloadbalancing:ModifyRule'],
        Resource: [
          arn(`listener/app/${scope.loadBalancer}/*`),
          arn(`listener-rule/app/${scope.loadBalancer}/*`),
        ],
      },
      {
        Sid: 'RegisterTasks',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        Resource: scope.targetGroups.map((name) => arn(`targetgroup/${name}/*`)),
      },
    ],
  };
}
