// The shape of one row of the reconcile table (resource-table.ts): everything
// ship knows about one kind of resource it keeps for an environment. The same
// row is read by `ship plan` and `ship deploy` (find → compare → create, adopt
// or update), `ship status` (find) and `ship destroy` (find → delete → gone),
// so none of them can disagree about what a resource is, where it is or whose.
//
// Adding a kind: write one `Entry` with `find`, `held`, `delete` and `gone`;
// add `reconcile` when deploy creates and updates it through the table (the
// service's own parts — service, revisions, scaling, listener rules — are
// applied by deployService and friends, so theirs is absent); put it in
// `resourceTable` after everything it depends on. Destroy walks the table
// backwards, so that order is also the deletion order.
import type { AwsContext, Tags } from '../aws/aws-context.js';
import type { Repository } from '../aws/ecr.js';
import type { LoadBalancer } from '../aws/elbv2.js';
import type { ShipConfig } from '../config/schema.js';
import type { DomainConfig } from '../deploy/domain-names.js';
import type { ResourceNames, TagScope, Target } from '../deploy/naming.js';
import type { ResourceKind } from '../deploy/plan.js';
import type { Observation } from './observe.js';

/** Where an environment's resources are looked for; enough to find them without a config (destroy). */
export interface FindContext {
  context: AwsContext;
  target: Target;
  names: ResourceNames;
  region: string;
  /** The VPC security groups are looked up in; any VPC when absent (destroy). */
  vpcId?: string;
  /** The app's own domain (config `domain`): its certificate and the environment's records. */
  domain?: DomainConfig;
}

/** The value an earlier entry's find returned (entries name the ones they need in `after`). */
export type Earlier = <U>(e: Entry<U>) => U | undefined;

/** One resource as status and destroy see it. */
export interface Held {
  /** What the delete call takes: an ARN, a group ID, a name. */
  id: string;
  /** What a person recognises. */
  name: string;
  /** Its ship tags (a listener carries its load balancer's). */
  tags: Tags;
}

/** What earlier entries produced that later ones need (ARNs, group IDs), while deploy walks the table. */
export interface Resolved {
  repository?: Repository;
  repositoryArn: string;
  logGroupArn: string;
  roleArn: string;
  /** The Express infrastructure role (target express). */
  infrastructureRoleArn: string;
  /** Undefined until the group exists: plan shows it as "the new load balancer security group". */
  loadBalancerGroupId?: string;
  taskGroupId?: string;
  loadBalancer?: LoadBalancer;
  targetGroupArn?: string;
  /** The app's own-domain certificate (domain-entries.ts), once issued. */
  certificateArn?: string;
  /** The second target group of a canary, linear or blue/green release (release-entries.ts). */
  alternateTargetGroupArn?: string;
  /** The role ECS assumes to shift the release's traffic. */
  releaseRoleArn?: string;
}

export interface TableContext {
  context: AwsContext;
  config: ShipConfig;
  names: ResourceNames;
  target: Target;
  observation: Observation;
  resolved: Resolved;
  /** Deploy's progress lines while an entry waits (a certificate's validation); plan has none. */
  progress?: (line: string) => void;
  /** How often an entry that waits asks AWS (SHIP_POLL_INTERVAL_MS in tests). */
  pollIntervalMs?: number;
}

/** How deploy brings a kind in line; plan shows what `compare` says. */
export interface Reconcile<T> {
  /** The name plan and deploy print. */
  name(c: TableContext): string;
  /** Whether the config asks for this kind at all (the load balancer's parts only with an ALB). */
  wanted(config: ShipConfig): boolean;
  /** The observed value (observe fills the observation from the entries' finds). */
  observed(o: Observation): T | undefined;
  /** What would bring ship's own resource in line, in words; empty when it is. */
  compare(value: T, c: TableContext): string[];
  create(c: TableContext): Promise<T>;
  /** Whether create's "already exists" may be adopted (a concurrent or not-yet-visible earlier run). */
  adopt?: true;
  update(value: T, c: TableContext): Promise<void>;
  /** Records what later entries need. */
  resolve(value: T, c: TableContext): void;
  /** The progress line after creating it. */
  created(value: T, c: TableContext): string;
}

export interface Entry<T> {
  kind: ResourceKind;
  /** `app`: shared by the app's environments (goes with the last one); `env`: one environment's. */
  scope: TagScope;
  /** Entries whose found value `find` reads (a listener needs its load balancer). */
  after?: readonly Entry<unknown>[];
  /** What exists under ship's name for the environment, whoever made it; undefined when nothing. */
  find(c: FindContext, earlier: Earlier): Promise<T | undefined>;
  /** The resources the found value holds (several for revisions, rules and policies). */
  held(value: T): Held[];
  /** Asks AWS to delete one; throws AWS's error (gone counts as done, busy is retried by the caller). */
  delete(h: Held, context: AwsContext): Promise<void>;
  /** Whether it is really gone (a load balancer, a draining service take a while). */
  gone(h: Held, context: AwsContext): Promise<boolean>;
  reconcile?: Reconcile<T>;
}

export const entry = <T>(e: Entry<T>): Entry<T> => e;
