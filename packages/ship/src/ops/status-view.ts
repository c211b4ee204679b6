// `ship status`: what the service is doing, as one plain value. The AWS edge
// fills a ServiceStatus; `statusJson` is the stable `--json` shape (README:
// "ship status") and `renderStatus` the text a person reads.

export interface ImageView {
  container: string;
  image: string;
  /** sha256:… when known (from the image reference or the running tasks). */
  digest: string | undefined;
}

export interface DeploymentView {
  id: string;
  /** PRIMARY is the deployment ECS is rolling out (or has finished); ACTIVE ones are being replaced. */
  role: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: string;
  revision: number;
  rolloutState: 'COMPLETED' | 'IN_PROGRESS' | 'FAILED' | 'UNKNOWN';
  rolloutReason: string | undefined;
  running: number;
  pending: number;
  desired: number;
  failed: number;
  createdAt: number;
  updatedAt: number;
  images: ImageView[];
}

export interface TargetView {
  id: string;
  port: number | undefined;
  state: string;
  reason: string | undefined;
}

export interface CostView {
  tasks: number;
  cpu: number;
  memoryMiB: number;
  platform: 'X86_64' | 'ARM64';
  monthlyUsd: number;
  /** What the same tasks would cost on ARM64 (undefined when already on ARM64). */
  arm64MonthlyUsd: number | undefined;
  priceDate: string;
}

export interface AutoscalingView {
  min: number;
  max: number;
  metric: string;
  targetValue: number;
}

export interface ServiceStatus {
  app: string;
  env: string;
  region: string;
  cluster: string;
  service: string;
  /** MISSING when the environment has no service (never deployed, or destroyed). */
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE' | 'MISSING';
  running: number;
  pending: number;
  desired: number;
  deployments: DeploymentView[];
  events: Array<{ at: number; message: string }>;
  /** Undefined when the service has no load balancer. */
  targets: TargetView[] | undefined;
  url: string | undefined;
  cost: CostView | undefined;
  autoscaling: AutoscalingView | undefined;
}

/** The summary verdict a script usually wants first. */
export type Health = 'steady' | 'deploying' | 'failed' | 'degraded' | 'missing';

export function serviceHealth(status: ServiceStatus): Health {
  if (status.status === 'MISSING' || status.status === 'INACTIVE') return 'missing';
  const primary = status.deployments.find((d) => d.role === 'PRIMARY');
  if (!primary) return 'degraded';
  if (primary.rolloutState === 'FAILED') return 'failed';
  if (primary.rolloutState === 'IN_PROGRESS' || status.deployments.length > 1) return 'deploying';
  const unhealthy = status.targets?.some((t) => t.state !== 'healthy') ?? false;
  if (status.running < status.desired || unhealthy) return 'degraded';
  return 'steady';
}

export const statusJsonVersion = 1;

/** The `--json` shape: stable, documented, times as ISO 8601 strings. */
export function statusJson(status: ServiceStatus) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    schemaVersion: statusJsonVersion,
    app: status.app,
    env: status.env,
    region: status.region,
    cluster: status.cluster,
    service: status.service,
    status: status.status,
    health: serviceHealth(status),
    tasks: { running: status.running, pending: status.pending, desired: status.desired },
    url: status.url ?? null,
    deployments: status.deployments.map((d) => ({
      id: d.id,
      role: d.role,
      taskDefinition: d.taskDefinition,
      revision: d.revision,
      rolloutState: d.rolloutState,
      rolloutReason: d.rolloutReason ?? null,
      tasks: { running: d.running, pending: d.pending, desired: d.desired, failed: d.failed },
      createdAt: iso(d.createdAt),
      updatedAt: iso(d.updatedAt),
      images: d.images.map((i) => ({ container: i.container, image: i.image, digest: i.digest ?? null })),
    })),
    targets:
      status.targets?.map((t) => ({
        id: t.id,
        port: t.port ?? null,
        state: t.state,
        reason: t.reason ?? null,
      })) ?? null,
    events: status.events.map((e) => ({ at: iso(e.at), message: e.message })),
    autoscaling: status.autoscaling ?? null,
    cost: status.cost
      ? {
          monthlyUsd: round2(status.cost.monthlyUsd),
          tasks: status.cost.tasks,
          cpu: status.cost.cpu,
          memoryMiB: status.cost.memoryMiB,
          platform: status.cost.platform,
          arm64MonthlyUsd:
            status.cost.arm64MonthlyUsd === undefined ? null : round2(status.cost.arm64MonthlyUsd),
          priceDate: status.cost.priceDate,
        }
      : null,
  };
}

export type StatusJson = ReturnType<typeof statusJson>;

const maxEvents = 8;

export function renderStatus(status: ServiceStatus, now: number): string {
  const out: string[] = [];
  const where = `${status.app} · ${status.env} · ${status.region}`;
  if (status.status === 'MISSING' || status.status === 'INACTIVE') {
    out.push(`${where}: no service ${status.service} in cluster ${status.cluster}`);
    return out.join('\n') + '\n';
  }
  out.push(`${where}: ${serviceHealth(status)}`);
  out.push(`  service     ${status.service} (cluster ${status.cluster}, ${status.status})`);
  out.push(`  tasks       ${status.running} running, ${status.pending} pending, ${status.desired} desired`);
  if (status.autoscaling) {
    const a = status.autoscaling;
    out.push(`  autoscaling ${a.min}–${a.max} tasks, ${a.metric} target ${a.targetValue}`);
  }
  out.push(`  url         ${status.url ?? '(none yet)'}`);
  if (status.cost) out.push(`  cost        ${costLine(status.cost)}`);

  out.push('', 'Deployments');
  for (const d of status.deployments) {
    const reason = d.rolloutReason ? ` — ${d.rolloutReason}` : '';
    out.push(
      `  ${d.role.padEnd(7)} ${d.taskDefinition.padEnd(20)} ${d.rolloutState.padEnd(11)} ` +
        `${d.running}/${d.desired} running${d.failed > 0 ? `, ${d.failed} failed` : ''}, ` +
        `updated ${ago(d.updatedAt, now)}${reason}`,
    );
    for (const image of d.images) {
      out.push(`          ${image.container}: ${shortImage(image)}`);
    }
  }

  if (status.targets) {
    out.push('', 'Targets');
    if (status.targets.length === 0) out.push('  (none registered)');
    for (const t of status.targets) {
      const at = t.port === undefined ? t.id : `${t.id}:${t.port}`;
      out.push(`  ${at.padEnd(22)} ${t.state}${t.reason ? ` (${t.reason})` : ''}`);
    }
  }

  out.push('', 'Recent events');
  if (status.events.length === 0) out.push('  (none)');
  for (const e of [...status.events].sort((a, b) => b.at - a.at).slice(0, maxEvents)) {
    out.push(`  ${ago(e.at, now).padStart(8)}  ${e.message}`);
  }
  return out.join('\n') + '\n';
}

export function costLine(cost: CostView): string {
  const size = `${cost.tasks} × ${cost.cpu / 1024} vCPU / ${cost.memoryMiB / 1024} GiB ${cost.platform}`;
  const base = `$${cost.monthlyUsd.toFixed(2)}/month (${size}, prices of ${cost.priceDate})`;
  if (cost.arm64MonthlyUsd === undefined || cost.arm64MonthlyUsd >= cost.monthlyUsd) return base;
  const saving = cost.monthlyUsd - cost.arm64MonthlyUsd;
  return `${base}; on ARM64 $${cost.arm64MonthlyUsd.toFixed(2)} (saves $${saving.toFixed(2)})`;
}

function shortImage(image: ImageView): string {
  const name = image.image.split('@')[0]!;
  if (!image.digest) return name;
  return `${name.replace(/:[^/:]+$/, '')}@${image.digest.slice(0, 19)}…`;
}

export function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
