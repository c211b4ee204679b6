// Everything the fake remembers, as plain data. Services read and write it;
// tests may inspect it (`fake.state`) for fine assertions.
import { createHash } from 'node:crypto';

export interface Tag {
  key: string;
  value: string;
}

/** Every resource remembers the call that created it, for eventual consistency. */
export interface Created {
  createdAtCall: number;
  createdAt: Date;
}

export interface Repository extends Created {
  name: string;
  arn: string;
  uri: string;
  tags: Tag[];
  scanOnPush: boolean;
  tagMutability: string;
  encryptionType: string;
  lifecyclePolicy?: string;
  images: { digest: string; tags: string[]; sizeBytes: number; pushedAt: Date }[];
}

export interface LogEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
}

export interface LogGroup extends Created {
  name: string;
  arn: string;
  retentionInDays?: number;
  tags: Tag[];
  streams: Map<string, { name: string; createdAt: Date; events: LogEvent[] }>;
}

export interface Role extends Created {
  name: string;
  arn: string;
  roleId: string;
  path: string;
  assumeRolePolicyDocument: string;
  description?: string;
  tags: Tag[];
  attachedPolicies: string[];
  inlinePolicies: Map<string, string>;
}

export interface Subnet {
  id: string;
  vpcId: string;
  cidr: string;
  availabilityZone: string;
  arn: string;
}

export interface IpPermission {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: { cidr: string; description?: string }[];
  groupIds: string[];
}

export interface SecurityGroup extends Created {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  arn: string;
  tags: Tag[];
  ingress: IpPermission[];
  egress: IpPermission[];
}

export interface NetworkInterface extends Created {
  id: string;
  subnetId: string;
  vpcId: string;
  privateIp: string;
  publicIp?: string;
  groupIds: string[];
  description: string;
  /** The task that owns it, or the load balancer. */
  owner: string;
}

export interface LoadBalancer extends Created {
  arn: string;
  name: string;
  dnsName: string;
  scheme: string;
  type: string;
  subnets: string[];
  securityGroups: string[];
  vpcId: string;
  tags: Tag[];
  ipAddressType: string;
}

export interface TargetGroup extends Created {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  vpcId: string;
  targetType: string;
  healthCheck: Record<string, string | number | boolean>;
  matcher: string;
  attributes: Map<string, string>;
  tags: Tag[];
}

export interface ListenerAction {
  Type: string;
  TargetGroupArn?: string;
  Order?: number;
  [key: string]: unknown;
}

export interface Listener extends Created {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: string;
  certificates: { CertificateArn: string }[];
  sslPolicy?: string;
  defaultActions: ListenerAction[];
  tags: Tag[];
}

export interface Rule extends Created {
  arn: string;
  listenerArn: string;
  priority: string;
  conditions: unknown[];
  actions: ListenerAction[];
  tags: Tag[];
}

export interface Cluster extends Created {
  name: string;
  arn: string;
  status: 'ACTIVE' | 'INACTIVE';
  tags: Tag[];
  settings: unknown[];
}

export interface TaskDefinition extends Created {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  /** The registered fields as sent (containerDefinitions, cpu, memory, …), echoed back. */
  body: Record<string, unknown>;
  tags: Tag[];
}

export interface ServiceEvent {
  id: string;
  createdAt: Date;
  message: string;
}

export interface Deployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: string;
  desiredCount: number;
  failedTasks: number;
  createdAt: Date;
  updatedAt: Date;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason: string;
  /** The service revision and service deployment ARNs (ListServiceDeployments, DescribeServiceRevisions). */
  revisionArn: string;
  deploymentArn: string;
  finishedAt?: Date;
  /** Set on the deployment the circuit breaker started: the id of the deployment it rolls back. */
  rollbackOf?: string;
}

export interface Service extends Created {
  arn: string;
  name: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  taskDefinition: string;
  desiredCount: number;
  launchType: string;
  platformVersion: string;
  /** Everything else CreateService accepted (networkConfiguration, loadBalancers, …), echoed back. */
  config: Record<string, unknown>;
  tags: Tag[];
  deployments: Deployment[];
  /** Every deployment ever started, newest first (deployments[] only shows the live ones). */
  history: Deployment[];
  events: ServiceEvent[];
  /** The task definition of the last deployment that reached COMPLETED: the rollback target. */
  lastCompletedTaskDefinition?: string;
  /** DescribeServices calls seen: the service's clock. */
  ticks: number;
}

/** How a task fails: set by failImages (crash, unhealthy) or found by the fake (pull, when the image is not in the registry). */
export type TaskFailure = 'crash' | 'unhealthy' | 'pull';

export interface Task {
  arn: string;
  id: string;
  clusterArn: string;
  serviceName?: string;
  deploymentId?: string;
  taskDefinitionArn: string;
  lastStatus: 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  healthStatus: 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY';
  /** Service ticks since launch. */
  age: number;
  failure?: TaskFailure;
  stoppedReason?: string;
  stopCode?: string;
  exitCode?: number;
  createdAt: Date;
  startedAt?: Date;
  stoppingAt?: Date;
  stoppedAt?: Date;
  stoppedAtTick?: number;
  eniId?: string;
  subnetId?: string;
  privateIp?: string;
  publicIp?: string;
  cpu?: string;
  memory?: string;
  tags: Tag[];
  group: string;
  startedBy?: string;
}

export interface ScalableTarget extends Created {
  arn: string;
  serviceNamespace: string;
  resourceId: string;
  scalableDimension: string;
  minCapacity: number;
  maxCapacity: number;
  roleArn: string;
  tags: Tag[];
}

export interface ScalingPolicy extends Created {
  arn: string;
  name: string;
  serviceNamespace: string;
  resourceId: string;
  scalableDimension: string;
  policyType: string;
  configuration: unknown;
}

export interface FailRule {
  matches: (image: string) => boolean;
  how: 'crash' | 'unhealthy';
}

export interface StateOptions {
  region: string;
  accountId: string;
  registryHost?: string;
  pollsToStable: number;
  consistencyDelayCalls: number;
  circuitBreakerThreshold?: number;
}

export class FakeState {
  /** Requests answered so far (throttled ones included): the fake's clock. */
  calls = 0;
  private ids = 0;
  failRules: FailRule[] = [];
  /** Images checked against the local registry: false when Fargate could not pull them. */
  readonly pullable = new Map<string, boolean>();
  readonly ecr = { repositories: new Map<string, Repository>() };
  readonly logs = { groups: new Map<string, LogGroup>() };
  readonly iam = { roles: new Map<string, Role>() };
  readonly ec2 = {
    vpc: { id: 'vpc-0fa4e0000000000001', cidr: '172.31.0.0/16' },
    subnets: [] as Subnet[],
    securityGroups: new Map<string, SecurityGroup>(),
    networkInterfaces: new Map<string, NetworkInterface>(),
  };
  readonly elbv2 = {
    loadBalancers: new Map<string, LoadBalancer>(),
    targetGroups: new Map<string, TargetGroup>(),
    listeners: new Map<string, Listener>(),
    rules: new Map<string, Rule>(),
  };
  readonly ecs = {
    clusters: new Map<string, Cluster>(),
    taskDefinitions: new Map<string, TaskDefinition[]>(),
    services: new Map<string, Service>(),
    tasks: new Map<string, Task>(),
  };
  readonly autoscaling = {
    targets: new Map<string, ScalableTarget>(),
    policies: new Map<string, ScalingPolicy>(),
  };

  constructor(readonly options: StateOptions) {
    const vpcId = this.ec2.vpc.id;
    ['a', 'b', 'c'].forEach((zone, i) => {
      const id = `subnet-0fa4e00000000000${i + 1}`;
      this.ec2.subnets.push({
        id,
        vpcId,
        cidr: `172.31.${i * 16}.0/20`,
        availabilityZone: `${options.region}${zone}`,
        arn: this.arn('ec2', `subnet/${id}`),
      });
    });
    // Every VPC has a default security group that ship must never touch.
    const defaultGroup = `sg-0fa4e${'0'.repeat(11)}1`;
    this.ec2.securityGroups.set(defaultGroup, {
      id: defaultGroup,
      name: 'default',
      description: 'default VPC security group',
      vpcId,
      arn: this.arn('ec2', `security-group/${defaultGroup}`),
      tags: [],
      ingress: [],
      egress: [{ protocol: '-1', cidrs: [{ cidr: '0.0.0.0/0' }], groupIds: [] }],
      createdAtCall: 0,
      createdAt: new Date(0),
    });
  }

  get region(): string {
    return this.options.region;
  }

  get accountId(): string {
    return this.options.accountId;
  }

  arn(service: string, resource: string, global = false): string {
    return `arn:aws:${service}:${global ? '' : this.region}:${this.accountId}:${resource}`;
  }

  /** Deterministic hex ids, so two runs of the same scenario name things alike. */
  hex(length: number): string {
    this.ids += 1;
    return createHash('sha256').update(`fake-aws:${this.ids}`).digest('hex').slice(0, length);
  }

  digits(length: number): string {
    return BigInt(`0x${this.hex(16)}`)
      .toString()
      .padStart(length, '1')
      .slice(0, length);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  stamp(): Created {
    return { createdAtCall: this.calls, createdAt: new Date() };
  }

  /** A newly created resource stays out of reads for `consistencyDelayCalls` further requests. */
  visible(resource: Created): boolean {
    return this.calls > resource.createdAtCall + this.options.consistencyDelayCalls;
  }

  imageFailure(images: string[]): TaskFailure | undefined {
    if (images.some((image) => this.pullable.get(image) === false)) return 'pull';
    for (const rule of this.failRules) {
      if (images.some((image) => rule.matches(image))) return rule.how;
    }
    return undefined;
  }
}

export function tagsFrom(list: { key: string | undefined; value: string | undefined }[]): Tag[] {
  return list.filter((t) => t.key !== undefined).map((t) => ({ key: t.key ?? '', value: t.value ?? '' }));
}

/** Adds or replaces tags by key. */
export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.key, t.value]));
  for (const t of added) byKey.set(t.key, t.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}

export function removeTags(existing: Tag[], keys: string[]): Tag[] {
  return existing.filter((t) => !keys.includes(t.key));
}
