// The permissions policy of the role a CI pipeline assumes to run `ship deploy`
// and `ship destroy` for one app. Pure. The rules, in order of preference:
//
// 1. Resources whose ARN carries a name ship chooses (image repository, log
//    groups, IAM roles, ECS cluster and services, load balancer, target groups,
//    listeners) are named by ARN pattern from the app's naming (src/deploy/naming.ts).
// 2. Resources with generated ids (EC2 security groups) are scoped by the
//    `ship:app` tag: created only with it (aws:RequestTag), changed only
//    when they carry it (aws:ResourceTag).
// 3. Describe/List calls and the few writes IAM authorises only on "*"
//    (ecr:GetAuthorizationToken, task definition register — tagged with the
//    app's tag — and deregister, Application Auto Scaling) use "*"; AWS's
//    Service Authorization Reference lists no resource type for them.
// 4. No action wildcards: every action is named, so a new AWS action never
//    widens the role.
// 5. iam:PassRole only for the app's own roles and only to ECS tasks (the
//    execution role) or to ECS itself (the release and Express infrastructure
//    roles, by name suffix); iam:AttachRolePolicy only for the app's Express
//    infrastructure roles and only AWS's managed policy for them;
//    iam:CreateServiceLinkedRole only for the services ship's resources need.
// 6. With the app's own domain: Route 53 writes only in its hosted zone, only
//    to names under the domain and only the record types ship writes (A, TXT,
//    and ACM's validation CNAME); certificates requested only with the app's
//    tag and deleted only when they carry it. Reading a certificate's tags is
//    allowed on all: that is how ship tells its own from others.
//
// Each statement has a Sid naming what it is for; `tagKeys.app` is the tag.
import { expressInfrastructurePolicyArn } from '../deploy/infrastructure-role.js';
import { type Account, tagKeys } from '../deploy/naming.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  /** Permission policies name resources; trust policies name a principal instead. */
  Resource?: string | string[];
  Principal?: { Federated: string };
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface DeployPolicyInput extends Account {
  region: string;
  app: string;
  /** The app's own domain and the hosted zone that holds it (ship.config.json "domain"). */
  domain?: { name: string; hostedZoneId: string };
}

/** IAM's limit for one inline role policy (characters, whitespace excluded). */
export const inlinePolicyLimit = 10_240;

export function deployPolicy({
  partition,
  accountId,
  region,
  app,
  domain,
}: DeployPolicyInput): PolicyDocument {
  const arn = (service: string, resource: string, regional = true) =>
    `arn:${partition}:${service}:${regional ? region : ''}:${accountId}:${resource}`;
  const ownTag = { StringEquals: { [`aws:ResourceTag/${tagKeys.app}`]: app } };
  const requestTag = { StringEquals: { [`aws:RequestTag/${tagKeys.app}`]: app } };
  const statements: PolicyStatement[] = [
    {
      Sid: 'ReadOnlyDiscovery',
      Effect: 'Allow',
      Action: [
        'sts:GetCallerIdentity',
        'ec2:DescribeVpcs',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeNetworkInterfaces',
        'ecs:DescribeTaskDefinition',
        'ecs:ListTaskDefinitions',
        'ecs:ListTaskDefinitionFamilies',
        'ecs:ListClusters',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTargetHealth',
        'logs:DescribeLogGroups',
        'iam:ListRoles',
        'application-autoscaling:DescribeScalableTargets',
        'application-autoscaling:DescribeScalingPolicies',
      ],
      Resource: '*',
    },
    {
      Sid: 'ImageRepository',
      Effect: 'Allow',
      Action: [
        'ecr:CreateRepository',
        'ecr:DescribeRepositories',
        'ecr:DeleteRepository',
        'ecr:TagResource',
        'ecr:ListTagsForResource',
        'ecr:GetLifecyclePolicy',
        'ecr:PutLifecyclePolicy',
        'ecr:PutImageScanningConfiguration',
        'ecr:PutImageTagMutability',
        'ecr:DescribeImages',
        'ecr:ListImages',
        'ecr:BatchGetImage',
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:InitiateLayerUpload',
        'ecr:UploadLayerPart',
        'ecr:CompleteLayerUpload',
        'ecr:PutImage',
      ],
      Resource: arn('ecr', `repository/${app}`),
    },
    {
      Sid: 'RegistryLogin',
      Effect: 'Allow',
      Action: ['ecr:GetAuthorizationToken'],
      Resource: '*',
    },
    {
      Sid: 'LogGroups',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:PutRetentionPolicy',
        'logs:TagResource',
        'logs:TagLogGroup',
        'logs:ListTagsForResource',
        'logs:ListTagsLogGroup',
        'logs:FilterLogEvents',
        'logs:GetLogEvents',
        'logs:DescribeLogStreams',
      ],
      Resource: [
        arn('logs', `log-group:/ship/${app}/*`),
        arn('logs', `log-group:/ship/${app}/*:log-stream:*`),
      ],
    },
    {
      Sid: 'AppRoles',
      Effect: 'Allow',
      Action: [
        'iam:CreateRole',
        'iam:GetRole',
        'iam:DeleteRole',
        'iam:TagRole',
        'iam:ListRoleTags',
        'iam:GetRolePolicy',
        'iam:PutRolePolicy',
        'iam:DeleteRolePolicy',
        'iam:ListRolePolicies',
        'iam:ListAttachedRolePolicies',
        // Destroy detaches the Express infrastructure policy before deleting the role.
        'iam:DetachRolePolicy',
      ],
      Resource: arn('iam', `role/${app}-*`, false),
    },
    {
      Sid: 'PassAppRolesToTasks',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: arn('iam', `role/${app}-*`, false),
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
    {
      // A canary, linear or blue/green release: ECS itself assumes the release role to shift traffic.
      Sid: 'PassReleaseRolesToEcs',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: arn('iam', `role/${app}-*-release`, false),
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } },
    },
    {
      // The alarms that roll a release back: named <app>-<env>-…, so the ARN pattern scopes them.
      Sid: 'ReleaseAlarms',
      Effect: 'Allow',
      Action: [
        'cloudwatch:DescribeAlarms',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DeleteAlarms',
        'cloudwatch:ListTagsForResource',
        'cloudwatch:TagResource',
      ],
      Resource: arn('cloudwatch', `alarm:${app}-*`),
    },
    {
      Sid: 'ExpressInfrastructurePolicy',
      Effect: 'Allow',
      Action: ['iam:AttachRolePolicy'],
      Resource: arn('iam', `role/${app}-*-infrastructure`, false),
      Condition: { ArnEquals: { 'iam:PolicyARN': expressInfrastructurePolicyArn(partition) } },
    },
    {
      // The Express infrastructure role (named <app>-…-infrastructure), given to CreateExpressGatewayService.
      Sid: 'PassInfrastructureRoleToEcs',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: arn('iam', `role/${app}-*-infrastructure`, false),
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } },
    },
    {
      Sid: 'ServiceLinkedRoles',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'iam:AWSServiceName': [
            'ecs.amazonaws.com',
            'elasticloadbalancing.amazonaws.com',
            'ecs.application-autoscaling.amazonaws.com',
          ],
        },
      },
    },
    {
      Sid: 'ClusterAndServices',
      Effect: 'Allow',
      Action: [
        'ecs:CreateCluster',
        'ecs:DescribeClusters',
        'ecs:DeleteCluster',
        'ecs:CreateService',
        'ecs:UpdateService',
        'ecs:DescribeServices',
        'ecs:DeleteService',
        'ecs:ListServices',
        'ecs:ListTasks',
        'ecs:DescribeTasks',
        'ecs:ListServiceDeployments',
        'ecs:DescribeServiceDeployments',
        'ecs:DescribeServiceRevisions',
        'ecs:CreateExpressGatewayService',
        'ecs:UpdateExpressGatewayService',
        'ecs:DescribeExpressGatewayService',
        'ecs:DeleteExpressGatewayService',
        'ecs:TagResource',
        'ecs:ListTagsForResource',
      ],
      Resource: [
        arn('ecs', `cluster/${app}`),
        arn('ecs', `service/${app}/*`),
        arn('ecs', `task/${app}/*`),
        arn('ecs', `service-deployment/${app}/*`),
        arn('ecs', `service-revision/${app}/*`),
        arn('ecs', `container-instance/${app}/*`),
        arn('ecs', `task-definition/${app}-*:*`),
      ],
    },
    {
      // ECS authorises registering on "*" only; ship always registers with its tags.
      Sid: 'TaskDefinitionsRegister',
      Effect: 'Allow',
      Action: ['ecs:RegisterTaskDefinition'],
      Resource: '*',
      Condition: requestTag,
    },
    {
      Sid: 'TaskDefinitionsRetire',
      Effect: 'Allow',
      Action: ['ecs:DeregisterTaskDefinition', 'ecs:DeleteTaskDefinitions'],
      Resource: '*',
    },
    {
      Sid: 'SecurityGroupsCreate',
      Effect: 'Allow',
      Action: ['ec2:CreateSecurityGroup'],
      Resource: arn('ec2', 'security-group/*'),
      Condition: requestTag,
    },
    {
      Sid: 'SecurityGroupsInVpc',
      Effect: 'Allow',
      Action: ['ec2:CreateSecurityGroup'],
      Resource: arn('ec2', 'vpc/*'),
    },
    {
      Sid: 'SecurityGroupsTagOnCreate',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: arn('ec2', 'security-group/*'),
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' } },
    },
    {
      Sid: 'SecurityGroupsOwn',
      Effect: 'Allow',
      Action: [
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:AuthorizeSecurityGroupEgress',
        'ec2:RevokeSecurityGroupEgress',
        'ec2:DeleteSecurityGroup',
        'ec2:CreateTags',
      ],
      Resource: arn('ec2', 'security-group/*'),
      Condition: ownTag,
    },
    {
      Sid: 'LoadBalancing',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:CreateTargetGroup',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:DeleteRule',
        'elasticloadbalancing:AddTags',
      ],
      Resource: [
        arn('elasticloadbalancing', `loadbalancer/app/${app}/*`),
        arn('elasticloadbalancing', `targetgroup/${app}-*/*`),
        arn('elasticloadbalancing', `listener/app/${app}/*`),
        arn('elasticloadbalancing', `listener-rule/app/${app}/*`),
      ],
    },
    {
      Sid: 'ServiceAutoscaling',
      Effect: 'Allow',
      Action: [
        'application-autoscaling:RegisterScalableTarget',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:DeleteScalingPolicy',
        'application-autoscaling:TagResource',
        'application-autoscaling:ListTagsForResource',
      ],
      Resource: '*',
    },
  ];
  if (domain) statements.push(...domainStatements(partition, arn, domain, { ownTag, requestTag }));
  return { Version: '2012-10-17', Statement: statements };
}

function domainStatements(
  partition: string,
  arn: (service: string, resource: string) => string,
  domain: NonNullable<DeployPolicyInput['domain']>,
  tags: { ownTag: PolicyStatement['Condition']; requestTag: PolicyStatement['Condition'] },
): PolicyStatement[] {
  const zone = `arn:${partition}:route53:::hostedzone/${domain.hostedZoneId}`;
  const certificates = arn('acm', 'certificate/*');
  return [
    {
      Sid: 'DomainDiscovery',
      Effect: 'Allow',
      Action: ['route53:ListHostedZones', 'acm:ListCertificates'],
      Resource: '*',
    },
    {
      Sid: 'DomainZoneRead',
      Effect: 'Allow',
      Action: ['route53:ListResourceRecordSets'],
      Resource: zone,
    },
    {
      Sid: 'DomainRecords',
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets'],
      Resource: zone,
      Condition: {
        'ForAllValues:StringLike': {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': [domain.name, `*.${domain.name}`],
        },
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'TXT', 'CNAME'] },
      },
    },
    {
      // Tags are given in the request; ACM checks AddTagsToCertificate for them too.
      Sid: 'CertificateRequest',
      Effect: 'Allow',
      Action: ['acm:RequestCertificate', 'acm:AddTagsToCertificate'],
      Resource: '*',
      Condition: tags.requestTag,
    },
    {
      Sid: 'CertificateRead',
      Effect: 'Allow',
      Action: ['acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
      Resource: certificates,
    },
    {
      Sid: 'CertificateDelete',
      Effect: 'Allow',
      Action: ['acm:DeleteCertificate'],
      Resource: certificates,
      Condition: tags.ownTag,
    },
  ];
}
