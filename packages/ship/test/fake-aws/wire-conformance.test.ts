// Every field the fake sends must be one the SDK's own model knows: an element
// or key the SDK does not expect is silently dropped by its deserializer, so a
// misspelt wire name would otherwise go unnoticed. A recording proxy sits in
// front of the fake while a scenario touching every service runs; each answer
// is then walked against the SDK's output schema for its operation.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as autoscaling from '@aws-sdk/client-application-auto-scaling';
import * as logs from '@aws-sdk/client-cloudwatch-logs';
import * as ec2 from '@aws-sdk/client-ec2';
import * as ecr from '@aws-sdk/client-ecr';
import * as ecs from '@aws-sdk/client-ecs';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as iam from '@aws-sdk/client-iam';
import * as sts from '@aws-sdk/client-sts';
import { NormalizedSchema } from '@smithy/core/schema';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createService, registerTaskDefinition } from './fixtures.js';
import { type FakeAws, startFakeAws } from './index.js';

type Exchange = { service: string; action: string; status: number; body: string };

const clients: Record<string, Record<string, unknown>> = {
  'application-autoscaling': autoscaling,
  logs,
  ec2,
  ecr,
  ecs,
  elasticloadbalancing: elbv2,
  iam,
  sts,
};

let fake: FakeAws;
let proxy: ReturnType<typeof createServer>;
let endpoint: string;
const exchanges: Exchange[] = [];

beforeAll(async () => {
  fake = await startFakeAws({ pollsToStable: 2, circuitBreakerThreshold: 1 });
  const target = new URL(fake.endpoint);
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const service =
        /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '?';
      const action =
        String(req.headers['x-amz-target'] ?? '').split('.')[1] ??
        new URLSearchParams(body.toString()).get('Action') ??
        '?';
      const forward = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const text = Buffer.concat(parts).toString();
            exchanges.push({ service, action: action || '?', status: answer.statusCode ?? 0, body: text });
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(text);
          });
        },
      );
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await fake?.close();
});

/** A minimal XML reader for the fake's own output: elements and text, no attributes but xmlns. */
type XmlNode = { name: string; children: XmlNode[]; text: string };
function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#root', children: [], text: '' };
  const stack = [root];
  for (const match of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([\w:.-]+)[^>]*?(\/?)>|([^<]+)/g)) {
    const [, closing, name, selfClosing, text] = match;
    const top = stack.at(-1)!;
    if (text !== undefined) top.text += text;
    else if (closing) stack.pop();
    else {
      const node = { name: name!, children: [], text: '' };
      top.children.push(node);
      if (!selfClosing) stack.push(node);
    }
  }
  return root.children[0]!;
}

function walkXml(schema: unknown, node: XmlNode, path: string, problems: string[]): void {
  const ns = NormalizedSchema.of(schema as never);
  if (ns.isListSchema()) {
    const value = ns.getValueSchema();
    const item = value.getMergedTraits().xmlName ?? 'member';
    for (const child of node.children) {
      if (child.name !== item) problems.push(`${path}: list item <${child.name}>, the SDK reads <${item}>`);
      else walkXml(value, child, `${path}[]`, problems);
    }
    return;
  }
  if (!ns.isStructSchema()) {
    if (node.children.length > 0) problems.push(`${path}: structure where the SDK expects a scalar`);
    return;
  }
  const members = new Map<string, unknown>();
  for (const [name, member] of ns.structIterator())
    members.set(member.getMergedTraits().xmlName ?? name, member);
  for (const child of node.children) {
    const member = members.get(child.name);
    if (!member) problems.push(`${path}.${child.name}: not in the SDK model`);
    else walkXml(member, child, `${path}.${child.name}`, problems);
  }
}

function walkJson(schema: unknown, value: unknown, path: string, problems: string[]): void {
  const ns = NormalizedSchema.of(schema as never);
  if (value === null || typeof value !== 'object' || ns.isDocumentSchema()) return;
  if (ns.isUnitSchema() && Object.keys(value).length === 0) return;
  if (ns.isListSchema()) {
    for (const item of value as unknown[]) walkJson(ns.getValueSchema(), item, `${path}[]`, problems);
    return;
  }
  if (ns.isMapSchema()) {
    for (const [k, v] of Object.entries(value)) walkJson(ns.getValueSchema(), v, `${path}.${k}`, problems);
    return;
  }
  if (!ns.isStructSchema()) {
    problems.push(`${path}: structure where the SDK expects a scalar`);
    return;
  }
  const members = new Map<string, unknown>();
  for (const [name, member] of ns.structIterator()) members.set(name, member);
  for (const [key, child] of Object.entries(value)) {
    const member = members.get(key);
    if (!member) problems.push(`${path}.${key}: not in the SDK model`);
    else walkJson(member, child, `${path}.${key}`, problems);
  }
}

function outputSchema(exchange: Exchange): unknown {
  const operation = clients[exchange.service]?.[`${exchange.action}$`] as unknown[] | undefined;
  if (!operation) throw new Error(`no SDK operation schema for ${exchange.service}.${exchange.action}`);
  return (operation[5] as () => unknown)();
}

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

  const problems: string[] = [];
  const checked = new Set<string>();
  for (const exchange of exchanges.filter((e) => e.status === 200)) {
    checked.add(`${exchange.service}.${exchange.action}`);
    const schema = outputSchema(exchange);
    const where = `${exchange.service}.${exchange.action}`;
    if (exchange.body.startsWith('{')) {
      walkJson(schema, JSON.parse(exchange.body), where, problems);
      continue;
    }
    const root = parseXml(exchange.body);
    const result =
      exchange.service === 'ec2' ? root : root.children.find((c) => c.name === `${exchange.action}Result`);
    if (!result) continue;
    const body = { ...result, children: result.children.filter((c) => c.name !== 'requestId') };
    walkXml(schema, body, where, problems);
  }
  expect(problems).toEqual([]);
  expect(checked.size).toBeGreaterThan(40);
});
