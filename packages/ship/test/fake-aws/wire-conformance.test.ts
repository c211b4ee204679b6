// Every field the fake sends must be one the SDK's own model knows (see
// sdk-conformance.ts), checked while a scenario touching every service runs.
import * as autoscaling from '@aws-sdk/client-application-auto-scaling';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import * as ec2 from '@aws-sdk/client-ec2';
import * as ecr from '@aws-sdk/client-ecr';
import * as ecs from '@aws-sdk/client-ecs';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as iam from '@aws-sdk/client-iam';
import * as sts from '@aws-sdk/client-sts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sdkModulesByPrefix } from '../support/sdk-modules.js';
import { createService, registerTaskDefinition } from './fixtures.js';
import { type FakeAws, startFakeAws } from './index.js';
import { conformance, type RecordingProxy, startRecordingProxy } from './sdk-conformance.js';

let fake: FakeAws;
let proxy: RecordingProxy;
let endpoint: string;

beforeAll(async () => {
  fake = await startFakeAws({ pollsToStable: 2, circuitBreakerThreshold: 1 });
  proxy = await startRecordingProxy(fake.endpoint);
  endpoint = proxy.endpoint;
});

afterAll(async () => {
  await proxy?.close();
  await fake?.close();
});

it('sends only fields the SDK model knows, in every service', async () => {
  const config = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
  const proxied = { ...fake, endpoint } as FakeAws;
  await new sts.STSClient(config).send(new sts.GetCallerIdentityCommand({}));
  const ecrClient = new ecr.ECRClient(config);
  await ecrClient.send(
    new ecr.CreateRepositoryCommand({ repositoryName: 'demo', tags: [{ Key: 'a', Value: 'b' }] }),
  );
  await ecrClient.send(new ecr.DescribeRepositoriesCommand({}));
  await ecrClient.send(new ecr.GetAuthorizationTokenCommand({}));
  const logsClient = new logs.CloudWatchLogsClient(config);
  await logsClient.send(new logs.CreateLogGroupCommand({ logGroupName: '/demo' }));
  await logsClient.send(new logs.DescribeLogGroupsCommand({}));
  const ec2Client = new ec2.EC2Client(config);
  await ec2Client.send(new ec2.DescribeVpcsCommand({}));
  await ec2Client.send(new ec2.DescribeSubnetsCommand({}));
  const sg = await ec2Client.send(new ec2.CreateSecurityGroupCommand({ GroupName: 'g', Description: 'd' }));
  await ec2Client.send(
    new ec2.AuthorizeSecurityGroupIngressCommand({
      GroupId: sg.GroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
    }),
  );
  await ec2Client.send(new ec2.DescribeSecurityGroupsCommand({}));
  const elb = new elbv2.ElasticLoadBalancingV2Client(config);
  const tg = await elb.send(
    new elbv2.CreateTargetGroupCommand({
      Name: 'tg',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: fake.state.ec2.vpc.id,
      TargetType: 'ip',
    }),
  );
  const tgArn = tg.TargetGroups![0]!.TargetGroupArn!;
  const lb = await elb.send(
    new elbv2.CreateLoadBalancerCommand({
      Name: 'lb',
      Subnets: fake.state.ec2.subnets.map((s) => s.id),
      SecurityGroups: [sg.GroupId!],
    }),
  );
  const listener = await elb.send(
    new elbv2.CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancers![0]!.LoadBalancerArn,
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
    }),
  );
  await elb.send(
    new elbv2.CreateRuleCommand({
      ListenerArn: listener.Listeners![0]!.ListenerArn,
      Priority: 5,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['a.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: tgArn }],
    }),
  );
  await elb.send(new elbv2.DescribeRulesCommand({ ListenerArn: listener.Listeners![0]!.ListenerArn }));
  await elb.send(new elbv2.DescribeTargetGroupAttributesCommand({ TargetGroupArn: tgArn }));
  await elb.send(new elbv2.DescribeTagsCommand({ ResourceArns: [tgArn] }));
  await createService(proxied, {
    image: 'registry/demo:1',
    logGroup: '/demo',
    securityGroups: [sg.GroupId!],
    loadBalancers: [{ targetGroupArn: tgArn, containerName: 'app', containerPort: 8080 }],
    healthCheck: true,
  });
  const ecsClient = new ecs.ECSClient(config);
  const describe = () =>
    ecsClient.send(
      new ecs.DescribeServicesCommand({ cluster: 'demo', services: ['demo-prod'], include: ['TAGS'] }),
    );
  await describe();
  await describe();
  fake.failImages(/:2$/);
  const bad = await registerTaskDefinition(proxied, { image: 'registry/demo:2', logGroup: '/demo' });
  await ecsClient.send(
    new ecs.UpdateServiceCommand({ cluster: 'demo', service: 'demo-prod', taskDefinition: bad }),
  );
  for (let i = 0; i < 5; i++) await describe();
  await elb.send(new elbv2.DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
  const tasks = await ecsClient.send(new ecs.ListTasksCommand({ cluster: 'demo', desiredStatus: 'STOPPED' }));
  await ecsClient.send(
    new ecs.DescribeTasksCommand({ cluster: 'demo', tasks: tasks.taskArns, include: ['TAGS'] }),
  );
  const history = await ecsClient.send(
    new ecs.ListServiceDeploymentsCommand({ cluster: 'demo', service: 'demo-prod' }),
  );
  await ecsClient.send(
    new ecs.DescribeServiceDeploymentsCommand({
      serviceDeploymentArns: history.serviceDeployments!.map((d) => d.serviceDeploymentArn!),
    }),
  );
  await ecsClient.send(
    new ecs.DescribeServiceRevisionsCommand({
      serviceRevisionArns: history.serviceDeployments!.map((d) => d.targetServiceRevisionArn!),
    }),
  );
  await ecsClient.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: bad, include: ['TAGS'] }));
  await ecsClient.send(new ecs.DescribeClustersCommand({ clusters: ['demo'] }));
  const running = await ecsClient.send(new ecs.ListTasksCommand({ cluster: 'demo' }));
  const described = await ecsClient.send(
    new ecs.DescribeTasksCommand({ cluster: 'demo', tasks: running.taskArns }),
  );
  const eni = described.tasks![0]!.attachments![0]!.details!.find((d) => d.name === 'networkInterfaceId')!
    .value!;
  await ec2Client.send(new ec2.DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni] }));
  await logsClient.send(new logs.FilterLogEventsCommand({ logGroupName: '/demo' }));
  await logsClient.send(new logs.DescribeLogStreamsCommand({ logGroupName: '/demo' }));
  const iamClient = new iam.IAMClient(config);
  await iamClient.send(new iam.GetRoleCommand({ RoleName: 'demo-prod-execution' }));
  await iamClient.send(new iam.ListRoleTagsCommand({ RoleName: 'demo-prod-execution' }));
  const aas = new autoscaling.ApplicationAutoScalingClient(config);
  const target = {
    ServiceNamespace: 'ecs' as const,
    ResourceId: 'service/demo/demo-prod',
    ScalableDimension: 'ecs:service:DesiredCount' as const,
  };
  await aas.send(
    new autoscaling.RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 3 }),
  );
  await aas.send(
    new autoscaling.PutScalingPolicyCommand({
      ...target,
      PolicyName: 'cpu',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 50,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    }),
  );
  await aas.send(new autoscaling.DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }));
  await aas.send(new autoscaling.DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs' }));

  const { problems, checked } = conformance(sdkModulesByPrefix, proxy.exchanges);
  expect(problems).toEqual([]);
  expect(checked.size).toBeGreaterThan(40);
});
