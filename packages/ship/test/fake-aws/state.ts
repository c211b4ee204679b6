// Everything the fake remembers, as plain data. Services read and write it;
// tests may inspect it (`fake.state`) for fine assertions.
import { createHash } from 'node:crypto';
import type {
  Cluster,
  Created,
  FailRule,
  Listener,
  LoadBalancer,
  LogGroup,
  NetworkInterface,
  Repository,
  Role,
  Rule,
  ScalableTarget,
  ScalingPolicy,
  SecurityGroup,
  Service,
  StateOptions,
  Subnet,
  Tag,
  TargetGroup,
  Task,
  TaskDefinition,
  TaskFailure,
} from './resources.js';

// Services and tests import the resource shapes from here, beside the state that holds them.
export type * from './resources.js';

/**
 * What one account shares across its regions: IAM (a global service, so role names are unique
 * per account, not per region), the clock and the test's failure rules.
 */
export class AccountState {
  /** Requests answered so far in any region (throttled ones included): the fake's clock. */
  calls = 0;
  ids = 0;
  failRules: FailRule[] = [];
  readonly iam = { roles: new Map<string, Role>() };
}

/** One region of the account: every regional service's resources. */
export class FakeState {
  /** Images checked against the local registry: false when Fargate could not pull them. */
  readonly pullable = new Map<string, boolean>();
  readonly ecr = { repositories: new Map<string, Repository>() };
  readonly logs = { groups: new Map<string, LogGroup>() };
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

  constructor(
    readonly options: StateOptions,
    readonly account: AccountState = new AccountState(),
  ) {
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

  get calls(): number {
    return this.account.calls;
  }

  get iam(): AccountState['iam'] {
    return this.account.iam;
  }

  get failRules(): FailRule[] {
    return this.account.failRules;
  }

  set failRules(rules: FailRule[]) {
    this.account.failRules = rules;
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
    this.account.ids += 1;
    // One counter per account, so two regions never hand out the same id.
    return createHash('sha256').update(`fake-aws:${this.account.ids}`).digest('hex').slice(0, length);
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
