// The AWS SDK client packages ship uses, keyed by their IAM service prefix (which is also the
// prefix the fake's wire checks use): a test looks an operation up as `${Name}Command`.
import * as acm from '@aws-sdk/client-acm';
import * as autoscaling from '@aws-sdk/client-application-auto-scaling';
import * as cloudwatch from '@aws-sdk/client-cloudwatch';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import * as ec2 from '@aws-sdk/client-ec2';
import * as ecr from '@aws-sdk/client-ecr';
import * as ecs from '@aws-sdk/client-ecs';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as iam from '@aws-sdk/client-iam';
import * as route53 from '@aws-sdk/client-route-53';
import * as sts from '@aws-sdk/client-sts';

export const sdkModulesByPrefix: Readonly<Record<string, Record<string, unknown>>> = {
  acm,
  'application-autoscaling': autoscaling,
  cloudwatch,
  logs,
  ec2,
  ecr,
  ecs,
  elasticloadbalancing: elbv2,
  iam,
  route53,
  sts,
};
