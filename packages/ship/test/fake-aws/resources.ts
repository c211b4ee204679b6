// The resources the fake holds, one shape per AWS resource, as plain data.

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
  /** When each digest was first pushed through the registry front (epoch ms): ECR's imagePushedAt. */
  pushTimes: Map<string, number>;
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
  /** The call that created the role or last changed its trust policy ([iam-eventual-consistency]). */
  trustChangedAtCall: number;
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
  /** For ListServiceDeployments' eventual consistency ([ecs-service-deployments-lag]). */
  createdAtCall: number;
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
  /** Requests after a role's creation or trust change before ECS can assume it. */
  iamPropagationCalls: number;
  circuitBreakerThreshold?: number;
}
